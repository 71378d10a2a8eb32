"""Requirements on a product group (11): shares of its new purchases that must be
reused or recycled, or a share of its recycling that must be high-grade — extended
producer responsibility targets such as UPV Textiel. Off in the baseline."""

from __future__ import annotations

from model.data import flows
from model.formulation.family import GE, Family, Row
from model.schema import RECYCLE, REQUIREMENT_TYPES
from model.schema.units import HIGH_GRADE, pct


def _about(system, r) -> tuple[str, str, float]:
    """(group, kind, min_share) of requirement r."""
    return system.requirement_group[r], system.requirement_kind[r], system.min_share[r]


def _requirement_rows(system):
    for r in system.requirements:
        g, kind, share = _about(system, r)
        if kind == "high_grade_recycle":
            recycling = system.index.of_group.get((g, RECYCLE), ())
            high = [s for s in recycling if system.quality[s] >= HIGH_GRADE]
            # with no high-grade measure the row still stands (0 ≥ share · recycling)
            body = tuple((flows.X, s, 1.0 if s in high else 0.0) for s in recycling)
            limit = tuple((flows.X, s, share) for s in recycling)
        else:
            body = tuple(flows.activities(system, g, *REQUIREMENT_TYPES[kind]))
            limit = ((flows.N, g, share),)
        yield r, Row(body, limit)


def _named(data, r) -> str:
    g, kind, share = _about(data.system, r)
    if kind == "high_grade_recycle":
        what = f"high-grade recycling ≥ {pct(share)} of the recycling of {g}"
    else:
        what = f"{kind.replace('_', ' ')} ≥ {pct(share)} of the new purchases of {g}"
    return f"requirement {r} ({what})"


def _scale(system, r) -> float:
    """smin_r · D_g: the requirement's size with no measure active."""
    return max(system.min_share[r] * system.demand_t[system.requirement_group[r]], 1.0)


REQUIREMENT = Family(
    "res_requirement",
    "11",
    "Σ_{S_g^kind} x_s ≥ smin_r N_g; high_grade_recycle: "
    "Σ_{S_g^rec, q_s ≥ 0.9} x_s ≥ smin_r Σ_{S_g^rec} x_s",
    "t/yr",
    GE,
    "REQUIREMENTS",
    _requirement_rows,
    _named,
    policy=True,
    relax="fall",
    relax_order=2,
    scale=_scale,
    worth="obligation",
    note="off in the baseline",
)
