"""Material balances of each material m in each year t: secondary supply (5), the
recycled-content limit (6) and obligation (7), primary supply (12)."""

from __future__ import annotations

from model.data.flows import U
from model.data.pathway import value
from model.formulation.family import GE, LE, Family, Row
from model.schema.units import pct, tonnes


def _supply_rows(flows):
    for m in flows.system.materials:
        for t in flows.years:
            key = flows.key(m, t)
            yield key, Row(((U, key, 1.0),), tuple(flows.supply(m, t)))


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


def _available(data, m) -> str:
    outside = data.system.outside_secondary_t.get(m, 0.0)
    if not outside:
        return f"the secondary {m} that recycling supplies"
    return (
        f"the secondary {m} that recycling supplies, plus {tonnes(outside)} "
        "from outside (outside_secondary_t)"
    )


def _obligation_scale(flows, key) -> float:
    """kmin_{m,t} · Gross_{m,t} at demand: the obligation's size with no measure active."""
    m, t = flows.split(key)
    gross = sum(w * flows.demand(g, t) for g, w in flows.system.index.composition_of.get(m, ()))
    return max(flows.value("min_secondary_share", m, t) * gross, 1.0)


def _at(key) -> str:
    item, t = key
    return f"{item} in {t}"


SECONDARY_SUPPLY = Family(
    "res_secondary_supply",
    "5",
    "U_m ≤ Sec_m + I_m",
    "t/yr",
    LE,
    "MATERIALS",
    _supply_rows,
    lambda data, m: _available(data, m),
    pathway=dict(
        equation="U_{m,t} ≤ Sec_{m,t} + I_{m,t}",
        named=lambda data, key: f"the secondary {_at(key)} from recycling and outside supply",
    ),
)
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
    pathway=dict(
        equation="U_{m,t} ≤ kmax_{m,t} Gross_{m,t}",
        named=lambda data, key: f"the recycled-content limit for {_at(key)}",
    ),
)
RECYCLED_CONTENT_MIN = Family(
    "res_recycled_content_min",
    "7",
    "U_m ≥ kmin_m Gross_m",
    "t/yr",
    GE,
    "MATERIALS",
    _content_rows("min_secondary_share", only_positive=True),
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
    pathway=dict(
        equation="U_{m,t} ≥ kmin_{m,t} Gross_{m,t}",
        named=lambda data, key: (
            f"the recycled-content obligation for {_at(key)} "
            f"(min_secondary_share {pct(value(data, 'min_secondary_share', *key))})"
        ),
        note="left out where kmin_{m,t} = 0; off in the baseline",
    ),
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
    m, t = flows.split(key)
    gross = sum(w * flows.demand(g, t) for g, w in flows.system.index.composition_of.get(m, ()))
    return max(gross, 1.0)


def _short_of_primary(flows, key, e: float) -> str:
    """Row 12 relaxed by e: the cap, and the least primary m the products can need."""
    m, t = flows.split(key)
    cap = cap_of(flows, m, t)
    when = "" if t is None else f" in {t}"
    return (
        f"primary {m} is capped at {tonnes(cap)}{when} (max_primary_t), but the least the "
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
    lambda data, m: (
        f"the primary {m} available (max_primary_t {tonnes(data.system.max_primary_t[m])})"
    ),
    policy=True,
    relax="exceed",
    relax_order=6,
    scale=_primary_scale,
    says=_short_of_primary,
    note="left out where m has no max_primary_t; off in the baseline",
    pathway=dict(
        equation="Gross_{m,t} − U_{m,t} ≤ pmax_{m,t}",
        named=lambda data, key: (
            f"the primary {_at(key)} available "
            f"(max_primary_t {tonnes(value(data, 'max_primary_t', *key))})"
        ),
        note="left out where m has no max_primary_t in year t; off in the baseline",
    ),
)
