"""End to end through `python run.py`: the workbook the user reads, exit statuses, and
nothing lost on bad input or infeasibility."""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from inputs.build_default import ROWS
from tests.helpers.runner import copy_project
from tests.helpers.runner import run_cli as run
from tests.helpers.workbooks import write_messy

ROOT = Path(__file__).resolve().parents[2]

SHEETS = (
    "overview",
    "summary",
    "portfolio",
    "groups",
    "materials",
    "designs",  # v3: the shipped groups have substitute designs
    "flows",  # the material flows the report's Sankey draws
    "constraints",
    "goals",
    "requirements",  # the shipped workbook has UPV Textiel's, at 0
    "cost_curve",
    "run",
)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project, so `python run.py` with its defaults writes into it."""
    return copy_project(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="module")
def default_run(project):
    done = run(cwd=project)
    return done, project / "outputs" / "nl_2026.xlsx"


def summary(path):
    frame = pd.read_excel(path, sheet_name="summary")
    return dict(zip(frame["indicator"], frame["value"], strict=True))


def test_default_run_prints_a_summary_and_writes_the_workbook(default_run):
    done, path = default_run
    assert done.returncode == 0, done.stderr
    assert "weighted primary raw material use against current practice" in done.stdout
    assert "Result workbook: outputs/nl_2026.xlsx" in done.stdout
    assert "Traceback" not in done.stderr
    assert openpyxl.load_workbook(path).sheetnames == list(SHEETS)
    assert not list(path.parent.glob(".*.tmp"))


def test_result_numbers_are_numbers_and_headers_are_kept(default_run):
    _, path = default_run
    workbook = openpyxl.load_workbook(path)
    ws = workbook["portfolio"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["measure", "group", "type", "activity_t"]
    for row in ws.iter_rows(min_row=2):
        assert isinstance(row[3].value, (int, float))
    columns = {
        "constraints": ["constraint", "used", "limit", "shadow_price", "binding"],
        "materials": ["material", "primary_t", "baseline_primary_t", "secondary_t"],
        "groups": ["group", "new_purchases_t"],
        "summary": ["indicator", "value"],
    }
    for sheet, needed in columns.items():
        names = [c.value for c in workbook[sheet][1]]
        assert set(needed) <= set(names), sheet


def test_result_respects_budget_capacity_and_availability(default_run):
    """Check the limits from the workbook's own numbers, not from the model."""
    _, path = default_run
    s = summary(path)
    assert s["budget_used_eur"] <= s["budget_eur"] * (1 + 1e-7)
    portfolio = pd.read_excel(path, sheet_name="portfolio").set_index("measure")
    activity = portfolio["activity_t"]
    assert (portfolio["cost_eur"] - portfolio["cost_eur_per_t"] * activity).abs().max() < 1e-3
    assert portfolio["cost_eur"].sum() == pytest.approx(s["budget_used_eur"])
    for capacity, limit in ((r["capacity"], r["limit"]) for r in ROWS["capacities"]):
        users = [u for u in ROWS["capacity_use"] if u["capacity"] == capacity]
        used = sum(activity[u["measure"]] * u["use_per_t"] for u in users)
        assert used <= limit * (1 + 1e-7), capacity
    groups = pd.read_excel(path, sheet_name="groups").set_index("group")
    for g in groups.index:
        out = groups.loc[g, "new_purchases_t"] + groups.loc[g, "reused_t"]
        assert groups.loc[g, "reused_t"] <= groups.loc[g, "reusable_share"] * out + 1e-6
        collected = groups.loc[g, "reused_t"] + groups.loc[g, "recycled_t"]
        assert collected <= groups.loc[g, "collection_rate"] * out + 1e-6
    materials = pd.read_excel(path, sheet_name="materials")
    assert (materials["primary_t"] >= -1e-9).all()
    assert materials["primary_t"].sum() == pytest.approx(s["primary_use_t"])


def test_run_sheet_records_the_input(default_run):
    _, path = default_run
    frame = pd.read_excel(path, sheet_name="run")
    run_info = dict(zip(frame["item"], frame["value"], strict=True))
    assert len(run_info["input_sha256"]) == 64
    assert run_info["solver"].startswith("HiGHS")


def test_messy_workbook_end_to_end(tmp_path):
    path = write_messy(tmp_path / "messy.xlsx", copy.deepcopy(ROWS), seed=7)
    out = tmp_path / "result.xlsx"
    done = run("--input", path, "--output", out)
    assert done.returncode == 0, done.stderr
    assert summary(out)["reduction_pct"] == pytest.approx(29.83, abs=0.05)  # v3 (v2 29.35)


def test_bad_input_exit_2_lists_every_problem_and_keeps_the_earlier_result(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows["measures"][4]["cost_eur_per_t"] = "-5"
    rows["groups"][0]["collection_rate"] = "2"
    out = tmp_path / "result.xlsx"
    out.write_bytes(b"earlier result")
    path = write_messy(tmp_path / "bad.xlsx", rows, seed=1)
    done = run("--input", path, "--output", out)
    assert done.returncode == 2
    assert 'cost_eur_per_t: must be a number ≥ 0, got "-5"' in done.stderr
    assert "collection_rate: must be a number in [0, 1]" in done.stderr
    assert "Traceback" not in done.stderr
    assert out.read_bytes() == b"earlier result"
    assert not list(tmp_path.glob(".*.tmp"))


def test_infeasible_exit_3_names_the_budget_and_writes_nothing(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows["settings"][2]["value"] = 10_000_000
    path = write_messy(tmp_path / "small_budget.xlsx", rows, seed=2)
    out = tmp_path / "result.xlsx"
    done = run("--input", path, "--output", out)
    assert done.returncode == 3, done.stderr
    assert "budget_eur is €10.0 M" in done.stderr
    # v3: €11.95 M, 5,432 t of battery recycling (v2 €15.9 M; the LFP cells need no cobalt)
    assert "cobalt" in done.stderr and "€12.0 M" in done.stderr  # €11.95 M rounded up
    assert not out.exists()


def test_unwritable_output_exit_5(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    out = folder / "result.xlsx"
    out.mkdir()  # a folder where the file should go: cannot be replaced by a file
    done = run("--output", out)
    assert done.returncode == 5, done.stderr
    assert "cannot write" in done.stderr
    assert not list(folder.glob(".*.tmp"))


def test_help_names_every_option_with_its_default():
    done = run("--help")
    assert done.returncode == 0
    for option in ("--input", "--output", "--time-limit"):
        assert option in done.stdout
    assert "inputs/portfolio.xlsx" in done.stdout.replace("\n", "")
    assert "Exit status" in done.stdout
