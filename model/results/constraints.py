"""The constraints sheet: every limit of the scenario with what it uses, its slack, its
shadow price and a sentence saying what that means. No files, no Pyomo.

Each row is a family's row of `model.formulation.families` evaluated at the reported
portfolio: `used` from its body, `limit` from its other side (never from a solver
slack). A shadow price here is the improvement of the objective when the limit is
relaxed by one unit of its own: weighted tonnes of primary use saved (min_primary) or
euro saved (min_cost); it is ≥ 0. Duals come from the first solve.
"""

from __future__ import annotations

import numpy as np
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
    slack, shadow price and what they mean; each family's figures worked out as arrays,
    the table built a column at a time."""
    saves = "weighted t of primary use" if data.settings.objective == "min_primary" else "€"
    values, levels, duals = solution.portfolio.by_variable(), solution.levels, solution.duals
    flows = time_model(data)
    columns: dict[str, list] = {name: [] for name in COLUMNS}
    for family in families(flows.name):
        if not family.reported(data.settings):
            continue
        name, indices, used, limit, dual = family.name, [], [], [], []
        for index, row in family.rows(flows):
            if not row.body and not family.listed_without_row:
                continue
            indices.append(index)
            sides = used_and_limit(row, values, levels)
            used.append(sides[0])
            limit.append(sides[1])
            # a row left out of the model cannot bind (nor has a dual)
            dual.append(duals.get((name, index), 0.0) if row.body else None)
        if not indices:
            continue
        used, limit = np.array(used, dtype=float), np.array(limit, dtype=float)
        slack = limit - used if family.sense == LE else used - limit
        scale = np.maximum(1.0, np.abs(limit))
        slack[np.abs(slack) < 1e-7 * scale] = 0.0  # solver round-off, not a real surplus
        no_row = np.array([d is None for d in dual])
        price = family.shadow_price(np.array([d or 0.0 for d in dual], dtype=float))
        price[no_row | (np.abs(price) < 1e-9)] = 0.0
        binding = slack <= TOL * scale
        units = [family.unit_on_sheet(data.system, index) for index in indices]
        columns["constraint"] += [name if i is None else f"{name}[{i}]" for i in indices]
        columns["limit_on"] += [family.named(data, index) for index in indices]
        columns["used"].append(used)
        columns["limit"].append(limit)
        columns["slack"].append(slack)
        columns["unit"] += units
        columns["shadow_price"].append(price)
        columns["binding"] += ["yes" if b else "no" for b in binding.tolist()]
        columns["meaning"] += [
            _meaning(family, *figures, saves)
            for figures in zip(units, price.tolist(), binding.tolist(), slack.tolist(), strict=True)
        ]
    if not columns["constraint"]:
        return pd.DataFrame([], columns=COLUMNS)
    for figure in ("used", "limit", "slack", "shadow_price"):
        columns[figure] = np.concatenate(columns[figure])
    return pd.DataFrame(columns)


def _meaning(
    family: Family, unit: str, price: float, binding: bool, slack: float, saves: str
) -> str:
    """The row's shadow price (or its slack) in words."""
    if not binding:
        return f"not binding: {slack:,.4g} {unit} to spare"
    if price <= 1e-9:
        return "binding, but relaxing it alone would not improve the objective"
    if family.worth == "budget":
        # the rate of the last euro; the next whole €1 M may save less (the summary's
        # next_meur_saving is solved)
        if saves == "€":
            return f"its last euro saves at the rate of {eur(price * 1e6)} per €1 M of budget"
        return f"its last euro saves at the rate of {price * 1e6:,.4g} {saves} per €1 M of budget"
    if family.worth == "target":
        return f"each extra weighted tonne of primary use saved costs {eur(price)}"
    per = unit.split("/")[0] if "/" in unit else unit
    amount = eur(price) if saves == "€" else f"{price:,.4g} {saves}"
    if family.worth == "obligation":
        return f"each tonne less of this obligation would save {amount}"
    return f"each extra {per} of this limit would save {amount}"
