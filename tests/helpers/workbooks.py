"""Workbooks the tests write: clean ones, messy ones (as people type), random ones.

Rows are plain dicts by column name, the shape of inputs/build_default.py's ROWS.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path

import openpyxl

ORDER = (
    "settings",
    "groups",
    "materials",
    "composition",
    "measures",
    "recycling_yields",
    "capacities",
    "capacity_use",
)


def write_clean(path: Path, rows: dict[str, list[dict]]) -> Path:
    """One sheet per key of `rows`, headers from the union of the row keys."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, records in rows.items():
        ws = workbook.create_sheet(name)
        header = _header(name, records)
        ws.append(header)
        for record in records:
            ws.append([record.get(h) for h in header])
    workbook.save(path)
    return path


def _header(name: str, records: list[dict]) -> list[str]:
    header: list[str] = []
    for record in records:
        for key in record:
            if key not in header:
                header.append(key)
    return header or _EMPTY_HEADERS.get(name, [])


_EMPTY_HEADERS = {
    "recycling_yields": ["measure", "material", "yield"],
    "capacities": ["capacity", "limit"],
    "capacity_use": ["measure", "capacity", "use_per_t"],
    "settings": ["setting", "value"],
    "measures": ["measure", "group", "type", "cost_eur_per_t"],
    "composition": ["group", "material", "mass_fraction"],
}


def _unambiguous(text: str) -> str:
    whole, _, frac = text.partition(".")
    if len(frac) == 3 and whole.lstrip("-") not in ("", "0"):
        text += "0"  # '1.125' could read as 1125; '1.1250' cannot
    return text


def messy_number(value: float, rng: random.Random) -> object:
    """The same number as a person might type it: as a number, text, decimal comma,
    percent, with spaces. Never an ambiguous form such as '1,350'."""
    form = rng.randrange(6)
    if form == 0 or not isinstance(value, (int, float)) or "e" in repr(float(value)):
        return value
    text = _unambiguous(repr(float(value)))
    if form == 1:
        return text
    if form == 2:
        return text.replace(".", ",")
    if form == 3 and 0 <= value <= 10:
        return _unambiguous(repr(value * 100)) + "%"
    if form == 4:
        return f"  {text}\u00a0"
    return value


def write_messy(
    path: Path, rows: dict[str, list[dict]], seed: int = 0, blank_rows: bool = True
) -> Path:
    """The same content with shuffled sheets and columns, odd header case and spacing,
    numbers typed in every accepted form, padded names, blank rows and an extra column."""
    rng = random.Random(seed)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    names = list(rows)
    rng.shuffle(names)
    for name in names:
        records = rows[name]
        title = rng.choice([name, name.upper(), name.title(), f" {name} "]).strip() or name
        ws = workbook.create_sheet(title)
        header = [*_header(name, records), "remarks"]
        rng.shuffle(header)
        ws.append([rng.choice([h, h.upper(), f" {h.title()} "]) for h in header])
        for record in records:
            if blank_rows and rng.random() < 0.2:
                ws.append([None] * len(header))
            cells = []
            for h in header:
                value = record.get(h)
                if h == "remarks":
                    value = rng.choice([None, "checked", "=not a formula"])
                elif (
                    name == "settings"
                    and h == "value"
                    and record.get("setting") in ("scenario", "objective")
                ):
                    pass
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    value = messy_number(value, rng)
                elif isinstance(value, str) and rng.random() < 0.3:
                    value = f"  {value}  "
                cells.append(value)
            ws.append(cells)
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    workbook.save(path)
    return path


def tiny_rows(**settings) -> dict[str, list[dict]]:
    """One group of 100 t of one material; no measures. Tests add what they need."""
    rows = {
        "settings": [{"setting": k, "value": v} for k, v in settings.items()],
        "groups": [
            {"group": "g", "demand_t": 100.0, "collection_rate": 1.0, "reusable_share": 1.0}
        ],
        "materials": [{"material": "a", "weight": 1.0}],
        "composition": [{"group": "g", "material": "a", "mass_fraction": 1.0}],
        "measures": [],
    }
    return rows


def two_repairs_rows(budget_eur: float = 80) -> dict[str, list[dict]]:
    """`tiny_rows` with a budget and two design-for-repair measures, each with a = 1/2:
    r1 at €2/t (max 50 t) and r2 at €4/t: 0.25 and 0.125 weighted t saved per €."""
    rows = tiny_rows(budget_eur=budget_eur)
    rows["measures"] = [
        {
            "measure": name,
            "group": "g",
            "type": "design_for_repair",
            "cost_eur_per_t": cost,
            "lifetime_extension": 1,
            **extra,
        }
        for name, cost, extra in (("r1", 2, {"max_t": 50}), ("r2", 4, {}))
    ]
    return rows


def random_rows(seed: int, *, groups: int | None = None) -> dict[str, list[dict]]:
    """A random valid scenario: any number of groups, materials, measures, capacities."""
    rng = random.Random(seed)
    nG = groups or rng.randint(1, 5)
    nM = rng.randint(1, 7)
    G = [f"group_{i}" for i in range(nG)]
    M = [f"mat_{i}" for i in range(nM)]
    r2 = lambda lo, hi: round(rng.uniform(lo, hi), 2)  # noqa: E731
    rows: dict[str, list[dict]] = {
        "settings": [],
        "groups": [],
        "materials": [],
        "composition": [],
        "measures": [],
        "recycling_yields": [],
        "capacities": [],
        "capacity_use": [],
    }
    for g in G:
        rows["groups"].append(
            {
                "group": g,
                "demand_t": float(rng.randint(10, 5000)),
                "collection_rate": r2(0.3, 1),
                "reusable_share": r2(0, 0.6),
            }
        )
    for m in M:
        kmin = rng.choice([0.0, 0.0, 0.0, r2(0, 0.1)])
        rows["materials"].append(
            {
                "material": m,
                "weight": rng.choice([1.0, 1.5, 2.0, 3.0]),
                "max_secondary_share": rng.choice([1.0, r2(0.3, 1)]),
                "min_secondary_share": kmin,
            }
        )
    for g in G:
        chosen = rng.sample(M, rng.randint(1, nM))
        weights = [rng.random() for _ in chosen]
        total = sum(weights) * rng.uniform(1.0, 1.3)
        for m, w in zip(chosen, weights, strict=True):
            rows["composition"].append(
                {"group": g, "material": m, "mass_fraction": round(w / total, 4)}
            )
    kinds = ("design_for_repair", "reuse", "recycle")
    for i in range(rng.randint(0, 4 * nG)):
        g, kind = rng.choice(G), rng.choice(kinds)
        s = {
            "measure": f"s{i}",
            "group": g,
            "type": kind,
            "cost_eur_per_t": float(rng.choice([0, rng.randint(1, 3000)])),
        }
        if rng.random() < 0.3:
            s["max_t"] = float(rng.randint(1, 2000))
        if rng.random() < 0.15:
            s["min_t"] = float(rng.randint(0, 10))
        if kind == "design_for_repair":
            s["lifetime_extension"] = r2(0.05, 1.5)
        elif kind == "reuse":
            s["displacement"] = r2(0, 1)
        else:
            s["quality"] = r2(0, 1)
            s["yield"] = r2(0.2, 1)
            for m in rng.sample(M, rng.randint(0, nM)):
                rows["recycling_yields"].append(
                    {"measure": s["measure"], "material": m, "yield": r2(0, 1)}
                )
        rows["measures"].append(s)
    for k in range(rng.randint(0, 3)):
        name = f"cap_{k}"
        rows["capacities"].append({"capacity": name, "limit": float(rng.randint(50, 5000))})
        for s in rng.sample(rows["measures"], min(len(rows["measures"]), rng.randint(0, 3))):
            rows["capacity_use"].append(
                {"measure": s["measure"], "capacity": name, "use_per_t": r2(0.1, 2)}
            )
    objective = rng.choice(["min_primary", "min_cost"])
    rows["settings"].append({"setting": "objective", "value": objective})
    if rng.random() < 0.7:
        rows["settings"].append(
            {"setting": "budget_eur", "value": float(rng.randint(0, 2_000_000))}
        )
    if objective == "min_cost":
        rows["settings"].append({"setting": "reduction_target", "value": r2(0, 0.4)})
    # Outside supply of secondary material, from a stream of its own so that the cases
    # drawn before it are unchanged: about a third of the materials get some.
    extra = random.Random(10_000_019 * (seed + 1))
    for row in rows["materials"]:
        if extra.random() < 0.35:
            row["outside_secondary_t"] = float(extra.randint(1, 500))
            row["outside_secondary_cost_eur_per_t"] = float(extra.choice([0, 0, 50, 2000]))
    # Requirements on a group, for a kind the group has a measure of.
    requirements = []
    for g in G:
        types = {s["type"] for s in rows["measures"] if s["group"] == g}
        kinds = [
            kind
            for kind, needs in (
                ("reuse", {"reuse"}),
                ("recycle", {"recycle"}),
                ("reuse_or_recycle", {"reuse", "recycle"}),
                ("high_grade_recycle", {"recycle"}),
            )
            if needs & types
        ]
        if kinds and extra.random() < min(0.4, 2 / nG):  # a few, also in large cases
            requirements.append(
                {
                    "requirement": f"req_{g}",
                    "group": g,
                    "kind": extra.choice(kinds),
                    "min_share": round(extra.uniform(0.0, 0.3), 2),
                }
            )
    if requirements:  # an empty sheet would have no header
        rows["requirements"] = requirements
    return rows


def random_pathway_rows(seed: int) -> dict[str, list[dict]]:
    """A random valid pathway: random_rows(seed) over 1–6 years from 2025, with random
    lifetimes, growth, history, paths (demand with history, costs, shares, budgets) and
    capacity building."""
    rows = random_rows(seed)
    rng = random.Random(7_000_003 * (seed + 1))
    last = 2025 + rng.randint(0, 5)
    rows["settings"] += [
        {"setting": "first_year", "value": 2025},
        {"setting": "last_year", "value": last},
        {"setting": "discount_rate", "value": rng.choice([0.0, 0.03])},
    ]
    for row in rows["groups"]:
        row.update(
            lifetime_years=round(rng.uniform(1, 12), 1),
            lifetime_shape=rng.choice([1.5, 2.0, 3.0]),
            demand_growth=rng.choice([0.0, 0.02, -0.01]),
            past_growth=rng.choice([0.0, 0.05]),
        )
    paths = []
    group = rng.choice(rows["groups"])
    if rng.random() < 0.5:
        for year in sorted({2018, 2025, last}):
            value = round(group["demand_t"] * rng.uniform(0.3, 1.5), 1)
            paths.append(
                {"parameter": "demand_t", "item": group["group"], "year": year, "value": value}
            )
    for row in rows["measures"][:2]:
        paths.append(
            {
                "parameter": "cost_eur_per_t",
                "item": row["measure"],
                "year": last,
                "value": round(row["cost_eur_per_t"] * rng.uniform(0.5, 1.5), 1),
            }
        )
    for row in rows.get("requirements", []):
        paths.append(
            {"parameter": "min_share", "item": row["requirement"], "year": 2025, "value": 0.0}
        )
        paths.append(
            {
                "parameter": "min_share",
                "item": row["requirement"],
                "year": last + 1,
                "value": row["min_share"],
            }
        )
    budget = next((r for r in rows["settings"] if r["setting"] == "budget_eur"), None)
    if budget is not None and rng.random() < 0.5:
        paths.append({"parameter": "budget_eur", "year": last, "value": budget["value"] * 1.5})
    if paths:
        rows["paths"] = paths
    for row in rows.get("capacities", []):
        if rng.random() < 0.6:
            row.update(
                build_cost_eur_per_unit=float(rng.randint(10, 500)),
                build_lead_years=rng.randint(0, 2),
                max_build_per_year=rng.choice([None, float(rng.randint(10, 500))]),
            )
    return rows


def with_changes(rows: dict[str, list[dict]], sheet: str, index: int, **changes):
    out = copy.deepcopy(rows)
    out[sheet][index].update(changes)
    return out


def with_substitution(
    rows: dict[str, list[dict]], seed: int, *, pathway: bool = False
) -> dict[str, list[dict]]:
    """A copy of `rows` with SUBSTITUTION.md's features added from a random stream of
    their own: a kind for every material (abiotic, biotic, any case, or blank), one or two
    new materials that only substitute designs contain, 1–2 substitute measures in some
    groups (at least one) with random compositions (part of the standard one scaled,
    other materials, the new ones), sometimes a lifetime_extension, a max_t, a min_t or a
    capacity use; recycling_yields rows for some of the new materials (the others take
    the recycle measure's yield); and max_primary_t caps on some materials, around what
    the products would need without measures in the lightest and the heaviest design,
    so that they are loose, bind or make the case infeasible. Most recycled-content
    obligations of `rows` are dropped (fewer cases infeasible before any cap). With
    `pathway`, also a max_primary_t path (a slope, or a step from a very large value)
    and a max_t or cost path for a substitute."""
    rows = copy.deepcopy(rows)
    rng = random.Random(31_000_037 * (seed + 1) + 5)
    r2 = lambda lo, hi: round(rng.uniform(lo, hi), 2)  # noqa: E731
    groups = [r["group"] for r in rows["groups"]]
    demand = {r["group"]: r["demand_t"] for r in rows["groups"]}
    standard: dict[str, dict[str, float]] = {g: {} for g in groups}
    for r in rows["composition"]:
        standard[r["group"]][r["material"]] = r["mass_fraction"]
    for row in rows["materials"]:
        row["kind"] = rng.choice(["abiotic", "abiotic", "biotic", "Biotic", None])
        if row.get("min_secondary_share") and rng.random() < 0.6:
            row["min_secondary_share"] = 0.0  # fewer cases infeasible before any cap
    own = [f"only_sub_{k}" for k in range(rng.randint(1, 2))]
    for m in own:
        rows["materials"].append(
            {
                "material": m,
                "weight": rng.choice([0.5, 1.0, 2.0, 3.0]),
                "kind": rng.choice(["abiotic", "biotic"]),
                "max_secondary_share": rng.choice([1.0, r2(0.3, 1)]),
                "min_secondary_share": rng.choice([0.0, 0.0, 0.0, r2(0, 0.1)]),
            }
        )
    materials = [r["material"] for r in rows["materials"]]
    chosen = [g for g in groups if rng.random() < 0.6] or [rng.choice(groups)]
    substitutes, designs = [], {g: [dict(standard[g])] for g in groups}
    for g in chosen:
        for j in range(rng.randint(1, 2)):
            name = f"sub_{g}_{j}"
            s = {
                "measure": name,
                "group": g,
                "type": "substitute",
                "cost_eur_per_t": float(rng.choice([0, rng.randint(1, 3000)])),
            }
            if rng.random() < 0.5:
                s["max_t"] = float(rng.randint(1, 3000))
            if rng.random() < 0.1:
                s["min_t"] = float(rng.randint(0, 10))
            if rng.random() < 0.35:
                s["lifetime_extension"] = r2(0.1, 1.5)
            rows["measures"].append(s)
            composition: dict[str, float] = {}
            for m, w in standard[g].items():
                if rng.random() < 0.75:
                    composition[m] = round(w * rng.uniform(0.3, 1.3), 4)
            for m in rng.sample(materials, rng.randint(0, 2)):
                if m not in composition:
                    composition[m] = round(rng.uniform(0.02, 0.5), 4)
            if rng.random() < 0.6:
                composition[rng.choice(own)] = round(rng.uniform(0.02, 0.5), 4)
            if not any(composition.values()):
                composition[rng.choice(materials)] = round(rng.uniform(0.05, 1.0), 4)
            for m, w in composition.items():
                substitutes.append({"measure": name, "material": m, "mass_fraction": w})
            designs[g].append(composition)
            capacities = rows.get("capacities", [])
            if capacities and rng.random() < 0.2:
                rows["capacity_use"].append(
                    {
                        "measure": name,
                        "capacity": rng.choice(capacities)["capacity"],
                        "use_per_t": r2(0.1, 2),
                    }
                )
    rows["substitutes"] = substitutes
    yields = rows.setdefault("recycling_yields", [])
    for s in list(rows["measures"]):
        if s["type"] == "recycle" and s["group"] in chosen:
            for m in own:
                if rng.random() < 0.5:
                    yields.append(
                        {
                            "measure": s["measure"],
                            "material": m,
                            "yield": rng.choice([0.0, r2(0, 1)]),
                        }
                    )
    # What the products need of m without measures, in the design of each group with the
    # most of it and in the one with the least: a cap between the two binds where the
    # optimum would rather use the heavier design, one below the least is met only by
    # recycling, reuse and longer lifetimes, or not at all.
    most, least = (
        {
            m: sum(demand[g] * pick(d.get(m, 0.0) for d in designs[g]) for g in groups)
            for m in materials
        }
        for pick in (max, min)
    )
    capped = [m for m in materials if most[m] > 0 and rng.random() < 0.35]
    for row in rows["materials"]:
        m = row["material"]
        if m in capped:
            u = rng.choice([-0.3, 0.0, 0.3, 0.6, 0.9])
            row["max_primary_t"] = round(max(0.0, least[m] + u * (most[m] - least[m])), 1)
    if pathway:
        last = next(r["value"] for r in rows["settings"] if r["setting"] == "last_year")
        paths = rows.setdefault("paths", [])
        needed = [m for m in materials if most[m] > 0]
        if needed and rng.random() < 0.7:
            m = rng.choice(needed)
            if last > 2025 and rng.random() < 0.5:  # a cap from a later year on
                start = rng.randint(2026, last)
                cap = least[m] + r2(0, 1) * (most[m] - least[m])
                points = {start - 1: 100 * most[m], start: cap}
            else:
                points = {2025: r2(0.5, 1.5) * most[m], last: r2(0.2, 1.2) * most[m]}
            for year, value in points.items():
                paths.append(
                    {
                        "parameter": "max_primary_t",
                        "item": m,
                        "year": year,
                        "value": round(value, 1),
                    }
                )
        for s in [s for s in rows["measures"] if s["type"] == "substitute"][:2]:
            if rng.random() < 0.5:
                parameter = rng.choice(["max_t", "cost_eur_per_t"])
                value = float(rng.randint(0, 3000))
                paths.append(
                    {"parameter": parameter, "item": s["measure"], "year": last, "value": value}
                )
        if not paths:
            rows.pop("paths")
    return rows


def random_substitution_rows(seed: int, *, groups: int | None = None) -> dict[str, list[dict]]:
    """random_rows(seed) with substitute designs, material kinds and supply caps
    (with_substitution); random_rows itself is unchanged."""
    return with_substitution(random_rows(seed, groups=groups), seed)


def random_substitution_pathway_rows(seed: int) -> dict[str, list[dict]]:
    """random_pathway_rows(seed) with substitute designs, material kinds, supply caps and a
    max_primary_t path (with_substitution); random_pathway_rows itself is unchanged."""
    return with_substitution(random_pathway_rows(seed), seed, pathway=True)
