"""Cross-sheet rules: unknown and duplicate names, per-type parameters, sums, orderings.

Builds `ModelData` from parsed rows; every problem goes to the reader's list, so one run
reports all of them. Single-cell rules (type, range) were checked while reading.
"""

from __future__ import annotations

import difflib
import logging
from collections import defaultdict
from dataclasses import dataclass

from model import schema
from model.data.model_data import ModelData, Settings, System
from model.io.paths import SaidAt, read_pathway
from model.io.sheets import Reader, Row, is_invalid
from model.schema import name_key as name_key_of
from model.schema.measure_types import BY_TYPE, TYPES, types_that

RECOVERING = types_that("recovers")  # the types whose measures have yields
DESIGNS = types_that("design")  # the types whose measures are an alternative design
STANDARD = schema.STANDARD_DESIGN

log = logging.getLogger(__name__)

SUM_TOLERANCE = 1e-6


def _ok(value: object) -> bool:
    return value is not None and not is_invalid(value)


def first_row(reader: Reader, seen: dict, key, row: Row, twice: str, *, sheet: str, column: str):
    """Whether `row` is the first to give `key` (it is then kept in `seen`, key → row); a
    later one is a problem at its `column`: `twice`, and the row that gave it first."""
    if key in seen:
        reader.problem(
            f"{twice} (also on row {seen[key].number})", sheet=sheet, row=row.number, column=column
        )
        return False
    seen[key] = row
    return True


def _keyed(reader: Reader, sheet: schema.Sheet, rows: list[Row]) -> dict[tuple, Row]:
    """Rows by key; a duplicate key is a problem naming both rows."""
    seen: dict[tuple, Row] = {}
    for row in rows:
        key = tuple(row[c] for c in sheet.key)
        if all(_ok(k) for k in key):
            what = " and ".join(f'"{k}"' for k in key)
            twice = f"duplicate {' and '.join(sheet.key)} {what}"
            first_row(reader, seen, key, row, twice, sheet=sheet.name, column=sheet.key[-1])
    return seen


def _unknown(
    reader: Reader, sheet: str, row: Row, column: str, name: str, known: dict | set, target: str
) -> None:
    if target in reader.unusable:
        return  # that sheet's own problem is reported; its names cannot be checked
    hint = difflib.get_close_matches(name, list(known), n=1)
    lowered = {str(k).lower(): k for k in known}
    if name.lower() in lowered:
        hint = [lowered[name.lower()]]
    extra = f'; did you mean "{hint[0]}"?' if hint else ""
    reader.problem(
        f'unknown {column} "{name}": it is not on the {target} sheet{extra}',
        sheet=sheet,
        row=row.number,
        column=column,
    )


def _settings(reader: Reader, rows: list[Row]) -> dict[str, object]:
    defs = {c.name: c for c in schema.SETTING_ROWS}
    keys = {schema.name_key(name): name for name in defs}
    found: dict[str, object] = {}
    where: dict[str, Row] = {}
    for row in rows:
        name = row["setting"]
        if not _ok(name):
            continue
        key = keys.get(schema.name_key(name), str(name).strip().lower())
        col = defs.get(key)
        if col is None:
            log.warning(
                "%s › settings › row %d: unknown setting %r ignored (known: %s)",
                reader.file,
                row.number,
                name,
                ", ".join(defs),
            )
            continue
        twice = f'setting "{key}" appears twice'
        if not first_row(reader, where, key, row, twice, sheet="settings", column="setting"):
            continue
        try:
            value = reader.parse_cell(col, row.raw.get("value"))
        except ValueError as exc:
            reader.problem(f"{key} {exc}", sheet="settings", row=row.number, column="value")
            continue
        found[key] = value
    out = {name: found.get(name, col.default) for name, col in defs.items()}
    if out["objective"] is None:
        out["objective"] = "min_primary"
    if out["objective"] == "min_cost" and out["reduction_target"] is None:
        given = where.get("reduction_target")
        reader.problem(
            "reduction_target is required when objective is min_cost "
            "(a fraction such as 0.5 for −50 %)",
            sheet="settings",
            row=given.number if given else None,
            column="value" if given else "reduction_target",
        )
    return out


def build_model_data(
    reader: Reader, sheets: dict[str, list[Row]], *, said_at: SaidAt = None
) -> ModelData | None:
    """Apply every cross-sheet rule and assemble ModelData (None if a sheet is unusable).
    `said_at`: where a paths row outside a pathway's horizon is said (`read_pathway`)."""
    settings = _settings(reader, sheets["settings"])
    g_names = _names(_keyed(reader, schema.GROUPS, sheets["groups"]))
    m_names = _names(_keyed(reader, schema.MATERIALS, sheets["materials"]))
    s_names = _names(_keyed(reader, schema.MEASURES, sheets["measures"]))
    k_names = _names(_keyed(reader, schema.CAPACITIES, sheets["capacities"]))
    composition = _keyed(reader, schema.COMPOSITION, sheets["composition"])
    yields = _keyed(reader, schema.RECYCLING_YIELDS, sheets["recycling_yields"])
    substitutes = _keyed(reader, schema.SUBSTITUTES, sheets["substitutes"])
    uses = _keyed(reader, schema.CAPACITY_USE, sheets["capacity_use"])
    r_names = _names(_keyed(reader, schema.REQUIREMENTS, sheets["requirements"]))
    if not g_names and not reader.problems:
        reader.problem("no product groups: add at least one row", sheet="groups")
    _check_materials(reader, m_names)
    mass_fraction = _composition(reader, composition, g_names, m_names)
    materials_of = _materials_of(reader, mass_fraction, g_names)
    design_fraction = _substitutes(reader, substitutes, s_names, m_names)
    for (sub, mat), w in design_fraction.items():  # recycling treats every design of g
        group = s_names[sub]["group"]
        if w > 0 and _ok(group) and mat not in materials_of[group]:
            materials_of[group].append(mat)
    yield_rows = _yields(reader, yields, s_names, m_names)
    _check_measures(reader, s_names, g_names, materials_of, yield_rows, design_fraction)
    _check_uses(reader, uses, s_names, k_names)
    _check_requirements(reader, r_names, g_names, s_names)
    pathway = read_pathway(reader, settings, sheets, said_at=said_at)
    if reader.problems:
        return None
    named = dict(zip(Checked.NAMED, (g_names, m_names, s_names, k_names, r_names), strict=True))
    checked = Checked(
        named=named,
        uses=uses,
        mass_fraction=mass_fraction,
        design_fraction=design_fraction,
        yield_=_yield_of(s_names, materials_of, yield_rows),
    )
    return _assemble(reader, settings, checked, pathway)


@dataclass(frozen=True)
class Checked:
    """What the cross-sheet rules leave of the sheets, for `_assemble`: the rows of each
    named sheet by name, capacity_use's by (measure, capacity), and the tables built."""

    NAMED = ("groups", "materials", "measures", "capacities", "requirements")

    named: dict[str, dict[str, Row]]  # sheet (NAMED) → name → its row
    uses: dict[tuple, Row]  # capacity_use: (measure, capacity) → its row
    mass_fraction: dict[tuple[str, str], float]  # w_gm
    design_fraction: dict[tuple[str, str], float]  # w^s_m
    yield_: dict[tuple[str, str], float]  # y_sm of every recovering measure's materials


def _yield_of(s_names, materials_of, yield_rows) -> dict[tuple[str, str], float]:
    """y_sm of each material of a recovering measure's group (its substitutes' too):
    recycling_yields' row, else the measure's own yield, else none."""
    yield_ = {}
    for s, row in s_names.items():
        if row["type"] not in RECOVERING:
            continue
        for mat in materials_of.get(row["group"], []):
            y = yield_rows.get(s, {}).get(mat, row["yield"])
            if y is not None:
                yield_[(s, mat)] = y
    return yield_


def _names(keyed: dict[tuple, Row]) -> dict[str, Row]:
    """Rows of a one-key sheet by their name."""
    return {key[0]: row for key, row in keyed.items()}


def _check_materials(reader: Reader, m_names: dict[str, Row]) -> None:
    """kmin_m ≤ kmax_m."""
    for row in m_names.values():
        _not_above(reader, schema.MATERIALS, row, "min_secondary_share", "max_secondary_share")


def _not_above(reader: Reader, sheet: schema.Sheet, row: Row, low: str, high: str) -> None:
    """The row's `low` does not exceed its `high` (a blank `high`: its column's default,
    none or a number), else a problem at `low`."""
    lo, up = row[low], _val(row, high, sheet)
    if _ok(lo) and _ok(up) and lo > up:
        reader.problem(
            f"must not exceed {high} ({up:g}), got {lo:g}",
            sheet=sheet.name,
            row=row.number,
            column=low,
        )


def _composition(reader, composition, g_names, m_names) -> dict[tuple[str, str], float]:
    """w_gm of known groups and materials; per group Σ_m w_gm ≤ 1 (+ tolerance)."""
    mass_fraction: dict[tuple[str, str], float] = {}
    sums: dict[str, list] = defaultdict(list)
    for (g, mat), row in composition.items():
        known = True
        if g not in g_names:
            _unknown(reader, "composition", row, "group", g, g_names, "groups")
            known = False
        if mat not in m_names:
            _unknown(reader, "composition", row, "material", mat, m_names, "materials")
            known = False
        w = row["mass_fraction"]
        if known and _ok(w):
            mass_fraction[(g, mat)] = w
            sums[g].append((row.number, w))
    for g, parts in sums.items():
        total = sum(w for _, w in parts)
        if total > 1 + SUM_TOLERANCE:
            rows = ", ".join(str(n) for n, _ in parts)
            reader.problem(
                f'mass fractions of group "{g}" add up to {total:.10g}, more than 1 '
                f"(by {total - 1:.2g}; up to 1 + {SUM_TOLERANCE:g} is accepted as rounding)",
                sheet="composition",
                row=f"rows {rows}",
                column="mass_fraction",
            )
    return mass_fraction


def _materials_of(reader, mass_fraction, g_names) -> dict[str, list[str]]:
    """The materials of each group (w_gm > 0); a group without any is warned about."""
    materials_of: dict[str, list[str]] = defaultdict(list)
    for (g, mat), w in mass_fraction.items():
        if w > 0:
            materials_of[g].append(mat)
    for g, row in g_names.items():
        if g not in materials_of:
            log.warning(
                "%s › groups › row %d: group %s has no composition, so no measure "
                "on it can change primary use; add its materials on the "
                "composition sheet",
                reader.file,
                row.number,
                g,
            )
    return materials_of


def _of_measure_and_material(reader, sheet, row, s_names, m_names, types, why) -> bool:
    """Whether a (measure, material) row names a known measure of one of `types` and a
    known material; each problem is located at its cell."""
    s, mat = row["measure"], row["material"]
    srow = s_names.get(s)
    if srow is None:
        _unknown(reader, sheet, row, "measure", s, s_names, "measures")
        return False
    if _ok(srow["type"]) and srow["type"] not in types:
        reader.problem(
            f'measure "{s}" is of type {srow["type"]}, not {" or ".join(types)}: {why}',
            sheet=sheet,
            row=row.number,
            column="measure",
        )
        return False
    if mat not in m_names:
        _unknown(reader, sheet, row, "material", mat, m_names, "materials")
        return False
    return True


def _substitutes(reader, substitutes, s_names, m_names) -> dict[tuple[str, str], float]:
    """w^s_m of known substitute measures and materials; each design's materials sum to
    (0, 10] t per standard-equivalent tonne."""
    design_fraction: dict[tuple[str, str], float] = {}
    sums: dict[str, list] = defaultdict(list)
    for (s, mat), row in substitutes.items():
        why = "only a substitute measure has a design of its own"
        if not _of_measure_and_material(reader, "substitutes", row, s_names, m_names, DESIGNS, why):
            continue
        w = row["mass_fraction"]
        if _ok(w):
            design_fraction[(s, mat)] = w
            sums[s].append((row.number, w))
    for s, parts in sums.items():
        total = sum(w for _, w in parts)
        if total <= 0 or total > schema.DESIGN_MASS_LIMIT:
            rows = ", ".join(str(n) for n, _ in parts)
            reader.problem(
                f'the materials of substitute "{s}" add up to {total:.10g} t per '
                f"standard-equivalent tonne; they must add up to more than 0 and at most "
                f"{schema.DESIGN_MASS_LIMIT:g}",
                sheet="substitutes",
                row=f"rows {rows}",
                column="mass_fraction",
            )
    return design_fraction


def _yields(reader, yields, s_names, m_names) -> dict[str, dict[str, float]]:
    """recycling_yields rows of known recycle measures and materials."""
    yield_rows: dict[str, dict[str, float]] = defaultdict(dict)
    for (s, mat), row in yields.items():
        why = f"yields apply to {' and '.join(RECOVERING)} measures only"
        if not _of_measure_and_material(
            reader, "recycling_yields", row, s_names, m_names, RECOVERING, why
        ):
            continue
        if _ok(row["yield"]):
            yield_rows[s][mat] = row["yield"]
    return yield_rows


def _check_measures(reader, s_names, g_names, materials_of, yield_rows, design_fraction):
    """Known groups, min_t ≤ max_t, the parameter each type requires, a design for each
    substitute."""
    designed = {s for s, _m in design_fraction}
    for s, row in s_names.items():
        g, kind = row["group"], row["type"]
        if _ok(g) and g not in g_names:
            _unknown(reader, "measures", row, "group", g, g_names, "groups")
        _not_above(reader, schema.MEASURES, row, "min_t", "max_t")
        if not _ok(kind):
            continue
        need, declared = schema.REQUIRED_BY_TYPE[kind], BY_TYPE[kind]
        if row[need] is None and declared.default is None:
            reader.problem(
                f"required for a measure of type {kind}, but the cell is blank",
                sheet="measures",
                row=row.number,
                column=need,
            )
        elif declared.positive and _ok(row[need]) and row[need] <= 0:
            reader.problem(
                f"must be a number > 0 for a measure of type {kind}, got {row[need]:g}",
                sheet="measures",
                row=row.number,
                column=need,
            )
        if declared.design:
            if name_key_of(s) == STANDARD:
                reader.problem(
                    f'a {kind} measure may not be called "{STANDARD}": that name is the '
                    "standard design in the results",
                    sheet="measures",
                    row=row.number,
                    column="measure",
                )
            if s not in designed and "substitutes" not in reader.unusable:
                reader.problem(
                    f'a {kind} measure needs the materials of its design: add rows for "{s}" '
                    "on the substitutes sheet (measure, material, mass_fraction)",
                    sheet="measures",
                    row=row.number,
                    column="type",
                )
        for other in set(schema.REQUIRED_BY_TYPE.values()) - {need}:
            if _ok(row[other]):
                log.info(
                    "%s › measures › row %d › %s: not used by a %s measure, ignored",
                    reader.file,
                    row.number,
                    other,
                    kind,
                )
        if kind in RECOVERING and row["yield"] is None and _ok(g):
            lacking = [m for m in materials_of.get(g, []) if m not in yield_rows.get(s, {})]
            if lacking:
                reader.problem(
                    f"required for a {kind} measure unless recycling_yields "
                    f"gives every material of its group (missing: "
                    f"{', '.join(lacking)})",
                    sheet="measures",
                    row=row.number,
                    column="yield",
                )


def _check_uses(reader, uses, s_names, k_names) -> None:
    """capacity_use rows name known measures and capacities."""
    for (s, k), row in uses.items():
        if s not in s_names:
            _unknown(reader, "capacity_use", row, "measure", s, s_names, "measures")
        if k not in k_names:
            _unknown(reader, "capacity_use", row, "capacity", k, k_names, "capacities")


def _check_requirements(reader, r_names, g_names, s_names) -> None:
    """requirements rows name known groups, and a group that has a measure of the kind
    required (else the requirement could only hold by buying nothing)."""
    for r, row in r_names.items():
        g, kind = row["group"], row["kind"]
        if not _ok(g) or not _ok(kind):
            continue
        if g not in g_names:
            _unknown(reader, "requirements", row, "group", g, g_names, "groups")
            continue
        types = schema.REQUIREMENT_TYPES[kind]
        if not any(m["group"] == g and m["type"] in types for m in s_names.values()):
            reader.problem(
                f'requirement "{r}" asks for {kind.replace("_", " ")} in group {g}, which '
                f"has no {' or '.join(types)} measure on the measures sheet: add one, or "
                "remove the requirement",
                sheet="requirements",
                row=row.number,
                column="kind",
            )


def _parameter(row: Row) -> float:
    """p_s: the measure's own parameter, its type's default where the cell is blank."""
    value = row[schema.REQUIRED_BY_TYPE[row["type"]]]
    return BY_TYPE[row["type"]].default if value is None else value


def _val(row: Row, column: str, sheet: schema.Sheet):
    value = row[column]
    return sheet.column(column).default if value is None else value


def _assemble(reader, settings, checked: Checked, pathway) -> ModelData:
    G, M, S = schema.GROUPS, schema.MATERIALS, schema.MEASURES
    g_names, m_names, s_names, k_names, r_names = (checked.named[n] for n in Checked.NAMED)
    descriptions = {}
    for sheet, rows in checked.named.items():
        for name, row in rows.items():
            if row["description"]:
                descriptions[(sheet, name)] = row["description"]
    type_of = {s: r["type"] for s, r in s_names.items()}
    system = System(
        groups=tuple(g_names),
        demand_t={g: r["demand_t"] for g, r in g_names.items()},
        collection_rate={g: _val(r, "collection_rate", G) for g, r in g_names.items()},
        reusable_share={g: _val(r, "reusable_share", G) for g, r in g_names.items()},
        materials=tuple(m_names),
        weight={m: _val(r, "weight", M) for m, r in m_names.items()},
        max_secondary_share={m: _val(r, "max_secondary_share", M) for m, r in m_names.items()},
        min_secondary_share={m: _val(r, "min_secondary_share", M) for m, r in m_names.items()},
        critical={m: bool(_val(r, "critical", M)) for m, r in m_names.items()},
        kind={m: _val(r, "kind", M) for m, r in m_names.items()},
        max_primary_t={m: r["max_primary_t"] for m, r in m_names.items()},
        outside_secondary_t={m: _val(r, "outside_secondary_t", M) for m, r in m_names.items()},
        outside_cost_eur_per_t={
            m: _val(r, "outside_secondary_cost_eur_per_t", M) for m, r in m_names.items()
        },
        mass_fraction=checked.mass_fraction,
        measures=tuple(s_names),
        group_of={s: r["group"] for s, r in s_names.items()},
        type_of=type_of,
        cost_eur_per_t={s: r["cost_eur_per_t"] for s, r in s_names.items()},
        min_t={s: _val(r, "min_t", S) for s, r in s_names.items()},
        max_t={s: r["max_t"] for s, r in s_names.items()},
        **{
            parameter: {
                s: _parameter(r)
                for s, r in s_names.items()
                if BY_TYPE[type_of[s]].parameter == parameter
            }
            for parameter in dict.fromkeys(kind.parameter for kind in TYPES)
        },
        design_fraction=checked.design_fraction,
        yield_=checked.yield_,
        capacities=tuple(k_names),
        capacity_limit={k: r["limit"] for k, r in k_names.items()},
        capacity_unit={k: r["unit"] or "" for k, r in k_names.items()},
        use_per_t={key: r["use_per_t"] for key, r in checked.uses.items()},
        requirements=tuple(r_names),
        requirement_group={r: row["group"] for r, row in r_names.items()},
        requirement_kind={r: row["kind"] for r, row in r_names.items()},
        min_share={r: row["min_share"] for r, row in r_names.items()},
        descriptions=descriptions,
    )
    run = Settings(
        scenario=settings["scenario"] or reader.path.stem,
        objective=settings["objective"],
        budget_eur=settings["budget_eur"],
        reduction_target=settings["reduction_target"],
        sweep_points=int(settings["sweep_points"]) if settings["sweep_points"] else None,
        samples=int(settings["samples"]) if settings["samples"] else None,
        foresight=int(settings["foresight"]) if settings["foresight"] else None,
        source=reader.file,
    )
    return ModelData(system, run, pathway)
