"""How the declarations of model/formulation/ read in each time model: the pathway's
equation derived from the one-year one, and the diagnosis's order of relaxation."""

from __future__ import annotations

import pytest

from model.formulation.families import FAMILIES, RELAXED, families, relaxable
from model.formulation.family import in_year, yearly_equation


@pytest.mark.parametrize(
    ("one_year", "over_years"),
    [
        ("U_m ≤ Sec_m + I_m", "U_{m,t} ≤ Sec_{m,t} + I_{m,t}"),
        ("Gross_m − U_m ≤ pmax_m", "Gross_{m,t} − U_{m,t} ≤ pmax_{m,t}"),
        ("Σ_{S_g^dfr} x_s ≤ D_g", "Σ_{S_g^dfr} x_{s,t} ≤ D_{g,t}"),
        ("x_s = Σ_{v ∈ V_g} x_{s,v}", "x_{s,t} = Σ_{v ∈ V_g} x_{s,v,t}"),
    ],
)
def test_a_pathway_equation_is_the_one_year_one_with_a_year_in_every_subscript(
    one_year, over_years
):
    assert yearly_equation(one_year) == over_years


def test_an_item_reads_with_its_year_only_where_it_has_one():
    assert in_year("steel") == "steel"
    assert in_year("steel", 2030) == "steel in 2030"


def test_a_pathway_numbers_with_a_p_and_keeps_the_one_year_declaration_otherwise():
    for family in FAMILIES:
        steady, cohorts = family.at("steady"), family.at("cohorts")
        assert (steady.number, steady.equation) == (family.number, family.equation)
        assert cohorts.number == f"P{family.number}"
        assert cohorts.equation == family.pathway.get("equation", yearly_equation(family.equation))


def test_the_diagnosis_relaxes_every_relaxable_family_once_in_the_declared_order():
    assert sorted(f.name for f in RELAXED) == sorted(f.name for f in FAMILIES if f.relax)
    for time in ("steady", "cohorts"):
        assert [f.name for f in relaxable(time)] == [
            f.name for f in RELAXED if f.only in (None, time)
        ]
        assert set(relaxable(time)) <= set(families(time))
