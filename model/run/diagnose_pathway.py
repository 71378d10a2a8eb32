"""Say why a pathway has no feasible plan, by year and in the workbook's terms.

An elastic relaxation, as for one year: every budget, recycled-content obligation,
requirement, reduction target (min_cost) and min_t of every year gets a slack, and the
least total relative slack names which limits must move, in which year and by how
much. An obligation that falls short is explained with the lag: how much secondary
material it needs that year, how much recycling and outside supply can give, and how
many tonnes of the products that carry the material leave use that year — most of them
bought before the first year or still in use.
"""

from __future__ import annotations

import pyomo.core as pyo

from model.data import cohorts, flows
from model.data.model_data import ModelData
from model.data.pathway import value
from model.formulation.model import create_model
from model.formulation.modes import add_elastic_rows, set_target
from model.formulation.pathway import (
    BUDGET,
    RECYCLED_CONTENT_MIN,
    REQUIREMENT,
    TARGET,
    has_budget,
)
from model.run.diagnose import Diagnosis
from model.run.solution import take
from model.schema.units import TOL, eur, pct, tonnes
from model.solver.highs import LpSolver

RELAXED = (BUDGET, RECYCLED_CONTENT_MIN, REQUIREMENT, TARGET)


def explain_pathway(data: ModelData, baseline_by_year: dict[int, float]) -> Diagnosis:
    model = create_model(data)
    if data.settings.objective == "min_cost":
        set_target(model, data, baseline_by_year)
    families = [f for f in RELAXED if f is not TARGET or data.settings.objective == "min_cost"]
    if not has_budget(data):  # the budget rows then stand only for the budget range
        families.remove(BUDGET)
    rows = add_elastic_rows(model, data, families)
    if data.settings.objective == "min_cost":
        model.res_target.deactivate()  # its relaxed copy stands in
    result = LpSolver().solve(model)
    if not result.optimal:
        return Diagnosis(
            "no pathway meets every limit in every year, and the diagnosis could not "
            "locate the conflict"
        )
    at = take(model, data).by_variable()
    changes, table = [], []
    for i, (family, index, scale) in enumerate(rows):
        e = pyo.value(model.Slack[i])
        if e <= TOL * max(scale, 1.0):
            continue
        line = _change(data, family, index, e, at)
        changes.append((_year(index), line))
        table.append(
            {
                "limit": _limit(data, family, index),
                "role": "must move",
                "value": None,
                "needed": e,
                "unit": "t/yr, € or weighted t",
            }
        )
    changes.sort(key=lambda pair: pair[0])
    lines = "\n".join(f"  - {line}" for _year_, line in changes) or "  - (none found)"
    return Diagnosis(
        "no pathway meets every limit in every year. The smallest change that makes one "
        "possible, year by year:\n" + lines,
        table,
    )


def _limit(data, family: str, index) -> str:
    """The relaxed limit as the workbook names it, with its year."""
    if family == "min_t":
        return f"min_t of measure {index[0]} in {index[1]}"
    return {f.name: f for f in RELAXED}[family].named(data, index)


def _year(index) -> int:
    return index if isinstance(index, int) else index[1]


def _change(data, family: str, index, e: float, at) -> str:
    if family == "min_t":
        s, t = index
        return f"in {t} min_t of measure {s} would have to fall by {tonnes(e)}"
    if family == BUDGET.name:
        return f"the budget of {index} would have to be {eur(e)} higher"
    if family == TARGET.name:
        return f"the reduction target of {index} is out of reach by {e:,.0f} weighted t"
    if family == REQUIREMENT.name:
        r, t = index
        return f"in {t} requirement {r} would have to fall by {tonnes(e)}"
    return _obligation(data, index, e, at)


def _obligation(data, index, e: float, at) -> str:
    """The lag, in words: what the obligation needs, what can come, what leaves use."""
    m, t = index
    system, first = data.system, data.pathway.first_year
    share = value(data, "min_secondary_share", m, t)
    needed = share * flows.evaluate(cohorts.gross(data, m, t), at)
    recycled = sum(c * at[flows.X][(s, t)] for s, c in system.index.supply_of.get(m, ()))
    outside = at[flows.OUTSIDE][(m, t)]
    text = (
        f"in {t} the recycled-content obligation for {m} ({pct(share)}) needs "
        f"{tonnes(needed)} of secondary {m}, but recycling gives at most {tonnes(recycled)}"
        + (f" and outside supply {tonnes(outside)}" if outside > TOL else "")
        + f": it is short of {tonnes(e)}"
    )
    carriers = [
        g
        for g, _w in system.index.composition_of.get(m, ())
        if system.index.of_group.get((g, "recycle"))
    ]
    for g in carriers:
        history = cohorts.history(data, g, t)
        leaving = history + flows.evaluate(cohorts.outflow(data, g, t), at)
        in_use = flows.evaluate(cohorts.stock(data, g, t), at)
        text += (
            f"; only {tonnes(leaving)} of {g} leave use that year, {tonnes(history)} of "
            f"them bought before {first}"
        )
        if in_use > leaving:
            text += f": most {g} bought since {first} are still in use"
    return text
