"""The groups and materials sheets: what each product group buys, keeps in use, sends
out of use, reuses and recycles, and each material's primary and secondary use (in each
year). No files, no Pyomo."""

from __future__ import annotations

import pandas as pd

from model.formulation.materials import PRIMARY_SUPPLY, cap_of
from model.results.limits import Prices
from model.results.solved import Solved, columns_of
from model.run.solution import reduction_pct
from model.schema import DFR, RECYCLE, REUSE
from model.schema.units import TOL

GROUP_COLUMNS = {
    "steady": [
        "group",
        "new_purchases_t",
        "baseline_new_purchases_t",
        "demand_t",
        "avoided_purchases_t",
        "repair_covered_t",
        "reused_t",
        "recycled_t",
        "outflow_t",
        "collected_share",
        "collection_rate",
        "reusable_share",
    ],
    "cohorts": [
        "group",
        "year",
        "put_on_market_t",
        "baseline_put_on_market_t",
        "in_use_t",
        "outflow_t",
        "covered_by_repairable_design_t",
        "reused_t",
        "recycled_t",
    ],
}
_MATERIAL_USE = [
    "primary_t",
    "baseline_primary_t",
    "secondary_t",
    "gross_demand_t",
    "secondary_supply_t",
    "outside_secondary_t",
]
# the material's kind and row 12 (SUBSTITUTION.md): its limit, slack and shadow price
_SUPPLY = ["kind", "max_primary_t", "primary_slack_t", "primary_shadow_price"]
MATERIAL_COLUMNS = {
    "steady": [
        "material",
        *_MATERIAL_USE,
        "outside_secondary_available_t",
        "outside_secondary_cost_eur",
        "secondary_share",
        "reduction_pct",
        "weight",
        "weighted_primary",
        "critical",
        *_SUPPLY,
    ],
    "cohorts": ["material", "year", *_MATERIAL_USE, "min_secondary_share", "critical", *_SUPPLY],
}


def group_table(view: Solved) -> pd.DataFrame:
    """The groups sheet: a row per group (and year), built a column at a time."""
    flows = view.flows
    # what products are in use: the cohorts' stock (a pathway's sheet only)
    in_use = "in_use_t" in GROUP_COLUMNS[view.time]
    # every figure worked out, named as one year's sheet names it; the year and the
    # stock in use where a pathway's sheet has them
    one_year = GROUP_COLUMNS["steady"]
    names = [one_year[0], "year", *one_year[1:3], "in_use_t", *one_year[3:]]
    rows = []
    for g, t, _key in view.each(view.system.groups):
        # what is bought new, of every design: the new purchases of one year, put on the
        # market in a pathway's year (the two sheets name it differently)
        base_new, new, _, outflow = view.in_use(g, t)
        reused, recycled = view.of_type(g, t, REUSE), view.of_type(g, t, RECYCLE)
        repair = view.of_type(g, t, DFR)
        demand = flows.demand(g, t)
        figures = (
            g,
            t,
            new,
            base_new,
            view.total(flows.service(g, t)[0]) if in_use else None,
            demand,
            demand - new,
            repair,
            reused,
            recycled,
            outflow,
            (reused + recycled) / outflow if outflow > TOL else 0.0,
            view.value("collection_rate", g, t),
            view.value("reusable_share", g, t),
        )
        rows.append(figures)
    columns = columns_of(names, rows)
    columns["put_on_market_t"] = columns["new_purchases_t"]
    columns["baseline_put_on_market_t"] = columns["baseline_new_purchases_t"]
    columns["covered_by_repairable_design_t"] = columns["repair_covered_t"]
    return view.frame_of(columns, GROUP_COLUMNS)


def material_table(view: Solved, prices: Prices) -> pd.DataFrame:
    system, now, base = view.system, view.now, view.base
    rows = []
    for m, t, key in view.each(system.materials):
        cap = cap_of(view.flows, m, t)  # pmax_{m,t} as row 12 reads it (None: no cap)
        price = prices.of(PRIMARY_SUPPLY, m, t) if cap is not None else None
        gross, secondary, primary = now.gross[key], now.secondary[key], now.primary[key]
        outside_cost = view.value("outside_secondary_cost_eur_per_t", m, t) or 0.0
        rows.append(
            {
                "material": m,
                "year": t,
                "primary_t": primary,
                "baseline_primary_t": base.primary[key],
                "secondary_t": secondary,
                "gross_demand_t": gross,
                "secondary_supply_t": now.supply[key],
                "outside_secondary_t": now.outside_used(key),
                "outside_secondary_available_t": view.value("outside_secondary_t", m, t) or 0.0,
                "outside_secondary_cost_eur": outside_cost * now.outside[key],
                "secondary_share": secondary / gross if gross > TOL else 0.0,
                "min_secondary_share": view.value("min_secondary_share", m, t),
                "reduction_pct": reduction_pct(primary, base.primary[key]),
                "weight": system.weight[m],
                "weighted_primary": system.weight[m] * primary,
                "critical": "yes" if system.critical[m] else "no",
                "kind": system.kind.get(m) or "abiotic",
                "max_primary_t": cap,
                "primary_slack_t": None if cap is None else max(cap - primary, 0.0),
                "primary_shadow_price": price,
            }
        )
    return view.frame(rows, MATERIAL_COLUMNS)
