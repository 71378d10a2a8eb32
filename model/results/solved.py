"""A solution read over its years: the one thing every result table reads.

One year and a pathway differ only in their time model (`model.data.time_model`): its
years (t = None in one year), its keys (the item, or (item, t)) and how products enter
and leave use. A table is written once over (item, year), with the flows of the time
model and the plain values of the `Solution`. Where the two workbooks name or show
things differently, that is data: each table's columns by time model, and what each
time model's workbook has (`model.results.tables.WORKBOOKS`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pandas as pd

from model.data.flows import Term, evaluate
from model.data.model_data import ModelData
from model.data.time_model import time_model
from model.run.solution import Solution, Values


class Solved:
    """`data` and its `solution` over the years of its time model."""

    def __init__(self, data: ModelData, solution: Solution):
        self.data, self.solution = data, solution
        self.system, self.settings = data.system, data.settings
        self.flows = time_model(data)
        self.time = self.flows.name  # "steady" (one year) | "cohorts" (a pathway)
        self.years = self.flows.years  # (None,) in one year
        self.now, self.base = solution.portfolio, solution.baseline
        self.at_now, self.at_base = self.now.by_variable(), self.base.by_variable()
        self.key = self.flows.key  # (item, t) → the key of the values
        self.value = self.flows.value  # (parameter, item, t) → its value in year t
        self._in_use: dict[tuple, tuple[float, float, float, float]] = {}

    def in_use(self, g: str, t) -> tuple[float, float, float, float]:
        """(New_{g,t} at the baseline, at the portfolio, Out_{g,t} at the baseline, at
        the portfolio): what enters use new and what leaves it, which the groups, flows
        and goals sheets all read; each group's worked out once."""
        found = self._in_use.get((g, t))
        if found is None:
            new = tuple(self.flows.new(g, t))
            terms, constant = self.flows.group_outflow(g, t)
            found = self._in_use[(g, t)] = (
                evaluate(new, self.at_base),
                evaluate(new, self.at_now),
                evaluate(terms, self.at_base) + constant,
                evaluate(terms, self.at_now) + constant,
            )
        return found

    def each(self, items: Iterable[str]) -> Iterator[tuple[str, object, object]]:
        """(item, t, key) of every item in every year, item by item."""
        for item in items:
            for t in self.years:
                yield item, t, self.key(item, t)

    def frame(self, rows: list[dict], columns: dict[str, list[str]]) -> pd.DataFrame:
        """A table of `rows` with the columns its sheet has in this time model."""
        return pd.DataFrame(rows, columns=columns[self.time])

    def frame_of(self, columns: dict, names: dict[str, list[str]]) -> pd.DataFrame:
        """A table of `columns` (name → its values, all of one length), those its sheet
        has in this time model in their order; of no rows, a table of those columns as
        `frame` makes it."""
        chosen = names[self.time]
        if not len(columns[chosen[0]]):
            return pd.DataFrame([], columns=chosen)
        return pd.DataFrame({name: columns[name] for name in chosen})

    def total(self, terms: Iterable[Term], at: dict | None = None) -> float:
        """The terms' value at the portfolio (or at `at`: values by variable, such as
        `at_base`)."""
        return evaluate(terms, self.at_now if at is None else at)

    def with_constant(self, flow: tuple[tuple[Term, ...], float]) -> float:
        """A flow given as (terms, constant) at the portfolio: Out_{g,t}, Stock_{g,t}."""
        terms, constant = flow
        return evaluate(terms, self.at_now) + constant

    def of_type(self, g: str, t, *kinds: str, values: Values | None = None) -> float:
        """Σ x_{s,t} over the measures of group g of the given types, in the portfolio
        (or in `values`)."""
        activity, key = (values or self.now).activity, self.key
        of_group = self.system.index.of_group
        return sum(activity[key(s, t)] for kind in kinds for s in of_group.get((g, kind), ()))


def columns_of(names: list[str], rows: list[tuple]) -> dict[str, list]:
    """The columns of `rows` (each a tuple of the figures `names` names, in that order):
    name → its values, row by row."""
    if not rows:
        return {name: [] for name in names}
    return dict(zip(names, map(list, zip(*rows, strict=True)), strict=True))
