"""Other designs and scarce primary supply (SUBSTITUTION.md) on instances solved by hand:
substitute designs kept apart in the outflow, lighter designs, biotic materials, the
primary supply cap (row 12), requirements on New_g, and the pathway's steady state.

Base: workbooks.tiny_rows (one group g of 100 t a year, collection_rate 1,
reusable_share 1). Each docstring says what the test proves and what the objective would
be without the piece under test.
"""

from __future__ import annotations

import pytest

from model.errors import InfeasibleError
from model.io.reader import read_rows
from model.run.driver import explained
from model.run.optimise import optimise
from tests.helpers.solving import solve
from tests.helpers.workbooks import tiny_rows
from tests.math.test_math import activity, constraint, dfr, recycle
from tests.math.test_math import reuse as reuse_measure


def substitute(name="alt", cost=0.0, **kw):
    return {"measure": name, "group": "g", "type": "substitute", "cost_eur_per_t": cost, **kw}


def design(measure, **fractions):
    return [{"measure": measure, "material": m, "mass_fraction": w} for m, w in fractions.items()]


def goal(tables, indicator, column="optimum"):
    return float(tables.goals.set_index("indicator").loc[indicator, column])


def material(tables, m, column):
    return tables.materials.set_index("material").loc[m, column]


def _cobalt_rows() -> dict:
    """g of a 0.9 (weight 1) and co 0.1 (weight 10); a cobalt-free design (a 1.0) for up
    to 40 t; free closed-loop recycling of whatever is collected (collection_rate 0.5)."""
    rows = tiny_rows()
    rows["groups"][0].update(collection_rate=0.5, reusable_share=0.0)
    rows["materials"] = [{"material": "a", "weight": 1.0}, {"material": "co", "weight": 10.0}]
    rows["composition"] = [
        {"group": "g", "material": "a", "mass_fraction": 0.9},
        {"group": "g", "material": "co", "mass_fraction": 0.1},
    ]
    rows["measures"] = [substitute("cofree", max_t=40), recycle(cost=0.0)]
    rows["substitutes"] = design("cofree", a=1.0)
    return rows


def test_a_cobalt_free_design_leaves_less_cobalt_to_recover():
    """N = 60 standard and 40 cobalt-free bought; half of each design leaving use is
    recycled: 30 t standard, 20 t cobalt-free. Secondary cobalt is 0.1 · 30 = 3 t (not
    0.1 · 50 = 5: recycling never recovers cobalt from cobalt-free products), secondary a
    0.9 · 30 + 20 = 47 t. Primary: a 94 − 47 = 47, co 6 − 3 = 3: objective 47 + 10 · 3 =
    77 (the design saves 0.45 weighted t per t: 95 − 0.45 · 40). Recycling pooled over
    the designs at the standard composition would give 59; without the substitute, 95."""
    solution, tables = solve(_cobalt_rows())
    assert solution.objective == pytest.approx(77.0)
    assert solution.baseline.weighted == pytest.approx(190.0)
    assert material(tables, "co", "secondary_supply_t") == pytest.approx(3.0)
    assert material(tables, "a", "secondary_supply_t") == pytest.approx(47.0)
    designs = tables.designs.set_index("design")
    assert list(designs.index) == ["standard", "cofree"]
    assert designs.loc["standard", "new_purchases_t"] == pytest.approx(60.0)
    assert designs.loc["cofree", "new_purchases_t"] == pytest.approx(40.0)
    assert designs.loc["standard", "recycled_t"] == pytest.approx(30.0)
    assert designs.loc["cofree", "recycled_t"] == pytest.approx(20.0)
    assert designs.loc["cofree", "outflow_t"] == pytest.approx(40.0)
    assert constraint(tables, "res_collection[cofree]")["binding"] == "yes"
    assert activity(tables, "rec") == pytest.approx(50.0)


def test_a_lighter_design_within_a_budget():
    """A design 20 % lighter (a 0.8) at €2 per t with €100: x = 50, primary a = 50 +
    0.8 · 50 = 90, and the portfolio says it saves 0.2 · 50 = 10 t. Without the budget
    all 100 t would be lighter: 80; without the substitute, 100."""
    rows = tiny_rows(budget_eur=100)
    rows["measures"] = [substitute("light", cost=2.0)]
    rows["substitutes"] = design("light", a=0.8)
    solution, tables = solve(rows)
    assert solution.objective == pytest.approx(90.0)
    # the tie row lets the reported portfolio spend a hair less (1e-7 of the optimum)
    assert activity(tables, "light") == pytest.approx(50.0, abs=1e-3)
    saved = tables.portfolio.set_index("measure").loc["light", "primary_saved_t"]
    assert saved == pytest.approx(10.0, abs=1e-3)
    assert goal(tables, "bought_in_substitute_designs_t") == pytest.approx(50.0, abs=1e-3)
    assert goal(tables, "substitute_design_share_pct") == pytest.approx(50.0, abs=1e-3)


def test_a_biotic_material_is_reported_apart():
    """g of a 0.5 (abiotic) and wood 0.5 (biotic), both weight 1; a design with wood 0.9
    only (weight 0.9 per t against 1.0) for up to 60 t. Optimum: 60 t of it, weighted 94;
    primary abiotic 0.5 · 40 = 20 t (baseline 50), biotic 0.5 · 40 + 0.9 · 60 = 74 t
    (baseline 50): the objective falls while biotic use rises. Without the design: 100."""
    rows = tiny_rows()
    rows["materials"] = [
        {"material": "a", "weight": 1.0},
        {"material": "wood", "weight": 1.0, "kind": "Biotic "},  # matched like a name
    ]
    rows["composition"] = [
        {"group": "g", "material": "a", "mass_fraction": 0.5},
        {"group": "g", "material": "wood", "mass_fraction": 0.5},
    ]
    rows["measures"] = [substitute("bio", max_t=60)]
    rows["substitutes"] = design("bio", wood=0.9)
    solution, tables = solve(rows)
    assert solution.objective == pytest.approx(94.0)
    assert material(tables, "wood", "kind") == "biotic"
    assert material(tables, "a", "kind") == "abiotic"
    assert goal(tables, "primary_abiotic_t", "baseline") == pytest.approx(50.0)
    assert goal(tables, "primary_abiotic_t") == pytest.approx(20.0)
    assert goal(tables, "primary_biotic_t", "baseline") == pytest.approx(50.0)
    assert goal(tables, "primary_biotic_t") == pytest.approx(74.0)
    assert goal(tables, "weighted_primary_biotic") == pytest.approx(74.0)


def _capped(max_t=None) -> dict:
    """g of a (weight 1); a free design of b 1.2 (weight 1, heavier: worse for the
    objective); primary a capped at 70 t."""
    rows = tiny_rows()
    rows["materials"] = [
        {"material": "a", "weight": 1.0, "max_primary_t": 70},
        {"material": "b", "weight": 1.0},
    ]
    rows["measures"] = [substitute("alt", max_t=max_t)]
    rows["substitutes"] = design("alt", b=1.2)
    return rows


def test_the_primary_supply_cap_binds_with_its_shadow_price():
    """(12) P_a ≤ 70 forces 30 t of the heavier design: 70 + 1.2 · 30 = 106. One more
    tonne of primary a lets one tonne go back to the standard design, saving 0.2
    weighted t: the shadow price. The baseline leaves the cap out (100 t of a, weighted
    100). Without row 12 the optimum is the baseline: 100."""
    solution, tables = solve(_capped())
    assert solution.objective == pytest.approx(106.0)
    assert solution.baseline.weighted == pytest.approx(100.0)
    assert solution.baseline.primary["a"] == pytest.approx(100.0)
    row = constraint(tables, "res_primary_supply[a]")
    assert row["binding"] == "yes" and row["shadow_price"] == pytest.approx(0.2)
    assert material(tables, "a", "max_primary_t") == pytest.approx(70.0)
    assert material(tables, "a", "primary_shadow_price") == pytest.approx(0.2)
    assert material(tables, "a", "primary_slack_t") == pytest.approx(0.0)
    assert pd_isna(material(tables, "b", "max_primary_t"))


def pd_isna(value) -> bool:
    return value is None or value != value


def test_a_cap_out_of_reach_names_the_material_and_both_amounts():
    """(12) infeasible while the baseline is feasible: with at most 20 t of the other
    design the products need at least 80 t of primary a against a cap of 70 t. The
    message names a, the cap and the least need."""
    with pytest.raises(InfeasibleError) as raised:
        explained(read_rows(_capped(max_t=20), source="case"))
    text = str(raised.value)
    assert "primary a is capped at 70 t" in text
    assert "the least the products can need is 80 t" in text


def test_a_requirement_counts_the_substitute_designs_bought():
    """(11) on New_g = N_g + P_s: a design that lasts twice as long (e = 1) serves all
    100 t with P = 50 t bought (primary 50). A recycling requirement of 30 % of New_g
    then needs 15 t of recycling that recovers nothing (quality 0, €1/t; collected from
    the 50 t of that design leaving use). Counted on the demand it would need 30 t; on
    N_g alone 0."""
    rows = tiny_rows()
    rows["measures"] = [
        substitute("long", lifetime_extension=1.0),
        recycle(q=0.0, y=1.0, cost=1.0),
    ]
    rows["substitutes"] = design("long", a=1.0)
    rows["requirements"] = [
        {"requirement": "epr", "group": "g", "kind": "recycle", "min_share": 0.3}
    ]
    solution, tables = solve(rows)
    assert solution.objective == pytest.approx(50.0)
    assert activity(tables, "rec") == pytest.approx(15.0)
    assert solution.portfolio.new["g"] == pytest.approx(0.0)


def test_a_group_without_substitutes_is_unchanged_by_another_groups_design():
    """Substitutes act within their group: a second group h (100 t of a) with reuse
    (displacement 1, reusable_share 0.2) keeps x ≤ 0.2 (N_h + x): 20 t, while g's
    lighter design (a 0.5) serves all of g: 50 + 80 = 130. Without the design 180."""
    rows = tiny_rows()
    rows["groups"].append(
        {"group": "h", "demand_t": 100.0, "collection_rate": 1.0, "reusable_share": 0.2}
    )
    rows["composition"].append({"group": "h", "material": "a", "mass_fraction": 1.0})
    rows["measures"] = [substitute("light"), {**reuse_measure(), "group": "h"}]
    rows["substitutes"] = design("light", a=0.5)
    solution, tables = solve(rows)
    assert solution.objective == pytest.approx(130.0)
    assert activity(tables, "reuse") == pytest.approx(20.0)
    assert set(tables.designs["group"]) == {"g"}


def _steady(**settings) -> dict:
    """tests/math/test_pathway.py's steady instance (repair, reuse, recycling, €60 a
    year) with a lighter design (a 0.7, €0.5 per t, lasts 1.5 times as long, ≤ 30 t)."""
    rows = tiny_rows(budget_eur=60, **settings)
    rows["groups"][0].update(
        collection_rate=0.8, reusable_share=0.3, lifetime_years=10, lifetime_shape=2
    )
    rows["measures"] = [
        dfr(e=1.0),
        reuse_measure(delta=0.6),
        recycle(q=0.3),
        substitute("light", cost=0.5, lifetime_extension=0.5, max_t=30),
    ]
    rows["substitutes"] = design("light", a=0.7)
    return rows


def test_a_steady_pathway_with_a_substitute_reproduces_the_one_year_model():
    """Constant demand and values and a steady history, 2000–2100: in its middle years
    the pathway converges to the one-year optimum with the lighter design used (its
    purchases P = x / 1.5, its own outflow, reuse and recycling per design). Proves the
    design's cohort variant, the outflow per design and x_{r,v} agree with the one-year
    rows of SUBSTITUTION.md; without the design both objectives are higher."""
    one = optimise(read_rows(_steady(), source="one"))
    path = optimise(read_rows(_steady(first_year=2000, last_year=2100), source="path"))
    assert one.portfolio.activity["light"] == pytest.approx(30.0)
    assert path.portfolio.weighted_by_year[2080] == pytest.approx(one.objective, rel=2e-4)
    for measure in ("repair", "reuse", "rec", "light"):
        assert path.portfolio.activity[(measure, 2080)] == pytest.approx(
            one.portfolio.activity[measure], abs=0.05
        )
    without = _steady()
    without["measures"] = without["measures"][:3]
    del without["substitutes"]
    assert optimise(read_rows(without, source="without")).objective > one.objective + 1.0
