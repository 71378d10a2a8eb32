"""Limited foresight (PATHWAY.md, "Foresight"): the pathway decided one year at a time by
a planner who sees H years ahead, as a driver over the one model.

`optimise_myopic(data, H)` builds and compiles the pathway once. For t = t0 … t1 it
solves the window W_t = t … min(t + H − 1, t1) (`modes.use_window`: the years before t
fixed at what was decided, the years after the window at 0 and their rows off, so the
objective differs from the window's by a constant), with the tie rule over the window,
and fixes year t at the window's tie-broken solution. Each window is the same compiled
LP with other bounds and other rows on: HiGHS starts from the last basis. Duals and
reduced costs of year t come from the first solve of its window.

A window without a feasible plan ends the run with an `InfeasibleError` whose message
names the year, the limit that fails (the elastic diagnosis over the window) and, where
a plan that saw the years up to the window from t0 exists, what it would have decided
earlier (the plants it builds before t, with their lead times). The perfect-foresight
pathway is solved too (`optimise`), for the comparison the results make.
"""

from __future__ import annotations

import logging
import time

from pyomo.common.gc_manager import PauseGC

from model.data.model_data import ModelData
from model.data.pathway import with_pathway
from model.data.time_model import time_model
from model.errors import InfeasibleError, InputError, SolverError
from model.formulation.model import create_model
from model.formulation.modes import (
    YEARLY,
    mutable_levels,
    set_target,
    set_tie,
    use_baseline,
    use_window,
    year_of,
)
from model.run.baseline import baseline_problems
from model.run.diagnose import Diagnosis, elastic, relaxed_families
from model.run.optimise import optimise
from model.run.solution import Solution, Values, take, values
from model.schema.units import TOL
from model.solver.highs import LpSolver

log = logging.getLogger(__name__)


def optimise_myopic(data: ModelData, foresight: int, *, time_limit: float | None = None):
    """The pathway decided year by year with a view of `foresight` years; a Solution
    over the whole horizon whose `perfect` is the perfect-foresight portfolio."""
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    perfect = _perfect(data, time_limit)
    seconds["perfect"] = time.perf_counter() - clock
    clock = time.perf_counter()
    with PauseGC():
        model = create_model(data)
    solver = LpSolver(time_limit)
    seconds["build"] = time.perf_counter() - clock
    years = list(data.pathway.years)
    flows = time_model(data)
    try:
        clock = time.perf_counter()
        use_baseline(model, flows)
        if not solver.solve(model).optimal:
            raise InputError(baseline_problems(data))
        baseline = take(model, flows)
        decided: dict[str, dict] = {name: {} for name in YEARLY}
        duals: dict = {}
        reduced: dict = {}
        levels: dict = {}
        for t in years:
            last = min(t + foresight - 1, years[-1])
            use_window(model, flows, t, last, decided)
            set_target(model, flows, baseline.weighted_by_year)
            if t == years[0]:
                levels = mutable_levels(model)
            first = solver.solve(model, duals=True)
            if not first.optimal:
                raise _window_failed(data, foresight, t, last, decided, baseline)
            duals.update({key: d for key, d in first.duals.items() if _in_year(key, t)})
            reduced.update(
                {
                    s: rc
                    for (var, s), rc in first.reduced_costs.items()
                    if var == "Activity" and s[1] == t
                }
            )
            set_tie(model, float(first.objective))
            if not solver.solve(model, feasible_start=True).optimal:
                raise SolverError("the tie-breaking second solve failed; report this as a bug")
            window = take(model, flows).by_variable()
            for name in YEARLY:
                for key, value in window.get(name, {}).items():
                    if key[-1] == t:
                        decided[name][key] = value
        portfolio = take_decided(data, decided)
        seconds["solve"] = time.perf_counter() - clock
    finally:
        solver.close()
    objective = (
        portfolio.weighted
        if data.settings.objective == "min_primary"
        else _discounted(data, portfolio)
    )
    return Solution(
        baseline=baseline,
        portfolio=portfolio,
        objective=objective,
        duals=duals,
        reduced_costs=reduced,
        levels=levels,
        solver_version=solver.version,
        seconds=seconds,
        foresight=foresight,
        perfect=perfect,
    )


def _years(n: int) -> str:
    return f"{n} year" if n == 1 else f"{n} years"


def _perfect(data: ModelData, time_limit):
    """The perfect-foresight portfolio, or None where there is none."""
    try:
        return optimise(data, time_limit=time_limit).portfolio
    except InfeasibleError:
        return None


def _in_year(key, t: int) -> bool:
    """Whether a (family, index) key of a dual is a row of year t."""
    return year_of(key[1]) == t


def take_decided(data: ModelData, decided) -> Values:
    """The decided pathway as Values: every variable at its year's decision."""
    return values(time_model(data), decided)


def _discounted(data: ModelData, portfolio) -> float:
    pathway = data.pathway
    return sum(pathway.discount(t) * cost for t, cost in portfolio.cost_by_year.items())


def _window_failed(data, foresight: int, t: int, last: int, decided, baseline):
    """The InfeasibleError of the window t … last: which limit fails in which year, and
    what a plan that saw it from t0 would have decided before t."""
    found = _elastic_window(data, t, last, decided, baseline)
    earlier = _earlier_plan(data, last, t, decided, found.failing)
    where = f"the window {t}–{last}" if last > t else f"{t}"
    head = f"with a foresight of {_years(foresight)} no plan is feasible in {where}"
    lines = [found.message] if found.message else []
    if earlier is not None:
        lines.append(earlier)
    elif t > data.pathway.first_year:
        lines.append(
            f"even a plan that saw the years up to {last} from {data.pathway.first_year} "
            "has no feasible pathway: the limits of those years cannot all be met"
        )
    message = head + ":\n" + "\n".join(f"  - {line}" for line in lines)
    return InfeasibleError(message, Diagnosis(message, found.rows, found.failing))


def _elastic_window(data, t: int, last: int, decided, baseline) -> Diagnosis:
    """The least relative relaxation of the window's limits, earlier years fixed."""
    model, flows = create_model(data), time_model(data)
    use_window(model, flows, t, last, decided)
    set_target(model, flows, baseline.weighted_by_year)
    families = relaxed_families(data, flows)
    found = elastic(model, data, families, years=set(range(t, last + 1)))
    if found is None:
        return Diagnosis("the diagnosis could not locate the conflict")
    lines = [line.removeprefix("  - ") for line in found.message.splitlines()]
    return Diagnosis("\n  - ".join(lines), found.rows, found.failing)


def _earlier_plan(data: ModelData, last: int, t: int, decided, failing) -> str | None:
    """Where a plan that saw the years t0 … last at once is feasible: the plants it
    builds before t that were not built (those of the groups the failing limits are
    on first), in words; None where even that plan is infeasible."""
    seen = with_pathway(data, last_year=last)
    try:
        plan = optimise(seen).portfolio
    except InfeasibleError:
        return None
    pathway, system = data.pathway, data.system
    built = decided.get("Build", {})
    missed = [
        (k, tau, z - built.get((k, tau), 0.0))
        for (k, tau), z in sorted(plan.built.items(), key=lambda item: item[0][1])
        if tau < t and z - built.get((k, tau), 0.0) > TOL * max(1.0, z)
    ]
    relevant = _capacities_of(system, failing)
    missed = [m for m in missed if m[0] in relevant] or missed
    if not missed:
        return (
            f"a plan that saw the years up to {last} from {pathway.first_year} is feasible: "
            f"the decisions before {t} (purchases, activities, secondary use) left no room"
        )

    def plant(k: str, tau: int, z: float) -> str:
        unit = system.capacity_unit.get(k) or "units"
        lead = pathway.build_lead.get(k, 0)
        ready = f" (ready from {tau + lead}: it takes {_years(lead)} to build)" if lead else ""
        return f"{z:,.0f} {unit} of {k} in {tau}{ready}"

    said = "; ".join(plant(*m) for m in missed[:4])
    more = f" and {len(missed) - 4} more" if len(missed) > 4 else ""
    return (
        f"a plan that saw the years up to {last} from {pathway.first_year} builds {said}{more}: "
        f"decisions due before {t}, which the view of the years before did not reach"
    )


def _capacities_of(system, failing) -> set[str]:
    """The capacities the measures of the failing limits' groups use (a material's
    limit: the groups it is in; a capacity's: itself)."""
    groups, capacities = set(), set()
    for _family, index in failing:
        item = index[0] if isinstance(index, tuple) else index
        if item in system.index.composition_of:
            groups.update(g for g, _w in system.index.composition_of[item])
        elif item in system.demand_t:
            groups.add(item)
        elif item in system.capacity_limit:
            capacities.add(item)
    for (s, k), u in system.use_per_t.items():
        if u and system.group_of[s] in groups:
            capacities.add(k)
    return capacities
