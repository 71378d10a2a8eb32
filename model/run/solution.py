"""What a run sends back: plain, picklable values, no Pyomo object.

One Pyomo model serves the baseline, the scenario, the budget range and the trade-off
curve in turn, so each result is copied out as `Values` as soon as it is solved. The
derived quantities (Gross_m, Sec_m, P_m, totals) are computed from the variables with
the flow terms of `model.data.flows`, not by evaluating Pyomo expressions. A `Solution`
with the `ModelData` is all that the result tables and the workbook need: it can be
pickled, sent from a worker and written out in another process.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from model.data import flows
from model.data.flows import Flows

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


def values(time: Flows, decided: Mapping[str, dict]) -> Values:
    """Values from the decided variables (name → key → value, named as in the model and
    the flow terms: `DECIDED`; a model without capacity building or other designs has no
    Build or DesignActivity); the rest is derived with the flow terms of the time model
    `time`."""
    at = {name: decided.get(name) or {} for name in DECIDED}
    at[flows.FACTOR] = {None: 1.0}  # the budgets as given
    system, index = time.system, time.system.index
    gross, supply, primary, weighted, cost = {}, {}, {}, {}, {}
    for t in time.years:
        bought = {v: flows.evaluate(time.purchases(v, t), at) for v in index.designs}
        for m in system.materials:
            key = time.key(m, t)
            gross[key] = sum(w * bought[v] for v, w in index.design_composition_of.get(m, ()))
            supply[key] = flows.evaluate(time.recycled(m, t), at)
            primary[key] = gross[key] - at[flows.U][key]
        weighted[t] = sum(system.weight[m] * primary[time.key(m, t)] for m in system.materials)
        cost[t] = flows.evaluate(time.cost(t), at)
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


def take(model, time: Flows) -> Values:
    """Copy the solved values out of a Pyomo model (read, never imported here) whose
    time model is `time` (`time_model` of its ModelData)."""
    decided = {}
    for name in DECIDED:
        variables = model.component(name)
        if variables is not None:
            # its value, solver round-off read as 0 (VarData.value is its _value)
            decided[name] = {
                k: 0.0 if (x := v._value) is None or abs(x) < ROUND_OFF else float(x)
                for k, v in variables.items()
            }
    return values(time, decided)


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
    next_meur: float | None = None  # weighted t €1 M more than the budget saves, solved
    sweep: list[SweepPoint] = field(default_factory=list)  # the trade-off curve
    large: bool = False  # a run large enough that its stages are announced on the log
    foresight: int | None = None  # limited foresight: the years seen ahead; None: perfect
    perfect: Values | None = None  # limited foresight: the perfect-foresight portfolio
