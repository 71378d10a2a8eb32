"""Material balances of each material m in each year t: secondary supply (5), the
recycled-content limit (6) and obligation (7), primary supply (12)."""

from __future__ import annotations

from model.data.flows import U
from model.data.time_model import time_model
from model.formulation.family import GE, LE, Family, Row, in_year
from model.schema.units import pct, tonnes


def _supply_rows(flows):
    for m in flows.system.materials:
        for t in flows.years:
            key = flows.key(m, t)
            yield key, Row(((U, key, 1.0),), tuple(flows.supply(m, t)))


def _available(data, m) -> str:
    outside = data.system.outside_secondary_t.get(m, 0.0)
    if not outside:
        return f"the secondary {m} that recycling supplies"
    return (
        f"the secondary {m} that recycling supplies, plus {tonnes(outside)} "
        "from outside (outside_secondary_t)"
    )


SECONDARY_SUPPLY = Family(
    "res_secondary_supply",
    "5",
    "U_m ≤ Sec_m + I_m",
    "t/yr",
    LE,
    "MATERIALS",
    _supply_rows,
    _available,
    pathway=dict(
        named=lambda data, key: f"the secondary {in_year(*key)} from recycling and outside supply",
    ),
)


def _content_rows(parameter: str, only_positive: bool):
    def rows(flows):
        for m in flows.system.materials:
            for t in flows.years:
                share = flows.value(parameter, m, t)
                if only_positive and not share:
                    continue
                key = flows.key(m, t)
                yield key, Row(((U, key, 1.0),), tuple(flows.gross(m, t, share)))

    return rows


RECYCLED_CONTENT_MAX = Family(
    "res_recycled_content_max",
    "6",
    "U_m ≤ kmax_m Gross_m",
    "t/yr",
    LE,
    "MATERIALS",
    _content_rows("max_secondary_share", only_positive=False),
    lambda data, m: (
        f"the recycled-content limit for {m} "
        f"(max_secondary_share {pct(data.system.max_secondary_share[m])})"
    ),
    policy=True,
    pathway=dict(named=lambda data, key: f"the recycled-content limit for {in_year(*key)}"),
)


def _gross_at_demand(flows, m, t) -> float:
    """Gross_{m,t} at demand of the standard designs: the material the products need with
    no measure active."""
    return sum(w * flows.demand(g, t) for g, w in flows.system.index.composition_of.get(m, ()))


def _obligation_scale(flows, key) -> float:
    """kmin_{m,t} · Gross_{m,t} at demand: the obligation's size with no measure active."""
    m, t = flows.split(key)
    return max(flows.value("min_secondary_share", m, t) * _gross_at_demand(flows, m, t), 1.0)


def _obligation(data, key) -> str:
    """The obligation in words, in either time model (its share that of the year)."""
    flows = time_model(data)
    share = pct(flows.at("min_secondary_share", key))
    return (
        f"the recycled-content obligation for {in_year(*flows.split(key))} "
        f"(min_secondary_share {share})"
    )


RECYCLED_CONTENT_MIN = Family(
    "res_recycled_content_min",
    "7",
    "U_m ≥ kmin_m Gross_m",
    "t/yr",
    GE,
    "MATERIALS",
    _content_rows("min_secondary_share", only_positive=True),
    _obligation,
    policy=True,
    relax="short",
    scale=_obligation_scale,
    worth="obligation",
    note="left out where kmin_m = 0; off in the baseline",
    pathway=dict(note="left out where kmin_{m,t} = 0; off in the baseline"),
)


NO_CAP = 1e12  # a max_primary_t this large is no cap (SUBSTITUTION.md: a cap that starts
# later is a step from a very large value); its row is left out


def cap_of(flows, m, t) -> float | None:
    """pmax_{m,t}, or None where m has no cap in year t."""
    cap = flows.value("max_primary_t", m, t)
    return None if cap is None or cap >= NO_CAP else cap


def _primary_rows(flows):
    for m in flows.system.materials:
        for t in flows.years:
            cap = cap_of(flows, m, t)
            if cap is not None:
                yield flows.key(m, t), Row(tuple(flows.primary(m, t)), constant=cap)


def _primary_scale(flows, key) -> float:
    """Gross_{m,t} at demand of the standard designs: the size of the primary use."""
    return max(_gross_at_demand(flows, *flows.split(key)), 1.0)


def _primary(data, key) -> str:
    """The cap in words, in either time model (the cap that of the year)."""
    flows = time_model(data)
    cap = tonnes(flows.at("max_primary_t", key))
    return f"the primary {in_year(*flows.split(key))} available (max_primary_t {cap})"


def _short_of_primary(flows, key, e: float) -> str:
    """Row 12 relaxed by e: the cap, and the least primary m the products can need."""
    m, t = flows.split(key)
    cap = cap_of(flows, m, t)
    return (
        f"primary {m} is capped at {in_year(tonnes(cap), t)} (max_primary_t), but the least the "
        f"products can need is {tonnes(cap + e)}"
    )


PRIMARY_SUPPLY = Family(
    "res_primary_supply",
    "12",
    "Gross_m − U_m ≤ pmax_m",
    "t/yr",
    LE,
    "MATERIALS",
    _primary_rows,
    _primary,
    policy=True,
    relax="exceed",
    scale=_primary_scale,
    says=_short_of_primary,
    note="left out where m has no max_primary_t; off in the baseline",
    pathway=dict(note="left out where m has no max_primary_t in year t; off in the baseline"),
)
