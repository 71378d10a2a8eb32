"""Bad input on the new sheet and columns of SUBSTITUTION.md: each problem located as
file › sheet › row › column, all of them in one run, exit 2 and nothing written."""

from __future__ import annotations

import pytest

from model.errors import InputError
from model.io.reader import read_workbook
from tests.helpers.runner import run_cli
from tests.helpers.workbooks import tiny_rows, write_clean
from tests.math.test_math import recycle


def _rows() -> dict:
    """tiny_rows with a second material b, a recycle measure and four substitutes:
    every one of them wrong in its own way."""
    rows = tiny_rows()
    rows["materials"] = [
        {"material": "a", "weight": 1.0, "kind": "mineral"},  # row 2: kind unknown
        {"material": "b", "weight": 1.0, "max_primary_t": -5},  # row 3: negative cap
    ]
    substitute = {"group": "g", "type": "substitute", "cost_eur_per_t": 0}
    rows["measures"] = [
        recycle(),  # row 2
        {"measure": "zero", **substitute},  # row 3: its materials add up to 0
        {"measure": "heavy", **substitute},  # row 4: above 10
        {"measure": "bare", **substitute},  # row 5: no substitutes row
        {"measure": "Standard", **substitute},  # row 6: the standard design's name
    ]
    rows["substitutes"] = [
        {"measure": "rec", "material": "a", "mass_fraction": 0.5},  # row 2: not a substitute
        {"measure": "zero", "material": "a", "mass_fraction": 0},  # row 3
        {"measure": "heavy", "material": "a", "mass_fraction": 6},  # row 4
        {"measure": "heavy", "material": "b", "mass_fraction": 5},  # row 5
        {"measure": "heavy", "material": "b", "mass_fraction": 1},  # row 6: duplicate pair
        {"measure": "heavy", "material": "zinc", "mass_fraction": 1},  # row 7: unknown
        {"measure": "Standard", "material": "a", "mass_fraction": 1},  # row 8
    ]
    return rows


EXPECTED = [
    ("materials › row 2 › kind", "abiotic, biotic"),
    ("materials › row 3 › max_primary_t", "≥ 0"),
    ("substitutes › row 2 › measure", "of type recycle, not substitute"),
    ("substitutes › rows 3 › mass_fraction", "add up to 0"),
    ("substitutes › rows 4, 5 › mass_fraction", "add up to 11"),
    ("substitutes › row 6 › material", "duplicate measure and material"),
    ("substitutes › row 7 › material", 'unknown material "zinc"'),
    ("measures › row 5 › type", 'add rows for "bare" on the substitutes sheet'),
    ("measures › row 6 › measure", 'may not be called "standard"'),
]


def test_every_substitution_problem_is_located_in_one_run(tmp_path):
    path = write_clean(tmp_path / "in.xlsx", _rows())
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    found = [str(p) for p in caught.value.problems]
    for location, says in EXPECTED:
        assert any(location in p and says in p for p in found), (location, says, found)


def test_bad_substitution_input_exits_2_and_writes_nothing(tmp_path):
    path = write_clean(tmp_path / "in.xlsx", _rows())
    out = tmp_path / "out"
    out.mkdir()
    done = run_cli("--input", path, "--output", out / "result")
    assert done.returncode == 2, done.stderr
    assert 'unknown material "zinc"' in done.stderr
    assert list(out.iterdir()) == []


def test_a_substitute_may_last_longer_but_a_repairable_design_must():
    """lifetime_extension: blank is 0 for a substitute, and 0 is accepted there; a
    design_for_repair measure still needs it > 0."""
    rows = tiny_rows()
    rows["measures"] = [
        {
            "measure": "alt",
            "group": "g",
            "type": "substitute",
            "cost_eur_per_t": 0,
            "lifetime_extension": 0,
        },
        {"measure": "alt2", "group": "g", "type": "substitute", "cost_eur_per_t": 0},
        {
            "measure": "fix",
            "group": "g",
            "type": "design_for_repair",
            "cost_eur_per_t": 0,
            "lifetime_extension": 0,
        },
    ]
    rows["substitutes"] = [
        {"measure": "alt", "material": "a", "mass_fraction": 1},
        {"measure": "alt2", "material": "a", "mass_fraction": 1},
    ]
    from model.io.reader import read_rows

    with pytest.raises(InputError) as caught:
        read_rows(rows, source="in")
    found = [str(p) for p in caught.value.problems]
    assert len(found) == 1 and "measures › row 4 › lifetime_extension" in found[0], found
    assert "> 0" in found[0]
    del rows["measures"][2]
    data = read_rows(rows, source="in")
    assert data.system.lifetime_extension == {"alt": 0, "alt2": 0.0}
