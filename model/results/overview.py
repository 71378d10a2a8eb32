"""The answer at a glance, for the overview sheet and the terminal: what to fund and what
it achieves; in a pathway, when. One year's answers are read from the result tables; a
pathway's also from its data (milestone years, targets, lifetimes)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from model.formulation.materials import RECYCLED_CONTENT_MIN
from model.formulation.spending import BUDGET
from model.results.designs import DESIGNS, substitute_lines, supply_lines
from model.results.foresight import foresight_lines
from model.results.limits import POLICY_LIMITS, binding_policy_limits, rows_of
from model.results.solved import Solved
from model.run.solution import reduction_pct
from model.schema import MEASURE_TYPES
from model.schema.units import TOL, cut, eur, spans

if TYPE_CHECKING:
    from model.results.table_set import Tables

__all__ = ["POLICY_LIMITS", "headline", "one_year_answers", "pathway_answers", "terminal_summary"]

# A list longer than LISTED_AT_MOST is cut to its SHOWN most important lines, with a
# line that counts the rest and names the sheet that lists them all; the overview of
# an economy-wide run stays a page, not thousands of lines.
LISTED_AT_MOST, SHOWN = 12, 10
# Groups in the overview's pivot and chart; the others are summed on one line.
GROUPS_SHOWN = 15
# Paths whose last year given is the last target year (PATHWAY.md, "End of the horizon").
TARGETS = ("reduction_target", "min_secondary_share", "min_share")


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def one_year_answers(view: Solved, tables) -> tuple[str, list[tuple[str, str]]]:
    """(heading, lines): the terminal's first line and the overview's (question, answer)
    lines, the question blank under its first answer."""
    s = dict(zip(tables.summary["indicator"], tables.summary["value"], strict=True))
    heading = f"Scenario {s['scenario']} · objective {s['objective_name']} · {s['status']}"
    return heading, headline(tables) + _pairs(_design_answers(view, tables, view.years))


def _abiotic(goals: pd.DataFrame | None) -> str:
    """ "; −X % in primary abiotic tonnes" where some material is biotic (the national
    −50 % counts primary abiotic use), over every year of a pathway; else ""."""
    if goals is None:
        return ""
    lines = goals.groupby("indicator", sort=False)[["baseline", "optimum"]].sum()
    if "primary_biotic_t" not in lines.index or lines.loc["primary_biotic_t", "baseline"] <= 0:
        return ""
    base, now = lines.loc["primary_abiotic_t", ["baseline", "optimum"]]
    change = reduction_pct(now, base)
    return "" if change is None else f"; {cut(change)} in primary abiotic tonnes"


def _design_answers(view: Solved, tables, years) -> list[tuple[str, list[str]]]:
    """The substitutes funded and the primary supply caps that bind (SUBSTITUTION.md),
    where there are any."""
    out = []
    substitutes = substitute_lines(view, years)
    if substitutes:
        out.append(("Which other designs are funded, and what do they change?", substitutes))
    supply = supply_lines(view, tables.constraints)
    if supply:
        out.append(("Is primary supply short?", supply))
    return out


def _pairs(lines: list[tuple[str, list[str]]]) -> list[tuple[str, str]]:
    """(question, answer lines) → (question, line) pairs, the question on the first."""
    return [
        (question if i == 0 else "", line)
        for question, answer in lines
        for i, line in enumerate(answer)
    ]


def headline(tables: Tables) -> list[tuple[str, str]]:
    """(question, answer) lines; a question with several answer lines repeats as ''."""
    s = dict(zip(tables.summary["indicator"], tables.summary["value"], strict=True))
    out: list[tuple[str, str]] = []
    chosen = tables.portfolio[tables.portfolio["activity_t"] > TOL]
    funded = f"{len(chosen)} measures for {eur(s['total_cost_eur'])} a year"
    listed = chosen
    if len(chosen) > LISTED_AT_MOST:
        funded += f"; the {SHOWN} that cost most"
        listed = chosen.sort_values("cost_eur", ascending=False, kind="stable").head(SHOWN)
    out.append(("What should we fund?", funded + ":"))
    for row in listed.itertuples(index=False):
        bound = " (at its max_t)" if row.at_bound == "max_t" else ""
        out.append(("", f"{row.measure}: {row.activity_t:,.0f} t/yr, {eur(row.cost_eur)}{bound}"))
    if len(listed) < len(chosen):
        rest = chosen["cost_eur"].sum() - listed["cost_eur"].sum()
        out.append(
            (
                "",
                f"… and {len(chosen) - len(listed):,} more measures for {eur(rest)}: "
                "the portfolio sheet lists them all",
            )
        )
    reduction = s["reduction_pct"]
    out.append(
        (
            "What does it achieve?",
            (
                f"{cut(reduction)} weighted primary raw material use against current practice "
                f"({s['baseline_weighted_primary_use']:,.0f} → {s['weighted_primary_use']:,.0f} "
                f"weighted t/yr); {cut(s['primary_reduction_pct'])} in plain tonnes"
                + _abiotic(tables.goals)
                if _given(reduction)
                else "no primary raw material use to reduce"
            ),
        )
    )
    if _given(s.get("budget_eur")):
        out.append(("What would the next €1 M buy?", _next_million(s)))
    if "target_shadow_price_eur_per_t" in s:
        out.append(
            (
                "What does the target cost?",
                (
                    f"{eur(s['total_cost_eur'])} a year; one more weighted tonne saved would cost "
                    f"{eur(s['target_shadow_price_eur_per_t'] or 0)}"
                ),
            )
        )
    if _given(s.get("least_feasible_budget_eur")):
        out.append(
            (
                "How far can money go?",
                (
                    f"at least {eur(s['least_feasible_budget_eur'], up=True)} is needed for any "
                    f"feasible portfolio; beyond {eur(s['saturation_budget_eur'])} more money "
                    f"saves nothing (at most {cut(s['best_reduction_pct'])} with these measures)"
                ),
            )
        )
    binding = binding_policy_limits(tables.constraints)
    first = "Which limits bind?"
    listed = binding
    if len(binding) > LISTED_AT_MOST:
        # Shadow prices are per unit of each limit (t, €, capacity units); what 1 % more
        # of the limit is worth is in the objective's unit for all of them.
        worth = binding["shadow_price"] * binding["limit"].abs()
        listed = binding.loc[worth.sort_values(ascending=False, kind="stable").index[:SHOWN]]
        out.append(
            (
                first,
                f"{len(binding):,} limits bind; the {SHOWN} where 1 % more would save most:",
            )
        )
        first = ""
    for row in listed.itertuples(index=False):
        out.append((first, f"{row.limit_on}: {row.meaning}"))
        first = ""
    if len(listed) < len(binding):
        out.append(
            (
                "",
                f"… and {len(binding) - len(listed):,} more: the constraints sheet lists every "
                "limit with its shadow price",
            )
        )
    return out


def activity_by_group_and_type(tables: Tables) -> pd.DataFrame:
    """Activity (t/yr) with one row per group and one column per measure type."""
    pivot = tables.portfolio.pivot_table(
        index="group",
        columns="type",
        values="activity_t",
        aggfunc="sum",
        fill_value=0.0,
        sort=False,
    )
    # every type, but a type of other designs only where the workbook has one
    types = [t for t in MEASURE_TYPES if t in pivot.columns or t not in DESIGNS]
    pivot = pivot.reindex(columns=types, fill_value=0.0)
    groups = list(dict.fromkeys(tables.groups["group"]))
    pivot = pivot.reindex(groups, fill_value=0.0)
    if len(pivot) > GROUPS_SHOWN:
        by_total = pivot.sum(axis=1).sort_values(ascending=False, kind="stable")
        largest = set(by_total.index[: GROUPS_SHOWN - 1])
        kept = pivot.loc[[g for g in pivot.index if g in largest]]
        others = pivot.drop(index=kept.index)
        pivot = kept.copy()
        pivot.loc[f"the other {len(others):,} groups"] = others.sum()
    return pivot.reset_index(names="group (t/yr)")


def pathway_answers(view: Solved, tables) -> tuple[str, list[tuple[str, str]]]:
    """(heading, lines), the answers in words: does the target come within reach in its
    year, what to fund when, which plants to build when, when the obligations bind."""
    now, base = view.now, view.base
    years = view.years
    pathway, constraints = tables.pathway, tables.constraints
    milestones = _milestones(view)
    total = reduction_pct(now.weighted, base.weighted) or 0.0
    by_year = dict(zip(pathway["year"], pathway["reduction_pct"], strict=True))
    achieve = [
        f"{cut(total)} weighted primary raw material use over {years[0]}–{years[-1]} "
        "against current practice" + _abiotic(tables.goals),
        "by year: " + ", ".join(f"{t} {cut(by_year[t])}" for t in milestones if t in by_year),
    ]
    targets = pathway.dropna(subset=["reduction_target_pct"])
    for _, row in targets.iterrows():
        short = row["reduction_target_pct"] - (row["reduction_pct"] or 0.0)
        if short > 0.05:
            achieve.append(
                f"the target for {row['year']} (−{row['reduction_target_pct']:.0f} %) is "
                f"missed by {short:.1f} points"
            )
    lines = [("What does the pathway achieve?", achieve)]
    if view.solution.foresight is not None:
        lines.append(("What does not planning ahead cost?", foresight_lines(view)))
    money = _money(view, pathway)
    if money:
        lines.append(("How far can money go?", money))
    fund = []
    for t in milestones:
        funded = [
            (s, x)
            for (s, year), x in now.activity.items()
            if year == t and x > TOL + view.value("min_t", s, t)
        ]
        funded.sort(key=lambda sx: -view.value("cost_eur_per_t", sx[0], t) * sx[1])
        if funded:
            top = ", ".join(f"{s} {x:,.0f} t" for s, x in funded[:4])
            fund.append(f"{t}: {top}" + (f" and {len(funded) - 4} more" if len(funded) > 4 else ""))
    lines.append(("What to fund in which year?", fund or ["nothing above current practice"]))
    built = tables.builds[tables.builds["built"] >= 0.5]  # less shows as 0: round-off
    units = view.system.capacity_unit
    plants = [
        f"{row['capacity']}: {row['built']:,.0f} {units.get(row['capacity']) or 'units'} "
        f"in {row['year']}"
        for _, row in built.iterrows()
    ]
    lines.append(("Which plants to build when?", plants or ["none"]))
    obligations = []
    binding = rows_of(constraints, RECYCLED_CONTENT_MIN, binding=True)
    for name, rows in binding.groupby("constraint", sort=False):
        price = rows["shadow_price"].mean()
        saved = (
            f"{price:,.1f} weighted t" if view.settings.objective == "min_primary" else eur(price)
        )
        obligations.append(
            f"{name.split('[')[1].rstrip(']')}: binds in {spans(sorted(rows['year']))}; "
            f"each tonne less would save {saved} on average"
        )
    lines.append(("When do the recycled-content obligations bind?", obligations or ["never"]))
    lines += _design_answers(view, tables, years)
    horizon = horizon_warning(view)
    if horizon:
        lines.append(("Is the horizon long enough?", [horizon]))
    budget = rows_of(constraints, BUDGET, binding=True)
    if len(budget):
        binds = spans(sorted(budget["year"]))
        lines.append(
            ("Does the budget bind?", [f"in {binds} ({len(budget)} of {len(pathway)} years)"])
        )
    settings = view.settings
    heading = f"Pathway {settings.scenario} {years[0]}–{years[-1]} · {settings.objective}"
    return heading, _pairs(lines)


def _money(view: Solved, pathway: pd.DataFrame) -> list[str]:
    """The budget range in words, with one milestone year's budgets as the example."""
    if view.solution.foresight is not None:
        return [
            "not computed under limited foresight (the budget range needs every year "
            "planned at once)"
        ]
    span = view.solution.span
    if span is None or span.least_eur is None:
        return []
    year = 2030 if 2030 in set(pathway["year"]) else int(pathway["year"].iloc[0])
    row = pathway.loc[pathway["year"] == year].iloc[0]
    if not view.flows.has_budget():
        least = eur(span.least_eur, up=True)
        return [f"a flat {least} a year is the least that allows a pathway"]
    out = [
        f"at least {math.ceil(span.least_eur * 100 - 1e-9) / 100:.2f} × every year's budget "
        f"is needed for any feasible pathway ({eur(row['least_budget_eur'], up=True)} in {year})"
    ]
    if span.saturation_eur is not None:
        best = reduction_pct(span.best_weighted, view.base.weighted) or 0.0
        out.append(
            f"beyond {span.saturation_eur:.2f} × every year's budget "
            f"({eur(row['saturation_budget_eur'])} in {year}) more money saves "
            f"nothing: at most −{best:.1f} % over the horizon with these measures"
        )
    return out


def horizon_warning(view: Solved) -> str:
    """PATHWAY.md, "End of the horizon": what a measure achieves after t1 is not counted,
    so a group whose mean lifetime reaches past t1 from the last target year (the last
    year a target, an obligation or a requirement is given for) is named."""
    pathway = view.data.pathway
    given = [
        year
        for (parameter, _item), points in pathway.paths.items()
        if parameter in TARGETS
        for year in points
        if pathway.first_year <= year <= pathway.last_year
    ]
    given += [t for t in view.years if view.value("reduction_target", "", t)]
    if not given:
        return ""
    last = max(given)
    short = [
        f"{g} ({mu:g} yr)"
        for g, mu in pathway.lifetime_years.items()
        if last + mu > pathway.last_year
    ]
    if not short:
        return ""
    return (
        f"the last target year is {last}, and the mean lifetime of {', '.join(short)} reaches "
        f"past {pathway.last_year}: what measures achieve after {pathway.last_year} is not "
        "counted, so run a horizon at least one lifetime longer than the years you report on"
    )


def _milestones(view: Solved) -> list[int]:
    """The first year, every fifth year, the years with a target, and the last year."""
    years = list(view.years)
    chosen = {years[0], years[-1]} | {t for t in years if t % 5 == 0}
    chosen |= {t for t in years if view.value("reduction_target", "", t)}
    return sorted(chosen)


def terminal_summary(tables, path) -> str:
    """The overview as plain lines for the terminal."""
    lines = [tables.heading]
    for question, answer in tables.overview:
        if question:
            lines.append(question)
        lines.append(f"  {answer}")
    if path is not None:
        lines.append(f"Result workbook: {path}")
    return "\n".join(lines)


def _next_million(s) -> str:
    """What the next €1 M buys: solved where it was (`next_meur_saving`), with the rate
    at the margin where that is more (the saving per euro falls within the million);
    else the rate at the margin (the budget row's shadow price)."""
    price, saving = s.get("budget_shadow_price_per_meur"), s.get("next_meur_saving")
    if not (_given(price) and price > 0):
        return "nothing: the budget is not the limit"
    if not _given(saving):
        return f"{price:,.0f} weighted t less primary use (at the rate of the last euro)"
    text = f"{saving:,.0f} weighted t less primary use"
    if price > saving * (1 + 1e-3) + 0.5:
        text += (
            f"; the first euros of it save at {price:,.0f} t per €1 M, the rest less "
            "(the measures that pay best reach their limits within the million)"
        )
    return text
