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

import weakref
from array import array
from collections.abc import Iterable

import numpy as np
from pyomo.core.base.constraint import ConstraintData, IndexedConstraint
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression
from pyomo.core.expr.numvalue import value

from model.data.flows import SPLIT
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
        # the VarData of the block's columns (shared by the blocks of one build: the
        # columns of every block built with the same `variable`, `_columns_of`)
        self.variables: list = []
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

    def linear_rows(self, rows: list) -> tuple[np.ndarray, np.ndarray, np.ndarray, list, list]:
        """Rows of this block (its data objects, in the order given) as the compiled LP
        reads them: (entries per row, each entry's position in `variables`, its
        coefficient, lower sides, upper sides); `linear_row` row by row."""
        positions = np.fromiter((row._expr for row in rows), dtype=np.int64, count=len(rows))
        starts = np.frombuffer(self._starts, dtype=np.int64)
        counts = starts[positions + 1] - starts[positions]
        columns, coefficients = self.entry_columns, self.coefficients
        if len(positions) != len(self._sides) or (positions != np.arange(len(positions))).any():
            ends = np.cumsum(counts)
            take = np.arange(ends[-1] if len(ends) else 0) - np.repeat(
                ends - counts - starts[positions], counts
            )
            columns, coefficients = columns[take], coefficients[take]
        sides = self._sides
        return (
            counts,
            columns,
            coefficients,
            [sides[k][0] for k in positions.tolist()],
            [sides[k][1] for k in positions.tolist()],
        )

    def _columns_of(self, variable) -> tuple[list, dict]:
        """(variables, name → key → position in them) for the rows added with
        `variable`: the blocks built with one `variable` (one model's build) share them,
        so that each variable is looked up once per model, not once per block."""
        shared = getattr(variable, "sparse_columns", None)
        if shared is None:
            shared = ([], {})
            try:
                variable.sparse_columns = shared
            except AttributeError:  # a bound method or a builtin: the block's own
                shared = None
        if shared is not None and (self.variables is shared[0] or not self.variables):
            self.variables = shared[0]
            return shared
        return self.variables, {}  # as the block's own, each call its own lookups

    def add_rows(
        self,
        variable,
        rows: Iterable[tuple[object, Iterable, Iterable, object]],
        sense: str,
    ) -> None:
        """Add rows (index, body terms, limit terms, right-hand side) meaning body − limit
        (sense) right-hand side: terms are (variable name, key, coefficient), the
        right-hand side a number or an expression of mutable parameters, `sense` LE, GE
        or EQ. `variable(name, key)` gives the VarData of a term.

        Terms that offer `cohort_runs` (`model.data.cohorts.CohortSum`: sums over
        cohorts) are read as arrays, all the block's at once, rather than term by term;
        the rows are the same, entry for entry."""
        variables, position = self._columns_of(variable)
        columns = _Columns.of_rows(variable, position, variables)
        try:
            self._add_rows(rows, sense, columns)
        finally:
            columns.variable = None  # see `_Columns.of_rows`

    def _add_rows(self, rows, sense: str, columns: _Columns) -> None:
        """`add_rows` with the columns of its `variable`."""
        variable, position, variables = columns.variable, columns.position, columns.variables
        known = self._data
        valid = getattr(self.index_set(), "_values", ())  # the index set's members
        new, owner = SparseRowData.__new__, weakref.ref(self)  # a row, as Pyomo makes it
        # A row is a sequence of pieces: its plain terms summed per variable, or, in a
        # row with cohort runs, each run and each side's plain terms as they come. They
        # are kept in typed arrays (no Python number outlives its row) and written to
        # the block's arrays every few thousand terms (`_flush`), so that what is
        # pending stays small.
        pending = _Pending(len(self._sides), columns)
        piece_row, piece_size = pending.piece_row, pending.piece_size
        plain_j, plain_c, runs = pending.plain_j, pending.plain_c, pending.runs.runs
        twice, size = [], 0  # size: the pending runs' terms
        for index, body, limit, rhs in rows:
            row = len(self._sides)
            body_runs = getattr(body, "cohort_runs", None)
            limit_runs = getattr(limit, "cohort_runs", None)
            if body_runs is None and limit_runs is None:
                entries: dict[int, float] = {}
                last = by_key = None  # the last term's variable name and its keys
                for sign, terms in ((None, body), (-1.0, limit)):
                    for var, key, c in terms:
                        if sign is not None:
                            c = sign * c
                        if var is not last:  # a row's terms come by variable, mostly
                            by_key = position.get(var)
                            if by_key is None:
                                by_key = position[var] = {}
                            last = var
                        j = by_key.get(key)
                        if j is None:
                            j = by_key[key] = len(variables)
                            variables.append(variable(var, key))
                        entries[j] = entries[j] + c if j in entries else c
                if entries:
                    plain_j.extend(entries)
                    plain_c.extend(entries.values())
                    piece_row.append(row)
                    piece_size.append(len(entries))
            else:
                plain: dict[tuple[str, object], None] = {}  # the row's plain terms
                named: list = []  # and its runs
                for sign, terms, cohort_runs in ((1.0, body, body_runs), (-1.0, limit, limit_runs)):
                    if cohort_runs is not None:
                        for run in cohort_runs:
                            count = run[4].size - run[5]  # its terms
                            if count > 0:
                                runs.append((len(piece_row), sign, run))
                                piece_row.append(row)
                                piece_size.append(count)
                                named.append(run)
                                size += count
                        continue
                    count = len(plain_j)
                    for var, key, c in terms:
                        by_key = position.get(var)
                        if by_key is None:
                            by_key = position[var] = {}
                        j = by_key.get(key)
                        if j is None:
                            j = by_key[key] = len(variables)
                            variables.append(variable(var, key))
                        plain_j.append(j)
                        plain_c.append(c if sign == 1.0 else sign * c)
                        if (var, key) in plain:
                            named.append(None)  # a variable twice
                        plain[(var, key)] = None
                    if len(plain_j) > count:
                        piece_row.append(row)
                        piece_size.append(len(plain_j) - count)
                if (plain or len(named) > 1) and _twice(named, plain):
                    twice.append(row)
            self._sides.append((None if sense == LE else rhs, None if sense == GE else rhs))
            if index in valid and index not in known:  # what self[index] = row does
                data = new(SparseRowData)
                data._component, data._index, data._active, data._expr = owner, index, True, row
                known[index] = data
            else:
                self[index] = row  # Pyomo's own checks (and errors)
            if size + len(plain_j) >= _CHUNK:
                self._flush(pending, twice)
                pending = _Pending(len(self._sides), columns)
                piece_row, piece_size = pending.piece_row, pending.piece_size
                plain_j, plain_c, runs = pending.plain_j, pending.plain_c, pending.runs.runs
                twice, size = [], 0
        self._flush(pending, twice)

    def _flush(self, pending: _Pending, twice: list) -> None:
        """Write the pending rows (pending.first_row … the last row added) to the
        block's arrays: each row's terms summed per variable as a dict would (`twice`:
        rows with runs that may name a variable twice), a sum of zero left out."""
        first_row = pending.first_row
        sizes = _numbers(pending.piece_size, np.int64)
        pieces = _numbers(pending.piece_row, np.int64) - first_row  # each piece's row
        j, c = _entries(pending.runs, sizes, pending.plain_j, pending.plain_c)
        counts = np.bincount(pieces, minlength=len(self._sides) - first_row, weights=sizes)
        counts = counts.astype(np.int64)
        if twice:
            rows_of = np.repeat(pieces, sizes)
            rows_of, j, c = _sum_per_variable(rows_of, j, c, np.asarray(twice) - first_row)
            counts = np.bincount(rows_of, minlength=len(counts))
        keep = c != 0.0  # a sum of zero: not an entry
        if not keep.all():
            gone = np.flatnonzero(~keep)
            at = np.cumsum(counts) - counts  # where each row's terms start
            counts -= np.bincount(np.searchsorted(at, gone, "right") - 1, minlength=len(counts))
            j, c = j[keep], c[keep]
        self._columns.frombytes(memoryview(j.astype(np.int32, copy=False)).cast("B"))
        self._values.frombytes(memoryview(np.ascontiguousarray(c)).cast("B"))
        self._starts.extend((self._starts[-1] + np.cumsum(counts)).tolist())


_CHUNK = 8192  # terms pending before they are written to the block's arrays


class _Pending:
    """Rows added to a block, not yet written to its arrays (`add_rows`)."""

    __slots__ = ("first_row", "piece_row", "piece_size", "plain_c", "plain_j", "runs")

    def __init__(self, first_row: int, columns: _Columns):
        self.first_row = first_row
        self.piece_row, self.piece_size = array("q"), array("q")  # each piece's row, size
        self.plain_j, self.plain_c = array("q"), array("d")  # the plain pieces' terms
        self.runs = _Runs(columns)


def _numbers(numbers: array, dtype) -> np.ndarray:
    """A typed array as numpy's, its memory shared."""
    return np.frombuffer(numbers, dtype=dtype) if len(numbers) else np.zeros(0, dtype=dtype)


def _entries(runs, sizes: np.ndarray, plain_j: array, plain_c: array):
    """(column, coefficient) of every term, piece after piece: the plain pieces' as
    given, the runs' worked out as arrays (`_Runs.terms`)."""
    if not runs:
        return _numbers(plain_j, np.int64), _numbers(plain_c, np.float64)
    at = np.cumsum(sizes) - sizes  # where each piece's terms start
    j = np.empty(int(sizes.sum()), dtype=np.int64)
    c = np.empty(len(j), dtype=np.float64)
    of_runs = np.zeros(len(sizes), dtype=bool)
    of_runs[runs.pieces()] = True
    for pieces, (columns_of, coefficients) in (
        (~of_runs, (_numbers(plain_j, np.int64), _numbers(plain_c, np.float64))),
        (of_runs, runs.terms()),
    ):
        size = sizes[pieces]
        into = np.repeat(at[pieces] - (np.cumsum(size) - size), size)
        into += np.arange(len(into))  # where each of these terms goes
        j[into] = columns_of
        c[into] = coefficients
    return j, c


class _Columns:
    """Where the terms of one add_rows call find their columns: `variable`, `position`
    and `variables` as in add_rows, each series of cohort terms (variable, item)
    numbered, and the column of each (series, cohort) met so far (a table over the
    series and the years the cohorts span, grown as needed)."""

    __slots__ = ("base", "names", "position", "series", "table", "variable", "variables")

    def __init__(self, variable, position: dict, variables: list):
        self.variable, self.position, self.variables = variable, position, variables
        self.series: dict[tuple[str, object], int] = {}  # (variable, item) → series
        self.names: list[tuple[str, object]] = []  # and back
        self.base = 0  # the cohort of the table's first column
        self.table = np.full((0, 0), -1, dtype=np.int64)  # [series, cohort − base] → j

    @classmethod
    def of_rows(cls, variable, position: dict, variables: list) -> _Columns:
        """The columns of rows added with `variable`: shared by the blocks that share
        `position` and `variables` (one model's build, `_columns_of`), so that each
        (series, cohort) is looked up once per build, not once per block; kept on
        `variable` beside them, and gone with it (their `variable` is dropped when the
        call is done: `variable` → columns → `variable` would be a reference cycle, the
        build's look-ups kept until the garbage collector next walks them)."""
        shared = getattr(variable, "sparse_table", None)
        if shared is not None and shared.position is position and shared.variables is variables:
            shared.variable = variable  # for this call only (`add_rows` lets it go)
            return shared
        columns = cls(variable, position, variables)
        build = getattr(variable, "sparse_columns", None)
        if build is not None and build[0] is variables and build[1] is position:
            variable.sparse_table = columns
        return columns

    def number(self, var: str, item) -> int:
        found = self.series.get((var, item))
        if found is None:
            found = self.series[(var, item)] = len(self.names)
            self.names.append((var, item))
        return found

    def of(self, series: np.ndarray, cohort: np.ndarray) -> np.ndarray:
        """The column of each (series, cohort); new variables are added."""
        self._cover(int(cohort.min()), int(cohort.max()))
        table, base = self.table, self.base
        column = table[series, cohort - base]
        missing = np.flatnonzero(column < 0)
        if missing.size:
            width = table.shape[1]
            position, variables, variable = self.position, self.variables, self.variable
            # the pairs met, sorted, each once (np.unique would import numpy.ma on its
            # first call: 17 ms a process)
            pairs = np.sort(series[missing] * width + (cohort[missing] - base))
            pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
            for pair in pairs.tolist():
                number, offset = divmod(pair, width)
                var, item = self.names[number]
                t = offset + base
                key = (*item, t) if var == SPLIT else (item, t)  # Pyomo's flat (r, v, c)
                by_key = position.get(var)
                if by_key is None:
                    by_key = position[var] = {}
                found = by_key.get(key)
                if found is None:
                    found = by_key[key] = len(variables)
                    variables.append(variable(var, key))
                table[number, offset] = found
            column[missing] = table[series[missing], cohort[missing] - base]
        return column

    def _cover(self, oldest: int, newest: int) -> None:
        """Grow the table to every series numbered and the cohorts oldest … newest."""
        rows, width = self.table.shape
        base = min(oldest, self.base) if width else oldest
        end = max(newest + 1, self.base + width) if width else newest + 1
        if len(self.names) <= rows and base == self.base and end - base == width:
            return
        table = np.full((max(len(self.names), 2 * rows), end - base), -1, dtype=np.int64)
        table[:rows, self.base - base : self.base - base + width] = self.table
        self.table, self.base = table, base


class _Runs:
    """The cohort runs (variable, item, t, coefficient, run, start) of pending rows:
    (piece, sign, run) as they come, turned into terms as arrays."""

    def __init__(self, columns: _Columns):
        self.runs: list = []  # (piece, sign, run), runs with terms only (add_rows)
        self.columns = columns

    def __bool__(self) -> bool:
        return bool(self.runs)

    def pieces(self) -> np.ndarray:
        return np.fromiter((piece for piece, _sign, _run in self.runs), np.int64, len(self.runs))

    def terms(self) -> tuple[np.ndarray, np.ndarray]:
        """(column, coefficient) of the terms of every run, run after run."""
        runs, number = self.runs, self.columns.number
        tables: dict[int, int] = {}  # id(run) → its first term in the pool's arrays
        pool, first, series = [], [], []
        counts, years, coefficients, signs = [], [], [], []  # each run's
        size = 0
        known = self.columns.series
        for _piece, sign, (var, item, t, coef, table, start) in runs:
            at = tables.get(id(table))
            if at is None:
                at = tables[id(table)] = size
                pool.append(table)
                size += table.size
            first.append(at + start)
            found = known.get((var, item))
            series.append(number(var, item) if found is None else found)
            counts.append(table.size - start)
            years.append(t)
            coefficients.append(coef)
            signs.append(sign)
        n = len(runs)
        ages = np.concatenate([table.ages for table in pool])
        shares = np.concatenate([table.shares for table in pool])
        count = np.array(counts, dtype=np.int64)
        which = np.repeat(np.arange(n), count)  # each term's run
        ends = np.cumsum(count)
        at = np.arange(ends[-1]) - np.repeat(ends - count - np.asarray(first), count)
        coefficient = np.array(coefficients, dtype=np.float64)[which]
        coefficient *= shares[at]
        coefficient *= np.array(signs, dtype=np.float64)[which]
        cohort = np.array(years, dtype=np.int64)[which]
        cohort -= ages[at]
        return self.columns.of(np.asarray(series, dtype=np.int64)[which], cohort), coefficient


def _twice(runs: list, plain: dict) -> bool:
    """Whether a row names a variable twice: two runs of one variable and item, a run
    and a plain term of the same cohort, or (a None among the runs) two plain terms."""
    if None in runs:
        return True
    series = {(run[0], run[1]): run for run in runs}  # (var, item) → its run
    if len(series) < len(runs):
        return True
    for var, key in plain:
        if type(key) is not tuple:
            continue
        item = key[:-1] if var == SPLIT else key[0] if len(key) == 2 else None
        found = series.get((var, item))
        if found is not None:
            _var, _item, t, _coef, table, start = found
            if t - key[-1] in table.numbers[0][start:]:
                return True
    return False


def _sum_per_variable(row: np.ndarray, j: np.ndarray, c: np.ndarray, rows: np.ndarray):
    """The terms of `rows` summed per variable, in the order they come (as a dict would:
    the first term of a variable holds its place); the entries stay in row order."""
    redo = np.isin(row, rows)
    new_row, new_j, new_c = [], [], []
    for r in rows.tolist():
        entries: dict[int, float] = {}
        (at,) = np.nonzero(row == r)
        for k, x in zip(j[at].tolist(), c[at].tolist(), strict=True):
            entries[k] = entries[k] + x if k in entries else x
        new_row.extend([r] * len(entries))
        new_j.extend(entries)
        new_c.extend(entries.values())
    row = np.concatenate((row[~redo], np.asarray(new_row, dtype=np.int64)))
    j = np.concatenate((j[~redo], np.asarray(new_j, dtype=j.dtype)))
    c = np.concatenate((c[~redo], np.asarray(new_c, dtype=np.float64)))
    order = np.argsort(row, kind="stable")
    return row[order], j[order], c[order]
