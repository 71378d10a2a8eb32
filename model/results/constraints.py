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
from model.formulation.family import LE, Family, used_and_limit
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


def constraint_table(data: ModelData, solution: Solution) -> pd.DataFrame:
    """The constraints sheet (COLUMNS): a row for every row of the families the sheet
    lists, in the order of `families`, with its sides at the reported portfolio, its
    slack, shadow price and what they mean; built a column at a time."""
    saves = "weighted t of primary use" if data.settings.objective == "min_primary" else "€"
    values, levels, duals = solution.portfolio.by_variable(), solution.levels, solution.duals
    flows = time_model(data)
    columns: dict[str, list] = {name: [] for name in COLUMNS}
    names, limit_on, used_column, limit_column, slack_column, units, prices, binds, meanings = (
        columns[name].append for name in COLUMNS
    )
    for family in families(flows.name):
        if not family.reported(data.settings):
            continue
        name, sense, unit = family.name, family.sense, family.unit_of is None and family.unit
        for index, row in family.rows(flows):
            if not row.body and not family.listed_without_row:
                continue
            used, limit = used_and_limit(row, values, levels)
            slack = limit - used if sense == LE else used - limit
            if abs(slack) < 1e-7 * max(1.0, abs(limit)):
                slack = 0.0  # solver round-off, not a real surplus or violation
            # a row left out of the model cannot bind
            price = family.shadow_price(duals.get((name, index), 0.0)) if row.body else 0.0
            if abs(price) < 1e-9:
                price = 0.0
            binding = slack <= TOL * max(1.0, abs(limit))
            row_unit = unit or family.unit_on_sheet(data.system, index)
            names(name if index is None else f"{name}[{index}]")
            limit_on(family.named(data, index))
            used_column(used)
            limit_column(limit)
            slack_column(slack)
            units(row_unit)
            prices(price)
            binds("yes" if binding else "no")
            meanings(_meaning(family, row_unit, price, binding, saves, slack))
    return pd.DataFrame(columns)


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
