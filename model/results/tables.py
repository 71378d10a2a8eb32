"""ModelData + Solution → the result tables (pandas DataFrames). No files, no Pyomo.

Primal values come from the reported (tie-broken) portfolio and the baseline; shadow
prices and reduced costs from the first solve (MODEL.md, "Reading the result"). The
constraints table is built in `model.results.constraints`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from model.data.model_data import ModelData
from model.results.constraints import constraint_table
from model.results.requirements import requirement_table
from model.run.solution import Solution, Values, reduction_pct
from model.schema import DFR, RECYCLE, REUSE
from model.schema.units import HIGH_GRADE, TOL


@dataclass
class Tables:
    summary: pd.DataFrame
    portfolio: pd.DataFrame
    groups: pd.DataFrame
    materials: pd.DataFrame
    constraints: pd.DataFrame
    goals: pd.DataFrame
    run: pd.DataFrame
    requirements: pd.DataFrame | None = None
    cost_curve: pd.DataFrame | None = None
    pareto: pd.DataFrame | None = None
    pareto_activity: pd.DataFrame | None = None

    def sheets(self) -> dict[str, pd.DataFrame]:
        """The result sheets in reading order; cost_curve and the trade-off curve's two
        sheets when there are any."""
        names = ["summary", "portfolio", "groups", "materials", "constraints", "goals"]
        optional = ("requirements", "cost_curve", "pareto", "pareto_activity")
        names += [n for n in optional if getattr(self, n) is not None]
        return {name: getattr(self, name) for name in [*names, "run"]}


class _View:
    """Solved values with the sums the tables need, by group and type; their own fields
    (primary, secondary, gross, supply, new, weighted, cost) read through."""

    def __init__(self, data: ModelData, snap: Values):
        self.snap = snap
        self.by_type = data.system.index.of_group
        self.quality = data.system.quality

    def __getattr__(self, name: str):
        return getattr(self.snap, name)

    def activity(self, g: str, kind: str) -> float:
        return sum(self.snap.activity[s] for s in self.by_type.get((g, kind), []))

    def recycled(self, high_grade: bool) -> float:
        return sum(
            self.snap.activity[s]
            for s, q in self.quality.items()
            if (q >= HIGH_GRADE) == high_grade
        )


def build_tables(data: ModelData, solution: Solution, run_info: dict[str, object]) -> Tables:
    """All result sheets of WORKBOOK.md for one solved scenario."""
    now = _View(data, solution.portfolio)
    base = _View(data, solution.baseline)
    constraints = constraint_table(data, solution)
    portfolio = _portfolio(data, solution, now, constraints)
    return Tables(
        summary=_summary(data, solution, now, base, constraints),
        portfolio=portfolio,
        groups=_groups(data, now, base),
        materials=_materials(data, now, base),
        constraints=constraints,
        goals=_goals(data, now, base),
        requirements=requirement_table(data, solution, constraints),
        run=pd.DataFrame({"item": list(run_info), "value": [str(x) for x in run_info.values()]}),
        cost_curve=_cost_curve(portfolio),
        pareto=_pareto(data, solution) if solution.sweep else None,
        pareto_activity=_pareto_activity(data, solution) if solution.sweep else None,
    )


def _objective_unit(data: ModelData) -> str:
    return "weighted t/yr" if data.settings.objective == "min_primary" else "€/yr"


def _budget_price(constraints: pd.DataFrame) -> float | None:
    rows = constraints[constraints["constraint"] == "res_budget"]
    return float(rows["shadow_price"].iloc[0]) if len(rows) else None


def _summary(
    data: ModelData, solution: Solution, now: _View, base: _View, constraints
) -> pd.DataFrame:
    settings = data.settings
    price = _budget_price(constraints)
    target_rows = constraints[constraints["constraint"] == "res_target"]
    funded = sum(1 for x in solution.portfolio.activity.values() if x > TOL)
    rows = [
        ("scenario", settings.scenario, "", "scenario name"),
        ("status", "optimal", "", "optimal: the portfolio below is the best possible"),
        (
            "objective_name",
            settings.objective,
            "",
            "min_primary: least weighted primary use; min_cost: cheapest portfolio meeting the "
            "target",
        ),
        (
            "objective",
            solution.objective,
            _objective_unit(data),
            "optimal objective value (first solve)",
        ),
        (
            "weighted_primary_use",
            now.weighted,
            "weighted t/yr",
            "Σ weight × primary use of each material",
        ),
        ("primary_use_t", sum(now.primary.values()), "t/yr", "primary raw material use"),
        (
            "baseline_weighted_primary_use",
            base.weighted,
            "weighted t/yr",
            "the same, current practice (every measure at min_t)",
        ),
        (
            "baseline_primary_use_t",
            sum(base.primary.values()),
            "t/yr",
            "primary raw material use, current practice",
        ),
        (
            "reduction_pct",
            reduction_pct(now.weighted, base.weighted),
            "%",
            "cut of weighted primary use against the baseline",
        ),
        (
            "primary_reduction_pct",
            reduction_pct(sum(now.primary.values()), sum(base.primary.values())),
            "%",
            "cut of plain tonnes of primary use against the baseline",
        ),
        ("budget_eur", settings.budget_eur, "€/yr", "budget (blank: no budget limit)"),
        ("budget_used_eur", now.cost, "€/yr", "spent by the portfolio"),
        (
            "budget_shadow_price_per_meur",
            None if price is None else price * 1e6,
            "weighted t/yr per M€" if settings.objective == "min_primary" else "€ per M€",
            "what one more million euro of budget would save (blank: no budget limit)",
        ),
        ("total_cost_eur", now.cost, "€/yr", "Σ cost_eur_per_t × activity"),
        ("measures_funded", funded, "count", "measures with activity above 0"),
        (
            "cost_per_weighted_t_saved_eur",
            now.cost / (base.weighted - now.weighted)
            if base.weighted - now.weighted > TOL
            else None,
            "€ per weighted t",
            "average cost of a weighted tonne saved against the baseline",
        ),
    ]
    span = solution.span
    if span is not None:
        best = (
            None if span.best_weighted is None else reduction_pct(span.best_weighted, base.weighted)
        )
        rows += [
            (
                "least_feasible_budget_eur",
                span.least_eur,
                "€/yr",
                "the least budget with which any portfolio is feasible: what the minimum "
                "activities and the recycled-content obligations cost",
            ),
            (
                "saturation_budget_eur",
                span.saturation_eur,
                "€/yr",
                "beyond this budget more money saves nothing: every measure that helps is "
                "at its limit",
            ),
            (
                "best_reduction_pct",
                best,
                "%",
                "the most the measures can cut weighted primary use, with no budget limit",
            ),
        ]
    if settings.objective == "min_cost":
        rows.append(
            (
                "reduction_target_pct",
                100.0 * (settings.reduction_target or 0.0),
                "%",
                "required cut of weighted primary use",
            )
        )
        rows.append(
            (
                "target_shadow_price_eur_per_t",
                float(target_rows["shadow_price"].iloc[0]) if len(target_rows) else None,
                "€ per weighted t",
                "marginal cost of the target: euro per extra weighted tonne saved",
            )
        )
    return pd.DataFrame(rows, columns=["indicator", "value", "unit", "meaning"])


def _portfolio(data: ModelData, solution: Solution, now: _View, constraints) -> pd.DataFrame:
    system = data.system
    price = _budget_price(constraints)
    budget_binds = bool(price and price > TOL and data.settings.objective == "min_primary")
    # the share of each material's secondary supply that is used, recycled part only
    used_share = {
        m: _recycled_used(now, m) / now.supply[m] if now.supply[m] > TOL else 0.0
        for m in system.materials
    }
    rows = []
    for s in system.measures:
        g, kind = system.group_of[s], system.type_of[s]
        x = solution.portfolio.activity[s]
        lo, up = system.min_t[s], system.max_t[s]
        composition = system.index.materials_in.get(g, {})
        if kind == DFR:
            saved = system.avoided_per_t(s) * x * sum(composition.values())
        elif kind == REUSE:
            saved = system.displacement[s] * x * sum(composition.values())
        else:
            saved = sum(
                system.quality[s] * system.yield_.get((s, m), 0.0) * w * x * used_share[m]
                for m, w in composition.items()
            )
        rc = solution.reduced_costs.get(s, 0.0)
        at = "min_t" if x <= lo + TOL * max(1, lo) else ""
        if up is not None and x >= up - TOL * max(1, up):
            at = "max_t"
        rows.append(
            {
                "measure": s,
                "group": g,
                "type": kind,
                "activity_t": x,
                "share_of_max": x / up if up else None,
                "cost_eur": system.cost_eur_per_t[s] * x,
                "primary_saved_t": saved,
                "reduced_cost": rc,
                "cost_gap_eur_per_t": rc / price if budget_binds and at == "min_t" else None,
                "at_bound": at or "no",
                "cost_eur_per_t": system.cost_eur_per_t[s],
                "min_t": lo,
                "max_t": up,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "measure",
            "group",
            "type",
            "activity_t",
            "share_of_max",
            "cost_eur",
            "primary_saved_t",
            "reduced_cost",
            "cost_gap_eur_per_t",
            "at_bound",
            "cost_eur_per_t",
            "min_t",
            "max_t",
        ],
    )


def _groups(data: ModelData, now: _View, base: _View) -> pd.DataFrame:
    system = data.system
    rows = []
    for g in system.groups:
        reused, recycled = now.activity(g, REUSE), now.activity(g, RECYCLE)
        outflow = now.new[g] + reused
        rows.append(
            {
                "group": g,
                "new_purchases_t": now.new[g],
                "baseline_new_purchases_t": base.new[g],
                "demand_t": system.demand_t[g],
                "avoided_purchases_t": system.demand_t[g] - now.new[g],
                "repair_covered_t": now.activity(g, DFR),
                "reused_t": reused,
                "recycled_t": recycled,
                "outflow_t": outflow,
                "collected_share": (reused + recycled) / outflow if outflow > TOL else 0.0,
                "collection_rate": system.collection_rate[g],
                "reusable_share": system.reusable_share[g],
            }
        )
    return pd.DataFrame(rows)


def _recycled_used(now: _View, m: str) -> float:
    """Secondary m used that recycling supplied (the rest came from outside)."""
    return now.secondary[m] - now.snap.outside_used(m)


def _materials(data: ModelData, now: _View, base: _View) -> pd.DataFrame:
    system = data.system
    rows = []
    for m in system.materials:
        gross = now.gross[m]
        rows.append(
            {
                "material": m,
                "primary_t": now.primary[m],
                "baseline_primary_t": base.primary[m],
                "secondary_t": now.secondary[m],
                "gross_demand_t": gross,
                "secondary_supply_t": now.supply[m],
                "outside_secondary_t": now.snap.outside_used(m),
                "outside_secondary_available_t": system.outside_secondary_t.get(m, 0.0),
                "outside_secondary_cost_eur": (
                    system.outside_cost_eur_per_t.get(m, 0.0) * now.outside[m]
                ),
                "secondary_share": now.secondary[m] / gross if gross > TOL else 0.0,
                "reduction_pct": reduction_pct(now.primary[m], base.primary[m]),
                "weight": system.weight[m],
                "weighted_primary": system.weight[m] * now.primary[m],
                "critical": "yes" if system.critical[m] else "no",
            }
        )
    return pd.DataFrame(rows)


def _goals(data: ModelData, now: _View, base: _View) -> pd.DataFrame:
    system = data.system

    def life(view: _View, kind: str) -> float:
        return sum(view.activity(g, kind) for g in system.groups)

    def share(view: _View) -> float:
        gross = sum(view.gross.values())
        return 100.0 * sum(view.secondary.values()) / gross if gross > TOL else 0.0

    demand = sum(system.demand_t.values())
    lines = [
        (
            "1 less raw material use",
            "primary_use_t",
            "t/yr",
            sum(base.primary.values()),
            sum(now.primary.values()),
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
            sum(base.secondary.values()),
            sum(now.secondary.values()),
        ),
        ("3 life extension", "design_for_repair_t", "t/yr", life(base, DFR), life(now, DFR)),
        ("3 life extension", "reused_t", "t/yr", life(base, REUSE), life(now, REUSE)),
        (
            "3 life extension",
            "new_purchases_avoided_t",
            "t/yr",
            demand - sum(base.new.values()),
            demand - sum(now.new.values()),
        ),
        (
            "4 high-grade recycling",
            "recycled_high_grade_t",
            "t/yr (quality ≥ 0.9)",
            base.recycled(True),
            now.recycled(True),
        ),
        (
            "4 high-grade recycling",
            "recycled_lower_grade_t",
            "t/yr (quality < 0.9)",
            base.recycled(False),
            now.recycled(False),
        ),
    ]
    # the share in % last, so the tonnage lines above it can share one chart
    lines.append(
        ("2 substitution", "secondary_share_pct", "% of gross demand", share(base), share(now))
    )
    frame = pd.DataFrame(lines, columns=["goal", "indicator", "unit", "baseline", "optimum"])
    frame["change"] = frame["optimum"] - frame["baseline"]
    return frame


def _cost_curve(portfolio: pd.DataFrame) -> pd.DataFrame:
    """Funded measures ranked by euro per tonne of primary material saved, the way a
    cost curve shows them (for communication: the LP chose the portfolio, not this order)."""
    funded = portfolio[(portfolio["activity_t"] > TOL) & (portfolio["primary_saved_t"] > TOL)]
    frame = pd.DataFrame(
        {
            "measure": funded["measure"],
            "type": funded["type"],
            "cost_per_t_saved_eur": funded["cost_eur"] / funded["primary_saved_t"],
            "primary_saved_t": funded["primary_saved_t"],
            "cost_eur": funded["cost_eur"],
        }
    ).sort_values("cost_per_t_saved_eur", kind="stable")
    frame["cumulative_saved_t"] = frame["primary_saved_t"].cumsum()
    return frame.reset_index(drop=True)


def _pareto(data: ModelData, solution: Solution) -> pd.DataFrame:
    """The budget trade-off curve: one row per budget, with what enters and leaves."""
    base = solution.baseline.weighted
    measures = data.system.measures
    rows, before = [], set()
    for point in solution.sweep:
        funded = {s for s, x in point.activity.items() if x > TOL}
        row = {
            "budget_eur": point.budget_eur,
            "status": point.status,
            "weighted_primary_use": point.weighted_primary_use,
            "reduction_pct": (
                None
                if point.weighted_primary_use is None
                else reduction_pct(point.weighted_primary_use, base)
            ),
            "saving_per_meur": point.saving_per_meur,
            "cost_eur": point.cost_eur,
            "measures_entering": ", ".join(s for s in measures if s in funded - before),
            "measures_leaving": ", ".join(s for s in measures if s in before - funded),
        }
        rows.append(row)
        before = funded
    return pd.DataFrame(rows)


def _pareto_activity(data: ModelData, solution: Solution) -> pd.DataFrame:
    """The trade-off curve measure by measure, long (one row per budget and funded
    measure), so that the sheet grows in rows, never past Excel's 16,384 columns."""
    rows = [
        (point.budget_eur, s, point.activity[s])
        for point in solution.sweep
        for s in data.system.measures
        if point.activity.get(s, 0.0) > TOL
    ]
    return pd.DataFrame(rows, columns=["budget_eur", "measure", "activity_t"])
