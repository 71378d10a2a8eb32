"""Issue 18: every pathway workbook runs or gets a located answer. Random pathways over
every combination of the optional parts — capacities, capacity building, paths,
requirements, outside supply, scenarios — each run through the command line in this
process: the run ends 0, 2 or 3 with a sentence on the terminal, never 1 (an internal
error) and never a traceback. Before the one results path, a pathway without capacities
ended in `KeyError: 'built'` (3 of 12 random pathways) and a measures sheet with only
its header in `KeyError: 'activity_t'`."""

from __future__ import annotations

import copy
import itertools

import pytest

from model import cli
from tests.helpers.workbooks import random_pathway_rows, write_clean

PARTS = ("capacities", "building", "paths", "requirements", "outside", "scenarios")
SEEDS = (16, 22, 25, 27)  # random pathways that have every part to take away
BUILD = ("build_cost_eur_per_unit", "build_lead_years", "max_build_per_year")
OUTSIDE = ("outside_secondary_t", "outside_secondary_cost_eur_per_t")


def _with(rows: dict, parts: set[str]) -> dict:
    out = copy.deepcopy(rows)
    if "capacities" not in parts:
        out.pop("capacities", None)
        out.pop("capacity_use", None)
    elif "building" not in parts:
        for row in out["capacities"]:
            for column in BUILD:
                row.pop(column, None)
    if "paths" not in parts:
        out.pop("paths", None)
    if "requirements" not in parts:
        out.pop("requirements", None)
        if "paths" in out:
            out["paths"] = [p for p in out["paths"] if p["parameter"] != "min_share"]
    if "outside" not in parts:
        for row in out["materials"]:
            for column in OUTSIDE:
                row.pop(column, None)
        if "paths" in out:
            out["paths"] = [p for p in out["paths"] if not p["parameter"].startswith("outside")]
    if "scenarios" in parts:
        measure = out["measures"][0]["measure"]
        out["scenarios"] = [
            {
                "scenario": "dearer",
                "parameter": "measures.cost_eur_per_t",
                "item": measure,
                "value": 2 * out["measures"][0]["cost_eur_per_t"] + 1,
            },
            {"scenario": "short_view", "parameter": "settings.foresight", "value": 1},
        ]
    return out


@pytest.mark.parametrize(
    "combination",
    [frozenset(c) for n in range(len(PARTS) + 1) for c in itertools.combinations(PARTS, n)],
    ids=lambda c: "+".join(sorted(c)) or "none",
)
def test_every_combination_of_optional_parts_runs_or_says_why(combination, tmp_path, capsys):
    seed = SEEDS[sum(PARTS.index(part) + 1 for part in combination) % len(SEEDS)]
    rows = _with(random_pathway_rows(seed), set(combination))
    workbook = write_clean(tmp_path / "in.xlsx", rows)
    status = cli.main(["--input", str(workbook), "--output", str(tmp_path / "out.xlsx"), "--quiet"])
    said = capsys.readouterr()
    text = said.out + said.err
    assert status in (0, 2, 3), (status, text[-2000:])
    assert "Traceback" not in text
    if status:
        assert text.strip(), "an unsuccessful run must say why"
    else:
        assert (tmp_path / "out.xlsx").exists()
