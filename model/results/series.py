"""The series a pathway's charts draw, year by year (the charts sheet): the cut against
the target, activity by measure type, the critical materials' primary and secondary
use, and the capacity built. Read from the result tables. No files, no Pyomo."""

from __future__ import annotations

import pandas as pd


def series_table(pathway: pd.DataFrame, portfolio, materials, builds) -> pd.DataFrame:
    years = pathway["year"].tolist()
    by_type = portfolio.pivot_table(
        index="year", columns="type", values="activity_t", aggfunc="sum"
    ).reindex(years)
    critical = materials[materials["critical"] == "yes"]
    critical = critical.groupby("year")[["primary_t", "secondary_t"]].sum().reindex(years)
    frame = pd.DataFrame({"year": years})
    frame["reduction_pct"] = pathway["reduction_pct"].values
    frame["reduction_target_pct"] = pathway["reduction_target_pct"].values
    for kind in by_type.columns:
        frame[f"{kind}_t"] = by_type[kind].values
    frame["critical_primary_t"] = critical["primary_t"].values
    frame["critical_secondary_t"] = critical["secondary_t"].values
    if len(builds):
        built = builds.pivot_table(
            index="year", columns="capacity", values="built", aggfunc="sum"
        ).reindex(years)
        for k in built.columns[built.sum() > 0]:
            frame[f"built_{k}"] = built[k].values
    return frame
