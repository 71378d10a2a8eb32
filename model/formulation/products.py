"""Product balances of each group g: demand (1), repair coverage (2), repairable
purchases (2b), reuse availability (3), collection (4)."""

from __future__ import annotations

from model.data import flows
from model.formulation.family import GE, LE, Family, Row
from model.schema import DFR, RECYCLE, REUSE
from model.schema.units import pct, tonnes


def _demand_rows(system):
    for g in system.groups:
        body = ((flows.N, g, 1.0), *flows.relief(system, g))
        yield g, Row(body, constant=system.demand_t[g])


def _coverage_rows(system):
    for g in system.groups:
        body = tuple(flows.activities(system, g, DFR))
        if body:
            yield g, Row(body, constant=system.demand_t[g])


def _repairable_rows(system):
    for g in system.groups:
        body = tuple(
            (flows.X, s, 1.0 / (1.0 + system.lifetime_extension[s]))
            for s in system.index.of_group.get((g, DFR), ())
        )
        if body:
            yield g, Row(body, ((flows.N, g, 1.0),))


def _reuse_rows(system):
    for g in system.groups:
        body = tuple(flows.activities(system, g, REUSE))
        if body:
            yield g, Row(body, tuple(flows.outflow(system, g, system.reusable_share[g])))


def _collection_rows(system):
    for g in system.groups:
        body = tuple(flows.activities(system, g, REUSE, RECYCLE))
        if body:
            yield g, Row(body, tuple(flows.outflow(system, g, system.collection_rate[g])))


def _demand_scale(system, g) -> float:
    return max(system.demand_t[g], 1.0)


DEMAND = Family(
    "res_demand",
    "1",
    "N_g ≥ D_g − Σ_{S_g^dfr} a_s x_s − Σ_{S_g^reuse} delta_s x_s",
    "t/yr",
    GE,
    "GROUPS",
    _demand_rows,
    lambda data, g: f"demand_t of group {g}",
)
REPAIR_COVERAGE = Family(
    "res_repair_coverage",
    "2",
    "Σ_{S_g^dfr} x_s ≤ D_g",
    "t/yr",
    LE,
    "GROUPS",
    _coverage_rows,
    lambda data, g: (
        f"demand_t of group {g} ({tonnes(data.system.demand_t[g])}) for design for repair"
    ),
    policy=True,
    relax="exceed",
    relax_order=3,
    scale=_demand_scale,
    note="left out where g has no design_for_repair measure",
)
REPAIRABLE_PURCHASES = Family(
    "res_repairable_purchases",
    "2b",
    "Σ_{S_g^dfr} x_s / (1 + e_s) ≤ N_g",
    "t/yr",
    LE,
    "GROUPS",
    _repairable_rows,
    lambda data, g: f"the new purchases of group {g}, of which the repairable designs are part",
    note="left out where g has no design_for_repair measure",
)
REUSE_AVAILABILITY = Family(
    "res_reuse_availability",
    "3",
    "Σ_{S_g^reuse} x_s ≤ rho_g Out_g",
    "t/yr",
    LE,
    "GROUPS",
    _reuse_rows,
    lambda data, g: (
        f"the products of group {g} fit for reuse "
        f"(reusable_share {pct(data.system.reusable_share[g])})"
    ),
    policy=True,
    relax="exceed",
    relax_order=4,
    scale=_demand_scale,
    note="left out where g has no reuse measure",
)
COLLECTION = Family(
    "res_collection",
    "4",
    "Σ_{S_g^reuse ∪ S_g^rec} x_s ≤ col_g Out_g",
    "t/yr",
    LE,
    "GROUPS",
    _collection_rows,
    lambda data, g: (
        f"collection in group {g} (collection_rate {pct(data.system.collection_rate[g])})"
    ),
    policy=True,
    relax="exceed",
    relax_order=5,
    scale=_demand_scale,
    note="left out where g has neither reuse nor recycle measures",
)
