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
