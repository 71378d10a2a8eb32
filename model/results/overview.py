"""The answer at a glance: what to fund and what it achieves, for the overview sheet and
the terminal. Built from the result tables only."""

from __future__ import annotations

import math

import pandas as pd

from model.formulation.families import FAMILIES
from model.results.tables import Tables
from model.schema import MEASURE_TYPES
from model.schema.units import TOL, cut, eur

# Limits an analyst sets or can move; the balance rows (demand, secondary supply) are
# physics and stay on the constraints sheet only.
POLICY_LIMITS = tuple(family.name for family in FAMILIES if family.policy)
# A list longer than LISTED_AT_MOST is cut to its SHOWN most important lines, with a
# line that counts the rest and names the sheet that lists them all; the overview of
# an economy-wide run stays a page, not thousands of lines.
LISTED_AT_MOST, SHOWN = 12, 10
# Groups in the overview's pivot and chart; the others are summed on one line.
GROUPS_SHOWN = 15


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def binding_policy_limits(constraints: pd.DataFrame) -> pd.DataFrame:
    """The rows of the constraints sheet for policy limits that bind and whose relaxing
    would improve the objective."""
    family = constraints["constraint"].str.split("[", regex=False).str[0]
    return constraints[
        (constraints["binding"] == "yes")
        & (constraints["shadow_price"] > 1e-9)
        & family.isin(POLICY_LIMITS)
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
                if _given(reduction)
                else "no primary raw material use to reduce"
            ),
        )
    )
    if _given(s.get("budget_eur")):
        price = s.get("budget_shadow_price_per_meur")
        more = (
            f"{price:,.0f} weighted t less primary use"
            if _given(price) and price > 0
            else "nothing: the budget is not the limit"
        )
        out.append(("What would the next €1 M buy?", more))
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
                    f"at least {eur(s['least_feasible_budget_eur'])} is needed for any feasible "
                    f"portfolio; beyond {eur(s['saturation_budget_eur'])} more money saves nothing "
                    f"(at most {cut(s['best_reduction_pct'])} with these measures)"
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
    pivot = pivot.reindex(columns=list(MEASURE_TYPES), fill_value=0.0)
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


def terminal_summary(tables: Tables, path) -> str:
    """The headline as plain lines for the terminal."""
    s = dict(zip(tables.summary["indicator"], tables.summary["value"], strict=True))
    lines = [f"Scenario {s['scenario']} · objective {s['objective_name']} · {s['status']}"]
    for question, answer in headline(tables):
        if question:
            lines.append(question)
        lines.append(f"  {answer}")
    if path is not None:
        lines.append(f"Result workbook: {path}")
    return "\n".join(lines)
