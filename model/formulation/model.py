"""The linear program of docs/formulation.md as a Pyomo model. No files, no pandas.

`create_model(data)` declares the sets, the variables, the mutable levels and the two
objectives over the years of `data`'s time model (one representative year, or a
pathway's t0 … t1), then one Pyomo constraint per family of
`model.formulation.families`, each row built from the family's plain terms. The model is
then set up for the scenario; `model.formulation.modes` switches it for every other
solve of a run.
"""

from __future__ import annotations

import pyomo.core as pyo
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression

from model.data import flows as terms
from model.data.flows import Flows
from model.data.model_data import ModelData
from model.data.time_model import time_model
from model.formulation.families import families
from model.formulation.family import EQ, GE, SETS, Family, Row
from model.formulation.modes import use_scenario
from model.formulation.sparse import SparseConstraint

# Each objective's terms: what it minimises (the same flows the results evaluate).
OBJECTIVES = {"obj_primary": Flows.total_weighted_primary, "obj_cost": Flows.total_cost}

# (set, what it holds, its symbol): the items each variable and family is over.
ITEMS = (
    ("GROUPS", "groups", "G: product groups"),
    ("MATERIALS", "materials", "M: materials"),
    ("MEASURES", "measures", "S: measures"),
    ("CAPACITIES", "capacities", "K: capacities"),
    ("REQUIREMENTS", "requirements", "R: requirements on a group"),
    (
        "DESIGNS",
        "designs",
        "V: designs, each group's standard one (named by the group) and each substitute's",
    ),
    (
        "SPLITS",
        "splits",
        "(r, v): reuse and recycle measures of groups with substitutes, by design",
    ),
)


# (name, the items it is over, its doc): the variables of both time models, in order.
VARIABLES = (
    (terms.X, "MEASURES", "x_{s,t}: activity of measure s in year t, lo ≤ x ≤ up (10) [t/yr]"),
    (
        terms.N,
        "GROUPS",
        "N_{g,t}: new product bought in year t (a pathway: of standard design) [t/yr]",
    ),
    (terms.U, "MATERIALS", "U_{m,t}: secondary material used in place of primary [t/yr]"),
    (
        terms.OUTSIDE,
        "MATERIALS",
        "I_{m,t}: secondary material from outside the groups, I ≤ imax_{m,t} (10) [t/yr]",
    ),
    (
        terms.SPLIT,
        "SPLITS",
        "x_{r,v,t}: reuse or recycling r of products of design v, Σ_v x_{r,v,t} = "
        "x_{r,t} (4b) [t/yr]",
    ),
)


def create_model(data: ModelData, *, set_up: bool = True) -> pyo.ConcreteModel:
    """Build the LP of docs/formulation.md for `data` over its years (PATHWAY.md where
    `data.pathway` says it is a pathway), set up for its scenario (`set_up`; a caller
    that switches it to the baseline first, as `run.optimise.Session` does, skips it)."""
    flows = time_model(data)
    system, over = data.system, SETS[flows.name]
    model = pyo.ConcreteModel(name=data.settings.scenario)
    years = list(flows.years)

    # --- sets: items, or (item, year) pairs over a pathway's years ----------------------
    horizon = HORIZONS[flows.name]  # what only a pathway declares
    index, by_year = horizon.declare_years(model, years)
    for name, field, doc in ITEMS:
        keys = [flows.key(i, t) for i in getattr(system, field) for t in years]
        model.add_component(
            over[name], pyo.Set(initialize=keys, ordered=True, doc=f"{doc}{by_year}")
        )

    # --- mutable levels: changed between solves without rebuilding --------------------
    model.budget_eur = pyo.Param(
        *index,
        initialize=data.settings.budget_eur or 0.0,
        mutable=True,
        doc="B_t: the budget of year t [€/yr]",
    )
    model.target_level = pyo.Param(
        *index,
        initialize=0.0,
        mutable=True,
        doc="(1 − T_t) · Base_t: most weighted primary use allowed in t, min_cost [weighted t/yr]",
    )
    model.tie_level = pyo.Param(
        initialize=0.0,
        mutable=True,
        doc="first optimum · (1 + 1e-7) + 1e-6 [the first objective's unit]",
    )

    # --- variables (their bounds are set by the modes) --------------------------------
    for name, items, doc in VARIABLES:
        model.add_component(
            name,
            pyo.Var(model.component(over[items]), domain=pyo.NonNegativeReals, doc=doc),
        )
    names = [name for name, _items, _doc in VARIABLES]
    names += horizon.declare_building(model, data, years)
    model.variables_by_name = {name: model.component(name) for name in names}
    variable = _variable_of(model)

    # --- objectives -------------------------------------------------------------------
    model.obj_primary = pyo.Objective(
        expr=LinearExpression(_linear(variable, OBJECTIVES["obj_primary"](flows))),
        sense=pyo.minimize,
        doc="min_primary: min Σ_t Σ_m omega_m P_{m,t} [weighted t]",
    )
    model.obj_cost = pyo.Objective(
        expr=LinearExpression(_linear(variable, OBJECTIVES["obj_cost"](flows))),
        sense=pyo.minimize,
        doc="min_cost: min Σ_t d_t Cost_t [€, discounted to t0; one year: €/yr]",
    )
    horizon.declare_range(model)

    # --- constraints: one component per family, in the order of docs/formulation.md ----
    for family in families(flows.name):
        _add_family(model, flows, family, variable)

    flows.forget_totals()  # the objectives' terms are in the model now: their memory back
    if set_up:
        use_scenario(model, flows)
    return model


class OneYear:
    """One representative year: its levels are single numbers, nothing is built, and its
    budget range needs no objective of its own (`run.budget` moves the budget)."""

    @staticmethod
    def declare_years(model: pyo.ConcreteModel, years: list) -> tuple[list, str]:
        """No set of years: (the levels' index, how the sets' docs say it)."""
        return [], ""

    @staticmethod
    def declare_building(model: pyo.ConcreteModel, data: ModelData, years: list) -> list:
        """Nothing built: no variables."""
        return []

    @staticmethod
    def declare_range(model: pyo.ConcreteModel) -> None:
        """No objective for the budget range."""


class OverYears:
    """What only a pathway declares (PATHWAY.md): its years, the capacity built in each
    year and one factor on every year's budgets, with the objective of its budget
    range."""

    @staticmethod
    def declare_years(model: pyo.ConcreteModel, years: list) -> tuple[list, str]:
        """The set Y: (the levels' index, how the sets' docs say it)."""
        model.YEARS = pyo.Set(initialize=years, ordered=True, doc="Y: t0 … t1")
        return [model.YEARS], " × Y"

    @staticmethod
    def declare_building(model: pyo.ConcreteModel, data: ModelData, years: list) -> list:
        """Z_{k,t} and theta; returns their names."""
        return _declare_building(model, data, years)

    @staticmethod
    def declare_range(model: pyo.ConcreteModel) -> None:
        """min theta, off but in the budget range."""
        model.obj_factor = pyo.Objective(
            expr=model.BudgetFactor,
            sense=pyo.minimize,
            doc="the budget range: min theta, the least factor on every year's budget [-]",
        )
        model.obj_factor.deactivate()


# Each time model's own declarations, beside the families' (`family.SETS`, `READS`).
HORIZONS = {"steady": OneYear, "cohorts": OverYears}


def _declare_building(model: pyo.ConcreteModel, data: ModelData, years: list) -> list[str]:
    """The capacity built in each year Z_{k,t} and the factor theta on every year's
    budget (PATHWAY.md). Returns the names of the variables."""
    buildable = [k for k in data.system.capacities if k in data.pathway.build_cost]
    model.BUILD_YEARS = pyo.Set(
        initialize=[(k, t) for k in buildable for t in years],
        ordered=True,
        doc="K_build × Y: capacities that can be built",
    )
    model.Build = pyo.Var(
        model.BUILD_YEARS,
        domain=pyo.NonNegativeReals,
        doc="Z_{k,t}: capacity k built in year t, Z ≤ zmax_k (10) [unit]",
    )
    model.BudgetFactor = pyo.Var(
        domain=pyo.NonNegativeReals,
        bounds=(1.0, 1.0),
        doc="theta: the factor on every year's budget, 1 but in the budget range [-]",
    )
    return [terms.BUILD, terms.FACTOR]


def _linear(variable, terms, sign: float = 1.0) -> list:
    """The monomials sign · coefficient · variable of (variable, key, coefficient) terms,
    one per variable: its coefficients summed in the order they come, as Pyomo's compile
    would sum them (an objective over a pathway's years names each purchase once per
    material it holds). Terms the model uses twice (an objective and its tie row, the
    same tuple) are turned into monomials once."""
    shared = variable.shared.get(id(terms))
    if sign == 1.0 and shared is not None and shared[0] is terms:
        return list(shared[1])
    # Summed per variable name, then per key: a term's key is hashed once (a (name,
    # key) pair would be made and hashed for each look-up); the positions keep the
    # order in which each variable first comes, the coefficients are summed as before.
    at: dict[str, dict[object, int]] = {}  # name → key → position
    names, keys, coefs = [], [], []
    for var, key, c in terms:
        c = sign * c
        positions = at.get(var)
        if positions is None:
            positions = at[var] = {}
        k = positions.get(key)
        if k is None:
            positions[key] = len(coefs)
            names.append(var)
            keys.append(key)
            coefs.append(c)
        else:
            coefs[k] = coefs[k] + c
    out = [
        MonomialTermExpression((c, variable(var, key)))
        for var, key, c in zip(names, keys, coefs, strict=True)
    ]
    if sign == 1.0 and isinstance(terms, tuple):
        variable.shared[id(terms)] = (terms, out)
    return out


def _rhs(model: pyo.ConcreteModel, row: Row):
    """The row's right-hand side: its constant, plus the mutable level it names."""
    rhs = row.constant
    if row.parameter is not None:
        if isinstance(row.parameter, tuple):  # (name, index) of an indexed level
            name, index = row.parameter
            level = model.component(name)[index]
        else:
            level = model.component(row.parameter)
        rhs = level if not rhs else rhs + level
    return rhs


def _relation(model: pyo.ConcreteModel, family: Family, row: Row, variable):
    """body − limit terms (sense) constant + parameter, as a Pyomo relational expression
    (a family over no set: one row)."""
    lhs = LinearExpression(_linear(variable, row.body) + _linear(variable, row.limit, -1.0))
    rhs = _rhs(model, row)
    if family.sense == EQ:
        return lhs == rhs
    return lhs >= rhs if family.sense == GE else lhs <= rhs


def _add_family(model: pyo.ConcreteModel, flows: Flows, family: Family, variable) -> None:
    """The family's rows as one Pyomo constraint (over a set: a SparseConstraint, its
    rows kept as arrays); a row without terms is left out."""
    if family.over is None:
        ((_, row),) = family.rows(flows)
        relation = _relation(model, family, row, variable)
        model.add_component(family.name, pyo.Constraint(expr=relation, doc=family.doc))
        return
    component = SparseConstraint(model.component(family.over), doc=family.doc)
    model.add_component(family.name, component)
    component.add_rows(
        variable,
        (
            (index, row.body, row.limit, _rhs(model, row))
            for index, row in family.rows(flows)
            if row.body
        ),
        family.sense,
    )


def _variable_of(model: pyo.ConcreteModel):
    """(variable name, key) → VarData, each looked up in Pyomo once per model; its
    `shared` holds the monomials of terms used twice, for this build only."""
    known: dict[tuple[str, object], object] = {}
    variables = model.variables_by_name

    def variable(name: str, key):
        found = known.get((name, key))
        if found is None:
            found = known[(name, key)] = variables[name][key]
        return found

    variable.shared = {}  # id(terms) → (terms, monomials)
    return variable
