"""The material-flow arithmetic, written once as linear terms.

A term is (variable, key, coefficient): `("Activity", "textiles_reuse", 0.5)` is
0.5 · x_textiles_reuse. The formulation turns terms into Pyomo expressions; the results
and the diagnosis evaluate the same terms at a solution's values (`evaluate`), so the
model and the report can never disagree about what Out_g or Gross_m is.

Variables: `Activity` (x_s), `NewPurchases` (N_g), `SecondaryUse` (U_m),
`OutsideSecondary` (I_m).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from model.data.model_data import System
from model.schema import DFR, REUSE

Term = tuple[str, object, float]  # (variable, key, coefficient)
X, N, U = "Activity", "NewPurchases", "SecondaryUse"
OUTSIDE = "OutsideSecondary"  # I_m


def activities(system: System, g: str, *kinds: str, coef: float = 1.0) -> Iterator[Term]:
    """coef · Σ_{s ∈ S_g^kind} x_s over the given measure types."""
    for kind in kinds:
        for s in system.index.of_group.get((g, kind), ()):
            yield (X, s, coef)


def relief(system: System, g: str) -> Iterator[Term]:
    """Σ_{S_g^dfr} a_s x_s + Σ_{S_g^reuse} delta_s x_s: purchases avoided in group g."""
    for s in system.index.of_group.get((g, DFR), ()):
        yield (X, s, system.avoided_per_t(s))
    for s in system.index.of_group.get((g, REUSE), ()):
        yield (X, s, system.displacement[s])


def outflow(system: System, g: str, coef: float = 1.0) -> Iterator[Term]:
    """coef · Out_g = coef · (N_g + Σ_{S_g^reuse} x_s): what leaves use in group g."""
    yield (N, g, coef)
    yield from activities(system, g, REUSE, coef=coef)


def gross(system: System, m: str, coef: float = 1.0) -> Iterator[Term]:
    """coef · Gross_m = coef · Σ_g w_gm N_g: material m in the new purchases."""
    for g, w in system.index.composition_of.get(m, ()):
        yield (N, g, coef * w)


def supply(system: System, m: str) -> Iterator[Term]:
    """Sec_m = Σ_{s recycle} q_s y_sm w_g(s)m x_s: secondary m that recycling supplies."""
    for s, c in system.index.supply_of.get(m, ()):
        yield (X, s, c)


def weighted_primary(system: System) -> Iterator[Term]:
    """Σ_m omega_m P_m = Σ_m omega_m (Gross_m − U_m): the min_primary objective."""
    for m in system.materials:
        omega = system.weight[m]
        yield from gross(system, m, omega)
        yield (U, m, -omega)


def cost(system: System) -> Iterator[Term]:
    """Σ_s c_s x_s + Σ_m ci_m I_m: what the portfolio costs, €/yr (outside secondary
    material only where the programme pays for it)."""
    for s in system.measures:
        yield (X, s, system.cost_eur_per_t[s])
    for m, ci in system.outside_cost_eur_per_t.items():
        if ci:
            yield (OUTSIDE, m, ci)


def available_secondary(system: System, m: str) -> Iterator[Term]:
    """Sec_m + I_m: the secondary material m that can be used (row 5's limit)."""
    yield from supply(system, m)
    yield (OUTSIDE, m, 1.0)


def evaluate(terms: Iterable[Term], values: Mapping[str, Mapping[object, float]]) -> float:
    """The terms' value at `values` (variable → key → value)."""
    return sum(c * values[var][key] for var, key, c in terms)
