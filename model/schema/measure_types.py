"""What a measure type is, declared once: the column it needs and what a tonne of its
activity does to purchases, to the products in use and leaving use, and to recovered
material. The flows (`model.data.flows`, `steady`, `cohorts`), the constraint families,
the checks and the result tables read these declarations; none of them names a type.

A new type is a `MeasureType` here, its column in `model/schema/columns.py`, and tests
(docs/architecture.md, "To add a measure type").

Per tonne x_s of activity of measure s with parameter p_s (its own column):
- `avoided(p)`: new purchases avoided in one year (row 1): a_s = e_s / (1 + e_s) for
  design for repair, delta_s for reuse.
- `bought(p)`: products of another design bought new in place of the standard one
  (row 2b in one year; part of New_{g,t} in a pathway): 1 / (1 + e_s).
- `life(p)`, `enters(p)`: what enters use, as a lifetime variant of the group's
  (mean mu_g · life(p), the group's shape) and tonnes per tonne of activity: the
  repairable design (1 + e_s, 1 / (1 + e_s)), the second use cycle of reuse (delta_s, 1).
- `covers_demand`: the activity is demand served by that design, at most D_g (row 2).
- `reused`: takes products fit for reuse from the outflow (row 3); `collected`: takes
  products leaving use (row 4); `recovers`: gives secondary material, q_s y_sm w_gm per
  tonne (rows 5).
- `design`: the products it puts on the market are an alternative design with their own
  composition (the `substitutes` sheet) and their own outflow, which reuse and recycling
  treat apart (SUBSTITUTION.md); its purchases are not part of N_g.
- `default`: the parameter's value when its cell is blank (None: the type requires it);
  `positive`: the parameter must be > 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class MeasureType:
    name: str  # the measures sheet's `type`
    parameter: str  # its own column on the measures sheet (and System's dict of it)
    result: str  # the products sheet's column of its activity
    meaning: str
    avoided: Callable[[float], float] | None = None
    bought: Callable[[float], float] | None = None
    life: Callable[[float], float] | None = None
    enters: Callable[[float], float] | None = None
    covers_demand: bool = False
    reused: bool = False
    collected: bool = False
    recovers: bool = False
    design: bool = False
    default: float | None = None
    positive: bool = False


# A design bought in place of the standard one that lasts 1 + e_s times as long: per tonne
# x_s of demand it serves, 1 / (1 + e_s) is bought and e_s / (1 + e_s) avoided.
_LASTING = dict(
    avoided=lambda e: e / (1.0 + e),
    bought=lambda e: 1.0 / (1.0 + e),
    life=lambda e: 1.0 + e,
    enters=lambda e: 1.0 / (1.0 + e),
)

DESIGN_FOR_REPAIR = MeasureType(
    "design_for_repair",
    "lifetime_extension",
    "repair_covered_t",
    "a repairable design bought in place of the standard one: lasts 1 + e_s times as long",
    **_LASTING,
    covers_demand=True,
    positive=True,
)
REUSE_TYPE = MeasureType(
    "reuse",
    "displacement",
    "reused_t",
    "products leaving use put back in use for a second cycle, delta_s of a lifetime",
    avoided=lambda delta: delta,
    life=lambda delta: delta,
    enters=lambda delta: 1.0,
    reused=True,
    collected=True,
)
RECYCLE_TYPE = MeasureType(
    "recycle",
    "quality",
    "recycled_t",
    "products leaving use collected and their materials recovered as secondary material",
    collected=True,
    recovers=True,
)

SUBSTITUTE = MeasureType(
    "substitute",
    "lifetime_extension",
    "substituted_t",
    "an alternative design bought in place of the standard one (other materials, lighter or "
    "bio-based), per standard-equivalent tonne; lasts 1 + e_s times as long",
    **_LASTING,
    design=True,
    default=0.0,
)

# Every type, in the order of the measures sheet's drop-down and of every sum over types.
TYPES: tuple[MeasureType, ...] = (DESIGN_FOR_REPAIR, REUSE_TYPE, RECYCLE_TYPE, SUBSTITUTE)
BY_TYPE: dict[str, MeasureType] = {kind.name: kind for kind in TYPES}


def types_that(role: str) -> tuple[str, ...]:
    """The names of the types with a role ("covers_demand", "reused", "collected",
    "recovers", "design") or a coefficient ("avoided", "bought", "life"), in declared
    order."""
    return tuple(kind.name for kind in TYPES if getattr(kind, role))
