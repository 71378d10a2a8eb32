"""The constraint families of a pathway (PATHWAY.md, "Constraints, for each year t"),
each declared once, its rows as plain terms over (item, year) keys built from
`model.data.cohorts`. A family's `rows` takes the whole ModelData (the years, paths and
lifetimes are in `data.pathway`). Names follow the one-year families; row 1 (demand)
becomes the service row, an equality.
"""

from __future__ import annotations

from model.data import cohorts
from model.data.flows import U, X
from model.data.pathway import demand, value
from model.formulation.family import EQ, GE, LE, Family, Row
from model.schema import DFR, RECYCLE, REQUIREMENT_TYPES, REUSE
from model.schema.units import HIGH_GRADE, pct, tonnes


def _years(data):
    return data.pathway.years


def _service_rows(data):
    for g in data.system.groups:
        for t in _years(data):
            yield (
                (g, t),
                Row(tuple(cohorts.stock(data, g, t)), constant=cohorts.base_stock(data, g, t)),
            )


def _coverage_rows(data):
    for g in data.system.groups:
        if data.system.index.of_group.get((g, DFR)):
            for t in _years(data):
                body = tuple(cohorts.activities(data, g, t, DFR))
                yield (g, t), Row(body, constant=demand(data, g, t))


def _share_of_outflow_rows(kinds: tuple[str, ...], share_of: str):
    def rows(data):
        for g in data.system.groups:
            if not any(data.system.index.of_group.get((g, kind)) for kind in kinds):
                continue
            for t in _years(data):
                share = value(data, share_of, g, t)
                body = tuple(cohorts.activities(data, g, t, *kinds))
                limit = tuple(cohorts.outflow(data, g, t, share))
                yield (g, t), Row(body, limit, constant=share * cohorts.history(data, g, t))

    return rows


def _supply_rows(data):
    for m in data.system.materials:
        for t in _years(data):
            yield (m, t), Row(((U, (m, t), 1.0),), tuple(cohorts.supply(data, m, t)))


def _content_rows(parameter: str, only_positive: bool):
    def rows(data):
        for m in data.system.materials:
            for t in _years(data):
                share = value(data, parameter, m, t)
                if only_positive and not share:
                    continue
                yield (m, t), Row(((U, (m, t), 1.0),), tuple(cohorts.gross(data, m, t, share)))

    return rows


def _budget_rows(data):
    """Cost_t ≤ theta · B_t, theta (`BudgetFactor`) fixed at 1 but in the budget range;
    without any budget, B_t = €1 so that theta reads as a flat yearly budget."""
    given = has_budget(data)
    for t in _years(data):
        level = (value(data, "budget_eur", "", t) or 0.0) if given else 1.0
        yield t, Row(tuple(cohorts.cost(data, t)), ((cohorts.FACTOR, None, level),))


def has_budget(data) -> bool:
    """A budget in every year where settings.budget_eur or a budget_eur path is given."""
    return data.settings.budget_eur is not None or bool(data.pathway.paths.get(("budget_eur", "")))


def _capacity_rows(data):
    pathway = data.pathway
    for k in data.system.capacities:
        users = data.system.index.users_of.get(k, ())
        if not users:
            continue
        lead = pathway.build_lead.get(k, 0)
        for t in _years(data):
            body = tuple((X, (s, t), u) for s, u in users)
            built = ()
            if k in pathway.build_cost:
                built = tuple(
                    (cohorts.BUILD, (k, tau), 1.0)
                    for tau in range(pathway.first_year, t - lead + 1)
                )
            yield (k, t), Row(body, built, constant=value(data, "limit", k, t))


def _requirement_rows(data):
    system = data.system
    for r in system.requirements:
        g, kind = system.requirement_group[r], system.requirement_kind[r]
        for t in _years(data):
            share = value(data, "min_share", r, t)
            if kind == "high_grade_recycle":
                body = tuple(cohorts.recycling(data, g, t, HIGH_GRADE))
                limit = tuple(cohorts.recycling(data, g, t, coef=share))
            else:
                body = tuple(cohorts.activities(data, g, t, *REQUIREMENT_TYPES[kind]))
                limit = tuple(cohorts.new(data, g, t, share))
            yield (r, t), Row(body, limit)


def _target_rows(data):
    for t in _years(data):
        if value(data, "reduction_target", "", t):
            yield t, Row(tuple(cohorts.weighted_primary(data, t)), parameter=("target_level", t))


def _tie_primary_rows(data):
    terms = tuple(term for t in _years(data) for term in cohorts.weighted_primary(data, t))
    yield None, Row(terms, parameter="tie_level")


def _tie_cost_rows(data):
    pathway = data.pathway
    terms = tuple(term for t in _years(data) for term in cohorts.cost(data, t, pathway.discount(t)))
    yield None, Row(terms, parameter="tie_level")


def _demand_weighted(data, t: int) -> float:
    """Σ_m omega_m Σ_g w_gm D_{g,t}: weighted primary use with no measure, roughly."""
    system = data.system
    return sum(
        system.weight[m] * w * demand(data, g, t) for (g, m), w in system.mass_fraction.items()
    )


def _obligation_scale(data, key) -> float:
    m, t = key
    gross = sum(w * demand(data, g, t) for g, w in data.system.index.composition_of.get(m, ()))
    return max(value(data, "min_secondary_share", m, t) * gross, 1.0)


def _requirement_scale(data, key) -> float:
    r, t = key
    g = data.system.requirement_group[r]
    return max(value(data, "min_share", r, t) * demand(data, g, t), 1.0)


def _at(key) -> str:
    item, t = key
    return f"{item} in {t}"


SERVICE = Family(
    "res_service",
    "P1",
    "Stock_{g,t} = BaseStock_{g,t}",
    "t in use",
    EQ,
    "GROUP_YEARS",
    _service_rows,
    lambda data, key: f"the service of {_at(key)} (the products in use without measures)",
)
REPAIR_COVERAGE = Family(
    "res_repair_coverage",
    "P2",
    "Σ_{S_g^dfr} x_{s,t} ≤ D_{g,t}",
    "t/yr",
    LE,
    "GROUP_YEARS",
    _coverage_rows,
    lambda data, key: f"the demand of {_at(key)} for design for repair",
    policy=True,
    note="left out where g has no design_for_repair measure",
)
REUSE_AVAILABILITY = Family(
    "res_reuse_availability",
    "P3",
    "Σ_{S_g^reuse} x_{s,t} ≤ rho_{g,t} Out_{g,t}",
    "t/yr",
    LE,
    "GROUP_YEARS",
    _share_of_outflow_rows((REUSE,), "reusable_share"),
    lambda data, key: f"the products of {_at(key)} fit for reuse",
    policy=True,
    note="left out where g has no reuse measure",
)
COLLECTION = Family(
    "res_collection",
    "P4",
    "Σ_{S_g^reuse ∪ S_g^rec} x_{s,t} ≤ col_{g,t} Out_{g,t}",
    "t/yr",
    LE,
    "GROUP_YEARS",
    _share_of_outflow_rows((REUSE, RECYCLE), "collection_rate"),
    lambda data, key: f"collection of {_at(key)} (the products leaving use that year)",
    policy=True,
    note="left out where g has neither reuse nor recycle measures",
)
SECONDARY_SUPPLY = Family(
    "res_secondary_supply",
    "P5",
    "U_{m,t} ≤ Sec_{m,t} + I_{m,t}",
    "t/yr",
    LE,
    "MATERIAL_YEARS",
    _supply_rows,
    lambda data, key: f"the secondary {_at(key)} from recycling and outside supply",
)
RECYCLED_CONTENT_MAX = Family(
    "res_recycled_content_max",
    "P6",
    "U_{m,t} ≤ kmax_{m,t} Gross_{m,t}",
    "t/yr",
    LE,
    "MATERIAL_YEARS",
    _content_rows("max_secondary_share", only_positive=False),
    lambda data, key: f"the recycled-content limit for {_at(key)}",
    policy=True,
)
RECYCLED_CONTENT_MIN = Family(
    "res_recycled_content_min",
    "P7",
    "U_{m,t} ≥ kmin_{m,t} Gross_{m,t}",
    "t/yr",
    GE,
    "MATERIAL_YEARS",
    _content_rows("min_secondary_share", only_positive=True),
    lambda data, key: (
        f"the recycled-content obligation for {_at(key)} "
        f"(min_secondary_share {pct(value(data, 'min_secondary_share', *key))})"
    ),
    policy=True,
    relax="short",
    scale=_obligation_scale,
    worth="obligation",
    note="left out where kmin_{m,t} = 0; off in the baseline",
)
BUDGET = Family(
    "res_budget",
    "P8",
    "Cost_t = Σ_s c_{s,t} x_{s,t} + Σ_k beta_k Z_{k,t} + Σ_m ci_{m,t} I_{m,t} ≤ theta B_t",
    "€/yr",
    LE,
    "YEARS",
    _budget_rows,
    lambda data, t: f"the budget of {t}",
    policy=True,
    relax="raise",
    scale=lambda data, t: max(value(data, "budget_eur", "", t) or 0.0, 1.0),
    worth="budget",
    note="off without a budget, and in the baseline; theta = 1 but in the budget range",
)
CAPACITY = Family(
    "res_capacity",
    "P9",
    "Σ_s u_sk x_{s,t} ≤ Cap_{k,t} + Σ_{tau = t0..t − l_k} Z_{k,tau}",
    "capacity unit",
    LE,
    "CAPACITY_YEARS",
    _capacity_rows,
    lambda data, key: (
        f"capacity {_at(key)} ({tonnes(value(data, 'limit', *key))} and what is built)"
    ),
    policy=True,
    note="left out where no measure uses k",
)
REQUIREMENT = Family(
    "res_requirement",
    "P11",
    "Σ_{S_g^kind} x_{s,t} ≥ smin_{r,t} New_{g,t}; high_grade_recycle: "
    "Σ_{S_g^rec, q_s ≥ 0.9} x_{s,t} ≥ smin_{r,t} Σ_{S_g^rec} x_{s,t}",
    "t/yr",
    GE,
    "REQUIREMENT_YEARS",
    _requirement_rows,
    lambda data, key: f"requirement {_at(key)}",
    policy=True,
    relax="fall",
    scale=_requirement_scale,
    worth="obligation",
    note="off in the baseline",
)
TARGET = Family(
    "res_target",
    "PT",
    "Σ_m omega_m P_{m,t} ≤ (1 − T_t) Base_t",
    "weighted t/yr",
    LE,
    "YEARS",
    _target_rows,
    lambda data, t: f"the reduction target of {t}",
    policy=True,
    relax="raise",
    scale=lambda data, t: max(_demand_weighted(data, t), 1.0),
    worth="target",
    note="min_cost only, in every year with T_t > 0",
)
TIE_PRIMARY = Family(
    "res_tie_primary",
    "Ptie",
    "Σ_t Σ_m omega_m P_{m,t} ≤ z* (1 + 1e-7) + 1e-6",
    "weighted t",
    LE,
    None,
    _tie_primary_rows,
    lambda data, index: "the optimum of the first solve (tie rule)",
    reported=lambda settings: False,
    note="on only in a min_primary tie-break",
)
TIE_COST = Family(
    "res_tie_cost",
    "Ptie",
    "Σ_t d_t Cost_t ≤ z* (1 + 1e-7) + 1e-6",
    "€ (discounted)",
    LE,
    None,
    _tie_cost_rows,
    lambda data, index: "the optimum of the first solve (tie rule)",
    reported=lambda settings: False,
    note="on only in a min_cost tie-break",
)

PATHWAY_FAMILIES: tuple[Family, ...] = (
    SERVICE,
    REPAIR_COVERAGE,
    REUSE_AVAILABILITY,
    COLLECTION,
    SECONDARY_SUPPLY,
    RECYCLED_CONTENT_MAX,
    RECYCLED_CONTENT_MIN,
    BUDGET,
    CAPACITY,
    REQUIREMENT,
    TARGET,
    TIE_PRIMARY,
    TIE_COST,
)


def weighted_primary_terms(data) -> tuple:
    """Σ_t Σ_m omega_m P_{m,t}: the min_primary objective."""
    return tuple(term for t in _years(data) for term in cohorts.weighted_primary(data, t))


def discounted_cost_terms(data) -> tuple:
    """Σ_t d_t Cost_t: the min_cost objective (and min_primary's tie rule)."""
    return tuple(
        term for t in _years(data) for term in cohorts.cost(data, t, data.pathway.discount(t))
    )
