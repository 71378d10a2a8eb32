"""The robustness sheet's base activity beside the samples' (issue 22): in a pathway both
are the measure's tonnes summed over the horizon."""

from __future__ import annotations

import pytest

from model.io.reader import read_rows
from model.results.uncertainty import _robustness
from model.run.outcome import SampleResult
from tests.helpers.workbooks import tiny_rows
from tests.math.test_math import recycle


def test_a_pathway_base_activity_is_summed_over_the_horizon():
    """The base pathway recycles 10, 20 and 30 t in 2025–2027: base_activity_t is 60 t,
    the samples' 50 and 70 t give P50 60 t. Read by measure alone, the base's (measure,
    year) keys would give 0 (the sheet showed 0 for every measure)."""
    rows = tiny_rows(first_year=2025, last_year=2027)
    rows["groups"][0].update(lifetime_years=3)
    rows["measures"] = [recycle()]
    data = read_rows(rows, source="case")
    base = {("rec", 2025): 10.0, ("rec", 2026): 20.0, ("rec", 2027): 30.0}
    samples = [
        SampleResult(index=0, status="optimal", activity={"rec": 50.0}),
        SampleResult(index=1, status="optimal", activity={"rec": 70.0}),
    ]
    frame = _robustness(data, samples, base).set_index("measure")
    assert frame.loc["rec", "base_activity_t"] == pytest.approx(60.0)
    assert frame.loc["rec", "p50_activity_t"] == pytest.approx(60.0)
