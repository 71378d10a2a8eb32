"""What the portfolio may spend and use: the budget (8) and the capacities (9)."""

from __future__ import annotations

from model.data import flows
from model.formulation.family import LE, Family, Row
from model.schema.units import eur


def _budget_rows(system):
    yield None, Row(tuple(flows.cost(system)), parameter="budget_eur")


def _capacity_rows(system):
    for k in system.capacities:
        users = system.index.users_of.get(k, ())
        yield k, Row(tuple((flows.X, s, u) for s, u in users), constant=system.capacity_limit[k])


def _capacity_name(data, k) -> str:
    system = data.system
    unit = system.capacity_unit.get(k, "") or "units"
    return f"capacity {k} ({system.capacity_limit[k]:,.6g} {unit})"


BUDGET = Family(
    "res_budget",
    "8",
    "Σ_s c_s x_s + Σ_m ci_m I_m ≤ B",
    "€/yr",
    LE,
    None,
    _budget_rows,
    lambda data, _: f"budget_eur ({eur(data.settings.budget_eur or 0.0)})",
    policy=True,
    worth="budget",
    reported=lambda settings: settings.budget_eur is not None,
    note="off when budget_eur is blank, and in the baseline",
)
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
    relax_order=1,
    scale=lambda system, k: max(system.capacity_limit[k], 1.0),
    unit_of=lambda system, k: system.capacity_unit.get(k) or "unit/yr",
    listed_without_row=True,
    note="left out where no measure uses k",
)
