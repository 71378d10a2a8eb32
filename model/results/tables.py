"""ModelData + Solution → the result tables (pandas DataFrames), one year's or a
pathway's. No files, no Pyomo.

One path for both: every table is written once over (item, year) with the time model's
flows (`model.results.solved`), and a sheet that only one time model has is built only
there. Primal values come from the reported (tie-broken) portfolio and the baseline;
shadow prices and reduced costs from the first solve (MODEL.md, "Reading the result").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from model.data.model_data import ModelData
from model.results.builds import build_table
from model.results.designs import design_table
from model.results.flows import flows_of
from model.results.goals import goal_table
from model.results.limits import Prices, limits_by_year, one_year_limits
from model.results.overview import activity_by_group_and_type, one_year_answers, pathway_answers
from model.results.portfolio import cost_curve, portfolio_table
from model.results.products import group_table, material_table
from model.results.requirements import requirement_table
from model.results.series import series_table
from model.results.solved import Solved
from model.results.summary import horizon_summary, one_year_summary, pathway_table
from model.results.table_set import Tables
from model.results.tradeoff import pareto_activity, pareto_by_budget, pareto_by_factor
from model.run.solution import Solution


@dataclass(frozen=True)
class Workbook:
    """How one time model's workbook reads where the two differ: its constraints sheet,
    its summary, its trade-off curve, its answers in words, and the sheets only it has
    (`only`: adds them to the tables)."""

    constraints: Callable[[Solved], pd.DataFrame]
    summary: Callable[[Solved, Prices, Tables], pd.DataFrame]
    pareto: Callable[[Solved], pd.DataFrame]
    answers: Callable[[Solved, Tables], tuple[str, list[tuple[str, str]]]]
    only: Callable[[Solved, Prices, Tables], None]


def build_tables(data: ModelData, solution: Solution, run_info: dict[str, object]) -> Tables:
    """All result sheets of WORKBOOK.md for one solved scenario, one year or a pathway."""
    view = Solved(data, solution)
    workbook = WORKBOOKS[view.time]
    constraints = workbook.constraints(view)
    prices = Prices(constraints)
    tables = Tables(
        summary=pd.DataFrame(),
        portfolio=portfolio_table(view, prices),
        groups=group_table(view),
        materials=material_table(view, prices),
        designs=design_table(view),
        flows=flows_of(view),
        constraints=constraints,
        requirements=requirement_table(view, prices),
        pareto=workbook.pareto(view) if solution.sweep else None,
        run=pd.DataFrame({"item": list(run_info), "value": [str(x) for x in run_info.values()]}),
    )
    workbook.only(view, prices, tables)
    tables.summary = workbook.summary(view, prices, tables)
    tables.heading, tables.overview = workbook.answers(view, tables)
    return tables


def _one_year(view: Solved, _prices: Prices, tables: Tables) -> None:
    tables.goals = goal_table(view)
    tables.cost_curve = cost_curve(tables.portfolio)
    tables.pareto_activity = pareto_activity(view) if view.solution.sweep else None
    tables.by_group_and_type = activity_by_group_and_type(tables)


def _by_year(view: Solved, prices: Prices, tables: Tables) -> None:
    tables.goals = goal_table(view)
    tables.pathway = pathway_table(view, prices)
    tables.builds = build_table(view, prices)
    tables.charts = series_table(tables.pathway, tables.portfolio, tables.materials, tables.builds)


WORKBOOKS = {
    "steady": Workbook(
        one_year_limits, one_year_summary, pareto_by_budget, one_year_answers, _one_year
    ),
    "cohorts": Workbook(
        limits_by_year, horizon_summary, pareto_by_factor, pathway_answers, _by_year
    ),
}
