"""The `scenarios` sheet: each scenario is the base workbook with its rows applied.

A row names a scenario, a parameter as `sheet.column`, the item (the row's name; `a/b`
on two-name sheets; blank for settings) and the new value. Every value is parsed and
range-checked as the cell it replaces would be, and located by the scenarios sheet's
row. The changes are applied to the parsed rows of the base workbook, and the whole set
of cross-sheet rules runs again on the result (min_t ≤ max_t, mass fractions ≤ 1, …),
so a scenario is exactly "the same change made by hand in a copied workbook".
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass

from model import schema
from model.data.model_data import ModelData
from model.io.cells import CellError
from model.io.checks import build_model_data, first_row
from model.io.files import file_name
from model.io.items import item_key
from model.io.sheets import Reader, Row, is_invalid
from model.schema import name_key


@dataclass(frozen=True)
class Change:
    """One row of the scenarios sheet, checked."""

    sheet: str  # a schema sheet, e.g. "measures"
    column: str  # one of its value columns, e.g. "cost_eur_per_t"
    key: tuple[str, ...]  # the row's name(s); for settings, the setting's name
    value: object  # parsed as the column says; None = blank
    row: int  # its row on the scenarios sheet


def _parameters() -> dict[str, tuple[schema.Sheet, schema.Column]]:
    """`sheet.column` (matched as names are) → its sheet and column, for every value a
    scenario may change: settings, and every non-name column of the data sheets."""
    out = {}
    for col in schema.SETTING_ROWS:
        if col.name != "scenario":
            out[name_key(f"settings.{col.name}")] = (schema.SETTINGS, col)
    for sheet in schema.SHEETS:
        if sheet.name in ("settings", "scenarios", "paths", "uncertainty"):
            continue
        for col in sheet.columns:
            if col.kind not in ("name", "text") or col.name == "unit":
                out[name_key(f"{sheet.name}.{col.name}")] = (sheet, col)
    return out


PARAMETERS = _parameters()


def read_scenarios(
    reader: Reader, sheets: dict[str, list[Row]], base: ModelData
) -> dict[str, ModelData]:
    """Scenario name → its ModelData, in the order the sheet names them. Problems go to
    the reader (the base workbook's own problems are already there)."""
    rows = sheets.get("scenarios", [])
    _check_names(reader, rows, base.settings.scenario)
    changes = _changes(reader, rows, sheets, base)
    out: dict[str, ModelData] = {}
    for name, rows in changes.items():
        data = _apply(reader, name, rows, sheets, base)
        if data is not None:
            out[name] = data
    return out


def _check_names(reader: Reader, rows: list[Row], base: str) -> None:
    """A scenario's name must not be the base's (it would replace the base in the
    comparison), nor differ from another's only in case or give the same file name
    (their result files would be one, on Windows and macOS even when the names differ
    in case only). Each name is reported once, on the row where it first appears."""
    first: dict[str, tuple[str, int]] = {}  # a name's file key → (name, row)
    seen: set[str] = set()
    for row in rows:
        name = row["scenario"]
        if name is None or is_invalid(name) or str(name) in seen:
            continue
        name = str(name)
        seen.add(name)
        where = {"sheet": "scenarios", "row": row.number, "column": "scenario"}
        if name.casefold() == base.casefold():
            reader.problem(
                f"scenario name {name} is the base scenario's name ({base}: the setting "
                "scenario, or else the file name); give the scenario another name",
                **where,
            )
            continue
        key = file_name(name).casefold()
        if key in first:
            other, at = first[key]
            why = (
                "differs from {other} (row {at}) only in case"
                if name.casefold() == other.casefold()
                else "gives the same file name as {other} (row {at})"
            ).format(other=other, at=at)
            reader.problem(
                f"scenario name {name} {why}: their result workbooks would be one file; "
                "give one of them another name",
                **where,
            )
            continue
        first[key] = (name, row.number)


def _changes(reader, rows: list[Row], sheets, base: ModelData) -> dict[str, list[Change]]:
    by_scenario: dict[str, list[Change]] = {}
    seen: dict[tuple, Row] = {}
    for row in rows:
        name, parameter = row["scenario"], row["parameter"]
        if is_invalid(name) or is_invalid(parameter) or name is None or parameter is None:
            continue
        change = _change(reader, row, str(parameter), sheets, base)
        by_scenario.setdefault(str(name), [])
        if change is None:
            continue
        key = (str(name), change.sheet, change.column, change.key)
        twice = (
            f"scenario {name} changes {change.sheet}.{change.column} of "
            f"{'/'.join(change.key) or 'the settings'} twice"
        )
        if first_row(reader, seen, key, row, twice, sheet="scenarios", column="parameter"):
            by_scenario[str(name)].append(change)
    return by_scenario


# sheet.column → the paths parameter that gives it by year
BY_YEAR = {columns: parameter for parameter, columns in schema.PATH_PARAMETERS.items()}


def _change(reader: Reader, row: Row, parameter: str, sheets, base: ModelData) -> Change | None:
    where = {"sheet": "scenarios", "row": row.number}
    found = PARAMETERS.get(name_key(parameter))
    if found is None:
        close = difflib.get_close_matches(name_key(parameter), list(PARAMETERS), n=1)
        hint = ""
        if close:
            sheet, col = PARAMETERS[close[0]]
            hint = f'; did you mean "{sheet.name}.{col.name}"?'
        reader.problem(
            f'unknown parameter "{parameter}": write it as sheet.column, e.g. '
            f"measures.cost_eur_per_t or settings.budget_eur{hint}",
            column="parameter",
            **where,
        )
        return None
    sheet, col = found
    read, year = row_year(reader, row, "scenarios", base)
    if not read:
        return None
    if year is not None:
        return _path_change(reader, row, sheet, col, sheets, year)
    key = item_key(reader, row, sheet, col, sheets)  # checked on, so both are reported
    raw = row.raw.get("value")
    try:
        value = reader.parse_cell(col, raw)
    except CellError as exc:
        reader.problem(f"{sheet.name}.{col.name} {exc}", column="value", **where)
        return None
    if value is None and col.required:
        reader.problem(
            f"{sheet.name}.{col.name} is required; the value cannot be blank",
            column="value",
            **where,
        )
        return None
    if key is None:
        return None
    return Change(sheet.name, col.name, key, value, row.number)


def _path_change(reader, row: Row, sheet, col, sheets, year: int) -> Change | None:
    """A pathway scenario row with a year: that year's `paths` value of the parameter."""
    where = {"sheet": "scenarios", "row": row.number}
    parameter = BY_YEAR.get((sheet.name, col.name))
    if parameter is None:
        reader.problem(
            f"{sheet.name}.{col.name} does not change by year (the paths sheet takes "
            f"{', '.join(schema.PATH_PARAMETERS)}); leave the year blank",
            column="year",
            **where,
        )
        return None
    key = item_key(reader, row, sheet, col, sheets)
    try:
        value = reader.parse_cell(col, row.raw.get("value"))
    except CellError as exc:
        reader.problem(f"{sheet.name}.{col.name} {exc}", column="value", **where)
        return None
    if key is None or value is None:
        return None
    item = "" if sheet.name == "settings" else key[0]
    return Change("paths", "value", (parameter, item, str(year)), value, row.number)


def row_year(
    reader: Reader, row: Row, on: str, base: ModelData, *, pathway_number: str | None = None
) -> tuple[bool, int | None]:
    """Whether the row of sheet `on` can be read, and the year it gives: in a pathway
    workbook, the year of the paths value it names (None where the cell is blank). A
    one-year workbook takes no year, nor (`pathway_number`: the row's parameter, one
    of a pathway's own numbers) a pathway's number: False, with a located problem."""
    year = row["year"]
    given = not (year is None or is_invalid(year))
    if base.pathway is not None:
        return True, int(year) if given else None
    if pathway_number is not None:
        reader.problem(
            f"{pathway_number} is a pathway's number (lifetimes and building capacity "
            "matter only over years); this workbook plans one representative year: give "
            "the settings a first_year and last_year, or leave this row out",
            sheet=on,
            row=row.number,
            column="parameter",
        )
        return False, None
    if given:
        reader.problem(
            "a year applies to pathway workbooks only (settings first_year and last_year); "
            "leave it blank",
            sheet=on,
            row=row.number,
            column="year",
        )
        return False, None
    return True, None


def _apply(
    reader: Reader, name: str, changes: list[Change], sheets, base: ModelData
) -> ModelData | None:
    """The base rows with the scenario's changes, through every cross-sheet rule again.
    A problem there is reported as the scenario's, located by its rows on the sheet."""
    changed = {sheet: list(rows) for sheet, rows in sheets.items()}
    for change in changes:
        _set(changed, change)
    inner = Reader(reader.path)
    on_row = {(p, i, int(t)): c.row for c in changes if c.sheet == "paths" for p, i, t in [c.key]}

    def said_at(_reader: Reader, key: tuple, _number: int) -> str | None:
        """The scenario's own paths rows, at their year (the base's are said once)."""
        row = on_row.get(key)
        where = f"{reader.file} › scenarios › row {row} › year"
        return None if row is None else f"{where}: scenario {name}"

    data = build_model_data(inner, changed, said_at=said_at)
    if inner.problems or data is None:
        numbers = [c.row for c in changes]
        rows = numbers[0] if len(numbers) == 1 else f"rows {', '.join(map(str, numbers))}"
        for problem in inner.problems:
            at = problem.row if not isinstance(problem.row, int) else f"row {problem.row}"
            place = " › ".join(str(p) for p in (problem.sheet, at, problem.column) if p)
            reader.problem(
                f"scenario {name} makes {place} wrong: {problem.message}",
                sheet="scenarios",
                row=rows,
            )
        return None
    scenario = f"{base.settings.scenario}_{name}"
    return data.with_settings(scenario=scenario, source=base.settings.source)


def _set(sheets: dict[str, list[Row]], change: Change) -> None:
    """Replace one value in the parsed rows (a copy); a missing row is added."""
    sheet = schema.SHEETS_BY_NAME[change.sheet]
    rows = sheets.setdefault(change.sheet, [])
    if change.sheet == "paths":
        parameter, item, year = change.key
        match = [
            i
            for i, r in enumerate(rows)
            if r["parameter"] == parameter
            and str(r["item"] or "").strip() == item
            and r["year"] is not None
            and int(r["year"]) == int(year)
        ]
        values = {"parameter": parameter, "item": item or None, "year": int(year)}
        record = Row(change.row, {**values, "value": change.value}, {"value": change.value})
    elif change.sheet == "settings":
        match = [i for i, r in enumerate(rows) if name_key(r["setting"]) == name_key(change.key[0])]
        values = {"setting": change.key[0], "value": change.value}
        record = Row(change.row, values, {"value": change.value})  # settings parse raw
    else:
        match = [i for i, r in enumerate(rows) if tuple(str(r[k]) for k in sheet.key) == change.key]
        if match:
            old = rows[match[0]]
            record = dataclasses.replace(old, values={**old.values, change.column: change.value})
        else:
            values = dict(zip(sheet.key, change.key, strict=True))
            record = Row(change.row, {**values, change.column: change.value}, {})
    if match:
        rows[match[0]] = record
    else:
        rows.append(record)
