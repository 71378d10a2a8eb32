"""Rows on the objectives: the min_cost reduction target (T) of each year and the two
rows of the tie rule, each with a mutable level so that one model serves every solve."""

from __future__ import annotations

from model.formulation.family import LE, Family, Row
from model.schema.units import cut

TIE_RELATIVE, TIE_ABSOLUTE = 1e-7, 1e-6
HELD = "≤ z* (1 + 1e-7) + 1e-6"  # a tie row's limit: tie_level of the first optimum z*


def tie_level(optimum: float) -> float:
    """z* (1 + 1e-7) + 1e-6: how far the first objective may move in the second solve."""
    return optimum * (1 + TIE_RELATIVE) + TIE_ABSOLUTE


def _demand_weighted(flows, t) -> float:
    """Σ_m omega_m Σ_g w_gm D_{g,t}: weighted primary use with no measure, roughly."""
    system = flows.system
    return sum(
        system.weight[m] * w * flows.demand(g, t) for (g, m), w in system.mass_fraction.items()
    )


def _target_rows(flows):
    for t in flows.years:
        if flows.targeted(t):
            level = flows.key("target_level", t)
            yield t, Row(tuple(flows.weighted_primary(t)), parameter=level)


TARGET = Family(
    "res_target",
    "T",
    "Σ_m omega_m P_m ≤ (1 − T) · baseline",
    "weighted t/yr",
    LE,
    "YEARS",
    _target_rows,
    lambda data, _: (
        f"reduction_target ({cut(100 * (data.settings.reduction_target or 0.0), '.4g')})"
    ),
    policy=True,
    relax="raise",
    scale=lambda flows, t: max(_demand_weighted(flows, t), 1.0),
    worth="target",
    reported=lambda settings: settings.objective == "min_cost",
    note="min_cost only",
    pathway=dict(
        equation="Σ_m omega_m P_{m,t} ≤ (1 − T_t) Base_t",
        named=lambda data, t: f"the reduction target of {t}",
        reported=lambda settings: True,
        note="min_cost only, in every year with T_t > 0",
    ),
)


# The objectives the tie rule holds: their sum and unit in one year, and over a pathway's
# years (its total, discounted where it is money).
OBJECTIVES = {
    "min_primary": ("Σ_m omega_m P_m", "weighted t/yr", "Σ_t Σ_m omega_m P_{m,t}", "weighted t"),
    "min_cost": ("Σ_s c_s x_s + Σ_m ci_m I_m", "€/yr", "Σ_t d_t Cost_t", "€ (discounted)"),
}


def _tie(objective: str, name: str, total: str, what: str) -> Family:
    """The tie rule's row on the objective `objective` (summed over the model's years by
    the method `total` of the flows; `what` in words): in the second solve of a
    tie-break that objective, the first one's, stays within tie_level of its optimum z*."""
    in_one_year, unit, over_years, unit_over_years = OBJECTIVES[objective]

    def rows(flows):
        yield None, Row(getattr(flows, total)(), parameter="tie_level")

    return Family(
        name,
        "tie",
        f"{in_one_year} {HELD}",
        unit,
        LE,
        None,
        rows,
        lambda data, _: f"the tie rule's {what}",
        reported=lambda settings: False,
        note="2nd solve only",
        pathway=dict(
            equation=f"{over_years} {HELD}",
            unit=unit_over_years,
            named=lambda data, index: "the optimum of the first solve (tie rule)",
            note=f"on only in a {objective} tie-break",
        ),
    )


TIE_PRIMARY = _tie(
    "min_primary", "res_tie_primary", "total_weighted_primary", "weighted primary use"
)
TIE_COST = _tie("min_cost", "res_tie_cost", "total_cost", "cost")
