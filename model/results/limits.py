"""The limits of a scenario as the constraints sheet gives them: the sheet, which of its
limits bind, and their shadow prices by family (`Prices`). No files, no Pyomo.

One year's sheet is `model.results.constraints` (with a sentence for each limit); a
pathway's, written here, gives each family's rows at the reported pathway with their
year. Both name a row "family[item]" (or the family's name alone, for a row of no item)
after the `Family` declarations, so the overview finds rows by their family object,
never by a name written out."""

from __future__ import annotations

import pandas as pd

from model.formulation.families import FAMILIES, families
from model.formulation.family import EQ, LE, Family, used_and_limit
from model.formulation.spending import BUDGET
from model.results.constraints import COLUMNS, constraint_table
from model.results.solved import Solved, columns_of
from model.schema.units import TOL

# Limits an analyst sets or can move; the balance rows (demand, secondary supply) are
# physics and stay on the constraints sheet only.
POLICY_LIMITS = tuple(family.name for family in FAMILIES if family.policy)


def family_of(constraints: pd.DataFrame) -> pd.Series:
    """The family of each row of a constraints sheet (its name before "[")."""
    names = constraints["constraint"].tolist()
    return pd.Series([name.partition("[")[0] for name in names], index=constraints.index)


def rows_of(constraints: pd.DataFrame, family: Family, *, binding: bool = False):
    """The sheet's rows of `family` (only those that bind, with `binding`)."""
    chosen = family_of(constraints) == family.name
    if binding:
        chosen &= constraints["binding"] == "yes"
    return constraints[chosen]


def binding_policy_limits(constraints: pd.DataFrame) -> pd.DataFrame:
    """The rows of the constraints sheet for policy limits that bind and whose relaxing
    would improve the objective; not a limit of 0 on nothing (the reuse or collection of
    a design bought at 0 t, the recycled content of a material no product holds): its
    shadow price is one of many at a degenerate optimum, not a limit to move."""
    on_nothing = (constraints["limit"].abs() <= TOL) & (constraints["used"].abs() <= TOL)
    return constraints[
        (constraints["binding"] == "yes")
        & (constraints["shadow_price"] > 1e-9)
        & family_of(constraints).isin(POLICY_LIMITS)
        & ~on_nothing
    ]


def one_year_limits(view: Solved) -> pd.DataFrame:
    """One year's constraints sheet, with a sentence for each limit."""
    return constraint_table(view.data, view.solution)


# The columns of a pathway's constraints sheet: one year's with the year after the
# constraint, and no sentence.
BY_YEAR = [COLUMNS[0], "year", *COLUMNS[1:-1]]


def limits_by_year(view: Solved) -> pd.DataFrame:
    """Every row of a pathway's families at the reported pathway, with its year (columns
    BY_YEAR; none without a row); a row left out of the model (no terms) is not listed,
    nor the budget rows of a scenario without a budget (they stand only for the budget
    range). Each row's figures are kept as a tuple, the table made from the columns."""
    flows, solution, rows = view.flows, view.solution, []
    for family in families(view.time):
        if not family.reported(view.settings):
            continue
        if family.name == BUDGET.name and not flows.has_budget():
            continue
        for key, row in family.rows(flows):
            if not row.body:
                continue
            used, limit = used_and_limit(row, view.at_now, solution.levels)
            slack = 0.0 if family.sense == EQ else _slack(family, used, limit)
            price = family.shadow_price(solution.duals.get((family.name, key), 0.0))
            item, t = ("", key) if family.over == "YEARS" else flows.split(key)
            rows.append(
                (
                    f"{family.name}[{item}]" if item else family.name,
                    t,
                    family.named(view.data, key),
                    used,
                    limit,
                    slack,
                    family.unit,
                    0.0 if abs(price) < 1e-9 else price,
                    # at the first solve's optimum (the tie rule may leave a little slack
                    # in a row whose shadow price says it binds)
                    "yes" if slack <= TOL * max(1.0, abs(limit)) or abs(price) >= 1e-9 else "no",
                )
            )
    return pd.DataFrame(columns_of(BY_YEAR, rows)) if rows else pd.DataFrame()


def _slack(family: Family, used: float, limit: float) -> float:
    """The row's slack (limit − used for ≤, used − limit for ≥); 0 where it is round-off."""
    slack = limit - used if family.sense == LE else used - limit
    return 0.0 if abs(slack) < 1e-7 * max(1.0, abs(limit)) else slack


class Prices:
    """Shadow prices as the constraints sheet gives them, by family, item and year: the
    row "name[item]", or "name" for a row of no item (a budget, a target), in year t
    where the sheet has years. A family's prices are looked up on the sheet when one of
    them is first asked for (a sheet has a row for every limit; the tables ask for a
    few families')."""

    def __init__(self, constraints: pd.DataFrame):
        self._constraints = constraints
        self._by: dict[str, dict] = {}  # family name → (row name, year) → price

    def of(self, family: Family, item: str | None, t) -> float | None:
        """The shadow price of `family`'s row of `item` in year t; None where the sheet
        has no such row."""
        by = self._by.get(family.name)
        if by is None:
            by = self._by[family.name] = self._of_family(family.name)
        name = family.name if item is None else f"{family.name}[{item}]"
        found = by.get((name, t))
        return None if found is None else float(found)

    def _of_family(self, family: str) -> dict:
        """(row name, year) → shadow price of the sheet's rows of `family` (the year
        None where the sheet has no years)."""
        constraints = self._constraints
        names = constraints["constraint"].tolist()
        chosen = [i for i, name in enumerate(names) if name.partition("[")[0] == family]
        years = constraints["year"].tolist() if "year" in constraints.columns else None
        prices = constraints["shadow_price"].tolist()
        return {(names[i], None if years is None else years[i]): prices[i] for i in chosen}
