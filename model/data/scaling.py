"""Warn when the LP's numbers span so many orders of magnitude that the solver may lose
accuracy, naming the workbook columns at both ends of the range."""

from __future__ import annotations

import math

from model.data.model_data import ModelData

MAX_ORDERS = 9  # more than nine orders of magnitude between the smallest and largest


def _bounds(data: ModelData):
    """(value, 'sheet › column') for every right-hand side and bound."""
    budget, system = data.settings.budget_eur, data.system
    for g in system.groups:
        yield system.demand_t[g], "groups › demand_t"
    for s in system.measures:
        if system.max_t[s] is not None:
            yield system.max_t[s], "measures › max_t"
        yield system.min_t[s], "measures › min_t"
    for k in system.capacities:
        yield system.capacity_limit[k], "capacities › limit"
    if budget:
        yield budget, "settings › budget_eur"


def _coefficients(data: ModelData):
    """(value, 'sheet › column') for every coefficient of the constraint matrix and the
    objective."""
    system = data.system
    for g in system.groups:
        yield system.collection_rate[g], "groups › collection_rate"
        yield system.reusable_share[g], "groups › reusable_share"
    for w in system.mass_fraction.values():
        yield w, "composition › mass_fraction"
    for m in system.materials:
        yield system.weight[m], "materials › weight"
    for m in system.materials:
        yield system.max_secondary_share[m], "materials › max_secondary_share"
        yield system.min_secondary_share[m], "materials › min_secondary_share"
    for s in system.measures:
        yield system.cost_eur_per_t[s], "measures › cost_eur_per_t"
    for s in system.lifetime_extension:
        yield system.avoided_per_t(s), "measures › lifetime_extension"
    for delta in system.displacement.values():
        yield delta, "measures › displacement"
    for supplied in system.index.supply_of.values():
        for _s, _design, coef in supplied:  # q_s · y_sm · w^v_m
            yield coef, "measures › quality × yield × mass_fraction"
    for u in system.use_per_t.values():
        yield u, "capacity_use › use_per_t"


def _span(entries) -> tuple[float, str, float, str] | None:
    low = high = None
    for value, where in entries:
        size = abs(value)
        if size == 0:
            continue
        if low is None or size < low[0]:
            low = (size, where)
        if high is None or size > high[0]:
            high = (size, where)
    if low is None or high is None or math.log10(high[0]) - math.log10(low[0]) <= MAX_ORDERS:
        return None
    return low[0], low[1], high[0], high[1]


def scaling_warning(data: ModelData) -> str | None:
    """A warning if the nonzero coefficients, or the right-hand sides, span more than
    MAX_ORDERS orders of magnitude, else None."""
    for what, entries in (
        ("coefficients", _coefficients(data)),
        ("limits and demands", _bounds(data)),
    ):
        span = _span(entries)
        if span:
            low, low_at, high, high_at = span
            orders = math.log10(high) - math.log10(low)  # finite even where high / low is not
            return (
                f"the {what} span {orders:.1f} orders of magnitude: from {low:.3g} ({low_at}) "
                f"to {high:.3g} ({high_at}), more than nine orders of magnitude; the solver "
                "may lose accuracy. Consider other units (kt instead of t, M€ instead of "
                "€) or dropping negligible entries"
            )
    return None
