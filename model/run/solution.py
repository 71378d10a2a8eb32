"""What a run sends back: plain, picklable values, no Pyomo object.

One Pyomo model serves the baseline, the scenario, the budget range and the trade-off
curve in turn, so each result is copied out as `Values` as soon as it is solved. The
derived quantities (Gross_m, Sec_m, P_m, totals) are computed from the variables with
the flow terms of `model.data.flows`, not by evaluating Pyomo expressions. A `Solution`
with the `ModelData` is all that the result tables and the workbook need: it can be
pickled, sent from a worker and written out in another process.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from model.data import cohorts, flows
from model.data.model_data import System

ROUND_OFF = 1e-9  # a variable's value below this is solver round-off, read as 0


@dataclass(frozen=True)
class Values:
    """One solved portfolio."""

    activity: dict[str, float]  # x_s
    new: dict[str, float]  # N_g
    secondary: dict[str, float]  # U_m
    outside: dict[str, float]  # I_m
    gross: dict[str, float]  # Gross_m
    supply: dict[str, float]  # Sec_m
    primary: dict[str, float]  # P_m
    weighted: float  # Σ omega_m P_m
    cost: float  # Σ c_s x_s

    def by_variable(self) -> dict[str, dict[str, float]]:
        """Variable name → key → value, for evaluating flow terms."""
        return {
            flows.X: self.activity,
            flows.N: self.new,
            flows.U: self.secondary,
            flows.OUTSIDE: self.outside,
        }

    def outside_used(self, m: str) -> float:
        """Outside secondary m actually used: what recycling does not supply (recycled
        material is counted first; I_m may exceed this where it costs nothing)."""
        return max(0.0, self.secondary[m] - self.supply[m])


def values(system: System, activity, new, secondary, outside) -> Values:
    """Values from the four variables; the rest is derived with the flow terms."""
    at = {flows.X: activity, flows.N: new, flows.U: secondary, flows.OUTSIDE: outside}
    gross = {m: flows.evaluate(flows.gross(system, m), at) for m in system.materials}
    supply = {m: flows.evaluate(flows.supply(system, m), at) for m in system.materials}
    primary = {m: gross[m] - secondary[m] for m in system.materials}
    return Values(
        activity=activity,
        new=new,
        secondary=secondary,
        outside=outside,
        gross=gross,
        supply=supply,
        primary=primary,
        weighted=sum(system.weight[m] * primary[m] for m in system.materials),
        cost=flows.evaluate(flows.cost(system), at),
    )


def reduction_pct(now: float, base: float) -> float | None:
    """100 (1 − now / base): the cut against the baseline in percent; round-off around
    0 is 0 (no cell or line shows "−0.0"); None without a baseline to cut."""
    if base <= 0:
        return None
    cut = 100.0 * (1.0 - now / base)
    return 0.0 if abs(cut) < 1e-9 else cut


def _value(var) -> float:
    value = var.value
    return 0.0 if value is None or abs(value) < ROUND_OFF else float(value)


@dataclass(frozen=True)
class PathValues:
    """One solved pathway: the variables by (item, year) and, by year, what the result
    tables need. `weighted` and `cost` are the sums over the years (cost undiscounted)."""

    activity: dict[tuple[str, int], float]  # x_{s,t}
    new: dict[tuple[str, int], float]  # N_{g,t}
    secondary: dict[tuple[str, int], float]  # U_{m,t}
    outside: dict[tuple[str, int], float]  # I_{m,t}
    built: dict[tuple[str, int], float]  # Z_{k,t}
    weighted_by_year: dict[int, float]  # Σ_m omega_m P_{m,t}
    cost_by_year: dict[int, float]  # Cost_t
    weighted: float  # Σ_t Σ_m omega_m P_{m,t}
    cost: float  # Σ_t Cost_t

    def by_variable(self) -> dict[str, dict]:
        return _by_variable(self.activity, self.new, self.secondary, self.outside, self.built)


def _by_variable(activity, new, secondary, outside, built) -> dict[str, dict]:
    """A pathway's values by variable name, as the cohort terms read them."""
    return {
        flows.X: activity,
        flows.N: new,
        flows.U: secondary,
        flows.OUTSIDE: outside,
        cohorts.BUILD: built,
        cohorts.FACTOR: {None: 1.0},  # the budgets as given
    }


def path_values(data, activity, new, secondary, outside, built) -> PathValues:
    """PathValues from the five variables; the rest is derived with the cohort terms."""
    at = _by_variable(activity, new, secondary, outside, built)
    years = list(data.pathway.years)
    weighted = {t: flows.evaluate(cohorts.weighted_primary(data, t), at) for t in years}
    cost = {t: flows.evaluate(cohorts.cost(data, t), at) for t in years}
    return PathValues(
        activity=activity,
        new=new,
        secondary=secondary,
        outside=outside,
        built=built,
        weighted_by_year=weighted,
        cost_by_year=cost,
        weighted=sum(weighted.values()),
        cost=sum(cost.values()),
    )


def take(model, data) -> Values | PathValues:
    """Copy the solved values out of a Pyomo model (read, never imported here) for
    `data` (a ModelData; a System is read as one year)."""
    pathway = getattr(data, "pathway", None)
    if pathway is not None:
        return path_values(
            data,
            {k: _value(v) for k, v in model.Activity.items()},
            {k: _value(v) for k, v in model.NewPurchases.items()},
            {k: _value(v) for k, v in model.SecondaryUse.items()},
            {k: _value(v) for k, v in model.OutsideSecondary.items()},
            {k: _value(v) for k, v in model.Build.items()},
        )
    system = getattr(data, "system", data)
    return values(
        system,
        {s: _value(v) for s, v in model.Activity.items()},
        {g: _value(v) for g, v in model.NewPurchases.items()},
        {m: _value(v) for m, v in model.SecondaryUse.items()},
        {m: _value(v) for m, v in model.OutsideSecondary.items()},
    )


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
