"""One model, built and compiled once, solved again for other values of the same system
(an ensemble's worker: one build, then every sample re-valued in place).

`Compiled.build(data)` builds the Pyomo model and its LP in HiGHS. `revalue(other)`
recomputes, from the same family rows and objective terms the model was built from, the
numbers of the LP for `other` — every coefficient, every fixed row side, every cost —
and loads them into HiGHS afresh, in the state of a new instance given that LP (no
basis, nothing sent yet); the Pyomo model keeps its structure, and the modes set the
bounds and levels of `other` as they do for any run. So a re-valued solve is the solve a
fresh model of `other` would give, to the last digit, whatever was solved before.

What a re-valuation cannot do it says, and the caller builds afresh: a row or an entry
that `other` has and the model lacks (a term that was 0 in the base, a variable of a
cohort row a changed lifetime lengthens), or a changed number beside a mutable level.
An entry that becomes 0 is simply left out. A pathway's lifetime changes the cohort
shares s(a) and f(a), hence coefficients and history sides, and where its a_max moves
the rows' length: the first re-valued, the second refused and built afresh.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pyomo.common.collections import ComponentMap

from model.data.model_data import ModelData
from model.data.time_model import time_model
from model.formulation.families import families
from model.formulation.family import EQ, GE
from model.formulation.model import OBJECTIVES, create_model
from model.solver.highs import LpSolver, component_key
from model.solver.lp import INF, HighsLp


@dataclass
class _Layout:
    """Where each row and column of the compiled LP sits."""

    rows: list[tuple[str, object]]  # (family, index) of each compiled row, in order
    columns: dict[tuple[str, object], int]  # (variable, key) → column
    fixed_levels: dict[int, float]  # row → the number beside its mutable level
    pattern: tuple[list[int], list[int]] = ([], [])  # the LP's pattern as plain lists


class Compiled:
    """A model and its LP in HiGHS, for `data` and, re-valued, for other values."""

    def __init__(self, data: ModelData):
        self.base = data  # what the model was built for
        self.data = data  # what it holds now
        self.model = create_model(data)
        self.solver = LpSolver()
        self.lp: HighsLp = self.solver.compile(self.model)
        lp = self.lp
        rows, columns = lp.keys(component_key)
        starts, index = lp.pattern
        self._layout = _Layout(
            rows=rows,
            columns={key: j for j, key in enumerate(columns)},
            fixed_levels={},
            pattern=(starts.tolist(), index.tolist()),  # read entry by entry per sample
        )
        rows = _rows(data)
        self._layout.fixed_levels = {
            int(i): rows[self._layout.rows[i]].constant for i in lp.mutable
        }

    def revalue(self, data: ModelData) -> bool:
        """Load the LP of `data` (same sets, other values) in place of the current one;
        False, with nothing changed, where its structure differs."""
        numbers = _numbers(self.lp, self._layout, data)
        if numbers is None:
            return False
        coefficients, sides, costs = numbers
        self.lp.load(coefficients, sides, costs)  # the levels are set by the modes
        self.data = data
        return True


def _rows(data: ModelData) -> dict[tuple[str, object], object]:
    """(family, index) → Row of every row the model has for `data`."""
    flows = time_model(data)
    out = {}
    for family in families(flows.name):
        for index, row in family.rows(flows):
            if family.over is None or row.body:
                out[(family.name, index)] = row
    return out


def _numbers(lp: HighsLp, layout: _Layout, data: ModelData):
    """(coefficients in the compiled pattern, fixed sides, objective costs) of `data`,
    summed in the order the compile sums them, or None where the structure differs."""
    rows = _rows(data)
    if len(rows) != len(layout.rows):
        return None
    columns = layout.columns
    starts, index = layout.pattern
    coefficients = [0.0] * len(index)
    lower, upper = np.full(len(layout.rows), -INF), np.full(len(layout.rows), INF)
    flows = time_model(data)
    family_sense = {family.name: family.sense for family in families(flows.name)}
    for i, key in enumerate(layout.rows):
        row = rows.get(key)
        if row is None:
            return None
        entries: dict[int, float] = {}
        for sign, terms in ((1.0, row.body), (-1.0, row.limit)):
            for var, item, c in terms:
                j = columns.get((var, item))
                if j is None:  # a variable the model lacks (a longer history, say)
                    return None
                entries[j] = entries[j] + sign * c if j in entries else sign * c
        for k in range(starts[i], starts[i + 1]):
            coefficients[k] = entries.pop(index[k], 0.0)
        if any(entries.values()):  # an entry the compiled pattern lacks
            return None
        if i in layout.fixed_levels:
            if row.constant != layout.fixed_levels[i]:
                return None
        elif family_sense[key[0]] == EQ:
            lower[i] = upper[i] = row.constant
        elif family_sense[key[0]] == GE:
            lower[i] = row.constant
        else:
            upper[i] = row.constant
    costs = ComponentMap()
    for obj in lp.objectives:
        if obj.local_name not in OBJECTIVES:
            continue  # the budget range's min theta: no value of the data in it
        vector = np.zeros(len(lp.variables))
        entries = {}
        for var, item, c in OBJECTIVES[obj.local_name](flows):
            j = columns.get((var, item))
            if j is None:
                return None
            entries[j] = entries[j] + c if j in entries else c
        vector[list(entries)] = list(entries.values())
        costs[obj] = vector
    return np.array(coefficients), (lower, upper), costs
