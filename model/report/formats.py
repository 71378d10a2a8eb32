"""The number format of every result column, chosen once (issue 18): what a column holds
→ how Excel and LibreOffice show it. Years without a thousands separator; tonnes and
euros with one, in whole units (a price per tonne in cents); percentages and shares
with one decimal; marginal values (shadow prices, reduced costs, sensitivity indices)
with four significant digits; counts as whole numbers; text as text.

`COLUMNS` names every numeric column of the result workbooks, `PATTERNS` the few
whose name carries an item (`built_<capacity>`, `budget_<year>_eur`); a sheet whose
rows each carry a unit (summary, goals, constraints, the comparison's indicators, a
diagnosis's limits) is formatted row by row by `unit_format`. A column named nowhere
here reads as General, and tests/integration/test_formats.py fails until it is named.
"""

from __future__ import annotations

import math
import re

YEAR = "0"  # 2025, not 2,025
COUNT = "#,##0"  # samples, measures funded
TONNES = "#,##0"  # t/yr, t in use, weighted t, a capacity's own unit: whole units
EUROS = '"€"#,##0'  # € amounts in whole euro, "€" in front as the overview writes "€69.7 M"
EUR_PER_T = '"€"#,##0.00'  # a price per tonne
PERCENT = "0.0"  # a value already in percent: 29.3 is −29.3 %, as the column's _pct says
SHARE = "0.0%"  # a fraction shown as a percentage: 0.8 shows 80.0%
FACTOR = "0.00"  # a multiplier: a material's weight, × every year's budget
SIGNIFICANT = "significant"  # a format per cell: `significant(value)`

# Every numeric column of the result sheets, by name, the same on every sheet.
COLUMNS: dict[str, str] = {
    "year": YEAR,
    **dict.fromkeys(
        ("sample", "samples", "measures_funded", "samples_with_a_plan", "samples_failing_here"),
        COUNT,
    ),
    **dict.fromkeys(
        (
            # portfolio, cost curve, trade-off curve, robustness
            "activity_t",
            "min_t",
            "max_t",
            "primary_saved_t",
            "cumulative_saved_t",
            "p5_activity_t",
            "p50_activity_t",
            "p95_activity_t",
            "base_activity_t",
            # groups
            "demand_t",
            "new_purchases_t",
            "baseline_new_purchases_t",
            "avoided_purchases_t",
            "repair_covered_t",
            "put_on_market_t",
            "baseline_put_on_market_t",
            "in_use_t",
            "covered_by_repairable_design_t",
            "reused_t",
            "recycled_t",
            "outflow_t",
            "collected_t",
            # materials
            "primary_t",
            "baseline_primary_t",
            "secondary_t",
            "gross_demand_t",
            "secondary_supply_t",
            "secondary_used_t",
            "outside_secondary_t",
            "outside_secondary_available_t",
            "max_primary_t",
            "primary_slack_t",
            "weighted_primary",
            # pathway, pareto: weighted tonnes
            "weighted_primary_use",
            "baseline_weighted_primary_use",
            "primary_use_t",
            "baseline_primary_use_t",
            # requirements
            "required_t",
            "achieved_t",
            # flows
            "baseline_t",
            "portfolio_t",
            # the charts sheet of a pathway
            "design_for_repair_t",
            "reuse_t",
            "recycle_t",
            "substitute_t",
            "critical_primary_t",
            "critical_secondary_t",
            # builds, in the capacity's own unit; constraints (then by the row's unit)
            "built",
            "available",
            "used",
            "limit",
            "slack",
        ),
        TONNES,
    ),
    **dict.fromkeys(
        (
            "cost_eur",
            "total_cost_eur",
            "budget_eur",
            "budget_used_eur",
            "least_budget_eur",
            "saturation_budget_eur",
            "build_cost_eur",
            "outside_secondary_cost_eur",
        ),
        EUROS,
    ),
    **dict.fromkeys(("cost_eur_per_t", "cost_per_t_saved_eur", "cost_gap_eur_per_t"), EUR_PER_T),
    **dict.fromkeys(
        (
            "reduction_pct",
            "reduction_target_pct",
            "base_portfolio_reduction_pct",
            "reduction_from_pct",
            "reduction_to_pct",
            "reduction_p5_pct",  # an ensemble's spread by year
            "reduction_p50_pct",
            "reduction_p95_pct",
        ),
        PERCENT,
    ),
    **dict.fromkeys(
        (
            "share_of_max",
            "collected_share",
            "collection_rate",
            "reusable_share",
            "secondary_share",
            "min_secondary_share",
            "max_secondary_share",
            "min_share",
            "achieved_share",
            "funded_share",
        ),
        SHARE,
    ),
    **dict.fromkeys(("weight", "budget_factor"), FACTOR),
    **dict.fromkeys(
        (
            "shadow_price",
            "primary_shadow_price",
            "reduced_cost",
            "budget_shadow_price_per_meur",
            "saving_per_meur",
            "delta",
            "delta_conf",
            "S1",
            "S1_conf",
            "regret",  # points of reduction (min_primary) or euro (min_cost)
            "rank_correlation",  # Spearman's rho, −1 to 1
        ),
        SIGNIFICANT,
    ),
}

# Columns whose name carries an item or a year.
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"built_.+"), TONNES),  # the charts sheet: a capacity built, its own unit
    (re.compile(r"budget_\d{4}_eur"), EUROS),  # the pathway's trade-off: a year's budget
)


def column_format(column: str) -> str | None:
    """The format of a result column by its name; None: not chosen (General)."""
    if column in COLUMNS:
        return COLUMNS[column]
    return next((fmt for pattern, fmt in PATTERNS if pattern.fullmatch(column)), None)


def unit_format(unit: object) -> str:
    """The format of a value whose row gives its unit in words (summary, goals,
    constraints, indicators, limits). A unit not recognised reads with four significant
    digits, never as General."""
    unit = str(unit or "").strip()
    if " or " in unit:  # one of several units (a diagnosis's limits): as the value needs
        return SIGNIFICANT
    if unit == "year":
        return YEAR
    if unit == "count":
        return COUNT
    if unit.startswith("%") or unit == "reduction points":
        return PERCENT
    if unit.startswith("×"):
        return FACTOR
    if " per " in unit:  # a marginal value or a price
        return EUR_PER_T if unit.startswith("€ per") and unit.endswith(" t") else SIGNIFICANT
    if unit.startswith("€"):
        return EUROS
    if unit.startswith(("t", "weighted t", "capacity unit")):
        return TONNES
    return SIGNIFICANT


def significant(value: float, digits: int = 4) -> str:
    """A format that shows `value` with about `digits` significant digits and no
    trailing zeros: 0.149321 as 0.1493, 88.3941 as 88.39, 1000.0 as 1,000, 0.0000123
    as 1.23E-05."""
    if not math.isfinite(value) or abs(value - round(value)) <= 1e-9 * max(1.0, abs(value)):
        return "#,##0"  # whole, or whole but for rounding (1.0000000000000002 is stored as 1)
    magnitude = math.floor(math.log10(abs(value)))
    if magnitude < -4:
        return "0.00E+00"
    decimals = digits - 1 - magnitude
    return "#,##0" if decimals <= 0 else "#,##0.0" + "#" * (decimals - 1)


def cell_format(fmt: str, value: float) -> str:
    """The format a cell gets: `fmt`, or for SIGNIFICANT the one its value needs."""
    return significant(value) if fmt == SIGNIFICANT else fmt
