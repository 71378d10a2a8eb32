"""The workbooks as analysts meet them: the template, formulas, error cells, and text
that must stay text in the result."""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl
import pytest

from inputs.build_default import ROWS
from model import schema
from model.errors import InputError
from model.io.reader import read_workbook
from tests.helpers.runner import run_cli as run
from tests.helpers.workbooks import write_clean

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    done = run("--template", path)
    assert done.returncode == 0, done.stderr
    return openpyxl.load_workbook(path)


def test_template_has_every_sheet_and_column_with_a_note(template):
    assert template.sheetnames[0] == "about"
    for sheet in schema.SHEETS:
        ws = template[sheet.name]
        header = [c.value for c in ws[1]]
        assert header == [c.name for c in sheet.columns]
        for cell, col in zip(ws[1], sheet.columns, strict=True):
            assert cell.comment is not None and col.meaning.split(" (")[0][:20] in (
                cell.comment.text
            )
        assert ws.freeze_panes == "A2"


def test_template_notes_give_unit_default_and_range(template):
    note = template["groups"]["C1"].comment.text  # collection_rate
    assert "Unit: fraction" in note and "Allowed: a number in [0, 1]" in note
    assert "Blank = 1.0" in note


def test_template_drop_downs_and_checks(template):
    rules = {str(dv.sqref): dv for dv in template["measures"].data_validations.dataValidation}
    assert rules["C2:C2000"].type == "list"
    assert rules["C2:C2000"].formula1 == '"design_for_repair,reuse,recycle,substitute"'
    assert rules["B2:B2000"].formula1 == "groups!$A$2:$A$2000"  # group names
    assert rules["D2:D2000"].type == "decimal"  # cost ≥ 0
    composition = {
        str(dv.sqref): dv.formula1 for dv in template["composition"].data_validations.dataValidation
    }
    assert composition["B2:B2000"] == "materials!$A$2:$A$2000"
    substitutes = {
        str(dv.sqref): dv.formula1 for dv in template["substitutes"].data_validations.dataValidation
    }
    assert substitutes["A2:A2000"] == "measures!$A$2:$A$2000"  # the measure's name
    assert substitutes["B2:B2000"] == "materials!$A$2:$A$2000"
    materials = template["materials"]
    header = [cell.value for cell in materials[1]]
    kind = {str(dv.sqref): dv.formula1 for dv in materials.data_validations.dataValidation}
    column = openpyxl.utils.get_column_letter(header.index("kind") + 1)
    assert kind[f"{column}2:{column}2000"] == '"abiotic,biotic"'


def test_the_shipped_example_has_the_same_treatment():
    workbook = openpyxl.load_workbook(ROOT / "inputs" / "portfolio.xlsx")
    assert workbook["measures"]["D1"].comment is not None
    assert workbook["measures"].data_validations.dataValidation
    assert "about" in workbook.sheetnames and "sources" in workbook.sheetnames


def test_a_formula_counts_by_its_saved_value(tmp_path):
    """A workbook saved by a spreadsheet program keeps each formula's value; openpyxl
    cannot compute one, so we write the value as LibreOffice would have cached it."""
    path = write_clean(tmp_path / "f.xlsx", copy.deepcopy(ROWS))
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet2"))  # groups
    xml = parts[sheet].decode()
    old = '<c r="B2" t="n"><v>205000</v></c>'
    assert old in xml
    parts[sheet] = xml.replace(old, '<c r="B2"><f>200000+5000</f><v>205000</v></c>').encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    assert read_workbook(path).system.demand_t["furniture"] == 205_000


def test_a_formula_without_a_saved_value_is_named(tmp_path):
    path = write_clean(tmp_path / "f.xlsx", copy.deepcopy(ROWS))
    workbook = openpyxl.load_workbook(path)
    workbook["groups"]["B3"] = "=300000+5000"  # openpyxl saves no value for it
    workbook.save(path)
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    text = str(caught.value)
    assert "groups › row 3 › demand_t: the formula =300000+5000 has no saved value" in text
    assert "open it in Excel or LibreOffice and save it" in text


def test_an_error_cell_is_named_as_such(tmp_path):
    path = write_clean(tmp_path / "e.xlsx", copy.deepcopy(ROWS))
    workbook = openpyxl.load_workbook(path)
    cell = workbook["measures"]["D3"]
    cell.value = "#DIV/0!"
    cell.data_type = "e"
    workbook.save(path)
    with pytest.raises(
        InputError,
        match=r"measures › row 3 › cost_eur_per_t: the cell holds "
        r"the spreadsheet error #DIV/0!",
    ):
        read_workbook(path)


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x","y")', "+cmd", "-1+1", "@SUM(A1)", "#N/A", "tab\there"]
)
def test_names_stay_text_in_the_result(tmp_path, name):
    rows = copy.deepcopy(ROWS)
    old = rows["measures"][1]["measure"]
    rows["measures"][1]["measure"] = name
    for record in rows["capacity_use"]:
        if record["measure"] == old:
            record["measure"] = name
    path = write_clean(tmp_path / "names.xlsx", rows)
    workbook = openpyxl.load_workbook(path)
    for ws in workbook.worksheets:  # the input must hold them as text too
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == name:
                    cell.data_type = "s"
    workbook.save(path)
    out = tmp_path / "result.xlsx"
    done = run("--input", path, "--output", out)
    assert done.returncode == 0, done.stderr
    ws = openpyxl.load_workbook(out)["portfolio"]
    cell = ws["A3"]
    expected = name.replace("\t", " ")
    assert cell.value == expected and cell.data_type == "s"
