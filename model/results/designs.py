"""Other designs and scarce primary supply in the results (SUBSTITUTION.md): the designs
sheet, and the overview's words for the substitutes funded and the primary supply caps
that bind. No files, no Pyomo."""

from __future__ import annotations

import pandas as pd

from model.formulation.materials import PRIMARY_SUPPLY
from model.results.limits import rows_of
from model.results.solved import Solved
from model.schema import STANDARD_DESIGN
from model.schema.measure_types import BY_TYPE, types_that
from model.schema.units import TOL, spans, tonnes

_FLOWS = ["new_purchases_t", "outflow_t", "reused_t", "recycled_t"]
DESIGN_COLUMNS = {
    "steady": ["group", "design", *_FLOWS],
    "cohorts": ["group", "design", "year", *_FLOWS],
}
DESIGNS = types_that("design")


def design_table(view: Solved) -> pd.DataFrame | None:
    """Each design of the groups with substitute measures: bought new (the standard
    design: N_g, repairable designs included; a substitute: P_s), leaving use, reused
    and recycled. None where no group has a substitute."""
    system, flows = view.system, view.flows
    index = system.index
    if not index.split_groups:
        return None
    reusing, recovering = types_that("reused"), types_that("recovers")
    rows = []
    for g in system.groups:
        if g not in index.split_groups:
            continue
        for v in index.designs_of[g]:
            for t in view.years:
                rows.append(
                    {
                        "group": g,
                        "design": STANDARD_DESIGN if v == g else v,
                        "year": t,
                        "new_purchases_t": view.total(flows.purchases(v, t)),
                        "outflow_t": view.with_constant(flows.outflow(v, t)),
                        "reused_t": view.total(flows.on_designs(v, t, *reusing)),
                        "recycled_t": view.total(flows.on_designs(v, t, *recovering)),
                    }
                )
    return view.frame(rows, DESIGN_COLUMNS)


def _weighted_per_t(system, v: str, per: float = 1.0) -> float:
    """Weighted primary material in one standard-equivalent tonne of design v bought."""
    return per * sum(system.weight[m] * w for m, w in system.index.composition[v].items())


def _materials_changed(system, s: str) -> str:
    """What design s needs less and more of than its group's standard design, per
    standard-equivalent tonne (critical materials first)."""
    g = system.group_of[s]
    per = BY_TYPE[system.type_of[s]].bought(system.parameter(s))
    standard, own = system.index.composition[g], system.index.composition[s]
    change = {m: per * own.get(m, 0.0) - standard.get(m, 0.0) for m in {*standard, *own}}
    order = sorted(change, key=lambda m: (not system.critical[m], -abs(change[m]), m))

    def listed(sign: float) -> list[str]:
        """Every critical material that changes that way, then the two that change most."""
        found = [m for m in order if sign * change[m] > 1e-9]
        critical = [m for m in found if system.critical[m]]
        return critical + [m for m in found if not system.critical[m]][:2]

    less, more = listed(-1.0), listed(1.0)
    parts = []
    if less:
        parts.append("less " + ", ".join(less))
    if more:
        parts.append("more " + ", ".join(more))
    return "; ".join(parts) or "the same materials"


def _when(used: dict) -> str:
    """How much of a design is bought: t/yr in one year; in a pathway the years from
    the first to the last, and the year of the most."""
    if list(used) == [None]:
        return f"{used[None]:,.0f} t/yr"
    first, last = min(used), max(used)
    peak = max(used, key=lambda t: used[t])
    span = f"in {first}" if first == last else f"from {first} to {last}"
    return f"{span}, most in {peak} ({used[peak]:,.0f} t)"


def substitute_lines(view: Solved, years) -> list[str]:
    """Each substitute measure the portfolio funds (in any of `years`): how much and
    when, what a tonne of its design weighs in the objective against the standard
    design, and which materials it needs less and more of (every critical one)."""
    system, now = view.system, view.now
    lines = []
    for s in system.measures:
        if system.type_of[s] not in DESIGNS:
            continue
        used = {t: now.activity[view.key(s, t)] for t in years}
        used = {t: x for t, x in used.items() if x > TOL}
        if not used:
            continue
        g = system.group_of[s]
        per = BY_TYPE[system.type_of[s]].bought(system.parameter(s))
        mine, theirs = _weighted_per_t(system, s, per), _weighted_per_t(system, g)
        when = _when(used)
        lines.append(
            f"{s} ({g}): {when}; a tonne of it weighs {mine:.3g} weighted t against "
            f"{theirs:.3g} for the standard design; it needs {_materials_changed(system, s)}"
        )
    return lines


def supply_lines(view: Solved, constraints: pd.DataFrame) -> list[str]:
    """Each primary supply cap (row 12) that binds: when, and what one more tonne of
    that primary material would save."""
    binding = rows_of(constraints, PRIMARY_SUPPLY, binding=True)
    unit = "weighted t" if view.settings.objective == "min_primary" else "€"
    lines = []
    for name, rows in binding.groupby("constraint", sort=False):
        m = name.split("[", 1)[1].rstrip("]")
        price = float(rows["shadow_price"].mean())
        if "year" in rows.columns:
            when = f"binds in {spans(sorted(int(t) for t in rows['year']))}"
        else:
            when = f"binds at {tonnes(float(rows['limit'].iloc[0]))}"
        lines.append(
            f"primary {m}: {when}; one more tonne of primary {m} would save "
            f"{price:,.4g} {unit}" + (" on average" if len(rows) > 1 else "")
        )
    return lines
