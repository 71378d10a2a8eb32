"""A Pyomo model's LP inside one HiGHS instance, kept in step with the model.

`HighsLp(model)` compiles the model once: one column per variable, one row per
constraint *whether active or not* (an inactive row is sent with infinite sides, so
switching a row on or off changes its sides, never the matrix), and one cost vector per
objective. `sync()` compares what the model says now (variable bounds, which rows are
active, sides that hold mutable parameters, the active objective) with what HiGHS
holds and sends only the differences, so HiGHS re-solves from its last basis.

This does for our models what Pyomo's persistent HiGHS interface does, at about a third
of its cost (benchmarks/translate.py, docs/performance.md). It handles linear models
whose mutable parameters stand only in the sides of a constraint or in an objective's
constant, never as the coefficient of a variable; anything else is refused when the
model is compiled.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import pyomo.core as pyo
from pyomo.common.collections import ComponentMap
from pyomo.common.gc_manager import PauseGC
from pyomo.common.tee import capture_output
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression
from pyomo.core.expr.numvalue import is_constant, value
from pyomo.repn.standard_repn import generate_standard_repn

INF = highspy.kHighsInf
_NUMBER = (int, float)
_PLAIN = {int, float, type(None)}  # bounds read as they are


def new_highs() -> highspy.Highs:
    """A silent HiGHS instance (highspy prints a banner when one is created)."""
    with capture_output(capture_fd=True):
        highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    return highs


def _fixed(side: object) -> object:
    """A side as a plain number where it is one; a parameter expression stays as is."""
    if side is None or isinstance(side, _NUMBER):
        return side
    return float(value(side)) if is_constant(side) else side


def _side(bound: object, constant: object) -> object:
    """A row side: the bound less the body's constant (None: no side)."""
    return None if bound is None else _fixed(bound - constant)


def _is_number(side: object) -> bool:
    """None (no side) or a plain number: nothing to re-evaluate at a sync."""
    return side is None or isinstance(side, _NUMBER)


def _evaluate(side: object, infinite: float) -> float:
    return infinite if side is None else float(value(side))


def component_key(component_data) -> tuple[str, object]:
    """(component name, index) of a constraint or variable: `("res_capacity", "k")`,
    `("res_budget", None)`, `("Activity", "s")`."""
    return component_data.parent_component().local_name, component_data.index()


def _component_keys(model, ctype, datas: list) -> list | None:
    """`component_key` of each of `datas` (the model's data objects of `ctype`, in
    component_data_objects' order), read component by component; None where the
    components do not list them in that order."""
    out = []
    for comp in model.component_objects(ctype, active=None, descend_into=True):
        name = comp.local_name
        first = len(out)
        # Pyomo's own store, in the order component_data_objects gives them (checked)
        items = comp._data.items() if comp.is_indexed() else ((None, comp),)
        out.extend((name, index) for index, _data in items)
        if len(out) > len(datas) or any(
            data is not datas[k] for k, (_index, data) in enumerate(items, first)
        ):
            return None
    return out if len(out) == len(datas) else None


def _plain(bound) -> bool:
    """None or a finite plain number: a bound read as it is."""
    return bound is None or (type(bound) in _NUMBER and -INF < bound < INF)


def _bounds(var, domains: dict) -> tuple[float, float]:
    """var.bounds, as ±inf for no bound: read directly where the bounds are None or
    plain finite numbers (Pyomo's property where not). `domains`: id(domain) → (domain,
    its bounds), filled as the domains are met."""
    lb, ub = var._lb, var._ub
    if _plain(lb) and _plain(ub):
        domain = var.domain
        known = domains.get(id(domain))
        if known is None:
            known = domains[id(domain)] = (domain, *domain.bounds())
        return _tighter(lb, known[1], max, -INF), _tighter(ub, known[2], min, INF)
    lb, ub = var.bounds  # one call: the domain's bounds are read once
    return -INF if lb is None else lb, INF if ub is None else ub


def _tighter(bound, domain_bound, pick, infinite: float) -> float:
    """Pyomo's resolution of a bound and its domain's: the tighter; ±inf for none."""
    if bound is None:
        return infinite if domain_bound is None else domain_bound
    return bound if domain_bound is None else pick(bound, domain_bound)


def _send_changes(sent, lower: np.ndarray, upper: np.ndarray, change) -> tuple:
    """Call `change(count, indices, lower, upper)` (HiGHS's changeColsBounds or
    changeRowsBounds) for the entries that differ from `sent`; return what HiGHS holds."""
    changed = np.flatnonzero((lower != sent[0]) | (upper != sent[1]))
    if not changed.size:
        return sent
    change(changed.size, changed.astype(np.int32), lower[changed], upper[changed])
    return lower, upper


@dataclass
class _Objective:
    costs: np.ndarray  # one per column
    offset: object  # a number, or an expression of mutable parameters
    maximise: bool


class HighsLp:
    """The LP of `model` in HiGHS; see the module docstring."""

    def __init__(self, model: pyo.ConcreteModel):
        self.model = model
        self.variables = list(model.component_data_objects(pyo.Var, descend_into=True))
        # A fixed variable would be compiled as a constant and lost from its rows when it
        # is unfixed later; compile every variable as a column and let its bounds say it
        # is fixed.
        fixed = [var for var in self.variables if var.fixed]
        for var in fixed:
            var.unfix()
        try:
            with PauseGC():  # millions of small objects, none of them garbage yet
                self._compile()
        finally:
            for var in fixed:
                var.fix()

    def _compile(self) -> None:
        model = self.model
        self._keys: tuple[list, list] | None = None
        self._column = {id(v): j for j, v in enumerate(self.variables)}
        self.constraints = list(
            model.component_data_objects(pyo.Constraint, active=None, descend_into=True)
        )
        self._lower, self._upper = self._matrix()
        # Rows whose sides change with a mutable parameter; the others are fixed numbers
        # (a side of a plain type is one: `_is_number` asked of the others only).
        mutable = {
            i
            for i, (low, high) in enumerate(zip(self._lower, self._upper, strict=True))
            if (type(low) not in _PLAIN and not _is_number(low))
            or (type(high) not in _PLAIN and not _is_number(high))
        }
        self.mutable = np.array(sorted(mutable), dtype=np.int64)
        self._base = (
            np.array(
                [-INF if i in mutable or s is None else s for i, s in enumerate(self._lower)],
                dtype=np.float64,
            ),
            np.array(
                [INF if i in mutable or s is None else s for i, s in enumerate(self._upper)],
                dtype=np.float64,
            ),
        )
        self.objectives = ComponentMap(
            (obj, self._compile_objective(obj))
            for obj in model.component_data_objects(pyo.Objective, active=None, descend_into=True)
        )
        self.highs = new_highs()
        self.load()

    def load(
        self,
        coefficients: np.ndarray | None = None,
        sides: tuple[np.ndarray, np.ndarray] | None = None,
        costs: dict | None = None,
    ) -> None:
        """Put the compiled LP into HiGHS afresh, with nothing sent yet of bounds, sides
        or objective (the next `sync` sends them all) and no basis: HiGHS is then in
        the state of a new instance given the same LP. With arguments, the LP's numbers
        change first, its pattern kept: `coefficients` (one per entry of `pattern`, in
        its order; a 0 leaves the entry out), `sides` (lower, upper of the rows whose
        sides hold no mutable parameter; ±inf elsewhere), `costs` (objective → one per
        column). An ensemble's worker re-values its one compiled model this way."""
        if coefficients is not None:
            self._coefficients_sent = np.asarray(coefficients, dtype=np.float64)
        if sides is not None:
            self._base = sides
        for obj, vector in (costs or {}).items():
            self.objectives[obj].costs = vector
        highs = self.highs
        highs.clearModel()
        n, m = len(self.variables), len(self.constraints)
        if n:
            highs.addVars(n, np.full(n, -INF), np.full(n, INF))
        starts, index = self.pattern
        if m:
            highs.addRows(
                m,
                np.full(m, -INF),
                np.full(m, INF),
                len(index),
                starts[:-1],
                index,
                self._coefficients_sent,
            )
        self._sent_columns = (np.full(n, -INF), np.full(n, INF))
        self._sent_rows = (np.full(m, -INF), np.full(m, INF))
        self._active = np.ones(m, dtype=bool)
        self._sent_objective: object = None

    # --- compiling ------------------------------------------------------------------------
    def _coefficients(self, expr, owner) -> tuple[list[int], list[float], object]:
        """Column indices, coefficients and the constant of a linear expression of
        `owner` (a constraint or an objective, named only in an error)."""
        plain = self._monomials(expr)
        if plain is not None:
            return plain
        repn = generate_standard_repn(expr, quadratic=False, compute_values=False)
        if repn.nonlinear_expr is not None:
            raise ValueError(f"{owner.name} is not linear; the LP solver takes linear models only")
        column = self._column
        columns = [column[id(var)] for var in repn.linear_vars]
        coefficients = list(repn.linear_coefs)
        if not all(isinstance(coef, _NUMBER) for coef in coefficients):
            for k, (var, coef) in enumerate(zip(repn.linear_vars, coefficients, strict=True)):
                if not isinstance(coef, _NUMBER):
                    if not is_constant(coef):
                        raise ValueError(
                            f"in {owner.name} a mutable parameter multiplies {var.name}; only "
                            "the sides of a constraint may hold mutable parameters"
                        )
                    coefficients[k] = float(value(coef))
        return columns, coefficients, _fixed(repn.constant)

    def _monomials(self, expr) -> tuple[list[int], list[float], float] | None:
        """What Pyomo's standard representation gives for a LinearExpression of numeric
        monomials, each variable once (as `model.formulation.model` builds the
        objectives and the tie rows), read straight from its terms; None for any other
        expression."""
        if type(expr) is not LinearExpression:
            return None
        column = self._column
        columns, coefficients = [], []
        for term in expr.args:
            if type(term) is not MonomialTermExpression:
                return None
            c, var = term.args
            if type(c) not in _NUMBER:
                return None
            if c:
                columns.append(column[id(var)])
                coefficients.append(c)
        if len(set(columns)) != len(columns):
            return None  # a variable twice: its coefficients are summed by the representation
        return columns, coefficients, 0

    def _matrix(self) -> tuple[list[object], list[object]]:
        """The rows' coefficients (`pattern` and their values) and sides. The rows of a
        block that offers `linear_rows()` (model.formulation.sparse) are read from its
        arrays, all at once; any other row through Pyomo's standard representation of
        its expression."""
        counts, index, coefs, lower, upper = [], [], [], [], []
        mapped: dict[int, np.ndarray] = {}  # id(block.variables) → their columns here
        column = self._column
        constraints = self.constraints
        i = 0
        while i < len(constraints):
            con = constraints[i]
            if getattr(con, "linear_row", None) is not None:
                block = con.parent_component()
                rows = constraints[i : i + len(block)]  # a component's rows come together
                if rows[-1].parent_component() is block:
                    ours = mapped.get(id(block.variables))  # blocks may share their list
                    if ours is None:
                        ours = mapped[id(block.variables)] = np.fromiter(
                            (column[id(var)] for var in block.variables),
                            dtype=np.int32,
                            count=len(block.variables),
                        )
                    per_row, columns, coefficients, low, high = block.linear_rows(rows)
                    counts.append(per_row)
                    index.append((ours, columns))  # ours[columns], taken into place below
                    coefs.append(coefficients)
                    # `_fixed` of each side, asked only of those not of a plain type
                    lower.extend([x if type(x) in _PLAIN else _fixed(x) for x in low])
                    upper.extend([x if type(x) in _PLAIN else _fixed(x) for x in high])
                    i += len(rows)
                    continue
            low, body, high = con.to_bounded_expression()  # once: .body, .lower re-derive it
            columns, coefficients, constant = self._coefficients(body, con)
            counts.append(np.array([len(columns)], dtype=np.int64))
            index.append((None, np.array(columns, dtype=np.int32)))
            coefs.append(np.array(coefficients, dtype=np.float64))
            lower.append(_side(low, constant))
            upper.append(_side(high, constant))
            i += 1
        starts = np.zeros(len(constraints) + 1, dtype=np.int32)
        if counts:
            np.cumsum(np.concatenate(counts), out=starts[1:])
        # row i's entries: columns index[starts[i]:starts[i + 1]]; written in place (no
        # concatenation: a second copy of the matrix at its largest)
        entries = np.empty(int(starts[-1]), dtype=np.int32)
        values = np.empty(len(entries), dtype=np.float64)  # a copy: the blocks keep theirs
        at = 0
        for (ours, columns), coefficients in zip(index, coefs, strict=True):
            end = at + len(columns)
            if ours is None:
                entries[at:end] = columns
            else:
                np.take(ours, columns, out=entries[at:end])
            values[at:end] = coefficients
            at = end
        self.pattern = (starts, entries)
        self._coefficients_sent = values
        return lower, upper

    def _compile_objective(self, obj) -> _Objective:
        columns, coefficients, constant = self._coefficients(obj.expr, obj)
        costs = np.zeros(len(self.variables))
        np.add.at(costs, np.array(columns, dtype=np.int64), np.array(coefficients))
        return _Objective(costs, constant, obj.sense == pyo.maximize)

    # --- keeping HiGHS in step ------------------------------------------------------------
    def sync(self, *, structure: bool = True) -> None:
        """Send HiGHS what changed in the model since the last sync. `structure=False`:
        only mutable parameters and the choice of objective changed (no variable bound,
        no row switched on or off), so those scans are skipped."""
        if structure:
            self._sync_columns()
            # con.active, read as the property reads it
            self._active = np.array([con._active for con in self.constraints], dtype=bool)
        self._sync_rows()
        self._sync_objective()

    def _sync_columns(self) -> None:
        lower, upper = self._column_bounds()
        self._sent_columns = _send_changes(
            self._sent_columns, lower, upper, self.highs.changeColsBounds
        )

    def _column_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Each column's bounds as HiGHS takes them: Pyomo's `var.bounds` (the tighter
        of the variable's and its domain's, ±inf for none), a fixed variable's value on
        both sides. Read as arrays where every bound is None or a finite plain number,
        else variable by variable."""
        variables = self.variables
        lbs = [var._lb for var in variables]
        ubs = [var._ub for var in variables]
        lower = upper = None
        if {*map(type, lbs), *map(type, ubs)} <= _PLAIN:
            lower = np.array(lbs, dtype=np.float64)  # None: nan
            upper = np.array(ubs, dtype=np.float64)
            if np.isinf(lower).any() or np.isinf(upper).any():
                lower = upper = None  # Pyomo's rules for infinite bounds, below
        if lower is None:
            domains: dict = {}
            pairs = [_bounds(var, domains) for var in variables]
            lower = np.array([low for low, _high in pairs], dtype=np.float64)
            upper = np.array([high for _low, high in pairs], dtype=np.float64)
        else:
            domains = [var._domain for var in variables]
            kinds = set(map(id, domains))
            if len(kinds) == 1:
                at_least, at_most = domains[0].bounds()
            else:
                bounds = {id(domain): domain.bounds() for domain in set(domains)}
                at_least = np.array([bounds[id(d)][0] for d in domains], dtype=np.float64)
                at_most = np.array([bounds[id(d)][1] for d in domains], dtype=np.float64)
            at_least = np.asarray(at_least, dtype=np.float64)  # None: nan, no bound
            at_most = np.asarray(at_most, dtype=np.float64)
            at_least = np.where(np.isnan(at_least), -INF, at_least)
            at_most = np.where(np.isnan(at_most), INF, at_most)
            lower = np.where(np.isnan(lower), at_least, np.maximum(lower, at_least))
            upper = np.where(np.isnan(upper), at_most, np.minimum(upper, at_most))
        fixed = [var._fixed for var in variables]
        if True in fixed:
            for j in np.flatnonzero(fixed).tolist():
                lower[j] = upper[j] = float(variables[j].value)
        return lower, upper

    def _sync_rows(self) -> None:
        lower, upper = self._base[0].copy(), self._base[1].copy()
        for i in self.mutable:
            lower[i] = _evaluate(self._lower[i], -INF)
            upper[i] = _evaluate(self._upper[i], INF)
        lower[~self._active] = -INF
        upper[~self._active] = INF
        self._sent_rows = _send_changes(self._sent_rows, lower, upper, self.highs.changeRowsBounds)

    def _sync_objective(self) -> None:
        active = [obj for obj in self.objectives if obj.active]
        if len(active) != 1:
            raise ValueError(f"the model has {len(active)} active objectives; it needs one")
        obj = active[0]
        compiled = self.objectives[obj]
        if obj is not self._sent_objective:
            n = len(self.variables)
            if n:
                self.highs.changeColsCost(n, np.arange(n, dtype=np.int32), compiled.costs)
            sense = highspy.ObjSense.kMaximize if compiled.maximise else highspy.ObjSense.kMinimize
            self.highs.changeObjectiveSense(sense)
            self._sent_objective = obj
        self.highs.changeObjectiveOffset(_evaluate(compiled.offset, 0.0))

    # --- reading the solution -------------------------------------------------------------
    def load_primals(self, values) -> None:
        """Put the solution's values into the model's variables."""
        for var, x in zip(self.variables, values, strict=True):
            var.set_value(x, skip_validation=True)

    @property
    def active(self) -> np.ndarray:
        """Which rows are switched on (at the last sync)."""
        return self._active

    def keys(self, key) -> tuple[list, list]:
        """`key(component data)` of every row and every column, worked out once."""
        if self._keys is None:
            rows = columns = None
            if key is component_key:  # read component by component: the same keys
                rows = _component_keys(self.model, pyo.Constraint, self.constraints)
                columns = _component_keys(self.model, pyo.Var, self.variables)
            self._keys = (
                [key(c) for c in self.constraints] if rows is None else rows,
                [key(v) for v in self.variables] if columns is None else columns,
            )
        return self._keys
