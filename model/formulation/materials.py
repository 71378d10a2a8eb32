"""Material balances of each material m: secondary supply (5), the recycled-content
limit (6) and obligation (7)."""

from __future__ import annotations

from model.data import flows
from model.formulation.family import GE, LE, Family, Row
from model.schema.units import pct, tonnes


def _supply_rows(system):
    for m in system.materials:
        yield m, Row(((flows.U, m, 1.0),), tuple(flows.available_secondary(system, m)))


def _content_max_rows(system):
    for m in system.materials:
        share = system.max_secondary_share[m]
        yield m, Row(((flows.U, m, 1.0),), tuple(flows.gross(system, m, share)))


def _content_min_rows(system):
    for m in system.materials:
        share = system.min_secondary_share[m]
        if share:
            yield m, Row(((flows.U, m, 1.0),), tuple(flows.gross(system, m, share)))


def _available(data, m) -> str:
    outside = data.system.outside_secondary_t.get(m, 0.0)
    if not outside:
        return f"the secondary {m} that recycling supplies"
    return (
        f"the secondary {m} that recycling supplies, plus {tonnes(outside)} "
        "from outside (outside_secondary_t)"
    )


def _obligation_scale(system, m) -> float:
    """kmin_m · Gross_m at demand: the obligation's size with no measure active."""
    at_demand = flows.evaluate(flows.gross(system, m), {flows.N: system.demand_t})
    return max(system.min_secondary_share[m] * at_demand, 1.0)


SECONDARY_SUPPLY = Family(
    "res_secondary_supply",
    "5",
    "U_m ≤ Sec_m + I_m",
    "t/yr",
    LE,
    "MATERIALS",
    _supply_rows,
    lambda data, m: _available(data, m),
)
RECYCLED_CONTENT_MAX = Family(
    "res_recycled_content_max",
    "6",
    "U_m ≤ kmax_m Gross_m",
    "t/yr",
    LE,
    "MATERIALS",
    _content_max_rows,
    lambda data, m: (
        f"the recycled-content limit for {m} "
        f"(max_secondary_share {pct(data.system.max_secondary_share[m])})"
    ),
    policy=True,
)
RECYCLED_CONTENT_MIN = Family(
    "res_recycled_content_min",
    "7",
    "U_m ≥ kmin_m Gross_m",
    "t/yr",
    GE,
    "MATERIALS",
    _content_min_rows,
    lambda data, m: (
        f"the recycled-content obligation for {m} "
        f"(min_secondary_share {pct(data.system.min_secondary_share[m])})"
    ),
    policy=True,
    relax="short",
    relax_order=2,
    scale=_obligation_scale,
    worth="obligation",
    note="left out where kmin_m = 0; off in the baseline",
)
