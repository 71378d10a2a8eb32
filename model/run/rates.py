"""A measure's reduced cost where the duals leave it open.

At a degenerate optimum (several bases give the same vertex) HiGHS's reduced cost of an
activity at its lower bound is one of many valid duals, and it can read 0 for a measure
that would in fact worsen the objective if any of it were done: the default example's
lyocell, which pays only below about €86/t, read 0 and so a cost gap of €0/t. What the
portfolio sheet means by a reduced cost is the change of the objective per extra tonne
of activity; for such a measure that is measured directly: the first objective solved
again with the activity's lower bound raised by a small step δ, and
(objective(δ) − optimum) / δ is its rate. The optimal value is convex and piecewise
linear in that bound, so this is the right-hand derivative as long as δ stays on its
first piece (δ is a thousandth of the measure's scale); beyond it the rate would read
high, never low.

Run on the scenario's own session, last (each probe a warm re-solve of one changed
bound); only for the activities at their lower bound whose
reduced cost reads 0 (one in the default example, nine of 390 in the NL pathway).
"""

from __future__ import annotations

import pyomo.core as pyo

from model.data.flows import Flows
from model.errors import SolverError
from model.formulation.modes import clear_tie
from model.schema.units import TOL
from model.solver.highs import LpSolver

MOST = 200  # probes at the most in one run; past it, the rest keep HiGHS's reading


def open_keys(model: pyo.ConcreteModel, activity: dict, reduced_costs: dict) -> list:
    """The activities of the portfolio (`activity`) at their lower bound, free to rise,
    whose reduced cost reads 0; `model` set up for the scenario."""
    out = []
    for key, var in model.Activity.items():
        lo, up = var.lb or 0.0, var.ub
        at_lower = activity.get(key, 0.0) <= lo + TOL * max(1.0, lo)
        can_rise = up is None or up > lo + TOL * max(1.0, up)
        if at_lower and can_rise and abs(reduced_costs.get(key, 0.0)) <= TOL:
            out.append(key)
    return out[:MOST]


def entry_rates(
    model: pyo.ConcreteModel, solver: LpSolver, flows: Flows, optimum: float, keys: list
) -> dict:
    """key → (objective with x_key ≥ lo + δ − `optimum`) / δ for each of `keys`, the
    first objective alone (no tie row); a key whose step is infeasible or undecided is
    left out (HiGHS's reading stands). Every bound is put back."""
    clear_tie(model)
    rates = {}
    for key in keys:
        var = model.Activity[key]
        lo, up = var.lb or 0.0, var.ub
        s, t = flows.split(key)
        scale = up if up is not None else flows.demand(flows.system.group_of[s], t)
        delta = max(1.0, 1e-3 * scale)
        if up is not None:
            delta = min(delta, (up - lo) / 2)
        var.setlb(lo + delta)
        try:
            found = solver.solve(model)
        except SolverError:
            found = None
        finally:
            var.setlb(lo)
        if found is not None and found.optimal:
            rates[key] = max(0.0, (float(found.objective) - optimum) / delta)
    return rates
