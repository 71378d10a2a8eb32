"""model/formulation/sparse.py: a family's rows kept as arrays are still ordinary Pyomo
constraints, and the compiled LP reads from the arrays exactly what Pyomo would compile
from the rows' expressions.

The tiny LP, worked by hand:

    min −x1 − x2 + x3   s.t.  a: x1 + 2 x2 − x1 ≤ 4 (the x1 terms cancel: 2 x2 ≤ 4),
                              b: x3 ≥ p (p = 1),  c: x1 + x2 = 3,  x ≥ 0

x1 + x2 = 3 gives −3 whatever the split, x3 = p = 1 adds 1: the optimum is −2. Without
row b, x3 = 0 and the optimum is −3; without row c, x1 is unbounded.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyomo.core as pyo
import pytest
from pyomo.repn.standard_repn import generate_standard_repn

from model.formulation.model import create_model
from model.formulation.sparse import SparseConstraint, SparseRowData
from model.io.reader import read_workbook
from model.solver.highs import LpSolver
from model.solver.lp import HighsLp

ROOT = Path(__file__).resolve().parents[2]


def _tiny() -> pyo.ConcreteModel:
    model = pyo.ConcreteModel()
    model.I = pyo.Set(initialize=[1, 2, 3])
    model.x = pyo.Var(model.I, domain=pyo.NonNegativeReals)
    model.p = pyo.Param(initialize=1.0, mutable=True)
    model.R = pyo.Set(initialize=["a", "b", "c"])
    model.rows = SparseConstraint(model.R, doc="the three rows")

    def variable(name, key):
        return model.component(name)[key]

    body, limit = [("x", 1, 1.0), ("x", 2, 2.0)], [("x", 1, 1.0)]  # x1 − x1: no entry
    model.rows.add_rows(variable, [("a", body, limit, 4.0)], "<=")
    model.rows.add_rows(variable, [("b", [("x", 3, 1.0)], (), model.p)], ">=")
    model.rows.add_rows(variable, [("c", [("x", 1, 1.0), ("x", 2, 1.0)], (), 3.0)], "==")
    model.value = pyo.Objective(expr=-model.x[1] - model.x[2] + model.x[3])
    return model


def test_rows_are_pyomo_constraints_with_their_expressions(tmp_path):
    """Each row answers as a Pyomo constraint: its expression (terms summed per
    variable, a sum of zero left out), sides, equality; a mutable side follows its
    parameter; Pyomo's own LP writer and clone see the same rows."""
    import pyomo.environ  # noqa: F401  (the LP writer is a plugin)

    model = _tiny()
    a, b, c = (model.rows[k] for k in "abc")
    assert all(isinstance(row, SparseRowData) for row in (a, b, c))
    assert str(a.expr) == "2.0*x[2]  <=  4.0"
    assert (a.lb, a.ub, a.equality) == (None, 4.0, False)
    assert (b.lb, b.ub, b.has_lb(), b.has_ub()) == (1.0, None, True, False)
    model.p.set_value(2.5)
    assert b.lb == 2.5
    assert (c.lb, c.ub, c.equality) == (3.0, 3.0, True)
    assert str(c.body) == "x[1] + x[2]"
    copy = model.clone()
    assert copy.rows["a"].body.args[0].args[1] is copy.x[2]
    path = tmp_path / "tiny.lp"
    model.write(str(path), io_options={"symbolic_solver_labels": True})
    text = path.read_text()
    assert "c_u_rows(a)_:\n+2.0 x(2)\n<= 4.0" in text
    assert "c_l_rows(b)_:\n+1.0 x(3)\n>= 2.5" in text
    assert "c_e_rows(c)_:\n+1.0 x(1)\n+1.0 x(2)\n= 3.0" in text


def test_the_compiled_lp_solves_the_hand_optimum_and_rows_switch_off():
    """The optimum −2 worked out above; with row b switched off, −3 (x3 = 0)."""
    model = _tiny()
    solver = LpSolver()
    assert solver.solve(model).objective == pytest.approx(-2.0)
    assert model.x[3].value == pytest.approx(1.0)
    model.rows["b"].deactivate()
    assert solver.solve(model).objective == pytest.approx(-3.0)


def _representation(lp, expr) -> tuple[dict[int, float], object]:
    repn = generate_standard_repn(expr, quadratic=False, compute_values=False)
    terms = zip(repn.linear_vars, repn.linear_coefs, strict=True)
    return {lp._column[id(v)]: c for v, c in terms}, repn.constant


@pytest.mark.parametrize("workbook", ["portfolio.xlsx", "nl_pathway.xlsx"])
def test_compiled_lp_equals_pyomo_standard_representation(workbook):
    """For every row and objective of the shipped examples' models (one-year and
    pathway), the compiled LP holds exactly the columns and coefficients Pyomo's
    standard representation gives for its expression, and the same sides: reading a
    sparse row's arrays, or an objective's or tie row's monomials, is the same compile
    as Pyomo's own."""
    data = read_workbook(ROOT / "inputs" / workbook)
    model = create_model(data)
    lp = HighsLp(model)
    starts, index = lp.pattern
    sparse = 0
    for i, con in enumerate(lp.constraints):
        lower, body, upper = con.to_bounded_expression()
        expected, constant = _representation(lp, body)
        compiled = dict(
            zip(
                index[starts[i] : starts[i + 1]].tolist(),
                lp._coefficients_sent[starts[i] : starts[i + 1]].tolist(),
                strict=True,
            )
        )
        assert compiled == expected, con.name
        assert constant == 0, con.name
        assert (lp._lower[i], lp._upper[i]) == (lower, upper), con.name
        assert isinstance(con, SparseRowData) == con.parent_component().is_indexed()
        sparse += isinstance(con, SparseRowData)
    assert sparse > 40  # every family over a set; the families of one row are expressions
    for obj, compiled in lp.objectives.items():
        expected, _constant = _representation(lp, obj.expr)
        costs = np.zeros(len(lp.variables))
        costs[list(expected)] = list(expected.values())
        assert np.array_equal(compiled.costs, costs), obj.name
