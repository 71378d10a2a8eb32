"""The requirements sheet: each requirement on a group, what it asks, what the
portfolio achieves and whether it binds. No files, no Pyomo.

The shares are read from the requirement's own row (model.formulation.requirements),
so the sheet and the model cannot disagree: achieved = body / base, required = the
row's limit, with base the group's new purchases N_g (high_grade_recycle: all of the
group's recycling)."""

from __future__ import annotations

import pandas as pd

from model.data import flows
from model.data.model_data import ModelData
from model.data.time_model import time_model
from model.formulation.family import used_and_limit
from model.formulation.requirements import REQUIREMENT
from model.run.solution import Solution
from model.schema.units import TOL

COLUMNS = [
    "requirement",
    "group",
    "kind",
    "min_share",
    "achieved_share",
    "required_t",
    "achieved_t",
    "binding",
    "shadow_price",
    "description",
]


def requirement_table(data: ModelData, solution: Solution, constraints) -> pd.DataFrame | None:
    """One row per requirement (None when the workbook has none)."""
    system = data.system
    if not system.requirements:
        return None
    values = solution.portfolio.by_variable()
    prices = constraints.set_index("constraint")["shadow_price"]
    rows = []
    for r, row in REQUIREMENT.rows(time_model(data)):
        achieved, required = used_and_limit(row, values, solution.levels)
        share = system.min_share[r]
        base = (
            required / share
            if share > 0
            else flows.evaluate([(var, key, 1.0) for var, key, _c in row.limit], values)
        )
        rows.append(
            {
                "requirement": r,
                "group": system.requirement_group[r],
                "kind": system.requirement_kind[r],
                "min_share": share,
                "achieved_share": achieved / base if base > TOL else None,
                "required_t": required,
                "achieved_t": achieved,
                "binding": "yes" if achieved - required <= TOL * max(1.0, required) else "no",
                "shadow_price": float(prices.get(f"{REQUIREMENT.name}[{r}]", 0.0)),
                "description": system.descriptions.get(("requirements", r), ""),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
