"""Every switch of the one model a run solves again and again: the scenario, the
baseline, the objective, the target, the tie rule, the budget (its row and its level),
the budget range, and the elastic rows of the infeasibility diagnosis.

Each switch only changes variable bounds, mutable levels, active rows and the active
objective, which the compiled LP (model.solver.lp) sends to HiGHS as changes, so every
re-solve warm-starts from the last basis.
"""

from __future__ import annotations

import pyomo.core as pyo
from pyomo.common.numeric_types import native_numeric_types

from model.data.flows import Flows
from model.formulation.family import Family
from model.formulation.goals import tie_level

FREE = float("inf")  # an infinite row level: the row is on but cannot bind


def _switch(component, on: bool) -> None:
    if on:
        component.activate()
    else:
        component.deactivate()


def _objectives(model: pyo.ConcreteModel) -> tuple[pyo.Objective, pyo.Objective]:
    """(current, other): the objective in use and the tie rule's second one."""
    if model.objective_name == "min_primary":
        return model.obj_primary, model.obj_cost
    return model.obj_cost, model.obj_primary


def set_objective(model: pyo.ConcreteModel, name: str) -> None:
    """Minimise weighted primary use ("min_primary") or cost ("min_cost")."""
    model.objective_name = name
    first, second = _objectives(model)
    second.deactivate()
    first.activate()


def _built(model: pyo.ConcreteModel):
    """(key, Z_{k,t}) of the capacity that can be built (a pathway's only)."""
    build = model.component("Build")
    return build.items() if build is not None else ()


def _factor(model: pyo.ConcreteModel, bounds: tuple[float, float | None]) -> None:
    """theta's bounds, and its objective off (a pathway's budget factor, if any)."""
    factor = model.component("BudgetFactor")
    if factor is not None:
        factor.setlb(bounds[0])
        factor.setub(bounds[1])
        model.obj_factor.deactivate()


def use_scenario(model: pyo.ConcreteModel, flows: Flows) -> None:
    """The scenario as the workbook states it: activities within [min_t, max_t], the
    budget if one is given, the obligations and requirements, the target for min_cost,
    no tie row."""
    _scenario_bounds(model, flows)
    _scenario_rows(model, flows)


def _set_bounds(var, lower, upper) -> None:
    """var.setlb(lower), var.setub(upper): a bound that is None or a plain number is
    stored as Pyomo's setter stores it (its checks are for expressions and units), at a
    fraction of the cost; any other through the setter."""
    if lower is None or type(lower) in native_numeric_types:
        var._lb = lower
    else:
        var.setlb(lower)
    _set_upper(var, upper)


def _set_upper(var, upper) -> None:
    """var.setub(upper), as `_set_bounds`."""
    if upper is None or type(upper) in native_numeric_types:
        var._ub = upper
    else:
        var.setub(upper)


def _scenario_bounds(model: pyo.ConcreteModel, flows: Flows, keep=None) -> None:
    """Activities within [min_t, max_t], outside supply and building within their
    limits, for the keys `keep` says (None: every key)."""
    at = flows.at
    for key, var in model.Activity.items():
        if keep is None or keep(key):
            _set_bounds(var, at("min_t", key), at("max_t", key))
    for key, var in model.OutsideSecondary.items():
        if keep is None or keep(key):
            _set_upper(var, at("outside_secondary_t", key) or 0.0)
    for (k, t), var in _built(model):
        if keep is None or keep((k, t)):
            _set_upper(var, flows.data.pathway.max_build.get(k))


def _scenario_rows(model: pyo.ConcreteModel, flows: Flows) -> None:
    """The levels, the budget if one is given, the obligations and requirements, the
    target for min_cost, no tie row; the scenario's objective."""
    settings = flows.data.settings
    for t in flows.years:
        model.budget_eur[t].set_value(flows.value("budget_eur", "", t) or 0.0)
    _factor(model, (1.0, 1.0))
    _switch(model.res_budget, flows.has_budget())
    for con in model.res_recycled_content_min.values():
        con.activate()
    for con in model.res_requirement.values():
        con.activate()
    for con in model.res_primary_supply.values():
        con.activate()
    _switch(model.res_target, settings.objective == "min_cost")
    set_objective(model, settings.objective)
    clear_tie(model)


def use_baseline(model: pyo.ConcreteModel, flows: Flows) -> None:
    """Current practice: every activity fixed at min_t, no outside secondary material,
    no budget, no obligation, no requirement, no primary supply cap, least weighted
    primary use."""
    at = flows.at
    for key, var in model.Activity.items():
        least = at("min_t", key)
        _set_bounds(var, least, least)
    for var in model.OutsideSecondary.values():
        var._ub = 0.0  # what var.setub(0.0) stores
    for _key, var in _built(model):
        var._ub = 0.0
    if model.component("obj_factor") is not None:
        model.obj_factor.deactivate()
    model.res_budget.deactivate()
    for con in model.res_recycled_content_min.values():
        con.deactivate()
    for con in model.res_requirement.values():
        con.deactivate()
    for con in model.res_primary_supply.values():  # a condition to cope with, not practice
        con.deactivate()
    model.res_target.deactivate()
    set_objective(model, "min_primary")
    clear_tie(model)


def mutable_levels(model: pyo.ConcreteModel) -> dict:
    """The mutable levels as they are set (a run keeps them as at its first solve): by
    name, or by (name, year) in a pathway."""
    out = {}
    for name in ("budget_eur", "target_level"):
        level = model.component(name)
        if level.is_indexed():
            out.update({(name, t): p.value for t, p in level.items()})
        else:
            out[name] = level.value
    return out


def use_variant(model: pyo.ConcreteModel, *, budget: bool, target: bool, objective: str) -> None:
    """The scenario with the budget row and/or the target row on or off (diagnosis)."""
    _switch(model.res_budget, budget)
    _switch(model.res_target, target)
    set_objective(model, objective)


def set_target(model: pyo.ConcreteModel, flows: Flows, baseline_by_year) -> None:
    """min_cost: the most weighted primary use allowed in each year t,
    (1 − T_t) · Base_t, from the baseline's weighted primary use by year (t = None in
    one year). Under min_primary there is no target: the levels stay as they are."""
    if flows.data.settings.objective != "min_cost":
        return
    for t in flows.years:
        target = flows.value("reduction_target", "", t) or 0.0
        model.target_level[t].set_value((1.0 - target) * baseline_by_year[t])


def set_budget(model: pyo.ConcreteModel, budget: float) -> None:
    """The budget row's level, B (€/yr)."""
    model.budget_eur.set_value(budget)


def set_tie(model: pyo.ConcreteModel, optimum: float) -> None:
    """Second solve of the tie rule: keep the current objective within its optimum and
    minimise the other one (cost for min_primary, weighted primary use for min_cost)."""
    first, second = _objectives(model)
    model.tie_level.set_value(tie_level(optimum))
    tie = model.res_tie_primary if model.objective_name == "min_primary" else model.res_tie_cost
    tie.activate()
    first.deactivate()
    second.activate()


def clear_tie(model: pyo.ConcreteModel) -> None:
    """Back to the first solve: the current objective alone, no tie row."""
    first, second = _objectives(model)
    model.res_tie_primary.deactivate()
    model.res_tie_cost.deactivate()
    second.deactivate()
    first.activate()


def hold_activity(model: pyo.ConcreteModel, activity: dict[str, float]) -> None:
    """Every activity fixed at the given portfolio's (an ensemble's "keep the plan");
    the objective becomes min_primary: what the held portfolio achieves."""
    for s, var in model.Activity.items():
        var.setlb(activity.get(s, 0.0))
        var.setub(activity.get(s, 0.0))
    set_objective(model, "min_primary")


def use_budget_range(model: pyo.ConcreteModel) -> None:
    """The least feasible and saturation budgets: no budget row, no target, no tie row;
    the caller picks the objective."""
    model.res_budget.deactivate()
    model.res_target.deactivate()
    clear_tie(model)


def use_budget_factor(model: pyo.ConcreteModel, objective: str) -> None:
    """A pathway's budget range: every year's budget row on with its factor theta free,
    no target; `objective` "factor" (the least theta), "min_primary" (the best with any
    money) or "saturation" (the least theta that reaches the tie level of that best)."""
    model.res_budget.activate()
    model.res_target.deactivate()
    model.BudgetFactor.setlb(0.0)
    model.BudgetFactor.setub(None)
    model.res_tie_primary.deactivate()
    model.res_tie_cost.deactivate()
    for obj in (model.obj_primary, model.obj_cost, model.obj_factor):
        obj.deactivate()
    if objective == "min_primary":
        model.objective_name = "min_primary"
        model.obj_primary.activate()
        return
    model.obj_factor.activate()
    if objective == "saturation":
        model.res_tie_primary.activate()


def use_sweep(model: pyo.ConcreteModel) -> None:
    """The trade-off curve: the budget row on, no target, min_primary, and the tie row
    on at an infinite level, so that between points only levels change (the re-solves
    then send parameter values only)."""
    model.res_target.deactivate()
    model.res_budget.activate()
    clear_tie(model)
    set_objective(model, "min_primary")
    model.res_tie_primary.activate()
    model.tie_level.set_value(FREE)


def sweep_first(model: pyo.ConcreteModel, budget: float) -> None:
    """A point of the trade-off curve, first solve: min_primary within `budget`."""
    set_budget(model, budget)
    model.tie_level.set_value(FREE)
    set_objective(model, "min_primary")


def sweep_tie(model: pyo.ConcreteModel, optimum: float) -> None:
    """A point of the trade-off curve, tie rule: the cheapest within the optimum."""
    model.tie_level.set_value(tie_level(optimum))
    set_objective(model, "min_cost")


YEARLY = (
    "Activity",
    "NewPurchases",
    "SecondaryUse",
    "OutsideSecondary",
    "Build",
    "DesignActivity",
)


def year_of(index):
    """The year of a row's or a variable's index in a pathway (None: over all years)."""
    return index[1] if isinstance(index, tuple) else index


def use_window(model: pyo.ConcreteModel, flows: Flows, first: int, last: int, decided):
    """Limited foresight (PATHWAY.md): the scenario over the window first … last only.
    Every variable of the years before `first` is fixed at its value in `decided`
    (variable name → key → value), every variable after `last` at 0, and the rows of
    the years outside the window are off (a row of year t holds variables of years ≤ t
    only, so those before are met by the decided values). The objectives then differ
    from the window's by a constant."""
    for name in YEARLY:
        variables = model.component(name)
        if variables is None:
            continue
        for key, var in variables.items():
            t = key[-1]  # (item, t), or x_{r,v,t}'s (r, v, t)
            if t < first:
                _fix(var, decided[name][key])
            elif t > last:
                _fix(var, 0.0)
            else:  # the window: as in the scenario (set below, where it bounds it)
                var.setlb(0.0)
                var.setub(None)
    _scenario_bounds(model, flows, keep=lambda key: first <= key[1] <= last)
    for con in model.component_objects(pyo.Constraint, active=None, descend_into=False):
        con.activate()  # every row; the scenario then switches its families
    _scenario_rows(model, flows)
    for con in model.component_objects(pyo.Constraint, active=None, descend_into=False):
        if not con.is_indexed():
            continue
        for index, row in con.items():
            t = year_of(index)
            if isinstance(t, int) and not first <= t <= last:
                row.deactivate()


def _fix(var, value: float) -> None:
    var.setlb(value)
    var.setub(value)


def add_elastic_rows(
    model: pyo.ConcreteModel, flows: Flows, families: tuple[Family, ...], years=None
):
    """The diagnosis's elastic model: every row of `families` and every min_t above 0
    gets a slack σ ≥ 0, and the objective is min Σ σ / scale (the least relative
    relaxation). `years`: the years whose rows and min_t may move (a limited-foresight
    window: the rows outside it are off and its earlier decisions fixed), or None for
    every row. Returns (family name or "min_t", index, scale) of each slack, in order."""
    use_variant(model, budget=False, target=False, objective="min_primary")
    model.obj_primary.deactivate()

    def movable(index) -> bool:
        return years is None or year_of(index) in years

    rows = []  # (family, index, constraint or None for min_t, scale)
    for family in families:
        for index, con in model.component(family.name).items():
            if movable(index):
                rows.append((family.name, index, con, family.scale(flows, index)))
    for key, var in model.Activity.items():
        least = flows.at("min_t", key)
        if least > 0 and movable(key):
            var.setlb(0.0)
            rows.append(("min_t", key, None, max(least, 1.0)))
    model.Slack = pyo.Var(
        range(len(rows)),
        domain=pyo.NonNegativeReals,
        doc="σ: elastic slack of each relaxed limit [the limit's unit]",
    )
    model.relaxed = pyo.ConstraintList(doc="each relaxed limit with its slack [its unit]")
    for i, (_family, index, con, _scale) in enumerate(rows):
        e = model.Slack[i]
        if con is None:
            model.relaxed.add(model.Activity[index] + e >= flows.at("min_t", index))
            continue
        con.deactivate()
        if con.has_ub():
            model.relaxed.add(con.body - e <= con.upper)
        else:
            model.relaxed.add(con.body + e >= con.lower)
    model.obj_elastic = pyo.Objective(
        expr=sum(model.Slack[i] / row[3] for i, row in enumerate(rows)),
        doc="min Σ σ / scale: least relative relaxation [-]",
    )
    return [(family, index, scale) for family, index, _con, scale in rows]
