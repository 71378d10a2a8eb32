"""A real spreadsheet client: LibreOffice opens the template and the result (to PDF),
saves them back as xlsx with its own writer, and fills in a template the way an analyst
would; what it saves reads back to the same model. .ci/run installs LibreOffice and its
Python bridge (python3-uno); without them these tests skip, except under CI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from inputs.build_default import ROWS
from model import schema
from model.io.reader import read_workbook
from tests.helpers.runner import run_cli as run

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = "/usr/bin/python3"


def _uno_available() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    done = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    return done.returncode == 0


HAVE_OFFICE = shutil.which("soffice") is not None
if os.environ.get("CI") and not (HAVE_OFFICE and _uno_available()):
    pytest.fail(
        "CI must install LibreOffice and python3-uno (see .ci/run)", allow_module_level=True
    )
pytestmark = pytest.mark.skipif(not HAVE_OFFICE, reason="LibreOffice is not installed")


def soffice(tmp_path: Path, source: Path, to: str) -> Path:
    """Convert with LibreOffice headless, in a profile of its own; return the output."""
    outdir = tmp_path / f"lo_{to.split(':')[0]}"
    outdir.mkdir(exist_ok=True)
    profile = tmp_path / "lo_profile"
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    produced = outdir / (source.stem + "." + to.split(":")[0])
    assert produced.exists() and produced.stat().st_size > 0, done.stdout + done.stderr
    return produced


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    out = tmp_path_factory.mktemp("result") / "nl_2026.xlsx"
    done = run("--output", out, "--sweep", 20)
    assert done.returncode == 0, done.stderr
    return out


def test_template_opens_in_libreoffice(tmp_path):
    template = tmp_path / "template.xlsx"
    assert run("--template", template).returncode == 0
    pdf = soffice(tmp_path, template, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_result_opens_in_libreoffice_with_its_charts(tmp_path, result):
    pdf = soffice(tmp_path, result, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    saved = soffice(tmp_path, result, "xlsx:Calc MS Excel 2007 XML")
    with zipfile.ZipFile(saved) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) >= 5  # overview, materials, goals, cost curve, trade-off curve
    summary = pd.read_excel(saved, sheet_name="summary").set_index("indicator")["value"]
    assert float(summary["reduction_pct"]) == pytest.approx(29.83, abs=0.05)  # v3 (v2 29.35)


def test_the_scenario_comparison_opens_in_libreoffice_with_its_chart(tmp_path, result):
    """The comparison workbook written beside the result (the shipped scenarios) opens,
    prints, and keeps its chart and the scenarios' columns when LibreOffice saves it."""
    comparison = result.with_name(f"{result.stem}_scenarios.xlsx")
    assert soffice(tmp_path, comparison, "pdf").read_bytes().startswith(b"%PDF")
    saved = soffice(tmp_path, comparison, "xlsx:Calc MS Excel 2007 XML")
    with zipfile.ZipFile(saved) as archive:
        assert [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    indicators = pd.read_excel(saved, sheet_name="indicators").set_index("indicator")
    assert list(indicators.columns[:3]) == ["unit", "nl_2026", "cheap_battery_recycling"]
    # v3 26.28 (v2 25.2): the LFP cells leave more of the €50 M for other measures
    tight = float(indicators.loc["reduction_pct", "tight_budget"])
    assert tight == pytest.approx(26.28, abs=0.1)


def test_the_uncertainty_workbook_opens_in_libreoffice_with_its_charts(tmp_path):
    """`python run.py --samples 120` on the shipped workbook: the uncertainty workbook
    prints, and keeps its tornado and histogram charts when LibreOffice saves it."""
    out = tmp_path / "u.xlsx"
    done = run("--samples", 120, "--workers", 2, "--scenario", "nl_2026", "--output", out)
    assert done.returncode == 0, done.stderr
    assert soffice(tmp_path, out, "pdf").read_bytes().startswith(b"%PDF")
    saved = soffice(tmp_path, out, "xlsx:Calc MS Excel 2007 XML")
    with zipfile.ZipFile(saved) as archive:
        assert len([n for n in archive.namelist() if n.startswith("xl/charts/chart")]) == 2
    summary = pd.read_excel(saved, sheet_name="summary").set_index("indicator")["value"]
    assert int(summary["samples"]) == 120 and summary["seed"] == 7


def test_the_pathway_result_opens_in_libreoffice_with_its_charts(tmp_path, nl_pathway_run):
    """`python run.py --input inputs/nl_pathway.xlsx` (conftest's nl_pathway_run, the run
    test_nl_pathway reads too): the pathway workbook prints, and keeps its four charts
    (the cut against the target, activity by type, critical materials, capacity built)
    and the year-by-year figures when LibreOffice saves it; the pathway input itself,
    saved by LibreOffice, reads back to the same model."""
    done, project = nl_pathway_run
    assert done.returncode == 0, done.stderr
    out = project / "outputs" / "nl_pathway.xlsx"
    assert soffice(tmp_path, out, "pdf").read_bytes().startswith(b"%PDF")
    saved = soffice(tmp_path, out, "xlsx:Calc MS Excel 2007 XML")
    with zipfile.ZipFile(saved) as archive:
        assert len([n for n in archive.namelist() if n.startswith("xl/charts/chart")]) == 4
    pathway = pd.read_excel(saved, sheet_name="pathway").set_index("year")
    # v3 26.55 (v2 25.5): the substitutes, DEFAULTS.md v3's −26.6 % in 2030
    assert float(pathway.loc[2030, "reduction_pct"]) == pytest.approx(26.55, abs=0.1)
    source = tmp_path / "input"
    source.mkdir()
    shutil.copy(ROOT / "inputs" / "nl_pathway.xlsx", source / "nl_pathway.xlsx")
    resaved = soffice(tmp_path, source / "nl_pathway.xlsx", "xlsx:Calc MS Excel 2007 XML")
    original = read_workbook(ROOT / "inputs" / "nl_pathway.xlsx")
    assert read_workbook(resaved).with_settings(source="") == original.with_settings(source="")


def test_default_example_saved_by_libreoffice_reads_back_the_same(tmp_path):
    source = tmp_path / "portfolio.xlsx"
    shutil.copy(ROOT / "inputs" / "portfolio.xlsx", source)
    saved = soffice(tmp_path, source, "xlsx:Calc MS Excel 2007 XML")
    original = read_workbook(ROOT / "inputs" / "portfolio.xlsx")
    again = read_workbook(saved)
    assert again.with_settings(source="") == original.with_settings(source="")


def _cells_for(rows: dict[str, list[dict]]) -> dict[str, list]:
    """The default example as an analyst types it: names as text, some numbers with a
    Dutch decimal comma (as text), fractions as percentages, the rest as numbers."""
    cells: dict[str, list] = {}
    turn = 0
    settings_order = [c.name for c in schema.SETTING_ROWS]
    for sheet in schema.SHEETS:
        entries = []
        for i, record in enumerate(rows.get(sheet.name, []), start=2):
            if sheet.name == "settings":
                row = settings_order.index(record["setting"]) + 2
                value = record.get("value")
                if value is not None:
                    entries.append(
                        [row, 2, value, "number" if isinstance(value, (int, float)) else "text"]
                    )
                continue
            for j, col in enumerate(sheet.columns, start=1):
                value = record.get(col.name)
                if value is None:
                    continue
                if col.kind != "number":
                    entries.append([i, j, str(value), "text"])
                    continue
                turn += 1
                if turn % 3 == 0 and float(value) != int(value):
                    entries.append([i, j, repr(float(value)).replace(".", ","), "text"])
                elif turn % 3 == 1 and 0 < float(value) <= 1 and col.unit == "fraction":
                    entries.append([i, j, value, "percent"])
                else:
                    entries.append([i, j, value, "number"])
        cells[sheet.name] = entries
    return cells


@pytest.mark.skipif(not _uno_available(), reason="python3-uno is not installed")
def test_template_filled_in_with_libreoffice_runs(tmp_path):
    template = tmp_path / "template.xlsx"
    assert run("--template", template).returncode == 0
    spec = tmp_path / "cells.json"
    spec.write_text(json.dumps(_cells_for(ROWS)), encoding="utf-8")
    filled = tmp_path / "filled.xlsx"
    done = subprocess.run(
        [
            SYSTEM_PYTHON,
            str(ROOT / "tests" / "helpers" / "libreoffice_fill.py"),
            str(template),
            str(spec),
            str(filled),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    original = read_workbook(ROOT / "inputs" / "portfolio.xlsx")
    typed = read_workbook(filled)
    assert typed.system.demand_t == original.system.demand_t
    assert typed.system.mass_fraction == pytest.approx(original.system.mass_fraction)
    assert typed.system.yield_ == pytest.approx(original.system.yield_)
    out = tmp_path / "result.xlsx"
    done = run("--input", filled, "--output", out)
    assert done.returncode == 0, done.stderr
    summary = pd.read_excel(out, sheet_name="summary").set_index("indicator")["value"]
    assert float(summary["reduction_pct"]) == pytest.approx(29.83, abs=0.05)  # v3 (v2 29.35)
