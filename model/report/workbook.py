"""Result tables → the result workbook, one year's or a pathway's: number formats (as
`model.report.formats` chooses them), widths, the overview, charts
(`model.report.charts`). The atomic write is model.io.files'."""

from __future__ import annotations

import logging
import math

import openpyxl
import pandas as pd
from openpyxl.formatting.rule import DataBarRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from model.io.xlsx import MAX_COLUMNS, MAX_ROWS, put, row_cells
from model.report.charts import (
    add_comparison_chart,
    add_cost_curve_chart,
    add_pareto_chart,
    add_stacked_bar_chart,
    add_year_charts,
    words,
)
from model.report.formats import TONNES, cell_format, column_format, unit_format
from model.results.table_set import Tables

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
QUESTION_WIDTH = 34  # the overview's question column: at least, else its longest question
ANSWER_WIDTH = 110  # characters of an overview answer on one line
BESIDE_PIVOT = 95  # the same where the pivot stands to the right of the answers
log = logging.getLogger(__name__)


def write_frame(ws, frame: pd.DataFrame) -> None:
    """A table on an empty sheet: a bold header, number formats by column name, widths,
    a frozen header and a filter. Rows are appended whole (much faster than cell by cell
    for the tens of thousands of rows of an economy-wide run). A table longer than a
    sheet holds goes on in sheets "<name> (2)", "<name> (3)", … right after it, each
    with the header, and the log says so; no table may be wider than a sheet holds."""
    if len(frame.columns) > MAX_COLUMNS:
        raise ValueError(
            f"the {ws.title} table has {len(frame.columns):,} columns, more than the "
            f"{MAX_COLUMNS:,} a sheet holds; it must be written long, not wide"
        )
    per_sheet = MAX_ROWS - 1  # the header takes one row
    if len(frame) <= per_sheet:
        _write_table(ws, frame)
        return
    workbook, first = ws.parent, ws.parent.index(ws)
    parts = range(0, len(frame), per_sheet)
    log.warning(
        "%s: %s rows are more than a sheet holds; written on %d sheets (%s and %s (2)…)",
        ws.title,
        f"{len(frame):,}",
        len(parts),
        ws.title,
        ws.title,
    )
    for i, start in enumerate(parts):
        sheet = ws if i == 0 else workbook.create_sheet(f"{ws.title} ({i + 1})", first + i)
        _write_table(sheet, frame.iloc[start : start + per_sheet])


def _write_table(ws, frame: pd.DataFrame) -> None:
    ws.append(row_cells(ws, tuple(str(name) for name in frame.columns)))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    records = list(frame.itertuples(index=False, name=None))
    for record in records:
        ws.append(row_cells(ws, record))
    for j, name in enumerate(frame.columns, start=1):
        fmt = column_format(str(name))  # model.report.formats: chosen there, by name
        letter = get_column_letter(j)
        if fmt and records:
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                if isinstance(cell.value, (int, float)):
                    cell.number_format = cell_format(fmt, cell.value)
        sample = [str(name)] + [_shown_width(record[j - 1], fmt) for record in records[:200]]
        width = max(len(x) for x in sample)
        current = ws.column_dimensions[letter].width or 0
        ws.column_dimensions[letter].width = max(current, min(max(10, width + 2), 60))
    ws.freeze_panes = "B2"
    if len(frame):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    _print_one_page_wide(ws)


def format_by_unit(ws, frame: pd.DataFrame, value_columns: tuple[str, ...]) -> None:
    """Rows of mixed units (summary, goals, constraints, indicators, limits): each value
    formatted by its row's unit (`model.report.formats.unit_format`)."""
    columns = list(frame.columns)
    if "unit" not in columns:
        return
    for offset, unit in enumerate(frame["unit"], start=2):
        if offset > ws.max_row:  # a table longer than a sheet: its first sheet only
            break
        for name in value_columns:
            if name in columns:
                cell = ws.cell(row=offset, column=columns.index(name) + 1)
                if isinstance(cell.value, (int, float)):
                    cell.number_format = cell_format(unit_format(unit), cell.value)
                    ws.column_dimensions[cell.column_letter].width = max(
                        ws.column_dimensions[cell.column_letter].width or 0, 18
                    )


def format_columns(ws, frame: pd.DataFrame, columns, fmt: str) -> None:
    """Columns named by what the sheet holds, not by a fixed name (a scenario's, a drawn
    input's): each numeric cell of `columns` formatted as `fmt` (model.report.formats)."""
    names = list(frame.columns)
    for name in columns:
        j = names.index(name) + 1
        for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
            if isinstance(cell.value, (int, float)):
                cell.number_format = cell_format(fmt, cell.value)


def _shown_width(value: object, fmt: str | None) -> str:
    if isinstance(value, float) and fmt and not math.isnan(value):
        return f"{value:,.1f}"
    return str(value)


def _print_one_page_wide(ws) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _overview(ws, overview: list[tuple[str, str]], pivot: pd.DataFrame | None) -> None:
    """The first sheet: the questions an analyst is asked, answered in words (columns
    A–B: (question, answer) lines, the question blank under its first answer) and, where
    the tables give one, the funded activity by group and type with its chart (from
    column D)."""
    frame = pd.DataFrame(overview, columns=["question", "answer"])
    write_frame(ws, frame)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = None
    width = ANSWER_WIDTH if pivot is None else BESIDE_PIVOT
    longest = max((len(question) for question in frame["question"]), default=0)
    ws.column_dimensions["A"].width = max(QUESTION_WIDTH, longest + 2)
    ws.column_dimensions["B"].width = width
    for row, answer in enumerate(frame["answer"], start=2):
        question = ws.cell(row=row, column=1)
        question.font = Font(bold=True)
        question.alignment = Alignment(vertical="top")
        ws.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 15 * max(1, math.ceil(len(answer) / width))
    if pivot is None:
        return
    for j, name in enumerate(pivot.columns, start=4):
        put(ws, 1, j, name)
        ws.cell(row=1, column=j).font = Font(bold=True)
        ws.cell(row=1, column=j).fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(j)].width = max(14, len(str(name)) + 2)
        for i, value in enumerate(pivot[name], start=2):
            put(ws, i, j, value)
            if j > 4:
                ws.cell(row=i, column=j).number_format = TONNES
    add_stacked_bar_chart(
        ws,
        "Funded activity by product group and measure type (t/yr)",
        first_col=4,
        rows=len(pivot),
        labels=[words(str(name)) for name in pivot.columns[1:]],
        axis_titles=("product group", "activity (t/yr)"),
        anchor=f"D{len(pivot) + 3}",
    )


def build_workbook(tables: Tables) -> openpyxl.Workbook:
    """The result workbook, of one year or of a pathway's years: the overview first,
    then every table sheet of `tables` in its order, formatted, with the charts of the
    sheets there are."""
    workbook = openpyxl.Workbook()
    workbook.active.title = "overview"  # before any chart refers to the sheet by name
    _overview(workbook.active, tables.overview, tables.by_group_and_type)
    for name, frame in tables.sheets().items():
        write_frame(workbook.create_sheet(name), frame)
    format_by_unit(workbook["summary"], tables.summary, ("value",))
    format_by_unit(workbook["constraints"], tables.constraints, ("used", "limit", "slack"))
    _charts(workbook, tables)
    return workbook


def _charts(workbook, tables: Tables) -> None:
    """Each sheet's chart, where the sheet is there: one year's materials and goals,
    baseline beside optimum; a pathway's series by year; the trade-off curve; the cost
    curve."""
    portfolio = workbook["portfolio"]
    n = len(tables.portfolio)
    if n:
        column = get_column_letter(list(tables.portfolio.columns).index("activity_t") + 1)
        portfolio.conditional_formatting.add(
            f"{column}2:{column}{n + 1}",
            DataBarRule(start_type="num", start_value=0, end_type="max", color="5B9BD5"),
        )
    if tables.goals is not None and "year" in tables.goals.columns:  # a pathway's, by year
        format_by_unit(workbook["goals"], tables.goals, ("baseline", "optimum", "change"))
    elif tables.goals is not None:  # one year: baseline beside optimum, a bar per row
        materials = tables.materials
        add_comparison_chart(
            workbook["materials"],
            "Primary use per material (t/yr): current practice and the optimum",
            "material",
            {"baseline_primary_t": "current practice", "primary_t": "optimum"},
            len(materials),
            f"A{len(materials) + 4}",
            ("material", "primary use (t/yr)"),
        )
        goals = workbook["goals"]
        format_by_unit(goals, tables.goals, ("baseline", "optimum", "change"))
        tonnes = int(tables.goals["unit"].str.contains("t/yr").sum())  # they come first
        add_comparison_chart(
            goals,
            "The national goal lines (t/yr): current practice and the optimum",
            "indicator",
            {"baseline": "current practice", "optimum": "optimum"},
            tonnes,
            f"A{len(tables.goals) + 4}",
            ("goal line", "t/yr"),
        )
    if tables.charts is not None:
        add_year_charts(workbook["charts"], tables.charts)
    if tables.pareto is not None:
        add_pareto_chart(workbook["pareto"], tables.pareto)
    if tables.cost_curve is not None:
        add_cost_curve_chart(workbook["cost_curve"], len(tables.cost_curve))


def build_diagnosis_workbook(source: str, message: str, rows: list[dict]) -> openpyxl.Workbook:
    """Why a scenario is infeasible: the message line by line, and the limits involved."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    lines = pd.DataFrame({"diagnosis": [source, *message.splitlines()]})
    write_frame(workbook.create_sheet("diagnosis"), lines)
    columns = ["limit", "role", "value", "needed", "unit"]
    if any(row.get("year") is not None for row in rows):  # a pathway's: by year
        columns = ["year", *columns]
        rows = sorted(rows, key=lambda row: row.get("year") or 0)
    limits = pd.DataFrame(rows, columns=columns)
    write_frame(workbook.create_sheet("limits"), limits)
    format_by_unit(workbook["limits"], limits, ("value", "needed"))
    return workbook
