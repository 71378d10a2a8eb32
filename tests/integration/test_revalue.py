"""An ensemble worker's one model, re-valued for each sample (model.run.revalue): the
LP it hands HiGHS is the LP a model built for the sample alone would hand it, number
for number, so every answer is that model's, whatever was solved before."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest

from inputs.build_default import ROWS, UNCERTAINTY
from model.data.values import with_values
from model.ensemble import samples
from model.ensemble.samples import run_sample
from model.ensemble.sampling import draw
from model.errors import InfeasibleError
from model.formulation.model import create_model
from model.io.reader import read_input
from model.run.optimise import optimise
from model.run.revalue import Compiled
from model.solver.highs import LpSolver
from tests.helpers.workbooks import write_clean

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def given(tmp_path_factory):
    rows = {**copy.deepcopy(ROWS), "uncertainty": UNCERTAINTY}
    return read_input(write_clean(tmp_path_factory.mktemp("revalue") / "in.xlsx", rows))


def _drawn(given, n: int, seed: int = 7):
    parameters = [(u.parameter, u.key) for u in given.uncertain]
    values = draw(given.uncertain, n, seed)
    changes = [
        [(p, k, float(v)) for (p, k), v in zip(parameters, row, strict=True)] for row in values
    ]
    return parameters, values, [with_values(given.data, c) for c in changes]


def _arrays(lp):
    """The LP HiGHS holds (its matrix, as HiGHS keeps it: an entry that is 0 is left out)
    and the numbers the next sync sends it (fixed row sides, costs)."""
    matrix = lp.highs.getLp().a_matrix_
    return (
        np.array(matrix.start_),
        np.array(matrix.index_),
        np.array(matrix.value_),
        lp._base[0],
        lp._base[1],
        [lp.objectives[obj].costs for obj in lp.objectives],
    )


def test_a_revalued_lp_is_the_lp_built_for_the_sample_number_for_number(given):
    """20 samples of the shipped uncertainty sheet's 17 ranges: after `revalue`, the
    matrix HiGHS holds, every fixed row side and both cost vectors equal, bit for bit,
    those of a model built and compiled for the sample (where a sample makes an entry 0
    — fibre-to-fibre's quality drawn below 0.9 empties the high-grade requirement's row
    — the re-valued pattern sends a 0, which HiGHS leaves out as the fresh compile
    does). The samples change coefficients (displacement, yields through quality, mass
    fractions), sides (demand, capacities) and costs, so a stale number anywhere would
    show."""
    compiled = Compiled(given.data)
    _parameters, _values, drawn = _drawn(given, 20)
    changed = 0
    for sample in drawn:
        assert compiled.revalue(sample)
        fresh = LpSolver().compile(create_model(sample))
        ours, theirs = _arrays(compiled.lp), _arrays(fresh)
        for a, b in zip(ours[:5], theirs[:5], strict=True):
            assert np.array_equal(a, b)
        for a, b in zip(ours[5], theirs[5], strict=True):
            assert np.array_equal(a, b)
        base = _arrays(LpSolver().compile(create_model(given.data)))
        changed += not np.array_equal(ours[2], base[2])
    assert changed == len(drawn), "the samples did not change the matrix: proves nothing"


def test_a_revalued_solve_is_the_fresh_solve_to_the_last_digit(given):
    """The same 20 samples solved on the one re-valued model, in the order drawn: the
    baseline, the portfolio, the objective, every dual and reduced cost equal those of
    `optimise` on a model built for each sample (HiGHS is loaded afresh each time, so
    the previous sample's basis cannot steer the answer). Infeasible samples are
    infeasible both ways."""
    compiled = Compiled(given.data)
    _parameters, _values, drawn = _drawn(given, 20)
    optimal = 0
    for sample in drawn:
        assert compiled.revalue(sample)
        try:
            ours = optimise(sample, compiled=compiled)
        except InfeasibleError:
            with pytest.raises(InfeasibleError):
                optimise(sample)
            continue
        theirs = optimise(sample)
        assert ours.baseline == theirs.baseline
        assert ours.portfolio == theirs.portfolio
        assert ours.objective == theirs.objective
        assert ours.duals == theirs.duals
        assert ours.reduced_costs == theirs.reduced_costs
        optimal += 1
    assert optimal >= 10


def test_samples_in_any_order_give_the_same_answers(given):
    """30 samples run one by one on one process's compiled model, first in the order
    drawn and then backwards (each time a different sample was solved before): equal
    `SampleResult`s, sample by sample. Without reloading HiGHS per sample, the warm
    start from the previous sample would make ties and last digits depend on order."""
    parameters, values, _drawn_data = _drawn(given, 30, seed=11)
    base = optimise(given.data).portfolio.activity
    samples._compiled.clear()
    forward = [run_sample(given.data, parameters, i, list(v), base) for i, v in enumerate(values)]
    samples._compiled.clear()
    backward = [
        run_sample(given.data, parameters, i, list(values[i]), base)
        for i in reversed(range(len(values)))
    ][::-1]
    assert forward == backward
    assert len({r.reduction_pct for r in forward}) > 20


def test_a_sample_with_a_row_the_base_lacks_gets_a_model_of_its_own(given):
    """Cotton's minimum recycled content is 0 in the base, so the base model has no row
    (7) for cotton. A sample that sets it to 0.1 cannot be re-valued (`revalue` says so
    and changes nothing); `run_sample` then builds a model for it, and its answer is the
    plain run's of the same values: the cotton row binds, weighted primary use rises
    from the base's 404,393 t to about 421,005 t (without the row it would stay)."""
    data = given.data
    compiled = Compiled(data)
    parameter = [("materials.min_secondary_share", ("cotton",))]
    strict = with_values(data, [(parameter[0][0], parameter[0][1], 0.1)])
    assert not compiled.revalue(strict)
    assert compiled.data is data
    base = optimise(data)
    plain = optimise(strict)
    samples._compiled.clear()
    result = run_sample(data, parameter, 0, [0.1], base.portfolio.activity)
    assert result.status == "optimal"
    assert result.cost_eur == plain.portfolio.cost
    assert result.activity == {s: x for s, x in plain.portfolio.activity.items() if x > 1e-6}
    assert plain.portfolio.weighted > base.portfolio.weighted + 1000


def test_a_pathway_is_revalued_too_and_rebuilt_where_its_cohorts_change():
    """The NL pathway: a sample changing costs, a collection rate and a mass fraction is
    re-valued, its LP equal to a fresh build's and its answer (every year's weighted
    primary use) to the last digit. A sample changing reuse's displacement changes the
    second-use lifetime, hence the cohort rows' length: `revalue` refuses it and the
    sample is built on its own, equal to the plain run."""
    from model.io.reader import read_workbook

    data = read_workbook(ROOT / "inputs" / "nl_pathway.xlsx")
    compiled = Compiled(data)
    values = [
        ("measures.cost_eur_per_t", ("textiles_reuse",), 60.0),
        ("groups.collection_rate", ("batteries",), 0.85),
        ("composition.mass_fraction", ("textiles", "cotton"), 0.45),
    ]
    sample = with_values(data, values)
    assert compiled.revalue(sample)
    fresh = LpSolver().compile(create_model(sample))
    for a, b in zip(_arrays(compiled.lp)[:5], _arrays(fresh)[:5], strict=True):
        assert np.array_equal(a, b)
    ours, theirs = optimise(sample, compiled=compiled), optimise(sample)
    assert ours.portfolio.weighted_by_year == theirs.portfolio.weighted_by_year
    assert ours.objective == theirs.objective
    longer = with_values(data, [("measures.displacement", ("textiles_reuse",), 0.5)])
    assert not compiled.revalue(longer)
    samples._compiled.clear()
    parameters = [("measures.displacement", ("textiles_reuse",))]
    base = optimise(data)
    result = run_sample(data, parameters, 0, [0.5], base.portfolio.activity)
    plain = optimise(longer)
    assert result.objective == plain.objective
