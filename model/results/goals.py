"""The goals sheet: the national programme's four goal lines (MODEL.md, SUBSTITUTION.md),
current practice beside the optimum — in one year, and in each year of a pathway. No
files, no Pyomo.

(1) less raw material use: primary use, plain and weighted, and of it the abiotic
materials (what the national −50 % counts) and the biotic ones apart; (2) substitution:
secondary use, its share of gross demand, and the products bought in substitute
designs; (3) life extension; (4) high-grade recycling.
"""

from __future__ import annotations

import pandas as pd

from model.results.solved import Solved
from model.run.solution import Values
from model.schema import DFR, REUSE
from model.schema.units import HIGH_GRADE, TOL

ABIOTIC, BIOTIC = "abiotic", "biotic"
COLUMNS = {
    "steady": ["goal", "indicator", "unit", "baseline", "optimum", "change"],
    "cohorts": ["year", "goal", "indicator", "unit", "baseline", "optimum", "change"],
}


def goal_table(view: Solved) -> pd.DataFrame:
    """The goal lines, baseline and optimum, in each year (one year: t = None)."""
    rows = []
    for t in view.years:
        for goal, indicator, unit, measure in _lines(view, t):
            base, now = measure(view.base), measure(view.now)
            rows.append(
                {
                    "year": t,
                    "goal": goal,
                    "indicator": indicator,
                    "unit": unit,
                    "baseline": base,
                    "optimum": now,
                    "change": now - base,
                }
            )
    return view.frame(rows, COLUMNS)


def _lines(view: Solved, t):
    """(goal, indicator, unit, value of a Values) of every line in year t; the tonnages
    first, so that they can share one chart, the shares in % last."""
    system, flows, key = view.system, view.flows, view.key
    materials = system.materials
    kind = {m: system.kind.get(m) or ABIOTIC for m in materials}
    designs = [v for g in system.groups for v in system.index.designs_of[g][1:]]
    unit = "t/yr" if t is None else "t"

    def primary(values: Values, only: str | None = None, weighted: bool = False) -> float:
        return sum(
            (system.weight[m] if weighted else 1.0) * values.primary[key(m, t)]
            for m in materials
            if only is None or kind[m] == only
        )

    def of_type(values: Values, kind_: str) -> float:
        return sum(view.of_type(g, t, kind_, values=values) for g in system.groups)

    def recycled(values: Values, high_grade: bool) -> float:
        return sum(
            values.activity[key(s, t)]
            for s, q in system.quality.items()
            if (q >= HIGH_GRADE) == high_grade
        )

    def total(values: Values, field: str, items) -> float:
        found = getattr(values, field)
        return sum(found[key(i, t)] for i in items)

    def bought_new(values: Values) -> float:
        case = 0 if values is view.base else 1  # the baseline's or the portfolio's
        return sum(view.in_use(g, t)[case] for g in system.groups)

    def in_designs(values: Values) -> float:
        at = values.by_variable()
        return sum(view.total(flows.purchases(v, t), at) for v in designs)

    def design_share(values: Values) -> float:
        new = bought_new(values)
        return 100.0 * in_designs(values) / new if new > TOL else 0.0

    def secondary_share(values: Values) -> float:
        gross = total(values, "gross", materials)
        return 100.0 * total(values, "secondary", materials) / gross if gross > TOL else 0.0

    demand = sum(flows.demand(g, t) for g in system.groups)
    less, subst, life, grade = (
        "1 less raw material use",
        "2 substitution",
        "3 life extension",
        "4 high-grade recycling",
    )
    return [
        (less, "primary_use_t", unit, lambda v: total(v, "primary", materials)),
        (less, "weighted_primary_use", f"weighted {unit}", lambda v: primary(v, weighted=True)),
        (less, "primary_abiotic_t", unit, lambda v: primary(v, ABIOTIC)),
        (less, "primary_biotic_t", unit, lambda v: primary(v, BIOTIC)),
        (
            less,
            "weighted_primary_abiotic",
            f"weighted {unit}",
            lambda v: primary(v, ABIOTIC, weighted=True),
        ),
        (
            less,
            "weighted_primary_biotic",
            f"weighted {unit}",
            lambda v: primary(v, BIOTIC, weighted=True),
        ),
        (subst, "secondary_use_t", unit, lambda v: total(v, "secondary", materials)),
        (subst, "bought_in_substitute_designs_t", unit, in_designs),
        (life, "design_for_repair_t", unit, lambda v: of_type(v, DFR)),
        (life, "reused_t", unit, lambda v: of_type(v, REUSE)),
        (life, "new_purchases_avoided_t", unit, lambda v: demand - bought_new(v)),
        (grade, "recycled_high_grade_t", f"{unit} (quality ≥ 0.9)", lambda v: recycled(v, True)),
        (grade, "recycled_lower_grade_t", f"{unit} (quality < 0.9)", lambda v: recycled(v, False)),
        # the shares in % last, so the tonnage lines above can share one chart
        (subst, "secondary_share_pct", "% of gross demand", secondary_share),
        (subst, "substitute_design_share_pct", "% of new purchases", design_share),
    ]
