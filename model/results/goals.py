"""The goals sheet of one year: the four national goal lines of MODEL.md, current
practice beside the optimum. No files, no Pyomo."""

from __future__ import annotations

import pandas as pd

from model.results.solved import Solved
from model.run.solution import Values
from model.schema import DFR, REUSE
from model.schema.units import HIGH_GRADE, TOL


def goal_table(view: Solved) -> pd.DataFrame:
    system = view.system
    now, base = view.now, view.base

    def life(values: Values, kind: str) -> float:
        return sum(view.of_type(g, None, kind, values=values) for g in system.groups)

    def recycled(values: Values, high_grade: bool) -> float:
        return sum(
            values.activity[s] for s, q in system.quality.items() if (q >= HIGH_GRADE) == high_grade
        )

    def share(values: Values) -> float:
        gross = sum(values.gross.values())
        return 100.0 * sum(values.secondary.values()) / gross if gross > TOL else 0.0

    def total(values: Values, field: str) -> float:
        return sum(getattr(values, field).values())

    demand = sum(system.demand_t.values())
    lines = [
        (
            "1 less raw material use",
            "primary_use_t",
            "t/yr",
            total(base, "primary"),
            total(now, "primary"),
        ),
        (
            "1 less raw material use",
            "weighted_primary_use",
            "weighted t/yr",
            base.weighted,
            now.weighted,
        ),
        (
            "2 substitution",
            "secondary_use_t",
            "t/yr",
            total(base, "secondary"),
            total(now, "secondary"),
        ),
        (
            "3 life extension",
            "design_for_repair_t",
            "t/yr",
            life(base, DFR),
            life(now, DFR),
        ),
        (
            "3 life extension",
            "reused_t",
            "t/yr",
            life(base, REUSE),
            life(now, REUSE),
        ),
        (
            "3 life extension",
            "new_purchases_avoided_t",
            "t/yr",
            demand - total(base, "new"),
            demand - total(now, "new"),
        ),
        (
            "4 high-grade recycling",
            "recycled_high_grade_t",
            "t/yr (quality ≥ 0.9)",
            recycled(base, True),
            recycled(now, True),
        ),
        (
            "4 high-grade recycling",
            "recycled_lower_grade_t",
            "t/yr (quality < 0.9)",
            recycled(base, False),
            recycled(now, False),
        ),
        # the share in % last, so the tonnage lines above it can share one chart
        ("2 substitution", "secondary_share_pct", "% of gross demand", share(base), share(now)),
    ]
    frame = pd.DataFrame(lines, columns=["goal", "indicator", "unit", "baseline", "optimum"])
    frame["change"] = frame["optimum"] - frame["baseline"]
    return frame
