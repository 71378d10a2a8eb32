"""One test per validation rule: each bad cell is named as file › sheet › row › column,
and one run reports every problem. Rows come from the default example (inputs/
build_default.py); row i of a sheet's list is Excel row i + 2."""

from __future__ import annotations

import copy
import datetime as dt
import logging

import openpyxl
import pytest

from inputs.build_default import ROWS
from model.errors import InputError
from model.io.reader import read_workbook
from tests.helpers.workbooks import write_clean


def rows():
    return copy.deepcopy(ROWS)


def index_of(records, **match):
    for i, record in enumerate(records):
        if all(record.get(k) == v for k, v in match.items()):
            return i
    raise LookupError(match)


def problems(tmp_path, data) -> list[str]:
    path = write_clean(tmp_path / "in.xlsx", data)
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    return [str(p) for p in caught.value.problems]


def one(tmp_path, data, location: str, says: str) -> str:
    found = problems(tmp_path, data)
    hits = [p for p in found if location in p and says in p]
    assert hits, f"expected '{location}' … '{says}' in {found}"
    return hits[0]


def test_the_default_rows_are_valid(tmp_path):
    """The shipped rows read without a problem: 15 measures (v3: the ten of v2 and
    SUBSTITUTION.md's five substitutes) and the 2026 budget."""
    data = read_workbook(write_clean(tmp_path / "ok.xlsx", rows()))
    assert len(data.system.measures) == 15 and data.settings.budget_eur == 69_700_000
    substitutes = [m for m in data.system.measures if data.system.type_of[m] == "substitute"]
    assert substitutes == [
        "batteries_lfp",
        "batteries_sodium_ion",
        "textiles_lyocell",
        "furniture_bio_foam",
        "furniture_lightweight",
    ]


def test_negative_cost_quotes_the_cell_as_the_spec_shows(tmp_path):
    data = rows()
    i = index_of(data["measures"], measure="textiles_reuse")
    data["measures"][i]["cost_eur_per_t"] = "-5"
    line = one(tmp_path, data, f"measures › row {i + 2} › cost_eur_per_t", "")
    assert line.endswith(
        f'in.xlsx › measures › row {i + 2} › cost_eur_per_t: must be a number ≥ 0, got "-5"'
    )


def test_text_in_a_number_column(tmp_path):
    data = rows()
    data["groups"][1]["demand_t"] = "lots"
    one(tmp_path, data, "groups › row 3 › demand_t", 'must be a number, got "lots"')


def test_fraction_above_one(tmp_path):
    data = rows()
    data["groups"][0]["collection_rate"] = 1.2
    one(tmp_path, data, "groups › row 2 › collection_rate", "must be a number in [0, 1]")


def test_lifetime_extension_must_be_positive(tmp_path):
    data = rows()
    data["measures"][0]["lifetime_extension"] = 0
    one(tmp_path, data, "measures › row 2 › lifetime_extension", "> 0")


def test_reduction_target_below_one(tmp_path):
    data = rows()
    data["settings"][1]["value"] = "min_cost"
    data["settings"][3]["value"] = 1
    one(tmp_path, data, "settings › row 5 › value", "reduction_target must be a number in [0, 1)")


def test_min_cost_needs_a_target(tmp_path):
    data = rows()
    data["settings"][1]["value"] = "min_cost"
    one(tmp_path, data, "settings › row 5 › value", "reduction_target is required")


def test_unknown_objective(tmp_path):
    data = rows()
    data["settings"][1]["value"] = "max_profit"
    one(tmp_path, data, "settings › row 3 › value", "one of min_primary, min_cost")


def test_duplicate_setting(tmp_path):
    data = rows()
    data["settings"].append({"setting": "budget_eur", "value": 1})
    one(tmp_path, data, "settings › row 6 › setting", "appears twice (also on row 4)")


def test_required_cell_blank(tmp_path):
    data = rows()
    data["groups"][2]["demand_t"] = None
    one(tmp_path, data, "groups › row 4 › demand_t", "required, but the cell is blank")


def test_missing_required_sheet(tmp_path):
    data = rows()
    del data["composition"]
    one(tmp_path, data, "› composition:", "required sheet is missing")


def test_missing_required_column(tmp_path):
    data = rows()
    for record in data["measures"]:
        del record["cost_eur_per_t"]
    one(tmp_path, data, "measures › row 1 › cost_eur_per_t", "required column is missing")


def test_unknown_group_with_a_hint(tmp_path):
    data = rows()
    data["measures"][3]["group"] = "textile"
    one(tmp_path, data, "measures › row 5 › group", 'unknown group "textile"')
    one(tmp_path, data, "measures › row 5 › group", 'did you mean "textiles"?')


def test_unknown_material_and_group_in_composition(tmp_path):
    data = rows()
    data["composition"][0]["material"] = "oak"
    data["composition"][1]["group"] = "sofas"
    one(tmp_path, data, "composition › row 2 › material", 'unknown material "oak"')
    one(tmp_path, data, "composition › row 3 › group", 'unknown group "sofas"')


def test_duplicate_measure(tmp_path):
    data = rows()
    data["measures"].append(dict(data["measures"][0]))
    n = len(data["measures"]) + 1
    one(tmp_path, data, f"measures › row {n} › measure", "duplicate measure")


def test_duplicate_composition_pair(tmp_path):
    data = rows()
    data["composition"].append(dict(data["composition"][0]))
    n = len(data["composition"]) + 1
    one(tmp_path, data, f"composition › row {n} › material", "(also on row 2)")


def test_composition_above_one(tmp_path):
    data = rows()
    data["composition"][0]["mass_fraction"] = 0.9  # furniture: 0.9 + 0.45 > 1
    one(
        tmp_path,
        data,
        "composition › rows 2, 3, 4, 5, 6 › mass_fraction",
        'group "furniture" add up to 1.35',
    )


def test_composition_at_one_plus_rounding_is_accepted(tmp_path):
    data = rows()
    data["composition"][0]["mass_fraction"] = 0.5500005  # total 1 + 5e-7 ≤ 1 + 1e-6
    assert read_workbook(write_clean(tmp_path / "ok.xlsx", data)).system.groups


def test_yield_for_a_measure_that_does_not_recycle(tmp_path):
    data = rows()
    data["recycling_yields"].append(
        {"measure": "textiles_reuse", "material": "cotton", "yield": 0.5}
    )
    n = len(data["recycling_yields"]) + 1
    one(tmp_path, data, f"recycling_yields › row {n} › measure", "not recycle")


def test_yield_for_an_unknown_measure(tmp_path):
    data = rows()
    data["recycling_yields"][0]["measure"] = "batteries_pyro"
    one(tmp_path, data, "recycling_yields › row 2 › measure", 'unknown measure "batteries_pyro"')


@pytest.mark.parametrize(
    ("measure", "column"),
    [
        ("furniture_design_for_repair", "lifetime_extension"),
        ("furniture_reuse", "displacement"),
        ("furniture_recycling", "quality"),
    ],
)
def test_each_type_needs_its_parameter(tmp_path, measure, column):
    data = rows()
    i = index_of(data["measures"], measure=measure)
    data["measures"][i][column] = None
    one(tmp_path, data, f"measures › row {i + 2} › {column}", "required for a measure of type")


def test_recycle_needs_a_default_yield_unless_every_material_has_a_row(tmp_path):
    data = rows()
    i = index_of(data["measures"], measure="batteries_hydromet_recycling")
    data["measures"][i]["yield"] = None
    line = one(tmp_path, data, f"measures › row {i + 2} › yield", "missing: manganese")
    assert "aluminium" in line and "lithium" not in line
    for m in ("manganese", "aluminium", "steel"):
        data["recycling_yields"].append(
            {"measure": "batteries_hydromet_recycling", "material": m, "yield": 0.5}
        )
    assert read_workbook(write_clean(tmp_path / "ok.xlsx", data)).system.measures


def test_min_t_above_max_t(tmp_path):
    data = rows()
    i = index_of(data["measures"], measure="textiles_fibre_to_fibre")
    data["measures"][i]["min_t"] = 30_000
    one(tmp_path, data, f"measures › row {i + 2} › min_t", "must not exceed max_t (20000)")


def test_min_secondary_share_above_max(tmp_path):
    data = rows()
    i = index_of(data["materials"], material="cobalt")
    data["materials"][i]["max_secondary_share"] = 0.1
    one(
        tmp_path,
        data,
        f"materials › row {i + 2} › min_secondary_share",
        "must not exceed max_secondary_share (0.1)",
    )


def test_capacity_use_names_unknown_capacity_and_measure(tmp_path):
    data = rows()
    data["capacity_use"][0]["capacity"] = "sorting"
    data["capacity_use"][1]["measure"] = "nothing"
    one(tmp_path, data, "capacity_use › row 2 › capacity", 'unknown capacity "sorting"')
    one(tmp_path, data, "capacity_use › row 3 › measure", 'unknown measure "nothing"')


def test_unknown_measure_type(tmp_path):
    data = rows()
    data["measures"][0]["type"] = "refurbish"
    one(tmp_path, data, "measures › row 2 › type", "one of design_for_repair, reuse, recycle")


def test_critical_must_be_yes_or_no(tmp_path):
    data = rows()
    data["materials"][0]["critical"] = "sometimes"
    one(tmp_path, data, "materials › row 2 › critical", "yes or no")


def test_every_problem_in_one_run(tmp_path):
    data = rows()
    data["groups"][0]["demand_t"] = -1
    data["materials"][0]["weight"] = "heavy"
    data["measures"][0]["group"] = "sofa"
    data["capacities"][0]["limit"] = None
    found = problems(tmp_path, data)
    assert len(found) == 4, found
    assert sorted(p.split(" › ")[1] for p in found) == [
        "capacities",
        "groups",
        "materials",
        "measures",
    ]


def test_not_a_workbook(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_text("group;demand_t\nfurniture;205000\n")
    with pytest.raises(InputError, match=r"this is a text \(CSV\) file, not an Excel workbook"):
        read_workbook(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_workbook(tmp_path / "nope.xlsx")


def test_cells_as_people_type_them(tmp_path):
    data = rows()
    data["groups"][0]["collection_rate"] = "80%"
    data["groups"][1]["collection_rate"] = "0,8"
    data["groups"][2]["demand_t"] = "43 000"
    data["measures"][0]["measure"] = "  furniture_design_for_repair  "
    data["settings"][2]["value"] = "69.700.000"
    model_data = read_workbook(write_clean(tmp_path / "ok.xlsx", data))
    assert model_data.system.collection_rate == {
        "furniture": 0.8,
        "textiles": 0.8,
        "batteries": 0.9,
    }
    assert model_data.system.demand_t["batteries"] == 43_000
    assert model_data.settings.budget_eur == 69_700_000
    assert "furniture_design_for_repair" in model_data.system.measures


def test_percent_formatted_cell_and_formula_value(tmp_path):
    path = write_clean(tmp_path / "ok.xlsx", rows())
    workbook = openpyxl.load_workbook(path)
    cell = workbook["groups"]["C2"]
    cell.value, cell.number_format = 0.75, "0%"
    workbook.save(path)
    assert read_workbook(path).system.collection_rate["furniture"] == 0.75


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("1,350", "ambiguous"),
        (dt.datetime(2024, 3, 1), "date"),
        (True, "logical value"),
        ("#DIV/0!", "spreadsheet error #DIV/0!"),
        ("NaN", "finite"),
    ],
)
def test_refused_number_cells_are_named(tmp_path, raw, says):
    data = rows()
    data["measures"][1]["cost_eur_per_t"] = raw
    one(tmp_path, data, "measures › row 3 › cost_eur_per_t", says)


def test_names_and_headers_ignore_case_and_spaces_and_extras_are_logged(tmp_path, caplog):
    data = rows()
    path = write_clean(tmp_path / "ok.xlsx", data)
    workbook = openpyxl.load_workbook(path)
    workbook["measures"].title = " Measures "
    ws = workbook["groups"]
    ws["B1"] = "  DEMAND_T "
    ws["H1"] = "owner"
    workbook.create_sheet("notes")["A1"] = "hello"
    workbook.save(path)
    with caplog.at_level(logging.INFO):
        model_data = read_workbook(path)
    assert model_data.system.demand_t["furniture"] == 205_000
    assert "'owner': not used by the model, ignored" in caplog.text
    assert "notes: sheet not used by the model, ignored" in caplog.text


def test_duplicate_header(tmp_path):
    path = write_clean(tmp_path / "in.xlsx", rows())
    workbook = openpyxl.load_workbook(path)
    workbook["groups"]["H1"] = "Demand_t"
    workbook.save(path)
    with pytest.raises(InputError, match="groups › row 1 › demand_t: the column appears twice"):
        read_workbook(path)


def test_blank_rows_are_skipped_and_sheets_may_come_in_any_order(tmp_path):
    data = rows()
    reordered = {name: data[name] for name in reversed(list(data))}
    path = write_clean(tmp_path / "ok.xlsx", reordered)
    workbook = openpyxl.load_workbook(path)
    workbook["measures"].insert_rows(3, amount=2)
    workbook.save(path)
    assert len(read_workbook(path).system.measures) == 15  # v3: ten and five substitutes
