"""The requirements sheet: each requirement on a group (in each year), what it asks, what
the portfolio achieves and whether it binds. No files, no Pyomo.

The shares are read from the requirement's own row (model.formulation.requirements),
so the sheet and the model cannot disagree: achieved = body / base, required = the
row's limit, with base the group's new purchases (high_grade_recycle: all of the
group's recycling)."""

from __future__ import annotations

import pandas as pd

from model.formulation.family import used_and_limit
from model.formulation.requirements import REQUIREMENT
from model.results.limits import Prices
from model.results.solved import Solved
from model.schema.units import TOL

_SHARED = ["requirement", "group", "kind"]
_FIGURES = ["min_share", "achieved_share", "required_t", "achieved_t", "binding", "shadow_price"]
COLUMNS = {
    "steady": [*_SHARED, *_FIGURES, "description"],
    "cohorts": [*_SHARED, "year", *_FIGURES],
}


def requirement_table(view: Solved, prices: Prices) -> pd.DataFrame | None:
    """One row per requirement and year (None when the workbook has none)."""
    system = view.system
    if not system.requirements:
        return None
    rows = []
    for key, row in REQUIREMENT.rows(view.flows):
        r, t = view.flows.split(key)
        achieved, required = used_and_limit(row, view.at_now, view.solution.levels)
        share = view.value("min_share", r, t)
        # the base: required / share, or the limit's terms at coefficient 1
        base = required / share if share > 0 else view.total((v, k, 1.0) for v, k, _ in row.limit)
        rows.append(
            {
                "requirement": r,
                "group": system.requirement_group[r],
                "kind": system.requirement_kind[r],
                "year": t,
                "min_share": share,
                "achieved_share": achieved / base if base > TOL else None,
                "required_t": required,
                "achieved_t": achieved,
                "binding": "yes" if achieved - required <= TOL * max(1.0, required) else "no",
                "shadow_price": prices.of(REQUIREMENT, r, t) or 0.0,
                "description": system.descriptions.get(("requirements", r), ""),
            }
        )
    return view.frame(rows, COLUMNS)
