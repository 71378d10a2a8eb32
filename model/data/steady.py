"""One representative year (MODEL.md): the steady state of the flows.

A key is the item itself (t = None). What leaves use in the year is what is bought in
it: Out_g = N_g + Σ_{S_g^reuse} x_s, and the demand row (1) says the new purchases and
the purchases the measures avoid cover the demand. N_g counts every design bought, so
the repairable designs are bounded by it (row 2b).
"""

from __future__ import annotations

from collections.abc import Iterator

from model.data.flows import Flows, N, Term, X
from model.data.pathway import BASE
from model.schema.measure_types import TYPES


class SteadyState(Flows):
    name = "steady"
    years = (None,)
    purchases_include_designs = True

    def split(self, key) -> tuple:
        return key, None

    def value(self, parameter: str, item: str, t=None):
        part, name = BASE[parameter]
        if part == "settings":
            return getattr(self.data.settings, name)
        return getattr(self.system, name).get(item)

    def demand(self, g: str, t=None) -> float:
        return self.system.demand_t[g]

    def leaving(self, g: str, t=None) -> float:
        """D_g: in the steady state what is bought in a year leaves use in it."""
        return self.system.demand_t[g]

    def discount(self, t=None) -> float:
        return 1.0

    def standard_terms(self, g: str) -> list[tuple[str, str, float | None]]:
        """N_g: the standard design bought new, repairable designs included."""
        return [(N, g, None)]

    def relief(self, g: str) -> Iterator[Term]:
        """Σ_{S_g^dfr} a_s x_s + Σ_{S_g^reuse} delta_s x_s: purchases avoided in group g
        (every type with `avoided`)."""
        system = self.system
        for kind in TYPES:
            if kind.avoided:
                for s in system.index.of_group.get((g, kind.name), ()):
                    yield (X, s, kind.avoided(system.parameter(s)))

    def service(self, g: str, t=None) -> tuple[tuple[Term, ...], float]:
        """N_g + Σ_{S_g^sub} P_s + relief ≥ D_g (row 1): a substitute's x_s serves x_s
        tonnes of demand, P_s bought and a_s x_s avoided."""
        bought = (
            term for v in self.system.index.designs_of[g][1:] for term in self.purchases(v, None)
        )
        return ((N, g, 1.0), *self.relief(g), *bought), self.system.demand_t[g]

    def outflow(self, v: str, t=None, coef: float = 1.0) -> tuple[tuple[Term, ...], float]:
        """coef · Out_{g,v} = coef · (purchases of v + Σ_{S_g^reuse} x_{r,v}): what is
        bought new of design v, and what enters use not bought new (reuse's second
        cycle of products of v), leaves use in the year."""
        system = self.system
        terms = list(self.purchases(v, None, coef))
        g = system.index.design_group[v]
        for kind in TYPES:
            if kind.enters and not kind.bought:
                for r in system.index.of_group.get((g, kind.name), ()):
                    terms.append(
                        self.on_design(r, v, None, coef * kind.enters(system.parameter(r)))
                    )
        return tuple(terms), 0.0

    def budget(self, t=None):
        """B, a mutable level (the budget range moves it)."""
        return (), "budget_eur", self.data.settings.budget_eur or 0.0

    def has_budget(self) -> bool:
        return self.data.settings.budget_eur is not None

    def targeted(self, t=None) -> bool:
        """One target row, switched on for min_cost."""
        return True
