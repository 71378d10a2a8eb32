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

import pandas as pd

from model.data.flows import RECOVERING, evaluate
from model.data.model_data import ModelData
from model.results.solved import Solved
from model.run.solution import Solution, Values
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

Flow = tuple[str, str, str, str, float]  # (from, to, item, kind, tonnes)


def flow_table(data: ModelData, solution: Solution) -> pd.DataFrame:
    """The flows of `solution`, one row per (from, to, item) (and year), the baseline's
    tonnes beside the portfolio's (a year's in a pathway); a flow below TOL in both is
    left out."""
    return flows_of(Solved(data, solution))


def flows_of(view: Solved) -> pd.DataFrame:
    rows: dict[tuple, dict] = {}
    for t in view.years:
        for case, values, at in (
            ("baseline_t", view.base, view.at_base),
            ("portfolio_t", view.now, view.at_now),
        ):
            for source, target, item, kind, tonnes in year_flows(view, t, values, at):
                if abs(tonnes) > TOL:
                    key = (t, source, target, item)
                    row = rows.get(key)
                    if row is None:
                        row = rows[key] = {
                            "year": t,
                            "from": source,
                            "to": target,
                            "item": item,
                            "kind": kind,
                            "baseline_t": 0.0,
                            "portfolio_t": 0.0,
                        }
                    row[case] = tonnes
    return view.frame(list(rows.values()), COLUMNS)


def year_flows(view: Solved, t, values: Values, at: dict) -> Iterator[Flow]:
    """The flows of one year (t = None in one year) at `values` (`at`: the same values
    by variable, for evaluating the flow terms)."""
    yield from _materials(view, t, values)
    for g in view.system.groups:
        yield from _products(view, g, t, values, at)


def _materials(view: Solved, t, values: Values) -> Iterator[Flow]:
    """Primary and secondary material into new products; recycled and outside supply
    into secondary material, and what of it is not used here."""
    for m in view.system.materials:
        key = view.key(m, t)
        used = values.secondary[key]  # U_m
        recycled = values.supply[key]  # Sec_m
        outside = values.outside_used(key)  # what recycling does not supply
        yield PRIMARY, NEW, m, MATERIAL, values.primary[key]  # P_m = Gross_m − U_m
        yield SECONDARY, NEW, m, MATERIAL, used
        yield RECYCLED, SECONDARY, m, MATERIAL, recycled
        yield OUTSIDE, SECONDARY, m, MATERIAL, outside
        yield SECONDARY, ELSEWHERE, m, MATERIAL, recycled + outside - used


def _products(view: Solved, g: str, t, values: Values, at: dict) -> Iterator[Flow]:
    """Products of group g: bought new, in use, leaving use, and what becomes of them."""
    flows, system = view.flows, view.system
    new = evaluate(flows.new(g, t), at)  # New_{g,t}
    terms, constant = flows.group_outflow(g, t)
    out = evaluate(terms, at) + constant  # Out_{g,t}
    reused = view.of_type(g, t, *REUSING, values=values)
    recycled = view.of_type(g, t, *RECOVERING, values=values)
    designs = system.index.designs_of[g]
    composition = system.index.composition
    # products are counted in tonnes of the standard design (SUBSTITUTION.md): the mass
    # that is none of the modelled materials is the standard's share 1 − Σ_m w_gm of
    # every design bought, and a substitute design's own mass differs from the
    # standard's by Σ_m (w_gm − w^s_m) a tonne: saved (lighter) or added (heavier)
    standard = sum(composition[g].values())
    bought = {v: evaluate(flows.purchases(v, t), at) for v in designs}
    other = sum(bought.values()) * (1.0 - standard)
    yield OTHER, NEW, g, GROUP, max(other, 0.0)  # Σ_m w_gm may exceed 1 by rounding
    saved = [p * (standard - sum(composition[v].values())) for v, p in bought.items()]
    yield LIGHTER, NEW, g, GROUP, sum(max(d, 0.0) for d in saved)
    yield NEW, HEAVIER, g, GROUP, sum(max(-d, 0.0) for d in saved)
    yield NEW, IN_USE, g, GROUP, new
    yield REUSED, IN_USE, g, GROUP, reused
    change = new + reused - out  # what stays in use (a pathway's stock grows)
    if change >= 0:
        yield IN_USE, TO_STOCK, g, GROUP, change
    else:
        yield FROM_STOCK, IN_USE, g, GROUP, -change
    yield IN_USE, LEAVING, g, GROUP, out
    yield LEAVING, REUSED, g, GROUP, reused
    yield LEAVING, RECYCLED, g, GROUP, recycled
    yield LEAVING, LOST, g, GROUP, out - reused - recycled
    recovered = replacing = 0.0  # y_sm w_gm x_s, and its share q_s that replaces primary
    for kind in RECOVERING:
        for s in system.index.of_group.get((g, kind), ()):
            q = system.quality[s]
            for v in designs:
                x = evaluate((flows.on_design(s, v, t),), at)  # x_{s,v,t}
                for m, w in composition[v].items():
                    y = system.yield_.get((s, m), 0.0)
                    recovered += y * w * x
                    replacing += q * y * w * x
    yield RECYCLED, DOWNCYCLED, g, GROUP, recovered - replacing
    yield RECYCLED, RECYCLING_LOSSES, g, GROUP, recycled - recovered


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
