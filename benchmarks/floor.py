"""The floor: the same one-year LP as the formulation (rows 1–11, the baseline without
the budget, the obligations and the requirements), assembled directly as sparse arrays
and solved by highspy, with the same three solves (baseline, first, tie-break), each
status checked, and the same primal values, duals and reduced costs read back. Nothing
of `model/` is used but the data; benchmarks/ensemble.py asserts that its statuses and
objectives are ours."""

from __future__ import annotations

from collections import defaultdict

import highspy
import numpy as np

from model.data.model_data import ModelData

INF = highspy.kHighsInf


def _run(highs) -> str:
    """Solve; "optimal", "infeasible" or HiGHS's own word for the status."""
    highs.run()
    status = highs.getModelStatus()
    if status == highspy.HighsModelStatus.kOptimal:
        return "optimal"
    if status == highspy.HighsModelStatus.kInfeasible:
        return "infeasible"
    return highs.modelStatusToString(status)


def solve_floor(data: ModelData, hold: dict[str, float] | None = None) -> dict[str, float]:
    """The three solves; with `hold` (activity by measure) a fourth, as an ensemble's
    sample does: those activities fixed, the tie row off, min weighted primary use."""
    budget, data = data.settings.budget_eur, data.system
    S, G, M = data.measures, data.groups, data.materials
    xi = {s: i for i, s in enumerate(S)}
    ni = {g: len(S) + i for i, g in enumerate(G)}
    ui = {m: len(S) + len(G) + i for i, m in enumerate(M)}
    ii = {m: len(S) + len(G) + len(M) + i for i, m in enumerate(M)}  # I_m, outside supply
    n = len(S) + len(G) + 2 * len(M)
    rows_lo, rows_up, idx, val, starts = [], [], [], [], []

    def row(lo, up, entries):
        starts.append(len(idx))
        for j, a in entries:
            idx.append(j)
            val.append(a)
        rows_lo.append(lo)
        rows_up.append(up)

    of = defaultdict(list)
    for s in S:
        of[(data.group_of[s], data.type_of[s])].append(s)
    comp = defaultdict(list)
    for (g, m), w in data.mass_fraction.items():
        comp[m].append((g, w))
    supply = defaultdict(list)
    for (s, m), y in data.yield_.items():
        w = data.mass_fraction.get((data.group_of[s], m), 0.0)
        supply[m].append((s, data.quality[s] * y * w))
    for g in G:
        dfr, reuse, rec = of[(g, "design_for_repair")], of[(g, "reuse")], of[(g, "recycle")]
        row(
            data.demand_t[g],
            INF,
            [(ni[g], 1.0)]
            + [(xi[s], data.avoided_per_t(s)) for s in dfr]
            + [(xi[s], data.displacement[s]) for s in reuse],
        )
        if dfr:
            row(-INF, data.demand_t[g], [(xi[s], 1.0) for s in dfr])
            row(
                -INF,
                0.0,
                [(xi[s], 1.0 / (1.0 + data.lifetime_extension[s])) for s in dfr] + [(ni[g], -1.0)],
            )
        if reuse:
            rho = data.reusable_share[g]
            row(-INF, 0.0, [(xi[s], 1 - rho) for s in reuse] + [(ni[g], -rho)])
        if reuse or rec:
            col = data.collection_rate[g]
            row(
                -INF,
                0.0,
                [(xi[s], 1 - col) for s in reuse] + [(xi[s], 1.0) for s in rec] + [(ni[g], -col)],
            )
    obligations = []  # rows the baseline leaves out: (7) and (11)
    for m in M:
        row(-INF, 0.0, [(ui[m], 1.0)] + [(xi[s], -c) for s, c in supply[m]] + [(ii[m], -1.0)])
        row(
            -INF,
            0.0,
            [(ui[m], 1.0)] + [(ni[g], -data.max_secondary_share[m] * w) for g, w in comp[m]],
        )
        if data.min_secondary_share[m]:
            obligations.append(len(rows_lo))
            row(
                0.0,
                INF,
                [(ui[m], 1.0)] + [(ni[g], -data.min_secondary_share[m] * w) for g, w in comp[m]],
            )
    if budget is not None:
        budget_row = len(rows_lo)
        row(
            -INF,
            budget,
            [(xi[s], data.cost_eur_per_t[s]) for s in S]
            + [(ii[m], c) for m, c in data.outside_cost_eur_per_t.items() if c],
        )
    users = defaultdict(list)
    for (s, k), u in data.use_per_t.items():
        users[k].append((xi[s], u))
    for k in data.capacities:
        if users[k]:
            row(-INF, data.capacity_limit[k], users[k])
    kinds = {"reuse": ("reuse",), "recycle": ("recycle",), "reuse_or_recycle": ("reuse", "recycle")}
    for r in data.requirements:  # (11): a share of New (here N) or of the recycling
        g, kind, share = data.requirement_group[r], data.requirement_kind[r], data.min_share[r]
        if kind == "high_grade_recycle":
            entries = [
                (xi[s], (1.0 if data.quality[s] >= 0.9 else 0.0) - share)
                for s in of[(g, "recycle")]
            ]
        else:
            entries = [(xi[s], 1.0) for t in kinds[kind] for s in of[(g, t)]] + [(ni[g], -share)]
        if entries:
            obligations.append(len(rows_lo))
            row(0.0, INF, entries)
    weighted = np.zeros(n)
    for m in M:
        weighted[ui[m]] -= data.weight[m]
        for g, w in comp[m]:
            weighted[ni[g]] += data.weight[m] * w
    cost = np.zeros(n)
    for s in S:
        cost[xi[s]] = data.cost_eur_per_t[s]
    for m, c in data.outside_cost_eur_per_t.items():
        cost[ii[m]] = c
    lower = np.zeros(n)
    upper = np.full(n, INF)
    for s in S:
        lower[xi[s]] = data.min_t[s]
        upper[xi[s]] = INF if data.max_t[s] is None else data.max_t[s]
    for m in M:
        upper[ii[m]] = data.outside_secondary_t.get(m, 0.0)
    # the columns the baseline fixes: activities at min_t, outside supply at 0
    fixed = np.array([xi[s] for s in S] + [ii[m] for m in M], dtype=np.int32)
    at_base = np.concatenate([lower[: len(S)], np.zeros(len(M))])

    starts.append(len(idx))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, len(rows_lo)
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = weighted, lower, upper
    lp.row_lower_, lp.row_upper_ = np.array(rows_lo), np.array(rows_up)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(idx, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(val)
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.passModel(lp)
    off = np.array(obligations + ([budget_row] if budget is not None else []), dtype=np.int32)
    # baseline: activities at min_t, no budget, no obligations, no requirements
    highs.changeColsBounds(len(fixed), fixed, at_base, at_base)
    highs.changeRowsBounds(len(off), off, np.full(len(off), -INF), np.full(len(off), INF))
    status = _run(highs)
    if status != "optimal":
        return {"status": f"baseline {status}"}
    baseline = highs.getInfo().objective_function_value
    highs.changeColsBounds(len(fixed), fixed, lower[fixed], upper[fixed])
    highs.changeRowsBounds(len(off), off, np.array(rows_lo)[off], np.array(rows_up)[off])
    status = _run(highs)
    if status != "optimal":
        return {"status": status, "baseline": baseline}
    first = highs.getInfo().objective_function_value
    solution = highs.getSolution()
    duals, reduced = np.array(solution.row_dual), np.array(solution.col_dual)
    nz = np.nonzero(weighted)[0]
    highs.addRow(-INF, first * (1 + 1e-7) + 1e-6, len(nz), nz.astype(np.int32), weighted[nz])
    highs.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
    highs.setOptionValue("simplex_strategy", 4)  # the primal simplex, as ours
    if _run(highs) != "optimal":
        raise RuntimeError("the floor's tie solve failed")
    highs.setOptionValue("simplex_strategy", 1)
    primal = np.array(highs.getSolution().col_value)
    held = None
    if hold is not None:
        highs.changeRowBounds(highs.getNumRow() - 1, -INF, INF)
        highs.changeColsCost(n, np.arange(n, dtype=np.int32), weighted)
        fixed = np.array([hold.get(s, 0.0) for s in S])
        highs.changeColsBounds(len(S), np.arange(len(S), dtype=np.int32), fixed, fixed)
        if _run(highs) == "optimal":
            held = highs.getInfo().objective_function_value
    return {
        "status": "optimal",
        "held": held,
        "baseline": baseline,
        "objective": first,
        "cost": float(cost @ primal),
        "duals": float(np.abs(duals).sum()),
        "reduced": float(np.abs(reduced).sum()),
    }
