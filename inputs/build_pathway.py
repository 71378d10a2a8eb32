"""The Dutch pathway example 2025–2050 (DEFAULTS.md, "Pathway"): the one-year example's
rows with lifetimes, growth, paths, capacity building and UPV Textiel's requirements,
the substitutes' growing max_t (SUBSTITUTION.md) and the primary-supply scenarios.
Imported by inputs/build_default.py, which writes inputs/nl_pathway.xlsx."""

from __future__ import annotations

import copy

from inputs.build_default import (
    _ABIOTIC,
    _SUBSTITUTE_MEASURES,
    BIOTIC,
    BUDGET_SOURCE,
    ROWS,
    SOURCES,
    _range,
)

_DEMAND = "D: Dutch plug-in car sales × ≈ 60 kWh × 7.3 kg/kWh (ACEA, CBS/RDW); outlook E"
_OUTSIDE = (
    "E: production scrap of European cell plants and recycled material bought abroad, "
    "the Dutch share; cost 0 to the programme (bought by battery makers)"
)
_BATREG = "S: EU Battery Regulation 2023/1542 recycled-content minimums, 2031 and 2036"
_UPV = "S: Besluit UPV Textiel (2023), 2025 and 2030 shares"

SETTINGS = {"first_year": 2025, "last_year": 2050, "scenario": "nl_pathway"}
LIFETIMES = {  # group: lifetime_years, lifetime_shape, demand_growth, past_growth, basis
    "furniture": (12, 3, 0, 0, "S: 7–17 yr for large seating; CBS stock/inflow; shape E"),
    "textiles": (3.3, 2, 0.01, 0.01, "S: 3.3 yr (WRAP); shape and growth E"),
    "batteries": (15, 4, None, None, "D: EV battery mean 15 yr, sd 4 yr → Weibull shape ≈ 4"),
}
BATTERY_PURCHASES = {
    2010: 500,
    2015: 5_000,
    2020: 30_000,
    2023: 43_000,
    2025: 55_000,
    2030: 100_000,
    2035: 130_000,
    2040: 140_000,
}
BUDGETS = {2025: 86_100_000, 2026: 69_700_000, 2027: 70_700_000}
CONTENT = {  # material: {year: min_secondary_share}
    "cobalt": {2030: 0, 2031: 0.16, 2035: 0.16, 2036: 0.26},
    "lithium": {2030: 0, 2031: 0.06, 2035: 0.06, 2036: 0.12},
    "nickel": {2030: 0, 2031: 0.06, 2035: 0.06, 2036: 0.15},
}
OUTSIDE = {  # material: {year: outside_secondary_t}
    "cobalt": {2030: 0, 2031: 100, 2036: 350, 2050: 450},
    "nickel": {2035: 0, 2036: 100, 2040: 250, 2050: 300},
    "lithium": {2035: 0, 2036: 50, 2050: 100},
}
BUILDING = {  # capacity: build_cost_eur_per_unit, build_lead_years, max_build_per_year, basis
    "textile_sorting": (250, 1, 50_000, "lead S: Siptex (Sysav) 2019 → 2020; cost E"),
    "battery_recycling": (5_000, 3, 20_000, "lead D: Hydrovolt 2020 → 2022; cost E"),
    "fibre_to_fibre_lines": (3_000, 3, 30_000, "lead S: Renewcell, Infinited Fiber; cost E"),
}
# Limited foresight (PATHWAY.md, "Foresight"): the same pathway decided one year at a
# time by a planner who sees 1, 3 or 5 years ahead, beside the perfect-foresight base.
_FORESIGHT = (
    "E: a planner who sees this many years ahead (yearly budgets, multi-year programmes); "
    "compare the perfect-foresight base"
)
FORESIGHT = (1, 3, 5)
# The pathway's biggest uncertainties (issue 22), each range with its basis. Battery
# lifetime: European electric-car sales 2010–2024 (IEA Global EV Outlook) through the
# Weibull outflow give 40.9 / 168.6 / 425.4 GWh leaving use in 2030 / 2035 / 2040 at a
# mean of 12 yr and shape 4, within 10 % of the published European projections (38.8 GWh
# in 2030, about 170 GWh in 2035, about 470 GWh in 2040); 15 yr with shape 2 matches too,
# 15 yr with shape 4 (the base) gives about half. Demand paths, build costs and outside
# supply are estimates with honest widths.
_OUTFLOW = (
    "IEA European EV sales 2010–2024 through the Weibull outflow: mean 12 yr, shape 4 "
    "→ 40.9/168.6/425.4 GWh leaving use in 2030/2035/2040 against the published "
    "38.8/≈170/≈470 GWh; 15 yr with shape 2 matches too; the base 15 yr, shape 4 about half"
)
UNCERTAIN = [
    _range("groups.lifetime_years", "batteries", 10, 16, "D", _OUTFLOW),
    _range("groups.lifetime_shape", "batteries", 2, 4.5, "D", _OUTFLOW),
    _range(
        "groups.lifetime_years",
        "furniture",
        7,
        17,
        "S",
        "7–17 yr for large seating; CBS stock/inflow",
        "triangular",
    ),
    _range(
        "groups.lifetime_years",
        "textiles",
        2.2,
        5,
        "E",
        "WRAP's 3.3 yr average; ⅔× to 1.5× for the Dutch mix",
        "triangular",
    ),
    dict(
        _range(
            "groups.demand_t", "batteries", 75_000, 125_000, "E", "2030: ±25 % around the outlook"
        ),
        year=2030,
    ),
    dict(
        _range(
            "groups.demand_t", "batteries", 105_000, 175_000, "E", "2040: ±25 % around the outlook"
        ),
        year=2040,
    ),
    _range(
        "capacities.build_cost_eur_per_unit", "battery_recycling", 2_500, 10_000, "E", "½× to 2×"
    ),
    _range("capacities.build_cost_eur_per_unit", "textile_sorting", 125, 500, "E", "½× to 2×"),
    dict(
        _range("materials.outside_secondary_t", "cobalt", 150, 500, "E", "2036: Dutch share, ±"),
        year=2036,
    ),
    dict(
        _range("materials.outside_secondary_t", "cobalt", 200, 700, "E", "2050: Dutch share, ±"),
        year=2050,
    ),
]
# Scarce primary supply (SUBSTITUTION.md, row 12), as max_primary_t paths written on the
# scenarios sheet with a year. A cap that starts in a later year is a step from a very
# large value (1e12 = no cap) in the year before. The base has no cap on these materials.
NO_CAP = 1e12
PRIMARY_CAPS = {  # scenario: material, {year: max_primary_t}, basis, note
    "cobalt_halves_2035": (
        "cobalt",
        {2034: NO_CAP, 2035: 1_170, 2040: 1_260},
        "D: half of the standard design's need of primary cobalt in those years",
        "primary cobalt supply halved from 2035",
    ),
    "cobalt_halves_2030": (
        "cobalt",
        {2029: NO_CAP, 2030: 900, 2035: 1_170, 2040: 1_260},
        "D: half of the standard design's need; a stress test, infeasible in 2030",
        "primary cobalt supply halved from 2030 (stress test)",
    ),
    "graphite_crma": (
        "graphite",
        {2029: NO_CAP, 2030: 8_850, 2035: 11_500, 2040: 12_390},
        "D: 75 % of the standard design's need: at most 65 % from one third country "
        "(CRMA, Reg. 2024/1252 art. 5; China refines > 90 % of anode graphite, export "
        "permits since Dec 2023) plus ≈ 10 % elsewhere (E)",
        "primary graphite at 75 % of the standard need from 2030 (stress test)",
    ),
}
REQUIREMENTS = {  # requirement: kind, {year: min_share}
    "upv_reuse_or_recycle": ("reuse_or_recycle", {2025: 0.50, 2030: 0.75}),
    "upv_reuse": ("reuse", {2025: 0.20, 2030: 0.25}),
    "upv_fibre_to_fibre": ("high_grade_recycle", {2025: 0.25, 2030: 0.33}),
}


def rows() -> tuple[dict[str, list[dict]], list[list]]:
    """The pathway workbook's rows and its extra sources."""
    out = copy.deepcopy(ROWS)
    sources = []
    settings = [r for r in out["settings"] if r["setting"] != "scenario"]
    settings.insert(0, {"setting": "scenario", "value": "nl_pathway", "note": "names the result"})
    for name in ("first_year", "last_year"):
        settings.append(
            {"setting": name, "value": SETTINGS[name], "note": "the national horizon, 2050"}
        )
    out["settings"] = settings
    paths = []
    for year, budget in BUDGETS.items():
        paths.append({"parameter": "budget_eur", "year": year, "value": budget})
        sources.append(["paths", f"budget_eur {year}", "value", budget, "S", BUDGET_SOURCE])
    for row in out["groups"]:
        mu, shape, growth, past, basis = LIFETIMES[row["group"]]
        row.update(lifetime_years=mu, lifetime_shape=shape)
        if growth is not None:
            row.update(demand_growth=growth, past_growth=past)
        sources.append(["groups", row["group"], "lifetime_years", mu, basis[0], basis])
    for year, tonnes in BATTERY_PURCHASES.items():
        paths.append({"parameter": "demand_t", "item": "batteries", "year": year, "value": tonnes})
    sources.append(["paths", "demand_t batteries", "value", "2010–2040", "D", _DEMAND])
    for m, steps in CONTENT.items():
        for year, share in steps.items():
            paths.append(
                {"parameter": "min_secondary_share", "item": m, "year": year, "value": share}
            )
        sources.append(["paths", f"min_secondary_share {m}", "value", "2031/2036", "S", _BATREG])
    for m, steps in OUTSIDE.items():
        for year, tonnes in steps.items():
            paths.append(
                {"parameter": "outside_secondary_t", "item": m, "year": year, "value": tonnes}
            )
        sources.append(["paths", f"outside_secondary_t {m}", "value", "", "E", _OUTSIDE])
    for row in out["measures"]:
        if row["measure"] == "textiles_fibre_to_fibre":
            row.pop("max_t")  # the fibre-to-fibre lines' capacity takes its place
    # The substitutes' market shares grow: max_t paths in place of the one-year max_t
    # (furniture_bio_foam keeps its 100,000 t in every year).
    growing = {name: path for name, (*_, path, _cb, _mb) in _SUBSTITUTE_MEASURES.items() if path}
    for row in out["measures"]:
        if row["measure"] in growing:
            row.pop("max_t")
    for name, path in growing.items():
        for year, tonnes in path.items():
            paths.append({"parameter": "max_t", "item": name, "year": year, "value": tonnes})
        basis = _SUBSTITUTE_MEASURES[name][-1]
        steps = "; ".join(f"{year} {tonnes:,}" for year, tonnes in path.items())
        sources.append(["paths", f"max_t {name}", "value", steps, basis[0], basis[3:]])
    out["capacities"].append(
        {
            "capacity": "fibre_to_fibre_lines",
            "limit": 20_000,
            "unit": "t/yr",
            "description": "fibre-to-fibre recycling lines",
        }
    )
    out["capacity_use"].append(
        {"measure": "textiles_fibre_to_fibre", "capacity": "fibre_to_fibre_lines", "use_per_t": 1}
    )
    for row in out["capacities"]:
        if row["capacity"] in BUILDING:
            cost, lead, most, basis = BUILDING[row["capacity"]]
            row.update(build_cost_eur_per_unit=cost, build_lead_years=lead, max_build_per_year=most)
            sources.append(["capacities", row["capacity"], "build_lead_years", lead, "S", basis])
    out["requirements"] = []
    for name, (kind, steps) in REQUIREMENTS.items():
        out["requirements"].append(
            {"requirement": name, "group": "textiles", "kind": kind, "min_share": steps[2025]}
        )
        for year, share in steps.items():
            paths.append({"parameter": "min_share", "item": name, "year": year, "value": share})
        sources.append(["requirements", name, "min_share", "2025/2030", "S", _UPV])
    out["paths"] = paths
    out["scenarios"] = [
        {
            "scenario": f"foresight_{years}",
            "parameter": "settings.foresight",
            "value": years,
            "note": f"decided year by year with a view of {years} year{'s' if years > 1 else ''}",
        }
        for years in FORESIGHT
    ]
    sources += [
        ["scenarios", f"foresight_{years}", "settings.foresight", years, "E", _FORESIGHT]
        for years in FORESIGHT
    ]
    for name, (m, path, basis, note) in PRIMARY_CAPS.items():
        out["scenarios"] += [
            {
                "scenario": name,
                "parameter": "materials.max_primary_t",
                "item": m,
                "year": year,
                "value": cap,
                "note": note if cap < NO_CAP else "no cap before",
            }
            for year, cap in path.items()
        ]
        steps = "; ".join(
            f"{year} {'no cap' if cap >= NO_CAP else f'{cap:,}'}" for year, cap in path.items()
        )
        sources.append(
            ["scenarios", name, f"materials.max_primary_t {m}", steps, basis[0], basis[3:]]
        )
    out["scenarios"] += [
        {
            "scenario": "abiotic_goal",
            "parameter": "materials.weight",
            "item": m,
            "value": 0,
            "note": "the national goal counts primary abiotic use only",
        }
        for m in BIOTIC
    ]
    sources += [
        ["scenarios", "abiotic_goal", f"materials.weight {m}", 0, "D", _ABIOTIC] for m in BIOTIC
    ]
    out["uncertainty"] = copy.deepcopy(UNCERTAIN)
    for r in UNCERTAIN:
        item = f"{r['item']}@{r['year']}" if "year" in r else r["item"]
        low_high = f"{r['low']}–{r['high']}"
        basis, note = r["note"][0], r["note"][3:]
        sources.append(
            ["uncertainty", f"{r['parameter']}[{item}]", "low–high", low_high, basis, note]
        )
    replaced = {("measures", name, "max_t") for name in growing}  # by the paths above
    return out, [r for r in SOURCES if tuple(r[:3]) not in replaced] + sources
