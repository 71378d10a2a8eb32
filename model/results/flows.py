"""The material flows of a solved scenario as a table: from, to, item (a material or a
product group), tonnes — for the baseline and the portfolio, in every year. The flows
sheet holds it and the report draws it (a Sankey diagram), so a user can check every
number of the picture. No files, no Pyomo.

Every flow is a value of the time model's terms (`Flows.new`, `Flows.outflow`,
`Flows.gross`, `Flows.recycled`, the activities) or of the solution's `Values` (U_m, the
outside supply used), so the model and the picture cannot disagree. The nodes
(docs/decisions.md, "The flows as data and the HTML report"):

    Primary material ──────────┐ (by material: P_m)
    Secondary material ────────┼→ New products ─→ In use ─→ Leaving use ─┬→ Reused ─→ In use
    Other materials ───────────┤ (by group: the mass     (by group)      ├→ Recycled
      not in the composition)  │                                         └→ Lost
    Mass saved by lighter ─────┘ New products ─→ Extra mass of heavier designs
      designs                    (products in tonnes of the standard design)
    Recycled ─┬→ Secondary material (by material: Sec_m)
              ├→ Downcycled (recovered, not replacing primary: 1 − q_s)
              └→ Recycling losses (not recovered: 1 − y_sm, and the mass not in the
                 composition)
    Secondary from outside ─→ Secondary material ─→ Secondary, used elsewhere (recovered
                                                     beyond U_m)
    In use ─→ Added to stock in use / Taken from stock in use ─→ In use (a pathway: what
              enters use less what leaves it; 0 in the steady state of one year)

Each node but the sources (primary, outside, other materials, mass saved by lighter
designs, taken from stock) and the sinks (lost, downcycled, recycling losses, used
elsewhere, added to stock, extra mass of heavier designs) balances: in = out. Avoided
purchases are not a flow of material: they are the difference between the baseline's
new products and the portfolio's, and the report says them in words.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from model.data.flows import RECOVERING, evaluate
from model.data.model_data import ModelData
from model.results.solved import Solved
from model.run.solution import Solution
from model.schema.measure_types import types_that
from model.schema.units import TOL

PRIMARY = "Primary material"
OUTSIDE = "Secondary from outside"
OTHER = "Other materials"
SECONDARY = "Secondary material"
NEW = "New products"
IN_USE = "In use"
FROM_STOCK = "Taken from stock in use"
TO_STOCK = "Added to stock in use"
LEAVING = "Leaving use"
REUSED = "Reused"
RECYCLED = "Recycled"
LOST = "Lost"
DOWNCYCLED = "Downcycled"
RECYCLING_LOSSES = "Recycling losses"
ELSEWHERE = "Secondary, used elsewhere"
LIGHTER = "Mass saved by lighter designs"
HEAVIER = "Extra mass of heavier designs"

# Every node, in the order a reader follows the material (and the report draws it).
NODES = (
    PRIMARY,
    OUTSIDE,
    OTHER,
    LIGHTER,
    FROM_STOCK,
    SECONDARY,
    NEW,
    IN_USE,
    LEAVING,
    TO_STOCK,
    REUSED,
    RECYCLED,
    LOST,
    DOWNCYCLED,
    RECYCLING_LOSSES,
    ELSEWHERE,
    HEAVIER,
)
SOURCES = frozenset({PRIMARY, OUTSIDE, OTHER, LIGHTER, FROM_STOCK})
SINKS = frozenset({LOST, DOWNCYCLED, RECYCLING_LOSSES, ELSEWHERE, TO_STOCK, HEAVIER})
MATERIAL, GROUP = "material", "product group"
CASES = ("baseline_t", "portfolio_t")  # current practice beside the portfolio
REUSING = types_that("reused")  # the types that take products leaving use back into use
COLUMNS = {
    "steady": ["from", "to", "item", "kind", *CASES],
    "cohorts": ["year", "from", "to", "item", "kind", *CASES],
}

# The flows of a material and of a product group, in the order `_materials` and
# `_products` give their tonnes.
MATERIAL_FLOWS = (
    (PRIMARY, NEW),  # P_m = Gross_m − U_m
    (SECONDARY, NEW),  # U_m
    (RECYCLED, SECONDARY),  # Sec_m
    (OUTSIDE, SECONDARY),  # what recycling does not supply
    (SECONDARY, ELSEWHERE),
)
PRODUCT_FLOWS = (
    (OTHER, NEW),
    (LIGHTER, NEW),
    (NEW, HEAVIER),
    (NEW, IN_USE),
    (REUSED, IN_USE),
    (IN_USE, TO_STOCK),  # what stays in use, or
    (FROM_STOCK, IN_USE),  # what the stock gives up (one of the two is 0)
    (IN_USE, LEAVING),
    (LEAVING, REUSED),
    (LEAVING, RECYCLED),
    (LEAVING, LOST),
    (RECYCLED, DOWNCYCLED),
    (RECYCLED, RECYCLING_LOSSES),
)
Tonnes = tuple[tuple[float, ...], tuple[float, ...]]  # (baseline's, portfolio's) of each flow


def flow_table(data: ModelData, solution: Solution) -> pd.DataFrame:
    """The flows of `solution`, one row per (from, to, item) (and year), the baseline's
    tonnes beside the portfolio's (a year's in a pathway); a flow below TOL in both is
    left out."""
    return flows_of(Solved(data, solution))


def flows_of(view: Solved) -> pd.DataFrame:
    """The flows table of `view` (see `flow_table`): in each year the flows of the
    baseline above TOL in the order they come, then those only the portfolio has; a
    case's tonnes at or below TOL are 0 beside the other's."""
    materials, groups = view.system.materials, view.system.groups
    pairs = MATERIAL_FLOWS + PRODUCT_FLOWS
    sources = np.array([source for source, _ in pairs], dtype=object)
    targets = np.array([target for _, target in pairs], dtype=object)
    items = np.array([*materials, *groups], dtype=object)
    per_material, per_group = len(MATERIAL_FLOWS), len(PRODUCT_FLOWS)
    of_materials = per_material * len(materials)  # the materials' flows come first
    size = of_materials + per_group * len(groups)
    columns: dict[str, list] = {name: [] for name in COLUMNS["cohorts"]}
    recovered = _recovered(view)
    for t in view.years:
        base, now = np.empty(size), np.empty(size)
        start = 0
        for in_base, in_now in year_flows(view, t, recovered[t]):
            end = start + len(in_base)
            base[start:end], now[start:end] = in_base, in_now
            start = end
        in_base, in_now = np.abs(base) > TOL, np.abs(now) > TOL
        order = np.concatenate([np.flatnonzero(in_base), np.flatnonzero(~in_base & in_now)])
        of_material = order < of_materials
        beyond = order - of_materials
        pair = np.where(of_material, order % per_material, per_material + beyond % per_group)
        item = np.where(of_material, order // per_material, len(materials) + beyond // per_group)
        columns["year"].extend([t] * len(order))
        columns["from"].extend(sources[pair].tolist())
        columns["to"].extend(targets[pair].tolist())
        columns["item"].extend(items[item].tolist())
        columns["kind"].extend(np.where(of_material, MATERIAL, GROUP).tolist())
        columns["baseline_t"].append(np.where(in_base, base, 0.0)[order])
        columns["portfolio_t"].append(np.where(in_now, now, 0.0)[order])
    for case in CASES:
        columns[case] = np.concatenate(columns[case])
    return view.frame_of(columns, COLUMNS)


def year_flows(view: Solved, t, recovered) -> Iterator[Tonnes]:
    """The tonnes of one year's flows (t = None in one year), at the baseline and at
    the portfolio: each material's (`MATERIAL_FLOWS`), then each group's
    (`PRODUCT_FLOWS`), in the order of the system's materials and groups (`recovered`:
    that year's from `_recovered`)."""
    yield from _materials(view, t)
    cases = ((view.base, view.at_base), (view.now, view.at_now))
    (base_recovered, base_replacing), (now_recovered, now_replacing) = recovered
    for i, g in enumerate(view.system.groups):
        recovery = ((base_recovered[i], base_replacing[i]), (now_recovered[i], now_replacing[i]))
        yield _products(view, g, t, cases, recovery)


def _materials(view: Solved, t) -> Iterator[Tonnes]:
    """The (baseline, portfolio) tonnes of each material's flows (`MATERIAL_FLOWS`):
    primary and secondary material into new products; recycled and outside supply into
    secondary material, and what of it is not used here."""
    for m in view.system.materials:
        key = view.key(m, t)
        tonnes = []
        for values in (view.base, view.now):
            used = values.secondary[key]  # U_m
            recycled = values.supply[key]  # Sec_m
            outside = values.outside_used(key)  # what recycling does not supply
            tonnes.append((values.primary[key], used, recycled, outside, recycled + outside - used))
        yield tonnes[0], tonnes[1]


def _products(view: Solved, g: str, t, cases, recovery) -> Tonnes:
    """Products of group g: bought new, in use, leaving use, and what becomes of them
    (`PRODUCT_FLOWS`), in each of the two `cases` ((values, the same by variable): the
    baseline's and the portfolio's; `recovery`: the group's (recovered, replacing) in
    each, from `_recovered`): the tonnes of each flow in each; the terms are written
    once and evaluated in each."""
    flows, system = view.flows, view.system
    designs = system.index.designs_of[g]
    composition = system.index.composition
    in_use = view.in_use(g, t)  # New_{g,t} and Out_{g,t} in each case
    bought_terms = [tuple(flows.purchases(v, t)) for v in designs]
    # products are counted in tonnes of the standard design (SUBSTITUTION.md): the mass
    # that is none of the modelled materials is the standard's share 1 − Σ_m w_gm of
    # every design bought, and a substitute design's own mass differs from the
    # standard's by Σ_m (w_gm − w^s_m) a tonne: saved (lighter) or added (heavier)
    standard = sum(composition[g].values())
    lighter = [standard - sum(composition[v].values()) for v in designs]
    tonnes = []
    for case, (values, at) in enumerate(cases):
        new, out = in_use[case], in_use[2 + case]
        reused = view.of_type(g, t, *REUSING, values=values)  # Σ x_{s,t} over S_g^reuse
        recycled = view.of_type(g, t, *RECOVERING, values=values)  # … the recovering types
        bought = [evaluate(terms, at) for terms in bought_terms]
        saved = [p * d for p, d in zip(bought, lighter, strict=True)]
        change = new + reused - out  # what stays in use (a pathway's stock grows)
        recovered, replacing = recovery[case]
        tonnes.append(
            (
                max(sum(bought) * (1.0 - standard), 0.0),  # Σ_m w_gm may exceed 1 by rounding
                sum(max(d, 0.0) for d in saved),
                sum(max(-d, 0.0) for d in saved),
                new,
                reused,
                change if change >= 0 else 0.0,
                -change if change < 0 else 0.0,
                out,
                reused,
                recycled,
                out - reused - recycled,
                recovered - replacing,
                recycled - recovered,
            )
        )
    return tonnes[0], tonnes[1]


def _recovered(view: Solved) -> dict[object, tuple]:
    """By year t, at the baseline and at the portfolio, (recovered, replacing) of each
    group, in the system's order: the material its recycling recovers, Σ y_sm w_vm
    x_{s,v,t} over its recovering measures s, the designs v they treat and the materials
    m of each design, and of that the share q_s that replaces primary material."""
    system, flows = view.system, view.flows
    composition, of_group = system.index.composition, system.index.of_group
    out = {}
    for t in view.years:
        cases = []
        for at in (view.at_base, view.at_now):
            recovered_of, replacing_of = [], []
            for g in system.groups:
                recovered = replacing = 0.0
                for kind in RECOVERING:
                    for s in of_group.get((g, kind), ()):
                        q = system.quality[s]
                        for v in system.index.designs_of[g]:
                            x = evaluate((flows.on_design(s, v, t),), at)  # x_{s,v,t}
                            for m, w in composition[v].items():
                                y = system.yield_.get((s, m), 0.0)
                                recovered += y * w * x
                                replacing += q * y * w * x
                recovered_of.append(recovered)
                replacing_of.append(replacing)
            cases.append((recovered_of, replacing_of))
        out[t] = tuple(cases)
    return out


def balance(frame: pd.DataFrame, case: str) -> pd.DataFrame:
    """In and out of every node that is neither a source nor a sink, in `case`
    ("baseline_t" or "portfolio_t"), by year in a pathway: columns (year,) node, in_t,
    out_t."""
    keys = ["year"] if "year" in frame.columns else []
    into = frame.rename(columns={"to": "node"}).groupby([*keys, "node"])[case].sum()
    out = frame.rename(columns={"from": "node"}).groupby([*keys, "node"])[case].sum()
    both = pd.concat([into.rename("in_t"), out.rename("out_t")], axis=1)
    both = both.fillna(0.0).reset_index()
    return both[~both["node"].isin(SOURCES | SINKS)].reset_index(drop=True)
