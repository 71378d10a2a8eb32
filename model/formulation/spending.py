"""What the portfolio may spend and use in each year: the budget (8) and the
capacities (9)."""

from __future__ import annotations

from model.data.flows import X
from model.data.pathway import value
from model.formulation.family import LE, Family, Row, in_year
from model.schema.units import eur


def _budget_rows(flows):
    for t in flows.years:
        limit, level, _ = flows.budget(t)
        yield t, Row(tuple(flows.cost(t)), limit, parameter=level)


BUDGET = Family(
    "res_budget",
    "8",
    "Σ_s c_s x_s + Σ_m ci_m I_m ≤ B",
    "€/yr",
    LE,
    "YEARS",
    _budget_rows,
    lambda data, _: f"budget_eur ({eur(data.settings.budget_eur or 0.0)})",
    policy=True,
    relax="raise",
    scale=lambda flows, t: max(flows.value("budget_eur", "", t) or 0.0, 1.0),
    worth="budget",
    reported=lambda settings: settings.budget_eur is not None,
    note="off when budget_eur is blank, and in the baseline",
    pathway=dict(
        equation="Cost_t = Σ_s c_{s,t} x_{s,t} + Σ_k beta_k Z_{k,t} + Σ_m ci_{m,t} I_{m,t} "
        "≤ theta B_t",
        named=lambda data, t: f"the budget of {t}",
        reported=lambda settings: True,
        note="off without a budget, and in the baseline; theta = 1 but in the budget range",
    ),
)


def _capacity_rows(flows):
    users_of = flows.system.index.users_of
    for k in flows.system.capacities:
        users = users_of.get(k, ())
        for t in flows.years:
            body = tuple((X, flows.key(s, t), u) for s, u in users)
            yield (
                flows.key(k, t),
                Row(body, flows.built(k, t), constant=flows.value("limit", k, t)),
            )


def _amount(data, k, limit: float) -> str:
    """A limit of capacity k in words, in its unit ("units" where the sheet has none)."""
    return f"{limit:,.6g} {data.system.capacity_unit.get(k) or 'units'}"


def _capacity_name(data, k) -> str:
    return f"capacity {k} ({_amount(data, k, data.system.capacity_limit[k])})"


def _capacity_scale(flows, key) -> float:
    return max(flows.value("limit", *flows.split(key)), 1.0)


def _capacity_unit(system, key) -> str:
    k = key[0] if isinstance(key, tuple) else key
    return system.capacity_unit.get(k) or "unit/yr"


CAPACITY = Family(
    "res_capacity",
    "9",
    "Σ_s u_sk x_s ≤ Cap_k",
    "unit/yr",
    LE,
    "CAPACITIES",
    _capacity_rows,
    _capacity_name,
    policy=True,
    relax="raise",
    scale=_capacity_scale,
    unit_of=_capacity_unit,
    listed_without_row=True,
    note="left out where no measure uses k",
    pathway=dict(
        equation="Σ_s u_sk x_{s,t} ≤ Cap_{k,t} + Σ_{tau = t0..t − l_k} Z_{k,tau}",
        unit="capacity unit",
        named=lambda data, key: (
            f"capacity {in_year(*key)} ({_amount(data, key[0], value(data, 'limit', *key))} "
            "and what is built)"
        ),
    ),
)
