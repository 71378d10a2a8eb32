"""The constraints sheet: every limit of the scenario with what it uses, its slack, its
shadow price and a sentence saying what that means. No files.

`used` and `limit` come from each constraint's own terms at the reported portfolio (a
snapshot), never from a solver slack. A shadow price here is the improvement of the
objective when the limit is relaxed by one unit of its own: weighted tonnes of primary
use saved (min_primary) or euro saved (min_cost); it is ≥ 0. Duals come from the first
solve.
"""

from __future__ import annotations

import pandas as pd

from model.formulation import DFR, RECYCLE, REUSE
from model.pipeline import Outcome
from model.wording import eur, limit_name

TOL = 1e-6


def shadow_price(con, dual: float) -> float:
    """Objective improvement per unit the limit is relaxed (≥ 0 at an optimum)."""
    if con.has_ub() and not con.has_lb():
        return 0.0 - dual
    return dual + 0.0


def _constraint_rows(outcome: Outcome):
    """(family, index, constraint, used, limit, sense, unit) of every constraint of the
    scenario, with `used` and `limit` from the constraint's own terms at the portfolio."""
    data, model, snap = outcome.data, outcome.model, outcome.portfolio
    x, ix = snap.activity, model.lookup

    def total(g, *kinds):
        return sum(x[s] for kind in kinds for s in ix.of_group[(g, kind)])

    def outflow(g):
        return snap.new[g] + total(g, REUSE)

    for g, con in model.res_demand.items():
        relief = sum(data.avoided_per_t(s) * x[s] for s in ix.of_group[(g, DFR)]) + sum(
            data.displacement[s] * x[s] for s in ix.of_group[(g, REUSE)]
        )
        yield "res_demand", g, con, snap.new[g] + relief, data.demand_t[g], ">=", "t/yr"
    for g, con in model.res_repair_coverage.items():
        yield "res_repair_coverage", g, con, total(g, DFR), data.demand_t[g], "<=", "t/yr"
    for g, con in model.res_reuse_availability.items():
        yield (
            "res_reuse_availability",
            g,
            con,
            total(g, REUSE),
            data.reusable_share[g] * outflow(g),
            "<=",
            "t/yr",
        )
    for g, con in model.res_collection.items():
        yield (
            "res_collection",
            g,
            con,
            total(g, REUSE, RECYCLE),
            data.collection_rate[g] * outflow(g),
            "<=",
            "t/yr",
        )
    for m, con in model.res_secondary_supply.items():
        yield ("res_secondary_supply", m, con, snap.secondary[m], snap.supply[m], "<=", "t/yr")
    for m, con in model.res_recycled_content_max.items():
        yield (
            "res_recycled_content_max",
            m,
            con,
            snap.secondary[m],
            data.max_secondary_share[m] * snap.gross[m],
            "<=",
            "t/yr",
        )
    for m, con in model.res_recycled_content_min.items():
        yield (
            "res_recycled_content_min",
            m,
            con,
            snap.secondary[m],
            data.min_secondary_share[m] * snap.gross[m],
            ">=",
            "t/yr",
        )
    if data.budget_eur is not None:
        yield "res_budget", None, model.res_budget, snap.cost, data.budget_eur, "<=", "€/yr"
    for k in data.capacities:  # a capacity no measure uses has no row, but is listed
        con = model.res_capacity[k] if k in model.res_capacity else None  # noqa: SIM401 (no .get)
        used = sum(u * x[s] for s, u in ix.users_of[k])
        yield (
            "res_capacity",
            k,
            con,
            used,
            data.capacity_limit[k],
            "<=",
            data.capacity_unit.get(k) or "unit/yr",
        )
    if data.objective == "min_cost":
        yield (
            "res_target",
            None,
            model.res_target,
            snap.weighted,
            (1.0 - (data.reduction_target or 0.0)) * outcome.baseline.weighted,
            "<=",
            "weighted t/yr",
        )


def constraint_table(outcome: Outcome) -> pd.DataFrame:
    data = outcome.data
    saves = "weighted t of primary use" if data.objective == "min_primary" else "€"
    rows = []
    for family, index, con, used, limit, sense, unit in _constraint_rows(outcome):
        slack = limit - used if sense == "<=" else used - limit
        if abs(slack) < 1e-7 * max(1.0, abs(limit)):
            slack = 0.0  # solver round-off, not a real surplus or violation
        price = 0.0 if con is None else shadow_price(con, outcome.first.duals.get(con, 0.0))
        price = 0.0 if abs(price) < 1e-9 else price
        binding = slack <= TOL * max(1.0, abs(limit))
        rows.append(
            {
                "constraint": family if index is None else f"{family}[{index}]",
                "limit_on": limit_name(data, family, index),
                "used": used,
                "limit": limit,
                "slack": slack,
                "unit": unit,
                "shadow_price": price,
                "binding": "yes" if binding else "no",
                "meaning": _meaning(family, unit, price, binding, saves, slack),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "constraint",
            "limit_on",
            "used",
            "limit",
            "slack",
            "unit",
            "shadow_price",
            "binding",
            "meaning",
        ],
    )


def _meaning(family, unit, price, binding, saves, slack) -> str:
    if not binding:
        return f"not binding: {slack:,.4g} {unit} to spare"
    if price <= 1e-9:
        return "binding, but relaxing it alone would not improve the objective"
    if family == "res_budget":
        if saves == "€":
            return f"each extra €1 M of budget saves {eur(price * 1e6)}"
        return f"each extra €1 M of budget saves {price * 1e6:,.4g} {saves}"
    if family == "res_target":
        return f"each extra weighted tonne of primary use saved costs {eur(price)}"
    per = unit.split("/")[0] if "/" in unit else unit
    amount = eur(price) if saves == "€" else f"{price:,.4g} {saves}"
    if family == "res_recycled_content_min":
        return f"each tonne less of this obligation would save {amount}"
    return f"each extra {per} of this limit would save {amount}"
