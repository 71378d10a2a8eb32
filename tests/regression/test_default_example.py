"""The default Dutch example reproduces the figures ../shared/data/DEFAULTS.md states
(checked there with an independent solver), and the shipped workbook is the one
inputs/build_default.py builds."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from inputs import build_default
from model.errors import InfeasibleError
from model.io.reader import read_workbook
from model.run.optimise import optimise

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def data():
    return read_workbook(ROOT / "inputs" / "portfolio.xlsx")


def reduction(outcome) -> float:
    weighted = outcome.portfolio.weighted
    return 100 * (1 - weighted / outcome.baseline.weighted)


def test_shipped_workbook_matches_its_builder(tmp_path, data):
    rebuilt = read_workbook(build_default.build(tmp_path / "portfolio.xlsx"))
    assert rebuilt.with_settings(source="") == data.with_settings(source="")


def test_shipped_workbook_has_a_source_for_every_number():
    workbook = openpyxl.load_workbook(ROOT / "inputs" / "portfolio.xlsx", read_only=True)
    rows = list(workbook["sources"].iter_rows(values_only=True))
    assert rows[0] == ("sheet", "row key", "column", "value", "basis", "source")
    assert {r[4] for r in rows[1:]} <= {"S", "D", "E"}
    keyed = {(r[0], r[1], r[2]) for r in rows[1:]}
    for m in build_default.MEASURES:
        assert ("measures", m["measure"], "cost_eur_per_t") in keyed
    for g in build_default.GROUPS:
        assert ("groups", g["group"], "demand_t") in keyed


def test_the_budget_of_2026_cuts_weighted_primary_use_by_about_29_percent(data):
    outcome = optimise(data)
    assert reduction(outcome) == pytest.approx(29.3, abs=0.3)


def test_least_feasible_budget_is_about_15_9_million(data):
    with pytest.raises(InfeasibleError) as caught:
        optimise(data.with_settings(budget_eur=15.8e6))
    assert "recycled-content obligation for cobalt" in str(caught.value)
    assert "batteries_hydromet_recycling" in str(caught.value)
    assert optimise(data.with_settings(budget_eur=16.0e6)).objective > 0


def test_a_billion_reaches_about_38_6_percent(data):
    """DEFAULTS.md: about −38.6 % at €1 B (with MODEL.md's row 2b)."""
    assert reduction(optimise(data.with_settings(budget_eur=1e9))) == pytest.approx(38.6, abs=0.3)


def test_without_budget_the_measures_stop_near_45_7_percent_at_4_95_billion(data):
    """DEFAULTS.md: saturation at about €4.95 B and −45.7 % (row 2b: the repairable
    designs are part of the purchases, so repair and reuse cannot together save more
    purchases than are made; without it, −48.0 % at €5.72 B)."""
    outcome = optimise(data.with_settings(budget_eur=None))
    assert reduction(outcome) == pytest.approx(45.7, abs=0.3)
    assert outcome.portfolio.cost == pytest.approx(4.95e9, rel=0.01)


def test_the_national_50_percent_goal_is_out_of_reach(data):
    goal = data.with_settings(objective="min_cost", reduction_target=0.5, budget_eur=None)
    with pytest.raises(
        InfeasibleError, match=r"no budget limit the measures reach at most −45\.7 %"
    ):
        optimise(goal)


def test_min_cost_for_a_reachable_target(data):
    """−20 % costs less than the €69.7 M that buys −29 %."""
    target = data.with_settings(objective="min_cost", reduction_target=0.2)
    outcome = optimise(target)
    assert 15.9e6 < outcome.objective < 69.7e6
    assert reduction(outcome) == pytest.approx(20.0, abs=1e-3)
