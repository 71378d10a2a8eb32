"""Scenarios side by side: the headline indicators, each measure's activity and cost,
and the binding limits, one column per scenario (the base first). Built from each
scenario's result tables; a scenario without a portfolio has its status and why."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from model.results.limits import binding_policy_limits
from model.results.table_set import Tables

INDICATORS = (
    "reduction_pct",
    "weighted_primary_use",
    "primary_reduction_pct",
    "total_cost_eur",
    "budget_eur",
    "budget_shadow_price_per_meur",
    "next_meur_saving",
    "measures_funded",
    "least_feasible_budget_eur",
    "saturation_budget_eur",
    "best_reduction_pct",
    "target_shadow_price_eur_per_t",
)


@dataclass
class Comparison:
    indicators: pd.DataFrame  # indicator, unit, then one column per scenario
    activity: pd.DataFrame  # measure, group, type, then t/yr per scenario
    cost: pd.DataFrame  # measure, group, type, then €/yr per scenario
    binding: pd.DataFrame  # constraint, limit_on, then the shadow price where it binds

    def sheets(self) -> dict[str, pd.DataFrame]:
        names = ("indicators", "activity", "cost", "binding")
        return {name: getattr(self, name) for name in names}


def compare(results: list[tuple[str, str, str, Tables | None]]) -> Comparison:
    """`results`: (scenario, status, why, tables or None) in column order, base first."""
    names = [name for name, *_ in results]
    return Comparison(
        indicators=_indicators(results),
        activity=_by_measure(results, "activity_t", names),
        cost=_by_measure(results, "cost_eur", names),
        binding=_binding(results, names),
    )


def _indicators(results) -> pd.DataFrame:
    units: dict[str, str] = {}
    columns: dict[str, dict[str, object]] = {}
    for name, status, why, tables in results:
        column: dict[str, object] = {"status": status, "why": why or None}
        if tables is not None:
            summary = tables.summary.set_index("indicator")
            for indicator in INDICATORS:
                if indicator in summary.index:
                    column[indicator] = summary.loc[indicator, "value"]
                    units.setdefault(indicator, summary.loc[indicator, "unit"])
        columns[name] = column
    order = ["status", *[i for i in INDICATORS if i in units], "why"]
    rows = []
    for indicator in order:
        row = {"indicator": indicator, "unit": units.get(indicator, "")}
        row.update({name: columns[name].get(indicator) for name in columns})
        rows.append(row)
    return pd.DataFrame(rows, columns=["indicator", "unit", *columns])


def _by_measure(results, value: str, names: list[str]) -> pd.DataFrame:
    frame: pd.DataFrame | None = None
    for name, _status, _why, tables in results:
        if tables is None:
            continue
        # by measure (a pathway's over its horizon)
        keys = ["measure", "group", "type"]
        portfolio = tables.portfolio.groupby(keys, sort=False, as_index=False)[value].sum()
        part = portfolio[[*keys, value]].rename(columns={value: name})
        frame = part if frame is None else frame.merge(part, how="outer", sort=False)
    if frame is None:
        return pd.DataFrame(columns=["measure", "group", "type", *names])
    return frame.reindex(columns=["measure", "group", "type", *names])


def _binding(results, names: list[str]) -> pd.DataFrame:
    """Policy limits that bind in at least one scenario, with their shadow price there."""
    prices: dict[tuple[str, str], dict[str, float]] = {}
    for name, _status, _why, tables in results:
        if tables is None:
            continue
        for row in binding_policy_limits(tables.constraints).itertuples(index=False):
            prices.setdefault((row.constraint, row.limit_on), {})[name] = row.shadow_price
    rows = [
        {"constraint": constraint, "limit_on": limit_on, **{n: by.get(n) for n in names}}
        for (constraint, limit_on), by in prices.items()
    ]
    return pd.DataFrame(rows, columns=["constraint", "limit_on", *names])
