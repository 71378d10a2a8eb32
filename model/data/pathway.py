"""A pathway's data (PATHWAY.md): the years, the values that change over them, the
lifetimes and the capacity that can be built. Plain numbers, no Pyomo, no files.

`value(data, parameter, item, year)` is the one place a year's value is worked out: the
`paths` rows of (parameter, item) where there are any (model.data.paths' rule), else the
base value of its sheet. Demand has its own rule: paths that reach first_year or later,
else growth from the base value forwards (`demand_growth`) and, for the history before
the first year, the paths' history rows (up to the base value in first_year) or
backwards growth (`past_growth`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property

from model.data.lifetimes import Lifetime, lifetime
from model.data.paths import at_year
from model.data.settable import SETTABLE
from model.schema import PATH_PARAMETERS

# parameter of the paths sheet → (part of ModelData, field) of its base value
BASE: dict[str, tuple[str, str]] = {
    parameter: SETTABLE[f"{sheet}.{column}"]
    for parameter, (sheet, column) in PATH_PARAMETERS.items()
}


@dataclass(frozen=True)
class Pathway:
    """The pathway settings and columns, as read and checked."""

    first_year: int  # t0
    last_year: int  # t1
    discount_rate: float = 0.0  # r
    # (parameter, item) → {year: value}; item "" for budget_eur and reduction_target
    paths: dict[tuple[str, str], dict[int, float]] = field(default_factory=dict)
    lifetime_years: dict[str, float] = field(default_factory=dict)  # mu_g
    lifetime_shape: dict[str, float] = field(default_factory=dict)  # k_g
    demand_growth: dict[str, float] = field(default_factory=dict)  # gr_g
    past_growth: dict[str, float] = field(default_factory=dict)  # pg_g
    build_cost: dict[str, float] = field(default_factory=dict)  # beta_k, buildable k only
    build_lead: dict[str, int] = field(default_factory=dict)  # l_k
    max_build: dict[str, float | None] = field(default_factory=dict)  # zmax_k

    @property
    def years(self) -> range:
        """Y = t0 … t1."""
        return range(self.first_year, self.last_year + 1)

    def discount(self, year: int) -> float:
        """d_t = (1 + r)^−(t − t0)."""
        return (1.0 + self.discount_rate) ** -(year - self.first_year)

    @cached_property
    def standard(self) -> dict[str, Lifetime]:
        """s_g, f_g: the lifetime of a product of standard design, by group."""
        return {
            g: lifetime(mu, self.lifetime_shape.get(g, 2.0))
            for g, mu in self.lifetime_years.items()
        }

    @cached_property
    def _demands(self) -> dict[tuple[str, int, float], float]:
        """D_{g,t} worked out so far, by (g, t, base demand): `demand` reads it."""
        return {}

    def history_years(self, g: str) -> range:
        """The years before t0 whose purchases still leave use in t0 … t1."""
        return range(self.first_year - self.standard[g].max_age, self.first_year)


def value(data, parameter: str, item: str, year: int):
    """A parameter's value for `item` in `year` (PATHWAY.md's rule); demand_t by `demand`."""
    if parameter == "demand_t":
        return demand(data, item, year)
    points = data.pathway.paths.get((parameter, item))
    if points:
        return at_year(points, year)
    part, name = BASE[parameter]
    if part == "settings":
        return getattr(data.settings, name)
    return getattr(data.system, name).get(item)


def values_by_year(data, parameter: str, item: str, years) -> list:
    """`value` in each of `years`: a parameter no path names (other than demand_t) has
    its base value in every year, read once."""
    if parameter == "demand_t" or data.pathway.paths.get((parameter, item)):
        return [value(data, parameter, item, t) for t in years]
    return [value(data, parameter, item, years[0])] * len(years)


def demand(data, g: str, year: int) -> float:
    """D_{g,t}: the purchases of new product in year t with no measure active, for any t
    ≤ t1 (before t0: history, all of standard design)."""
    pathway = data.pathway
    base = data.system.demand_t[g]
    key = (g, year, base)  # all D depends on beside the pathway itself
    known = pathway._demands.get(key)
    if known is None:
        known = pathway._demands[key] = _demand(pathway, g, year, base)
    return known


def _demand(pathway: Pathway, g: str, year: int, base: float) -> float:
    """Rows on paths from first_year on define D entirely (history included, the
    interpolation rule); rows only before first_year shape the history alone, between
    them and the base value in t0, and the future grows from the base value
    (docs/decisions.md, "Demand history and the horizon")."""
    points = pathway.paths.get(("demand_t", g))
    if points and max(points) >= pathway.first_year:
        return at_year(points, year)
    if points and year < pathway.first_year:
        return at_year({**points, pathway.first_year: base}, year)
    growth = pathway.demand_growth.get(g, 0.0)
    if year < pathway.first_year:
        growth = pathway.past_growth.get(g, growth)
    return base * (1.0 + growth) ** (year - pathway.first_year)


def with_pathway(data, **changes):
    """A copy of `data` with some pathway values replaced."""
    return dataclasses.replace(data, pathway=dataclasses.replace(data.pathway, **changes))
