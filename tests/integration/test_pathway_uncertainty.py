"""A pathway's own numbers on the uncertainty sheet (issue 22): lifetimes, what a
capacity costs to build and how much can be built a year, and the outside supply by
year; checked like the cells they stand for, refused in a one-year workbook, and a
lifetime sample solved as a model built for it alone would solve it."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from inputs.build_pathway import rows as nl_rows
from model.data.values import value_of, with_values
from model.ensemble import samples
from model.ensemble.samples import run_sample
from model.errors import InputError
from model.formulation.model import create_model
from model.io.reader import read_input
from model.run.optimise import optimise
from model.run.revalue import Compiled
from model.solver.highs import LpSolver
from tests.helpers.workbooks import tiny_rows, write_clean
from tests.integration.test_revalue import ROOT, _arrays
from tests.math.test_math import recycle

PATHWAY_ROWS = [
    {"parameter": "groups.lifetime_years", "item": "batteries", "low": 10, "high": 16},
    {"parameter": "groups.lifetime_shape", "item": "batteries", "low": 2, "high": 4.5},
    {
        "parameter": "capacities.build_cost_eur_per_unit",
        "item": "battery_recycling",
        "low": 2500,
        "high": 10_000,
    },
    {
        "parameter": "capacities.max_build_per_year",
        "item": "textile_sorting",
        "low": 20_000,
        "high": 80_000,
    },
    {
        "parameter": "materials.outside_secondary_t",
        "item": "cobalt",
        "year": 2040,
        "low": 100,
        "high": 600,
    },
]


def _nl(uncertainty: list[dict]) -> dict:
    rows, _sources = nl_rows()
    return {**copy.deepcopy(rows), "uncertainty": uncertainty}


@pytest.fixture(scope="module")
def nl(tmp_path_factory):
    path = tmp_path_factory.mktemp("nl") / "in.xlsx"
    return read_input(write_clean(path, _nl(PATHWAY_ROWS)))


def _problems(tmp_path, rows) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_input(write_clean(tmp_path / "in.xlsx", rows))
    return [str(p) for p in caught.value.problems]


def test_lifetimes_building_and_outside_supply_can_be_uncertain_in_a_pathway(nl):
    """All five rows are read, with the base values of the pathway as their modes, and
    `with_values` sets each where the model reads it (the pathway's lifetimes, build
    cost and maximum, the cobalt path's 2040 point, 350 t in 2036 to 450 t in 2050)."""
    names = [u.name for u in nl.uncertain]
    assert names == [
        "groups.lifetime_years[batteries]",
        "groups.lifetime_shape[batteries]",
        "capacities.build_cost_eur_per_unit[battery_recycling]",
        "capacities.max_build_per_year[textile_sorting]",
        "materials.outside_secondary_t[cobalt@2040]",
    ]
    bases = [u.base for u in nl.uncertain]
    assert bases == pytest.approx([15.0, 4.0, 5000.0, 50_000.0, 350 + 100 * 4 / 14])
    drawn = [12.0, 3.0, 7000.0, 30_000.0, 500.0]
    data = with_values(
        nl.data, [(u.parameter, u.key, v) for u, v in zip(nl.uncertain, drawn, strict=True)]
    )
    assert data.pathway.lifetime_years["batteries"] == 12.0
    assert data.pathway.lifetime_shape["batteries"] == 3.0
    assert data.pathway.build_cost["battery_recycling"] == 7000.0
    assert data.pathway.max_build["textile_sorting"] == 30_000.0
    assert data.pathway.paths[("outside_secondary_t", "cobalt")][2040] == 500.0
    assert (
        data.pathway.standard["batteries"].max_age < nl.data.pathway.standard["batteries"].max_age
    )
    for u, v in zip(nl.uncertain, drawn, strict=True):
        assert value_of(data, u.parameter, u.key) == v
    assert nl.data.pathway.lifetime_years["batteries"] == 15.0  # the base is untouched


def test_a_pathway_number_in_a_one_year_workbook_is_refused_at_its_row(tmp_path):
    rows = tiny_rows()
    rows["uncertainty"] = [
        {"parameter": "groups.lifetime_years", "item": "g", "low": 5, "high": 10},
    ]
    found = _problems(tmp_path, rows)
    assert len(found) == 1
    assert "uncertainty › row 2 › parameter: groups.lifetime_years is a pathway's" in found[0]
    assert "one representative year" in found[0]


def test_uncertain_lifetimes_are_held_to_their_columns_ranges(tmp_path):
    """A shape below 0.5 is refused at its low cell as the groups sheet's cell would be;
    a mean of 900 years with the drawn shape 0.5 could not be followed within 1,000
    years: refused at the mean's high, naming the longest mean that can."""
    found = _problems(
        tmp_path,
        _nl(
            [
                {"parameter": "groups.lifetime_shape", "item": "furniture", "low": 0.3, "high": 3},
                {"parameter": "groups.lifetime_years", "item": "textiles", "low": 2, "high": 900},
                {"parameter": "groups.lifetime_shape", "item": "textiles", "low": 0.5, "high": 2},
            ]
        ),
    )
    assert len(found) == 2, found
    assert "uncertainty › row 2 › low" in found[0]
    assert "uncertainty › row 3 › high: at a mean lifetime of 900 yr and shape 0.5" in found[1]
    assert "keep that mean at most" in found[1]


def _same_lp(compiled: Compiled, sample) -> None:
    fresh = LpSolver().compile(create_model(sample))
    for a, b in zip(_arrays(compiled.lp)[:5], _arrays(fresh)[:5], strict=True):
        assert np.array_equal(a, b)
    for a, b in zip(_arrays(compiled.lp)[5], _arrays(fresh)[5], strict=True):
        assert np.array_equal(a, b)


def test_a_lifetime_sample_is_revalued_exactly_or_built_afresh(nl):
    """Batteries at 12 years (a_max 23 instead of 29: fewer history years, the same rows)
    and at 15 years with shape 4.1 are re-valued: the matrix, the fixed sides and both
    cost vectors equal a fresh build's, bit for bit, and the solve is the fresh solve.
    At 15.2 years the tail share of age 28 becomes positive where the base's was 0 (an
    entry the compiled pattern lacks), and at shape 3 a_max grows to 35: `revalue`
    refuses both, and `run_sample` builds them a model of their own, equal to the plain
    run. Build cost and maximum build are re-valued too."""
    data = nl.data
    compiled = Compiled(data)
    revalued = [
        [("groups.lifetime_years", ("batteries",), 12.0)],
        [
            ("groups.lifetime_years", ("batteries",), 15.0),
            ("groups.lifetime_shape", ("batteries",), 4.1),
        ],
        [
            ("groups.lifetime_years", ("furniture",), 10.0),
            ("groups.lifetime_years", ("batteries",), 12.0),
        ],
        [
            ("capacities.build_cost_eur_per_unit", ("battery_recycling",), 9000.0),
            ("capacities.max_build_per_year", ("textile_sorting",), 20_000.0),
        ],
    ]
    for changes in revalued:
        sample = with_values(data, changes)
        assert compiled.revalue(sample), changes
        _same_lp(compiled, sample)
        ours, theirs = optimise(sample, compiled=compiled), optimise(sample)
        assert ours.objective == theirs.objective
        assert ours.portfolio.weighted_by_year == theirs.portfolio.weighted_by_year
    base = optimise(data).portfolio.activity
    for changes in (
        [("groups.lifetime_years", ("batteries",), 15.2)],
        [("groups.lifetime_shape", ("batteries",), 3.0)],
    ):
        sample = with_values(data, changes)
        assert not compiled.revalue(sample)
        samples._compiled.clear()
        parameters = [(p, k) for p, k, _v in changes]
        result = run_sample(data, parameters, 0, [v for _p, _k, v in changes], base)
        plain = optimise(sample)
        assert result.objective == plain.objective


def test_a_scenario_may_change_them_too(tmp_path):
    """The scenarios sheet already takes every value column: a scenario with batteries
    at 12 years, shape 3, a dearer recycling plant, a lower build maximum and 300 t of
    outside cobalt in 2040 is that pathway."""
    rows = _nl([])
    rows.pop("uncertainty")
    change = {"scenario": "short", "item": "batteries"}
    rows["scenarios"] = [
        {**change, "parameter": "groups.lifetime_years", "value": 12},
        {**change, "parameter": "groups.lifetime_shape", "value": 3},
        {
            **change,
            "parameter": "capacities.build_cost_eur_per_unit",
            "item": "battery_recycling",
            "value": 7000,
        },
        {
            **change,
            "parameter": "capacities.max_build_per_year",
            "item": "battery_recycling",
            "value": 7000,
        },
        {
            **change,
            "parameter": "materials.outside_secondary_t",
            "item": "cobalt",
            "year": 2040,
            "value": 300,
        },
    ]
    pathway = read_input(write_clean(tmp_path / "in.xlsx", rows)).scenarios["short"].pathway
    assert pathway.lifetime_years["batteries"] == 12
    assert pathway.lifetime_shape["batteries"] == 3
    assert pathway.build_cost["battery_recycling"] == 7000
    assert pathway.max_build["battery_recycling"] == 7000
    assert pathway.paths[("outside_secondary_t", "cobalt")][2040] == 300


def test_an_empty_uncertainty_sheet_is_no_uncertain_inputs_given(tmp_path):
    """The NL pathway with an uncertainty sheet of its header only: `--samples 5` stops
    before any work with an input error (exit 2) that says no uncertain inputs are
    given, not that the sheet is missing."""
    import openpyxl

    from tests.helpers.runner import run_cli

    rows = _nl([])
    rows.pop("uncertainty")
    path = write_clean(tmp_path / "in.xlsx", rows)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.create_sheet("uncertainty")
    sheet.append(["parameter", "item", "year", "low", "high", "distribution", "note"])
    workbook.save(path)
    done = run_cli("--input", path, "--samples", 5, "--output", tmp_path / "u.xlsx")
    assert done.returncode == 2, done.stderr
    assert "uncertainty: no uncertain inputs given" in done.stderr
    assert "this workbook has none (no sheet, or only its header)" in done.stderr
    assert "needs an uncertainty sheet" not in done.stderr


def test_the_shipped_pathway_has_sourced_uncertain_inputs():
    """inputs/nl_pathway.xlsx's uncertainty sheet: battery lifetime 10–16 yr and shape
    2–4.5, furniture and textile lifetimes, battery demand in 2030 and 2040, the battery
    recycling and textile sorting build costs, outside cobalt in 2036 and 2050; each with
    a row on the sources sheet giving its range and basis."""
    import openpyxl

    from model.io.reader import read_input as read

    path = ROOT / "inputs" / "nl_pathway.xlsx"
    given = read(path)
    ranges = {u.name: (u.low, u.high) for u in given.uncertain}
    assert ranges["groups.lifetime_years[batteries]"] == (10, 16)
    assert ranges["groups.lifetime_shape[batteries]"] == (2, 4.5)
    assert {
        "groups.lifetime_years[furniture]",
        "groups.lifetime_years[textiles]",
        "groups.demand_t[batteries@2030]",
        "groups.demand_t[batteries@2040]",
        "capacities.build_cost_eur_per_unit[battery_recycling]",
        "capacities.build_cost_eur_per_unit[textile_sorting]",
        "materials.outside_secondary_t[cobalt@2036]",
        "materials.outside_secondary_t[cobalt@2050]",
    } <= set(ranges)
    sources = list(openpyxl.load_workbook(path)["sources"].values)
    sourced = {row[1]: row for row in sources if row[0] == "uncertainty"}
    for name, (low, high) in ranges.items():
        row = sourced[name]
        assert row[3] == f"{low:g}–{high:g}"
        assert row[4] in ("S", "D", "E") and row[5]
    assert "38.8" in sourced["groups.lifetime_years[batteries]"][5]


def _sheets(path) -> dict[str, list[tuple]]:
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    return {name: list(workbook[name].values) for name in workbook.sheetnames}


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory):
    """`python run.py --input inputs/nl_pathway.xlsx --samples 8 --workers 1`: the
    single local worker's uncertainty workbook (seed 7), which both tests below compare
    against (2 local workers; a real scheduler)."""
    from tests.helpers.runner import run_cli

    out = tmp_path_factory.mktemp("pathway_ensemble") / "u1.xlsx"
    path = ROOT / "inputs" / "nl_pathway.xlsx"
    done = run_cli("--input", path, "--samples", 8, "--workers", 1, "--output", out)
    assert done.returncode == 0, done.stderr
    return out


def test_the_pathway_ensemble_gives_the_same_workbook_with_1_and_2_workers(tmp_path, one_worker):
    """`python run.py --input inputs/nl_pathway.xlsx --samples 8` with one worker (the
    module's `one_worker`) and with two, seed 7: the same uncertainty workbook, sheet by
    sheet and cell by cell. The shipped ranges vary lifetimes, so some samples are
    re-valued on a worker's compiled model and others (a longer tail) built on their
    own; whichever worker runs which, each sample's answer is the one a model built for
    it gives."""
    from tests.helpers.runner import run_cli

    path = ROOT / "inputs" / "nl_pathway.xlsx"
    out = tmp_path / "u2.xlsx"
    done = run_cli("--input", path, "--samples", 8, "--workers", 2, "--output", out)
    assert done.returncode == 0, done.stderr
    one, two = _sheets(one_worker), _sheets(out)
    assert one == two
    reductions = [row[-6] for row in one["outcomes"][1:]]
    assert len(one["outcomes"]) == 9 and len(set(reductions)) > 1
    by_year = one["by_year"]
    assert by_year[0][:5] == (
        "year",
        "samples_with_a_plan",
        "reduction_p5_pct",
        "reduction_p50_pct",
        "reduction_p95_pct",
    )
    assert [row[0] for row in by_year[1:]] == list(range(2025, 2051))
    failing = by_year[0].index("samples_failing_here")
    infeasible = [row for row in one["outcomes"][1:] if row[-7] == "infeasible"]
    # Each infeasible sample is counted in the one year it fails. With v3's data all 8
    # samples have a plan (as do those of seeds 1 to 6), so the counts are all 0; with
    # v2's some had none. The substitutes (LFP and sodium-ion cells) ease the battery
    # obligations that made pathways infeasible.
    assert sum(row[failing] for row in by_year[1:]) == len(infeasible)


def test_the_pathway_ensemble_on_a_real_scheduler_gives_the_same_workbook(tmp_path, one_worker):
    """The same 8 samples (seed 7) through `--scheduler` on a real `dask scheduler` with
    two `dask worker` processes started here: the uncertainty workbook equals the one of
    a single local worker (the module's `one_worker`), cell by cell (issue 22: 1 and 2
    workers and a real scheduler)."""
    from tests.helpers.runner import run_cli
    from tests.integration.test_ensemble import _start_cluster, _stop

    path = ROOT / "inputs" / "nl_pathway.xlsx"
    alone = one_worker
    address, procs = _start_cluster(2)
    try:
        remote = tmp_path / "remote.xlsx"
        done = run_cli("--input", path, "--samples", 8, "--scheduler", address, "--output", remote)
        assert done.returncode == 0, done.stderr
    finally:
        _stop(procs)
    assert _sheets(alone) == _sheets(remote)
    assert "By year, the cut's median: 2030 " in done.stdout


def _two_groups() -> dict:
    """Two groups of one material each, 100 t bought in 2025, lifetimes Weibull (mean 8,
    shape 2): g grows 10 % a year (history too) and can be recycled for free at yield
    and quality 1; h is steady and has no measure. A one-year pathway (2025)."""
    rows = tiny_rows(first_year=2025, last_year=2025, objective="min_primary")
    group = {"demand_t": 100.0, "collection_rate": 1.0, "reusable_share": 1.0}
    life = {"lifetime_years": 8, "lifetime_shape": 2}
    rows["groups"] = [
        {"group": "g", **group, **life, "demand_growth": 0.1, "past_growth": 0.1},
        {"group": "h", **group, **life, "demand_growth": 0.0, "past_growth": 0.0},
    ]
    rows["materials"] = [{"material": "a", "weight": 1.0}, {"material": "b", "weight": 1.0}]
    rows["composition"] = [
        {"group": "g", "material": "a", "mass_fraction": 1.0},
        {"group": "h", "material": "b", "mass_fraction": 1.0},
    ]
    rows["measures"] = [recycle()]
    rows["uncertainty"] = [
        {"parameter": "groups.lifetime_years", "item": "g", "low": 5, "high": 12},
    ]
    return rows


def test_only_a_lifetime_varies_and_the_spread_is_the_survival_curves(tmp_path):
    """By hand: in 2025 g's products leave use at Σ_a f(a) · 100 · 1.1^−a t (purchases a
    years ago were 100 · 1.1^−a t; f from the Weibull survival curve of the drawn mean),
    all recycled into new g, so the cut of weighted primary use (200 t without measures)
    is 100 · Σ_a f(a) 1.1^−a / 2 %: 31.95 % at a mean of 5 yr, 25.09 % at 8, 18.65 % at
    12. 40 samples of the mean in 5–12: every sample's cut is that of its curve, and the
    summary's P5/P50/P95 are the percentiles of those cuts; nothing else varies."""
    from model.data.lifetimes import lifetime
    from model.ensemble.sampling import draw
    from model.results.uncertainty import ensemble_tables

    def by_hand(mean: float) -> float:
        f = lifetime(mean, 2.0).outflow
        return 100 * sum(f[a] * 1.1**-a for a in range(len(f))) / 2

    assert [round(by_hand(m), 2) for m in (5, 8, 12)] == [31.95, 25.09, 18.65]
    given = read_input(write_clean(tmp_path / "in.xlsx", _two_groups()))
    values = draw(given.uncertain, 40, 7)
    parameters = [(u.parameter, u.key) for u in given.uncertain]
    base = optimise(given.data)
    samples._compiled.clear()
    results = [
        run_sample(given.data, parameters, i, list(row), base.portfolio.activity)
        for i, row in enumerate(values)
    ]
    expected = [by_hand(float(row[0])) for row in values]
    assert [r.status for r in results] == ["optimal"] * 40
    assert [r.reduction_pct for r in results] == pytest.approx(expected, rel=1e-6)
    reduction = 100 * (1 - base.portfolio.weighted / base.baseline.weighted)
    tables = ensemble_tables(
        given.data, given.uncertain, values, results, reduction, base.portfolio.activity, 7
    )
    summary = {row.iloc[0]: row.iloc[1] for _i, row in tables.summary.iterrows()}
    for q in (5, 50, 95):
        assert summary[f"reduction_p{q}_pct"] == pytest.approx(np.percentile(expected, q), rel=1e-6)
    assert 18.65 < summary["reduction_p5_pct"] < summary["reduction_p95_pct"] < 31.96
    by_year = tables.by_year.to_dict("records")
    assert [row["year"] for row in by_year] == [2025]
    for q in (5, 50, 95):
        assert by_year[0][f"reduction_p{q}_pct"] == summary[f"reduction_p{q}_pct"]
    assert by_year[0]["moves_it_most"] == "groups.lifetime_years[g]"
    assert by_year[0]["rank_correlation"] == pytest.approx(-1.0)  # longer life, less cut
