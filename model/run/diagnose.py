"""Say why a scenario has no feasible portfolio or pathway, in the workbook's own terms.

`explain(data, baseline_by_year)` returns a `Diagnosis`, the same way in both time
models. In one year it first tries (1) min_cost: is the reduction_target alone out of
reach (how far can the measures go, with and without the budget)? (2) is the budget
alone too small (the least feasible budget, and the limits and measures that make it
so)? Then, and in a pathway at once, (3) an elastic relaxation: every row of the
relaxable families (`model.formulation.families.relaxable`: coverage, reuse,
collection, obligations, budgets, capacities, requirements, targets) and every min_t
gets a slack, and the least total relative slack says which limits must move, in which
year and by how much. An obligation that falls short in a pathway is explained with the
lag: how much secondary material it needs that year, how much recycling and outside
supply can give, and how many tonnes of the products that carry the material leave use
that year. The baseline's own problems are `model.run.baseline`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyomo.core as pyo
from pyomo.core.expr.visitor import identify_variables

from model.data import flows as terms
from model.data.model_data import ModelData
from model.data.time_model import time_model
from model.errors import UndecidedError
from model.formulation.families import by_name, relaxable
from model.formulation.goals import TARGET
from model.formulation.materials import PRIMARY_SUPPLY, cap_of
from model.formulation.model import create_model
from model.formulation.modes import add_elastic_rows, set_target, use_variant, year_of
from model.formulation.spending import BUDGET
from model.run.solution import take
from model.schema.measure_types import types_that
from model.schema.units import TOL, cut, eur, pct, tonnes
from model.solver.highs import LpSolver

# How the elastic diagnosis words its answer in each time model.
HEADS = {
    "steady": "no portfolio meets every limit. The smallest change that makes one possible:\n",
    "cohorts": "no pathway meets every limit in every year. The smallest change that makes "
    "one possible, year by year:\n",
}
NOT_FOUND = {
    "steady": "no portfolio meets every limit, and the diagnosis could not locate the conflict",
    "cohorts": "no pathway meets every limit in every year, and the diagnosis could not "
    "locate the conflict",
}
RECOVERING = types_that("recovers")
UNITS = {"steady": "change, t/yr or unit/yr", "cohorts": "t/yr, € or weighted t"}


@dataclass
class Diagnosis:
    """Why no portfolio is feasible: a message, and one row per limit involved."""

    message: str
    rows: list[dict] = field(default_factory=list)  # limit, role, value, needed, unit
    failing: list[tuple] = field(default_factory=list)  # (family, index) that must move

    def __str__(self) -> str:
        return self.message


def explain(data: ModelData, baseline_by_year: dict) -> Diagnosis:
    """Name the conflicting limits of an infeasible scenario (`baseline_by_year`: the
    baseline's weighted primary use by year, t = None in one year)."""
    flows = time_model(data)
    first = FIRST_TRIES[flows.name]
    for _family, alone in first:
        found = alone(data, baseline_by_year)
        if found:
            return found
    tried_alone = tuple(family for family, _alone in first)  # left out of the elastic model
    found = _elastic(data, flows, baseline_by_year, tried_alone)
    if any(family == PRIMARY_SUPPLY.name for family, _index in found.failing):
        # a cap must move: if the caps alone stand in the way, say it in their terms
        return _supply_too_small(data, flows, baseline_by_year) or found
    return found


def _set_up(data: ModelData, baseline_by_year: dict):
    """The scenario's model, with its target where it has one."""
    model = create_model(data)
    set_target(model, time_model(data), baseline_by_year)
    return model


def _supply_too_small(data: ModelData, flows, baseline_by_year: dict) -> Diagnosis | None:
    """If the primary supply caps (row 12) alone stand in the way: each cap that must
    rise, the first (the earliest year) with the least primary use of its material that
    every other limit allows in that year, given the caps of the years before."""
    supply = by_name(flows.name)[PRIMARY_SUPPLY.name]
    try:  # only the caps (and min_t) relaxed: no optimum where other limits conflict too
        found = elastic(_set_up(data, baseline_by_year), data, (supply,))
    except UndecidedError:
        return None  # not shown to be the caps alone: the full diagnosis
    if (
        found is None
        or not found.failing  # nothing moves by more than round-off: not the caps alone
        or any(family != supply.name for family, _index in found.failing)
    ):
        return None
    first = min(found.failing, key=lambda moved: sort_year(moved[1]))[1]
    m, t = flows.split(first)
    model = _set_up(data, baseline_by_year)
    for index, con in model.res_primary_supply.items():
        later = t is not None and year_of(index) > t
        if later or index == first:
            con.deactivate()
    variables = model.variables_by_name
    model.obj_primary.deactivate()
    model.obj_cost.deactivate()
    model.obj_least = pyo.Objective(
        expr=sum(c * variables[var][key] for var, key, c in flows.primary(m, t)),
        doc="the least primary use of one material in one year [t/yr]",
    )
    try:
        result = LpSolver().solve(model)
    except UndecidedError:
        result = None  # the elastic model's amount stands
    lines = []
    for (_family, index), row in zip(found.failing, found.rows, strict=True):
        if index == first and result is not None and result.optimal:
            row["needed"] = max(float(result.objective) - cap_of(flows, *flows.split(index)), 0.0)
        lines.append((sort_year(index), supply.says(flows, index, row["needed"])))
    lines.sort(key=lambda pair: pair[0])
    message = "\n".join(f"  - {text}" for _t, text in lines)
    return Diagnosis(HEADS[flows.name] + message, found.rows, found.failing)


def _variant(data: ModelData, *, budget: bool, target: bool, objective: str):
    """The scenario's model with the budget and/or the target switched off."""
    model = create_model(data)
    use_variant(
        model,
        budget=budget and data.settings.budget_eur is not None,
        target=target and data.settings.objective == "min_cost",
        objective=objective,
    )
    return model


def _best_reduction(data: ModelData, baseline: float, *, with_budget: bool) -> float | None:
    model = _variant(data, budget=with_budget, target=False, objective="min_primary")
    result = LpSolver().solve(model)
    if not result.optimal:
        return None
    return 1.0 - float(result.objective) / baseline if baseline > 0 else 0.0


def _target_out_of_reach(data: ModelData, baseline: float) -> Diagnosis | None:
    """min_cost: if every limit but the target can be met, how far the measures go."""
    reach = _best_reduction(data, baseline, with_budget=True)
    if reach is None:
        return None
    target = data.settings.reduction_target or 0.0
    goal = f"reduction_target {cut(100 * target)}"
    rows = [
        {
            "limit": "reduction_target",
            "role": "out of reach",
            "value": 100 * target,
            "needed": 100 * reach,
            "unit": "% reduction",
        }
    ]
    budget = data.settings.budget_eur
    if budget is None:
        text = (
            f"{goal} is out of reach: with no budget limit the measures reach at most "
            f"{cut(100 * reach)}"
        )
    else:
        free = _best_reduction(data, baseline, with_budget=False) or 0.0
        text = (
            f"{goal} is out of reach: with budget_eur {eur(budget)} the measures "
            f"reach at most {cut(100 * reach)}, and with no budget limit at most "
            f"{cut(100 * free)}"
        )
        rows.append(
            {
                "limit": "budget_eur",
                "role": "limits the reach",
                "value": budget,
                "needed": None,
                "unit": "€/yr",
            }
        )
    return Diagnosis(text + ". Lower reduction_target, or add or widen measures.", rows)


def _budget_too_small(data: ModelData) -> Diagnosis | None:
    """If every limit but the budget can be met: the least budget, and what it pays for."""
    model = _variant(data, budget=False, target=False, objective="min_cost")
    result = LpSolver().solve(model, duals=True)
    if not result.optimal:
        return None
    least = float(result.objective)
    budget = data.settings.budget_eur or 0.0
    involved = _binding(data, model, result.duals, result.reduced_costs)
    system = data.system
    paid = [(s, pyo.value(model.Activity[s])) for s in system.measures]
    paid = [f"{tonnes(x)} of {s}" for s, x in paid if x > TOL and system.cost_eur_per_t[s] > 0]
    digits = 1
    while digits < 4 and eur(least, digits, up=True) == eur(budget, digits):
        digits += 1
    why = f" ({'; '.join(involved)})" if involved else ""
    what = f": {', '.join(paid)}" if paid else ""
    enough = eur(least, digits, up=True)  # rounded up: that budget is enough
    text = (
        f"budget_eur is {eur(budget, digits)}, but the limits that must be met{why} cost "
        f"at least {enough}{what}. Raise budget_eur to at least {enough}, or relax those "
        "limits."
    )
    rows = [
        {
            "limit": "budget_eur",
            "role": "too small",
            "value": budget,
            "needed": least,
            "unit": "€/yr",
        }
    ]
    rows += [
        {"limit": name, "role": "drives the cost", "value": None, "needed": None, "unit": ""}
        for name in involved
    ]
    return Diagnosis(text, rows)


def _binding(data: ModelData, model, duals, reduced_costs) -> list[str]:
    """The user-set limits with a nonzero dual: those that drive the cost up; not a
    limit of 0 on nothing (every variable in it at 0, e.g. the collection of a design
    not bought), whose dual is one of many at a degenerate optimum."""
    out = []
    for family in relaxable("steady"):
        for index, con in model.component(family.name).items():
            dual = abs(duals.get((family.name, index), 0.0))
            if con.active and dual > TOL and not _on_nothing(con):
                out.append(family.named(data, index))
    min_t = data.system.min_t
    for s in data.system.measures:
        rc = reduced_costs.get(("Activity", s), 0.0)
        if min_t[s] > 0 and rc > TOL and pyo.value(model.Activity[s]) <= min_t[s] + TOL:
            out.append(limit_name(time_model(data), "min_t", s))
    return out


def _on_nothing(con) -> bool:
    """Whether a row reads 0 ≤ 0 at the solution: its side 0 and every variable in it 0."""
    side = con.upper if con.has_ub() else con.lower
    if abs(pyo.value(side)) > TOL:
        return False
    return all(abs(var.value or 0.0) <= TOL for var in identify_variables(con.body))


def relaxed_families(data: ModelData, flows, tried_alone: tuple[str, ...] = ()) -> list:
    """The relaxable families the elastic model relaxes: a budget only where one is
    given, a target only for min_cost, none of those `tried_alone` (in one year the
    budget and the target, each tried alone first, and left off the elastic model)."""
    out = []
    for family in relaxable(flows.name):
        if family.name in tried_alone:
            continue
        if family.name == BUDGET.name and not flows.has_budget():
            continue
        if family.name == TARGET.name and data.settings.objective != "min_cost":
            continue
        out.append(family)
    return out


def _elastic(data: ModelData, flows, baseline_by_year: dict, tried_alone=()) -> Diagnosis:
    """Relax every user-set limit (but those `tried_alone`) with a slack; the least
    relative total names the conflict, by year in a pathway."""
    model = _set_up(data, baseline_by_year)
    found = elastic(model, data, relaxed_families(data, flows, tried_alone))
    if found is None:
        return Diagnosis(NOT_FOUND[flows.name])
    return Diagnosis(HEADS[flows.name] + found.message, found.rows, found.failing)


def elastic(model, data: ModelData, families, years=None) -> Diagnosis | None:
    """The elastic model of `model` as it is set up (`modes.add_elastic_rows`: the rows
    of `families`, of `years` only if given, and min_t relaxed) solved: the limits that
    must move, in words by year and as rows; None where it has no optimum."""
    flows = time_model(data)
    rows = add_elastic_rows(model, flows, families, years=years)
    solver = LpSolver()
    try:
        if not solver.solve(model).optimal:
            return None
        at = take(model, flows).by_variable()
    finally:
        solver.close()
    changes, table, moved = [], [], []
    for i, (family, index, scale) in enumerate(rows):
        e = pyo.value(model.Slack[i])
        if e > TOL * max(scale, 1.0):
            moved.append((family, index))
            changes.append((sort_year(index), change_text(flows, family, index, e, at)))
            table.append(
                {
                    "limit": limit_name(flows, family, index),
                    "role": "must move",
                    "value": None,
                    "needed": e,
                    "unit": UNITS[flows.name],
                    "year": sort_year(index) or None,
                }
            )
    changes.sort(key=lambda pair: pair[0])
    lines = "\n".join(f"  - {c}" for _t, c in changes) or "  - (none found)"
    return Diagnosis(lines, table, moved)


def sort_year(index) -> int:
    """The year of a relaxed row's index (0 in one year: the order is kept)."""
    year = index[1] if isinstance(index, tuple) else index
    return year if isinstance(year, int) else 0


def limit_name(flows, family: str, index: object) -> str:
    """A relaxed limit as the user set it: a constraint family, or a measure's min_t."""
    if family == "min_t":
        s, t = flows.split(index)
        if t is None:
            return f"min_t of measure {s} ({tonnes(flows.system.min_t[s])})"
        return f"min_t of measure {s} in {t}"
    return by_name(flows.name)[family].named(flows.data, index)


def change_text(flows, family: str, index, e: float, at) -> str:
    name = limit_name(flows, family, index)
    if family == "min_t":
        return f"{name} would have to fall by {tonnes(e)}"
    declared = by_name(flows.name)[family]
    if declared.says is not None:
        return declared.says(flows, index, e)
    if declared.worth == "budget":
        return f"{name} would have to be {eur(e)} higher"
    if declared.worth == "target":
        return f"{name} is out of reach by {e:,.0f} weighted t"
    if declared.relax == "raise":
        return f"{name} would have to be {e:,.6g} higher"
    if declared.relax == "short":
        return SHORT[flows.name](name, flows, index, e, at)
    if declared.relax == "fall":
        return f"{name} would have to fall by {tonnes(e)}"
    return f"{name} is exceeded by {tonnes(e)}"


def _full_capacities(flows, m: str, t, at) -> list[str]:
    """The capacities, used by measures that recover m, that are full in year t (each
    named with what it holds then): where they, not the products leaving use, limit
    the recycling an obligation needs."""
    system, out = flows.system, []
    recovering = {s for s, _design, _c in system.index.supply_of.get(m, ())}
    for k in system.capacities:
        users = [(s, u) for s, u in system.index.users_of.get(k, ()) if s in recovering]
        if not users:
            continue
        used = sum(u * at[terms.X][flows.key(s, t)] for s, u in system.index.users_of[k])
        available = flows.value("limit", k, t) + terms.evaluate(flows.built(k, t), at)
        if used >= available - TOL * max(1.0, available):
            unit = system.capacity_unit.get(k) or "units"
            out.append(f"{k} ({available:,.0f} {unit})")
    return out


def _lag(_name: str, flows, index, e: float, at) -> str:
    """The lag, in words: what the obligation needs, what can come, what leaves use."""
    m, t = index
    system, first = flows.system, flows.pathway.first_year
    share = flows.value("min_secondary_share", m, t)
    needed = share * terms.evaluate(flows.gross(m, t), at)
    recycled = terms.evaluate(flows.recycled(m, t), at)
    outside = at[terms.OUTSIDE][(m, t)]
    full = _full_capacities(flows, m, t, at)
    text = (
        f"in {t} the recycled-content obligation for {m} ({pct(share)}) needs "
        f"{tonnes(needed)} of secondary {m}, but recycling gives at most {tonnes(recycled)}"
        + (f" with capacity {' and '.join(full)} full" if full else "")
        + (f" and outside supply {tonnes(outside)}" if outside > TOL else "")
        + f": it is short of {tonnes(e)}"
    )
    carriers = [
        g
        for g, _w in system.index.composition_of.get(m, ())
        if any(system.index.of_group.get((g, kind)) for kind in RECOVERING)
    ]
    if full:  # the plants, not what leaves use, hold recycling back
        return text
    for g in carriers:
        leaving_terms, history = flows.group_outflow(g, t)
        leaving = history + terms.evaluate(leaving_terms, at)
        in_use = terms.evaluate(flows.stock(g, t), at)
        text += (
            f"; only {tonnes(leaving)} of {g} leave use that year, {tonnes(history)} of "
            f"them bought before {first}"
        )
        if in_use > leaving:
            text += f": most {g} bought since {first} are still in use"
    return text


def _target_alone(data: ModelData, baseline_by_year: dict) -> Diagnosis | None:
    """min_cost's one target, tried alone (one year)."""
    if data.settings.objective != "min_cost":
        return None
    return _target_out_of_reach(data, baseline_by_year[None])


def _budget_alone(data: ModelData, baseline_by_year: dict) -> Diagnosis | None:
    """The one budget, tried alone (one year)."""
    if data.settings.budget_eur is None:
        return None
    return _budget_too_small(data)


def _short(name: str, _flows, index, e: float, _at) -> str:
    """One year's shortage of secondary material, in tonnes."""
    return f"{name} is short of {tonnes(e)} of secondary {index}"


# The (family, try) each time model explains alone before the elastic model: one year's
# single target and single budget (a pathway's are one per year: the elastic model
# says which years).
FIRST_TRIES = {
    "steady": ((TARGET.name, _target_alone), (BUDGET.name, _budget_alone)),
    "cohorts": (),
}
# How a shortage of secondary material is said: in a pathway, with the lag of the
# products that carry it.
SHORT = {"steady": _short, "cohorts": _lag}
