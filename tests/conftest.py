"""Shared fixtures. Helpers live in the package tests.helpers; the project root is on the
import path (pyproject: pytest pythonpath), so tests import `tests.helpers…` and
`inputs.build_default` like any other module."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.helpers.solving import solve

# Tests read result workbooks with openpyxl, a reader independent of the tool's own
# (python-calamine), and say so, so pandas does not warn about its future default.
pd.set_option("io.excel.xlsx.reader", "openpyxl")


@pytest.fixture
def solve_rows():
    """rows (in memory, no workbook) → ModelData → Solution and Tables."""
    return solve


@pytest.fixture(scope="session")
def nl_pathway_run(tmp_path_factory):
    """`python run.py --input inputs/nl_pathway.xlsx` in a copy of the project, as a user
    runs it (its defaults write to the copy's outputs/): the finished process and the
    copy. Made once for the tests that read this same run (test_nl_pathway's command
    line, test_libreoffice's pathway workbook); they are one unit of work below
    (`GROUPS`), so under pytest-xdist it is made on one worker, once. Tests read the
    copy; none writes to it."""
    from tests.helpers.runner import copy_project, run_cli

    project = copy_project(tmp_path_factory.mktemp("nl_pathway_run") / "project")
    return run_cli("--input", "inputs/nl_pathway.xlsx", cwd=project), project


# --- pytest-xdist: which tests go to one worker ---------------------------------------------
# pyproject's addopts run the suite on one worker process per core (`-n auto --dist
# loadgroup`). Each test is a unit of work of its own, handed to whichever worker is free,
# except the tests below: the tests of a module that share a module-scoped fixture (a run
# of the tool, a solved model) are one unit, so the fixture is made once, not once per
# worker; so are the tests that share the session's `nl_pathway_run`. (pytest-xdist's own
# xdist_group mark would say this in each module, but with pytest 9.2 its loadgroup no
# longer reads the mark: it renames node ids, which pytest now derives otherwise.)
GROUPS = {
    "tests/integration/test_cli.py": "test_cli",  # default_run
    "tests/integration/test_ensemble.py": "test_ensemble",  # given, base
    "tests/integration/test_excel.py": "test_excel",  # template
    "tests/integration/test_formats.py": "test_formats",  # workbooks: ten runs
    "tests/integration/test_libreoffice.py": "test_libreoffice",  # result
    "tests/integration/test_pathway_uncertainty.py": "test_pathway_uncertainty",  # nl
    "tests/integration/test_report.py": "test_report",  # scenarios_run
    "tests/integration/test_revalue.py": "test_revalue",  # given
    "tests/math/test_budget.py": "test_budget",  # data, curve
    "tests/regression/test_default_example.py": "test_default_example",  # solved
    "tests/unit/test_overview.py": "test_overview",  # large
    # solved, unlimited, and nl_pathway_run with the one test_libreoffice test that reads it
    "tests/regression/test_nl_pathway.py": "nl_pathway_run",
    "tests/integration/test_libreoffice.py::"
    "test_the_pathway_result_opens_in_libreoffice_with_its_charts": "nl_pathway_run",
}


def _unit_of_work(nodeid: str) -> str:
    """The group of `nodeid` (its test, else its module, in `GROUPS`), else itself."""
    test = nodeid.split("[")[0]
    return GROUPS.get(test) or GROUPS.get(nodeid.split("::")[0]) or nodeid


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup` with the units of work of `GROUPS`; the biggest units first (by
    their number of tests, as pytest-xdist orders them), then one test at a time."""
    if config.getoption("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Grouped(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _unit_of_work(nodeid)

    return Grouped(config, log)
