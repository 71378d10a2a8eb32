"""Single values of a ModelData, read and replaced by their workbook name.

An uncertainty ensemble sends each worker only the drawn numbers (parameter, item,
value), not a whole ModelData per sample; the worker sets them on its own copy of the
base with `with_values`. A parameter is the workbook's `sheet.column`, an item the row's
name(s), as the `uncertainty` sheet writes them. Only numbers that stand in the model
directly can be set this way; `model.data.settable.SETTABLE` lists them. A pathway's
own numbers (its lifetimes, what a capacity costs to build and how much can be built
a year) are part "pathway": they exist only in a pathway, and a lifetime changes the
cohort rows (model.run.revalue builds such a sample afresh where its rows differ).
"""

from __future__ import annotations

from model.data import pathway as pathway_data
from model.data.model_data import ModelData
from model.data.settable import SETTABLE
from model.schema import PATH_PARAMETERS

Change = tuple[str, tuple[str, ...], float]  # (sheet.column, item key, value)


def _key(key: tuple[str, ...]) -> object:
    return key[0] if len(key) == 1 else tuple(key)


def _path(parameter: str, key: tuple) -> tuple[str, str, int] | None:
    """(paths parameter, item, year) where `key` ends with a year (a pathway's value in
    one year: the uncertainty sheet's year column), else None."""
    if not key or not isinstance(key[-1], int):
        return None
    sheet, column = parameter.split(".", 1)
    by_year = {columns: name for name, columns in PATH_PARAMETERS.items()}
    return by_year[(sheet, column)], "" if sheet == "settings" else key[0], key[-1]


def value_of(data: ModelData, parameter: str, key: tuple[str, ...]) -> float | None:
    """The base value of `parameter` for `key` (None where it is blank or absent); a key
    ending with a year: that year's value in a pathway."""
    path = _path(parameter, key)
    if path is not None:
        return pathway_data.value(data, *path)
    part, field = SETTABLE[parameter]
    if part == "settings":
        return getattr(data.settings, field)
    if part == "pathway":
        # a pathway's own number: model.io.uncertainty refuses it for one year
        return getattr(data.pathway, field).get(_key(key))
    return getattr(data.system, field).get(_key(key))


def with_values(data: ModelData, changes: list[Change]) -> ModelData:
    """A copy of `data` with each (parameter, key, value) set; a key ending with a year
    sets that year's point of the pathway's path (as a scenario row with a year does)."""
    settings: dict[str, object] = {}
    system: dict[str, dict] = {}
    pathway: dict[str, dict] = {}
    paths = None
    for parameter, key, value in changes:
        path = _path(parameter, key)
        if path is not None:
            name, item, year = path
            paths = dict(data.pathway.paths) if paths is None else paths
            paths[(name, item)] = {**paths.get((name, item), {}), year: value}
            continue
        part, field = SETTABLE[parameter]
        if part == "settings":
            settings[field] = value
            continue
        if part == "pathway":
            if field not in pathway:
                pathway[field] = dict(getattr(data.pathway, field))
            pathway[field][_key(key)] = value
            continue
        if field not in system:
            system[field] = dict(getattr(data.system, field))
        system[field][_key(key)] = value
    out = data.with_settings(**settings) if settings else data
    out = out.with_system(**system) if system else out
    if paths is not None:
        pathway["paths"] = paths
    if pathway:
        out = pathway_data.with_pathway(out, **pathway)
    return out


def broken_rules(data: ModelData) -> list[str]:
    """The rules of the input that a set of drawn values can break (min_t ≤ max_t,
    kmin ≤ kmax, Σ_m w_gm ≤ 1): a sample that breaks one is invalid, not solved."""
    system, out = data.system, []
    for s in system.measures:
        up = system.max_t[s]
        if up is not None and system.min_t[s] > up:
            out.append(f"min_t of {s} above its max_t")
    for m in system.materials:
        if system.min_secondary_share[m] > system.max_secondary_share[m]:
            out.append(f"min_secondary_share of {m} above its max_secondary_share")
    for g in system.groups:
        if sum(system.index.materials_in.get(g, {}).values()) > 1 + 1e-6:
            out.append(f"the mass fractions of {g} add up to more than 1")
    return out
