"""Every constraint family of docs/formulation.md, in the order of the constraints sheet:
the table of contents of the model. Each is declared once, in its block's module, for
both time models; `families(time)` lists them as one time model has them."""

from __future__ import annotations

from functools import cache

from model.formulation.family import Family
from model.formulation.goals import TARGET, TIE_COST, TIE_PRIMARY
from model.formulation.materials import (
    PRIMARY_SUPPLY,
    RECYCLED_CONTENT_MAX,
    RECYCLED_CONTENT_MIN,
    SECONDARY_SUPPLY,
)
from model.formulation.products import (
    COLLECTION,
    DEMAND,
    DESIGN_SPLIT,
    REPAIR_COVERAGE,
    REPAIRABLE_PURCHASES,
    REUSE_AVAILABILITY,
)
from model.formulation.requirements import REQUIREMENT
from model.formulation.spending import BUDGET, CAPACITY

FAMILIES: tuple[Family, ...] = (
    DEMAND,  # (1), a pathway's service row (P1)
    REPAIR_COVERAGE,  # (2)
    REPAIRABLE_PURCHASES,  # (2b), one year only
    REUSE_AVAILABILITY,  # (3)
    COLLECTION,  # (4)
    DESIGN_SPLIT,  # (4b), groups with substitutes only
    SECONDARY_SUPPLY,  # (5)
    RECYCLED_CONTENT_MAX,  # (6)
    RECYCLED_CONTENT_MIN,  # (7)
    BUDGET,  # (8)
    CAPACITY,  # (9)
    REQUIREMENT,  # (11)
    PRIMARY_SUPPLY,  # (12)
    TARGET,  # (T)
    TIE_PRIMARY,  # (tie)
    TIE_COST,  # (tie)
)

# The order in which the elastic diagnosis tries the families it may relax (those with
# `relax`): the budget and the target, then capacities, obligations and requirements,
# then the products' limits, the primary supply last.
RELAXED: tuple[Family, ...] = (
    BUDGET,
    TARGET,
    CAPACITY,
    RECYCLED_CONTENT_MIN,
    REQUIREMENT,
    REPAIR_COVERAGE,
    REUSE_AVAILABILITY,
    COLLECTION,
    PRIMARY_SUPPLY,
)


@cache
def families(time: str) -> tuple[Family, ...]:
    """The families as the time model `time` ("steady" or "cohorts") has them."""
    return tuple(f.at(time) for f in FAMILIES if f.only in (None, time))


@cache
def relaxable(time: str) -> tuple[Family, ...]:
    """The families the elastic diagnosis relaxes, in the order it tries them."""
    return tuple(by_name(time)[f.name] for f in RELAXED if f.only in (None, time))


@cache
def by_name(time: str) -> dict[str, Family]:
    """The families of the time model `time` by their Pyomo name."""
    return {family.name: family for family in families(time)}
