"""Sparse lookups over a system, built once, so that no constraint, result table or
diagnosis scans every measure or material, and the flow coefficients are worked out in
one place."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from model.schema.measure_types import BY_TYPE

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
        # V_g: the designs of each group (SUBSTITUTION.md): the standard one, named by the
        # group, and each substitute measure's, named by the measure
        self.designs_of: dict[str, list[str]] = {g: [g] for g in system.groups}
        self.design_group: dict[str, str] = {g: g for g in system.groups}
        for s in system.measures:
            if BY_TYPE[system.type_of[s]].design and system.group_of[s] in self.designs_of:
                self.designs_of[system.group_of[s]].append(s)
                self.design_group[s] = system.group_of[s]
        self.designs: list[str] = [d for g in system.groups for d in self.designs_of[g]]
        # w^v_m by design: the standard's w_gm, a substitute's w^s_m
        self.composition: dict[str, dict[str, float]] = {
            d: dict(self.materials_in.get(d, {})) for d in system.groups
        }
        for (s, m), w in system.design_fraction.items():
            self.composition.setdefault(s, {})[m] = w
        # w^v_m by material: (v, w^v_m) with w > 0, standard designs first
        self.design_composition_of: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for m, parts in self.composition_of.items():
            self.design_composition_of[m].extend(parts)
        for (s, m), w in system.design_fraction.items():
            if w and s in self.design_group:
                self.design_composition_of[m].append((s, w))
        # (r, v): the reuse and recycle measures of a group with more than one design act
        # on each design apart (x_{r,v}); in a group of one design x_{r,std} is x_r
        self.split_groups = {g for g, ds in self.designs_of.items() if len(ds) > 1}
        self.splits: list[tuple[str, str]] = [
            (r, d)
            for r in system.measures
            if BY_TYPE[system.type_of[r]].collected and system.group_of[r] in self.split_groups
            for d in self.designs_of[system.group_of[r]]
        ]
        # q_r · y_rm · w^v_m: secondary material m per tonne of design v recycled by r
        self.supply_of: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
        for (r, m), y in system.yield_.items():
            for d in self.designs_of.get(system.group_of[r], ()):
                coef = system.quality[r] * y * self.composition.get(d, {}).get(m, 0.0)
                if coef:
                    self.supply_of[m].append((r, d, coef))
        # u_sk by capacity: (s, u_sk) with u_sk > 0
        self.users_of: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for (s, k), u in system.use_per_t.items():
            if u:
                self.users_of[k].append((s, u))
