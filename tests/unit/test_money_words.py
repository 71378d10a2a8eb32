"""A budget the tool calls enough is rounded up (schema.units.eur(up=True)): raising the
budget to the figure it names makes the scenario feasible."""

from __future__ import annotations

from model.schema.units import eur


def test_a_least_budget_is_rounded_up_and_an_amount_to_nearest():
    assert eur(11_949_474) == "€11.9 M"  # an amount spent: to the nearest
    assert eur(11_949_474, up=True) == "€12.0 M"  # enough: never below what is needed
    assert eur(11_900_000, up=True) == "€11.9 M"  # exact stays exact
    assert eur(101_950_001, 1, up=True) == "€102.0 M"
    assert eur(1_234_000_000, up=True) == "€1.24 B"
    assert eur(12_001, up=True) == "€13 k"
