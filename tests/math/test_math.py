"""One test per constraint of docs/formulation.md, on instances solved by hand.

Base instance (workbooks.tiny_rows): one group g with demand 100 t of a product made
entirely of material a (weight 1), collection_rate 1, reusable_share 1. With no measure,
weighted primary use is 100. Each docstring says what the test proves and what the
objective would be without the constraint under test, so a dropped or mis-signed
constraint fails.
"""

from __future__ import annotations

import pytest

from model.errors import InfeasibleError
from tests.helpers.workbooks import tiny_rows


def dfr(name="repair", cost=1.0, e=1.0, **kw):
    return {
        "measure": name,
        "group": "g",
        "type": "design_for_repair",
        "cost_eur_per_t": cost,
        "lifetime_extension": e,
        **kw,
    }


def recycle(name="rec", cost=1.0, q=1.0, y=1.0, **kw):
    return {
        "measure": name,
        "group": "g",
        "type": "recycle",
        "cost_eur_per_t": cost,
        "quality": q,
        "yield": y,
        **kw,
    }


def reuse(name="reuse", cost=1.0, delta=1.0, **kw):
    return {
        "measure": name,
        "group": "g",
        "type": "reuse",
        "cost_eur_per_t": cost,
        "displacement": delta,
        **kw,
    }


def summary(tables):
    return dict(zip(tables.summary["indicator"], tables.summary["value"], strict=True))


def activity(tables, measure):
    frame = tables.portfolio.set_index("measure")
    return float(frame.loc[measure, "activity_t"])


def constraint(tables, name):
    return tables.constraints.set_index("constraint").loc[name]


def test_demand_without_measures(solve_rows):
    """(1) demand: with no measure, N_g = D_g, so primary use is 100 t.
    Without constraint (1), N_g = 0 would give objective 0."""
    outcome, tables = solve_rows(tiny_rows())
    assert outcome.objective == pytest.approx(100.0)
    assert summary(tables)["reduction_pct"] == pytest.approx(0.0)


def test_repair_coverage(solve_rows):
    """(2) repair coverage: lifetime_extension 1 gives a = 1/2, and x ≤ D = 100, so
    N = 100 − 50 = 50. Without (2), x = 200 would give N = 0: objective 0."""
    rows = tiny_rows()
    rows["measures"] = [dfr()]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(50.0)
    assert activity(tables, "repair") == pytest.approx(100.0)
    assert constraint(tables, "res_repair_coverage[g]")["binding"] == "yes"


def test_repairable_purchases_are_part_of_the_purchases(solve_rows):
    """(2b) repairable purchases: repair with e = 1 (a = 1/2) and reuse (displacement 1,
    reusable_share 0.5: x_u ≤ 0.5 (N + x_u), i.e. x_u ≤ N). Without (2b) repair covers
    all 100 t (saving 50) and reuse 25 t more, leaving N = 25, although the 50 t of
    repairable products bought are more than N: objective 25. With (2b), x_d / 2 ≤ N:
    N ≥ 100 − x_d/2 − x_u ≥ 100 − 2N gives N = 100/3 at x_d = 200/3, x_u = 100/3, all
    three rows tight (the optimum is unique)."""
    rows = tiny_rows()
    rows["groups"][0]["reusable_share"] = 0.5
    rows["measures"] = [dfr(), reuse()]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(100 / 3)
    assert activity(tables, "repair") == pytest.approx(200 / 3)
    assert activity(tables, "reuse") == pytest.approx(100 / 3)
    row = constraint(tables, "res_repairable_purchases[g]")
    assert row["binding"] == "yes"
    assert row["used"] == pytest.approx(100 / 3) and row["limit"] == pytest.approx(100 / 3)


def test_reuse_availability(solve_rows):
    """(3) reuse availability: rho = 0.2, displacement 1: x ≤ 0.2 (N + x) and N = 100 − x
    give x = 20, N = 80. Without (3) (collection_rate 1 never binds) x = 100, N = 0:
    objective 0."""
    rows = tiny_rows()
    rows["groups"][0]["reusable_share"] = 0.2
    rows["measures"] = [reuse()]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(80.0)
    assert activity(tables, "reuse") == pytest.approx(20.0)
    row = constraint(tables, "res_reuse_availability[g]")
    assert row["used"] == pytest.approx(20.0) and row["limit"] == pytest.approx(20.0)


def test_collection(solve_rows):
    """(4) collection: collection_rate 0.5, closed-loop recycling: x ≤ 0.5 N = 50, so
    U = 50 and P = 50. Without (4), x = 100 gives U = Gross: objective 0."""
    rows = tiny_rows()
    rows["groups"][0]["collection_rate"] = 0.5
    rows["measures"] = [recycle()]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(50.0)
    assert constraint(tables, "res_collection[g]")["binding"] == "yes"


def test_collection_counts_reuse_and_recycling_together(solve_rows):
    """(4) with both types: reuse (delta 0, rho 1) and recycling share collection 0.5 Out.
    Reuse does not help (delta 0) but the cheapest tie-broken portfolio recycles
    x = 0.5 · 100 = 50: objective 50; reuse 0 (it costs and saves nothing)."""
    rows = tiny_rows()
    rows["groups"][0]["collection_rate"] = 0.5
    rows["measures"] = [recycle(), reuse(delta=0.0)]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(50.0)
    assert activity(tables, "reuse") == pytest.approx(0.0)


def test_secondary_supply(solve_rows):
    """(5) secondary supply: quality 0.5 makes Sec = 0.5 x ≤ 50 with x ≤ 100, so P = 50.
    Without (5), U = Gross = 100 would give objective 0."""
    rows = tiny_rows()
    rows["measures"] = [recycle(q=0.5)]
    outcome, _ = solve_rows(rows)
    assert outcome.objective == pytest.approx(50.0)


def test_outside_supply_of_secondary_material(solve_rows):
    """(5) with outside supply I_m ≤ imax_m and its cost ci_m in the budget: no measure,
    a 30 % recycled-content obligation, 40 t/yr available from outside at €1/t, budget
    €35. N = 100; U ≤ I ≤ 40 and I ≤ 35 (budget) give U = 35, P = 65, against a baseline
    of 100 (I fixed at 0, no obligation): −35 %. Without outside supply the obligation
    (U ≥ 30 with no recycling) is infeasible; without its cost in the budget, U = 40 and
    P = 60; without the bound imax, U = 100 and P = 0."""
    rows = tiny_rows(budget_eur=35)
    rows["materials"][0].update(
        min_secondary_share=0.3, outside_secondary_t=40, outside_secondary_cost_eur_per_t=1
    )
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(65.0)
    assert outcome.baseline.weighted == pytest.approx(100.0)
    assert summary(tables)["reduction_pct"] == pytest.approx(35.0)
    material = tables.materials.set_index("material").loc["a"]
    assert material["outside_secondary_t"] == pytest.approx(35.0)
    assert material["outside_secondary_cost_eur"] == pytest.approx(35.0)
    assert material["outside_secondary_available_t"] == pytest.approx(40.0)
    row = constraint(tables, "res_secondary_supply[a]")
    assert row["used"] == pytest.approx(35.0) and row["limit"] == pytest.approx(35.0)
    assert constraint(tables, "res_budget")["binding"] == "yes"
    rows["materials"][0]["outside_secondary_t"] = 0
    with pytest.raises(InfeasibleError):
        solve_rows(rows)


def test_yield_override_per_material(solve_rows):
    """(5) with recycling_yields: materials a (0.6) and b (0.4), default yield 1, but a
    row sets a's yield to 0.5: Sec_a = 0.3 x, Sec_b = 0.4 x with x ≤ 100: P = 30 + 0 = 30.
    With the default yield for a, P would be 0."""
    rows = tiny_rows()
    rows["materials"].append({"material": "b", "weight": 1.0})
    rows["composition"] = [
        {"group": "g", "material": "a", "mass_fraction": 0.6},
        {"group": "g", "material": "b", "mass_fraction": 0.4},
    ]
    rows["measures"] = [recycle()]
    rows["recycling_yields"] = [{"measure": "rec", "material": "a", "yield": 0.5}]
    outcome, _ = solve_rows(rows)
    assert outcome.objective == pytest.approx(30.0)


def test_recycled_content_limit(solve_rows):
    """(6) recycled-content limit: max_secondary_share 0.3 caps U at 30: P = 70.
    Without (6), closed-loop recycling of all 100 t gives objective 0."""
    rows = tiny_rows()
    rows["materials"][0]["max_secondary_share"] = 0.3
    rows["measures"] = [recycle()]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(70.0)
    # The tie rule keeps only the recycling that counts: 30 t, not 100.
    assert activity(tables, "rec") == pytest.approx(30.0)


def test_recycled_content_obligation(solve_rows):
    """(7) obligation: repair (a = 1/2, €1/t) saves 0.5 t per €, recycling (q 0.4, €1/t)
    0.4 t per €; budget €120. Without (7): repair 100, recycling 20, P = 42. With
    min_secondary_share 0.3: 0.4 x_r ≥ 0.3 (100 − 0.5 x_d) and x_d + x_r ≤ 120 give
    x_d = 72, x_r = 48, P = 44.8."""
    rows = tiny_rows(budget_eur=120)
    rows["materials"][0]["min_secondary_share"] = 0.3
    rows["measures"] = [dfr(), recycle(q=0.4)]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(44.8)
    assert activity(tables, "repair") == pytest.approx(72.0)
    assert activity(tables, "rec") == pytest.approx(48.0)
    row = constraint(tables, "res_recycled_content_min[a]")
    assert row["binding"] == "yes" and row["shadow_price"] > 0
    rows["materials"][0]["min_secondary_share"] = 0.0
    outcome, _ = solve_rows(rows)
    assert outcome.objective == pytest.approx(42.0)


def test_obligation_left_out_of_baseline(solve_rows):
    """Baseline: no obligation. With min_t 20 of closed-loop recycling and
    min_secondary_share 0.5 (not met by current practice), the baseline is still
    feasible: P = 100 − 20 = 80. With (7) in the baseline it would be infeasible."""
    rows = tiny_rows()
    rows["materials"][0]["min_secondary_share"] = 0.5
    rows["measures"] = [recycle(min_t=20.0)]
    outcome, tables = solve_rows(rows)
    assert outcome.baseline.weighted == pytest.approx(80.0)
    assert summary(tables)["baseline_primary_use_t"] == pytest.approx(80.0)


def test_budget_and_its_shadow_price(solve_rows):
    """(8) budget: repair at €2/t with budget €60 covers 30 t: N = 85. Without (8),
    x = 100 and objective 50. One more euro buys 0.5 t of cover = 0.25 t saved, so the
    shadow price is 0.25 weighted t/€ = 250,000 per M€."""
    rows = tiny_rows(budget_eur=60)
    rows["measures"] = [dfr(cost=2.0)]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(85.0)
    s = summary(tables)
    assert s["budget_shadow_price_per_meur"] == pytest.approx(250_000)
    assert s["budget_used_eur"] == pytest.approx(60.0)
    assert constraint(tables, "res_budget")["shadow_price"] == pytest.approx(0.25)


def test_reduced_cost_reads_as_euro_per_tonne(solve_rows):
    """Reduced cost: repair A at €2/t and repair B at €4/t, budget €60. A takes it all
    (x_A = 30). For B: −0.5 + 4 · 0.25 = 0.5 weighted t per t, and 0.5 / 0.25 = €2/t is
    how much B's cost must fall to pay. Without the budget both would be free to cover."""
    rows = tiny_rows(budget_eur=60)
    rows["measures"] = [dfr("A", cost=2.0), dfr("B", cost=4.0)]
    _, tables = solve_rows(rows)
    frame = tables.portfolio.set_index("measure")
    assert frame.loc["A", "activity_t"] == pytest.approx(30.0)
    assert frame.loc["B", "reduced_cost"] == pytest.approx(0.5)
    assert frame.loc["B", "cost_gap_eur_per_t"] == pytest.approx(2.0)


def test_capacity_and_its_shadow_price(solve_rows):
    """(9) capacity: repair uses 2 units per t of a capacity of 40: x ≤ 20, N = 90.
    Without (9): objective 50. One more unit allows 0.5 t more cover, 0.25 t saved."""
    rows = tiny_rows()
    rows["measures"] = [dfr(cost=0.0)]
    rows["capacities"] = [{"capacity": "workshops", "limit": 40.0, "unit": "h"}]
    rows["capacity_use"] = [{"measure": "repair", "capacity": "workshops", "use_per_t": 2.0}]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(90.0)
    row = constraint(tables, "res_capacity[workshops]")
    assert row["used"] == pytest.approx(40.0) and row["shadow_price"] == pytest.approx(0.25)


def test_max_t_bound(solve_rows):
    """(10) upper bound: max_t 40 caps repair: N = 80. Without it: objective 50."""
    rows = tiny_rows()
    rows["measures"] = [dfr(max_t=40.0)]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(80.0)
    assert tables.portfolio.set_index("measure").loc["repair", "at_bound"] == "max_t"


def test_min_t_bound(solve_rows):
    """(10) lower bound: B (€10/t) must do 5 t, which takes €50 of the €100 budget, so A
    (€1/t) covers 50 t: N = 100 − 0.5 · 55 = 72.5. Without min_t: A = 100, objective 50.
    The baseline fixes x at min_t: N = 100 − 2.5 = 97.5."""
    rows = tiny_rows(budget_eur=100)
    rows["measures"] = [dfr("A"), dfr("B", cost=10.0, min_t=5.0)]
    outcome, _ = solve_rows(rows)
    assert outcome.objective == pytest.approx(72.5)
    assert outcome.baseline.weighted == pytest.approx(97.5)


def test_weights_steer_towards_critical_materials(solve_rows):
    """Objective weights: product of a (0.5, weight 1) and b (0.5, weight 3); recycling
    recovers only b (yield row) or only a, each €1/t, budget €10: recovering b saves
    1.5 weighted t per t, a 0.5. Optimum: 10 t of b-recycling, objective
    0.5·100 + 3·(50 − 5) = 185. With equal weights the choice would not matter."""
    rows = tiny_rows(budget_eur=10)
    rows["materials"] = [{"material": "a", "weight": 1.0}, {"material": "b", "weight": 3.0}]
    rows["composition"] = [
        {"group": "g", "material": "a", "mass_fraction": 0.5},
        {"group": "g", "material": "b", "mass_fraction": 0.5},
    ]
    rows["measures"] = [recycle("rec_a", y=0.0), recycle("rec_b", y=0.0)]
    rows["recycling_yields"] = [
        {"measure": "rec_a", "material": "a", "yield": 1.0},
        {"measure": "rec_b", "material": "b", "yield": 1.0},
    ]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(185.0)
    # The tie rule may give back up to 1e-7 · 185 + 1e-6 weighted t to save cost.
    assert activity(tables, "rec_b") == pytest.approx(10.0, abs=1e-4)


def test_min_cost_meets_the_target_at_least_cost(solve_rows):
    """min_cost: target 0.3 against a baseline of 100 needs P ≤ 70, so N ≤ 70: repair
    at €2/t must cover 60 t, cost €120. Without the target row the cost is 0. The
    target's shadow price is €2 per 0.5 t = €4 per weighted t."""
    rows = tiny_rows(objective="min_cost", reduction_target=0.3)
    rows["measures"] = [dfr(cost=2.0)]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(120.0)
    s = summary(tables)
    assert s["reduction_pct"] == pytest.approx(30.0)
    assert s["target_shadow_price_eur_per_t"] == pytest.approx(4.0)


def test_min_cost_budget_still_caps_spending(solve_rows):
    """min_cost with a budget of €100 below the €120 the target needs: infeasible
    (exit 3). Without the budget row the optimum would cost €120."""
    rows = tiny_rows(objective="min_cost", reduction_target=0.3, budget_eur=100)
    rows["measures"] = [dfr(cost=2.0)]
    with pytest.raises(InfeasibleError, match="reduction_target"):
        solve_rows(rows)


def test_tie_rule_min_primary_picks_the_cheapest(solve_rows):
    """Ties, min_primary: repair A (€1/t) and B (€5/t) save the same; cover is shared
    (x_A + x_B ≤ 100). Every split gives objective 50; the tie rule reports A = 100 at
    €100. Without the second solve any split (up to €500) could be reported."""
    rows = tiny_rows()
    rows["measures"] = [dfr("B", cost=5.0), dfr("A", cost=1.0)]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(50.0)
    assert summary(tables)["total_cost_eur"] == pytest.approx(100.0)
    assert activity(tables, "B") == pytest.approx(0.0)


def test_tie_rule_min_cost_picks_the_least_primary(solve_rows):
    """Ties, min_cost: free closed-loop recycling with max_secondary_share 0.1 meets a 5 %
    target at cost 0 anywhere between U = 5 and U = 10. The tie rule reports the least
    primary use among the cheapest: U = 10, P = 90 (cost 0)."""
    rows = tiny_rows(objective="min_cost", reduction_target=0.05)
    rows["materials"][0]["max_secondary_share"] = 0.1
    rows["measures"] = [recycle(cost=0.0)]
    outcome, tables = solve_rows(rows)
    assert outcome.objective == pytest.approx(0.0)
    assert summary(tables)["weighted_primary_use"] == pytest.approx(90.0)


def test_reuse_grows_the_outflow(solve_rows):
    """Out_g = N_g + reuse: the reused products leave use again. rho 0.5, delta 0.5:
    x ≤ 0.5 (N + x) → x ≤ N, N = 100 − 0.5 x → x = N = 66.67, P = 66.67. With
    Out = N only (reuse not counted), x ≤ 0.5 N would give N = 80."""
    rows = tiny_rows()
    rows["groups"][0]["reusable_share"] = 0.5
    rows["measures"] = [reuse(delta=0.5)]
    outcome, _ = solve_rows(rows)
    assert outcome.objective == pytest.approx(200.0 / 3.0)


def test_a_capacity_no_measure_uses_is_listed_with_its_slack(solve_rows):
    """A capacity without capacity_use rows has no constraint in the model (it could not
    bind), but the constraints sheet still lists it: used 0, all of it to spare."""
    rows = tiny_rows()
    rows["measures"] = [dfr()]
    rows["capacities"] = [{"capacity": "idle", "limit": 40.0, "unit": "h"}]
    outcome, tables = solve_rows(rows)
    row = constraint(tables, "res_capacity[idle]")
    assert row["used"] == 0 and row["slack"] == 40 and row["shadow_price"] == 0
    assert row["binding"] == "no"
    assert outcome.objective == pytest.approx(50.0)


def test_a_group_without_composition_is_warned_about(solve_rows, caplog):
    """No materials in its product: demand and measures of that group cannot change
    primary use (objective 100 from group g alone, as without the empty group)."""
    rows = tiny_rows()
    rows["groups"].append({"group": "empty", "demand_t": 50.0})
    rows["measures"] = [dfr(group="empty")]
    outcome, _ = solve_rows(rows)
    assert outcome.objective == pytest.approx(100.0)
    assert "group empty has no composition" in caplog.text
