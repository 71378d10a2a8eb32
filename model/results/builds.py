"""The builds sheet of a pathway: the capacity built in each year, what is available
and used, what building costs and the shadow price of the capacity. No files, no
Pyomo."""

from __future__ import annotations

import pandas as pd

from model.data.flows import X
from model.formulation.spending import CAPACITY
from model.results.limits import Prices
from model.results.solved import Solved

COLUMNS = ["capacity", "year", "built", "available", "used", "build_cost_eur", "shadow_price"]


def build_table(view: Solved, prices: Prices) -> pd.DataFrame:
    system, flows, now = view.system, view.flows, view.now
    build_cost = view.data.pathway.build_cost
    rows = []
    for k, t, key in view.each(system.capacities):
        built = now.built.get(key, 0.0)
        users = system.index.users_of.get(k, ())
        rows.append(
            {
                "capacity": k,
                "year": t,
                "built": built,
                "available": view.value("limit", k, t) + view.total(flows.built(k, t)),
                "used": view.total((X, view.key(s, t), u) for s, u in users),
                "build_cost_eur": build_cost.get(k, 0.0) * built,
                "shadow_price": prices.of(CAPACITY, k, t) or 0.0,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
