"""An independent implementation of ../shared/spec/MODEL.md with scipy's linprog, with
the additions of ../shared/spec/SUBSTITUTION.md (v3): substitute designs, reuse and
recycling per design, material kinds (reported only: nothing here) and row 12, the
primary supply caps.

It shares no code with `model/`: it takes the plain row dictionaries a test writes to a
workbook (the same shape as inputs/build_default.py's ROWS) and builds the matrices
itself, so a wrong reading, a wrong coefficient or a wrong sign in our formulation shows
up as a different optimum. A workbook without substitute measures and supply caps gives
the same linear programme as before v3, row for row.

Worked by hand (tests/math/test_reference_substitution.py runs each). One group g with
demand 100 t, collection rate 1, reusable share 1; materials a (weight 1) and b (weight
2); the standard design is 1 t of a per tonne; a substitute measure s of g (cost 0) is
0.5 t of b per standard-equivalent tonne, so a tonne of either design weighs 1.

1. Ties and lifetime: N + x_s ≥ 100 and the objective is N + 2 · 0.5 · P_s. With
   e_s = 0 (P_s = x_s) every split gives 100. With lifetime_extension 1, P_s = x_s / 2:
   x_s = 100, N = 0, objective 50 against the baseline's 100 (x_s fixed at 0).
2. Per design and the yield rule: s has max_t 30; a recycle measure r of g (quality 1,
   yield 1, a recycling_yields row of 0 for a; cost 1 €/t) and a budget of 60 €. b is in
   s only, and without a row r recovers it at its own yield 1; a at 0. Purchases tie,
   so take x_s = 30, N = 70. Row 4 per design: x_{r,s} ≤ Out_s = P_s = 30, and each
   tonne of it recovers 0.5 t of b (U_b ≤ Gross_b = 15 holds): 30 saved, objective 70
   (budget used 30 €). Pooling the designs' outflow would allow 60 t on s's
   composition (40); a yield of 0 for b, 100.
3. Row 12: cap a at 30 t (no r). P_a = N ≤ 30, so x_s ≥ 70: objective 30 + 70 = 100
   still. With b's weight 3 it is 30 + 1.5 · 70 = 135, and one more tonne of primary a
   saves 1.5 − 1 = 0.5 (the cap's shadow price); the baseline leaves row 12 out and
   stays 100. Cap a at 30 and b at 10: at most 30 t standard and 20 t of s serve 100 t:
   infeasible, with the baseline still 100.
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
        # SUBSTITUTION.md: the alternative designs' compositions, material kinds, row 12.
        self.wsub: dict[str, dict[str, float]] = {}
        for r in rows.get("substitutes", []):
            self.wsub.setdefault(r["measure"], {})[r["material"]] = r["mass_fraction"]
        self.kind_m = {
            r["material"]: (_d(r.get("kind"), "abiotic")).strip().lower() for r in rows["materials"]
        }
        self.pmax = {r["material"]: r.get("max_primary_t") for r in rows["materials"]}

    def y(self, s: str, m: str) -> float:
        """y_sm: the recycling_yields row where there is one, else the measure's yield
        (for a material only a substitute design contains too)."""
        if (s, m) in self.ymat:
            return self.ymat[(s, m)]
        return _d(self.meas[s].get("yield"), 0.0)

    def substitutes(self, g: str) -> list[str]:
        """S_g^sub, in the order of the measures sheet."""
        return [
            s for s in self.S if self.meas[s]["group"] == g and self.meas[s]["type"] == "substitute"
        ]

    def designs(self, g: str) -> list[str]:
        """V_g = {std} ∪ S_g^sub; "std" stands for the standard design."""
        return ["std", *self.substitutes(g)]

    def e(self, s: str) -> float:
        """lifetime_extension of a substitute measure (default 0)."""
        return _d(self.meas[s].get("lifetime_extension"), 0.0)

    def wv(self, g: str, v: str, m: str) -> float:
        """w^v_m: the standard composition w_gm, or a substitute's own."""
        if v == "std":
            return self.w.get((g, m), 0.0)
        return self.wsub.get(v, {}).get(m, 0.0)


def _d(value, default):
    return default if value is None else value


def _build(
    spec: Spec,
    *,
    baseline: bool = False,
    objective: str | None = None,
    target_level: float | None = None,
):
    """The linear programme of MODEL.md (+ SUBSTITUTION.md) as linprog's arguments, and
    the column and row labels a caller reads the answer by."""
    objective = objective or ("min_primary" if baseline else spec.objective)
    S, G, M = spec.S, spec.G, spec.M
    nS, nG, nM = len(S), len(G), len(M)
    n = nS + nG + 2 * nM
    xi = {s: i for i, s in enumerate(S)}
    ni = {g: nS + i for i, g in enumerate(G)}
    ui = {m: nS + nG + i for i, m in enumerate(M)}
    ii = {m: nS + nG + nM + i for i, m in enumerate(M)}  # I_m, outside supply

    def kind(s):
        return spec.meas[s]["type"]

    # x_{r,v}: a reuse or recycle measure of a group with substitute designs gets one
    # column per design (after all others); elsewhere x_{r,std} is x_r itself.
    vi: dict[tuple[str, str], int] = {}
    for s in S:
        g = spec.meas[s]["group"]
        if kind(s) in ("reuse", "recycle") and spec.substitutes(g):
            for v in spec.designs(g):
                vi[(s, v)] = n
                n += 1

    def split(s) -> list[tuple[str, int]]:
        """(design, column) of x_{s,v} for a reuse or recycle measure s."""
        g = spec.meas[s]["group"]
        if not spec.substitutes(g):
            return [("std", xi[s])]
        return [(v, vi[(s, v)]) for v in spec.designs(g)]

    def purchases(g) -> dict[int, float]:
        """New_g = N_g + Σ_sub P_s, P_s = x_s / (1 + e_s), as coefficients."""
        c = {ni[g]: 1.0}
        for s in spec.substitutes(g):
            c[xi[s]] = 1.0 / (1.0 + spec.e(s))
        return c

    A, b, labels = [], [], []
    A_eq, b_eq = [], []

    def row(coefs: dict[int, float], rhs: float, label=None):
        r = np.zeros(n)
        for j, c in coefs.items():
            r[j] += c
        A.append(r)
        b.append(rhs)
        labels.append(label)

    for g in G:
        mine = [s for s in S if spec.meas[s]["group"] == g]
        dfr = [s for s in mine if kind(s) == "design_for_repair"]
        reuse = [s for s in mine if kind(s) == "reuse"]
        rec = [s for s in mine if kind(s) == "recycle"]
        sub = [s for s in mine if kind(s) == "substitute"]
        # (1) -N - Σ_sub x - Σ a x - Σ δ x ≤ -D
        c = {ni[g]: -1.0}
        for s in dfr:
            e = spec.meas[s]["lifetime_extension"]
            c[xi[s]] = c.get(xi[s], 0) - e / (1 + e)
        for s in reuse:
            c[xi[s]] = c.get(xi[s], 0) - spec.meas[s]["displacement"]
        for s in sub:
            c[xi[s]] = c.get(xi[s], 0) - 1.0
        row(c, -spec.D[g], ("demand", g))
        # (2)
        if dfr:
            row({xi[s]: 1.0 for s in dfr}, spec.D[g], ("repair_coverage", g))
        # (2b) Σ x / (1 + e) − N ≤ 0
        if dfr:
            c = {xi[s]: 1.0 / (1.0 + spec.meas[s]["lifetime_extension"]) for s in dfr}
            c[ni[g]] = -1.0
            row(c, 0.0, ("repairable_purchases", g))
        if not sub:
            # (3) Σ reuse x − rho (N + Σ reuse x) ≤ 0
            c = {ni[g]: -spec.rho[g]}
            for s in reuse:
                c[xi[s]] = 1.0 - spec.rho[g]
            row(c, 0.0, ("reuse_availability", g, "std"))
            # (4)
            c = {ni[g]: -spec.col[g]}
            for s in reuse:
                c[xi[s]] = 1.0 - spec.col[g]
            for s in rec:
                c[xi[s]] = 1.0
            row(c, 0.0, ("collection", g, "std"))
            continue
        # x_r = Σ_v x_{r,v}
        for s in reuse + rec:
            r_ = np.zeros(n)
            r_[xi[s]] = 1.0
            for _v, j in split(s):
                r_[j] -= 1.0
            A_eq.append(r_)
            b_eq.append(0.0)
        # Out_{g,std} = N_g + Σ_reuse x_{r,std}; Out_{g,s} = P_s + Σ_reuse x_{r,s}
        for name, share, counted in (
            ("reuse_availability", spec.rho[g], reuse),
            ("collection", spec.col[g], reuse + rec),
        ):
            for v in spec.designs(g):
                # x_{r,v} counted − share · Out_{g,v} ≤ 0
                c = {ni[g]: -share} if v == "std" else {xi[v]: -share / (1.0 + spec.e(v))}
                for s in reuse:
                    j = dict(split(s))[v]
                    c[j] = c.get(j, 0.0) - share
                for s in counted:
                    j = dict(split(s))[v]
                    c[j] = c.get(j, 0.0) + 1.0
                row(c, 0.0, (name, g, v))

    def gross(m) -> dict[int, float]:
        """Gross_m = Σ_g ( w_gm N_g + Σ_sub w^s_m P_s )."""
        out = {ni[g]: spec.w.get((g, m), 0.0) for g in G}
        for g in G:
            for s in spec.substitutes(g):
                out[xi[s]] = spec.wv(g, s, m) / (1.0 + spec.e(s))
        return out

    for m in M:
        # (5) U − Σ_r Σ_v q y w^v x_{r,v} − I ≤ 0
        c = {ui[m]: 1.0, ii[m]: -1.0}
        for s in S:
            if kind(s) == "recycle":
                g = spec.meas[s]["group"]
                for v, j in split(s):
                    c[j] = c.get(j, 0.0) - spec.meas[s]["quality"] * spec.y(s, m) * spec.wv(g, v, m)
        row(c, 0.0, ("secondary_supply", m))
        # (6) U − kmax Gross ≤ 0
        c = {j: -spec.kmax[m] * v for j, v in gross(m).items()}
        c[ui[m]] = c.get(ui[m], 0) + 1.0
        row(c, 0.0, ("max_secondary_share", m))
        # (7) kmin Gross − U ≤ 0
        if not baseline:
            c = {j: spec.kmin[m] * v for j, v in gross(m).items()}
            c[ui[m]] = c.get(ui[m], 0) - 1.0
            row(c, 0.0, ("min_secondary_share", m))
        # (12) Gross − U ≤ pmax (left out of the baseline)
        if not baseline and spec.pmax.get(m) is not None:
            c = dict(gross(m))
            c[ui[m]] = c.get(ui[m], 0) - 1.0
            row(c, spec.pmax[m], ("primary_supply", m))
    # (11) requirements (not in the baseline): share · New − counted ≤ 0
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
            c = {j: share * v for j, v in purchases(g).items()}
            for s in mine:
                if kind(s) in counts[req["kind"]]:
                    c[xi[s]] = -1.0
        row(c, 0.0, ("requirement", req["requirement"]))
    cost = np.zeros(n)
    for s in S:
        cost[xi[s]] = spec.meas[s]["cost_eur_per_t"]
    for m in M:
        cost[ii[m]] = spec.ci[m]
    if spec.budget is not None and not baseline:
        row({j: cost[j] for j in range(n) if cost[j]}, spec.budget, ("budget",))
    for k in spec.K:
        row({xi[s]: spec.u.get((s, k), 0.0) for s in S}, spec.cap[k], ("capacity", k))
    weighted = np.zeros(n)
    for m in M:
        weighted[ui[m]] -= spec.omega[m]
        for j, v in gross(m).items():
            weighted[j] += spec.omega[m] * v
    if target_level is not None:
        A.append(weighted.copy())
        b.append(target_level)
        labels.append(("target",))
    bounds = []
    for s in S:
        lo = _d(spec.meas[s].get("min_t"), 0.0)
        up = spec.meas[s].get("max_t")
        bounds.append((lo, lo) if baseline else (lo, up))
    bounds += [(0, None)] * (nG + nM)
    bounds += [(0, 0.0 if baseline else spec.imax[m]) for m in M]
    bounds += [(0, None)] * len(vi)
    problem = {
        "c": weighted if objective == "min_primary" else cost,
        "A_ub": np.array(A),
        "b_ub": np.array(b),
        "bounds": bounds,
    }
    if A_eq:
        problem.update(A_eq=np.array(A_eq), b_eq=np.array(b_eq))
    index = {"x": xi, "N": ni, "U": ui, "I": ii, "split": vi, "rows": labels, "gross": gross}
    return problem, index, weighted, cost


def solve(
    spec: Spec,
    *,
    baseline: bool = False,
    objective: str | None = None,
    target_level: float | None = None,
):
    """Return (objective value, x by measure) or (None, None) if infeasible."""
    answer = details(spec, baseline=baseline, objective=objective, target_level=target_level)
    if answer is None:
        return None, None
    return answer["objective"], answer["x"]


def details(
    spec: Spec,
    *,
    baseline: bool = False,
    objective: str | None = None,
    target_level: float | None = None,
) -> dict | None:
    """The first solve's answer in full (None if infeasible): objective, x by measure,
    x_{r,v} by (measure, design), N by group, U, I and primary use P_m by material,
    weighted primary use and cost, and the shadow price of each inequality row by its
    label (objective saved per unit more of the limit, i.e. −dual)."""
    problem, index, weighted, cost = _build(
        spec, baseline=baseline, objective=objective, target_level=target_level
    )
    result = linprog(**problem, method="highs")
    if result.status == 2:
        return None
    assert result.status == 0, result.message
    x = result.x

    def value(coefs: dict[int, float]) -> float:
        return float(sum(c * x[j] for j, c in coefs.items()))

    primary = {m: value(index["gross"](m)) - float(x[index["U"][m]]) for m in spec.M}
    return {
        "objective": float(result.fun),
        "x": {s: float(x[j]) for s, j in index["x"].items()},
        "split": {key: float(x[j]) for key, j in index["split"].items()},
        "N": {g: float(x[j]) for g, j in index["N"].items()},
        "U": {m: float(x[j]) for m, j in index["U"].items()},
        "I": {m: float(x[j]) for m, j in index["I"].items()},
        "primary": primary,
        "weighted": float(weighted @ x),
        "cost": float(cost @ x),
        "shadow": {
            label: -float(d)
            for label, d in zip(index["rows"], result.ineqlin.marginals, strict=True)
        },
    }


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
