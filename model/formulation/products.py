"""Product balances of each group g in each year t: demand or service (1), repair
coverage (2), repairable purchases (2b, one year), reuse availability (3),
collection (4)."""

from __future__ import annotations

from model.data.flows import X
from model.formulation.family import EQ, GE, LE, Family, Row, in_year
from model.schema.measure_types import BY_TYPE, types_that
from model.schema.units import pct, tonnes

COVERING = types_that("covers_demand")  # design for repair: demand served by that design
# repairable designs: bought new in place of the standard one, counted in N_g in one year
BOUGHT = tuple(t for t in types_that("bought") if t not in types_that("design"))


def _service_rows(flows):
    for g in flows.system.groups:
        for t in flows.years:
            body, constant = flows.service(g, t)
            yield flows.key(g, t), Row(body, constant=constant)


DEMAND = Family(
    "res_demand",
    "1",
    "N_g ≥ D_g − Σ_{S_g^dfr} a_s x_s − Σ_{S_g^reuse} delta_s x_s",
    "t/yr",
    GE,
    "GROUPS",
    _service_rows,
    lambda data, g: f"demand_t of group {g}",
    pathway=dict(
        name="res_service",
        equation="Stock_{g,t} = BaseStock_{g,t}",
        unit="t in use",
        sense=EQ,
        named=lambda data, key: (
            f"the service of {in_year(*key)} (the products in use without measures)"
        ),
    ),
)


def _having(flows, *kinds):
    """The groups with a measure of one of the given types."""
    of_group = flows.system.index.of_group
    return [g for g in flows.system.groups if any(of_group.get((g, kind)) for kind in kinds)]


def _coverage_rows(flows):
    for g in _having(flows, *COVERING):
        for t in flows.years:
            body = tuple(flows.activities(g, t, *COVERING))
            yield flows.key(g, t), Row(body, constant=flows.demand(g, t))


def _demand_scale(flows, key) -> float:
    return max(flows.demand(*flows.split(key)), 1.0)


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
    scale=_demand_scale,
    note="left out where g has no design_for_repair measure",
    pathway=dict(named=lambda data, key: f"the demand of {in_year(*key)} for design for repair"),
)


def _repairable_rows(flows):
    system = flows.system
    for g in _having(flows, *BOUGHT):
        for t in flows.years:
            body = tuple(
                (X, flows.key(s, t), BY_TYPE[kind].bought(system.parameter(s)))
                for kind in BOUGHT
                for s in system.index.of_group.get((g, kind), ())
            )
            yield flows.key(g, t), Row(body, tuple(flows.standard(g, t)))


REPAIRABLE_PURCHASES = Family(
    "res_repairable_purchases",
    "2b",
    "Σ_{S_g^dfr} x_s / (1 + e_s) ≤ N_g",
    "t/yr",
    LE,
    "GROUPS",
    _repairable_rows,
    lambda data, g: f"the new purchases of group {g}, of which the repairable designs are part",
    note="left out where g has no design_for_repair measure; one year only (a pathway "
    "counts the repairable designs bought apart from N_{g,t})",
    only="steady",
)


def _share_of_outflow_rows(kinds: tuple[str, ...], share_of: str):
    """Rows on a share of the outflow, for each design v of the groups with a measure of
    the kinds: Σ_{S_g^kind} x_{r,v,t} ≤ share_{g,t} Out_{g,v,t} (a group of one design:
    its key is the group)."""

    def rows(flows):
        designs_of = flows.system.index.designs_of
        for g in _having(flows, *kinds):
            for v in designs_of[g]:
                for t in flows.years:
                    share = flows.value(share_of, g, t)
                    body = tuple(flows.on_designs(v, t, *kinds))
                    limit, constant = flows.outflow(v, t, share)
                    yield flows.key(v, t), Row(body, limit, constant=constant)

    return rows


def _design(data, v) -> str:
    """Design v in words: "g" (the standard one of group g) or "g of design v"."""
    g = data.system.index.design_group[v]
    return g if v == g else f"{g} of design {v}"


def _share(data, v, share_of: str) -> str:
    """The share of design v's group that bounds its row, in words: "reusable_share 30 %"."""
    return f"{share_of} {pct(getattr(data.system, share_of)[data.system.index.design_group[v]])}"


def _leaving_scale(flows, key) -> float:
    """What leaves use with no measure active (all of the group's, as if of one design):
    the size of rows on the outflow."""
    v, t = flows.split(key)
    return max(flows.leaving(flows.system.index.design_group[v], t), 1.0)


REUSE_AVAILABILITY = Family(
    "res_reuse_availability",
    "3",
    "Σ_{S_g^reuse} x_{s,v} ≤ rho_g Out_{g,v}",
    "t/yr",
    LE,
    "DESIGNS",
    _share_of_outflow_rows(types_that("reused"), "reusable_share"),
    lambda data, v: (
        f"the products of group {_design(data, v)} fit for reuse "
        f"({_share(data, v, 'reusable_share')})"
    ),
    policy=True,
    relax="exceed",
    scale=_leaving_scale,
    note="left out where g has no reuse measure; one row per design v of g",
    pathway=dict(
        named=lambda data, key: (
            f"the products of {in_year(_design(data, key[0]), key[1])} fit for reuse"
        )
    ),
)
COLLECTION = Family(
    "res_collection",
    "4",
    "Σ_{S_g^reuse ∪ S_g^rec} x_{s,v} ≤ col_g Out_{g,v}",
    "t/yr",
    LE,
    "DESIGNS",
    _share_of_outflow_rows(types_that("collected"), "collection_rate"),
    lambda data, v: (
        f"collection in group {_design(data, v)} ({_share(data, v, 'collection_rate')})"
    ),
    policy=True,
    relax="exceed",
    scale=_leaving_scale,
    note="left out where g has neither reuse nor recycle measures; one row per design v of g",
    pathway=dict(
        named=lambda data, key: (
            f"collection of {in_year(_design(data, key[0]), key[1])} (the products leaving "
            "use that year)"
        ),
    ),
)


def _split_rows(flows):
    """x_{r,t} = Σ_{v ∈ V_g} x_{r,v,t} for the reuse and recycle measures of groups with
    substitutes."""
    system = flows.system
    for r in dict.fromkeys(r for r, _v in system.index.splits):
        g = system.group_of[r]
        for t in flows.years:
            body = ((X, flows.key(r, t), 1.0),)
            limit = tuple(flows.on_design(r, v, t) for v in system.index.designs_of[g])
            yield flows.key(r, t), Row(body, limit)


DESIGN_SPLIT = Family(
    "res_design_split",
    "4b",
    "x_s = Σ_{v ∈ V_g} x_{s,v}",
    "t/yr",
    EQ,
    "MEASURES",
    _split_rows,
    lambda data, r: f"the designs {r} treats (the products sorted by design)",
    note="reuse and recycle measures of groups with substitute designs only",
    reported=lambda settings: False,
    pathway=dict(named=lambda data, key: f"the designs {key[0]} treats in {key[1]}"),
)
