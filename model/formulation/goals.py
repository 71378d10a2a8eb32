"""Rows on the objectives: the min_cost reduction target (T) and the two rows of the tie
rule, each with a mutable level so that one model serves every solve."""

from __future__ import annotations

from model.data import flows
from model.formulation.family import LE, Family, Row
from model.schema.units import cut

TIE_RELATIVE, TIE_ABSOLUTE = 1e-7, 1e-6


def tie_level(optimum: float) -> float:
    """z* (1 + 1e-7) + 1e-6: how far the first objective may move in the second solve."""
    return optimum * (1 + TIE_RELATIVE) + TIE_ABSOLUTE


def _on_weighted_primary(level: str):
    def rows(system):
        yield None, Row(tuple(flows.weighted_primary(system)), parameter=level)

    return rows


def _target_cut(data) -> str:
    return cut(100 * (data.settings.reduction_target or 0.0), ".4g")


def _on_cost(system):
    yield None, Row(tuple(flows.cost(system)), parameter="tie_level")


TARGET = Family(
    "res_target",
    "T",
    "Σ_m omega_m P_m ≤ (1 − T) · baseline",
    "weighted t/yr",
    LE,
    None,
    _on_weighted_primary("target_level"),
    lambda data, _: (
        f"reduction_target ({cut(100 * (data.settings.reduction_target or 0.0), '.4g')})"
    ),
    policy=True,
    worth="target",
    reported=lambda settings: settings.objective == "min_cost",
    note="min_cost only",
)
TIE_PRIMARY = Family(
    "res_tie_primary",
    "tie",
    "Σ_m omega_m P_m ≤ z* (1 + 1e-7) + 1e-6",
    "weighted t/yr",
    LE,
    None,
    _on_weighted_primary("tie_level"),
    lambda data, _: "the tie rule's weighted primary use",
    reported=lambda settings: False,
    note="2nd solve only",
)
TIE_COST = Family(
    "res_tie_cost",
    "tie",
    "Σ_s c_s x_s + Σ_m ci_m I_m ≤ z* (1 + 1e-7) + 1e-6",
    "€/yr",
    LE,
    None,
    _on_cost,
    lambda data, _: "the tie rule's cost",
    reported=lambda settings: False,
    note="2nd solve only",
)
