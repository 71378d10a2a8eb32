"""The result writer keeps every sheet within a spreadsheet's limits (rows, columns,
characters in a cell). The row limit is lowered here: a real 1,048,576-row table would
take minutes to write."""

from __future__ import annotations

import logging

import openpyxl
import pandas as pd
import pytest

from model.io import xlsx
from model.report import workbook as report


def test_a_table_longer_than_a_sheet_goes_on_in_numbered_sheets(monkeypatch, caplog):
    """With room for 4 rows a sheet (3 under the header), 8 rows fill "constraints",
    "constraints (2)" and "constraints (3)", each with the header, in order, before the
    next sheet; the log says so. Without the split rows past the limit would be lost."""
    monkeypatch.setattr(report, "MAX_ROWS", 4)
    book = openpyxl.Workbook()
    first = book.active
    first.title = "constraints"
    book.create_sheet("run")
    frame = pd.DataFrame({"constraint": [f"c{i}" for i in range(8)], "used": range(8)})
    with caplog.at_level(logging.WARNING):
        report.write_frame(first, frame)
    assert book.sheetnames == ["constraints", "constraints (2)", "constraints (3)", "run"]
    rows = [list(book[name].values) for name in book.sheetnames[:3]]
    assert all(part[0] == ("constraint", "used") for part in rows)
    assert [r[0] for part in rows for r in part[1:]] == [f"c{i}" for i in range(8)]
    assert "8 rows are more than a sheet holds" in caplog.text


def test_a_table_wider_than_a_sheet_is_refused(monkeypatch):
    monkeypatch.setattr(report, "MAX_COLUMNS", 3)
    ws = openpyxl.Workbook().active
    with pytest.raises(ValueError, match="must be written long"):
        report.write_frame(ws, pd.DataFrame([[1, 2, 3, 4]], columns=list("abcd")))


def test_text_longer_than_a_cell_holds_is_cut_with_a_note(caplog):
    ws = openpyxl.Workbook().active
    with caplog.at_level(logging.WARNING):
        ws.append(xlsx.row_cells(ws, ("x" * 40_000, "short")))
    text = ws["A1"].value
    assert len(text) == xlsx.MAX_CELL_TEXT and text.endswith("more than a cell holds]")
    assert "40,000" in text and ws["B1"].value == "short"
    assert "was cut" in caplog.text
