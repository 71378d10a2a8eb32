"""A constraint family, declared once for both time models: what it is, how a user
names it, how it relaxes, and its rows as plain linear terms over (item, year) keys.

A family's `rows(flows)` is written once with the terms of `model.data.flows`; the time
model (one year or a pathway's cohorts) supplies the flows. A declaration is written as
one year reads it; over a pathway's years its number takes a P and its equation a year
in every subscript (`yearly_equation`), and `pathway` holds the fields that read
differently beyond that (its Pyomo name, an equation that is more than that, unit,
words); `Family.at(time)` is the family as one time model has it.

The Pyomo model (`model.formulation.model`) builds each family's rows from `rows`; the
constraints sheet evaluates the same rows at the reported portfolio (`used` from the
body, `limit` from the other side); the diagnosis reads `relax`; the docs test reads the
name and equation. No Pyomo here.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from model.data.flows import Flows, Term, evaluate
from model.data.model_data import ModelData, Settings, System

LE, GE, EQ = "<=", ">=", "=="

# The index set of a family's rows (and of a variable) in each time model: the items of
# a set in each year, each year ("YEARS"), or once (None).
ITEM_SETS = {
    "GROUPS": "GROUP_YEARS",
    "MATERIALS": "MATERIAL_YEARS",
    "MEASURES": "MEASURE_YEARS",
    "CAPACITIES": "CAPACITY_YEARS",
    "REQUIREMENTS": "REQUIREMENT_YEARS",
    "DESIGNS": "DESIGN_YEARS",
    "SPLITS": "SPLIT_YEARS",
}
SETS = {
    "steady": {**{name: name for name in ITEM_SETS}, "YEARS": None, None: None},
    "cohorts": {**ITEM_SETS, "YEARS": "YEARS", None: None},
}


class Row(NamedTuple):
    """body (sense) limit + constant + parameter: one constraint row.

    `body` is what the limit is on ("used"); the limit side is `limit` terms plus
    `constant`, plus the mutable `parameter` named (a Pyomo Param of the model, or
    (name, index) of an indexed one) if any. A named tuple: a model makes one per row
    (thousands), at half the cost of a frozen dataclass."""

    body: tuple[Term, ...]
    limit: tuple[Term, ...] = ()
    constant: float = 0.0
    parameter: str | tuple | None = None


@dataclass(frozen=True)
class Family:
    """One constraint family of docs/formulation.md."""

    name: str  # the Pyomo component, e.g. "res_capacity"
    number: str  # its number in docs/formulation.md, e.g. "9" (a pathway's: "P9")
    equation: str  # e.g. "Σ_s u_sk x_s ≤ Cap_k"
    unit: str  # the unit of both sides, e.g. "t/yr"
    sense: str  # LE, GE or EQ
    over: str | None  # rows for each item of a set ("GROUPS", "MATERIALS", "CAPACITIES",
    # "REQUIREMENTS") in each year, for each year ("YEARS"), or once (None)
    rows: Callable[[Flows], Iterable[tuple[object, Row]]]  # (index, row) of every row
    named: Callable[[ModelData, object], str]  # the limit as the user set it
    policy: bool = False  # a limit an analyst sets or can move (the overview lists it)
    relax: str | None = None  # how the elastic diagnosis relaxes it:
    # "raise" | "short" | "exceed" | "fall" (in the order of families.RELAXED)
    scale: Callable[[Flows, object], float] | None = None  # a relaxation's natural size
    note: str = ""  # when the row is left out or switched off
    worth: str = "limit"  # how the constraints sheet words its shadow price: "limit",
    # "budget" (per €1 M), "target" (€ per weighted t), "obligation" (per t less)
    reported: Callable[[Settings], bool] = lambda settings: True  # on the constraints sheet?
    unit_of: Callable[[System, object], str] | None = None  # a unit that depends on the index
    listed_without_row: bool = False  # list an index whose row is left out (used 0)
    only: str | None = None  # the one time model that has the family ("steady"), if one
    # how the diagnosis says the limit must move by e, where the family has its own words:
    # (flows, index, e) → text
    says: Callable[[Flows, object, float], str] | None = None
    # how the family reads over a pathway's years beyond its number with a P and the
    # equation with a year in every subscript (`yearly_equation`): Family fields
    pathway: dict = field(default_factory=dict, hash=False, compare=False)

    def at(self, time: str) -> Family:
        """The family as the time model `time` ("steady" or "cohorts") declares it: its
        index set over that model's years, and the fields that model reads otherwise."""
        return dataclasses.replace(self, over=SETS[time][self.over], **READS[time](self))

    @property
    def doc(self) -> str:
        """The Pyomo doc: "(9) Σ_s u_sk x_s ≤ Cap_k [unit/yr]" and when it is off."""
        text = f"({self.number}) {self.equation} [{self.unit}]"
        return f"{text}; {self.note}" if self.note else text

    def unit_on_sheet(self, system: System, index: object) -> str:
        return self.unit_of(system, index) if self.unit_of else self.unit

    def shadow_price(self, dual: float) -> float:
        """Objective improvement per unit the limit is relaxed (≥ 0 at an optimum), from
        HiGHS's row dual d(objective)/d(right-hand side). An equality (a pathway's
        service row) reports what one more unit of its right-hand side costs instead:
        the dual itself."""
        return 0.0 - dual if self.sense == LE else dual + 0.0


def in_year(item: object, t: object = None) -> str:
    """An item in a limit's words, with its year where it has one: "steel in 2030"."""
    return f"{item}" if t is None else f"{item} in {t}"


def yearly_equation(equation: str) -> str:
    """A one-year equation over a pathway's years: a year in the subscript of every
    symbol (U_m ≤ Sec_m + I_m → U_{m,t} ≤ Sec_{m,t} + I_{m,t}; x_{s,v} → x_{s,v,t});
    the set a sum runs over keeps its own (Σ_{S_g^dfr})."""
    return re.sub(
        r"(Σ)?_(\{[^}]*\}|\w+)",
        lambda found: found[0] if found[1] else f"_{{{found[2].strip('{}')},t}}",
        equation,
    )


def _over_years(family: Family) -> dict:
    """How a pathway reads a declaration: its number with a P, the equation with a year
    in every subscript, and what `pathway` says beyond that."""
    return {
        "number": f"P{family.number}",
        "equation": yearly_equation(family.equation),
        **family.pathway,
    }


# The fields each time model reads otherwise than the declaration: one year as written.
READS: dict[str, Callable[[Family], dict]] = {"steady": lambda family: {}, "cohorts": _over_years}


def used_and_limit(
    row: Row, values: Mapping[str, Mapping[object, float]], parameters: Mapping[str, float]
) -> tuple[float, float]:
    """The row's two sides at `values`: what is used and what the limit allows."""
    limit = row.constant + evaluate(row.limit, values)
    if row.parameter is not None:
        limit += parameters[row.parameter]
    return evaluate(row.body, values), limit
