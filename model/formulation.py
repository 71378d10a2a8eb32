"""The linear program of docs/formulation.md as a Pyomo model. No files, no pandas.

`create_model(data)` builds every component once, set up for the scenario. The switches
below re-use that one model (and the persistent solver's warm start) for the baseline
(`use_baseline`: every activity at its minimum, no budget, no recycled-content
obligation), the scenario (`use_scenario`), the other objective (`set_objective`) and the
tie rule (`set_tie`, `clear_tie`). Constraint numbers (1)–(10) follow
docs/formulation.md and ../shared/spec/MODEL.md.
"""

from __future__ import annotations

from collections import defaultdict

import pyomo.core as pyo

from model.data import ModelData

DFR, REUSE, RECYCLE = "design_for_repair", "reuse", "recycle"
TIE_RELATIVE, TIE_ABSOLUTE = 1e-7, 1e-6
FREE = float("inf")  # an infinite row bound: the row is on but cannot bind


class Lookup:
    """Sparse lookups built once, so no constraint scans every measure or material."""

    def __init__(self, data: ModelData):
        self.of_group: dict[tuple[str, str], list[str]] = defaultdict(list)
        for s in data.measures:
            self.of_group[(data.group_of[s], data.type_of[s])].append(s)
        self.composition_of: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for (g, m), w in data.mass_fraction.items():
            if w:
                self.composition_of[m].append((g, w))
        # q_s · y_sm · w_g(s)m: secondary material per tonne recycled
        self.supply_of: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for (s, m), y in data.yield_.items():
            coef = data.quality[s] * y * data.mass_fraction.get((data.group_of[s], m), 0.0)
            if coef:
                self.supply_of[m].append((s, coef))
        self.users_of: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for (s, k), u in data.use_per_t.items():
            if u:
                self.users_of[k].append((s, u))


def create_model(data: ModelData) -> pyo.ConcreteModel:
    """Build the LP of docs/formulation.md for `data`, set up for its scenario."""
    ix = Lookup(data)
    model = pyo.ConcreteModel(name=data.scenario)
    model.lookup = ix  # sparse lookups, reused by the result tables

    # --- sets -------------------------------------------------------------------------
    model.GROUPS = pyo.Set(initialize=data.groups, ordered=True, doc="G: product groups")
    model.MATERIALS = pyo.Set(initialize=data.materials, ordered=True, doc="M: materials")
    model.MEASURES = pyo.Set(initialize=data.measures, ordered=True, doc="S: measures")
    model.CAPACITIES = pyo.Set(initialize=data.capacities, ordered=True, doc="K: capacities")

    # --- parameters ---------------------------------------------------------------------
    model.demand_t = pyo.Param(
        model.GROUPS,
        initialize=data.demand_t,
        doc="D_g: new product bought with no measure active [t/yr]",
    )
    model.collection_rate = pyo.Param(
        model.GROUPS,
        initialize=data.collection_rate,
        doc="col_g: collectable share of the outflow [-]",
    )
    model.reusable_share = pyo.Param(
        model.GROUPS,
        initialize=data.reusable_share,
        doc="rho_g: share of the outflow fit for reuse [-]",
    )
    model.weight = pyo.Param(
        model.MATERIALS,
        initialize=data.weight,
        doc="omega_m: objective weight of primary material [1/t]",
    )
    model.max_secondary_share = pyo.Param(
        model.MATERIALS,
        initialize=data.max_secondary_share,
        doc="kmax_m: largest secondary share of the demand for m [-]",
    )
    model.min_secondary_share = pyo.Param(
        model.MATERIALS,
        initialize=data.min_secondary_share,
        doc="kmin_m: recycled-content obligation, least secondary share of m [-]",
    )
    model.cost_eur_per_t = pyo.Param(
        model.MEASURES, initialize=data.cost_eur_per_t, doc="c_s: cost per tonne of activity [€/t]"
    )
    model.avoided_per_t = pyo.Param(
        model.MEASURES,
        initialize={s: data.avoided_per_t(s) for s in data.lifetime_extension},
        default=0.0,
        doc="a_s = e_s/(1+e_s): avoided purchases per tonne covered [t/t]",
    )
    model.displacement = pyo.Param(
        model.MEASURES,
        initialize=data.displacement,
        default=0.0,
        doc="delta_s: new purchases replaced per tonne reused [t/t]",
    )
    model.capacity_limit = pyo.Param(
        model.CAPACITIES, initialize=data.capacity_limit, doc="Cap_k: capacity available [unit/yr]"
    )
    model.budget_eur = pyo.Param(
        initialize=data.budget_eur or 0.0, mutable=True, doc="B: yearly budget [€/yr]"
    )
    model.target_level = pyo.Param(
        initialize=0.0,
        mutable=True,
        doc="(1 − T) · baseline: most weighted primary use allowed, min_cost [t/yr]",
    )

    # --- variables --------------------------------------------------------------------
    def activity_bounds(model, s):
        return (data.min_t[s], data.max_t[s])

    model.Activity = pyo.Var(
        model.MEASURES,
        domain=pyo.NonNegativeReals,
        bounds=activity_bounds,
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

    x = model.Activity

    # --- derived quantities -----------------------------------------------------------
    def outflow(model, g):
        return model.NewPurchases[g] + sum(x[s] for s in ix.of_group[(g, REUSE)])

    model.Outflow = pyo.Expression(
        model.GROUPS, rule=outflow, doc="Out_g = N_g + Σ_{s∈S_g^reuse} x_s [t/yr]"
    )
    model.GrossDemand = pyo.Expression(
        model.MATERIALS,
        rule=lambda model, m: sum(w * model.NewPurchases[g] for g, w in ix.composition_of[m]),
        doc="Gross_m = Σ_g w_gm N_g [t/yr]",
    )
    model.SecondarySupply = pyo.Expression(
        model.MATERIALS,
        rule=lambda model, m: sum(coef * x[s] for s, coef in ix.supply_of[m]),
        doc="Sec_m = Σ_{s recycle} q_s y_sm w_g(s)m x_s [t/yr]",
    )
    model.PrimaryUse = pyo.Expression(
        model.MATERIALS,
        rule=lambda model, m: model.GrossDemand[m] - model.SecondaryUse[m],
        doc="P_m = Gross_m − U_m [t/yr]",
    )
    model.WeightedPrimaryUse = pyo.Expression(
        expr=sum(model.weight[m] * model.PrimaryUse[m] for m in model.MATERIALS),
        doc="Σ_m omega_m P_m [weighted t/yr]",
    )
    model.TotalCost = pyo.Expression(
        expr=sum(model.cost_eur_per_t[s] * x[s] for s in model.MEASURES), doc="Σ_s c_s x_s [€/yr]"
    )

    # --- constraints ------------------------------------------------------------------
    def res_demand(model, g):
        relief = sum(model.avoided_per_t[s] * x[s] for s in ix.of_group[(g, DFR)]) + sum(
            model.displacement[s] * x[s] for s in ix.of_group[(g, REUSE)]
        )
        return model.NewPurchases[g] + relief >= model.demand_t[g]

    model.res_demand = pyo.Constraint(
        model.GROUPS,
        rule=res_demand,
        doc="(1) N_g ≥ D_g − Σ_{S_g^dfr} a_s x_s − Σ_{S_g^reuse} delta_s x_s [t/yr]",
    )

    def res_repair_coverage(model, g):
        covered = ix.of_group[(g, DFR)]
        if not covered:
            return pyo.Constraint.Skip
        return sum(x[s] for s in covered) <= model.demand_t[g]

    model.res_repair_coverage = pyo.Constraint(
        model.GROUPS, rule=res_repair_coverage, doc="(2) Σ_{S_g^dfr} x_s ≤ D_g [t/yr]"
    )

    def res_reuse_availability(model, g):
        reused = ix.of_group[(g, REUSE)]
        if not reused:
            return pyo.Constraint.Skip
        return sum(x[s] for s in reused) <= model.reusable_share[g] * model.Outflow[g]

    model.res_reuse_availability = pyo.Constraint(
        model.GROUPS, rule=res_reuse_availability, doc="(3) Σ_{S_g^reuse} x_s ≤ rho_g Out_g [t/yr]"
    )

    def res_collection(model, g):
        collected = ix.of_group[(g, REUSE)] + ix.of_group[(g, RECYCLE)]
        if not collected:
            return pyo.Constraint.Skip
        return sum(x[s] for s in collected) <= model.collection_rate[g] * model.Outflow[g]

    model.res_collection = pyo.Constraint(
        model.GROUPS,
        rule=res_collection,
        doc="(4) Σ_{S_g^reuse ∪ S_g^rec} x_s ≤ col_g Out_g [t/yr]",
    )

    model.res_secondary_supply = pyo.Constraint(
        model.MATERIALS,
        rule=lambda model, m: model.SecondaryUse[m] <= model.SecondarySupply[m],
        doc="(5) U_m ≤ Sec_m [t/yr]",
    )
    model.res_recycled_content_max = pyo.Constraint(
        model.MATERIALS,
        rule=lambda model, m: (
            model.SecondaryUse[m] <= model.max_secondary_share[m] * model.GrossDemand[m]
        ),
        doc="(6) U_m ≤ kmax_m Gross_m [t/yr]",
    )

    def res_recycled_content_min(model, m):
        if not model.min_secondary_share[m]:
            return pyo.Constraint.Skip
        return model.SecondaryUse[m] >= model.min_secondary_share[m] * model.GrossDemand[m]

    model.res_recycled_content_min = pyo.Constraint(
        model.MATERIALS,
        rule=res_recycled_content_min,
        doc="(7) U_m ≥ kmin_m Gross_m [t/yr]; off in the baseline",
    )

    model.res_budget = pyo.Constraint(
        expr=model.TotalCost <= model.budget_eur,
        doc="(8) Σ_s c_s x_s ≤ B [€/yr]; off when budget_eur is blank, and in the baseline",
    )

    def res_capacity(model, k):
        users = ix.users_of[k]
        if not users:
            return pyo.Constraint.Skip
        return sum(u * x[s] for s, u in users) <= model.capacity_limit[k]

    model.res_capacity = pyo.Constraint(
        model.CAPACITIES, rule=res_capacity, doc="(9) Σ_s u_sk x_s ≤ Cap_k [unit/yr]"
    )

    # --- objectives, target and tie rule ----------------------------------------------
    model.obj_primary = pyo.Objective(
        expr=model.WeightedPrimaryUse,
        sense=pyo.minimize,
        doc="min_primary: min Σ_m omega_m P_m [weighted t/yr]",
    )
    model.obj_cost = pyo.Objective(
        expr=model.TotalCost, sense=pyo.minimize, doc="min_cost: min Σ_s c_s x_s [€/yr]"
    )
    model.res_target = pyo.Constraint(
        expr=model.WeightedPrimaryUse <= model.target_level,
        doc="(T) Σ_m omega_m P_m ≤ (1 − T) · baseline [weighted t/yr]; min_cost only",
    )
    model.tie_level = pyo.Param(
        initialize=0.0,
        mutable=True,
        doc="first optimum · (1 + 1e-7) + 1e-6 [the first objective's unit]",
    )
    model.res_tie_primary = pyo.Constraint(
        expr=model.WeightedPrimaryUse <= model.tie_level,
        doc="(tie) Σ_m omega_m P_m ≤ z* (1 + 1e-7) + 1e-6 [weighted t/yr]; 2nd solve only",
    )
    model.res_tie_cost = pyo.Constraint(
        expr=model.TotalCost <= model.tie_level,
        doc="(tie) Σ_s c_s x_s ≤ z* (1 + 1e-7) + 1e-6 [€/yr]; 2nd solve only",
    )
    use_scenario(model, data)
    return model


def set_objective(model: pyo.ConcreteModel, name: str) -> None:
    """Minimise weighted primary use ("min_primary") or cost ("min_cost")."""
    model.objective_name = name
    first, second = _objectives(model)
    second.deactivate()
    first.activate()


def use_scenario(model: pyo.ConcreteModel, data: ModelData) -> None:
    """The scenario as the workbook states it: activities within [min_t, max_t], the
    budget if one is given, the obligations, the target for min_cost, no tie row."""
    for s, var in model.Activity.items():
        var.setlb(data.min_t[s])
        var.setub(data.max_t[s])
    _switch(model.res_budget, data.budget_eur is not None)
    for con in model.res_recycled_content_min.values():
        con.activate()
    _switch(model.res_target, data.objective == "min_cost")
    set_objective(model, data.objective)
    clear_tie(model)


def use_baseline(model: pyo.ConcreteModel, data: ModelData) -> None:
    """Current practice: every activity fixed at min_t, no budget, no obligation,
    least weighted primary use."""
    for s, var in model.Activity.items():
        var.setlb(data.min_t[s])
        var.setub(data.min_t[s])
    model.res_budget.deactivate()
    for con in model.res_recycled_content_min.values():
        con.deactivate()
    model.res_target.deactivate()
    set_objective(model, "min_primary")
    clear_tie(model)


def _switch(component, on: bool) -> None:
    if on:
        component.activate()
    else:
        component.deactivate()


def set_target(model: pyo.ConcreteModel, data: ModelData, baseline_weighted: float) -> None:
    """min_cost: the most weighted primary use allowed, (1 − T) · baseline."""
    model.target_level.set_value((1.0 - (data.reduction_target or 0.0)) * baseline_weighted)


def _objectives(model: pyo.ConcreteModel) -> tuple[pyo.Objective, pyo.Objective]:
    """(current, other): the objective in use and the tie rule's second one."""
    if model.objective_name == "min_primary":
        return model.obj_primary, model.obj_cost
    return model.obj_cost, model.obj_primary


def set_tie(model: pyo.ConcreteModel, optimum: float) -> None:
    """Second solve of the tie rule: keep the current objective within its optimum and
    minimise the other one (cost for min_primary, weighted primary use for min_cost)."""
    first, second = _objectives(model)
    model.tie_level.set_value(tie_level(optimum))
    tie = model.res_tie_primary if model.objective_name == "min_primary" else model.res_tie_cost
    tie.activate()
    first.deactivate()
    second.activate()


def tie_level(optimum: float) -> float:
    """z* (1 + 1e-7) + 1e-6: how far the first objective may move in the second solve."""
    return optimum * (1 + TIE_RELATIVE) + TIE_ABSOLUTE


def clear_tie(model: pyo.ConcreteModel) -> None:
    """Back to the first solve: the current objective alone, no tie row."""
    first, second = _objectives(model)
    model.res_tie_primary.deactivate()
    model.res_tie_cost.deactivate()
    second.deactivate()
    first.activate()
