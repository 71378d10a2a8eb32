"""One sample of an ensemble, solved where it lands (a Dask worker, or this process):
re-optimised with the drawn values, and the base optimum's portfolio held under them.

A worker builds and compiles the base model once (`compiled_for`) and re-values it for
each sample (model.run.revalue): HiGHS is loaded afresh with the sample's numbers, so a
sample's answer is the one a model built for it alone would give, to the last digit,
whichever samples its worker solved before; the results are the same with any number
of workers and in any order. A sample whose structure the base model lacks (a term that
was 0 in the base) gets a model of its own. What travels is plain: the base ModelData
once per worker, the drawn numbers, and a `SampleResult` back.
"""

from __future__ import annotations

from model.data.model_data import ModelData
from model.data.values import broken_rules, with_values
from model.errors import InfeasibleError, InputError, SolverError
from model.run.driver import explained
from model.run.hold import hold
from model.run.outcome import SampleResult
from model.run.revalue import Compiled
from model.run.solution import reduction_pct
from model.schema.units import TOL


def _cause(rows: list[dict]) -> str:
    """The diagnosis's first limit and its role, without the sample's own numbers (so
    that causes can be counted over samples): "budget_eur: too small"."""
    if not rows:
        return ""
    return f"{rows[0]['limit'].split(' (')[0]}: {rows[0]['role']}"


_compiled: list[Compiled] = []  # this process's compiled base model (one at a time)


def _by_measure(activity: dict) -> list[tuple[str, float]]:
    """(measure, activity): a pathway's (measure, year) summed over its horizon."""
    summed: dict[str, float] = {}
    for key, x in activity.items():
        s = key[0] if isinstance(key, tuple) else key
        summed[s] = summed.get(s, 0.0) + x
    return list(summed.items())


def compiled_for(base: ModelData) -> Compiled:
    """The compiled model of `base`, built on this process's first sample of it."""
    if not _compiled or _compiled[0].base is not base:
        _compiled.clear()
        _compiled.append(Compiled(base))
    return _compiled[0]


def run_sample(
    base: ModelData,
    parameters: list[tuple[str, tuple[str, ...]]],
    index: int,
    values: list[float],
    base_activity: dict[str, float],
) -> SampleResult:
    """Sample `index`: `parameters[j]` set to `values[j]`, then solved twice over."""
    changes = [(p, key, float(v)) for (p, key), v in zip(parameters, values, strict=True)]
    data = with_values(base, changes)
    broken = broken_rules(data)
    if broken:
        return SampleResult(index, "invalid", why="; ".join(broken))
    compiled: Compiled | None = compiled_for(base)
    if not compiled.revalue(data):
        compiled = None  # a structure of its own: a model of its own
    out = SampleResult(index, "optimal")
    try:
        solution = explained(data, compiled=compiled)
    except InfeasibleError as exc:
        rows = getattr(exc.diagnosis, "rows", None) or []
        out.status, out.why = "infeasible", _cause(rows) or str(exc)
    except InputError as exc:
        out.status = "bad baseline"
        out.why = "; ".join(problem.message for problem in exc.problems)
    except SolverError as exc:
        out.status, out.why = "solver failure", str(exc)
    else:
        out.objective = solution.objective
        out.reduction_pct = reduction_pct(solution.portfolio.weighted, solution.baseline.weighted)
        out.cost_eur = solution.portfolio.cost
        out.activity = {s: x for s, x in _by_measure(solution.portfolio.activity) if x > TOL}
        if data.pathway is not None:
            out.reduction_by_year = {
                t: reduction_pct(w, solution.baseline.weighted_by_year[t])
                for t, w in solution.portfolio.weighted_by_year.items()
            }
    baseline = solution.baseline if out.status == "optimal" else None
    held = hold(data, base_activity, baseline, compiled)
    out.held_feasible = held.feasible
    if held.feasible:
        out.held_reduction_pct = reduction_pct(held.weighted, held.baseline_weighted)
        out.held_cost_eur = held.cost
        if out.status == "optimal":
            if data.settings.objective == "min_primary":
                out.regret = (out.reduction_pct or 0.0) - (out.held_reduction_pct or 0.0)
            else:
                out.regret = held.cost - out.cost_eur
    return out


def run_batch(
    base: ModelData,
    parameters: list[tuple[str, tuple[str, ...]]],
    batch: list[tuple[int, list[float]]],
    base_activity: dict[str, float],
) -> list[SampleResult]:
    """A batch of samples (a Dask task): [(index, values)] → their results."""
    return [run_sample(base, parameters, i, values, base_activity) for i, values in batch]
