"""What each part of the program imports, checked in a fresh interpreter.

Startup time is measured in benchmarks/startup.py; these tests only guard the two
choices that keep it low and the one-way flow of imports, none of which a timing test
on a shared machine could pin down.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOLVER = {"pyomo", "highspy"}
HEAVY = SOLVER | {"pandas", "dask", "distributed", "SALib"}  # the stack a run may load


def _modules(package: str) -> list[str]:
    """Every module of `package` (a folder of model/), found without importing it."""
    folder = ROOT.joinpath(*package.split("."))
    return [f"{package}.{info.name}" for info in pkgutil.iter_modules([str(folder)])]


def _imported(module: str, then: str = "pass") -> set[str]:
    """The modules loaded by importing `module` (and running the statement `then`) in a
    new interpreter."""
    code = f"import sys, {module}; {then}; print('\\n'.join(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def test_a_run_does_not_load_pyomo_environ():
    """`pyomo.environ` loads 31 plugin packages (GDP, DAE, MindtPy, …), 0.4 s of a run that
    must stay under 2 s; the model needs only `pyomo.core` and the HiGHS interface
    (docs/decisions.md). Fails if any module of the program imports `pyomo.environ`."""
    loaded = _imported("model.cli, model.run.optimise")  # what a run loads
    assert "pyomo.core" in loaded
    assert "highspy" in loaded
    assert "pyomo.environ" not in loaded
    assert not {name for name in loaded if name.startswith(("pyomo.gdp", "pyomo.dae"))}


@pytest.mark.parametrize(
    "module", ["model.formulation.model", "model.solver.highs", "model.run.optimise"]
)
def test_the_model_side_loads_no_workbook_library(module):
    """The formulation, the solver wrapper and the pipeline work on plain data: they load
    neither pandas nor openpyxl (the house rule: no I/O and no pandas in the model)."""
    loaded = _imported(module)
    assert "pyomo.core" in loaded
    assert not loaded & {"pandas", "openpyxl", "python_calamine"}


def test_the_template_module_is_loaded_only_when_asked_for():
    """`--template` is rare; its module (comments, data validation) is imported inside the
    branch that writes a template, not on every run."""
    assert "model.io.template" not in _imported("model.cli")


def test_pandas_loads_only_for_the_reporting_stage():
    """The command line loads pandas (about 37 MiB) after the solver has released its
    memory, so a large run's peak is the larger of the two stages, not their sum
    (docs/performance.md). Fails if the command line imports a pandas module at the top."""
    loaded = _imported("model.cli, model.run.optimise")  # the solving stage
    assert "model.run.optimise" in loaded
    assert "pandas" not in loaded
    assert not loaded & {"model.results.tables", "model.report.workbook", "model.results.overview"}


def test_writing_a_template_loads_no_solver_and_no_pandas(tmp_path):
    """`python run.py --template x.xlsx` writes an empty workbook: it needs the schema and
    openpyxl, not Pyomo, HiGHS, pandas, Dask or SALib (each a large import), nor any
    stage of a run. Fails if the command line, the run's driver, the template writer or
    anything they import pulls one of them in."""
    path = tmp_path / "empty.xlsx"
    loaded = _imported("model.cli", f"model.cli.main(['--template', {str(path)!r}, '--quiet'])")
    assert path.exists()
    assert "model.io.template" in loaded
    assert not {name.split(".")[0] for name in loaded} & HEAVY
    stages = ("model.run", "model.ensemble", "model.formulation", "model.solver")
    stages += ("model.results", "model.report", "model.io.reader")
    assert not {name for name in loaded if name.startswith(stages)}


@pytest.mark.parametrize("module", _modules("model.results") + _modules("model.report"))
def test_the_results_and_the_report_load_no_pyomo(module):
    """The result tables and the workbooks are computed from ModelData and plain values
    (a Solution, an ensemble's SampleResults), so a process that only reports (a Dask
    client gathering an ensemble) never loads Pyomo or HiGHS. Every module of
    model/results and model/report, each imported alone in a new interpreter."""
    loaded = _imported(module)
    assert module in loaded
    assert not {name.split(".")[0] for name in loaded} & SOLVER


def test_every_module_of_the_results_and_the_report_is_checked():
    """The list above is found, not typed: it holds the modules every run uses."""
    found = set(_modules("model.results") + _modules("model.report"))
    assert {"model.results.tables", "model.results.uncertainty", "model.report.workbook"} <= found


def test_a_plain_run_loads_neither_dask_nor_salib():
    """Dask and SALib are for ensembles: a plain run (every stage of it imported) loads
    neither, so it stays as fast as before they became dependencies."""
    loaded = _imported("model.cli, model.run.optimise, model.report.workbook, model.io.reader")
    assert not {name.split(".")[0] for name in loaded} & {"dask", "distributed", "SALib"}
