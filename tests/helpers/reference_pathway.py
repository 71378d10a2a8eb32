"""An independent implementation of ../shared/spec/PATHWAY.md with scipy's linprog.

Like tests/helpers/reference.py it shares no code with `model/`: it reads the plain row
dictionaries a test writes to a workbook and derives everything from the spec — the
interpolation rule, demand with growth and history, Weibull lifetimes on the mid-year
convention, the cohort sums — with dense matrices and its own loops. With
../shared/spec/SUBSTITUTION.md (v3): substitute designs with their own lifetime variant
mu_g (1 + e_s) and composition, the outflow, reuse and recycling kept apart per design,
and row 12 (primary supply caps, a `max_primary_t` path per material, not in the
baseline). A pathway without substitute measures and caps gives the same linear
programme as before v3, row for row.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from scipy.optimize import linprog

from tests.helpers.reference import Spec, _d

CUT = 1e-4


def _interpolate(points: dict[int, float], year: int) -> float:
    years = sorted(points)
    if year <= years[0]:
        return points[years[0]]
    if year >= years[-1]:
        return points[years[-1]]
    for y0, y1 in itertools.pairwise(years):
        if y0 <= year <= y1:
            return points[y0] + (points[y1] - points[y0]) * (year - y0) / (y1 - y0)
    raise AssertionError("unreachable")


def _shares(mean: float, shape: float) -> tuple[list[float], list[float]]:
    """s(a) = S(a + 1/2) cut at the first a ≥ 1 with S ≤ 1e-4; f from s."""

    def survival(x: float) -> float:
        if mean <= 0:
            return 0.0
        lam = mean / math.gamma(1 + 1 / shape)
        return math.exp(-((x / lam) ** shape))

    s = [survival(0.5)]
    a = 1
    while survival(a + 0.5) > CUT:
        s.append(survival(a + 0.5))
        a += 1
    s.append(0.0)
    f = [0.0, 1.0 - s[1]] + [s[i - 1] - s[i] for i in range(2, len(s))]
    return s, f


class PathSpec(Spec):
    def __init__(self, rows: dict[str, list[dict]]):
        super().__init__(rows)
        settings = {r["setting"]: r.get("value") for r in rows.get("settings", [])}
        self.t0, self.t1 = int(settings["first_year"]), int(settings["last_year"])
        self.r = _d(settings.get("discount_rate"), 0.0)
        self.Y = list(range(self.t0, self.t1 + 1))
        self.paths: dict[tuple[str, str], dict[int, float]] = {}
        for row in rows.get("paths", []):
            key = (row["parameter"], row.get("item") or "")
            self.paths.setdefault(key, {})[int(row["year"])] = row["value"]
        groups = {r["group"]: r for r in rows["groups"]}
        self.mu = {g: r["lifetime_years"] for g, r in groups.items()}
        self.k = {g: _d(r.get("lifetime_shape"), 2.0) for g, r in groups.items()}
        self.gr = {g: _d(r.get("demand_growth"), 0.0) for g, r in groups.items()}
        self.pg = {g: _d(r.get("past_growth"), self.gr[g]) for g, r in groups.items()}
        caps = {r["capacity"]: r for r in rows.get("capacities", [])}
        self.beta = {
            k: r["build_cost_eur_per_unit"]
            for k, r in caps.items()
            if r.get("build_cost_eur_per_unit") is not None
        }
        self.lead = {k: int(_d(r.get("build_lead_years"), 0)) for k, r in caps.items()}
        self.zmax = {k: r.get("max_build_per_year") for k, r in caps.items()}
        self.req = list(rows.get("requirements", []))
        self.D0 = dict(self.D)  # demand_t of the groups sheet, the base of growth

    def p(self, parameter: str, item: str, year: int, base):
        points = self.paths.get((parameter, item))
        return _interpolate(points, year) if points else base

    def demand(self, g: str, t: int) -> float:
        points = self.paths.get(("demand_t", g))
        if points:
            return _interpolate(points, t)
        rate = self.gr[g] if t >= self.t0 else self.pg[g]
        return self.D0[g] * (1 + rate) ** (t - self.t0)


def optimum(rows: dict[str, list[dict]]):
    """(status, objective, baseline total) of the pathway in `rows`, as PATHWAY.md says."""
    spec = PathSpec(rows)
    base, base_by_year = _solve(spec, baseline=True)
    if base is None:
        return "bad_baseline", None, None
    value, _ = _solve(spec, baseline=False, base_by_year=base_by_year)
    return ("optimal" if value is not None else "infeasible"), value, base


def _solve(spec: PathSpec, *, baseline: bool, base_by_year=None, answer: dict | None = None):
    """(objective, weighted primary use by year) of the first solve, or (None, None) if
    infeasible. A dict passed as `answer` receives the solution: every column by its key
    (("x", s, t), ("xv", s, v, t), ("N", g, t), ("U", m, t), ("I", m, t), ("Z", k, t))
    and the primary use of each (material, year)."""
    S, G, M, Y, K = spec.S, spec.G, spec.M, spec.Y, spec.K
    kind = {s: spec.meas[s]["type"] for s in S}
    group = {s: spec.meas[s]["group"] for s in S}
    cols: dict[tuple, int] = {}
    subs = {g: spec.substitutes(g) for g in G}
    for s in S:
        for t in Y:
            cols[("x", s, t)] = len(cols)
    for name, items in (("N", G), ("U", M), ("I", M)):
        for i in items:
            for t in Y:
                cols[(name, i, t)] = len(cols)
    for k in spec.beta:
        for t in Y:
            cols[("Z", k, t)] = len(cols)
    # x_{r,v,t}: reuse and recycling per design, in groups with substitute designs
    for s in S:
        if kind[s] in ("reuse", "recycle") and subs[group[s]]:
            for v in spec.designs(group[s]):
                for t in Y:
                    cols[("xv", s, v, t)] = len(cols)
    n = len(cols)
    A_ub, b_ub, A_eq, b_eq = [], [], [], []

    def vec(entries):
        v = np.zeros(n)
        for key, c in entries:
            v[cols[key]] += c
        return v

    def ub(entries, rhs):
        A_ub.append(vec(entries))
        b_ub.append(rhs)

    lives = {}
    for g in G:
        lives[("N", g)] = _shares(spec.mu[g], spec.k[g])
    for s in S:
        g = group[s]
        if kind[s] == "design_for_repair":
            lives[("x", s)] = _shares(
                spec.mu[g] * (1 + spec.meas[s]["lifetime_extension"]), spec.k[g]
            )
        elif kind[s] == "reuse":
            lives[("x", s)] = _shares(spec.meas[s]["displacement"] * spec.mu[g], spec.k[g])
        elif kind[s] == "substitute":
            lives[("x", s)] = _shares(spec.mu[g] * (1 + spec.e(s)), spec.k[g])

    def entering(g):  # (var key prefix, item, coefficient per unit)
        out = [(("N", g), 1.0)]
        for s in S:
            if group[s] == g and kind[s] == "design_for_repair":
                out.append((("x", s), 1 / (1 + spec.meas[s]["lifetime_extension"])))
            elif group[s] == g and kind[s] == "reuse":
                out.append((("x", s), 1.0))
            elif group[s] == g and kind[s] == "substitute":
                out.append((("x", s), 1 / (1 + spec.e(s))))
        return out

    def new(g, t, c=1.0):
        """The standard design put on market: N + Σ_dfr P (times c)."""
        out = [(("N", g, t), c)]
        for s in S:
            if group[s] == g and kind[s] == "design_for_repair":
                out.append((("x", s, t), c / (1 + spec.meas[s]["lifetime_extension"])))
        return out

    def new_all(g, t, c=1.0):
        """New_{g,t} = N + Σ_dfr P + Σ_sub P (times c): what requirements count."""
        return new(g, t, c) + [(("x", s, t), c / (1 + spec.e(s))) for s in subs[g]]

    def gross_terms(m, t, c=1.0):
        """Gross_{m,t} = Σ_g ( w_gm (N + Σ_dfr P) + Σ_sub w^s_m P_s ) (times c)."""
        out = []
        for g in G:
            wgm = spec.w.get((g, m), 0.0)
            if wgm:
                out += new(g, t, c * wgm)
            for s in subs[g]:
                wsm = spec.wv(g, s, m)
                if wsm:
                    out.append((("x", s, t), c * wsm / (1 + spec.e(s))))
        return out

    def out_terms(g, t, c=1.0):
        entries = []
        for (name, item), per in entering(g):
            f = lives[(name, item)][1]
            for cohort in range(spec.t0, t):
                a = t - cohort
                if a < len(f) and f[a]:
                    entries.append(((name, item, cohort), c * per * f[a]))
        return entries

    def out_design(g, v, t, c=1.0):
        """Out_{g,v,t} less history, per design: the standard's N, repairable products and
        reused standard products; a substitute's purchases and its reused products."""
        if v == "std":
            sources = [(("N", g), 1.0)] + [
                (("x", s), 1 / (1 + spec.meas[s]["lifetime_extension"]))
                for s in S
                if group[s] == g and kind[s] == "design_for_repair"
            ]
        else:
            sources = [(("x", v), 1 / (1 + spec.e(v)))]
        entries = []
        for (name, item), per in sources:
            f = lives[(name, item)][1]
            for cohort in range(spec.t0, t):
                a = t - cohort
                if a < len(f) and f[a]:
                    entries.append(((name, item, cohort), c * per * f[a]))
        for s in S:
            if group[s] == g and kind[s] == "reuse":
                f = lives[("x", s)][1]
                for cohort in range(spec.t0, t):
                    a = t - cohort
                    if a < len(f) and f[a]:
                        entries.append((("xv", s, v, cohort), c * f[a]))
        return entries

    def history(g, t):
        f = lives[("N", g)][1]
        return sum(
            spec.demand(g, c) * f[t - c]
            for c in range(t - len(f) + 1, spec.t0)
            if 0 < t - c < len(f)
        )

    weighted_by_year, cost_by_year = {}, {}
    for t in Y:
        w = []
        for m in M:
            w += gross_terms(m, t, spec.omega[m])
            w.append((("U", m, t), -spec.omega[m]))
        weighted_by_year[t] = w
        c = [
            (("x", s, t), spec.p("cost_eur_per_t", s, t, spec.meas[s]["cost_eur_per_t"])) for s in S
        ]
        c += [(("Z", k, t), spec.beta[k]) for k in spec.beta]
        c += [
            (("I", m, t), spec.p("outside_secondary_cost_eur_per_t", m, t, spec.ci[m])) for m in M
        ]
        cost_by_year[t] = c

    for t in Y:
        for g in G:
            # 1 service (equality)
            stock = []
            for (name, item), per in entering(g):
                s_ = lives[(name, item)][0]
                for cohort in range(spec.t0, t + 1):
                    a = t - cohort
                    if a < len(s_) and s_[a]:
                        stock.append(((name, item, cohort), per * s_[a]))
            s_g = lives[("N", g)][0]
            base_stock = sum(
                spec.demand(g, c) * s_g[t - c] for c in range(spec.t0, t + 1) if t - c < len(s_g)
            )
            A_eq.append(vec(stock))
            b_eq.append(base_stock)
            mine = [s for s in S if group[s] == g]
            dfr = [s for s in mine if kind[s] == "design_for_repair"]
            reuse = [s for s in mine if kind[s] == "reuse"]
            rec = [s for s in mine if kind[s] == "recycle"]
            if dfr:  # 2
                ub([(("x", s, t), 1.0) for s in dfr], spec.demand(g, t))
            hist = history(g, t)
            if subs[g]:  # per design: x_r = Σ_v x_{r,v}; 3 and 4 for each design
                for s in reuse + rec:
                    A_eq.append(
                        vec(
                            [(("x", s, t), 1.0)]
                            + [(("xv", s, v, t), -1.0) for v in spec.designs(g)]
                        )
                    )
                    b_eq.append(0.0)
                rho = spec.p("reusable_share", g, t, spec.rho[g])
                col = spec.p("collection_rate", g, t, spec.col[g])
                for v in spec.designs(g):
                    h = hist if v == "std" else 0.0
                    if reuse:  # 3
                        ub(
                            [(("xv", s, v, t), 1.0) for s in reuse] + out_design(g, v, t, -rho),
                            rho * h,
                        )
                    if reuse or rec:  # 4
                        ub(
                            [(("xv", s, v, t), 1.0) for s in reuse + rec]
                            + out_design(g, v, t, -col),
                            col * h,
                        )
                continue
            if reuse:  # 3
                rho = spec.p("reusable_share", g, t, spec.rho[g])
                ub([(("x", s, t), 1.0) for s in reuse] + out_terms(g, t, -rho), rho * hist)
            if reuse or rec:  # 4
                col = spec.p("collection_rate", g, t, spec.col[g])
                ub([(("x", s, t), 1.0) for s in reuse + rec] + out_terms(g, t, -col), col * hist)
        for m in M:
            gross = gross_terms(m, t)
            sec = []
            for s in S:
                if kind[s] == "recycle":
                    if subs[group[s]]:  # Σ_v q y w^v x_{r,v}
                        for v in spec.designs(group[s]):
                            wvm = spec.wv(group[s], v, m)
                            sec.append(
                                (("xv", s, v, t), -spec.meas[s]["quality"] * spec.y(s, m) * wvm)
                            )
                        continue
                    wgm = spec.w.get((group[s], m), 0.0)
                    sec.append((("x", s, t), -spec.meas[s]["quality"] * spec.y(s, m) * wgm))
            ub([(("U", m, t), 1.0), (("I", m, t), -1.0), *sec], 0.0)  # 5
            kmax = spec.p("max_secondary_share", m, t, spec.kmax[m])
            ub([(("U", m, t), 1.0)] + [(key, -kmax * c) for key, c in gross], 0.0)  # 6
            kmin = spec.p("min_secondary_share", m, t, spec.kmin[m])
            if kmin and not baseline:  # 7
                ub([(("U", m, t), -1.0)] + [(key, kmin * c) for key, c in gross], 0.0)
            pmax = spec.p("max_primary_t", m, t, spec.pmax[m])
            if pmax is not None and not baseline:  # 12: Gross − U ≤ pmax
                ub([*gross, (("U", m, t), -1.0)], pmax)
        budget_given = spec.budget is not None or ("budget_eur", "") in spec.paths
        if budget_given and not baseline:  # 8
            ub(cost_by_year[t], spec.p("budget_eur", "", t, spec.budget))
        for k in K:  # 9
            users = [(("x", s, t), spec.u[(s, k)]) for s in S if spec.u.get((s, k))]
            if not users:
                continue
            built = []
            if k in spec.beta:
                built = [(("Z", k, tau), -1.0) for tau in range(spec.t0, t - spec.lead[k] + 1)]
            ub(users + built, spec.p("limit", k, t, spec.cap[k]))
        if not baseline:  # 11
            for req in spec.req:
                g, share = (
                    req["group"],
                    spec.p("min_share", req["requirement"], t, req["min_share"]),
                )
                mine = [s for s in S if group[s] == g]
                if req["kind"] == "high_grade_recycle":
                    entries = [
                        (("x", s, t), share - (1.0 if spec.meas[s]["quality"] >= 0.9 else 0.0))
                        for s in mine
                        if kind[s] == "recycle"
                    ]
                else:
                    counted = {
                        "reuse": ("reuse",),
                        "recycle": ("recycle",),
                        "reuse_or_recycle": ("reuse", "recycle"),
                    }[req["kind"]]
                    entries = new_all(g, t, share) + [
                        (("x", s, t), -1.0) for s in mine if kind[s] in counted
                    ]
                ub(entries, 0.0)
        if not baseline and spec.objective == "min_cost":  # T
            target = spec.p("reduction_target", "", t, spec.target) or 0.0
            if target:
                ub(weighted_by_year[t], (1 - target) * base_by_year[t])

    bounds = [(0, None)] * n
    for s in S:
        for t in Y:
            lo = spec.p("min_t", s, t, _d(spec.meas[s].get("min_t"), 0.0))
            up = spec.p("max_t", s, t, spec.meas[s].get("max_t"))
            bounds[cols[("x", s, t)]] = (lo, lo) if baseline else (lo, up)
    for m in M:
        for t in Y:
            imax = spec.p("outside_secondary_t", m, t, spec.imax[m])
            bounds[cols[("I", m, t)]] = (0, 0) if baseline else (0, imax)
    for k in spec.beta:
        for t in Y:
            bounds[cols[("Z", k, t)]] = (0, 0) if baseline else (0, spec.zmax[k])
    primary = vec([e for t in Y for e in weighted_by_year[t]])
    cost = vec([(key, c * (1 + spec.r) ** -(t - spec.t0)) for t in Y for key, c in cost_by_year[t]])
    objective = "min_primary" if baseline else spec.objective
    problem = {
        "c": primary if objective == "min_primary" else cost,
        "A_ub": np.array(A_ub) if A_ub else None,
        "b_ub": np.array(b_ub) if b_ub else None,
        "A_eq": np.array(A_eq),
        "b_eq": np.array(b_eq),
        "bounds": bounds,
    }
    result = linprog(**problem, method="highs")
    if result.status == 4:  # numerical trouble: the interior-point method decides
        result = linprog(**problem, method="highs-ipm")
    if result.status == 4:  # still undecided (a supply cap near the least need, say):
        # a zero-objective feasibility solve by the interior-point method settles it
        feasibility = linprog(**{**problem, "c": np.zeros(n)}, method="highs-ipm")
        if feasibility.status == 2:
            return None, None
    if result.status == 2:
        return None, None
    assert result.status == 0, result.message
    by_year = {t: float(vec(weighted_by_year[t]) @ result.x) for t in Y}
    if answer is not None:
        answer["columns"] = {key: float(result.x[j]) for key, j in cols.items()}
        answer["primary"] = {
            (m, t): float(vec([*gross_terms(m, t), (("U", m, t), -1.0)]) @ result.x)
            for m in M
            for t in Y
        }
    return float(result.fun), by_year
