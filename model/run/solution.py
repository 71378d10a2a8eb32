"""What a run sends back: plain, picklable values, no Pyomo object.

One Pyomo model serves the baseline, the scenario, the budget range and the trade-off
curve in turn, so each result is copied out as `Values` as soon as it is solved. The
derived quantities (Gross_m, Sec_m, P_m, totals) are computed from the variables with
the flow terms of `model.data.flows`, not by evaluating Pyomo expressions. A `Solution`
with the `ModelData` is all that the result tables and the workbook need: it can be
pickled, sent from a worker and written out in another process.
"""

from __future__ import annotations

import weakref
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from model.data import flows
from model.data.flows import Flows
from model.data.time_model import time_model

ROUND_OFF = 1e-9  # a variable's value below this is solver round-off, read as 0
# the variables a solve decides, by their name in the model and in the flow terms
DECIDED = (flows.X, flows.N, flows.U, flows.OUTSIDE, flows.BUILD, flows.SPLIT)


@dataclass(frozen=True)
class Values:
    """One solved portfolio, one year's or a pathway's: the variables by key (the item in
    one year, (item, year) in a pathway) and what the result tables need. `weighted` and
    `cost` are the sums over the years (cost undiscounted); by year, t = None in one
    year."""

    activity: dict  # x_{s,t}
    new: dict  # N_{g,t}
    secondary: dict  # U_{m,t}
    outside: dict  # I_{m,t}
    built: dict  # Z_{k,t} (a pathway's capacity building; none in one year)
    gross: dict  # Gross_{m,t}
    supply: dict  # Sec_{m,t}
    primary: dict  # P_{m,t}
    weighted_by_year: dict  # Σ_m omega_m P_{m,t}
    cost_by_year: dict  # Cost_t
    weighted: float  # Σ_t Σ_m omega_m P_{m,t}
    cost: float  # Σ_t Cost_t
    split: dict = field(default_factory=dict)  # x_{r,v,t}: (r, v) or (r, v, t)

    def by_variable(self) -> dict[str, dict]:
        """Variable name → key → value, for evaluating flow terms."""
        return {
            flows.X: self.activity,
            flows.N: self.new,
            flows.U: self.secondary,
            flows.OUTSIDE: self.outside,
            flows.BUILD: self.built,
            flows.FACTOR: {None: 1.0},  # the budgets as given
            flows.SPLIT: self.split,
        }

    def outside_used(self, key) -> float:
        """Outside secondary material actually used (key: m, or (m, t)): what recycling
        does not supply (recycled material is counted first; I may exceed this where it
        costs nothing)."""
        return max(0.0, self.secondary[key] - self.supply[key])


def _summed(time: Flows):
    """The flow terms that `values` sums, in the order it sums them: each year's
    purchases of each design, recycled supply of each material, and cost."""
    designs, materials = time.system.index.designs, time.system.materials
    for t in time.years:
        for v in designs:
            yield time.purchases(v, t)
        for m in materials:
            yield time.recycled(m, t)
        yield time.cost(t)


def values(time: Flows, decided: Mapping[str, dict], sums=None) -> Values:
    """Values from the decided variables (name → key → value, named as in the model and
    the flow terms: `DECIDED`; a model without capacity building or other designs has no
    Build or DesignActivity); the rest is derived with the flow terms of the time model
    `time`. `sums`: the sums of `_summed(time)`'s terms at these values, where they are
    worked out already (`take`); else each is evaluated here, as `flows.evaluate` does."""
    at = {name: decided.get(name) or {} for name in DECIDED}
    at[flows.FACTOR] = {None: 1.0}  # the budgets as given
    if sums is None:
        sums = (sum(c * at[var][key] for var, key, c in terms) for terms in _summed(time))
    sums = iter(sums)
    system, index = time.system, time.system.index
    designs, composition = index.designs, index.design_composition_of
    materials, weight, used = system.materials, system.weight, at[flows.U]
    gross, supply, primary, weighted, cost = {}, {}, {}, {}, {}
    for t in time.years:
        bought = {v: next(sums) for v in designs}
        keys = [time.key(m, t) for m in materials]
        for m, key in zip(materials, keys, strict=True):
            gross[key] = g = sum(w * bought[v] for v, w in composition.get(m, ()))
            supply[key] = next(sums)
            primary[key] = g - used[key]
        weighted[t] = sum(weight[m] * primary[key] for m, key in zip(materials, keys, strict=True))
        cost[t] = next(sums)
    return Values(
        activity=at[flows.X],
        new=at[flows.N],
        secondary=at[flows.U],
        outside=at[flows.OUTSIDE],
        built=at[flows.BUILD],
        gross=gross,
        supply=supply,
        primary=primary,
        weighted_by_year=weighted,
        cost_by_year=cost,
        weighted=sum(weighted.values()),
        cost=sum(cost.values()),
        split=at[flows.SPLIT],
    )


def reduction_pct(now: float, base: float) -> float | None:
    """100 (1 − now / base): the cut against the baseline in percent; round-off around
    0 is 0 (no cell or line shows "−0.0"); None without a baseline to cut."""
    if base <= 0:
        return None
    cut = 100.0 * (1.0 - now / base)
    return 0.0 if abs(cut) < 1e-9 else cut


def _values(variables) -> dict:
    """key → value of each of an indexed variable's members, in its order (round-off
    and no value read as 0)."""
    return {
        k: 0.0 if (x := var.value) is None or abs(x) < ROUND_OFF else float(x)
        for k, var in variables.items()
    }


class _Plan:
    """`_summed`'s terms for one model, as arrays over the model's decided variables (in
    the order `take` reads them): each term's position among them and its coefficient,
    and where each sum's terms start. Worked out at the first `take` of a model (the
    baseline) and used again at the next (the portfolio): the terms are the same, only
    the values differ. About 12 bytes a term."""

    def __init__(self, model, time: Flows, decided: dict[str, dict]):
        self.time = time
        # the components read and their sizes: a model changed since is planned again
        self.read = [
            (name, weakref.ref(model.component(name)), len(found))
            for name, found in decided.items()
        ]
        position, at = {}, 0
        for name, found in decided.items():
            position[name] = dict(zip(found, range(at, at + len(found)), strict=True))
            at += len(found)
        position[flows.FACTOR] = {None: at}  # the budget factor as given, 1
        self.size = at + 1
        columns, coefficients, starts = array("i"), array("d"), array("q", [0])
        for terms in _summed(time):
            for var, key, c in terms:
                columns.append(position[var][key])
                coefficients.append(c)
            starts.append(len(columns))
        self.columns = np.frombuffer(columns, dtype=np.int32) if columns else np.zeros(0, np.int32)
        self.coefficients = np.frombuffer(coefficients) if coefficients else np.zeros(0)
        self.starts = starts

    def fits(self, model, time: Flows, decided: dict[str, dict]) -> bool:
        """Whether the plan holds for `model` now: the same time model, and the same
        variables read, each of the same size."""
        return (
            time is self.time
            and [name for name, _ref, _n in self.read] == list(decided)
            and all(
                ref() is model.component(name) and len(decided[name]) == n
                for name, ref, n in self.read
            )
        )

    def sums(self, decided: dict[str, dict]) -> list:
        """Each sum of `_summed`'s terms at the values `decided` (in the plan's order):
        the same products, each as `c * value`, summed one by one from the first."""
        at = np.empty(self.size)
        k = 0
        for found in decided.values():
            at[k : k + len(found)] = np.fromiter(found.values(), dtype=np.float64, count=len(found))
            k += len(found)
        at[k] = 1.0
        products = (self.coefficients * at[self.columns]).tolist()
        starts = self.starts
        return [sum(products[a:b]) for a, b in pairwise(starts)]


_PLANS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # model → its _Plan


def take(model, data) -> Values:
    """Copy the solved values out of a Pyomo model (read, never imported here) of
    `data` (a ModelData)."""
    decided = {}
    for name in DECIDED:
        variables = model.component(name)
        if variables is not None:
            decided[name] = _values(variables)
    time = time_model(data)
    plan = _PLANS.get(model)
    if plan is None or not plan.fits(model, time, decided):
        plan = _PLANS[model] = _Plan(model, time, decided)
    return values(time, decided, plan.sums(decided))


@dataclass(frozen=True)
class BudgetRange:
    least_eur: float | None  # None: infeasible even with unlimited money
    saturation_eur: float | None
    best_weighted: float | None  # weighted primary use with unlimited money


@dataclass
class SweepPoint:
    budget_eur: float
    status: str
    weighted_primary_use: float | None = None  # first solve's optimum
    cost_eur: float | None = None  # spent by the tie-broken portfolio
    saving_per_meur: float | None = None  # budget shadow price × 1e6
    activity: dict[str, float] = field(default_factory=dict)


@dataclass
class Solution:
    """A solved scenario: everything the result tables need besides the ModelData."""

    baseline: Values  # current practice
    portfolio: Values  # the reported (tie-broken) portfolio
    objective: float  # the first solve's optimum
    duals: dict[tuple[str, object], float]  # (family, index) → row dual, first solve
    reduced_costs: dict[str, float]  # measure → reduced cost of x_s, first solve
    levels: dict[str, float]  # the mutable levels at the first solve (budget_eur, …)
    solver_version: str
    seconds: dict[str, float] = field(default_factory=dict)
    span: BudgetRange | None = None  # least feasible and saturation budgets
    sweep: list[SweepPoint] = field(default_factory=list)  # the trade-off curve
    large: bool = False  # a run large enough that its stages are announced on the log
    foresight: int | None = None  # limited foresight: the years seen ahead; None: perfect
    perfect: Values | None = None  # limited foresight: the perfect-foresight portfolio
