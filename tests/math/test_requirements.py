"""Requirements on a group (row 11), one hand-solved instance per kind, and the input
rules of the requirements sheet. Base instance: workbooks.tiny_rows (one group g of
100 t of material a, weight 1, collection_rate 1, reusable_share 1)."""

from __future__ import annotations

import pytest

from model.errors import InputError
from model.io.reader import read_rows
from tests.helpers.workbooks import tiny_rows
from tests.math.test_math import constraint, dfr, recycle, reuse, summary


def _requirement(kind: str, share: float, name: str = "epr") -> dict:
    return {"requirement": name, "group": "g", "kind": kind, "min_share": share}


@pytest.mark.parametrize(
    ("kind", "measures"),
    [
        ("reuse", [reuse("idle", delta=0.0)]),
        ("recycle", [recycle("idle", q=0.0)]),
        ("reuse_or_recycle", [reuse("idle", delta=0.0), recycle("idle_too", q=0.0)]),
    ],
)
def test_a_share_of_the_new_purchases_must_be_reused_or_recycled(solve_rows, kind, measures):
    """(11), reuse / recycle / reuse_or_recycle: repair (e = 1, a = 1/2, €1/t) and a
    measure of the required kind that saves nothing (displacement 0 or quality 0,
    €1/t), budget €60. Without (11): repair 60 t, N = 70, objective 70. With 20 % of
    N required: x_k ≥ 0.2 (100 − x_d/2) and x_d + x_k ≤ 60 give x_d = 400/9,
    x_k = 140/9, N = 700/9 ≈ 77.8 (the requirement costs 7.8 t). The baseline (no
    requirement, every x at 0) is 100."""
    rows = tiny_rows(budget_eur=60)
    rows["measures"] = [dfr(), *measures]
    rows["requirements"] = [_requirement(kind, 0.2)]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(700 / 9)
    assert outcome.baseline.weighted == pytest.approx(100.0)
    assert outcome.portfolio.activity["repair"] == pytest.approx(400 / 9)
    counted = sum(x for s, x in outcome.portfolio.activity.items() if s != "repair")
    assert counted == pytest.approx(140 / 9)
    row = constraint(tables, "res_requirement[epr]")
    assert row["binding"] == "yes" and row["shadow_price"] > 0
    sheet = tables.requirements.set_index("requirement").loc["epr"]
    assert sheet["achieved_share"] == pytest.approx(0.2)
    assert sheet["required_t"] == pytest.approx(0.2 * 700 / 9)
    assert sheet["binding"] == "yes"
    rows["requirements"] = []
    assert solve_rows(rows)[0].objective == pytest.approx(70.0)


def test_a_share_of_the_recycling_must_be_high_grade(solve_rows):
    """(11), high_grade_recycle: recycling "hi" (quality 1, €3/t) and "lo" (quality 0.5,
    €1/t), budget €100. Without (11) all money goes to lo (0.5 t saved per €): x_lo =
    100, U = 50, objective 50. With half of the recycling required high-grade
    (x_hi ≥ 0.5 (x_hi + x_lo)): U = 0.5 x_lo + x_hi is largest at x_hi = x_lo = 25,
    U = 37.5, objective 62.5."""
    rows = tiny_rows(budget_eur=100)
    rows["measures"] = [recycle("hi", cost=3.0, q=1.0), recycle("lo", cost=1.0, q=0.5)]
    rows["requirements"] = [_requirement("high_grade_recycle", 0.5, "fibre_to_fibre")]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(62.5)
    assert outcome.portfolio.activity["hi"] == pytest.approx(25.0)
    assert outcome.portfolio.activity["lo"] == pytest.approx(25.0)
    sheet = tables.requirements.set_index("requirement").loc["fibre_to_fibre"]
    assert sheet["achieved_share"] == pytest.approx(0.5) and sheet["binding"] == "yes"
    assert summary(tables)["reduction_pct"] == pytest.approx(37.5)
    rows["requirements"] = []
    assert solve_rows(rows)[0].objective == pytest.approx(50.0)


def test_a_requirement_that_does_not_bind_changes_nothing(solve_rows):
    """A 10 % reuse requirement where reuse pays anyway (displacement 1, reusable_share
    0.2: x = 20, N = 80): achieved 25 % of N, not binding, shadow price 0."""
    rows = tiny_rows()
    rows["groups"][0]["reusable_share"] = 0.2
    rows["measures"] = [reuse()]
    rows["requirements"] = [_requirement("reuse", 0.1)]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(80.0)
    sheet = tables.requirements.set_index("requirement").loc["epr"]
    assert sheet["achieved_share"] == pytest.approx(0.25)
    assert sheet["binding"] == "no" and sheet["shadow_price"] == 0


def test_requirement_rows_are_checked_and_located():
    """An unknown group, an unknown kind, a share above 1, and a kind the group has no
    measure for: each a located problem, all in one run."""
    rows = tiny_rows()
    rows["measures"] = [dfr()]
    rows["requirements"] = [
        {"requirement": "a", "group": "nope", "kind": "reuse", "min_share": 0.1},
        {"requirement": "b", "group": "g", "kind": "reuse_more", "min_share": 0.1},
        {"requirement": "c", "group": "g", "kind": "recycle", "min_share": 1.5},
        {"requirement": "d", "group": "g", "kind": "reuse", "min_share": 0.1},
    ]
    with pytest.raises(InputError) as caught:
        read_rows(rows, source="in.xlsx")
    text = "\n".join(str(p) for p in caught.value.problems)
    assert 'requirements › row 2 › group: unknown group "nope"' in text
    assert "requirements › row 3 › kind" in text
    assert "requirements › row 4 › min_share" in text
    assert "requirements › row 5 › kind" in text and "has no reuse measure" in text
