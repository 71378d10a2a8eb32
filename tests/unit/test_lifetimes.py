"""Lifetimes on the mid-year convention (PATHWAY.md, "Lifetimes"), against values worked
out by hand."""

from __future__ import annotations

import math

import pytest

from model.data.lifetimes import lifetime, survival


def test_shape_1_is_the_exponential_worked_out_by_hand():
    """Shape 1, mean 2: lambda = 2 / Γ(2) = 2, S(x) = exp(−x/2). s(a) = exp(−(a + ½)/2):
    s(0) = e^−¼ ≈ 0.7788, s(1) = e^−¾ ≈ 0.4724; a_max is the first a ≥ 1 with
    (a + ½)/2 ≥ ln 10⁴ ≈ 9.21, i.e. 18; f(1) = 1 − s(1); Σ f = 1; Σ s = e^−¼ (1 − e^−9) /
    (1 − e^−½) ≈ 1.979, the midpoint rule's 2 years less about 1 %."""
    variant = lifetime(2.0, 1.0)
    assert variant.max_age == 18
    assert variant.s(0) == pytest.approx(math.exp(-0.25), rel=1e-12)
    assert variant.s(1) == pytest.approx(math.exp(-0.75), rel=1e-12)
    assert variant.s(18) == 0.0 and variant.s(17) > 1e-4
    assert variant.f(0) == 0.0
    assert variant.f(1) == pytest.approx(1 - math.exp(-0.75), rel=1e-12)
    assert variant.f(3) == pytest.approx(math.exp(-1.25) - math.exp(-1.75), rel=1e-12)
    assert variant.outflow.sum() == pytest.approx(1.0, abs=1e-12)
    by_hand = math.exp(-0.25) * (1 - math.exp(-9)) / (1 - math.exp(-0.5))
    assert variant.stock.sum() == pytest.approx(by_hand, rel=1e-12)


@pytest.mark.parametrize(("mean", "shape"), [(12, 3), (3.3, 2), (15, 4), (40, 1.5)])
def test_a_tonne_serves_about_its_mean_lifetime(mean, shape):
    """Σ_a s(a) ≈ the mean (the midpoint rule on a smooth survival curve; within 2 %),
    and every tonne leaves use once. (Below about a year the yearly grid is coarse: a
    mean of 0.5 years, shape 2, serves 0.46.)"""
    variant = lifetime(mean, shape)
    assert variant.stock.sum() == pytest.approx(mean, rel=0.02)
    assert variant.outflow.sum() == pytest.approx(1.0, abs=1e-12)
    assert (variant.outflow >= 0).all() and (variant.stock >= 0).all()


def test_a_lifetime_of_zero_leaves_use_the_next_year():
    """Mean 0 (a reused product that replaces nothing): S(x) = 0 for x > 0, so nothing is
    in use at mid-year and all of it leaves in the year after it entered use."""
    variant = lifetime(0.0, 2.0)
    assert variant.stock.tolist() == [0.0, 0.0]
    assert variant.f(1) == 1.0 and variant.max_age == 1
    assert survival(0.0, 0.0, 2.0) == 1.0
