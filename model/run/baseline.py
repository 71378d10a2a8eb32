"""Why current practice itself is impossible: the baseline's problems, as input
problems located on the measures and capacities sheets."""

from __future__ import annotations

from collections import defaultdict

from model.data.model_data import ModelData
from model.errors import Problem
from model.schema import DFR, RECYCLE, REUSE
from model.schema.units import TOL, tonnes


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
