"""The material-flow arithmetic, written once as linear terms over (item, year) keys.

A term is (variable, key, coefficient): `("Activity", "textiles_reuse", 0.5)` is
0.5 · x_textiles_reuse in one year, `("Activity", ("textiles_reuse", 2030), 0.5)` the
same in 2030 of a pathway. The formulation turns terms into Pyomo rows; the results and
the diagnosis evaluate the same terms at a solution's values (`evaluate`), so the model
and the report can never disagree about what Out_{g,t} or Gross_{m,t} is.

`Flows` is the one interface every constraint family writes its rows with. What differs
between one representative year and a pathway is only how products enter and leave use,
the time model (`model.data.time_model`):
- `SteadyState` (`model.data.steady`, MODEL.md): one year, t = None, a key is the item
  itself; what leaves use is what is bought in the year; demand row (1).
- `Cohorts` (`model.data.cohorts`, PATHWAY.md): the years t0 … t1, a key is (item, t);
  stock and outflow are sums over cohorts with lifetimes and history; service row (P1).
Everything else — gross material, secondary supply, primary use, cost, recycling — is
written here once, from the time model's `new` purchases.

Designs (SUBSTITUTION.md): a group's products are of its standard design (named by the
group) or of a substitute measure's design (named by the measure), each with its own
composition and outflow. Reuse and recycling act on each design apart: in a group with
substitutes, measure r's activity on design v is x_{r,v} (`DesignActivity`); in a group
of one design it is x_r itself, so nothing changes there.

Variables: `Activity` (x_s), `NewPurchases` (N_g), `SecondaryUse` (U_m),
`OutsideSecondary` (I_m), `DesignActivity` (x_{r,v}), and in a pathway `Build` (Z_k)
and `BudgetFactor` (theta).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import chain

from model.data.model_data import ModelData
from model.schema.measure_types import BY_TYPE, types_that

Term = tuple[str, object, float]  # (variable, key, coefficient)
X, N, U = "Activity", "NewPurchases", "SecondaryUse"
OUTSIDE = "OutsideSecondary"  # I_m
BUILD = "Build"  # Z_{k,t}: capacity k built in year t
FACTOR = "BudgetFactor"  # theta: one factor on every year's budget (1 but in the range)
SPLIT = "DesignActivity"  # x_{r,v}: reuse or recycling of products of design v
RECOVERING = types_that("recovers")  # the types whose activity gives secondary material
DESIGNS = types_that("design")  # the types whose measures are an alternative design


class Flows:
    """The flows of one model over its years, as linear terms. A subclass (the time
    model) says how products enter and leave use; see the module's docstring."""

    name = ""  # "steady" | "cohorts": how the families' declarations read (Family.at)
    years: tuple | range = (None,)  # t: None for one representative year

    def __init__(self, data: ModelData):
        self.data = data
        self.system = data.system
        self._totals: dict[str, tuple[Term, ...]] = {}
        self._purchase_terms: dict[str, list[tuple[str, str, float | None]]] = {}  # v → …

    # --- what the time model says -----------------------------------------------------
    def key(self, item, t):
        """The key of `item` in year t: the item itself in one year, (item, t) else."""
        return item if t is None else (item, t)

    def split(self, key) -> tuple:
        """(item, t) of a key: the inverse of `key`."""
        return key

    def value(self, parameter: str, item: str, t):
        """A parameter's value for `item` in year t, by its paths-sheet name."""
        raise NotImplementedError

    def at(self, parameter: str, key):
        """A parameter's value for a variable's or row's key: (item, t) or the item."""
        return self.value(parameter, *self.split(key))

    def demand(self, g: str, t) -> float:
        """D_{g,t}: purchases of new product with no measure active."""
        raise NotImplementedError

    def discount(self, t) -> float:
        """d_t: the weight of year t's cost in the min_cost objective."""
        raise NotImplementedError

    def standard_terms(self, g: str) -> list[tuple[str, str, float | None]]:
        """(variable, item, tonnes bought per unit of it; None: the variable itself) of
        the products of g's standard design bought in a year (repairable designs
        included): how the time model counts them."""
        raise NotImplementedError

    def standard(self, g: str, t, coef: float = 1.0) -> Iterator[Term]:
        """coef · the products of g's standard design bought in year t."""
        return iter(self._in_year(self.standard_terms(g), t, coef))

    def _in_year(self, bought: list[tuple[str, str, float | None]], t, coef: float) -> list:
        """The terms of year t of `bought` ((variable, item, tonnes per unit of it; None:
        the variable itself), as `standard_terms` gives them), times coef."""
        key = self.key
        return [
            (var, key(item, t), coef if per is None else coef * per) for var, item, per in bought
        ]

    def service(self, g: str, t) -> tuple[tuple[Term, ...], float]:
        """(terms, constant) of the service row of g in t: what is in use or bought
        with the measures, against what there would be without them."""
        raise NotImplementedError

    def outflow(self, v: str, t, coef: float = 1.0) -> tuple[tuple[Term, ...], float]:
        """coef · Out_{g,v,t} of design v (a group: its standard design) as (terms,
        constant): the constant is what products bought before the first year send out
        of use (none in one year)."""
        raise NotImplementedError

    def leaving(self, g: str, t) -> float:
        """Out_{g,t} with no measure active: what leaves use in year t."""
        raise NotImplementedError

    def built(self, k: str, t) -> tuple[Term, ...]:
        """Σ Z_{k,tau} for the tau whose plants are ready in t (none in one year)."""
        return ()

    def budget(self, t) -> tuple[tuple[Term, ...], str | tuple | None, float]:
        """(terms, level, its year's budget) of the budget row's limit in year t."""
        raise NotImplementedError

    def has_budget(self) -> bool:
        """Whether the scenario has a budget (its rows are on but in the baseline)."""
        raise NotImplementedError

    def targeted(self, t) -> bool:
        """Whether year t has a row for the min_cost reduction target."""
        raise NotImplementedError

    purchases_include_designs = False  # N_g counts repairable designs too: row (2b)

    # --- written once ----------------------------------------------------------------
    def new(self, g: str, t, coef: float = 1.0) -> Iterator[Term]:
        """coef · New_{g,t}: product of group g put on the market in year t, the
        standard design and every substitute design (P_s = x_s / (1 + e_s))."""
        yield from self.standard(g, t, coef)
        for v in self.system.index.designs_of[g][1:]:
            yield from self.purchases(v, t, coef)

    def _purchased(self, v: str) -> list[tuple[str, str, float | None]]:
        """`standard_terms` of design v, or a substitute's (x_s, per tonne 1 / (1 + e_s)):
        worked out once per design."""
        known = self._purchase_terms.get(v)
        if known is None:
            system = self.system
            if v in system.index.designs_of:
                known = self.standard_terms(v)
            else:
                known = [(X, v, BY_TYPE[system.type_of[v]].bought(system.parameter(v)))]
            self._purchase_terms[v] = known
        return known

    def purchases(self, v: str, t, coef: float = 1.0) -> Iterator[Term]:
        """coef · the products of design v bought in year t: a group's standard design,
        or a substitute's P_{s,t} = x_{s,t} / (1 + e_s)."""
        return iter(self._in_year(self._purchased(v), t, coef))

    def group_outflow(self, g: str, t) -> tuple[tuple[Term, ...], float]:
        """Out_{g,t} = Σ_{v ∈ V_g} Out_{g,v,t} as (terms, constant): everything of group
        g leaving use in year t."""
        terms, constant = [], 0.0
        for v in self.system.index.designs_of[g]:
            more, history = self.outflow(v, t)
            terms.extend(more)
            constant += history
        return tuple(terms), constant

    def on_design(self, r: str, v: str, t, coef: float = 1.0) -> Term:
        """coef · x_{r,v,t}: reuse or recycling r of products of design v (x_{r,t} in a
        group of one design)."""
        if self.system.group_of[r] in self.system.index.split_groups:
            return (SPLIT, (r, v) if t is None else (r, v, t), coef)  # Pyomo's flat index
        return (X, self.key(r, t), coef)

    def on_designs(self, v: str, t, *kinds: str) -> Iterator[Term]:
        """Σ_{r ∈ S_g^kind} x_{r,v,t}: the measures of the given types acting on design v."""
        g = self.system.index.design_group[v]
        for kind in kinds:
            for r in self.system.index.of_group.get((g, kind), ()):
                yield self.on_design(r, v, t)

    def activities(self, g: str, t, *kinds: str, coef: float = 1.0) -> Iterator[Term]:
        """coef · Σ_{s ∈ S_g^kind} x_{s,t} over the given measure types."""
        for kind in kinds:
            for s in self.system.index.of_group.get((g, kind), ()):
                yield (X, self.key(s, t), coef)

    def recycling(self, g: str, t, high_grade: float | None = None, coef: float = 1.0):
        """coef · Σ_{s ∈ S_g^rec} x_{s,t} over the types that recover material; with
        `high_grade`, only those whose parameter (quality q_s) is ≥ it (the others with
        coefficient 0, so that the row keeps its place)."""
        system = self.system
        for kind in RECOVERING:
            for s in system.index.of_group.get((g, kind), ()):
                keep = high_grade is None or system.parameter(s) >= high_grade
                yield (X, self.key(s, t), coef if keep else 0.0)

    def gross(self, m: str, t, coef: float = 1.0) -> Iterator[Term]:
        """coef · Gross_{m,t} = coef · Σ_g Σ_{v ∈ V_g} w^v_m (purchases of v): material m
        put on the market."""
        out = []
        for v, w in self.system.index.design_composition_of.get(m, ()):
            out.extend(self._in_year(self._purchased(v), t, coef * w))
        return iter(out)

    def recycled(self, m: str, t) -> Iterator[Term]:
        """Sec_{m,t} = Σ_{r recycle} Σ_{v ∈ V_g(r)} q_r y_rm w^v_m x_{r,v,t}: secondary m
        from recycling."""
        on_design = self.on_design
        return iter([on_design(r, v, t, c) for r, v, c in self.system.index.supply_of.get(m, ())])

    def primary(self, m: str, t) -> Iterator[Term]:
        """P_{m,t} = Gross_{m,t} − U_{m,t}: primary m used (row 12's body)."""
        yield from self.gross(m, t)
        yield (U, self.key(m, t), -1.0)

    def supply(self, m: str, t) -> Iterator[Term]:
        """Sec_{m,t} + I_{m,t}: the secondary m that can be used (row 5's limit)."""
        yield from self.recycled(m, t)
        yield (OUTSIDE, self.key(m, t), 1.0)

    def weighted_primary(self, t, coef: float = 1.0) -> Iterator[Term]:
        """coef · Σ_m omega_m P_{m,t} = coef · Σ_m omega_m (Gross_{m,t} − U_{m,t})."""
        out = []
        for m in self.system.materials:
            omega = coef * self.system.weight[m]
            out.extend(self.gross(m, t, omega))
            out.append((U, self.key(m, t), -omega))
        return iter(out)

    def cost(self, t, coef: float = 1.0) -> Iterator[Term]:
        """coef · Cost_t = coef · (Σ_s c_{s,t} x_{s,t} + Σ_k beta_k Z_{k,t} + Σ_m ci_{m,t}
        I_{m,t}): what the portfolio costs in year t (outside secondary material only
        where the programme pays for it)."""
        key, value = self.key, self.value
        out = [(X, key(s, t), coef * value("cost_eur_per_t", s, t)) for s in self.system.measures]
        out.extend(self.building_cost(t, coef))
        for m in self.system.materials:
            ci = value("outside_secondary_cost_eur_per_t", m, t)
            if ci:
                out.append((OUTSIDE, key(m, t), coef * ci))
        return iter(out)

    def building_cost(self, t, coef: float = 1.0) -> Iterator[Term]:
        """coef · Σ_k beta_k Z_{k,t}: what building capacity costs in year t."""
        return iter(())

    def total_weighted_primary(self) -> tuple[Term, ...]:
        """Σ_t Σ_m omega_m P_{m,t}: the min_primary objective (and min_cost's tie row);
        worked out once per time model, as the objective and the tie row share it."""
        if self._totals.get("primary") is None:
            self._totals["primary"] = tuple(
                chain.from_iterable(self.weighted_primary(t) for t in self.years)
            )
        return self._totals["primary"]

    def forget_totals(self) -> None:
        """Drop the objectives' terms worked out for a build (they are large)."""
        self._totals.clear()

    def total_cost(self) -> tuple[Term, ...]:
        """Σ_t d_t Cost_t: the min_cost objective (and min_primary's tie row), once."""
        if self._totals.get("cost") is None:
            self._totals["cost"] = tuple(
                chain.from_iterable(self.cost(t, self.discount(t)) for t in self.years)
            )
        return self._totals["cost"]


def evaluate(terms: Iterable[Term], values: Mapping[str, Mapping[object, float]]) -> float:
    """The terms' value at `values` (variable → key → value)."""
    return sum([c * values[var][key] for var, key, c in terms])
