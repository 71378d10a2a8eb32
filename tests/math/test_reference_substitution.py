"""Substitute designs, material kinds and primary supply caps (SUBSTITUTION.md) against
the independent scipy implementations (tests/helpers/reference.py, one year, and
tests/helpers/reference_pathway.py, pathways): the instances worked by hand in
reference.py's docstring, then random one-year workbooks written messy and random
pathways (tests/helpers/workbooks.py: with_substitution), each with the same status,
baseline and optimum as the reference."""

from __future__ import annotations

import copy

import pytest

from model.io.reader import read_rows, read_workbook
from tests.helpers import reference
from tests.helpers.reference import optimum
from tests.helpers.reference_pathway import optimum as pathway_optimum
from tests.helpers.workbooks import (
    random_substitution_pathway_rows,
    random_substitution_rows,
    tiny_rows,
    write_messy,
)
from tests.math.test_reference import _agrees

SEEDS = range(80)
PATHWAY_SEEDS = range(60)


# --- the instances of reference.py's docstring, worked by hand -------------------------


def _two_designs(**settings) -> dict[str, list[dict]]:
    """tiny_rows (g: 100 t of 1 t of a per tonne, collection and reusable share 1) with a
    second material b of weight 2 and a free substitute s of g made of 0.5 t of b."""
    rows = tiny_rows(**settings)
    rows["materials"].append({"material": "b", "weight": 2.0})
    rows["measures"].append(
        {"measure": "s", "group": "g", "type": "substitute", "cost_eur_per_t": 0.0}
    )
    rows["substitutes"] = [{"measure": "s", "material": "b", "mass_fraction": 0.5}]
    return rows


def _hand_case(name: str) -> dict[str, list[dict]]:
    if name == "tie":
        return _two_designs()
    if name == "lifetime":
        rows = _two_designs()
        rows["measures"][0]["lifetime_extension"] = 1.0
        return rows
    if name == "per_design":
        rows = _two_designs(budget_eur=60.0)
        rows["measures"][0]["max_t"] = 30.0
        rows["measures"].append(
            {
                "measure": "r",
                "group": "g",
                "type": "recycle",
                "cost_eur_per_t": 1.0,
                "quality": 1.0,
                "yield": 1.0,
            }
        )
        rows["recycling_yields"] = [{"measure": "r", "material": "a", "yield": 0.0}]
        return rows
    rows = _two_designs()
    rows["materials"][0]["max_primary_t"] = 30.0
    if name in ("cap_binds", "caps_infeasible"):
        rows["materials"][1]["weight"] = 3.0
    if name == "caps_infeasible":
        rows["materials"][1]["max_primary_t"] = 10.0
    return rows


HAND = {  # name: (status, optimum, baseline), as worked out in reference.py
    "tie": ("optimal", 100.0, 100.0),
    "lifetime": ("optimal", 50.0, 100.0),
    "per_design": ("optimal", 70.0, 100.0),
    "cap_tie": ("optimal", 100.0, 100.0),
    "cap_binds": ("optimal", 135.0, 100.0),
    "caps_infeasible": ("infeasible", None, 100.0),
}


@pytest.mark.parametrize("name", HAND)
def test_hand_worked_instances(name):
    """The reference gives the numbers worked out by hand, and so does our model."""
    rows = _hand_case(name)
    status, expected, baseline = HAND[name]
    got = optimum(rows)
    assert got[0] == status
    assert got[2] == pytest.approx(baseline)
    if expected is not None:
        assert got[1] == pytest.approx(expected)
    _agrees(read_rows(rows, source=name), status, expected, baseline)


def test_hand_worked_details():
    """What the hand-worked optima rest on: recycling acts on the substitute's outflow
    only (30 t, €30), and the cap on a has a shadow price of 0.5 weighted t per t."""
    answer = reference.details(reference.Spec(_hand_case("per_design")))
    assert answer["split"][("r", "s")] == pytest.approx(30.0)
    assert answer["cost"] == pytest.approx(30.0)
    answer = reference.details(reference.Spec(_hand_case("cap_binds")))
    assert answer["x"]["s"] == pytest.approx(70.0)
    assert answer["shadow"][("primary_supply", "a")] == pytest.approx(0.5)


def test_without_substitutes_and_caps_the_lp_is_unchanged():
    """A workbook without the new sheet and columns gives the v2 numbers: the reference
    builds no design splits and no row 12 for it."""
    rows = tiny_rows()
    rows["groups"][0]["reusable_share"] = 0.5
    rows["materials"][0]["kind"] = "biotic"
    rows["measures"].append(
        {"measure": "u", "group": "g", "type": "reuse", "cost_eur_per_t": 0.0, "displacement": 1}
    )
    problem, index, _, _ = reference._build(reference.Spec(rows))
    assert not index["split"] and "A_eq" not in problem
    assert all(label[0] != "primary_supply" for label in index["rows"])
    status, value, baseline = optimum(rows)  # x_u ≤ N and N ≥ 100 − x_u: N = 50
    assert (status, value, baseline) == ("optimal", pytest.approx(50.0), pytest.approx(100.0))


# --- random workbooks ------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_random_substitution_workbook_matches_reference(tmp_path, seed):
    """Random one-year workbooks with substitute designs (own compositions, materials
    only a substitute has, lifetime extensions), kinds and supply caps, written messy."""
    rows = random_substitution_rows(seed)
    status, expected, baseline = optimum(rows)
    data = read_workbook(write_messy(tmp_path / f"substitution_{seed}.xlsx", rows, seed=seed))
    _agrees(data, status, expected, baseline)


@pytest.mark.parametrize("seed", PATHWAY_SEEDS)
def test_random_substitution_pathway_matches_reference(seed):
    """Random pathways with substitute designs (their own lifetime variant), kinds,
    supply caps and max_primary_t paths."""
    rows = random_substitution_pathway_rows(seed)
    status, expected, baseline = pathway_optimum(rows)
    _agrees(read_rows(rows, source=f"substitution_pathway_{seed}"), status, expected, baseline)


@pytest.mark.parametrize("seed", [2, 6])
def test_large_random_substitution_workbook_matches_reference(seed):
    """40 groups, over 30 substitute designs, caps, both objectives (seeds picked for
    feasible cases): no term of the per-design rows dropped or doubled."""
    rows = random_substitution_rows(seed, groups=40)
    status, expected, baseline = optimum(rows)
    assert status == "optimal"
    _agrees(read_rows(rows, source=f"large_{seed}"), status, expected, baseline)


def _uncapped(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    rows = copy.deepcopy(rows)
    for row in rows["materials"]:
        row.pop("max_primary_t", None)
    if "paths" in rows:
        rows["paths"] = [p for p in rows["paths"] if p["parameter"] != "max_primary_t"]
    return rows


def _outcomes(generate, solve, seeds) -> dict[str, int]:
    """How often the cases end optimal or infeasible, and how often a supply cap binds
    (the optimum moves when the caps are taken away) or is what makes a case infeasible."""
    seen = dict.fromkeys(("optimal", "infeasible", "binds", "infeasible_by_cap"), 0)
    for seed in seeds:
        rows = generate(seed)
        status, value, _ = solve(rows)
        free, free_value, _ = solve(_uncapped(rows))
        seen[status] = seen.get(status, 0) + 1
        seen["infeasible_by_cap"] += status == "infeasible" and free == "optimal"
        seen["binds"] += status == "optimal" and value > free_value + 1e-6 * max(1, free_value)
    return seen


def test_the_random_cases_cover_feasible_infeasible_and_binding_caps():
    """Optimal and infeasible cases, caps that bind and caps that make a case infeasible,
    in both modes: else the comparisons above prove less than they claim."""
    one_year = _outcomes(random_substitution_rows, optimum, SEEDS)
    pathway = _outcomes(random_substitution_pathway_rows, pathway_optimum, PATHWAY_SEEDS)
    for seen in (one_year, pathway):
        assert seen["optimal"] >= 20 and seen["infeasible"] >= 10, seen
        assert seen["binds"] >= 3 and seen["infeasible_by_cap"] >= 3, seen


def test_the_random_cases_use_every_feature():
    """Substitutes with and without a lifetime extension, materials only a substitute
    has with and without a recycling_yields row in a group that recycles, both kinds,
    caps given and capped by path, and reuse or recycling of a substitute design at an
    optimum."""
    counts = dict.fromkeys(
        ("extended", "plain", "own_yield_row", "own_default_yield", "biotic", "path", "split"),
        0,
    )
    for seed in SEEDS:
        rows = random_substitution_rows(seed)
        spec = reference.Spec(rows)
        subs = [s for s in spec.S if spec.meas[s]["type"] == "substitute"]
        counts["extended"] += sum(bool(spec.e(s)) for s in subs)
        counts["plain"] += sum(not spec.e(s) for s in subs)
        counts["biotic"] += any(kind == "biotic" for kind in spec.kind_m.values())
        for r in spec.S:
            if spec.meas[r]["type"] != "recycle":
                continue
            for s in spec.substitutes(spec.meas[r]["group"]):
                for m in spec.wsub[s]:
                    if m.startswith("only_sub"):
                        key = "own_yield_row" if (r, m) in spec.ymat else "own_default_yield"
                        counts[key] += 1
        answer = reference.details(spec)
        if answer is not None:
            counts["split"] += any(
                v != "std" and x > 1e-6 for (_r, v), x in answer["split"].items()
            )
    for seed in PATHWAY_SEEDS:
        rows = random_substitution_pathway_rows(seed)
        counts["path"] += any(p["parameter"] == "max_primary_t" for p in rows.get("paths", []))
    assert all(n >= 5 for n in counts.values()), counts
