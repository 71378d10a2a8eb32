"""Why current practice itself is impossible: the baseline's problems, as input
problems located on the measures and capacities sheets."""

from __future__ import annotations

from collections import defaultdict

from model.data.model_data import ModelData
from model.errors import Problem
from model.schema.measure_types import types_that
from model.schema.units import TOL, tonnes


def baseline_problems(data: ModelData) -> list[Problem]:
    """Why the baseline is infeasible: min_t activities beyond what the groups allow."""
    system, source = data.system, data.settings.source
    problems: list[Problem] = []
    by_group: dict[tuple[str, str], list[str]] = defaultdict(list)
    for s in system.measures:
        if system.min_t[s] > 0:
            by_group[(system.group_of[s], system.type_of[s])].append(s)

    def of(g: str, role: str) -> tuple[str, list[str]]:
        """(the types with `role` in words, their measures of g with min_t > 0)."""
        kinds = types_that(role)
        return " and ".join(kinds), [s for kind in kinds for s in by_group.get((g, kind), [])]

    def too_much(what: str, measures: list[str], limit: str) -> None:
        names = ", ".join(f"{s} ({tonnes(system.min_t[s])})" for s in measures)
        text = f"min_t of the {what} measures of group {g}, {names}, {limit}"
        problems.append(Problem(source, text, "measures", column="min_t"))

    for g in system.groups:
        kinds, covering = of(g, "covers_demand")
        if sum(system.min_t[s] for s in covering) > system.demand_t[g] * (1 + TOL):
            too_much(
                kinds, covering, f"adds up to more than its demand_t ({tonnes(system.demand_t[g])})"
            )
        kinds, reused = of(g, "reused")
        if reused and system.reusable_share[g] == 0:
            too_much(kinds, reused, f"is above 0 but reusable_share of {g} is 0")
        kinds, collected = of(g, "collected")
        if collected and system.collection_rate[g] == 0:
            too_much(kinds, collected, f"is above 0 but collection_rate of {g} is 0")
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
