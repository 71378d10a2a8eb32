"""An independent implementation of ../shared/spec/MODEL.md with scipy's linprog.

It shares no code with `model/`: it takes the plain row dictionaries a test writes to a
workbook (the same shape as inputs/build_default.py's ROWS) and builds the matrices
itself, so a wrong reading, a wrong coefficient or a wrong sign in our formulation shows
up as a different optimum.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog


class Spec:
    """The rows, with defaults applied as MODEL.md states them."""

    def __init__(self, rows: dict[str, list[dict]]):
        settings = {r["setting"]: r.get("value") for r in rows.get("settings", [])}
        self.objective = settings.get("objective") or "min_primary"
        self.budget = settings.get("budget_eur")
        self.target = settings.get("reduction_target")
        self.G = [r["group"] for r in rows["groups"]]
        self.D = {r["group"]: r["demand_t"] for r in rows["groups"]}
        self.col = {r["group"]: _d(r.get("collection_rate"), 1.0) for r in rows["groups"]}
        self.rho = {r["group"]: _d(r.get("reusable_share"), 0.0) for r in rows["groups"]}
        self.M = [r["material"] for r in rows["materials"]]
        self.omega = {r["material"]: _d(r.get("weight"), 1.0) for r in rows["materials"]}
        self.kmax = {
            r["material"]: _d(r.get("max_secondary_share"), 1.0) for r in rows["materials"]
        }
        self.kmin = {
            r["material"]: _d(r.get("min_secondary_share"), 0.0) for r in rows["materials"]
        }
        self.imax = {
            r["material"]: _d(r.get("outside_secondary_t"), 0.0) for r in rows["materials"]
        }
        self.ci = {
            r["material"]: _d(r.get("outside_secondary_cost_eur_per_t"), 0.0)
            for r in rows["materials"]
        }
        self.w = {(r["group"], r["material"]): r["mass_fraction"] for r in rows["composition"]}
        self.S = [r["measure"] for r in rows["measures"]]
        self.meas = {r["measure"]: r for r in rows["measures"]}
        self.ymat = {
            (r["measure"], r["material"]): r["yield"] for r in rows.get("recycling_yields", [])
        }
        self.K = [r["capacity"] for r in rows.get("capacities", [])]
        self.cap = {r["capacity"]: r["limit"] for r in rows.get("capacities", [])}
        self.u = {
            (r["measure"], r["capacity"]): r["use_per_t"] for r in rows.get("capacity_use", [])
        }
        self.requirements = list(rows.get("requirements", []))

    def y(self, s: str, m: str) -> float:
        if (s, m) in self.ymat:
            return self.ymat[(s, m)]
        return _d(self.meas[s].get("yield"), 0.0)


def _d(value, default):
    return default if value is None else value


def solve(
    spec: Spec,
    *,
    baseline: bool = False,
    objective: str | None = None,
    target_level: float | None = None,
):
    """Return (objective value, x by measure) or (None, None) if infeasible."""
    objective = objective or ("min_primary" if baseline else spec.objective)
    S, G, M = spec.S, spec.G, spec.M
    nS, nG, nM = len(S), len(G), len(M)
    n = nS + nG + 2 * nM
    xi = {s: i for i, s in enumerate(S)}
    ni = {g: nS + i for i, g in enumerate(G)}
    ui = {m: nS + nG + i for i, m in enumerate(M)}
    ii = {m: nS + nG + nM + i for i, m in enumerate(M)}  # I_m, outside supply
    A, b = [], []

    def row(coefs: dict[int, float], rhs: float):
        r = np.zeros(n)
        for j, c in coefs.items():
            r[j] += c
        A.append(r)
        b.append(rhs)

    def kind(s):
        return spec.meas[s]["type"]

    for g in G:
        mine = [s for s in S if spec.meas[s]["group"] == g]
        dfr = [s for s in mine if kind(s) == "design_for_repair"]
        reuse = [s for s in mine if kind(s) == "reuse"]
        rec = [s for s in mine if kind(s) == "recycle"]
        # (1) -N - Σ a x - Σ δ x ≤ -D
        c = {ni[g]: -1.0}
        for s in dfr:
            e = spec.meas[s]["lifetime_extension"]
            c[xi[s]] = c.get(xi[s], 0) - e / (1 + e)
        for s in reuse:
            c[xi[s]] = c.get(xi[s], 0) - spec.meas[s]["displacement"]
        row(c, -spec.D[g])
        # (2)
        if dfr:
            row({xi[s]: 1.0 for s in dfr}, spec.D[g])
        # (2b) Σ x / (1 + e) − N ≤ 0
        if dfr:
            c = {xi[s]: 1.0 / (1.0 + spec.meas[s]["lifetime_extension"]) for s in dfr}
            c[ni[g]] = -1.0
            row(c, 0.0)
        # (3) Σ reuse x − rho (N + Σ reuse x) ≤ 0
        c = {ni[g]: -spec.rho[g]}
        for s in reuse:
            c[xi[s]] = 1.0 - spec.rho[g]
        row(c, 0.0)
        # (4)
        c = {ni[g]: -spec.col[g]}
        for s in reuse:
            c[xi[s]] = 1.0 - spec.col[g]
        for s in rec:
            c[xi[s]] = 1.0
        row(c, 0.0)
    for m in M:
        gross = {ni[g]: spec.w.get((g, m), 0.0) for g in G}
        # (5) U − Σ q y w x − I ≤ 0
        c = {ui[m]: 1.0, ii[m]: -1.0}
        for s in S:
            if kind(s) == "recycle":
                g = spec.meas[s]["group"]
                c[xi[s]] = -spec.meas[s]["quality"] * spec.y(s, m) * spec.w.get((g, m), 0.0)
        row(c, 0.0)
        # (6) U − kmax Gross ≤ 0
        c = {j: -spec.kmax[m] * v for j, v in gross.items()}
        c[ui[m]] = c.get(ui[m], 0) + 1.0
        row(c, 0.0)
        # (7) kmin Gross − U ≤ 0
        if not baseline:
            c = {j: spec.kmin[m] * v for j, v in gross.items()}
            c[ui[m]] = c.get(ui[m], 0) - 1.0
            row(c, 0.0)
    # (11) requirements (not in the baseline): share · base − counted ≤ 0
    counts = {
        "reuse": ("reuse",),
        "recycle": ("recycle",),
        "reuse_or_recycle": ("reuse", "recycle"),
    }
    for req in [] if baseline else spec.requirements:
        g, share = req["group"], req["min_share"]
        mine = [s for s in S if spec.meas[s]["group"] == g]
        c = {}
        if req["kind"] == "high_grade_recycle":
            for s in mine:
                if kind(s) == "recycle":
                    c[xi[s]] = share - (1.0 if spec.meas[s]["quality"] >= 0.9 else 0.0)
        else:
            c[ni[g]] = share
            for s in mine:
                if kind(s) in counts[req["kind"]]:
                    c[xi[s]] = -1.0
        row(c, 0.0)
    cost = np.zeros(n)
    for s in S:
        cost[xi[s]] = spec.meas[s]["cost_eur_per_t"]
    for m in M:
        cost[ii[m]] = spec.ci[m]
    if spec.budget is not None and not baseline:
        row({j: cost[j] for j in range(n) if cost[j]}, spec.budget)
    for k in spec.K:
        row({xi[s]: spec.u.get((s, k), 0.0) for s in S}, spec.cap[k])
    weighted = np.zeros(n)
    for m in M:
        weighted[ui[m]] -= spec.omega[m]
        for g in G:
            weighted[ni[g]] += spec.omega[m] * spec.w.get((g, m), 0.0)
    if target_level is not None:
        A.append(weighted.copy())
        b.append(target_level)
    bounds = []
    for s in S:
        lo = _d(spec.meas[s].get("min_t"), 0.0)
        up = spec.meas[s].get("max_t")
        bounds.append((lo, lo) if baseline else (lo, up))
    bounds += [(0, None)] * (nG + nM)
    bounds += [(0, 0.0 if baseline else spec.imax[m]) for m in M]
    c = weighted if objective == "min_primary" else cost
    result = linprog(c, A_ub=np.array(A), b_ub=np.array(b), bounds=bounds, method="highs")
    if result.status == 2:
        return None, None
    assert result.status == 0, result.message
    return float(result.fun), {s: float(result.x[xi[s]]) for s in S}


def optimum(rows: dict[str, list[dict]]):
    """(status, objective, baseline) of the scenario in `rows`, as MODEL.md defines it."""
    spec = Spec(rows)
    base, _ = solve(spec, baseline=True)
    if base is None:
        return "bad_baseline", None, None
    if spec.objective == "min_cost":
        value, _ = solve(spec, objective="min_cost", target_level=(1 - spec.target) * base)
    else:
        value, _ = solve(spec)
    return ("optimal" if value is not None else "infeasible"), value, base
