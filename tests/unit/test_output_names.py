"""Where the result workbooks go (model.app.paths.output_for): --output as given, with
.xlsx added where the path has no extension (a file Excel opens by double-click)."""

from __future__ import annotations

from pathlib import Path

from model.app.paths import output_for


def test_an_output_without_extension_gets_xlsx(tmp_path):
    assert output_for(tmp_path / "run1", "nl").name == "run1.xlsx"
    assert output_for(tmp_path / "run1", "nl", "_cobalt").name == "run1_cobalt.xlsx"
    assert output_for(tmp_path / "r.xlsx", "nl", "_scenarios").name == "r_scenarios.xlsx"
    assert output_for(tmp_path / "r.xlsx", "nl", "_u", beside=False).name == "r.xlsx"


def test_without_output_the_scenario_names_the_file():
    assert Path(output_for(None, "nl_2026", "_tight")).name == "nl_2026_tight.xlsx"
