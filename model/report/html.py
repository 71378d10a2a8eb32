"""Result tables → the report: one HTML page beside the result workbook
(`outputs/<scenario>.html`) that opens from a file in any browser, with no network.

It holds the overview in words, the material flows as Sankey diagrams (current practice
beside the portfolio; in a pathway, a year to choose, the target and last years first),
a pathway's charts as interactive plots, and after a scenarios run, on the base's page,
the scenarios side by side. plotly.js is embedded once (read from the plotly package,
the only place plotly is imported); the figures are plain plotly JSON built from the
tables (`model.report.sankey`, `model.report.plots`), so building a page costs little
beyond writing it.
The page is written like every output, through `model.io.files.publish`.
"""

from __future__ import annotations

import functools
import html
import json
import logging
import os
from pathlib import Path

import pandas as pd

from model.errors import WriteError
from model.io.files import publish
from model.report.plots import comparison_charts, missing, one_year_charts, pathway_charts
from model.report.sankey import (
    GROUP_COLOURS,
    PRIMARY_COLOUR,
    SECONDARY_COLOUR,
    avoided_note,
    group_colours,
    records,
    sankey_layout,
    sankey_trace,
)
from model.results.flows import GROUP
from model.schema.units import eur

log = logging.getLogger(__name__)


def report_path(workbook: Path) -> Path:
    """Where the report of the result workbook `workbook` goes: beside it, .html."""
    return Path(workbook).with_suffix(".html")


class _Page:
    """The page as `publish` writes a workbook: it calls save(stream)."""

    def __init__(self, text: str):
        self.data = text.encode("utf-8")

    def save(self, stream) -> None:
        stream.write(self.data)


def publish_report(
    tables,
    workbook: Path,
    *,
    keep: bool,
    source: Path | None = None,
    comparison=None,
    reports: dict | None = None,
) -> Path | None:
    """Write the report of `tables` beside the result workbook `workbook` (see
    `model.io.files.publish`: a temporary file moved into place; with `keep`, an earlier
    report kept under a dated name, which is returned). Never over `source` (the input)
    nor over the workbook itself (an --output named .html).
    A report that cannot be written is a warning: the result workbook is the result.
    `comparison` and `reports` (scenario → its result workbook): the scenarios side by
    side, each linked to its own report."""
    path = report_path(workbook)
    for what, there in (("the input", source), ("the result workbook", workbook)):
        if there is not None and (path == Path(there) or _same_file(path, Path(there))):
            log.warning("The report %s would be written over %s; it was not written", path, what)
            return None
    page = build_report(
        tables, workbook=Path(workbook).name, comparison=comparison, reports=reports
    )
    try:
        return publish(_Page(page), path, keep=keep)
    except WriteError as exc:
        log.warning("The report could not be written: %s", exc)
        return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@functools.cache
def plotly_js() -> str:
    """plotly.js, embedded in each page (read once per process)."""
    from plotly.offline import get_plotlyjs  # the report's only plotly import

    return get_plotlyjs()


def _json(value: object) -> str:
    """JSON safe inside a <script> element (no "</script>", no "<!--")."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def build_report(tables, *, workbook: str = "", comparison=None, reports=None) -> str:
    """The report's page, as text."""
    info = dict(zip(tables.run["item"], tables.run["value"], strict=True))
    pathway = tables.pathway is not None
    flows = tables.flows
    groups = list(dict.fromkeys(flows.loc[flows["kind"] == GROUP, "item"]))
    colours = group_colours(groups)
    by_year = records(flows)
    if pathway:
        order = _year_order(tables.pathway)
        sankey = {str(t): _diagram(by_year.get(t, []), colours) for t in tables.pathway["year"]}
        unit = "Tonnes in {year} (kt: thousand tonnes)"
    else:
        order = [""]
        sankey = {"": _diagram(by_year.get(None, []), colours)}
        unit = "Tonnes a year (kt: thousand tonnes)"
    unit += ". Hover over a flow for its material or product group and its tonnes."
    charts = pathway_charts(tables.charts) if pathway else one_year_charts(tables.materials)
    if comparison is not None:
        charts += comparison_charts(comparison)
    data = {
        "order": [str(t) for t in order],
        "sankey": sankey,
        "layout": sankey_layout(unit),
        "unit": unit,
        "charts": charts,
    }
    title = tables.heading or f"Scenario {info.get('scenario', '')}"
    parts = [
        _head(title),
        f"<h1>{html.escape(title)}</h1>",
        _source_line(info, workbook),
        "<h2>The answer</h2>",
        _answers(tables.overview),
        '<h2 id="flows">Where the material goes</h2>',
        _year_choice(order, tables.pathway) if pathway else "",
        '<div id="sankey" class="sankey"></div>',
        '<p id="sankey-note" class="note"></p>',
        _legend(colours),
        _flows_words(workbook),
    ]
    if charts:
        heading = "Year by year" if pathway else "Primary use by material"
        chart_ids = [c["id"] for c in charts if not c["id"].startswith("scenarios")]
        parts += [f"<h2>{heading}</h2>", _chart_divs(chart_ids)]
    if comparison is not None:
        parts += ["<h2>Scenarios side by side</h2>", _comparison_table(comparison, reports)]
        parts.append(_chart_divs([c["id"] for c in charts if c["id"].startswith("scenarios")]))
    parts += [
        f'<script type="application/json" id="report-data">{_json(data)}</script>',
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _diagram(flows: list, colours) -> dict:
    return {"data": [sankey_trace(flows, colours)], "note": avoided_note(flows)}


def _year_order(pathway: pd.DataFrame) -> list:
    """The years a reader picks first: those with a reduction target, then the last
    year, then every year in order."""
    years = [int(t) for t in pathway["year"]]
    targets = pathway.loc[pathway["reduction_target_pct"].notna(), "year"]
    first = [int(t) for t in targets] + [years[-1]]
    return list(dict.fromkeys(first)) + years


def _head(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style>"
        f"<script>{plotly_js()}</script></head><body>"
    )


def _source_line(info: dict, workbook: str) -> str:
    bits = []
    if info.get("input_file"):
        bits.append(f"Input: {html.escape(str(info['input_file']))}")
    if workbook:
        bits.append(f"result workbook: {html.escape(workbook)}")
    if info.get("date"):
        bits.append(f"solved {html.escape(str(info['date']))}")
    return f'<p class="meta">{" · ".join(bits)}</p>' if bits else ""


def _answers(overview: list[tuple[str, str]]) -> str:
    """The overview's questions and answers (a blank question continues the last)."""
    out = ['<dl class="answers">']
    for question, answer in overview:
        if question:
            out.append(f"<dt>{html.escape(question)}</dt>")
        out.append(f"<dd>{html.escape(answer)}</dd>")
    out.append("</dl>")
    return "".join(out)


def _year_choice(order: list, pathway: pd.DataFrame) -> str:
    """The year's choice: the years `order` puts first (target years, the last year),
    then every year."""
    targets = {int(t) for t in pathway.loc[pathway["reduction_target_pct"].notna(), "year"]}
    first = order[: len(order) - len(pathway)]
    options = []
    for t in first:
        what = "target year" if t in targets else "last year"
        options.append(f'<option value="{t}">{t} ({what})</option>')
    every = "".join(f'<option value="{t}">{t}</option>' for t in pathway["year"])
    options.append(f'<optgroup label="Every year">{every}</optgroup>')
    return (
        '<p><label for="year">Year: </label><select id="year">'
        + "".join(options)
        + f"</select> (or open the page with #{first[0]} after its address)</p>"
    )


def _legend(colours: dict[str, str]) -> str:
    items = [(PRIMARY_COLOUR, "primary material"), (SECONDARY_COLOUR, "secondary material")]
    shown = list(colours.items())[: len(GROUP_COLOURS)]
    items += [(colour, f"{g} (products)") for g, colour in shown]
    if len(colours) > len(shown):
        items.append(("#ffffff", f"(and {len(colours) - len(shown)} more groups: colours repeat)"))
    items.append(("#6f6f6f", "lost, downcycled, recycling losses"))
    swatches = "".join(
        f'<span class="swatch" style="background:{c}"></span>{html.escape(label)}'
        for c, label in items
    )
    return f'<p class="legend">{swatches}</p>'


def _flows_words(workbook: str) -> str:
    sheet = f"the <b>flows</b> sheet of {html.escape(workbook)}" if workbook else "the flows sheet"
    return (
        '<p class="note">Products (by group) are bought new, enter use, and leave it; what '
        "leaves use is reused (back into use), recycled or lost. Recycling gives secondary "
        "material (by material), which with outside supply replaces primary material in new "
        "products; what it recovers at a lower grade is downcycled. In a pathway, what enters "
        "use and does not leave it that year is added to the stock in use. Avoided purchases "
        "are not a flow: they are the difference between the two diagrams (said under them), "
        "which are drawn to one scale. The loops stand open: what is reused and recovered on "
        "the right comes back on the left (“Reused, back in use”, “From "
        f"recycling”). Every number is in {sheet}.</p>"
    )


def _chart_divs(ids: list[str]) -> str:
    return (
        '<div class="charts">'
        + "".join(f'<div id="{i}" class="chart"></div>' for i in ids)
        + "</div>"
    )


def _comparison_table(comparison, reports: dict | None) -> str:
    """The comparison's indicators, one column per scenario (the base first), each value
    that differs from the base's marked; each scenario linked to its own report."""
    frame = comparison.indicators
    names = list(frame.columns[2:])
    status = dict(zip(names, frame.loc[frame["indicator"] == "status", names].iloc[0], strict=True))
    head = ["<th>indicator</th>", "<th>unit</th>"]
    for name in names:
        label = html.escape(str(name))
        if reports and name in reports and status.get(name) == "optimal":
            href = html.escape(report_path(Path(reports[name])).name)
            label = f'<a href="{href}">{label}</a>'
        head.append(f"<th>{label}</th>")
    rows = ["<tr>" + "".join(head) + "</tr>"]
    for _, row in frame.iterrows():
        unit = str(row["unit"] or "")
        cells = [f"<td>{html.escape(str(row['indicator']))}</td>", f"<td>{html.escape(unit)}</td>"]
        base = row[names[0]]
        for name in names:
            value = row[name]
            changed = name != names[0] and _shown(value, unit) != _shown(base, unit)
            mark = ' class="changed"' if changed else ""
            cells.append(f"<td{mark}>{html.escape(_shown(value, unit))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table class="comparison">' + "".join(rows) + "</table>"


def _shown(value: object, unit: str) -> str:
    if missing(value):
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if unit.startswith("%"):
        return f"{value:.1f}"
    if unit.startswith("€") and "per" not in unit:
        return eur(float(value))
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


_STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#222;max-width:1400px;margin:20px auto;
padding:0 16px;line-height:1.4}
h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;margin-top:30px;border-bottom:1px solid #ddd;
padding-bottom:4px}.meta,.note{color:#555;font-size:13px}
dl.answers dt{font-weight:bold;margin-top:10px}dl.answers dd{margin:2px 0 0 20px}
.sankey{width:100%;min-height:660px}.legend{font-size:13px}
.swatch{display:inline-block;width:12px;height:12px;margin:0 5px 0 14px;vertical-align:-1px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:12px}
table.comparison{border-collapse:collapse;font-size:13px}
table.comparison th,table.comparison td{padding:3px 10px;border-bottom:1px solid #e5e5e5;
text-align:right}table.comparison th:first-child,table.comparison td:first-child,
table.comparison td:nth-child(2){text-align:left}td.changed{background:#fff2a8}
select{font-size:14px}
"""

_SCRIPT = """
(function () {
  var R = JSON.parse(document.getElementById("report-data").textContent);
  var config = {displaylogo: false, responsive: true};
  function draw(year) {
    var diagram = R.sankey[year];
    var layout = JSON.parse(JSON.stringify(R.layout));
    layout.annotations[layout.annotations.length - 1].text = R.unit.replace("{year}", year);
    Plotly.react("sankey", diagram.data, layout, config);
    document.getElementById("sankey-note").textContent = diagram.note;
  }
  var shown = R.order[0];
  var wanted = decodeURIComponent(window.location.hash.slice(1));
  var choice = document.getElementById("year");
  if (choice) {
    if (R.sankey.hasOwnProperty(wanted)) { shown = wanted; }
    choice.value = shown;
    choice.addEventListener("change", function () { draw(choice.value); });
  }
  draw(shown);
  var quiet = {displaylogo: false, responsive: true, displayModeBar: false};
  R.charts.forEach(function (c) { Plotly.newPlot(c.id, c.data, c.layout, quiet); });
  document.body.setAttribute("data-drawn", "yes");
})();
"""
