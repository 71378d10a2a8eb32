"""The headline figures: the summary sheet (one year's, or a pathway's over its horizon)
and, in a pathway, the same figures year by year (the pathway sheet). No files, no
Pyomo."""

from __future__ import annotations

import pandas as pd

from model.formulation.goals import TARGET
from model.formulation.spending import BUDGET
from model.results.limits import Prices
from model.results.solved import Solved
from model.run.solution import reduction_pct
from model.schema import RECYCLE, REUSE
from model.schema.units import TOL


def one_year_summary(view: Solved, prices: Prices, _tables) -> pd.DataFrame:
    settings, solution = view.settings, view.solution
    now, base = view.now, view.base
    primary, base_primary = sum(now.primary.values()), sum(base.primary.values())
    price = prices.of(BUDGET, None, None)
    funded = sum(1 for x in now.activity.values() if x > TOL)
    saved = base.weighted - now.weighted
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
            "weighted t/yr" if settings.objective == "min_primary" else "€/yr",
            "optimal objective value (first solve)",
        ),
        (
            "weighted_primary_use",
            now.weighted,
            "weighted t/yr",
            "Σ weight × primary use of each material",
        ),
        ("primary_use_t", primary, "t/yr", "primary raw material use"),
        (
            "baseline_weighted_primary_use",
            base.weighted,
            "weighted t/yr",
            "the same, current practice (every measure at min_t)",
        ),
        (
            "baseline_primary_use_t",
            base_primary,
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
            reduction_pct(primary, base_primary),
            "%",
            "cut of plain tonnes of primary use against the baseline",
        ),
        ("budget_eur", settings.budget_eur, "€/yr", "budget (blank: no budget limit)"),
        ("budget_used_eur", now.cost, "€/yr", "spent by the portfolio"),
        (
            "budget_shadow_price_per_meur",
            None if price is None else price * 1e6,
            "weighted t/yr per €1 M" if settings.objective == "min_primary" else "€ per €1 M",
            "what the budget's last euro saves, at the rate of €1 M (the budget row's shadow "
            "price; blank: no budget limit). The next whole million may save less: "
            "next_meur_saving",
        ),
        (
            "next_meur_saving",
            solution.next_meur,
            "weighted t/yr",
            "what €1 M more than the budget saves, solved again with that budget (blank: "
            "no budget limit, or min_cost)",
        ),
        ("total_cost_eur", now.cost, "€/yr", "Σ cost_eur_per_t × activity"),
        ("measures_funded", funded, "count", "measures with activity above 0"),
        (
            "cost_per_weighted_t_saved_eur",
            now.cost / saved if saved > TOL else None,
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
                prices.of(TARGET, None, None),
                "€ per weighted t",
                "marginal cost of the target: euro per extra weighted tonne saved",
            )
        )
    return pd.DataFrame(rows, columns=["indicator", "value", "unit", "meaning"])


def _objective_unit(view: Solved) -> str:
    if view.solution.foresight is not None:
        return "the decided pathway's objective over the horizon"
    return "first solve's objective"


def horizon_summary(view: Solved, _prices, tables) -> pd.DataFrame:
    """A pathway's summary: over its horizon, and the cut in each year with a target."""
    now, base, span = view.now, view.base, view.solution.span
    years = view.years
    rows = [
        ("first_year", years[0], "year"),
        ("last_year", years[-1], "year"),
        ("objective", view.settings.objective, ""),
        ("weighted_primary_use", now.weighted, "weighted t over the horizon"),
        ("baseline_weighted_primary_use", base.weighted, "weighted t over the horizon"),
        ("reduction_pct", reduction_pct(now.weighted, base.weighted), "% over the horizon"),
        ("total_cost_eur", now.cost, "€ over the horizon, undiscounted"),
        ("objective_value", view.solution.objective, _objective_unit(view)),
        (
            "foresight",
            view.solution.foresight or "perfect",
            "years seen ahead, decided one year at a time"
            if view.solution.foresight
            else "every year planned at once",
        ),
    ]
    perfect = view.solution.perfect
    if perfect is not None:
        rows.append(
            (
                "perfect_foresight_reduction_pct",
                reduction_pct(perfect.weighted, base.weighted),
                "% over the horizon, had every year been planned at once",
            )
        )
    if view.solution.foresight is not None:
        rows.append(
            ("least_budget_factor", None, "not computed under limited foresight (PATHWAY.md)")
        )
    if span is not None:
        unit = (
            "× every year's budget" if view.flows.has_budget() else "€ a year, the same every year"
        )
        rows += [
            ("least_budget_factor", span.least_eur, unit + ": the least that allows a pathway"),
            (
                "saturation_budget_factor",
                span.saturation_eur,
                unit + ": beyond it money saves nothing",
            ),
            (
                "best_reduction_pct",
                reduction_pct(span.best_weighted, base.weighted) if span.best_weighted else None,
                "% over the horizon with unlimited money",
            ),
        ]
    cut = dict(zip(tables.pathway["year"], tables.pathway["reduction_pct"], strict=True))
    for t in years:
        target = view.value("reduction_target", "", t)
        if target:
            rows.append((f"reduction_pct_{t}", cut[t], f"% in {t} (target {100 * target:.0f} %)"))
    return pd.DataFrame(rows, columns=["indicator", "value", "unit"])


def pathway_table(view: Solved, prices: Prices) -> pd.DataFrame:
    """The pathway sheet: the headline figures of each year."""
    flows, system, now, base = view.flows, view.system, view.now, view.base
    rows = []
    for t in view.years:
        materials = [view.key(m, t) for m in system.materials]
        reused = sum(view.of_type(g, t, REUSE) for g in system.groups)
        recycled = sum(view.of_type(g, t, RECYCLE) for g in system.groups)
        price = prices.of(BUDGET, None, t)
        target = view.value("reduction_target", "", t)
        rows.append(
            {
                "year": t,
                "weighted_primary_use": now.weighted_by_year[t],
                "baseline_weighted_primary_use": base.weighted_by_year[t],
                "reduction_pct": reduction_pct(now.weighted_by_year[t], base.weighted_by_year[t]),
                "primary_use_t": sum(now.primary[key] for key in materials),
                "baseline_primary_use_t": sum(base.primary[key] for key in materials),
                "budget_eur": view.value("budget_eur", "", t) if flows.has_budget() else None,
                "budget_used_eur": now.cost_by_year[t],
                "budget_shadow_price_per_meur": None if price is None else price * 1e6,
                "least_budget_eur": _scaled(view, t, "least_eur"),
                "saturation_budget_eur": _scaled(view, t, "saturation_eur"),
                "reduction_target_pct": 100 * target if target else None,
                "new_purchases_t": sum(view.total(flows.new(g, t)) for g in system.groups),
                "outflow_t": sum(
                    view.with_constant(flows.group_outflow(g, t)) for g in system.groups
                ),
                "collected_t": reused + recycled,
                "reused_t": reused,
                "recycled_t": recycled,
                "secondary_used_t": sum(now.secondary[key] for key in materials),
            }
        )
    return pd.DataFrame(rows)


def _scaled(view: Solved, t, which: str) -> float | None:
    """theta · B_t: the year's budget at the least or the saturation factor."""
    span = view.solution.span
    factor = None if span is None else getattr(span, which)
    return None if factor is None else factor * view.flows.budget(t)[2]
