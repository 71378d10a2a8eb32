"""The flow table → one year's Sankey diagram as plotly figure data (plain dicts, drawn
by plotly.js in the report): current practice on the left, the portfolio on the right,
to one scale. No plotly import: the page loads plotly.js.

Every link is a flow of the `flows` sheet. The two loops of the table (reuse: leaving
use → reused → in use; recycling: recycled → secondary material → new products → … →
recycled) are drawn open, as material-flow analysts draw them: the loop's node stands
twice, where the flow arrives (on the right: "Reused", "Recovered as secondary") and
where it goes on (on the left: "Reused, back in use", "From recycling"), with the same
tonnes. A diagram without loops is laid out by plotly's plain Sankey layout, whose
scale this module works out as plotly does (`_scale`), so that each node can be given
its place: a column per stage, and down each stack (STACKS) one node below the other,
so that no two labels meet. Colours: primary material red, secondary green, products by
group, what is lost grey."""

from __future__ import annotations

import html

import pandas as pd

from model.results.flows import (
    CASES,
    DOWNCYCLED,
    ELSEWHERE,
    FROM_STOCK,
    HEAVIER,
    IN_USE,
    LEAVING,
    LIGHTER,
    LOST,
    NEW,
    OTHER,
    OUTSIDE,
    PRIMARY,
    RECYCLED,
    RECYCLING_LOSSES,
    REUSED,
    SECONDARY,
    TO_STOCK,
)

# The loops' second nodes (drawing only: the table has one node each).
BACK_IN_USE = "Reused, back in use"
FROM_RECYCLING = "From recycling"
RECOVERED = "Recovered as secondary"

PRIMARY_COLOUR = "#b5452e"
SECONDARY_COLOUR = "#2e8b57"
LOST_COLOUR = "#6f6f6f"
STAGE_COLOUR = "#34495e"
# Products by group, in the groups' order; no red or green (primary, secondary).
GROUP_COLOURS = ("#4e79a7", "#9467bd", "#d9a21b", "#17a2b8", "#8c564b", "#e377c2", "#5f7ea0")
NODE_COLOUR = {
    PRIMARY: PRIMARY_COLOUR,
    OTHER: "#a0a0a0",
    LIGHTER: "#c9b458",
    HEAVIER: "#c9b458",
    FROM_RECYCLING: SECONDARY_COLOUR,
    OUTSIDE: "#74c476",
    SECONDARY: SECONDARY_COLOUR,
    NEW: STAGE_COLOUR,
    BACK_IN_USE: "#2a9d8f",
    FROM_STOCK: "#95a5a6",
    ELSEWHERE: "#74c476",
    IN_USE: STAGE_COLOUR,
    LEAVING: STAGE_COLOUR,
    TO_STOCK: "#95a5a6",
    REUSED: "#2a9d8f",
    LOST: LOST_COLOUR,
    RECYCLED: SECONDARY_COLOUR,
    RECOVERED: SECONDARY_COLOUR,
    DOWNCYCLED: "#a1887f",
    RECYCLING_LOSSES: "#a0a0a0",
}
# The column of each node (the stages, left to right), in the order the nodes are drawn.
COLUMN = {
    PRIMARY: 0,
    OTHER: 0,
    LIGHTER: 0,
    FROM_RECYCLING: 0,
    OUTSIDE: 0,
    SECONDARY: 1,
    NEW: 2,
    BACK_IN_USE: 2,
    FROM_STOCK: 2,
    ELSEWHERE: 2,
    IN_USE: 3,
    HEAVIER: 3,
    LEAVING: 4,
    TO_STOCK: 4,
    REUSED: 5,
    LOST: 6,
    RECYCLED: 5,
    RECOVERED: 6,
    DOWNCYCLED: 6,
    RECYCLING_LOSSES: 6,
}
COLUMNS = 7
# Stacks, top down: each node below the one before it in its stack. The nodes are
# placed in the order of ORDER (the large flows first), each pushed down until neither
# it nor its label meets a node or label placed before it.
STACKS = (
    (PRIMARY, OTHER, LIGHTER, SECONDARY, FROM_RECYCLING, OUTSIDE),
    (NEW, BACK_IN_USE, FROM_STOCK, ELSEWHERE),
    (IN_USE, HEAVIER),
    (LEAVING, TO_STOCK),
    (REUSED, LOST, RECYCLED, RECOVERED, DOWNCYCLED, RECYCLING_LOSSES),
)
ORDER = (
    PRIMARY,
    NEW,
    IN_USE,
    LEAVING,
    REUSED,
    LOST,
    TO_STOCK,
    RECYCLED,
    RECOVERED,
    DOWNCYCLED,
    RECYCLING_LOSSES,
    OTHER,
    LIGHTER,
    HEAVIER,
    SECONDARY,
    FROM_RECYCLING,
    OUTSIDE,
    BACK_IN_USE,
    FROM_STOCK,
    ELSEWHERE,
)
BASELINE, PORTFOLIO = CASES
TITLES = {BASELINE: "Current practice (baseline)", PORTFOLIO: "Portfolio"}
# Each diagram's share of the width (the portfolio's last column at the right edge).
SPAN = {BASELINE: (0.001, 0.425), PORTFOLIO: (0.545, 0.999)}
# The figure, in pixels: plotly's scale depends on the diagram's height and node gap;
# labels are kept apart for a page WIDTH wide (narrower, they may meet).
HEIGHT, MARGIN_TOP, MARGIN_BOTTOM, DOMAIN_TOP = 660, 36, 36, 0.95
WIDTH, MARGIN_SIDE = 1368, 8
PAD, THICKNESS, FONT = 12, 14, 11
CHAR, LINE = 6.2, 13.5  # a label's character width and line height, in pixels
GAP = 10  # the least gap between two nodes of a stack, in pixels


def amount(tonnes: float) -> str:
    """Tonnes as a node's label gives them: 466 kt, 7,242 t, 0.4 t."""
    if tonnes >= 10_000:
        return f"{tonnes / 1000:,.0f} kt"
    if tonnes >= 10:
        return f"{tonnes:,.0f} t"
    return f"{tonnes:.2g} t"


def group_colours(groups) -> dict[str, str]:
    return {g: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, g in enumerate(groups)}


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _link_colour(source: str, target: str, item: str, colours: dict[str, str]) -> str:
    if source == PRIMARY:
        return _rgba(PRIMARY_COLOUR, 0.6)
    if {source, target} & {SECONDARY, FROM_RECYCLING, RECOVERED, OUTSIDE}:
        return _rgba(SECONDARY_COLOUR, 0.6)
    if source in (OTHER, LIGHTER) or target == HEAVIER:
        return _rgba("#a0a0a0", 0.5)
    if target in (LOST, RECYCLING_LOSSES, DOWNCYCLED):
        return _rgba(LOST_COLOUR, 0.45)
    return _rgba(colours.get(item, STAGE_COLOUR), 0.55)


Flow = tuple[str, str, str, float, float]  # (from, to, item, baseline t, portfolio t)


def records(flows: pd.DataFrame) -> dict[object, list[Flow]]:
    """The flow table's rows as plain tuples, by year (None in one year): drawing 26
    years from pandas frames costs ten times more."""
    years = flows["year"] if "year" in flows.columns else [None] * len(flows)
    out: dict[object, list[Flow]] = {}
    columns = (flows["from"], flows["to"], flows["item"], flows[BASELINE], flows[PORTFOLIO])
    for t, *row in zip(years, *columns, strict=True):
        out.setdefault(t, []).append(tuple(row))
    return out


def drawn(flows: list[Flow], case: str) -> list[tuple[str, str, str, float]]:
    """(from, to, item, tonnes) of the links drawn for `case`: the flows above 0, each
    loop opened at its node drawn twice (see the module's docstring)."""
    at = CASES.index(case)
    out = []
    for source, target, item, *tonnes in flows:
        value = tonnes[at]
        if value <= 0:
            continue
        if source == REUSED and target == IN_USE:
            out.append((BACK_IN_USE, IN_USE, item, value))
        elif source == RECYCLED and target == SECONDARY:
            out.append((RECYCLED, RECOVERED, item, value))
            out.append((FROM_RECYCLING, SECONDARY, item, value))
        else:
            out.append((source, target, item, value))
    return out


def _totals(links) -> dict[str, float]:
    """Each node's value as plotly takes it: the larger of what enters and what leaves."""
    into: dict[str, float] = {}
    out: dict[str, float] = {}
    for source, target, _item, tonnes in links:
        out[source] = out.get(source, 0.0) + tonnes
        into[target] = into.get(target, 0.0) + tonnes
    names = [n for n in COLUMN if n in into or n in out]
    return {n: max(into.get(n, 0.0), out.get(n, 0.0)) for n in names}


def _scale(values: list[float], links: list[tuple[int, int]]) -> tuple[float, str]:
    """The largest height per tonne (as a share of the diagram's height) that plotly's
    Sankey layout (d3-sankey) gives over its node alignments, and that alignment. Under
    "left" a node's column is its depth (the longest path to it from a source); under
    "justify" a node with no flow out goes to the last column; under "right" a column
    is counted back from the last by the longest path on to a sink. The fullest column,
    with its gaps, fills the height. (The nodes' places and the order of the flows at a
    node are given here, so the alignment changes nothing else.)"""
    n = len(values)
    after: dict[int, list[int]] = {}
    before: dict[int, list[int]] = {}
    for s, t in links:
        after.setdefault(s, []).append(t)
        before.setdefault(t, []).append(s)
    depth, rest = _longest(n, after), _longest(n, before)
    last = max(depth, default=0)
    columns = {
        "justify": [depth[i] if i in after else last for i in range(n)],
        "left": depth,
        "right": [last - rest[i] for i in range(n)],
    }
    height = (HEIGHT - MARGIN_TOP - MARGIN_BOTTOM) * DOMAIN_TOP
    best = (0.0, "justify")
    for align, column in columns.items():
        stacks: dict[int, list[float]] = {}
        for i, value in enumerate(values):
            stacks.setdefault(column[i], []).append(value)
        most = max(len(c) for c in stacks.values())
        pad = min(PAD, height / max(most - 1, 1)) / height
        scale = min((1.0 - (len(c) - 1) * pad) / sum(c) for c in stacks.values() if sum(c) > 0)
        if scale > best[0] * (1 + 1e-9):
            best = (scale, align)
    return best


def _longest(n: int, after: dict[int, list[int]]) -> list[int]:
    """The longest path to each of n nodes from a node with none before it, along
    `after` (a graph without loops: the drawing's)."""
    depth, waiting = [0] * n, [0] * n
    for targets in after.values():
        for t in targets:
            waiting[t] += 1
    ready = [i for i in range(n) if waiting[i] == 0]
    while ready:
        i = ready.pop()
        for t in after.get(i, ()):
            depth[t] = max(depth[t], depth[i] + 1)
            waiting[t] -= 1
            if waiting[t] == 0:
                ready.append(t)
    return depth


def _positions(totals: dict[str, dict[str, float]], scale: float) -> dict[tuple, tuple]:
    """(x, y) of each node's centre, by (case, node), as shares of the width and of the
    height: x by its column within its diagram's span; y as high as its stack allows,
    below every node and label placed before it that it would otherwise meet."""
    height = (HEIGHT - MARGIN_TOP - MARGIN_BOTTOM) * DOMAIN_TOP
    width = WIDTH - 2 * MARGIN_SIDE
    rightmost = max((_x(case, n) for case in totals for n in totals[case]), default=1.0)
    stack_of = {n: stack for stack in STACKS for n in stack}
    out: dict[tuple, tuple[float, float]] = {}
    for case, nodes in totals.items():
        placed: list[tuple[float, float, float, float]] = []  # (x0, x1, y0, y1) in px
        bottom: dict[str, float] = {}  # each placed node's lower edge, in px
        for node in (n for n in ORDER if n in nodes):
            x = _x(case, node)
            tall = scale * nodes[node] * height
            wide = CHAR * max(len(node), len(amount(nodes[node])))  # the label's two lines
            x0 = x * width - THICKNESS / 2
            if x >= rightmost:  # plotly writes the last column's labels to the left
                label = (x0 - 4 - wide, x0)
            else:
                label = (x0 + THICKNESS, x0 + THICKNESS + 4 + wide)
            stack = stack_of[node]
            above = [bottom[n] for n in stack[: stack.index(node)] if n in bottom]
            top = max(above, default=-GAP) + GAP
            moved = True
            while moved:
                centre = top + tall / 2
                boxes = (
                    (x0, x0 + THICKNESS, top, top + tall),
                    (*label, centre - LINE, centre + LINE),
                )
                clash = [p for p in placed for b in boxes if _meet(p, b)]
                moved = bool(clash)
                if moved:
                    top = max(p[3] for p in clash) + GAP + max(0.0, LINE - tall / 2)
            placed += [
                (x0, x0 + THICKNESS, top, top + tall),
                (*label, centre - LINE, centre + LINE),
            ]
            bottom[node] = max(top + tall, centre + LINE)
            # plotly ignores a position of 0: keep every centre inside (0, 1)
            out[(case, node)] = (x, min(max(centre / height, 0.001), 0.999))
    return out


def _x(case: str, node: str) -> float:
    """A node's place across, as a share of the width: its column within its diagram."""
    left, right = SPAN[case]
    return left + (right - left) * COLUMN[node] / (COLUMNS - 1)


def _meet(a: tuple, b: tuple) -> bool:
    """Whether two boxes (x0, x1, y0, y1) overlap."""
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def sankey_trace(flows: list[Flow], colours: dict[str, str]) -> dict:
    """One year's flows (`records`) as one Sankey trace: current practice
    on the left, the portfolio on the right, in one trace so that plotly draws both to
    one scale."""
    parts = {case: drawn(flows, case) for case in (BASELINE, PORTFOLIO)}
    totals = {case: _totals(links) for case, links in parts.items()}
    ids = [(case, n) for case in parts for n in totals[case]]
    index = {key: i for i, key in enumerate(ids)}
    pairs = [
        (index[(case, s)], index[(case, t)]) for case, links in parts.items() for s, t, *_ in links
    ]
    values = [totals[case][n] for case, n in ids]
    scale, align = _scale(values, pairs) if pairs else (0.0, "justify")
    place = _positions(totals, scale)
    node = {
        "label": [f"{n}<br>{amount(totals[case][n])}" for case, n in ids],
        "customdata": [f"{n} ({TITLES[case].lower()})" for case, n in ids],
        "color": [NODE_COLOUR[n] for _case, n in ids],
        "x": [place[(case, n)][0] for case, n in ids],
        "y": [place[(case, n)][1] for case, n in ids],
    }
    # Each node's flows in and out in the order of the nodes they come from and go to,
    # top down (link.sort "input"; plotly.js before 3.x sorts them itself)
    links = sorted(
        (
            (*pair, s, t, item, tonnes)
            for pair, (s, t, item, tonnes) in zip(pairs, _all(parts), strict=True)
        ),
        key=lambda link: (node["y"][link[1]], node["y"][link[0]]),
    )
    return {
        "type": "sankey",
        "arrangement": "fixed",
        "domain": {"x": [0.0, 1.0], "y": [0.0, DOMAIN_TOP]},
        "node": {
            **node,
            "hovertemplate": "%{customdata}: %{value:,.0f} t<extra></extra>",
            "pad": PAD,
            "thickness": THICKNESS,
            "align": align,
            "line": {"width": 0},
        },
        "link": {
            "source": [link[0] for link in links],
            "target": [link[1] for link in links],
            "value": [_round(link[5]) for link in links],
            "customdata": [f"{html.escape(str(i))}: {s} → {t}" for _a, _b, s, t, i, _v in links],
            "color": [_link_colour(s, t, i, colours) for _a, _b, s, t, i, _v in links],
            "hovertemplate": "%{customdata}<br>%{value:,.0f} t<extra></extra>",
            "sort": "input",
        },
    }


def _all(parts: dict[str, list]) -> list:
    """The links of every case, in the order of `pairs`."""
    return [link for links in parts.values() for link in links]


def _round(value: float) -> float:
    """Six significant digits: the tonne the sheet shows, a page no larger than needed."""
    return float(f"{value:.6g}")


def sankey_layout(unit: str) -> dict:
    """The figure's layout: the two diagrams' titles, the unit (its last annotation,
    which the page sets per year), fonts."""
    titles = [
        {
            "text": f"<b>{TITLES[case]}</b>",
            "x": (SPAN[case][0] + SPAN[case][1]) / 2,
            "y": 1.0,
            "xref": "paper",
            "yref": "paper",
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"size": 15},
        }
        for case in (BASELINE, PORTFOLIO)
    ]
    return {
        "height": HEIGHT,
        "margin": {"l": 8, "r": 8, "t": MARGIN_TOP, "b": MARGIN_BOTTOM},
        "font": {"family": "DejaVu Sans, Arial, sans-serif", "size": FONT, "color": "#222"},
        "annotations": [
            *titles,
            {
                "text": unit,
                "x": 0.5,
                "y": 0.0,
                "xref": "paper",
                "yref": "paper",
                "yanchor": "top",
                "yshift": -8,
                "showarrow": False,
                "font": {"size": 12, "color": "#555"},
            },
        ],
        "paper_bgcolor": "white",
    }


def avoided_note(flows: list[Flow]) -> str:
    """The new purchases the portfolio avoids, by group, against current practice, and
    primary material before and after, in words: not a flow, so not in the diagram."""
    fewer, more = [], []
    base = now = 0.0
    for source, target, item, was, is_ in flows:
        if source == NEW and target == IN_USE:
            if was - is_ >= 0.5:
                fewer.append(f"{item} {amount(was - is_)}")
            elif is_ - was >= 0.5:
                more.append(f"{item} {amount(is_ - was)}")
        elif source == PRIMARY:
            base, now = base + was, now + is_
    words = []
    if fewer:
        words.append("New purchases avoided against current practice: " + ", ".join(fewer))
    if more:
        words.append("bought more than in current practice: " + ", ".join(more))
    if base > 0:
        words.append(
            f"primary material {amount(base)} → {amount(now)} ({100 * (now / base - 1):+.1f} %)"
        )
    return "; ".join(words) + "." if words else ""
