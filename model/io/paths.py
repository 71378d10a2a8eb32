"""The pathway settings and columns and the `paths` sheet (PATHWAY.md, WORKBOOK.md).

`read_pathway` gives the `Pathway` of a workbook whose settings give first_year and
last_year (None otherwise, the paths sheet then ignored with a warning). Every path
row is checked as the cell it stands for would be: the parameter is one of those
PATHWAY.md lists, the item is on that parameter's sheet (blank for the settings),
the value is in that column's range, and no (parameter, item, year) is given twice;
each problem is located by the paths sheet's row and column.
"""

from __future__ import annotations

import logging

from model import schema
from model.data.pathway import Pathway
from model.io.cells import CellError, is_blank
from model.io.items import item_key
from model.io.sheets import Reader, Row, is_invalid

log = logging.getLogger(__name__)

MAX_YEARS = 100  # last_year ≤ first_year + 100


def read_pathway(reader: Reader, settings: dict, sheets: dict[str, list[Row]]) -> Pathway | None:
    """The pathway of the workbook, or None for one representative year."""
    first, last = settings.get("first_year"), settings.get("last_year")
    paths_rows = sheets.get("paths", [])
    if first is None and last is None:
        if paths_rows:
            log.warning(
                "%s › paths: ignored; the settings give no first_year and last_year, so "
                "this is one representative year",
                reader.file,
            )
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
    return Pathway(
        first_year=first,
        last_year=last,
        discount_rate=settings.get("discount_rate") or 0.0,
        paths=_paths(reader, paths_rows, sheets),
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


def _paths(reader: Reader, rows: list[Row], sheets) -> dict[tuple[str, str], dict[int, float]]:
    out: dict[tuple[str, str], dict[int, float]] = {}
    seen: dict[tuple[str, str, int], int] = {}
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
