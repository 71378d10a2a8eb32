"""Hostile, broken and unlucky inputs: each gets exit status 2 and a one-line message
naming the file, in bounded time and memory, with no traceback; nothing is written."""

from __future__ import annotations

import copy
import io
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from inputs.build_default import ROWS
from model.errors import InputError
from model.io import sheets
from model.io.reader import read_workbook
from tests.helpers.workbooks import write_clean

ROOT = Path(__file__).resolve().parents[2]
MEMORY = 1_500 * 2**20  # address space allowed to one run


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_limited(path: Path, out: Path, timeout: float = 60):
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "run.py"), "--input", str(path), "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limit_memory,
    )
    return done, time.perf_counter() - start


def _valid(tmp_path: Path) -> Path:
    return write_clean(tmp_path / "valid.xlsx", copy.deepcopy(ROWS))


def _rezip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts.update(replace)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return target


def make_zip_bomb(tmp_path: Path) -> Path:
    """A workbook whose sheet part unpacks to 64 MiB of zeros from a few kilobytes."""
    return _rezip(
        _valid(tmp_path), tmp_path / "bomb.xlsx", {"xl/worksheets/sheet9.xml": b"\0" * (64 * 2**20)}
    )


LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"&lol2;</workbook>"
)


def make_entities(tmp_path: Path) -> Path:
    return _rezip(_valid(tmp_path), tmp_path / "entities.xlsx", {"xl/workbook.xml": LAUGHS})


def make_external_entity(tmp_path: Path) -> Path:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><sst>&e;</sst>'
    )
    return _rezip(_valid(tmp_path), tmp_path / "xxe.xlsx", {"xl/sharedStrings.xml": xml})


def make_xls(tmp_path: Path) -> Path:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000 + b"Workbook")
    return path


def make_encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "secret.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 500
        + "EncryptedPackage".encode("utf-16-le")
        + b"\0" * 500
    )
    return path


def make_ods(tmp_path: Path) -> Path:
    path = tmp_path / "calc.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return path


def make_csv(tmp_path: Path) -> Path:
    path = tmp_path / "groups.csv"
    path.write_text("group;demand_t\nfurniture;205000\n")
    return path


def make_random(tmp_path: Path) -> Path:
    path = tmp_path / "noise.xlsx"
    path.write_bytes(bytes((i * 7919 + 13) % 251 for i in range(5000)))
    return path


def make_empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    return path


def make_truncated(tmp_path: Path) -> Path:
    data = _valid(tmp_path).read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def make_plain_zip(tmp_path: Path) -> Path:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return path


CASES = {
    "zip bomb": (make_zip_bomb, "zip bomb"),
    "entity expansion": (make_entities, "DOCTYPE or entities"),
    "external entity": (make_external_entity, "DOCTYPE or entities"),
    ".xls": (make_xls, "Excel 97-2003 (.xls)"),
    "password": (make_encrypted, "password-protected"),
    ".ods": (make_ods, "OpenDocument spreadsheet (.ods)"),
    "csv": (make_csv, "text (CSV) file"),
    "random bytes": (make_random, "not an Excel workbook"),
    "empty": (make_empty, "the file is empty"),
    "truncated": (make_truncated, "damaged zip archive"),
    "zip, not a workbook": (make_plain_zip, "zip archive but not an Excel workbook"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file_gets_exit_2_and_one_located_line(tmp_path, case):
    make, says = CASES[case]
    path = make(tmp_path)
    out = tmp_path / "result.xlsx"
    done, seconds = run_limited(path, out)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = [line.strip() for line in done.stderr.splitlines() if str(path) in line]
    assert len(lines) == 1 and says in lines[0], done.stderr
    assert not out.exists()
    assert seconds < 30


def test_a_stray_value_in_the_farthest_cell_costs_neither_time_nor_memory(tmp_path):
    path = _valid(tmp_path)
    workbook = openpyxl.load_workbook(path)
    workbook["measures"]["XFD1048576"] = "stray"
    workbook["groups"]["XFD1"] = "far header"
    workbook.save(path)
    done, seconds = run_limited(path, tmp_path / "result.xlsx")
    assert done.returncode == 0, done.stderr
    assert "stopped reading after 10,000 blank rows" in done.stderr.replace("10000", "10,000")
    assert seconds < 30


def test_too_many_rows_is_a_located_problem(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 5)
    with pytest.raises(InputError, match=r"composition › row 7: more than 5 rows"):
        read_workbook(_valid(tmp_path))


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("1,350", "ambiguous"),
        ("1.350", "ambiguous"),
        ("TRUE", "must be a number"),
        ("inf", "finite"),
        ("nan", "finite"),
        ("12 kg", "must be a number"),
    ],
)
def test_every_bad_number_form_is_named(tmp_path, raw, says):
    rows = copy.deepcopy(ROWS)
    rows["groups"][0]["demand_t"] = raw
    out = tmp_path / "result.xlsx"
    done, _ = run_limited(write_clean(tmp_path / "bad.xlsx", rows), out)
    assert done.returncode == 2
    assert "groups › row 2 › demand_t: " in done.stderr and says in done.stderr
    assert not out.exists()


def test_defusedxml_is_in_force():
    from model.io.guard import defused

    assert defused()


def test_guard_reads_in_bounded_chunks():
    """The bomb check must not unpack a member whole: a 64 MiB member is read 1 MiB at a
    time (the CHUNK constant), so memory stays flat."""
    from model.io import guard

    assert guard.CHUNK <= 4 * 2**20
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (3 * 2**20) + b"<f>1+1</f>")
    with zipfile.ZipFile(buffer) as archive:
        assert guard._inspect_zip(archive).special_cells


def test_the_fast_reader_is_used_only_where_the_guard_bounded_the_sheets(tmp_path):
    """calamine reads ordinary workbooks; a far cell, even one whose reference hides
    behind another attribute or on a row element, sends the workbook to openpyxl."""
    from model.io.guard import inspect
    from model.io.rowsource import DENSE_LIMIT, CalamineSheets, OpenpyxlSheets, open_sheets

    valid = _valid(tmp_path)
    inspection = inspect(valid)
    assert inspection.dense_cells < 10_000
    assert isinstance(open_sheets(valid, inspection.dense_cells), CalamineSheets)
    with zipfile.ZipFile(valid) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    for far in (
        '<c t="n" r="XFD1048576"><v>1</v></c>',
        '</row><row r="1048576"><c t="n"><v>1</v></c>',
    ):
        hidden = (
            sheet.replace("</row>", far + "</row>", 1)
            if "<c" in far[:3]
            else (sheet.replace("</row>", far, 1))
        )
        path = _rezip(valid, tmp_path / "far.xlsx", {"xl/worksheets/sheet1.xml": hidden.encode()})
        dense = inspect(path).dense_cells
        assert dense > DENSE_LIMIT, far
        assert isinstance(open_sheets(path, dense), OpenpyxlSheets)


def test_both_readers_give_the_same_model(tmp_path, monkeypatch):
    from model.io import rowsource
    from tests.helpers.workbooks import random_rows, write_messy

    for seed in (3, 11):
        path = write_messy(tmp_path / f"m{seed}.xlsx", random_rows(seed), seed=seed)
        fast = read_workbook(path)
        monkeypatch.setattr(rowsource, "DENSE_LIMIT", 0)
        slow = read_workbook(path)
        monkeypatch.undo()
        assert fast == slow
