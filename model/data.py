"""ModelData: the validated input, as plain dicts and tuples, ready for the formulation."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ModelData:
    """Everything the linear program needs, validated. Symbols as in docs/formulation.md.

    Dicts keyed by a pair hold only the pairs that were given (missing = 0); yields are
    resolved per (recycle measure, material of its group)."""

    scenario: str
    objective: str  # "min_primary" | "min_cost"
    budget_eur: float | None  # B; None = no budget limit
    reduction_target: float | None  # T

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
    lifetime_extension: dict[str, float]  # e_s, design_for_repair only
    displacement: dict[str, float]  # delta_s, reuse only
    quality: dict[str, float]  # q_s, recycle only
    yield_: dict[tuple[str, str], float]  # y_sm, (recycle measure, material)

    capacities: tuple[str, ...] = ()
    capacity_limit: dict[str, float] = field(default_factory=dict)  # Cap_k
    capacity_unit: dict[str, str] = field(default_factory=dict)
    use_per_t: dict[tuple[str, str], float] = field(default_factory=dict)  # u_sk

    sweep_points: int | None = None  # points of the budget trade-off curve
    descriptions: dict[tuple[str, str], str] = field(default_factory=dict)
    source: str = ""  # the input file as the user named it

    def avoided_per_t(self, s: str) -> float:
        """a_s = e_s / (1 + e_s): avoided purchases per tonne of covered demand."""
        e = self.lifetime_extension[s]
        return e / (1.0 + e)
