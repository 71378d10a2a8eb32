"""The overview (first sheet and terminal summary) stays a page at any size.

A short list is shown whole; a long one is cut to its most important lines plus a line
that counts the rest and names the sheet that lists them all.
"""

from __future__ import annotations

import pytest

from inputs.build_default import ROWS
from model.io.reader import read_rows
from model.results.overview import (
    GROUPS_SHOWN,
    LISTED_AT_MOST,
    POLICY_LIMITS,
    SHOWN,
    activity_by_group_and_type,
    headline,
)
from model.results.tables import build_tables
from model.run.driver import explained
from tests.helpers.workbooks import random_rows, two_repairs_rows


def _answers(lines, question):
    """The answer lines under `question`, up to the next question."""
    out, inside = [], False
    for q, answer in lines:
        if q:
            inside = q == question
        if inside:
            out.append(answer)
    return out


def _binding_policy_limits(tables):
    table = tables.constraints
    family = table["constraint"].str.split("[", regex=False).str[0]
    on_nothing = (table["limit"].abs() <= 1e-6) & (table["used"].abs() <= 1e-6)  # 0 ≤ 0
    return table[
        (table["binding"] == "yes")
        & (table["shadow_price"] > 1e-9)
        & family.isin(POLICY_LIMITS)
        & ~on_nothing
    ]


def test_a_short_portfolio_is_listed_whole(solve_rows):
    """The default example: its funded measures and binding policy limits (fewer than
    LISTED_AT_MOST of each) are all listed, in workbook order, with no 'and N more'
    line."""
    _, tables = solve_rows(ROWS)
    lines = headline(tables)
    chosen = tables.portfolio[tables.portfolio["activity_t"] > 1e-6]
    fund = _answers(lines, "What should we fund?")
    assert 5 <= len(chosen) <= LISTED_AT_MOST
    assert len(fund) == 1 + len(chosen)
    assert [line.split(":")[0] for line in fund[1:]] == list(chosen["measure"])
    limits = _answers(lines, "Which limits bind?")
    assert 3 <= len(_binding_policy_limits(tables)) <= LISTED_AT_MOST
    assert len(limits) == len(_binding_policy_limits(tables))
    assert not any("more" in line for line in fund + limits)


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    data = read_rows(_large_rows(), source="large")
    return build_tables(data, explained(data, budget=True), {})


def _large_rows():
    """40 groups with a budget that leaves many measures funded and many limits binding."""
    rows = random_rows(11, groups=40)
    rows.pop("requirements", None)  # the case was picked before it had any
    rows["settings"] = [
        r for r in rows["settings"] if r["setting"] not in ("objective", "budget_eur")
    ] + [{"setting": "objective", "value": "min_primary"}]
    return rows


def test_a_long_portfolio_lists_the_costliest_and_counts_the_rest(large):
    """More than LISTED_AT_MOST funded measures: the SHOWN costliest, most costly first,
    then one line with how many more and what they cost together."""
    lines = headline(large)
    chosen = large.portfolio[large.portfolio["activity_t"] > 1e-6]
    assert len(chosen) > LISTED_AT_MOST, "the instance must be large enough to test this"
    fund = _answers(lines, "What should we fund?")
    assert len(fund) == 1 + SHOWN + 1
    listed = [line.split(":")[0] for line in fund[1:-1]]
    costliest = chosen.sort_values("cost_eur", ascending=False)["measure"].head(SHOWN)
    assert listed == list(costliest)
    rest = chosen.loc[~chosen["measure"].isin(listed), "cost_eur"].sum()
    assert f"and {len(chosen) - SHOWN:,} more measures" in fund[-1]
    assert "portfolio sheet" in fund[-1]
    assert rest > 0


def test_long_binding_limits_are_ranked_by_what_one_percent_more_is_worth(large):
    """More than LISTED_AT_MOST binding limits: the SHOWN whose 1 % relaxation
    (shadow price × limit) improves the objective most, and a count of the others."""
    binding = _binding_policy_limits(large)
    assert len(binding) > LISTED_AT_MOST, "the instance must be large enough to test this"
    answers = _answers(headline(large), "Which limits bind?")
    assert answers[0].startswith(f"{len(binding):,} limits bind")
    assert len(answers) == 1 + SHOWN + 1
    worth = dict(
        zip(binding["limit_on"], binding["shadow_price"] * binding["limit"].abs(), strict=True)
    )
    shown = [line.split(": ")[0] for line in answers[1:-1]]
    assert min(worth[name] for name in shown) >= max(
        value for name, value in worth.items() if name not in shown
    )
    assert f"and {len(binding) - SHOWN:,} more" in answers[-1]


def test_the_pivot_keeps_the_largest_groups_and_sums_the_others(large):
    """With more than GROUPS_SHOWN groups the pivot has GROUPS_SHOWN rows: the largest
    groups by funded activity and one row for all others; no tonne is lost."""
    pivot = activity_by_group_and_type(large)
    assert len(large.groups) > GROUPS_SHOWN
    assert len(pivot) == GROUPS_SHOWN
    assert pivot.iloc[-1, 0] == f"the other {len(large.groups) - GROUPS_SHOWN + 1:,} groups"
    by_type = large.portfolio.groupby("type")["activity_t"].sum()
    for kind, total in by_type.items():
        assert pivot[kind].sum() == pytest.approx(total)
    totals = large.portfolio.groupby("group")["activity_t"].sum()
    kept = set(pivot.iloc[:-1, 0])
    assert min(totals[g] for g in kept) >= max(totals[g] for g in totals.index if g not in kept)


def test_the_next_million_is_what_a_solve_with_it_saves():
    """Repair r1 at €2/t (max 50 t) and r2 at €4/t, a = 1/2, budget €80: the budget's
    last euro saves at 250,000 weighted t per €1 M (0.25 t per €), but the next €1 M
    buys only the 30 t that are left (tests/math/test_budget.py works it out). The
    overview says 30, and that the first euros of it save at the higher rate; read off
    the shadow price alone it said 250,000, more than the 100 t there are."""
    data = read_rows(two_repairs_rows(budget_eur=80), source="case")
    tables = build_tables(data, explained(data, budget=True), {})
    (answer,) = _answers(headline(tables), "What would the next €1 M buy?")
    assert answer.startswith(
        "30 weighted t less primary use; the first euros of it save at 250,000 t per €1 M"
    ), answer
    summary = dict(zip(tables.summary["indicator"], tables.summary["value"], strict=True))
    assert summary["next_meur_saving"] == pytest.approx(30)
    assert summary["budget_shadow_price_per_meur"] == pytest.approx(250_000)
