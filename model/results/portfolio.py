"""The portfolio sheet: each measure's activity (in each year), what it costs, how close
it is to its bounds, its reduced cost; in one year also the primary material it saves
and, beside it, the cost curve. No files, no Pyomo."""

from __future__ import annotations

import pandas as pd

from model.formulation.spending import BUDGET
from model.results.limits import Prices
from model.results.solved import Solved, columns_of
from model.schema import DFR, REUSE, SUBSTITUTE
from model.schema.measure_types import BY_TYPE
from model.schema.units import TOL

_SHARED = ["measure", "group", "type"]
COLUMNS = {
    "steady": [
        *_SHARED,
        "activity_t",
        "share_of_max",
        "cost_eur",
        "primary_saved_t",
        "reduced_cost",
        "cost_gap_eur_per_t",
        "at_bound",
        "cost_eur_per_t",
        "min_t",
        "max_t",
    ],
    "cohorts": [
        *_SHARED,
        "year",
        "activity_t",
        "cost_eur",
        "share_of_max",
        "reduced_cost",
        "at_bound",
    ],
}
# What at_bound says of an activity strictly between its bounds.
BETWEEN = {"steady": "no", "cohorts": ""}


def portfolio_table(view: Solved, prices: Prices) -> pd.DataFrame:
    """The portfolio sheet: a row per measure (and year), built a column at a time."""
    system, now = view.system, view.now
    used = {t: {} for t in view.years}  # material → the share of its recycling used
    for m, t, key in view.each(system.materials):
        used[t][m] = _used_share(view, key)
    budget_price = {t: prices.of(BUDGET, None, t) for t in view.years}
    min_primary = view.settings.objective == "min_primary"
    between, reduced_costs = BETWEEN[view.time], view.solution.reduced_costs
    # every column either time model shows, in one year's order with the year after the type
    names = [*_SHARED, "year", *COLUMNS["steady"][len(_SHARED) :]]
    rows = []
    for s, t, key in view.each(system.measures):
        x = now.activity[key]
        lo, up = view.value("min_t", s, t), view.value("max_t", s, t)
        cost = view.value("cost_eur_per_t", s, t)
        rc = reduced_costs.get(key, 0.0)
        at = "min_t" if x <= lo + TOL * max(1, lo) else ""
        if up is not None and x >= up - TOL * max(1, up):
            at = "max_t"
        price = budget_price[t]
        budget_binds = bool(price and price > TOL and min_primary)
        figures = (
            s,
            system.group_of[s],
            system.type_of[s],
            t,
            x,
            x / up if up else None,
            cost * x,
            _saved(view, s, t, x, used[t]),
            rc,
            rc / price if budget_binds and at == "min_t" else None,
            at or between,
            cost,
            lo,
            up,
        )
        rows.append(figures)
    return view.frame_of(columns_of(names, rows), COLUMNS)


def _saved(view: Solved, s: str, t, x: float, used: dict) -> float:
    """Primary material the measure saves: the purchases it avoids (design for repair,
    reuse), the standard design's materials less its own (a substitute: negative for a
    heavier design), or the recycled material it supplies that is used (`used`: the
    share of each material's recycled supply that is used, that year), of each design
    it treats."""
    system = view.system
    kind, g = system.type_of[s], system.group_of[s]
    if kind in (DFR, REUSE, SUBSTITUTE):
        standard = sum(system.index.materials_in.get(g, {}).values())
        if kind == DFR:
            return system.avoided_per_t(s) * x * standard
        if kind == REUSE:
            return system.displacement[s] * x * standard
        bought = BY_TYPE[kind].bought(system.parameter(s))
        return x * standard - bought * x * sum(system.index.composition[s].values())
    split = g in system.index.split_groups
    q, yield_of, composition = system.quality[s], system.yield_.get, system.index.composition
    saved = 0.0
    for v in system.index.designs_of[g]:
        on_v = view.now.split[(s, v) if t is None else (s, v, t)] if split else x
        saved += sum(
            [q * yield_of((s, m), 0.0) * w * on_v * used[m] for m, w in composition[v].items()]
        )
    return saved


def _used_share(view: Solved, key) -> float:
    """The share of a material's recycled supply (in a year) that is used: the
    secondary material used that recycling supplied, not outside supply."""
    now = view.now
    supply = now.supply[key]
    return (now.secondary[key] - now.outside_used(key)) / supply if supply > TOL else 0.0


def cost_curve(portfolio: pd.DataFrame) -> pd.DataFrame:
    """Funded measures ranked by euro per tonne of primary material saved, the way a
    cost curve shows them (for communication: the LP chose the portfolio, not this order)."""
    funded = portfolio[(portfolio["activity_t"] > TOL) & (portfolio["primary_saved_t"] > TOL)]
    frame = pd.DataFrame(
        {
            "measure": funded["measure"],
            "type": funded["type"],
            "cost_per_t_saved_eur": funded["cost_eur"] / funded["primary_saved_t"],
            "primary_saved_t": funded["primary_saved_t"],
            "cost_eur": funded["cost_eur"],
        }
    ).sort_values("cost_per_t_saved_eur", kind="stable")
    frame["cumulative_saved_t"] = frame["primary_saved_t"].cumsum()
    return frame.reset_index(drop=True)
