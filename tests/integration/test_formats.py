"""Every number in every result workbook reads as chosen (issue 18, "Reads badly in
Excel"): the test runs the shipped examples as a user does — the one-year example with
its scenarios and with a trade-off curve, the NL pathway with its trade-off curve and a
limited-foresight scenario of it, ensembles of both (of 120 samples: enough for
sensitivity indices), min_cost, and two diagnoses — opens every workbook they write,
and lists each (sheet, column) with a number in it. Each must be named in `COLUMNS`
below (or, where each row carries its unit, its unit in `UNITS`) and each of its numbers
carry the format written there: a column nobody chose a format for — General,
0.149321266968326 — fails, and so does a new column or unit until it is named here.
Marginal values (shadow prices, reduced costs, sensitivity indices) must show three to
five significant digits. Every chart has a title, axis titles with units, a number
format on its value axis and a legend in words, and draws the target it names."""

from __future__ import annotations

import copy
import math
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from inputs.build_default import ROWS
from model.report import formats
from model.report.workbook import write_frame
from tests.helpers.runner import run_cli
from tests.helpers.workbooks import write_clean

ROOT = Path(__file__).resolve().parents[2]
PORTFOLIO = ROOT / "inputs" / "portfolio.xlsx"
PATHWAY = ROOT / "inputs" / "nl_pathway.xlsx"

# The formats, written out: changing one in model/report/formats.py is a choice this
# list must follow.
YEAR = "0"
COUNT = "#,##0"
TONNES = "#,##0"
EUROS = '"€"#,##0'
EUR_PER_T = '"€"#,##0.00'
PERCENT = "0.0"
SHARE = "0.0%"
FACTOR = "0.00"
SIGNIFICANT = "3 to 5 significant digits"  # checked on each value (`_significant`)
BY_UNIT = "by the row's unit"  # checked against UNITS

_T = dict.fromkeys
COLUMNS: dict[str, str] = {
    "year": YEAR,
    **_T(
        ("sample", "samples", "measures_funded", "samples_with_a_plan", "samples_failing_here"),
        COUNT,
    ),
    **_T(
        [
            "activity_t",
            "min_t",
            "max_t",
            "primary_saved_t",
            "cumulative_saved_t",
            "p5_activity_t",
            "p50_activity_t",
            "p95_activity_t",
            "base_activity_t",
            "demand_t",
            "new_purchases_t",
            "baseline_new_purchases_t",
            "avoided_purchases_t",
            "repair_covered_t",
            "put_on_market_t",
            "baseline_put_on_market_t",
            "in_use_t",
            "covered_by_repairable_design_t",
            "reused_t",
            "recycled_t",
            "outflow_t",
            "collected_t",
            "primary_t",
            "baseline_primary_t",
            "secondary_t",
            "gross_demand_t",
            "secondary_supply_t",
            "secondary_used_t",
            "outside_secondary_t",
            "outside_secondary_available_t",
            "weighted_primary",
            "weighted_primary_use",
            "baseline_weighted_primary_use",
            "primary_use_t",
            "baseline_primary_use_t",
            "required_t",
            "achieved_t",
            "baseline_t",
            "portfolio_t",
            "design_for_repair_t",
            "reuse_t",
            "recycle_t",
            "critical_primary_t",
            "critical_secondary_t",
            "max_primary_t",  # v3: row 12's limit, its slack (materials)
            "primary_slack_t",
            "substitute_t",  # v3: bought in substitute designs (the pathway's charts)
            "built",
            "available",
        ],
        TONNES,
    ),
    **_T(
        [
            "cost_eur",
            "total_cost_eur",
            "budget_eur",
            "budget_used_eur",
            "least_budget_eur",
            "saturation_budget_eur",
            "build_cost_eur",
            "outside_secondary_cost_eur",
        ],
        EUROS,
    ),
    **_T(("cost_eur_per_t", "cost_per_t_saved_eur", "cost_gap_eur_per_t"), EUR_PER_T),
    **_T(
        (
            "reduction_pct",
            "reduction_from_pct",
            "reduction_to_pct",
            "reduction_p5_pct",
            "reduction_p50_pct",
            "reduction_p95_pct",
        ),
        PERCENT,
    ),
    **_T(
        [
            "share_of_max",
            "collected_share",
            "collection_rate",
            "reusable_share",
            "secondary_share",
            "min_secondary_share",
            "min_share",
            "achieved_share",
            "funded_share",
        ],
        SHARE,
    ),
    "weight": FACTOR,
    "budget_factor": FACTOR,
    **_T(
        [
            "shadow_price",
            "primary_shadow_price",  # v3: row 12's worth per tonne of primary material
            "reduced_cost",
            "budget_shadow_price_per_meur",
            "saving_per_meur",
            "delta",
            "delta_conf",
            "S1",
            "S1_conf",
            "rank_correlation",
        ],
        SIGNIFICANT,
    ),
    # the sheets whose rows each carry a unit
    **_T(("value", "needed", "baseline", "optimum", "change"), BY_UNIT),
}
# (sheet, column) where a sheet reads a column otherwise
ON_SHEET = {
    ("constraints", "used"): BY_UNIT,
    ("constraints", "limit"): BY_UNIT,
    ("constraints", "slack"): BY_UNIT,
    ("builds", "used"): TONNES,  # in the capacity's own unit
}
# columns named after an item: a scenario, a capacity, a drawn input
NAMED = (
    ("activity", re.compile(r".+"), TONNES),  # a scenario's t/yr
    ("cost", re.compile(r".+"), EUROS),
    ("binding", re.compile(r".+"), SIGNIFICANT),
    ("indicators", re.compile(r".+"), BY_UNIT),
    ("overview", re.compile(r"[a-z_]+"), TONNES),  # the pivot: a measure type's t/yr
    ("charts", re.compile(r"built_.+"), TONNES),
    ("outcomes", re.compile(r"\w+\.\w+\[.+\]"), SIGNIFICANT),  # a drawn value, any unit
    ("pareto", re.compile(r"budget_\d{4}_eur"), EUROS),
)
# Every unit a row gives its value in.
UNITS: dict[str | None, str] = {
    "year": YEAR,
    "count": COUNT,
    **_T(
        (
            "%",
            "% of gross demand",
            "% of new purchases",  # v3 goals: bought in substitute designs
            "% over the horizon",
            "% over the horizon with unlimited money",
            "% over the horizon, had every year been planned at once",
            "reduction points",
        ),
        PERCENT,
    ),
    **_T(
        (
            "t/yr",
            "t/yr (quality ≥ 0.9)",
            "t/yr (quality < 0.9)",
            # v3: the goals sheet of a pathway, a row per year in that year's tonnes
            "t",
            "t (quality ≥ 0.9)",
            "t (quality < 0.9)",
            "t in use",
            "weighted t",
            "weighted t/yr",
            "weighted t over the horizon",
            "capacity unit",
        ),
        TONNES,
    ),
    **_T(("€/yr", "€ over the horizon, undiscounted", "€ (discounted)"), EUROS),
    "€ per weighted t": EUR_PER_T,
    **_T(
        (
            "× every year's budget: the least that allows a pathway",
            "× every year's budget: beyond it money saves nothing",
        ),
        FACTOR,
    ),
    **_T(
        (
            None,  # the seed
            "weighted t/yr per €1 M",
            "€ per €1 M",
            "first solve's objective",
            "the decided pathway's objective over the horizon",
            "years seen ahead, decided one year at a time",
            "t/yr, € or weighted t",  # a diagnosis's limits: one of them
            "change, t/yr or unit/yr",
        ),
        SIGNIFICANT,
    ),
}
TARGET_YEAR = re.compile(r"% in \d{4} \(target \d+ %\)")  # reduction_pct_<year>
VALUE_AXIS_UNITS = ("%", "t/yr", "€", "count", "unit", "0 to 1", "×")


def _write(path: Path, **settings) -> Path:
    rows = copy.deepcopy(ROWS)
    for row in rows["settings"]:
        if row["setting"] in settings:
            row["value"] = settings[row["setting"]]
    return write_clean(path, rows)


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, openpyxl.Workbook]:
    """Every result workbook the runs write, by file name."""
    out = tmp_path_factory.mktemp("formats")
    min_cost = _write(
        out / "min_cost_in.xlsx", objective="min_cost", reduction_target=0.3, budget_eur=None
    )
    poor = _write(out / "poor_in.xlsx", budget_eur=1_000_000)  # below the least budget
    runs = [
        (0, "--input", PORTFOLIO, "--output", out / "one.xlsx"),  # and its scenarios
        (0, "--input", PORTFOLIO, "--scenario", "nl_2026", "--sweep", 5, "--output",
         out / "sweep.xlsx"),
        (0, "--input", PATHWAY, "--scenario", "nl_pathway", "--sweep", 3, "--output",
         out / "path.xlsx"),
        (0, "--input", PATHWAY, "--scenario", "foresight_5", "--output", out / "f5.xlsx"),
        (3, "--input", PATHWAY, "--scenario", "foresight_1", "--output", out / "f1.xlsx",
         "--diagnose", out / "f1_diagnosis.xlsx"),
        (0, "--input", PORTFOLIO, "--scenario", "nl_2026", "--samples", 20, "--workers", 1,
         "--output", out / "u20.xlsx"),
        (0, "--input", PORTFOLIO, "--scenario", "nl_2026", "--samples", 120, "--workers", 1,
         "--output", out / "u120.xlsx"),
        (0, "--input", PATHWAY, "--scenario", "nl_pathway", "--samples", 20, "--workers", 1,
         "--output", out / "path_u20.xlsx"),
        (0, "--input", min_cost, "--output", out / "min_cost.xlsx"),
        (3, "--input", poor, "--output", out / "poor.xlsx", "--diagnose",
         out / "poor_diagnosis.xlsx"),
    ]  # fmt: skip
    for status, *args in runs:
        done = run_cli(*args)
        assert done.returncode == status, (args, done.stdout, done.stderr)
    paths = sorted(p for p in out.glob("*.xlsx") if not p.name.endswith("_in.xlsx"))
    names = {p.name for p in paths}
    assert {"one_scenarios.xlsx", "f1_diagnosis.xlsx", "poor_diagnosis.xlsx"} <= names
    # one and its 6 scenarios (v3 adds cobalt_halves and abiotic_goal to the shipped 4),
    # their comparison, 9 more
    assert len(paths) == 17, names
    return {p.name: openpyxl.load_workbook(p) for p in paths}


def _kind(sheet: str, column: str) -> str | None:
    if (sheet, column) in ON_SHEET:
        return ON_SHEET[(sheet, column)]
    if column in COLUMNS:
        return COLUMNS[column]
    return next((kind for on, name, kind in NAMED if on == sheet and name.fullmatch(column)), None)


def _unit_kind(unit) -> str | None:
    unit = unit or None
    if unit in UNITS:
        return UNITS[unit]
    return PERCENT if unit and TARGET_YEAR.fullmatch(unit) else None


def _significant(value: float, fmt: str) -> bool:
    """Whether `fmt` shows `value` with three to five significant digits (whole
    numbers whole — 0.9999999999999871 is 1 —, very small ones in scientific notation)."""
    if abs(value - round(value)) <= 1e-9 * max(1.0, abs(value)):
        return fmt in ("#,##0", "0")
    if fmt == "0.00E+00":
        return abs(value) < 1e-4
    found = re.fullmatch(r"#,##0(?:\.0(#*))?", fmt)
    if not found:
        return False
    decimals = 0 if found.group(1) is None else 1 + len(found.group(1))
    shown = math.floor(math.log10(abs(value))) + 1 + decimals
    return (decimals == 0 and shown >= 4) or 3 <= shown <= 5


def _numbers(ws, j: int):
    for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
        value = cell.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            yield cell, value


def unchosen(name: str, workbook) -> list[str]:
    """Every (sheet, column) of `workbook` whose numbers do not carry the format chosen
    for them here, one line each."""
    problems = []
    for ws in workbook.worksheets:
        header = [cell.value for cell in ws[1]]
        units = None
        if "unit" in header:
            j = header.index("unit") + 1
            units = [cell.value for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j)]
        for j, column in enumerate(header, start=1):
            numbers = list(_numbers(ws, j))
            if not numbers:
                continue
            where = f"{name} › {ws.title} › {column}"
            kind = _kind(ws.title, str(column))
            if kind is None:
                problems.append(f"{where}: no format chosen ({numbers[0][0].number_format})")
                continue
            for cell, value in numbers:
                expected = kind
                if kind == BY_UNIT:
                    unit = units[cell.row - 2] if units else None
                    expected = _unit_kind(unit)
                    if expected is None:
                        problems.append(f"{where}: unit {unit!r} has no format chosen")
                        break
                fmt = cell.number_format
                good = _significant(value, fmt) if expected == SIGNIFICANT else fmt == expected
                if not good:
                    problems.append(f"{where} row {cell.row}: {value!r} as {fmt!r}, not {expected}")
                    break
    return problems


def test_every_number_has_the_format_chosen_for_its_column(workbooks):
    problems = [line for name, wb in workbooks.items() for line in unchosen(name, wb)]
    assert not problems, "\n".join(problems)


def test_the_symptoms_of_the_issue_are_gone(workbooks):
    """Years as 2025, not 2,025.0; a reduced cost as 0.1454, not 0.145404007756949;
    counts as 20 and 7, not 20.0 and 7.0; money as "€… M", never "M€"."""
    summary = workbooks["path.xlsx"]["summary"]
    first = next(row for row in summary.iter_rows(min_row=2) if row[0].value == "first_year")
    assert first[1].value == 2025 and first[1].number_format == "0"
    ensemble = workbooks["u20.xlsx"]["summary"]
    counts = {row[0].value: row[1] for row in ensemble.iter_rows(min_row=2)}
    assert counts["samples"].value == 20 and isinstance(counts["samples"].value, int)
    assert counts["seed"].value == 7 and isinstance(counts["seed"].value, int)
    assert counts["samples"].number_format == counts["seed"].number_format == "#,##0"
    reduced = workbooks["one.xlsx"]["portfolio"]
    j = [cell.value for cell in reduced[1]].index("reduced_cost") + 1
    furniture = reduced.cell(row=2, column=j)
    # v3: 0.1454 (v2 0.1493); the substitutes change what the budget is worth at the margin
    assert abs(furniture.value - 0.1454) < 1e-4 and furniture.number_format == "#,##0.0###"
    for name, workbook in workbooks.items():
        for ws in workbook.worksheets:
            for row in ws.iter_rows(values_only=True):
                assert not any(isinstance(v, str) and "M€" in v for v in row), (name, row)


def _text(title) -> str:
    if title is None or title.tx is None or title.tx.rich is None:
        return ""
    return "".join(run.t for p in title.tx.rich.p for run in (p.r or []))


def test_every_chart_reads_in_words(workbooks):
    """A title; both axes titled; the value axis with a unit and a number format; a
    legend naming its series in words (not a column's header); a title that names the
    target only over a target line."""
    charts = 0
    for name, workbook in workbooks.items():
        for ws in workbook.worksheets:
            headers = {str(cell.value) for cell in ws[1]}
            for chart in ws._charts:
                charts += 1
                title = _text(chart.title)
                where = f"{name} › {ws.title} › {title!r}"
                assert title, f"{name} › {ws.title}: a chart without a title"
                x, y = _text(chart.x_axis.title), _text(chart.y_axis.title)
                assert x and y, f"{where}: axis titles {x!r}, {y!r}"
                assert any(unit in y for unit in VALUE_AXIS_UNITS), f"{where}: {y!r}"
                assert chart.y_axis.numFmt is not None, where
                assert chart.y_axis.numFmt.formatCode not in ("General", None), where
                series = [s.tx.v if s.tx is not None else None for s in chart.series]
                if chart.legend is not None:
                    assert all(series), f"{where}: a series named from a cell: {series}"
                    named = {h for h in headers if "_" in h}  # reuse, recycle: words too
                    assert not set(series) & named, f"{where}: a column name in the legend"
                    assert not any(re.search(r"_(t|pct|eur)$", s) for s in series), where
                if "target" in title:
                    assert "target" in series, f"{where}: no target line"
    assert charts >= 20


def test_the_check_fails_for_a_column_without_a_format(monkeypatch):
    """The test above can fail: a column missing from the format table reads as
    General, and `unchosen` names it; so does a format other than the one chosen."""
    frame = pd.DataFrame({"constraint": ["res_budget"], "shadow_price": [0.149321266968326]})
    workbook = openpyxl.Workbook()
    write_frame(workbook.active, frame)
    workbook.active.title = "portfolio"
    assert unchosen("x.xlsx", workbook) == []
    monkeypatch.delitem(formats.COLUMNS, "shadow_price")
    workbook = openpyxl.Workbook()
    write_frame(workbook.active, frame)
    workbook.active.title = "portfolio"
    assert unchosen("x.xlsx", workbook) == [
        "x.xlsx › portfolio › shadow_price row 2: 0.149321266968326 as 'General', "
        f"not {SIGNIFICANT}"
    ]
    workbook.active.title = "somewhere"
    frame = pd.DataFrame({"new_column_t": [1.5]})
    write_frame(workbook.create_sheet("groups"), frame)
    assert "x.xlsx › groups › new_column_t: no format chosen (General)" in unchosen(
        "x.xlsx", workbook
    )
