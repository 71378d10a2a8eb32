"""Rows on the objectives: the min_cost reduction target (T) of each year and the two
rows of the tie rule, each with a mutable level so that one model serves every solve."""

from __future__ import annotations

from model.formulation.family import LE, Family, Row
from model.schema.units import cut

TIE_RELATIVE, TIE_ABSOLUTE = 1e-7, 1e-6


def tie_level(optimum: float) -> float:
    """z* (1 + 1e-7) + 1e-6: how far the first objective may move in the second solve."""
    return optimum * (1 + TIE_RELATIVE) + TIE_ABSOLUTE


def _target_rows(flows):
    for t in flows.years:
        if flows.targeted(t):
            level = flows.key("target_level", t)
            yield t, Row(tuple(flows.weighted_primary(t)), parameter=level)


def _tie_primary_rows(flows):
    yield None, Row(flows.total_weighted_primary(), parameter="tie_level")


def _tie_cost_rows(flows):
    yield None, Row(flows.total_cost(), parameter="tie_level")


def _demand_weighted(flows, t) -> float:
    """Σ_m omega_m Σ_g w_gm D_{g,t}: weighted primary use with no measure, roughly."""
    system = flows.system
    return sum(
        system.weight[m] * w * flows.demand(g, t) for (g, m), w in system.mass_fraction.items()
    )


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
TIE_PRIMARY = Family(
    "res_tie_primary",
    "tie",
    "Σ_m omega_m P_m ≤ z* (1 + 1e-7) + 1e-6",
    "weighted t/yr",
    LE,
    None,
    _tie_primary_rows,
    lambda data, _: "the tie rule's weighted primary use",
    reported=lambda settings: False,
    note="2nd solve only",
    pathway=dict(
        equation="Σ_t Σ_m omega_m P_{m,t} ≤ z* (1 + 1e-7) + 1e-6",
        unit="weighted t",
        named=lambda data, index: "the optimum of the first solve (tie rule)",
        note="on only in a min_primary tie-break",
    ),
)
TIE_COST = Family(
    "res_tie_cost",
    "tie",
    "Σ_s c_s x_s + Σ_m ci_m I_m ≤ z* (1 + 1e-7) + 1e-6",
    "€/yr",
    LE,
    None,
    _tie_cost_rows,
    lambda data, _: "the tie rule's cost",
    reported=lambda settings: False,
    note="2nd solve only",
    pathway=dict(
        equation="Σ_t d_t Cost_t ≤ z* (1 + 1e-7) + 1e-6",
        unit="€ (discounted)",
        named=lambda data, index: "the optimum of the first solve (tie rule)",
        note="on only in a min_cost tie-break",
    ),
)
