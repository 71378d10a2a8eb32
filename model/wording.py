"""Name the model's limits in the workbook's own terms, and format money and tonnes.

Shared by the result tables and the infeasibility diagnosis so that a limit reads the
same everywhere ("budget_eur (€69.7 M)", "capacity battery_recycling (10,000 t/yr)").
"""

from __future__ import annotations

from model.data import ModelData


def eur(value: float, digits: int = 1) -> str:
    """€ amounts as an analyst writes them: €950, €15.9 M, €1.2 B (`digits` after the
    decimal point for M and B)."""
    if abs(value) >= 1e9:
        return f"€{value / 1e9:,.{digits + 1}f} B"
    if abs(value) >= 1e6:
        return f"€{value / 1e6:,.{digits}f} M"
    if abs(value) >= 1e4:
        return f"€{value / 1e3:,.0f} k"
    return f"€{value:,.0f}"


def tonnes(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f} t"
    return f"{value:,.3g} t"


def pct(fraction: float) -> str:
    return f"{100 * fraction:.4g} %"


def limit_name(data: ModelData, family: str, index: str | None) -> str:
    """The limit behind a constraint family and index, as the user set it."""
    if family == "res_budget":
        return f"budget_eur ({eur(data.budget_eur or 0.0)})"
    if family == "res_capacity":
        unit = data.capacity_unit.get(index, "") or "units"
        return f"capacity {index} ({data.capacity_limit[index]:,.6g} {unit})"
    if family == "res_recycled_content_min":
        return (
            f"the recycled-content obligation for {index} "
            f"(min_secondary_share {pct(data.min_secondary_share[index])})"
        )
    if family == "res_recycled_content_max":
        return (
            f"the recycled-content limit for {index} "
            f"(max_secondary_share {pct(data.max_secondary_share[index])})"
        )
    if family == "res_secondary_supply":
        return f"the secondary {index} that recycling supplies"
    if family == "res_target":
        return f"reduction_target (−{pct(data.reduction_target or 0.0)})"
    if family == "res_repair_coverage":
        return f"demand_t of group {index} ({tonnes(data.demand_t[index])}) for design for repair"
    if family == "res_reuse_availability":
        return (
            f"the products of group {index} fit for reuse "
            f"(reusable_share {pct(data.reusable_share[index])})"
        )
    if family == "res_collection":
        return f"collection in group {index} (collection_rate {pct(data.collection_rate[index])})"
    if family == "res_demand":
        return f"demand_t of group {index}"
    if family == "min_t":
        return f"min_t of measure {index} ({tonnes(data.min_t[index])})"
    if family == "max_t":
        return f"max_t of measure {index} ({tonnes(data.max_t[index] or 0.0)})"
    return f"{family}[{index}]" if index is not None else family
