"""The scenarios and uncertainty sheets take SUBSTITUTION.md's parameters
(materials.max_primary_t, substitutes.mass_fraction), through `python run.py`."""

from __future__ import annotations

import openpyxl
import pytest

from tests.helpers.runner import run_cli
from tests.helpers.workbooks import tiny_rows, write_clean


def _rows() -> dict:
    """g: 100 t of a (weight 1), primary a capped at 80 t; a free design of b 1.2 t per
    t (weight 1). Base: 20 t of the design, 80 + 1.2 · 20 = 104 weighted t (+4 % against
    the uncapped baseline's 100)."""
    rows = tiny_rows()
    rows["materials"] = [
        {"material": "a", "weight": 1.0, "max_primary_t": 80},
        {"material": "b", "weight": 1.0},
    ]
    rows["measures"] = [{"measure": "alt", "group": "g", "type": "substitute", "cost_eur_per_t": 0}]
    rows["substitutes"] = [{"measure": "alt", "material": "b", "mass_fraction": 1.2}]
    rows["scenarios"] = [
        {"scenario": "capped", "parameter": "materials.max_primary_t", "item": "a", "value": 70},
        {
            "scenario": "lighter",
            "parameter": "substitutes.mass_fraction",
            "item": "alt/b",
            "value": 0.5,
        },
    ]
    return rows


def test_scenarios_move_the_cap_and_the_design(tmp_path):
    """capped (70 t): 30 t of the design, 70 + 36 = 106 (+6 %); lighter (b 0.5 t per t):
    the design serves all 100 t, 50 weighted t (−50 %). Without the scenario rows both
    columns would read +4 %."""
    out = tmp_path / "r.xlsx"
    done = run_cli("--input", write_clean(tmp_path / "in.xlsx", _rows()), "--output", out)
    assert done.returncode == 0, done.stderr
    ws = openpyxl.load_workbook(tmp_path / "r_scenarios.xlsx")["indicators"]
    table = {row[0]: row[2:] for row in ws.iter_rows(values_only=True)}
    assert table["indicator"] == ("in", "capped", "lighter")
    assert table["reduction_pct"] == pytest.approx((-4.0, -6.0, 50.0), abs=1e-4)


def test_an_uncertain_design_mass_is_sampled(tmp_path):
    """substitutes.mass_fraction of alt/b drawn in [0.8, 1.3]: below 1 t per t the design
    serves all demand, above it only what the cap forces, so the cut spreads over the
    samples (the base's +4 % lies inside)."""
    rows = _rows()
    del rows["scenarios"]
    rows["uncertainty"] = [
        {"parameter": "substitutes.mass_fraction", "item": "alt/b", "low": 0.8, "high": 1.3}
    ]
    out = tmp_path / "u.xlsx"
    done = run_cli(
        "--input", write_clean(tmp_path / "in.xlsx", rows), "--samples", 12, "--output", out
    )
    assert done.returncode == 0, done.stderr
    ws = openpyxl.load_workbook(out)["outcomes"]
    header = [c.value for c in ws[1]]
    cuts = [row[header.index("reduction_pct")] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert len(cuts) == 12 and min(cuts) < -4.0 < max(cuts)
