"""The numbers of a ModelData that can be set one by one, by their workbook name (an
uncertainty ensemble's draws, `model.data.values`): sheet.column → (the part of
ModelData that holds it, its field). Plain data; the pathway reads it to name a
parameter's field, the values module to set one."""

from __future__ import annotations

# sheet.column → (part of ModelData, its field)
SETTABLE: dict[str, tuple[str, str]] = {
    "settings.budget_eur": ("settings", "budget_eur"),
    "settings.reduction_target": ("settings", "reduction_target"),
    "groups.demand_t": ("system", "demand_t"),
    "groups.collection_rate": ("system", "collection_rate"),
    "groups.reusable_share": ("system", "reusable_share"),
    "materials.weight": ("system", "weight"),
    "materials.max_secondary_share": ("system", "max_secondary_share"),
    "materials.min_secondary_share": ("system", "min_secondary_share"),
    "materials.outside_secondary_t": ("system", "outside_secondary_t"),
    "materials.outside_secondary_cost_eur_per_t": ("system", "outside_cost_eur_per_t"),
    "materials.max_primary_t": ("system", "max_primary_t"),
    "composition.mass_fraction": ("system", "mass_fraction"),
    "substitutes.mass_fraction": ("system", "design_fraction"),
    "measures.cost_eur_per_t": ("system", "cost_eur_per_t"),
    "measures.min_t": ("system", "min_t"),
    "measures.max_t": ("system", "max_t"),
    "measures.lifetime_extension": ("system", "lifetime_extension"),
    "measures.displacement": ("system", "displacement"),
    "measures.quality": ("system", "quality"),
    "recycling_yields.yield": ("system", "yield_"),
    "capacities.limit": ("system", "capacity_limit"),
    "capacity_use.use_per_t": ("system", "use_per_t"),
    "requirements.min_share": ("system", "min_share"),
    "groups.lifetime_years": ("pathway", "lifetime_years"),
    "groups.lifetime_shape": ("pathway", "lifetime_shape"),
    "capacities.build_cost_eur_per_unit": ("pathway", "build_cost"),
    "capacities.max_build_per_year": ("pathway", "max_build"),
}
