"""Say why a scenario has no feasible portfolio, in the workbook's own terms.

`explain(data, baseline)` returns a `Diagnosis`, trying in order: (1) min_cost: is the
reduction_target alone out of reach (how far can the measures go, with and without the
budget)? (2) is the budget alone too small (the least feasible budget, and the limits and
measures that make it so)? (3) otherwise an elastic relaxation: every other limit the user
sets gets a slack, and the least total relative slack says which limits must move and by
how much. `baseline_problems(data)` names what makes the baseline (every activity at
min_t) impossible, as input problems.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyomo.core as pyo

from model.data.model_data import ModelData
from model.errors import Problem
from model.formulation.families import BY_NAME, RELAXABLE
from model.formulation.model import create_model
from model.formulation.modes import add_elastic_rows, use_variant
from model.schema import DFR, RECYCLE, REUSE
from model.schema.units import TOL, cut, eur, tonnes
from model.solver.highs import LpSolver


def baseline_problems(data: ModelData) -> list[Problem]:
    """Why the baseline is infeasible: min_t activities beyond what the groups allow."""
    system, source = data.system, data.settings.source
    problems: list[Problem] = []
    by_group: dict[tuple[str, str], list[str]] = defaultdict(list)
    for s in system.measures:
        if system.min_t[s] > 0:
            by_group[(system.group_of[s], system.type_of[s])].append(s)

    def names(measures):
        return ", ".join(f"{s} ({tonnes(system.min_t[s])})" for s in measures)

    for g in system.groups:
        dfr = by_group.get((g, DFR), [])
        if sum(system.min_t[s] for s in dfr) > system.demand_t[g] * (1 + TOL):
            problems.append(
                Problem(
                    source,
                    (
                        f"min_t of the design_for_repair measures of group {g}, {names(dfr)}, "
                        f"adds up to more than its demand_t ({tonnes(system.demand_t[g])})"
                    ),
                    "measures",
                    column="min_t",
                )
            )
        reuse = by_group.get((g, REUSE), [])
        if reuse and system.reusable_share[g] == 0:
            problems.append(
                Problem(
                    source,
                    (
                        f"min_t of the reuse measures of group {g}, {names(reuse)}, is above 0 "
                        f"but reusable_share of {g} is 0"
                    ),
                    "measures",
                    column="min_t",
                )
            )
        collected = reuse + by_group.get((g, RECYCLE), [])
        if collected and system.collection_rate[g] == 0:
            problems.append(
                Problem(
                    source,
                    (
                        f"min_t of the reuse and recycle measures of group {g}, "
                        f"{names(collected)}, is above 0 but collection_rate of {g} is 0"
                    ),
                    "measures",
                    column="min_t",
                )
            )
    for k in system.capacities:
        users = [(s, u) for (s, kk), u in system.use_per_t.items() if kk == k and system.min_t[s]]
        need = sum(u * system.min_t[s] for s, u in users)
        if need > system.capacity_limit[k] * (1 + TOL) + TOL:
            problems.append(
                Problem(
                    source,
                    (
                        f"the minimum activities of {', '.join(s for s, _ in users)} need "
                        f"{need:,.6g} of capacity {k}, but its limit is "
                        f"{system.capacity_limit[k]:,.6g}"
                    ),
                    "capacities",
                    column="limit",
                )
            )
    if not problems:
        problems.append(
            Problem(
                source,
                (
                    "the baseline (every measure at its min_t) is infeasible; lower the min_t "
                    "values until current practice fits the groups and capacities"
                ),
                "measures",
                column="min_t",
            )
        )
    return problems


@dataclass
class Diagnosis:
    """Why no portfolio is feasible: a message, and one row per limit involved."""

    message: str
    rows: list[dict] = field(default_factory=list)  # limit, role, value, needed, unit

    def __str__(self) -> str:
        return self.message


def explain(data: ModelData, baseline_weighted: float) -> Diagnosis:
    """Name the conflicting limits of an infeasible scenario."""
    if data.settings.objective == "min_cost":
        found = _target_out_of_reach(data, baseline_weighted)
        if found:
            return found
    if data.settings.budget_eur is not None:
        found = _budget_too_small(data)
        if found:
            return found
    return _elastic(data)


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
    while digits < 4 and eur(least, digits) == eur(budget, digits):
        digits += 1
    why = f" ({'; '.join(involved)})" if involved else ""
    what = f": {', '.join(paid)}" if paid else ""
    text = (
        f"budget_eur is {eur(budget, digits)}, but the limits that must be met{why} cost "
        f"at least {eur(least, digits)}{what}. Raise budget_eur to at least "
        f"{eur(least, digits)}, or relax those limits."
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
    """The user-set limits with a nonzero dual: those that drive the cost up."""
    out = []
    for family in RELAXABLE:
        for index, con in model.component(family.name).items():
            if con.active and abs(duals.get((family.name, index), 0.0)) > TOL:
                out.append(family.named(data, index))
    min_t = data.system.min_t
    for s in data.system.measures:
        rc = reduced_costs.get(("Activity", s), 0.0)
        if min_t[s] > 0 and rc > TOL and pyo.value(model.Activity[s]) <= min_t[s] + TOL:
            out.append(_limit_name(data, "min_t", s))
    return out


def _elastic(data: ModelData) -> Diagnosis:
    """Relax every user-set limit with a slack; the least relative total names the conflict."""
    model = create_model(data)
    rows = add_elastic_rows(model, data, RELAXABLE)
    result = LpSolver().solve(model)
    if not result.optimal:
        return Diagnosis(
            "no portfolio meets every limit, and the diagnosis could not locate the conflict"
        )
    changes, table = [], []
    for i, (family, index, scale) in enumerate(rows):
        e = pyo.value(model.Slack[i])
        if e > TOL * max(scale, 1.0):
            changes.append(_change(data, family, index, e))
            table.append(
                {
                    "limit": _limit_name(data, family, index),
                    "role": "must move",
                    "value": None,
                    "needed": e,
                    "unit": "change, t/yr or unit/yr",
                }
            )
    lines = "\n".join(f"  - {c}" for c in changes) or "  - (none found)"
    return Diagnosis(
        "no portfolio meets every limit. The smallest change that makes one possible:\n" + lines,
        table,
    )


def _limit_name(data: ModelData, family: str, index: object) -> str:
    """A relaxed limit as the user set it: a constraint family, or a measure's min_t."""
    if family == "min_t":
        return f"min_t of measure {index} ({tonnes(data.system.min_t[index])})"
    return BY_NAME[family].named(data, index)


def _change(data: ModelData, family: str, index: str, e: float) -> str:
    name = _limit_name(data, family, index)
    relax = "fall" if family == "min_t" else BY_NAME[family].relax
    if relax == "raise":
        return f"{name} would have to be {e:,.6g} higher"
    if relax == "short":
        return f"{name} is short of {tonnes(e)} of secondary {index}"
    if relax == "fall":
        return f"{name} would have to fall by {tonnes(e)}"
    return f"{name} is exceeded by {tonnes(e)}"
