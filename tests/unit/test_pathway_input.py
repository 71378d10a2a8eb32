"""Reading a pathway (PATHWAY.md, WORKBOOK.md): the settings that make one, the new
columns, the paths sheet with its rule, history before the first year, and every bad
row located by sheet, row and column in one run."""

from __future__ import annotations

import logging

import pytest

from model.data.pathway import demand, value
from model.errors import InputError
from model.io.reader import read_rows
from tests.helpers.workbooks import tiny_rows


def pathway_rows(first=2025, last=2030, **settings) -> dict:
    rows = tiny_rows(first_year=first, last_year=last, **settings)
    rows["groups"][0]["lifetime_years"] = 10
    return rows


def _problems(rows) -> str:
    with pytest.raises(InputError) as caught:
        read_rows(rows, source="in.xlsx")
    return "\n".join(str(p) for p in caught.value.problems)


def test_a_workbook_without_years_is_one_year_and_ignores_paths_with_a_warning(caplog):
    rows = tiny_rows()
    rows["paths"] = [{"parameter": "demand_t", "item": "g", "year": 2030, "value": 5}]
    with caplog.at_level(logging.WARNING):
        data = read_rows(rows, source="in.xlsx")
    assert data.pathway is None
    assert "paths: ignored" in caplog.text


def test_first_and_last_year_make_a_pathway_with_its_defaults():
    data = read_rows(pathway_rows(discount_rate=0.03), source="in.xlsx")
    pathway = data.pathway
    assert list(pathway.years) == [2025, 2026, 2027, 2028, 2029, 2030]
    assert pathway.lifetime_years == {"g": 10} and pathway.lifetime_shape == {"g": 2.0}
    assert pathway.discount(2027) == pytest.approx(1 / 1.03**2)
    assert pathway.build_cost == {}


def test_demand_grows_forwards_and_backwards_unless_paths_give_it():
    """D_g = 100 in 2025 with demand_growth 10 %: 121 in 2027; before 2025 past_growth 0
    holds it at 100 (history). With demand_t rows 2020: 50, 2030: 150 (history included)
    the rows define it entirely: 100 in 2025, 50 in 2015, 150 in 2040."""
    rows = pathway_rows()
    rows["groups"][0].update(demand_growth=0.1, past_growth=0.0)
    data = read_rows(rows, source="in.xlsx")
    assert demand(data, "g", 2027) == pytest.approx(121.0)
    assert demand(data, "g", 2020) == pytest.approx(100.0)
    rows["paths"] = [
        {"parameter": "demand_t", "item": "g", "year": 2020, "value": 50},
        {"parameter": "demand_t", "item": "g", "year": 2030, "value": 150},
    ]
    data = read_rows(rows, source="in.xlsx")
    assert [demand(data, "g", t) for t in (2015, 2025, 2040)] == pytest.approx([50, 100, 150])


def test_a_path_defines_its_value_and_the_base_holds_elsewhere():
    """A min_secondary_share step for material a (2027: 0, 2028: 0.2) and a budget path;
    collection_rate has no rows, so its base value 1 holds every year."""
    rows = pathway_rows(budget_eur=100)
    rows["paths"] = [
        {"parameter": "min_secondary_share", "item": "a", "year": 2027, "value": 0},
        {"parameter": "min_secondary_share", "item": "a", "year": 2028, "value": 0.2},
        {"parameter": "budget_eur", "year": 2025, "value": 80},
        {"parameter": "budget_eur", "year": 2029, "value": 120},
    ]
    data = read_rows(rows, source="in.xlsx")
    shares = [value(data, "min_secondary_share", "a", t) for t in data.pathway.years]
    assert shares == pytest.approx([0, 0, 0, 0.2, 0.2, 0.2])
    assert value(data, "budget_eur", "", 2027) == pytest.approx(100.0)
    assert value(data, "budget_eur", "", 2030) == pytest.approx(120.0)
    assert value(data, "collection_rate", "g", 2030) == 1.0


def test_every_bad_pathway_input_is_located_in_one_run():
    """A missing lifetime, an unknown parameter, an unknown item, a year given twice, a
    value outside its column's range, an item on a setting: six problems, each at its
    sheet, row and column."""
    rows = pathway_rows()
    del rows["groups"][0]["lifetime_years"]
    rows["paths"] = [
        {"parameter": "demand", "item": "g", "year": 2026, "value": 1},
        {"parameter": "demand_t", "item": "nope", "year": 2026, "value": 1},
        {"parameter": "collection_rate", "item": "g", "year": 2026, "value": 0.5},
        {"parameter": "collection_rate", "item": "g", "year": 2026, "value": 0.6},
        {"parameter": "collection_rate", "item": "g", "year": 2027, "value": 1.5},
        {"parameter": "budget_eur", "item": "g", "year": 2027, "value": 10},
    ]
    text = _problems(rows)
    assert "groups › row 2 › lifetime_years: lifetime_years is required in a pathway" in text
    assert "paths › row 2 › parameter" in text
    assert 'paths › row 3 › item: unknown item "nope"' in text
    assert "paths › row 5 › year: collection_rate of g is given twice for 2026 (also on row 4)" in (
        text
    )
    assert "paths › row 6 › value" in text
    assert "paths › row 7 › item" in text


def test_a_pathway_needs_both_years_in_order():
    assert "last_year is missing" in _problems(tiny_rows(first_year=2025))
    assert "last_year must lie between" in _problems(pathway_rows(2030, 2025))
    assert "last_year must lie between" in _problems(pathway_rows(2025, 2200))
