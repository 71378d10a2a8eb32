"""The budget trade-off curve (`--sweep`): one row per budget (one year) or per factor
on every year's budget (a pathway), with what it achieves; in one year also the curve
measure by measure. No files, no Pyomo."""

from __future__ import annotations

import pandas as pd

from model.results.solved import Solved
from model.run.solution import reduction_pct
from model.schema.units import TOL


def _cut(point, base: float) -> float | None:
    weighted = point.weighted_primary_use
    return None if weighted is None else reduction_pct(weighted, base)


def pareto_by_budget(view: Solved) -> pd.DataFrame:
    """One row per budget, with the measures that enter and leave the portfolio."""
    measures, base = view.system.measures, view.base.weighted
    rows, before = [], set()
    for point in view.solution.sweep:
        funded = {s for s, x in point.activity.items() if x > TOL}
        rows.append(
            {
                "budget_eur": point.budget_eur,
                "status": point.status,
                "weighted_primary_use": point.weighted_primary_use,
                "reduction_pct": _cut(point, base),
                "saving_per_meur": point.saving_per_meur,
                "cost_eur": point.cost_eur,
                "measures_entering": ", ".join(s for s in measures if s in funded - before),
                "measures_leaving": ", ".join(s for s in measures if s in before - funded),
            }
        )
        before = funded
    return pd.DataFrame(rows)


def pareto_by_factor(view: Solved) -> pd.DataFrame:
    """One row per budget factor theta, with one milestone year's budget at it."""
    years = view.years
    year = 2030 if 2030 in years else years[0]
    budget = view.flows.budget(year)[2]
    base = view.base.weighted
    rows = [
        {
            "budget_factor": point.budget_eur,
            f"budget_{year}_eur": point.budget_eur * budget,
            "status": point.status,
            "reduction_pct": _cut(point, base),
            "weighted_primary_use": point.weighted_primary_use,
            "total_cost_eur": point.cost_eur,
            "measures_funded": sum(1 for x in point.activity.values() if x > TOL),
        }
        for point in view.solution.sweep
    ]
    return pd.DataFrame(rows)


def pareto_activity(view: Solved) -> pd.DataFrame:
    """The one-year trade-off curve measure by measure, long (one row per budget and
    funded measure), so that the sheet grows in rows, never past Excel's 16,384
    columns."""
    rows = [
        (point.budget_eur, s, point.activity[s])
        for point in view.solution.sweep
        for s in view.system.measures
        if point.activity.get(s, 0.0) > TOL
    ]
    return pd.DataFrame(rows, columns=["budget_eur", "measure", "activity_t"])
