"""Our optimum against the independent scipy implementation (tests/reference.py) on
random scenarios written as messy workbooks: shuffled sheets and columns, header case,
numbers typed as text, with decimal commas, as percentages, padded names, blank rows."""

from __future__ import annotations

import pytest

from model.errors import InfeasibleError, InputError
from model.io.reader import read_rows, read_workbook
from model.run.optimise import optimise
from tests.helpers.reference import optimum
from tests.helpers.reference_pathway import optimum as pathway_optimum
from tests.helpers.runner import run_cli
from tests.helpers.workbooks import random_pathway_rows, random_rows, write_messy

SEEDS = range(60)


def _agrees(data, status: str, expected, baseline) -> None:
    """Our run of `data` ends as the reference says: the same input error, the same
    infeasibility, or the same baseline and optimum."""
    if status == "bad_baseline":
        with pytest.raises(InputError):
            optimise(data)
        return
    if status == "infeasible":
        with pytest.raises(InfeasibleError):
            optimise(data)
        return
    outcome = optimise(data)
    assert outcome.baseline.weighted == pytest.approx(baseline, rel=1e-5, abs=1e-6)
    assert outcome.objective == pytest.approx(expected, rel=1e-5, abs=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_messy_workbook_matches_reference(tmp_path, seed):
    rows = random_rows(seed)
    status, expected, baseline = optimum(rows)
    data = read_workbook(write_messy(tmp_path / f"random_{seed}.xlsx", rows, seed=seed))
    _agrees(data, status, expected, baseline)


def test_the_random_cases_cover_every_outcome():
    """The generator must produce optimal and infeasible cases of both objectives, or
    the comparison above proves less than it claims."""
    seen = set()
    for seed in SEEDS:
        rows = random_rows(seed)
        objective = next(r["value"] for r in rows["settings"] if r["setting"] == "objective")
        seen.add((optimum(rows)[0], objective))
    assert {("optimal", "min_primary"), ("optimal", "min_cost")} <= seen
    assert any(status == "infeasible" for status, _ in seen)


def test_the_random_cases_use_outside_supply_and_repair():
    """Outside supply of secondary material (with and without a cost), design for
    repair (row 2b) and every kind of requirement (row 11) appear in the random cases,
    so the comparison covers them."""
    priced = free = repair = 0
    kinds = set()
    for seed in SEEDS:
        rows = random_rows(seed)
        for row in rows["materials"]:
            if row.get("outside_secondary_t"):
                priced += bool(row["outside_secondary_cost_eur_per_t"])
                free += not row["outside_secondary_cost_eur_per_t"]
        repair += any(s["type"] == "design_for_repair" for s in rows["measures"])
        kinds |= {r["kind"] for r in rows.get("requirements", [])}
    assert priced >= 10 and free >= 10 and repair >= 20
    assert kinds == {"reuse", "recycle", "reuse_or_recycle", "high_grade_recycle"}


@pytest.mark.parametrize("seed", [102, 104, 107, 111])
def test_large_random_workbooks_match_reference(tmp_path, seed):
    """40 groups, 70–150 measures, both objectives, with requirements and outside supply
    (seeds picked for feasible cases): the sparse lookups of the formulation must not
    drop or double a term."""
    rows = random_rows(seed, groups=40)
    status, expected, _ = optimum(rows)
    assert status == "optimal"
    data = read_workbook(write_messy(tmp_path / "large.xlsx", rows, seed=seed))
    assert optimise(data).objective == pytest.approx(expected, rel=1e-5, abs=1e-6)


def test_an_infeasible_random_workbook_exits_3_and_writes_nothing(tmp_path):
    seed = next(s for s in SEEDS if optimum(random_rows(s))[0] == "infeasible")
    path = write_messy(tmp_path / "infeasible.xlsx", random_rows(seed), seed=seed)
    out = tmp_path / "result.xlsx"
    done = run_cli("--input", path, "--output", out)
    assert done.returncode == 3, done.stderr
    assert "Infeasible:" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))


PATHWAY_SEEDS = range(24)


@pytest.mark.parametrize("seed", PATHWAY_SEEDS)
def test_random_pathways_match_the_reference(seed):
    """Random pathways (1–6 years, lifetimes of 1–12 years, growth, history, paths,
    requirements, outside supply, capacity building, both objectives) against the
    independent scipy implementation of PATHWAY.md (tests/helpers/reference_pathway.py):
    the same status, baseline and optimum."""
    rows = random_pathway_rows(seed)
    status, expected, baseline = pathway_optimum(rows)
    data = read_rows(rows, source=f"pathway_{seed}")
    _agrees(data, status, expected, baseline)


def test_the_random_pathways_cover_both_objectives():
    seen = set()
    for seed in PATHWAY_SEEDS:
        rows = random_pathway_rows(seed)
        objective = next(r["value"] for r in rows["settings"] if r["setting"] == "objective")
        seen.add((pathway_optimum(rows)[0], objective))
    assert {("optimal", "min_primary"), ("optimal", "min_cost")} <= seen
