"""docs/formulation.md and the Pyomo model list the same constraints, and every Pyomo
component says its equation and unit in `doc=`."""

from __future__ import annotations

import re
from pathlib import Path

import pyomo.environ as pyo

from model.data.time_model import time_model
from model.formulation.families import families
from model.formulation.model import create_model
from model.formulation.modes import set_target, set_tie
from model.io.reader import read_rows
from tests.helpers.workbooks import tiny_rows

DOC = Path(__file__).resolve().parents[2] / "docs" / "formulation.md"


def full_model(tmp_path):
    """A model with every optional constraint present (budget, obligation, target)."""
    rows = tiny_rows(objective="min_cost", reduction_target=0.1, budget_eur=1000)
    rows["materials"][0]["min_secondary_share"] = 0.1
    rows["measures"] = [
        {
            "measure": "d",
            "group": "g",
            "type": "design_for_repair",
            "cost_eur_per_t": 1,
            "lifetime_extension": 1,
        },
        {"measure": "u", "group": "g", "type": "reuse", "cost_eur_per_t": 1, "displacement": 1},
        {
            "measure": "r",
            "group": "g",
            "type": "recycle",
            "cost_eur_per_t": 1,
            "quality": 1,
            "yield": 1,
        },
    ]
    rows["capacities"] = [{"capacity": "k", "limit": 10}]
    rows["capacity_use"] = [{"measure": "r", "capacity": "k", "use_per_t": 1}]
    data = read_rows(rows, source="full")
    model = create_model(data)
    set_target(model, time_model(data), {None: 100.0})
    set_tie(model, 1.0)
    return model


def documented_constraints() -> set[str]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Constraints", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`(res_[a-z_]+)", section))


def test_every_model_constraint_is_documented_and_back(tmp_path):
    model = full_model(tmp_path)
    in_model = {c.name for c in model.component_objects(pyo.Constraint, active=None)}
    assert in_model == documented_constraints()


def test_every_component_carries_its_equation_or_meaning_and_unit(tmp_path):
    model = full_model(tmp_path)
    for kind in (pyo.Set, pyo.Param, pyo.Var, pyo.Expression, pyo.Constraint, pyo.Objective):
        for component in model.component_objects(kind, descend_into=False):
            if component.name.endswith("_index") or "_index_" in component.name:
                continue  # Pyomo's implicit index sets
            assert component.doc, component.name
            if kind in (pyo.Param, pyo.Var, pyo.Expression, pyo.Constraint, pyo.Objective):
                assert re.search(r"\[[^\]]+\]\s*(;.*)?$", component.doc), (
                    f"{component.name}: no [unit] in doc: {component.doc!r}"
                )


def documented_rows() -> dict[str, tuple[str, str]]:
    """Constraint name → (number, unit) from the table of docs/formulation.md."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Constraints", 1)[1].split("\n## ", 1)[0]
    out = {}
    for line in section.splitlines():
        found = re.match(r"\| \(([^)]+)\) \| `(res_[a-z_]+)[^|]*\| [^|]+\| ([^|]+) \|", line)
        if found:
            out[found.group(2)] = (found.group(1), found.group(3).strip())
    return out


def test_each_family_declaration_matches_its_documented_row(tmp_path):
    """Every declared family is in the table with its own number and unit, and its
    Pyomo doc is built from the declaration (so the sheet, the diagnosis and the docs
    read one source). Fails if a family is renumbered or re-united in one place only."""
    rows = documented_rows()
    model = full_model(tmp_path)
    for family in families("steady"):
        number, unit = rows[family.name]
        assert number == family.number, family.name
        assert unit in (family.unit, "capacity unit"), (family.name, unit)
        assert model.component(family.name).doc == family.doc
