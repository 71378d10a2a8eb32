"""Every constraint family of docs/formulation.md, in the order of the constraints sheet:
the table of contents of the model. Each is declared once, in its block's module."""

from __future__ import annotations

from model.formulation.family import Family
from model.formulation.goals import TARGET, TIE_COST, TIE_PRIMARY
from model.formulation.materials import (
    RECYCLED_CONTENT_MAX,
    RECYCLED_CONTENT_MIN,
    SECONDARY_SUPPLY,
)
from model.formulation.products import (
    COLLECTION,
    DEMAND,
    REPAIR_COVERAGE,
    REPAIRABLE_PURCHASES,
    REUSE_AVAILABILITY,
)
from model.formulation.requirements import REQUIREMENT
from model.formulation.spending import BUDGET, CAPACITY

FAMILIES: tuple[Family, ...] = (
    DEMAND,  # (1)
    REPAIR_COVERAGE,  # (2)
    REPAIRABLE_PURCHASES,  # (2b)
    REUSE_AVAILABILITY,  # (3)
    COLLECTION,  # (4)
    SECONDARY_SUPPLY,  # (5)
    RECYCLED_CONTENT_MAX,  # (6)
    RECYCLED_CONTENT_MIN,  # (7)
    BUDGET,  # (8)
    CAPACITY,  # (9)
    REQUIREMENT,  # (11)
    TARGET,  # (T)
    TIE_PRIMARY,  # (tie)
    TIE_COST,  # (tie)
)
BY_NAME: dict[str, Family] = {family.name: family for family in FAMILIES}
RELAXABLE: tuple[Family, ...] = tuple(
    sorted((f for f in FAMILIES if f.relax), key=lambda family: family.relax_order)
)
