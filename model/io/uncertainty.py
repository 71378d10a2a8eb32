"""The `uncertainty` sheet: one row per uncertain value, with its range and distribution.

Parameters and items are named as on the scenarios sheet (and checked by the same rules);
low and high are parsed and range-checked as the cell they stand for, low ≤ high, and a
triangular distribution needs its mode, the base value, inside [low, high]. Every
problem is located by the sheet's row and column.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from model.data.lifetimes import MAX_AGE, ends_in_time, longest_mean
from model.data.model_data import ModelData
from model.data.settable import SETTABLE
from model.data.values import value_of
from model.io.cells import CellError
from model.io.checks import first_row
from model.io.items import item_key
from model.io.paths import outside
from model.io.scenarios import BY_YEAR, PARAMETERS, row_year
from model.io.sheets import Reader, Row, is_invalid
from model.schema import name_key
from model.schema.measure_types import BY_TYPE

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Uncertain:
    """One uncertain value."""

    parameter: str  # sheet.column
    key: tuple  # the item (for settings, the setting's name); a pathway's year last
    low: float
    high: float
    distribution: str  # "uniform" | "triangular"
    base: float  # the base workbook's value (the triangular mode)
    row: int  # its row on the uncertainty sheet

    @property
    def name(self) -> str:
        """How the result sheets name it: measures.cost_eur_per_t[textiles_reuse], and
        with a year settings.budget_eur[2030] or demand_t of batteries [batteries@2030]."""
        key, year = self.key, None
        if key and isinstance(key[-1], int):
            key, year = key[:-1], key[-1]
        item = "/".join(key) if not self.parameter.startswith("settings.") else ""
        if year is not None:
            item = f"{item}@{year}" if item else str(year)
        return f"{self.parameter}[{item}]" if item else self.parameter


def read_uncertainty(reader: Reader, sheets: dict[str, list[Row]], base: ModelData) -> list:
    """The checked rows, in sheet order; problems go to the reader."""
    out, seen = [], {}
    for row in sheets.get("uncertainty", []):
        found = _uncertain(reader, row, sheets, base)
        if found is None:
            continue
        key, twice = (found.parameter, found.key), f"{found.name} is given twice"
        if first_row(reader, seen, key, row, twice, sheet="uncertainty", column="parameter"):
            out.append(found)
    _lifetimes_followed(reader, base, out)
    return out


def _lifetimes_followed(reader: Reader, base: ModelData, rows: list[Uncertain]) -> None:
    """Every lifetime a sample can draw ends within MAX_AGE years: a group's longest
    mean (its lifetime_years' high) with its widest spread (lifetime_shape's low), times
    each lifetime variant of its measures at their longest (model.io.paths requires the
    same of the workbook's own values); else a problem at the row that lengthens it.
    Lifetimes are a pathway's numbers: a one-year workbook's rows name none (`_uncertain`
    refuses them), so there is nothing to follow."""
    by = {(u.parameter, u.key): u for u in rows}
    system, pathway = base.system, base.pathway
    for g in system.groups:
        mean_row = by.get(("groups.lifetime_years", (g,)))
        shape_row = by.get(("groups.lifetime_shape", (g,)))
        if mean_row is None and shape_row is None:
            continue
        mean = mean_row.high if mean_row else pathway.lifetime_years[g]
        shape = shape_row.low if shape_row else pathway.lifetime_shape[g]
        lives = [("its standard design", 1.0)]
        for s in system.measures:
            kind = BY_TYPE.get(system.type_of.get(s))
            if system.group_of.get(s) != g or kind is None or kind.life is None:
                continue
            drawn = by.get((f"measures.{kind.parameter}", (s,)))
            p = drawn.high if drawn else value_of(base, f"measures.{kind.parameter}", (s,))
            if p is not None:
                lives.append((s, kind.life(p)))
        what, life = max(lives, key=lambda pair: pair[1])
        if ends_in_time(mean * life, shape):
            continue
        at, column = (mean_row, "high") if mean_row else (shape_row, "low")
        reader.problem(
            f"at a mean lifetime of {mean:g} yr and shape {shape:g}, {what} of {g} would "
            f"stay in use {mean * life:.4g} yr on average and some more than {MAX_AGE:,} "
            f"years, the longest a pathway follows a product: keep that mean at most "
            f"{longest_mean(shape):g} yr",
            sheet="uncertainty",
            row=at.row,
            column=column,
        )


def _uncertain(reader: Reader, row: Row, sheets, base: ModelData) -> Uncertain | None:
    where = {"sheet": "uncertainty", "row": row.number}
    parameter = row["parameter"]
    if parameter is None or is_invalid(parameter):
        return None
    found = PARAMETERS.get(name_key(parameter))
    name = f"{found[0].name}.{found[1].name}" if found else None
    if found is None or name not in SETTABLE:
        known = ", ".join(sorted(SETTABLE))
        reader.problem(
            f'"{parameter}" cannot be uncertain; these can: {known}',
            column="parameter",
            **where,
        )
        return None
    sheet, col = found
    own = name if SETTABLE[name][0] == "pathway" else None
    read, year = row_year(reader, row, "uncertainty", base, pathway_number=own)
    if not read:
        return None
    by_year = year is not None
    if by_year and (sheet.name, col.name) not in BY_YEAR:
        reader.problem(
            f"{name} does not change by year; leave the year blank",
            column="year",
            **where,
        )
        return None
    key = item_key(reader, row, sheet, col, sheets, "uncertainty")
    if key is not None and by_year:
        key = (*key, year)  # that year's value of the path
    bounds = []
    for side in ("low", "high"):
        try:
            value = reader.parse_cell(col, row.raw.get(side))
        except CellError as exc:
            reader.problem(f"{name} {exc}", column=side, **where)
            value = None
        else:
            if value is None:
                reader.problem(f"{side} is required", column=side, **where)
        bounds.append(value)
    low, high = bounds
    if key is None or low is None or high is None:
        return None
    if low > high:
        reader.problem(f"low ({low:g}) is above high ({high:g})", column="low", **where)
        return None
    distribution = row["distribution"] or "uniform"
    value = value_of(base, name, key)
    if value is None:
        reader.problem(
            f"{name} of {'/'.join(map(str, key))} is blank in the base workbook; give it a "
            "value first",
            column="item",
            **where,
        )
        return None
    if distribution == "triangular" and not low <= value <= high:
        reader.problem(
            f"a triangular distribution takes the base value ({value:g}) as its mode, "
            f"which must lie within [low, high] = [{low:g}, {high:g}]",
            column="distribution",
            **where,
        )
        return None
    if base.pathway is not None and not _followed(
        reader, base, sheet.name, col.name, key, high, row
    ):
        return None
    if by_year:
        _outside(reader, base, sheet.name, col.name, key, value, row)
    return Uncertain(name, key, float(low), float(high), distribution, float(value), row.number)


def _followed(reader: Reader, base: ModelData, sheet: str, column: str, key, high, row) -> bool:
    """A measure's lifetime variant (a repairable design's 1 + e_s) ends within MAX_AGE
    years at the highest value drawn, as the reader requires of the workbook's own value
    (model.io.paths); else a problem located at `high`."""
    if sheet != "measures" or key is None:
        return True
    kind = BY_TYPE.get(base.system.type_of.get(key[0]))
    if kind is None or kind.life is None or kind.parameter != column:
        return True
    g = base.system.group_of[key[0]]
    mean, shape = base.pathway.lifetime_years[g], base.pathway.lifetime_shape[g]
    if ends_in_time(mean * kind.life(high), shape):
        return True
    reader.problem(
        f"at {column} {high:g} a product of {key[0]} would stay in use "
        f"{mean * kind.life(high):.4g} yr on average; with {g}'s shape {shape:g} some "
        f"stay more than {MAX_AGE:,} years, the longest a pathway follows a product: keep "
        f"that mean at most {longest_mean(shape):g} yr",
        sheet="uncertainty",
        row=row.number,
        column="high",
    )
    return False


def _outside(reader: Reader, base: ModelData, sheet: str, column: str, key, value, row) -> None:
    """A drawn value for a year outside the horizon changes the years next to it by
    interpolation: said, located at the row's year (model.io.paths.outside)."""
    pathway, parameter = base.pathway, BY_YEAR[(sheet, column)]
    item, year = ("" if sheet == "settings" else key[0]), key[-1]
    points = {**pathway.paths.get((parameter, item), {}), year: value}
    said = outside(parameter, item, points, year, pathway.first_year, pathway.last_year)
    if said:
        where = f"{reader.file} › uncertainty › row {row.number} › year"
        log.warning("%s: %s", where, said)
