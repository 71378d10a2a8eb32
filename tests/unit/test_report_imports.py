"""plotly is the report's alone: loaded only when a report is written, never by the
results, the workbook or the command line (a run with --no-report never loads it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _loaded(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"{code}; import sys; print('\\n'.join(sys.modules))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return {name.split(".")[0] for name in done.stdout.split()}


@pytest.mark.parametrize(
    "module",
    [
        "model.cli",
        "model.results.tables",
        "model.results.flows",
        "model.report.workbook",
        "model.report.html",
        "model.report.sankey",
        "model.report.plots",
    ],
)
def test_importing_loads_no_plotly(module):
    assert "plotly" not in _loaded(f"import {module}")


def test_writing_a_report_loads_plotly_and_no_solver():
    """The page embeds plotly.js, read from the plotly package: the one import of it."""
    loaded = _loaded("import model.report.html as h; h.plotly_js()")
    assert "plotly" in loaded
    assert not loaded & {"pyomo", "highspy"}
