"""ModelData: the validated input as plain values, the system apart from the run settings.

`System` is what the economy looks like (groups, materials, measures, capacities and
their numbers); `Settings` is what the analyst asks of it (objective, budget, target).
A scenario is data → data: `data.with_system(...)` or `data.with_settings(...)` gives a
changed copy and leaves the original as it was.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from model.data.index import Index
from model.schema.measure_types import BY_TYPE

if TYPE_CHECKING:  # a field's type only: model.data.pathway reads ModelData's values
    from model.data.pathway import Pathway


@dataclass(frozen=True)
class Settings:
    """What the analyst asks: the run's settings sheet."""

    scenario: str
    objective: str = "min_primary"  # "min_primary" | "min_cost"
    budget_eur: float | None = None  # B; None = no budget limit
    reduction_target: float | None = None  # T
    sweep_points: int | None = None  # points of the budget trade-off curve
    samples: int | None = None  # samples of the uncertainty ensemble
    foresight: int | None = None  # a pathway's years seen ahead; None: perfect foresight
    # (always None in one year, which has no later years to see)
    source: str = ""  # the input file as the user named it


@dataclass(frozen=True)
class System:
    """The products, materials, measures and capacities, validated. Symbols as in
    docs/formulation.md. Dicts keyed by a pair hold only the pairs that were given
    (missing = 0); yields are resolved per (recycle measure, material of its group)."""

    groups: tuple[str, ...]
    demand_t: dict[str, float]  # D_g
    collection_rate: dict[str, float]  # col_g
    reusable_share: dict[str, float]  # rho_g

    materials: tuple[str, ...]
    weight: dict[str, float]  # omega_m
    max_secondary_share: dict[str, float]  # kmax_m
    min_secondary_share: dict[str, float]  # kmin_m
    critical: dict[str, bool]

    mass_fraction: dict[tuple[str, str], float]  # w_gm, (group, material)

    measures: tuple[str, ...]
    group_of: dict[str, str]  # g(s)
    type_of: dict[str, str]
    cost_eur_per_t: dict[str, float]  # c_s
    min_t: dict[str, float]  # lo_s
    max_t: dict[str, float | None]  # up_s; None = no bound
    lifetime_extension: dict[str, float]  # e_s, design_for_repair and substitute
    displacement: dict[str, float]  # delta_s, reuse only
    quality: dict[str, float]  # q_s, recycle only
    yield_: dict[tuple[str, str], float]  # y_sm, (recycle measure, material)

    capacities: tuple[str, ...] = ()
    capacity_limit: dict[str, float] = field(default_factory=dict)  # Cap_k
    capacity_unit: dict[str, str] = field(default_factory=dict)
    use_per_t: dict[tuple[str, str], float] = field(default_factory=dict)  # u_sk

    descriptions: dict[tuple[str, str], str] = field(default_factory=dict)

    # other designs and scarce primary supply (SUBSTITUTION.md, both modes)
    design_fraction: dict[tuple[str, str], float] = field(default_factory=dict)  # w^s_m
    kind: dict[str, str] = field(default_factory=dict)  # abiotic | biotic; missing = abiotic
    max_primary_t: dict[str, float | None] = field(default_factory=dict)  # pmax_m; None = none

    # outside supply of secondary material (PATHWAY.md, both modes); missing = 0
    outside_secondary_t: dict[str, float] = field(default_factory=dict)  # imax_m
    outside_cost_eur_per_t: dict[str, float] = field(default_factory=dict)  # ci_m

    # requirements on a group (PATHWAY.md, both modes): R, g(r), kind(r), smin_r
    requirements: tuple[str, ...] = ()
    requirement_group: dict[str, str] = field(default_factory=dict)
    requirement_kind: dict[str, str] = field(default_factory=dict)
    min_share: dict[str, float] = field(default_factory=dict)  # smin_r

    def parameter(self, s: str) -> float:
        """p_s: measure s's own parameter, the column its type requires (e_s, delta_s,
        q_s; model.schema.measure_types)."""
        return getattr(self, BY_TYPE[self.type_of[s]].parameter)[s]

    def avoided_per_t(self, s: str) -> float:
        """New purchases avoided per tonne of activity of s in one year (a_s, delta_s;
        0 for a type that avoids none)."""
        avoided = BY_TYPE[self.type_of[s]].avoided
        return avoided(self.parameter(s)) if avoided else 0.0

    @property
    def designs(self) -> list[str]:
        """V: every group's designs, the standard one (named by the group) first."""
        return self.index.designs

    @property
    def splits(self) -> list[tuple[str, str]]:
        """(r, v): the reuse and recycle measures of groups with substitutes, by design."""
        return self.index.splits

    @cached_property
    def index(self) -> Index:
        """Sparse lookups (measures by group and type, composition by material, …)."""
        return Index(self)


@dataclass(frozen=True)
class ModelData:
    """Everything a run needs: the system and the settings; in a pathway, its years,
    paths, lifetimes and capacity building too (model.data.pathway)."""

    system: System
    settings: Settings
    pathway: Pathway | None = None  # None: one representative year (MODEL.md)

    def __getstate__(self) -> dict:
        """Pickled without the time model kept beside it (model.data.time_model: a worker
        makes its own)."""
        state = dict(self.__dict__)
        state.pop("_flows", None)
        return state

    def with_system(self, **changes) -> ModelData:
        """A copy with some system values replaced (a scenario)."""
        return dataclasses.replace(self, system=dataclasses.replace(self.system, **changes))

    def with_settings(self, **changes) -> ModelData:
        """A copy with some settings replaced (another budget, objective, target)."""
        return dataclasses.replace(self, settings=dataclasses.replace(self.settings, **changes))
