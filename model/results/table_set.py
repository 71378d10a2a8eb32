"""The result tables of one run, one year's or a pathway's (`Tables`), and the order of
their sheets: what `model.results.tables.build_tables` fills and the report reads.
Plain pandas frames; no Pyomo."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

# The table sheets in reading order; a sheet whose table is None is left out (one that
# only the other time model has, or one the run did not ask for).
ORDER = (
    "summary",
    "pathway",
    "portfolio",
    "builds",
    "groups",
    "materials",
    "designs",
    "flows",
    "constraints",
    "goals",
    "requirements",
    "cost_curve",
    "pareto",
    "pareto_activity",
    "run",
    "charts",
)


@dataclass
class Tables:
    summary: pd.DataFrame
    portfolio: pd.DataFrame
    groups: pd.DataFrame
    materials: pd.DataFrame
    constraints: pd.DataFrame
    run: pd.DataFrame
    requirements: pd.DataFrame | None = None
    pareto: pd.DataFrame | None = None  # the trade-off curve
    pathway: pd.DataFrame | None = None  # a pathway's headline figures by year
    builds: pd.DataFrame | None = None  # a pathway's capacity built
    charts: pd.DataFrame | None = None  # the series a pathway's charts draw
    goals: pd.DataFrame | None = None  # the national goal lines (by year in a pathway)
    designs: pd.DataFrame | None = None  # each design's flows, where there are substitutes
    cost_curve: pd.DataFrame | None = None  # one year's funded measures by € per t saved
    pareto_activity: pd.DataFrame | None = None  # one year's trade-off curve by measure
    flows: pd.DataFrame | None = None  # the material flows, baseline and portfolio (by year)
    by_group_and_type: pd.DataFrame | None = None  # one year's pivot on the overview
    heading: str = ""  # the answer's first line on the terminal
    overview: list[tuple[str, str]] = field(default_factory=list)  # (question, answer)

    def sheets(self) -> dict[str, pd.DataFrame]:
        """The result sheets in reading order (ORDER), those there are."""
        return {name: getattr(self, name) for name in ORDER if getattr(self, name) is not None}
