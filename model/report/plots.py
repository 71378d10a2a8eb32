"""A pathway's charts (the charts sheet's series), one year's primary use per material,
and the scenarios' cut, as plotly figure data (plain dicts) for the report's page.
No plotly import: the page loads plotly.js."""

from __future__ import annotations

import math

import pandas as pd

from model.report.sankey import PRIMARY_COLOUR, SECONDARY_COLOUR

CHART_FONT = {"family": "DejaVu Sans, Arial, sans-serif", "size": 12}


def _chart(id_: str, title: str, data: list[dict], yaxis: str, **layout) -> dict:
    return {
        "id": id_,
        "data": data,
        "layout": {
            "title": {"text": title, "font": {"size": 14}},
            "font": CHART_FONT,
            "height": 380,
            "margin": {"l": 70, "r": 20, "t": 50, "b": 50},
            "yaxis": {"title": {"text": yaxis}, "separatethousands": True},
            "legend": {"orientation": "h", "y": -0.18},
            **layout,
        },
    }


def _series(frame: pd.DataFrame, column: str) -> list:
    return [None if missing(v) else float(v) for v in frame[column]]


def missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _bars(frame: pd.DataFrame, x: list, bars: list[tuple[str, str, str]]) -> list[dict]:
    """One bar trace a (column, name, colour) of `bars`, over `x`."""
    return [
        {
            "type": "bar",
            "name": name,
            "x": x,
            "y": _series(frame, c),
            "marker": {"color": colour},
        }
        for c, name, colour in bars
    ]


def pathway_charts(series: pd.DataFrame) -> list[dict]:
    """The pathway's four charts (the charts sheet's series) as interactive plots."""
    years = [int(t) for t in series["year"]]
    charts = []
    cut = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "cut",
            "x": years,
            "y": _series(series, "reduction_pct"),
            "line": {"color": PRIMARY_COLOUR},
        },
    ]
    if series["reduction_target_pct"].notna().any():
        cut.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "target",
                "x": years,
                "y": _series(series, "reduction_target_pct"),
                "line": {"dash": "dash"},
            }
        )
    charts.append(
        _chart(
            "chart-cut",
            "Cut of weighted primary raw material use against current practice",
            cut,
            "%",
        )
    )
    kinds = [c for c in series.columns if c.endswith("_t") and not c.startswith("critical_")]
    charts.append(
        _chart(
            "chart-activity",
            "Activity by measure type",
            [
                {
                    "type": "bar",
                    "name": c[:-2].replace("_", " "),
                    "x": years,
                    "y": _series(series, c),
                }
                for c in kinds
            ],
            "t a year",
            barmode="stack",
        )
    )
    critical = [
        ("critical_primary_t", "primary", PRIMARY_COLOUR),
        ("critical_secondary_t", "secondary", SECONDARY_COLOUR),
    ]
    charts.append(
        _chart(
            "chart-critical",
            "Critical materials: primary and secondary use",
            _bars(series, years, critical),
            "t a year",
            barmode="stack",
        )
    )
    built = [c for c in series.columns if c.startswith("built_")]
    if built:
        charts.append(
            _chart(
                "chart-built",
                "Capacity built (in each capacity's unit)",
                [
                    {"type": "bar", "name": c[len("built_") :], "x": years, "y": _series(series, c)}
                    for c in built
                ],
                "built",
            )
        )
    return charts


def one_year_charts(materials: pd.DataFrame) -> list[dict]:
    names = [str(m) for m in materials["material"]]
    bars = [
        ("baseline_primary_t", "current practice", "#c9a39a"),
        ("primary_t", "portfolio", PRIMARY_COLOUR),
    ]
    return [
        _chart(
            "chart-materials",
            "Primary use per material: current practice and portfolio",
            _bars(materials, names, bars),
            "t a year",
            barmode="group",
        )
    ]


def comparison_charts(comparison) -> list[dict]:
    frame = comparison.indicators.set_index("indicator")
    if "reduction_pct" not in frame.index:
        return []
    names = [str(n) for n in frame.columns[1:]]
    cut = [None if missing(v) else float(v) for v in frame.loc["reduction_pct", names]]
    return [
        _chart(
            "scenarios-cut",
            "Cut of weighted primary raw material use by scenario",
            [{"type": "bar", "x": names, "y": cut, "marker": {"color": SECONDARY_COLOUR}}],
            "%",
        )
    ]
