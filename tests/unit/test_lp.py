"""model/lp.py keeps HiGHS in step with a Pyomo model between solves.

One small LP, solved by hand, changed step by step the way the pipeline changes the
real model (a mutable side, a row switched on, the other objective, a variable fixed);
after each change the warm re-solve must match both the hand-worked optimum and a solve
of a freshly compiled copy.

    min −x − 2y   s.t.  c1: x + y ≤ 4,  c2: y ≤ p (p = 3),  c3: x + 1 ≤ 1.5 (off),  x, y ≥ 0
"""

from __future__ import annotations

import gc
import weakref

import pyomo.core as pyo
import pytest

from model.solver.highs import LpSolver


def _model() -> pyo.ConcreteModel:
    model = pyo.ConcreteModel()
    model.x = pyo.Var(domain=pyo.NonNegativeReals)
    model.y = pyo.Var(domain=pyo.NonNegativeReals)
    model.p = pyo.Param(initialize=3.0, mutable=True)
    model.c1 = pyo.Constraint(expr=model.x + model.y <= 4)
    model.c2 = pyo.Constraint(expr=model.y <= model.p)
    model.c3 = pyo.Constraint(expr=model.x + 1 <= 1.5)  # a constant in the body
    model.c3.deactivate()
    model.value = pyo.Objective(expr=-model.x - 2 * model.y, sense=pyo.minimize)
    model.most_x = pyo.Objective(expr=model.x, sense=pyo.maximize)
    model.most_x.deactivate()
    return model


def _fresh(model) -> float:
    """The same model state solved by a new solver: a compile from scratch."""
    return LpSolver().solve(model.clone()).objective


def test_first_solve_objective_primals_duals_and_reduced_costs():
    """y = p = 3, x = 4 − 3 = 1: objective −7. One more unit of c1's side lets x grow by
    one (−1); one more unit of p moves a unit from x to y (−2 + 1 = −1): both duals −1.
    x and y are basic: reduced costs 0. Without c2 the optimum would be y = 4, −8."""
    model = _model()
    result = LpSolver().solve(model, duals=True)
    assert result.optimal
    assert result.objective == pytest.approx(-7)
    assert (model.x.value, model.y.value) == pytest.approx((1, 3))
    assert result.duals[("c1", None)] == pytest.approx(-1)
    assert result.duals[("c2", None)] == pytest.approx(-1)
    assert ("c3", None) not in result.duals  # switched off, so not reported
    assert result.reduced_costs[("x", None)] == pytest.approx(0)
    assert result.reduced_costs[("y", None)] == pytest.approx(0)


def test_each_change_reaches_highs_on_a_warm_re_solve():
    """Step by step on one solver, each optimum worked by hand and checked against a
    fresh compile of the same state."""
    model, solver = _model(), LpSolver()
    assert solver.solve(model).objective == pytest.approx(-7)

    model.p.set_value(5.0)  # c2 no longer binds: y = 4, x = 0
    assert solver.solve(model, values_only=True).objective == pytest.approx(-8)
    assert _fresh(model) == pytest.approx(-8)

    model.p.set_value(3.0)
    model.c3.activate()  # x ≤ 0.5 (the body's constant moved to the side): y = 3, −6.5
    assert solver.solve(model).objective == pytest.approx(-6.5)
    assert model.x.value == pytest.approx(0.5)
    assert _fresh(model) == pytest.approx(-6.5)

    model.value.deactivate()
    model.most_x.activate()  # maximise x with c3 on: 0.5
    assert solver.solve(model, values_only=True).objective == pytest.approx(0.5)

    model.c3.deactivate()
    model.y.fix(1.0)  # maximise x with y fixed at 1: x = 3
    assert solver.solve(model).objective == pytest.approx(3)
    assert _fresh(model) == pytest.approx(3)

    model.y.unfix()
    model.x.setub(2.0)  # a new bound on x: x = 2
    assert solver.solve(model).objective == pytest.approx(2)
    assert _fresh(model) == pytest.approx(2)


def test_an_infeasible_change_is_reported_and_the_next_solve_recovers():
    """y ≥ 5 against x + y ≤ 4 has no solution; back to p = 3 the optimum is −7 again."""
    model, solver = _model(), LpSolver()
    model.need = pyo.Constraint(expr=model.y >= model.p + 2)
    model.need.deactivate()
    assert solver.solve(model).objective == pytest.approx(-7)
    model.need.activate()
    assert solver.solve(model).status == "infeasible"
    model.need.deactivate()
    assert solver.solve(model).objective == pytest.approx(-7)


def test_a_mutable_coefficient_is_refused_by_name():
    """Only the sides may hold mutable parameters; a coefficient would go stale."""
    model = _model()
    model.scaled = pyo.Constraint(expr=model.p * model.x <= 1)
    with pytest.raises(ValueError, match="mutable parameter multiplies x"):
        LpSolver().solve(model)


def test_exactly_one_active_objective_is_required():
    model = _model()
    model.most_x.activate()
    with pytest.raises(ValueError, match="2 active objectives"):
        LpSolver().solve(model)


def test_close_frees_the_highs_copy_at_once():
    """The pipeline closes its solver before the result tables are built so that their
    memory reuses HiGHS's (docs/performance.md). That only works if nothing refers back
    to the compiled LP: with the cyclic garbage collector off, it must still be gone."""
    model, solver = _model(), LpSolver()
    solver.solve(model, duals=True)
    compiled = weakref.ref(solver._lp)
    gc.disable()
    try:
        solver.close()
        assert compiled() is None
    finally:
        gc.enable()


def test_a_variable_fixed_at_the_first_solve_can_be_unfixed_later():
    """y fixed at 1 when the model is first compiled: max-value optimum x = 3, −5. Once
    unfixed, y is a column like any other: back to −7. (Compiled as a constant, y would
    have vanished from c1 and c2, and the second solve would give y unbounded in c1.)"""
    model, solver = _model(), LpSolver()
    model.y.fix(1.0)
    assert solver.solve(model).objective == pytest.approx(-5)
    assert model.y.fixed
    model.y.unfix()
    assert solver.solve(model).objective == pytest.approx(-7)
    assert _fresh(model) == pytest.approx(-7)


def test_an_objective_constant_with_a_parameter_follows_it():
    """min −x − 2y + p: the optimum point is the same (x = 1, y = 3 at p = 3), so the
    objective is −7 + 3 = −4; at p = 5 the point moves to y = 4 and the objective is
    −8 + 5 = −3. The constant must be re-read at each solve, not frozen at compile."""
    model, solver = _model(), LpSolver()
    model.value.deactivate()
    model.with_constant = pyo.Objective(expr=-model.x - 2 * model.y + model.p)
    assert solver.solve(model).objective == pytest.approx(-4)
    model.p.set_value(5.0)
    assert solver.solve(model, values_only=True).objective == pytest.approx(-3)
