"""Cell parsing: every number form WORKBOOK.md accepts, and the ones it refuses."""

from __future__ import annotations

import datetime as dt

import pytest

from model.io.cells import CellError, parse_choice, parse_name, parse_number, parse_yesno


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (0.35, 0.35),
        (7, 7.0),
        ("0.35", 0.35),
        ("0,35", 0.35),
        ("35%", 0.35),
        ("35 %", 0.35),
        ("12,5%", 0.125),
        (" 0.35 ", 0.35),
        ("0.35\u00a0", 0.35),
        ("1 234,5", 1234.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1,234,567", 1234567.0),
        ("1.234.567", 1234567.0),
        ("69\u202f700\u202f000", 69_700_000.0),
        ("-5", -5.0),
        ("1e6", 1e6),
        ("2,5E3", 2500.0),
        ("0,350", 0.35),
        ("1234,567", 1234.567),
        (".5", 0.5),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_number_forms(raw, expected):
    value = parse_number(raw)
    assert value == pytest.approx(expected) if expected is not None else value is None


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("1,350", "ambiguous"),
        ("1.350", "ambiguous"),
        ("12,500", "ambiguous"),
        ("abc", "must be a number"),
        ("nan", "finite"),
        ("inf", "finite"),
        (float("nan"), "finite"),
        (float("inf"), "finite"),
        (True, "logical value"),
        (dt.datetime(2024, 1, 5), "date"),
        (dt.date(2024, 1, 5), "date"),
        ("#DIV/0!", "#DIV/0!"),
        ("#N/A", "#N/A"),
        ("€ 5", "must be a number"),
        ("1,2,3", "must be a number"),
    ],
)
def test_refused_numbers(raw, says):
    with pytest.raises(CellError, match=says):
        parse_number(raw)


def test_names_are_trimmed_and_cleaned():
    assert parse_name("  textiles \t") == "textiles"
    assert parse_name("a\x07b") == "a b"
    assert parse_name(2030.0) == "2030"
    assert parse_name("   ") is None


def test_choice_forgives_case_spaces_and_hyphens():
    choices = ("design_for_repair", "reuse", "recycle")
    assert parse_choice(" Design for repair ", choices) == "design_for_repair"
    assert parse_choice("RECYCLE", choices) == "recycle"
    with pytest.raises(CellError, match="one of"):
        parse_choice("repair", choices)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("yes", True),
        ("Ja", True),
        ("no", False),
        ("nee", False),
        (True, True),
        (0, False),
    ],
)
def test_yes_no(raw, expected):
    assert parse_yesno(raw) is expected


def test_yes_no_refuses_other_text():
    with pytest.raises(CellError, match="yes or no"):
        parse_yesno("maybe")
