"""Requirements on a product group (11) in each year: shares of its new purchases that
must be reused or recycled, or a share of its recycling that must be high-grade —
extended producer responsibility targets such as UPV Textiel. Off in the baseline."""

from __future__ import annotations

from model.formulation.family import GE, Family, Row, in_year
from model.schema import REQUIREMENT_TYPES
from model.schema.units import HIGH_GRADE, pct


def _requirement_rows(flows):
    system = flows.system
    for r in system.requirements:
        g, kind = system.requirement_group[r], system.requirement_kind[r]
        for t in flows.years:
            share = flows.value("min_share", r, t)
            if kind == "high_grade_recycle":
                # with no high-grade measure the row still stands (0 ≥ share · recycling)
                body = tuple(flows.recycling(g, t, HIGH_GRADE))
                limit = tuple(flows.recycling(g, t, coef=share))
            else:
                body = tuple(flows.activities(g, t, *REQUIREMENT_TYPES[kind]))
                limit = tuple(flows.new(g, t, share))
            yield flows.key(r, t), Row(body, limit)


def _named(data, r) -> str:
    system = data.system
    g, kind, share = system.requirement_group[r], system.requirement_kind[r], system.min_share[r]
    if kind == "high_grade_recycle":
        what = f"high-grade recycling ≥ {pct(share)} of the recycling of {g}"
    else:
        what = f"{kind.replace('_', ' ')} ≥ {pct(share)} of the new purchases of {g}"
    return f"requirement {r} ({what})"


def _scale(flows, key) -> float:
    """smin_{r,t} · D_{g,t}: the requirement's size with no measure active."""
    r, t = flows.split(key)
    g = flows.system.requirement_group[r]
    return max(flows.value("min_share", r, t) * flows.demand(g, t), 1.0)


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
    scale=_scale,
    worth="obligation",
    note="off in the baseline",
    pathway=dict(
        equation="Σ_{S_g^kind} x_{s,t} ≥ smin_{r,t} New_{g,t}; high_grade_recycle: "
        "Σ_{S_g^rec, q_s ≥ 0.9} x_{s,t} ≥ smin_{r,t} Σ_{S_g^rec} x_{s,t}",
        named=lambda data, key: f"requirement {in_year(*key)}",
    ),
)
