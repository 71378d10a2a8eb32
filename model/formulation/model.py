"""The linear program of docs/formulation.md as a Pyomo model. No files, no pandas.

`create_model(data)` declares the sets, the variables, the mutable levels and the two
objectives, then one Pyomo constraint per family of `model.formulation.families`, each
row built from the family's plain terms. The model is then set up for the scenario;
`model.formulation.modes` switches it for every other solve of a run.
"""

from __future__ import annotations

import pyomo.core as pyo
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression

from model.data import cohorts, flows
from model.data.model_data import ModelData
from model.formulation.families import FAMILIES
from model.formulation.family import EQ, GE, Family, Row
from model.formulation.modes import use_scenario
from model.formulation.pathway import (
    PATHWAY_FAMILIES,
    discounted_cost_terms,
    weighted_primary_terms,
)
from model.formulation.sparse import SparseConstraint

# Each objective's terms: what it minimises (the same flows the results evaluate).
OBJECTIVES = {"obj_primary": flows.weighted_primary, "obj_cost": flows.cost}
PATHWAY_OBJECTIVES = {"obj_primary": weighted_primary_terms, "obj_cost": discounted_cost_terms}


def create_model(data: ModelData) -> pyo.ConcreteModel:
    """Build the LP of docs/formulation.md for `data`, set up for its scenario (a
    pathway's, over its years, where `data.pathway` says it is one)."""
    if data.pathway is not None:
        return create_pathway_model(data)
    system = data.system
    model = pyo.ConcreteModel(name=data.settings.scenario)

    # --- sets -------------------------------------------------------------------------
    model.GROUPS = pyo.Set(initialize=system.groups, ordered=True, doc="G: product groups")
    model.MATERIALS = pyo.Set(initialize=system.materials, ordered=True, doc="M: materials")
    model.MEASURES = pyo.Set(initialize=system.measures, ordered=True, doc="S: measures")
    model.CAPACITIES = pyo.Set(initialize=system.capacities, ordered=True, doc="K: capacities")
    model.REQUIREMENTS = pyo.Set(
        initialize=system.requirements, ordered=True, doc="R: requirements on a group"
    )

    # --- mutable levels: changed between solves without rebuilding --------------------
    model.budget_eur = pyo.Param(
        initialize=data.settings.budget_eur or 0.0, mutable=True, doc="B: yearly budget [€/yr]"
    )
    model.target_level = pyo.Param(
        initialize=0.0,
        mutable=True,
        doc="(1 − T) · baseline: most weighted primary use allowed, min_cost [weighted t/yr]",
    )
    model.tie_level = pyo.Param(
        initialize=0.0,
        mutable=True,
        doc="first optimum · (1 + 1e-7) + 1e-6 [the first objective's unit]",
    )

    # --- variables --------------------------------------------------------------------
    model.Activity = pyo.Var(
        model.MEASURES,
        domain=pyo.NonNegativeReals,
        bounds=lambda model, s: (system.min_t[s], system.max_t[s]),
        doc="x_s: activity of measure s, lo_s ≤ x_s ≤ up_s (10) [t/yr]",
    )
    model.NewPurchases = pyo.Var(
        model.GROUPS, domain=pyo.NonNegativeReals, doc="N_g: new product bought [t/yr]"
    )
    model.SecondaryUse = pyo.Var(
        model.MATERIALS,
        domain=pyo.NonNegativeReals,
        doc="U_m: secondary material used in place of primary [t/yr]",
    )
    model.OutsideSecondary = pyo.Var(
        model.MATERIALS,
        domain=pyo.NonNegativeReals,
        bounds=lambda model, m: (0.0, system.outside_secondary_t.get(m, 0.0)),
        doc="I_m: secondary material from outside the groups, I_m ≤ imax_m (10) [t/yr]",
    )
    model.variables_by_name = {
        name: model.component(name) for name in (flows.X, flows.N, flows.U, flows.OUTSIDE)
    }
    variable = _variable_of(model)

    # --- objectives -------------------------------------------------------------------
    model.WeightedPrimaryUse = pyo.Expression(
        expr=LinearExpression(_linear(variable, OBJECTIVES["obj_primary"](system))),
        doc="Σ_m omega_m P_m = Σ_m omega_m (Σ_g w_gm N_g − U_m) [weighted t/yr]",
    )
    model.TotalCost = pyo.Expression(
        expr=LinearExpression(_linear(variable, OBJECTIVES["obj_cost"](system))),
        doc="Σ_s c_s x_s + Σ_m ci_m I_m [€/yr]",
    )
    model.obj_primary = pyo.Objective(
        expr=model.WeightedPrimaryUse,
        sense=pyo.minimize,
        doc="min_primary: min Σ_m omega_m P_m [weighted t/yr]",
    )
    model.obj_cost = pyo.Objective(
        expr=model.TotalCost,
        sense=pyo.minimize,
        doc="min_cost: min Σ_s c_s x_s + Σ_m ci_m I_m [€/yr]",
    )

    # --- constraints: one component per family, in the order of docs/formulation.md ----
    for family in FAMILIES:
        _add_family(model, system, family, variable)

    use_scenario(model, data)
    return model


def create_pathway_model(data: ModelData) -> pyo.ConcreteModel:
    """The pathway LP of PATHWAY.md over the years of `data.pathway`: every variable and
    row of the one-year model for each year t, the cohort sums of `model.data.cohorts`,
    capacity building; set up for its scenario."""
    system, pathway = data.system, data.pathway
    model = pyo.ConcreteModel(name=data.settings.scenario)
    years = list(pathway.years)
    buildable = [k for k in system.capacities if k in pathway.build_cost]

    # --- sets -------------------------------------------------------------------------
    model.YEARS = pyo.Set(initialize=years, ordered=True, doc="Y: t0 … t1")
    pairs = {
        "GROUP_YEARS": (system.groups, "G × Y"),
        "MATERIAL_YEARS": (system.materials, "M × Y"),
        "MEASURE_YEARS": (system.measures, "S × Y"),
        "CAPACITY_YEARS": (system.capacities, "K × Y"),
        "BUILD_YEARS": (buildable, "K_build × Y: capacities that can be built"),
        "REQUIREMENT_YEARS": (system.requirements, "R × Y"),
    }
    for name, (items, doc) in pairs.items():
        model.add_component(
            name,
            pyo.Set(initialize=[(i, t) for i in items for t in years], ordered=True, doc=doc),
        )

    # --- mutable levels ---------------------------------------------------------------
    model.budget_eur = pyo.Param(
        model.YEARS, initialize=0.0, mutable=True, doc="B_t: the budget of year t [€/yr]"
    )
    model.target_level = pyo.Param(
        model.YEARS,
        initialize=0.0,
        mutable=True,
        doc="(1 − T_t) · Base_t: most weighted primary use allowed in t, min_cost [weighted t/yr]",
    )
    model.tie_level = pyo.Param(
        initialize=0.0,
        mutable=True,
        doc="first optimum · (1 + 1e-7) + 1e-6 [the first objective's unit]",
    )

    # --- variables (bounds are set by the modes) --------------------------------------
    model.Activity = pyo.Var(
        model.MEASURE_YEARS,
        domain=pyo.NonNegativeReals,
        doc="x_{s,t}: activity of measure s in year t, lo ≤ x ≤ up (10) [t/yr]",
    )
    model.NewPurchases = pyo.Var(
        model.GROUP_YEARS,
        domain=pyo.NonNegativeReals,
        doc="N_{g,t}: new product of standard design bought in year t [t/yr]",
    )
    model.SecondaryUse = pyo.Var(
        model.MATERIAL_YEARS, domain=pyo.NonNegativeReals, doc="U_{m,t}: secondary m used [t/yr]"
    )
    model.OutsideSecondary = pyo.Var(
        model.MATERIAL_YEARS,
        domain=pyo.NonNegativeReals,
        doc="I_{m,t}: secondary m from outside the groups, I ≤ imax_{m,t} (10) [t/yr]",
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
    model.variables_by_name = {
        name: model.component(name)
        for name in (flows.X, flows.N, flows.U, flows.OUTSIDE, cohorts.BUILD, cohorts.FACTOR)
    }
    variable = _variable_of(model)

    # --- objectives -------------------------------------------------------------------
    model.obj_primary = pyo.Objective(
        expr=LinearExpression(_linear(variable, PATHWAY_OBJECTIVES["obj_primary"](data))),
        sense=pyo.minimize,
        doc="min_primary: min Σ_t Σ_m omega_m P_{m,t} [weighted t]",
    )
    model.obj_cost = pyo.Objective(
        expr=LinearExpression(_linear(variable, PATHWAY_OBJECTIVES["obj_cost"](data))),
        sense=pyo.minimize,
        doc="min_cost: min Σ_t d_t Cost_t [€, discounted to t0]",
    )
    model.obj_factor = pyo.Objective(
        expr=model.BudgetFactor,
        sense=pyo.minimize,
        doc="the budget range: min theta, the least factor on every year's budget [-]",
    )
    model.obj_factor.deactivate()

    # --- constraints ------------------------------------------------------------------
    for family in PATHWAY_FAMILIES:
        _add_family(model, data, family, variable)

    use_scenario(model, data)
    return model


def _linear(variable, terms, sign: float = 1.0) -> list:
    """The monomials sign · coefficient · variable of (variable, key, coefficient) terms,
    one per variable: its coefficients summed in the order they come, as Pyomo's compile
    would sum them (an objective over a pathway's years names each purchase once per
    material it holds)."""
    merged: dict[tuple[str, object], float] = {}
    for var, key, c in terms:
        c = sign * c
        merged[(var, key)] = merged[(var, key)] + c if (var, key) in merged else c
    return [MonomialTermExpression((c, variable(var, key))) for (var, key), c in merged.items()]


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


def _add_family(model: pyo.ConcreteModel, source, family: Family, variable) -> None:
    """The family's rows as one Pyomo constraint (over a set: a SparseConstraint, its
    rows kept as arrays); a row without terms is left out. `source`: what the family's
    rows are built from (the System of one year, the whole ModelData of a pathway)."""
    if family.over is None:
        ((_, row),) = family.rows(source)
        relation = _relation(model, family, row, variable)
        model.add_component(family.name, pyo.Constraint(expr=relation, doc=family.doc))
        return
    component = SparseConstraint(model.component(family.over), doc=family.doc)
    model.add_component(family.name, component)
    component.add_rows(
        variable,
        (
            (index, row.body, row.limit, _rhs(model, row))
            for index, row in family.rows(source)
            if row.body
        ),
        family.sense,
    )


def _variable_of(model: pyo.ConcreteModel):
    """(variable name, key) → VarData, each looked up in Pyomo once per model."""
    known: dict[tuple[str, object], object] = {}
    variables = model.variables_by_name

    def variable(name: str, key):
        found = known.get((name, key))
        if found is None:
            found = known[(name, key)] = variables[name][key]
        return found

    return variable
