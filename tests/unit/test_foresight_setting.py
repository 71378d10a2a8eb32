"""The foresight setting in a workbook of one representative year: ignored, said so, and
dropped from the settings (Settings.foresight is a pathway's only), so a run of it is the
one-year run."""

from __future__ import annotations

import logging

from model.io.reader import read_rows
from model.run.driver import Options, solve
from tests.helpers.workbooks import tiny_rows


def test_foresight_in_one_year_is_ignored_said_and_dropped(caplog):
    """One year with foresight 3: the reader warns at settings › foresight and leaves
    Settings.foresight None; the run is the one-year run (no limited-foresight driver,
    whose pathway would be missing): the baseline of 100 t of weighted primary a, no
    measure, so the optimum is the baseline."""
    with caplog.at_level(logging.WARNING):
        data = read_rows(tiny_rows(foresight=3), source="case")
    assert data.pathway is None
    assert data.settings.foresight is None
    assert "settings › foresight: ignored" in caplog.text
    solution = solve(data, Options(source="case"))
    assert solution.foresight is None
    assert solution.objective == 100.0


def test_foresight_in_a_pathway_is_kept():
    """The same setting with first_year and last_year: a pathway's, kept as given."""
    rows = tiny_rows(foresight=3, first_year=2025, last_year=2030)
    rows["groups"][0]["lifetime_years"] = 5.0
    data = read_rows(rows, source="case")
    assert data.pathway is not None
    assert data.settings.foresight == 3
