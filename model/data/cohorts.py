"""The material-flow arithmetic of a pathway (PATHWAY.md, "Variables" and "Derived"),
written once as linear terms, as `model.data.flows` is for one year.

A term is (variable, (item, year), coefficient). What enters use in year c is a cohort;
in year t a share s(t − c) of it is still in use and a share f(t − c) leaves use. The
variants are standard design (s_g, f_g; new purchases N), repairable design (s_s, f_s,
mean mu_g (1 + e_s); the repairable products bought, P_s = x_s / (1 + e_s)) and the
second use cycle of reuse (s^re_s, f^re_s, mean delta_s mu_g; the reused tonnes x_s).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from model.data.flows import OUTSIDE, N, U, X
from model.data.lifetimes import Lifetime, lifetime
from model.data.pathway import demand, value
from model.schema import DFR, RECYCLE, REUSE

BUILD = "Build"  # Z_{k,t}: capacity k built in year t
FACTOR = "BudgetFactor"  # theta: one factor on every year's budget (1 but in the range)


def _repairable(data, s: str) -> float:
    """1 / (1 + e_s): repairable products bought per tonne of covered demand."""
    return 1.0 / (1.0 + data.system.lifetime_extension[s])


@cache
def _variant(mean: float, shape: float) -> Lifetime:
    return lifetime(mean, shape)


def variants(data, g: str) -> list[tuple[str, str, float, Lifetime]]:
    """(variable, item, coefficient per tonne of the variable, lifetime) of every way a
    tonne of g enters use: N_g (standard), x_s of each repairable design (as P_s), x_s
    of each reuse measure (its second use cycle)."""
    pathway, system = data.pathway, data.system
    mu, shape = pathway.lifetime_years[g], pathway.lifetime_shape[g]
    out = [(N, g, 1.0, pathway.standard[g])]
    for s in system.index.of_group.get((g, DFR), ()):
        mean = mu * (1.0 + system.lifetime_extension[s])
        out.append((X, s, _repairable(data, s), _variant(mean, shape)))
    for s in system.index.of_group.get((g, REUSE), ()):
        out.append((X, s, 1.0, _variant(system.displacement[s] * mu, shape)))
    return out


def new(data, g: str, t: int, coef: float = 1.0) -> Iterator:
    """coef · New_{g,t} = coef · (N_{g,t} + Σ_{dfr} x_{s,t} / (1 + e_s)): put on market."""
    yield (N, (g, t), coef)
    for s in data.system.index.of_group.get((g, DFR), ()):
        yield (X, (s, t), coef * _repairable(data, s))


def activities(data, g: str, t: int, *kinds: str, coef: float = 1.0) -> Iterator:
    """coef · Σ_{s ∈ S_g^kind} x_{s,t}."""
    for kind in kinds:
        for s in data.system.index.of_group.get((g, kind), ()):
            yield (X, (s, t), coef)


def stock(data, g: str, t: int) -> Iterator:
    """Stock_{g,t} = Σ_{c = t0..t} Σ_variants (variable)_c · coef · s(t − c)."""
    for var, item, coef, life in variants(data, g):
        for c in range(max(data.pathway.first_year, t - life.max_age + 1), t + 1):
            share = life.s(t - c)
            if share:
                yield (var, (item, c), coef * share)


def base_stock(data, g: str, t: int) -> float:
    """BaseStock_{g,t} = Σ_{c = t0..t} D_{g,c} s_g(t − c): what the no-measure purchases
    since t0 keep in use."""
    life = data.pathway.standard[g]
    first = max(data.pathway.first_year, t - life.max_age + 1)
    return sum(demand(data, g, c) * life.s(t - c) for c in range(first, t + 1))


def history(data, g: str, t: int) -> float:
    """Hist_{g,t} = Σ_{c < t0} D_{g,c} f_g(t − c): what the purchases before t0 (all of
    standard design) send out of use in year t."""
    life = data.pathway.standard[g]
    years = data.pathway.history_years(g)  # those before t − a_max send nothing out in t
    first = max(years.start, t - life.max_age)
    return sum((demand(data, g, c) * life.f(t - c) for c in range(first, years.stop)), 0.0)


def outflow(data, g: str, t: int, coef: float = 1.0) -> Iterator:
    """coef · (Out_{g,t} − Hist_{g,t}): what the cohorts since t0 send out of use in t."""
    for var, item, per, life in variants(data, g):
        for c in range(max(data.pathway.first_year, t - life.max_age), t):
            share = life.f(t - c)
            if share:
                yield (var, (item, c), coef * per * share)


def gross(data, m: str, t: int, coef: float = 1.0) -> Iterator:
    """coef · Gross_{m,t} = coef · Σ_g w_gm New_{g,t}."""
    for g, w in data.system.index.composition_of.get(m, ()):
        yield from new(data, g, t, coef * w)


def supply(data, m: str, t: int) -> Iterator:
    """Sec_{m,t} + I_{m,t}: secondary m from recycling in year t and from outside."""
    for s, c in data.system.index.supply_of.get(m, ()):
        yield (X, (s, t), c)
    yield (OUTSIDE, (m, t), 1.0)


def weighted_primary(data, t: int, coef: float = 1.0) -> Iterator:
    """coef · Σ_m omega_m P_{m,t} = coef · Σ_m omega_m (Gross_{m,t} − U_{m,t})."""
    for m in data.system.materials:
        omega = coef * data.system.weight[m]
        yield from gross(data, m, t, omega)
        yield (U, (m, t), -omega)


def cost(data, t: int, coef: float = 1.0) -> Iterator:
    """coef · Cost_t = coef · (Σ_s c_{s,t} x_{s,t} + Σ_k beta_k Z_{k,t} + Σ_m ci_{m,t} I_{m,t})."""
    system = data.system
    for s in system.measures:
        yield (X, (s, t), coef * value(data, "cost_eur_per_t", s, t))
    for k, beta in data.pathway.build_cost.items():
        yield (BUILD, (k, t), coef * beta)
    for m in system.materials:
        ci = value(data, "outside_secondary_cost_eur_per_t", m, t)
        if ci:
            yield (OUTSIDE, (m, t), coef * ci)


def recycling(data, g: str, t: int, high_grade: float | None = None, coef: float = 1.0):
    """coef · Σ_{s ∈ S_g^rec} x_{s,t}; with `high_grade`, only those of quality ≥ it
    (the others with coefficient 0, so that the row keeps its place)."""
    for s in data.system.index.of_group.get((g, RECYCLE), ()):
        keep = high_grade is None or data.system.quality[s] >= high_grade
        yield (X, (s, t), coef if keep else 0.0)
