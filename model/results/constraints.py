"""The constraints sheet: every limit of the scenario with what it uses, its slack, its
shadow price and a sentence saying what that means. No files, no Pyomo.

Each row is a family's row of `model.formulation.families` evaluated at the reported
portfolio: `used` from its body, `limit` from its other side (never from a solver
slack). A shadow price here is the improvement of the objective when the limit is
relaxed by one unit of its own: weighted tonnes of primary use saved (min_primary) or
euro saved (min_cost); it is ≥ 0. Duals come from the first solve.
"""

from __future__ import annotations

import pandas as pd

from model.data.model_data import ModelData
from model.data.time_model import time_model
from model.formulation.families import families
from model.formulation.family import LE, Family, Row, used_and_limit
from model.run.solution import Solution
from model.schema.units import TOL, eur

COLUMNS = [
    "constraint",
    "limit_on",
    "used",
    "limit",
    "slack",
    "unit",
    "shadow_price",
    "binding",
    "meaning",
]


def _rows(data: ModelData, solution: Solution):
    """(family, index, row, used, limit) of every row the constraints sheet lists, in
    either time model (the index then carries the year)."""
    values = solution.portfolio.by_variable()
    flows = time_model(data)
    for family in families(flows.name):
        if not family.reported(data.settings):
            continue
        for index, row in family.rows(flows):
            if not row.body and not family.listed_without_row:
                continue
            used, limit = used_and_limit(row, values, solution.levels)
            yield family, index, row, used, limit


def constraint_table(data: ModelData, solution: Solution) -> pd.DataFrame:
    saves = "weighted t of primary use" if data.settings.objective == "min_primary" else "€"
    rows = []
    for family, index, row, used, limit in _rows(data, solution):
        slack = limit - used if family.sense == LE else used - limit
        if abs(slack) < 1e-7 * max(1.0, abs(limit)):
            slack = 0.0  # solver round-off, not a real surplus or violation
        price = _shadow_price(family, index, row, solution)
        binding = slack <= TOL * max(1.0, abs(limit))
        unit = family.unit_on_sheet(data.system, index)
        rows.append(
            {
                "constraint": family.name if index is None else f"{family.name}[{index}]",
                "limit_on": family.named(data, index),
                "used": used,
                "limit": limit,
                "slack": slack,
                "unit": unit,
                "shadow_price": price,
                "binding": "yes" if binding else "no",
                "meaning": _meaning(family, unit, price, binding, saves, slack),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _shadow_price(family: Family, index: object, row: Row, solution: Solution) -> float:
    if not row.body:  # a row left out of the model cannot bind
        return 0.0
    price = family.shadow_price(solution.duals.get((family.name, index), 0.0))
    return 0.0 if abs(price) < 1e-9 else price


def _meaning(family: Family, unit, price, binding, saves, slack) -> str:
    if not binding:
        return f"not binding: {slack:,.4g} {unit} to spare"
    if price <= 1e-9:
        return "binding, but relaxing it alone would not improve the objective"
    if family.worth == "budget":
        if saves == "€":
            return f"each extra €1 M of budget saves {eur(price * 1e6)}"
        return f"each extra €1 M of budget saves {price * 1e6:,.4g} {saves}"
    if family.worth == "target":
        return f"each extra weighted tonne of primary use saved costs {eur(price)}"
    per = unit.split("/")[0] if "/" in unit else unit
    amount = eur(price) if saves == "€" else f"{price:,.4g} {saves}"
    if family.worth == "obligation":
        return f"each tonne less of this obligation would save {amount}"
    return f"each extra {per} of this limit would save {amount}"
