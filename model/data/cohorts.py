"""A pathway's time model (PATHWAY.md, "Variables" and "Derived"): cohorts.

A key is (item, year). What enters use in year c is a cohort; in year t a share
s(t − c) of it is still in use and a share f(t − c) leaves use. The variants are
standard design (s_g, f_g; new purchases N), repairable design (s_s, f_s, mean
mu_g (1 + e_s); the repairable products bought, P_s = x_s / (1 + e_s)) and the second
use cycle of reuse (s^re_s, f^re_s, mean delta_s mu_g; the reused tonnes x_s). N_g
counts the standard design only; New_{g,t} adds the repairable designs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from operator import mul

from model.data.flows import BUILD, FACTOR, SPLIT, Flows, N, Term, X
from model.data.lifetimes import Lifetime, Run, lifetime
from model.data.pathway import demand, value, values_by_year
from model.schema.measure_types import TYPES


@cache
def _variant(mean: float, shape: float) -> Lifetime:
    return lifetime(mean, shape)


class CohortSum(Sequence):
    """The terms of sums over cohorts (a stock, an outflow) kept as runs, not tuples: a
    sequence of (variable, key, coefficient) like any other terms, made one by one
    only where they are read. Each run is (variable, item, t, coefficient, run, start):
    the terms (variable, (item, c), coefficient · share) for the cohorts c = t − a, the
    ages a and their shares of run.numbers from `start` on (a DesignActivity's key is
    Pyomo's flat (r, v, c)). A SparseConstraint reads the runs as arrays
    (`cohort_runs`)."""

    __slots__ = ("_terms", "cohort_runs")

    def __init__(self, runs: list[tuple[str, object, int, float, Run, int]]):
        self.cohort_runs = runs
        self._terms: tuple[Term, ...] | None = None

    def __iter__(self) -> Iterator[Term]:
        if self._terms is not None:
            yield from self._terms
            return
        for var, item, t, coef, run, start in self.cohort_runs:
            ages, shares = run.numbers
            pairs = zip(ages[start:], shares[start:], strict=True)
            if var == SPLIT:  # x_{r,v,c}: Pyomo's flat index (r, v, c)
                for a, share in pairs:
                    yield (var, (*item, t - a), coef * share)
            else:
                for a, share in pairs:
                    yield (var, (item, t - a), coef * share)

    def terms(self) -> tuple[Term, ...]:
        if self._terms is None:
            self._terms = tuple(self)
        return self._terms

    def __len__(self) -> int:
        return sum([run[4].size - run[5] for run in self.cohort_runs])  # len(run) − start

    def __bool__(self) -> bool:
        return any([run[4].size > run[5] for run in self.cohort_runs])  # len(run) > start

    def __getitem__(self, k):
        return self.terms()[k]

    def __eq__(self, other) -> bool:
        if isinstance(other, CohortSum | tuple):
            return self.terms() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.terms())

    def __add__(self, other):
        return self.terms() + tuple(other)

    def __radd__(self, other):
        return tuple(other) + self.terms()

    def __repr__(self) -> str:
        return repr(self.terms())


class Cohorts(Flows):
    name = "cohorts"

    def __init__(self, data):
        super().__init__(data)
        self.pathway = data.pathway
        self.years = data.pathway.years
        self._variants: dict[str, list[tuple[str, object, float, Lifetime, str]]] = {}
        self._bought: dict[str, list[tuple[str, float]]] = {}  # g → (s, bought per t)
        self._history: dict[tuple[str, int], float] = {}
        self._demand_lists: dict[str, tuple[int, list[float]]] = {}
        self._values: dict[tuple[str, str, int], object] = {}
        self._given_budget = data.settings.budget_eur is not None or bool(
            data.pathway.paths.get(("budget_eur", ""))
        )

    def value(self, parameter: str, item: str, t):
        key = (parameter, item, t)
        known = self._values.get(key, self)  # self: not worked out yet (None is a value)
        if known is self:
            self._every_year(parameter, item)
            known = self._values.get(key, self)
            if known is self:  # a year outside t0 … t1
                known = self._values[key] = value(self.data, parameter, item, t)
        return known

    def _every_year(self, parameter: str, item: str) -> None:
        """The parameter's value for `item` in every year t0 … t1 worked out at once (a
        row or a bound asks each year in turn: `model.data.pathway.values_by_year`)."""
        found = values_by_year(self.data, parameter, item, self.years)
        for t, known in zip(self.years, found, strict=True):
            self._values.setdefault((parameter, item, t), known)

    def at(self, parameter: str, key):
        """A parameter's value for a key (item, t) (`Flows.at`, its lookup inlined)."""
        known = self._values.get((parameter, *key), self)
        return self.value(parameter, *key) if known is self else known

    def demand(self, g: str, t) -> float:
        return demand(self.data, g, t)

    def discount(self, t) -> float:
        return self.pathway.discount(t)

    def variants(self, g: str) -> list[tuple[str, object, float, Lifetime, str]]:
        """(variable, item, coefficient per tonne of the variable, lifetime, design) of
        every way a tonne of g enters use: N_g (standard), x_s of each measure whose type
        has a lifetime variant (the repairable design as P_s, a substitute design as P_s,
        reuse's second use cycle — of each design apart in a group with substitutes)."""
        known = self._variants.get(g)
        if known is not None:
            return known
        pathway, system = self.pathway, self.system
        mu, shape = pathway.lifetime_years[g], pathway.lifetime_shape[g]
        out = [(N, g, 1.0, pathway.standard[g], g)]
        split = g in system.index.split_groups
        for kind in TYPES:
            if kind.life:
                for s in system.index.of_group.get((g, kind.name), ()):
                    p = system.parameter(s)
                    life = _variant(mu * kind.life(p), shape)
                    if kind.design:  # its own design
                        out.append((X, s, kind.enters(p), life, s))
                    elif kind.collected and split:  # reuse of each design apart
                        for v in system.index.designs_of[g]:
                            out.append((SPLIT, (s, v), kind.enters(p), life, v))
                    else:
                        out.append((X, s, kind.enters(p), life, g))
        self._variants[g] = out
        return out

    def standard_terms(self, g: str) -> list[tuple[str, str, float | None]]:
        """N_{g,t} + Σ_{dfr} x_{s,t} / (1 + e_s): the standard design and the repairable
        designs bought in its place (types with `bought` and no design of their own)."""
        return [(N, g, None), *((X, s, per) for s, per in self._bought_of(g))]

    def _bought_of(self, g: str) -> list[tuple[str, float]]:
        """(s, tonnes bought per tonne of x_s) of the repairable designs of g."""
        bought = self._bought.get(g)
        if bought is None:
            system = self.system
            bought = self._bought[g] = [
                (s, kind.bought(system.parameter(s)))
                for kind in TYPES
                if kind.bought and not kind.design
                for s in system.index.of_group.get((g, kind.name), ())
            ]
        return bought

    def stock(self, g: str, t: int) -> Iterator[Term]:
        """Stock_{g,t} = Σ_{c = t0..t} Σ_variants (variable)_c · coef · s(t − c)."""
        return iter(self._stock(g, t))

    def _stock(self, g: str, t: int) -> CohortSum:
        d = t - self.pathway.first_year
        return CohortSum(
            [
                (var, item, t, coef, run, run.start(d))
                for var, item, coef, life, _design in self.variants(g)
                for run in (life.stock_run,)
            ]
        )

    def _demands(self, g: str) -> tuple[int, list[float]]:
        """(c0, D_{g,c} for c = c0 … t1): the demand from the first year of history on."""
        known = self._demand_lists.get(g)
        if known is None:
            first = self.pathway.history_years(g).start
            known = self._demand_lists[g] = (
                first,
                [self.demand(g, c) for c in range(first, self.pathway.last_year + 1)],
            )
        return known

    def base_stock(self, g: str, t: int) -> float:
        """BaseStock_{g,t} = Σ_{c = t0..t} D_{g,c} s_g(t − c): what the no-measure
        purchases since t0 keep in use."""
        life = self.pathway.standard[g]
        first = max(self.pathway.first_year, t - life.max_age + 1)
        c0, demands = self._demands(g)
        shares = life._shares[0][t - first :: -1]  # s(t − c), c = first … t
        return sum(map(mul, demands[first - c0 : t + 1 - c0], shares))

    def history(self, g: str, t: int) -> float:
        """Hist_{g,t} = Σ_{c < t0} D_{g,c} f_g(t − c): what the purchases before t0 (all
        of standard design) send out of use in year t."""
        known = self._history.get((g, t))
        if known is None:
            life = self.pathway.standard[g]
            years = self.pathway.history_years(g)  # those before t − a_max send nothing
            first = max(years.start, t - life.max_age)
            c0, demands = self._demands(g)
            shares = life._shares[1][t - first : t - years.stop : -1]  # f(t − c), c = first …
            known = self._history[(g, t)] = sum(
                map(mul, demands[first - c0 : years.stop - c0], shares), 0.0
            )
        return known

    def leaving(self, g: str, t: int) -> float:
        """Hist_{g,t} + Σ_{c = t0..t−1} D_{g,c} f_g(t − c): what leaves use in t with no
        measure active."""
        life = self.pathway.standard[g]
        first = max(self.pathway.first_year, t - life.max_age)
        since = sum(self.demand(g, c) * life.f(t - c) for c in range(first, t))
        return self.history(g, t) + since

    def service(self, g: str, t: int) -> tuple[tuple[Term, ...], float]:
        """Stock_{g,t} = BaseStock_{g,t} (row P1)."""
        return self._stock(g, t), self.base_stock(g, t)

    def outflow(self, v: str, t: int, coef: float = 1.0) -> tuple[tuple[Term, ...], float]:
        """coef · Out_{g,v,t}: what the cohorts of design v since t0 send out of use in t,
        and coef · Hist_{g,t} for the standard design (history is all standard)."""
        g = self.system.index.design_group[v]
        d = t - self.pathway.first_year
        terms = CohortSum(
            [
                (var, item, t, coef * per, run, run.start(d))
                for var, item, per, life, design in self.variants(g)
                if design == v
                for run in (life.outflow_run,)
            ]
        )
        return terms, coef * self.history(g, t) if v == g else 0.0

    def built(self, k: str, t: int) -> tuple[Term, ...]:
        """Σ_{tau = t0..t − l_k} Z_{k,tau}: capacity built and ready in t."""
        if k not in self.pathway.build_cost:
            return ()
        ready = t - self.pathway.build_lead.get(k, 0)
        return tuple((BUILD, (k, tau), 1.0) for tau in range(self.pathway.first_year, ready + 1))

    def building_cost(self, t: int, coef: float = 1.0) -> Iterator[Term]:
        for k, beta in self.pathway.build_cost.items():
            yield (BUILD, (k, t), coef * beta)

    def budget(self, t: int):
        """theta · B_t, theta (`BudgetFactor`) fixed at 1 but in the budget range; without
        any budget, B_t = €1 so that theta reads as a flat yearly budget."""
        level = (self.value("budget_eur", "", t) or 0.0) if self._given_budget else 1.0
        return ((FACTOR, None, level),), None, level

    def has_budget(self) -> bool:
        """A budget in every year where settings.budget_eur or a budget_eur path is given."""
        return self._given_budget

    def targeted(self, t: int) -> bool:
        return bool(self.value("reduction_target", "", t))
