"""The pathway settings and columns and the `paths` sheet (PATHWAY.md, WORKBOOK.md).

`read_pathway` gives the `Pathway` of a workbook whose settings give first_year and
last_year (None otherwise, the paths sheet then ignored with a warning). Every path
row is checked as the cell it stands for would be: the parameter is one of those
PATHWAY.md lists, the item is on that parameter's sheet (blank for the settings),
the value is in that column's range, and no (parameter, item, year) is given twice;
each problem is located by the paths sheet's row and column. Then what only the years
show (docs/decisions.md, "Accepted ranges"):

- every lifetime can be followed: a group's, and each measure's variant of it (a
  repairable design lasts 1 + e_s times as long), falls to the cut within MAX_AGE
  years (located at lifetime_years, or the measure's parameter);
- demand spans at most GROWTH (largest over smallest) over the history the lifetime
  needs and the horizon (located at demand_growth, past_growth, or the paths rows);
- a lower limit is at most its upper limit in every year, after interpolation (min_t
  and max_t, min_secondary_share and max_secondary_share; located at the paths rows);
- a path row outside first_year … last_year (other than demand_t's history) is warned
  about, located, saying which years of the horizon it changes by interpolation.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass

from model import schema
from model.data.lifetimes import MAX_AGE, ends_in_time, lifetime, longest_mean
from model.data.paths import at_year
from model.data.pathway import Pathway
from model.io.cells import CellError, is_blank
from model.io.items import item_key
from model.io.sheets import Reader, Row, is_invalid
from model.schema.measure_types import BY_TYPE

log = logging.getLogger(__name__)

MAX_YEARS = 100  # last_year ≤ first_year + 100
GROWTH = 1e6  # the largest D_{g,t} over the smallest positive one, in the years read
# (lower, upper, sheet): limits whose order the sheets check, checked in every year too
ORDERED = (
    ("min_t", "max_t", "measures"),
    ("min_secondary_share", "max_secondary_share", "materials"),
)


# Where a paths row outside the horizon is said: (reader, (parameter, item, year), its
# row number) → the place written before the words, or None to say nothing of it.
SaidAt = Callable[[Reader, tuple[str, str, int], int], str | None] | None


def paths_row(reader: Reader, key: tuple[str, str, int], number: int) -> str:
    """The paths sheet's own row, at its year."""
    return f"{reader.file} › paths › row {number} › year"


def read_pathway(
    reader: Reader, settings: dict, sheets: dict[str, list[Row]], *, said_at: SaidAt = None
) -> Pathway | None:
    """The pathway of the workbook, or None for one representative year (whose paths
    rows and foresight setting are then ignored, each said once). A paths row outside
    the horizon is logged where `said_at` puts it (`paths_row`: the paths sheet's row)."""
    first, last = settings.get("first_year"), settings.get("last_year")
    paths_rows = sheets.get("paths", [])
    if first is None and last is None:  # one representative year: what it ignores
        if paths_rows:
            log.warning(
                "%s › paths: ignored; the settings give no first_year and last_year, so "
                "this is one representative year",
                reader.file,
            )
        if settings.get("foresight") is not None:
            log.warning(
                "%s › settings › foresight: ignored; one representative year has no later "
                "years to see (give first_year and last_year for a pathway)",
                reader.file,
            )
            settings["foresight"] = None  # Settings.foresight is a pathway's only
        return None
    if first is None or last is None:
        missing = "first_year" if first is None else "last_year"
        reader.problem(
            f"{missing} is missing: a pathway needs both first_year and last_year (or "
            "neither, for one representative year)",
            sheet="settings",
            column=missing,
        )
        return None
    first, last = int(first), int(last)
    if not first <= last <= first + MAX_YEARS:
        reader.problem(
            f"last_year must lie between first_year and first_year + {MAX_YEARS} "
            f"({first}–{first + MAX_YEARS}), got {last}",
            sheet="settings",
            column="last_year",
        )
        return None
    groups = {row["group"]: row for row in sheets.get("groups", []) if _ok(row["group"])}
    for row in groups.values():
        if row["lifetime_years"] is None:
            reader.problem(
                "lifetime_years is required in a pathway (the mean lifetime of the "
                "group's products, in years)",
                sheet="groups",
                row=row.number,
                column="lifetime_years",
            )
    capacities = [row for row in sheets.get("capacities", []) if _ok(row["capacity"])]
    rows_at: dict[tuple[str, str, int], int] = {}
    paths = _paths(reader, paths_rows, sheets, rows_at)
    histories = _check_lifetimes(reader, groups, sheets.get("measures", []))
    _check_growth(reader, groups, histories, paths, rows_at, first, last)
    _check_order(reader, sheets, paths, rows_at, first, last)
    for key, number in sorted(rows_at.items(), key=lambda kv: kv[1]):
        parameter, item, year = key
        where = (said_at or paths_row)(reader, key, number)
        if where is None:
            continue
        said = outside(parameter, item, paths[(parameter, item)], year, first, last)
        if said:
            log.warning("%s: %s", where, said)
    return Pathway(
        first_year=first,
        last_year=last,
        discount_rate=settings.get("discount_rate") or 0.0,
        paths=paths,
        lifetime_years={g: r["lifetime_years"] for g, r in groups.items()},
        lifetime_shape={g: _or(r["lifetime_shape"], 2.0) for g, r in groups.items()},
        demand_growth={g: _or(r["demand_growth"], 0.0) for g, r in groups.items()},
        past_growth={
            g: _or(r["past_growth"], _or(r["demand_growth"], 0.0)) for g, r in groups.items()
        },
        build_cost={
            r["capacity"]: r["build_cost_eur_per_unit"]
            for r in capacities
            if r["build_cost_eur_per_unit"] is not None
        },
        build_lead={r["capacity"]: int(_or(r["build_lead_years"], 0)) for r in capacities},
        max_build={r["capacity"]: r["max_build_per_year"] for r in capacities},
    )


def _ok(value) -> bool:
    return value is not None and not is_invalid(value)


def _or(value, default):
    return default if value is None or is_invalid(value) else value


def _paths(
    reader: Reader, rows: list[Row], sheets, seen: dict[tuple[str, str, int], int]
) -> dict[tuple[str, str], dict[int, float]]:
    """(parameter, item) → {year: value}; `seen` gets the row of each (parameter, item,
    year)."""
    out: dict[tuple[str, str], dict[int, float]] = {}
    for row in rows:
        parameter, year = row["parameter"], row["year"]
        if not _ok(parameter) or not _ok(year):
            continue  # the cell's own problem is reported
        sheet_name, column = schema.PATH_PARAMETERS[parameter]
        sheet = schema.SHEETS_BY_NAME[sheet_name]
        col = (
            next(c for c in schema.SETTING_ROWS if c.name == column)
            if sheet_name == "settings"
            else sheet.column(column)
        )
        key = item_key(reader, row, sheet, col, sheets, on="paths")
        where = {"sheet": "paths", "row": row.number}
        try:
            value = reader.parse_cell(col, row.raw.get("value"))
        except CellError as exc:
            reader.problem(f"{parameter} {exc}", column="value", **where)
            continue
        if value is None or is_blank(value):
            continue  # a required value: the cell's own problem is reported
        if key is None:
            continue
        item = "" if sheet_name == "settings" else key[0]
        at = (parameter, item, int(year))
        if at in seen:
            what = f"{parameter} of {item}" if item else parameter
            reader.problem(
                f"{what} is given twice for {int(year)} (also on row {seen[at]})",
                column="year",
                **where,
            )
            continue
        seen[at] = row.number
        out.setdefault((parameter, item), {})[int(year)] = value
    return out


def _check_lifetimes(reader: Reader, groups: dict[str, Row], measures: list[Row]) -> dict:
    """Every lifetime variant ends within MAX_AGE years; the history each group's
    standard lifetime needs (a_max years), where it can be followed."""
    shapes, histories = {}, {}
    for g, row in groups.items():
        mean, shape = row["lifetime_years"], _or(row["lifetime_shape"], 2.0)
        if not _ok(mean) or is_invalid(row["lifetime_shape"]):
            continue  # the cell's own problem is reported
        if not ends_in_time(mean, shape):
            reader.problem(
                f"a mean lifetime of {mean:g} yr with shape {shape:g} keeps products in "
                f"use for more than {MAX_AGE:,} years, the longest a pathway follows a "
                f"product: give a mean of at most {longest_mean(shape):g} yr for this "
                "shape, or a larger shape",
                sheet="groups",
                row=row.number,
                column="lifetime_years",
            )
            continue
        shapes[g] = (mean, shape)
        histories[g] = lifetime(mean, shape).max_age
    for row in measures:
        kind, g = BY_TYPE.get(row["type"]), row["group"]
        if kind is None or kind.life is None or g not in shapes:
            continue
        p = row[kind.parameter]
        if not _ok(p):
            continue
        (mean, shape), life = shapes[g], kind.life(p)
        if not ends_in_time(mean * life, shape):
            reader.problem(
                f"with {kind.parameter} {p:g} a product of this measure stays in use "
                f"{mean * life:.4g} yr on average ({g}: {mean:g} yr × {life:g}); with "
                f"{g}'s shape {shape:g} some stay more than {MAX_AGE:,} years, the longest "
                f"a pathway follows a product: keep that mean at most "
                f"{longest_mean(shape):g} yr",
                sheet="measures",
                row=row.number,
                column=kind.parameter,
            )
    return histories


def _check_growth(reader, groups, histories, paths, rows_at, first: int, last: int) -> None:
    """D_{g,t} spans at most GROWTH (largest over smallest positive value) over the years
    the model reads it: the history the standard lifetime needs (a_max years before t0)
    and t0 … t1. Worked out in logarithms, so growth that would overflow a float is told,
    not raised. Each part of the demand (the future by demand_growth, the history by
    past_growth, the paths rows) is checked alone and then all of it together; a
    problem is located at the growth cell (with the growth that would do) or the paths
    rows that give the part."""
    limit = math.log(GROWTH)
    for g, row in groups.items():
        base, history = row["demand_t"], histories.get(g)
        growth = _or(row["demand_growth"], 0.0)
        past = _or(row["past_growth"], growth)
        cells = (row["demand_t"], row["demand_growth"], row["past_growth"])
        if history is None or base is None or any(is_invalid(v) for v in cells):
            continue  # the lifetime's or the cell's own problem is told
        points = paths.get(("demand_t", g))
        parts = _demand_parts(row, base, growth, past, points, first - history, first, last)
        rows = sorted(n for (p, i, _y), n in rows_at.items() if (p, i) == ("demand_t", g))
        everything = {t: v for part in parts for t, v in part.logs.items()}
        if not everything:
            continue
        wrong = [part for part in parts if _span(part.logs) > limit]
        if not wrong and _span(everything) > limit:
            anchor = everything.get(first, 0.0)
            far = max(everything, key=lambda t: abs(everything[t] - anchor))
            wrong = [next(part for part in parts if far in part.logs)]
        for part in wrong:
            seen = part.logs if _span(part.logs) > limit else everything
            low, high = min(seen, key=seen.get), max(seen, key=seen.get)
            said = (
                f"the purchases of {g} range from {_exp(seen[low])} t in {low} to "
                f"{_exp(seen[high])} t in {high} over the years the pathway reads (the "
                f"{history} years of history its lifetime needs, and the horizon): more "
                f"than {GROWTH:.0e}-fold, numbers too far apart for the solver"
            )
            if part.column is None:
                reader.problem(
                    f"{said}; give demand_t values nearer one another",
                    sheet="paths",
                    row=_rows_text(rows),
                    column="value",
                )
                continue
            lowest, highest = _accepted(part, everything, limit, first)
            reader.problem(
                f"{said}; give a {part.column} between {lowest:g} and {highest:g}",
                sheet="groups",
                row=row.number,
                column=part.column,
            )


@dataclass(frozen=True)
class _Part:
    """Part of a group's demand: ln D_t by year, and the growth cell that gives it
    (None: the paths rows) over `years` years from t0 (negative: back in time)."""

    logs: dict[int, float]
    column: str | None = None
    years: int = 0


def _demand_parts(row, base, growth, past, points, start: int, first: int, last: int):
    """ln D_t for t in start … last where D_t > 0, by model.data.pathway's rule, in the
    parts that make it."""
    if points and max(points) >= first:
        values = {t: at_year(points, t) for t in range(start, last + 1)}
        return [_Part({t: math.log(v) for t, v in values.items() if v > 0})]
    if base <= 0:
        return []
    scale = math.log(base)

    def grown(years: range, rate: float) -> dict[int, float]:
        return {t: scale + (t - first) * math.log1p(rate) for t in years}

    future = range(first, last + 1)
    if points:
        with_base = {**points, first: base}
        values = {t: at_year(with_base, t) for t in range(start, first)}
        logs = {t: math.log(v) for t, v in values.items() if v > 0}
        return [
            _Part({**logs, first: scale}),
            _Part(grown(future, growth), "demand_growth", last - first),
        ]
    if not _ok(row["past_growth"]):  # one growth, both ways
        return [_Part(grown(range(start, last + 1), growth), "demand_growth", last - start)]
    return [
        _Part(grown(future, growth), "demand_growth", last - first),
        _Part(grown(range(start, first + 1), past), "past_growth", start - first),
    ]


def _span(logs: dict[int, float]) -> float:
    return max(logs.values()) - min(logs.values()) if logs else 0.0


def _accepted(part: _Part, everything: dict, limit: float, first: int) -> tuple[float, float]:
    """The growth of `part` that keeps the span within `limit`: alone, |years · ln(1 +
    r)| ≤ limit; with the other parts as they are, its far end within limit of them."""
    reach = limit / abs(part.years) if part.years else 0.0
    bounds = [-reach, reach]
    others = [v for t, v in everything.items() if t not in part.logs or t == first]
    if others and part.years and max(others) - min(others) <= limit:
        anchor = part.logs[first]
        ends = sorted(
            (
                (max(others) - limit - anchor) / part.years,
                (min(others) + limit - anchor) / part.years,
            )
        )
        bounds = [max(bounds[0], ends[0]), min(bounds[1], ends[1])]
    return (
        _rounded(math.expm1(bounds[0]), down=False),
        _rounded(math.expm1(bounds[1]), down=True),
    )


def _exp(log_value: float) -> str:
    """e^log_value, as 3.2e+07 or about 1e+400, without overflowing."""
    if abs(log_value) > 700:
        return f"about 1e{log_value / math.log(10):+.0f}"
    return f"{math.exp(log_value):.3g}"


def _number(x: float) -> str:
    """86,372,093 or 0.75: large values with separators, the rest as written."""
    return f"{x:,.0f}" if abs(x) >= 1e4 else f"{x:g}"


def _rows_text(numbers: list[int]) -> int | str:
    return numbers[0] if len(numbers) == 1 else f"rows {', '.join(map(str, numbers))}"


def _rounded(x: float, *, down: bool) -> float:
    """x to four significant digits, rounded down or up: a proposal that is accepted."""
    if x == 0:
        return 0.0
    step = 10.0 ** (math.floor(math.log10(abs(x))) - 3)
    return (math.floor(x / step) if down else math.ceil(x / step)) * step


def _check_order(reader, sheets, paths, rows_at, first: int, last: int) -> None:
    """A lower limit is at most its upper limit in every year of the horizon, where a
    path gives either (the sheets check their own cells): one problem per item, located
    at the paths rows of both."""
    for lower, upper, sheet in ORDERED:
        columns = schema.SHEETS_BY_NAME[sheet]
        key = columns.key[0]
        for row in sheets.get(sheet, []):
            item = row[key]
            if not _ok(item):
                continue
            low_points, up_points = paths.get((lower, item)), paths.get((upper, item))
            if not low_points and not up_points:
                continue
            low_base = _or(row[lower], columns.column(lower).default)
            up_base = _or(row[upper], columns.column(upper).default)
            wrong = []
            for t in range(first, last + 1):
                low = at_year(low_points, t) if low_points else low_base
                up = at_year(up_points, t) if up_points else up_base
                if low is not None and up is not None and low > up + 1e-9 * max(1.0, abs(up)):
                    wrong.append((t, low, up))
            if not wrong:
                continue
            t, low, up = wrong[0]
            numbers = sorted(
                n for (p, i, _y), n in rows_at.items() if i == item and p in (lower, upper)
            )
            given = [
                f"{name} {_number(base)} on {sheet} › row {row.number}"
                for name, points, base in (
                    (lower, low_points, low_base),
                    (upper, up_points, up_base),
                )
                if not points
            ]
            reader.problem(
                f"{lower} of {item} exceeds its {upper} in {_years([w[0] for w in wrong])} "
                f"(in {t}: {_number(low)} against {_number(up)}"
                + (f"; {given[0]}" if given else "")
                + f"): {lower} must not exceed {upper} in any year",
                sheet="paths",
                row=_rows_text(numbers),
                column="value",
            )


def _years(years: list[int]) -> str:
    """2030–2035, 2040 — consecutive years as ranges."""
    runs: list[list[int]] = []
    for t in years:
        if runs and t == runs[-1][-1] + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def outside(
    parameter: str, item: str, points: dict[int, float], year: int, first: int, last: int
) -> str | None:
    """What the path point of `year` does to the horizon first … last, in words, where
    it lies outside it (None inside, and for demand_t's history before first_year).
    Such points are kept: between given years a value is interpolated whatever the
    horizon, so shortening last_year leaves the years kept as they were."""
    if first <= year <= last or (parameter == "demand_t" and year < first):
        return None
    what = f"{parameter} of {item}" if item else parameter
    horizon = f"{first}–{last}"
    if year > last:
        side, edge = f"is after last_year {last}", last
        nearest = min(y for y in points if y > last)
        other = max((y for y in points if y <= last), default=None)
    else:
        side, edge = f"is before first_year {first}", first
        nearest = max(y for y in points if y < first)
        other = min((y for y in points if y >= first), default=None)
    if year != nearest:
        return (
            f"{what}: {year} {side}, beyond the row for {nearest}: it changes no year of {horizon}"
        )
    if edge in points:
        return (
            f"{what}: {year} {side}; the row for {edge} ends the path: it changes no "
            f"year of {horizon}"
        )
    value = at_year(points, edge)
    if other is None:
        return (
            f"{what}: {year} {side} and no row lies inside {horizon}, so every year takes "
            f"its value ({_number(value)}); give a row for {edge} if that is not meant"
        )
    if year > last:
        span = range(max(other + 1, first), last + 1)
    else:
        span = range(first, min(other, last + 1))
    shown = f"{span[0]}–{span[-1]}" if len(span) > 1 else str(span[0])
    return (
        f"{what}: {year} {side}: the years {shown} are interpolated towards it ({_number(value)} "
        f"in {edge}); give a row for {edge} to end the path inside the horizon"
    )
