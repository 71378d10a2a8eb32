"""A row that gives again what an earlier row gave is a problem located at the later
row, naming the earlier one, on every sheet that has such a rule (one helper,
`model.io.checks.first_row`); and a year is read in a pathway workbook only (one
decision, `model.io.scenarios.row_year`, for the scenarios and uncertainty sheets)."""

from __future__ import annotations

import pytest

from model.errors import InputError
from model.io.reader import read_input, read_rows
from tests.helpers.workbooks import tiny_rows, write_clean


def _rows(**settings):
    rows = tiny_rows(**settings)
    rows["measures"] = [
        {"measure": "r", "group": "g", "type": "reuse", "cost_eur_per_t": 10, "displacement": 1}
    ]
    return rows


def _problems(tmp_path, rows) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_input(write_clean(tmp_path / "in.xlsx", rows))
    return [str(p) for p in caught.value.problems]


def test_a_duplicate_key_names_both_rows():
    rows = _rows()
    rows["composition"].append({"group": "g", "material": "a", "mass_fraction": 0.5})
    with pytest.raises(InputError) as caught:
        read_rows(rows)
    assert [str(p) for p in caught.value.problems] == [
        'rows › composition › row 3 › material: duplicate group and material "g" and "a" '
        "(also on row 2)"
    ]


def test_a_scenario_changing_one_value_twice_is_told_at_the_second_row(tmp_path):
    rows = _rows()
    rows["scenarios"] = [
        {"scenario": "s", "parameter": "measures.cost_eur_per_t", "item": "r", "value": 5},
        {"scenario": "s", "parameter": "measures.cost_eur_per_t", "item": "r", "value": 6},
        {"scenario": "s", "parameter": "settings.budget_eur", "value": 5},
        {"scenario": "s", "parameter": "settings.budget_eur", "value": 6},
    ]
    found = _problems(tmp_path, rows)
    assert any(
        "scenarios › row 3 › parameter: scenario s changes measures.cost_eur_per_t of r "
        "twice (also on row 2)" in p
        for p in found
    ), found
    assert any(
        "scenarios › row 5 › parameter: scenario s changes settings.budget_eur of "
        "budget_eur twice (also on row 4)" in p
        for p in found
    ), found


def test_an_uncertain_value_given_twice_is_told_at_the_second_row(tmp_path):
    rows = _rows()
    rows["uncertainty"] = [
        {"parameter": "measures.cost_eur_per_t", "item": "r", "low": 5, "high": 20},
        {"parameter": "measures.cost_eur_per_t", "item": "r", "low": 6, "high": 30},
    ]
    found = _problems(tmp_path, rows)
    assert any(
        "uncertainty › row 3 › parameter: measures.cost_eur_per_t[r] is given twice "
        "(also on row 2)" in p
        for p in found
    ), found


@pytest.mark.parametrize("on", ["scenarios", "uncertainty"])
def test_a_one_year_workbook_takes_no_year(tmp_path, on):
    rows = _rows()
    row = {"parameter": "measures.cost_eur_per_t", "item": "r", "year": 2030}
    rows[on] = [
        {"scenario": "s", **row, "value": 5} if on == "scenarios" else {**row, "low": 5, "high": 20}
    ]
    found = _problems(tmp_path, rows)
    assert [p for p in found if f"{on} › row 2 › year: a year applies to pathway" in p], found


def test_reduction_target_is_located_at_its_row_or_named_where_it_is_missing():
    given = _rows(objective="min_cost", reduction_target=None)
    with pytest.raises(InputError) as caught:
        read_rows(given)
    assert "settings › row 3 › value: reduction_target is required" in str(caught.value.problems[0])
    missing = _rows(objective="min_cost")
    with pytest.raises(InputError) as caught:
        read_rows(missing)
    assert "settings › reduction_target: reduction_target is required" in str(
        caught.value.problems[0]
    )
