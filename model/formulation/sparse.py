"""A constraint family's rows stored as one sparse block of an ordinary Pyomo Constraint.

A pathway's service and outflow rows sum over every cohort still in use or leaving use:
a Pyomo monomial per term would hold about 150 bytes per nonzero for the whole run (more
than HiGHS needs for the same matrix). A `SparseConstraint` is an indexed Pyomo
Constraint like any other (its index set, doc, names, active flags and duals are
Pyomo's), but its rows are kept as arrays: for each row the positions of its variables
in the block's `variables`, their coefficients and the row's two sides. A row's Pyomo
expression is built only when something asks for it (`con.expr`, `con.body`, an LP file,
the diagnosis's elastic rows), as Pyomo's own templatized constraints do; the compiled
LP (`model.solver.lp`) reads the arrays through `linear_row()` and never builds one.

A row holds what Pyomo's standard representation of its expression would: the terms
of its body, less those of its limit, summed per variable in the order they come,
without the ones that sum to zero.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

import numpy as np
from pyomo.core.base.constraint import ConstraintData, IndexedConstraint
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression
from pyomo.core.expr.numvalue import value

from model.formulation.family import GE, LE


class SparseRowData(ConstraintData):
    """One row of a SparseConstraint; `_expr` holds its position in the block."""

    __slots__ = ()

    def set_value(self, expr) -> None:
        if not isinstance(expr, int):
            raise TypeError(f"{self.name}: a sparse row is set by its position in the block")
        self._expr = expr

    def linear_row(self):
        """(block, first entry, end of entries, lower side, upper side): the row as the
        compiled LP reads it (entries block.entry_columns[first:end], block.coefficients[...])."""
        block = self.parent_component()
        row = self._expr
        return block, block._starts[row], block._starts[row + 1], *block._sides[row]

    @property
    def expr(self):
        lower, body, upper = self.to_bounded_expression()
        if lower is None:
            return body <= upper
        if upper is None:
            return body >= lower
        return body == upper

    def to_bounded_expression(self, evaluate_bounds=False):
        block, first, end, lower, upper = self.linear_row()
        variables = block.variables
        entries = zip(block.entry_columns[first:end], block.coefficients[first:end], strict=True)
        body = LinearExpression(
            [MonomialTermExpression((float(c), variables[j])) for j, c in entries]
        )
        if evaluate_bounds:
            lower = None if lower is None else float(value(lower))
            upper = None if upper is None else float(value(upper))
        return lower, body, upper

    @property
    def lower(self):
        return self.linear_row()[3]

    @property
    def upper(self):
        return self.linear_row()[4]

    @property
    def lb(self):
        lower = self.lower
        return None if lower is None else float(value(lower))

    @property
    def ub(self):
        upper = self.upper
        return None if upper is None else float(value(upper))

    @property
    def equality(self) -> bool:
        lower, upper = self.parent_component()._sides[self._expr]
        return lower is not None and lower is upper  # an EQ row holds its rhs on both sides


class SparseConstraint(IndexedConstraint):
    """An indexed Constraint whose rows are a sparse block; see the module docstring.
    Built empty, then filled by `add_rows`."""

    _ComponentDataClass = SparseRowData

    def __init__(self, *index, doc: str | None = None):
        super().__init__(*index, doc=doc)
        self.variables: list = []  # the VarData of the block's columns, in first-seen order
        self._starts = array("q", [0])
        self._columns = array("i")
        self._values = array("d")
        self._sides: list[tuple[object, object]] = []

    @property
    def entry_columns(self) -> np.ndarray:
        """Each entry's position in `variables`."""
        return np.frombuffer(self._columns, dtype=np.int32)

    @property
    def coefficients(self) -> np.ndarray:
        """Each entry's coefficient."""
        return np.frombuffer(self._values, dtype=np.float64)

    def add_rows(
        self,
        variable,
        rows: Iterable[tuple[object, Iterable, Iterable, object]],
        sense: str,
    ) -> None:
        """Add rows (index, body terms, limit terms, right-hand side) meaning body − limit
        (sense) right-hand side: terms are (variable name, key, coefficient), the
        right-hand side a number or an expression of mutable parameters, `sense` LE, GE
        or EQ. `variable(name, key)` gives the VarData of a term."""
        position: dict[tuple[str, object], int] = {}
        variables = self.variables
        columns, values, starts = self._columns, self._values, self._starts
        for index, body, limit, rhs in rows:
            entries: dict[int, float] = {}
            for sign, terms in ((None, body), (-1.0, limit)):
                for var, key, c in terms:
                    if sign is not None:
                        c = sign * c
                    j = position.get((var, key))
                    if j is None:
                        j = position[(var, key)] = len(variables)
                        variables.append(variable(var, key))
                    entries[j] = entries[j] + c if j in entries else c
            if 0.0 in entries.values():  # a sum of zero: not an entry
                entries = {j: c for j, c in entries.items() if c}
            columns.extend(entries)
            values.extend(entries.values())
            starts.append(len(columns))
            self._sides.append((None if sense == LE else rhs, None if sense == GE else rhs))
            self[index] = len(self._sides) - 1
