"""Sparse lookups over a system, built once, so that no constraint, result table or
diagnosis scans every measure or material, and the flow coefficients are worked out in
one place."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model.data.model_data import System


class Index:
    """Who belongs to whom, and the coefficients of the material flows."""

    def __init__(self, system: System):
        # S_g^type: the measures of group g of one type, in the order of the measures sheet
        self.of_group: dict[tuple[str, str], list[str]] = defaultdict(list)
        for s in system.measures:
            self.of_group[(system.group_of[s], system.type_of[s])].append(s)
        # w_gm by material: (g, w_gm) with w_gm > 0
        self.composition_of: dict[str, list[tuple[str, float]]] = defaultdict(list)
        # w_gm by group: {m: w_gm} as given
        self.materials_in: dict[str, dict[str, float]] = defaultdict(dict)
        for (g, m), w in system.mass_fraction.items():
            self.materials_in[g][m] = w
            if w:
                self.composition_of[m].append((g, w))
        # q_s · y_sm · w_g(s)m: secondary material m per tonne recycled by s
        self.supply_of: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for (s, m), y in system.yield_.items():
            coef = system.quality[s] * y * system.mass_fraction.get((system.group_of[s], m), 0.0)
            if coef:
                self.supply_of[m].append((s, coef))
        # u_sk by capacity: (s, u_sk) with u_sk > 0
        self.users_of: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for (s, k), u in system.use_per_t.items():
            if u:
                self.users_of[k].append((s, u))
