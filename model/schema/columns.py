"""The data dictionary: every sheet and column of the input workbook, once.

Each column carries its type, unit, default, allowed range and meaning. The reader
(`model.io`) validates against it, and the template's header notes come from it.
Nothing here reads or writes a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from model.schema.measure_types import TYPES

INF = float("inf")
_IGNORED = re.compile(r"[\s_\-]+")


def name_key(name: object) -> str:
    """A sheet, column or setting name as it is matched: case, spaces, underscores and
    hyphens ignored ("Capacity Use" and "capacity-use" are capacity_use)."""
    return "" if name is None else _IGNORED.sub("", str(name)).lower()


DFR, REUSE, RECYCLE, SUBSTITUTE = (kind.name for kind in TYPES)
MEASURE_TYPES = tuple(kind.name for kind in TYPES)
OBJECTIVES = ("min_primary", "min_cost")
MATERIAL_KINDS = ("abiotic", "biotic")
STANDARD_DESIGN = "standard"  # the standard design's name in results: no substitute may take it
DESIGN_MASS_LIMIT = 10.0  # Σ_m w^s_m of a substitute design is in (0, 10]


@dataclass(frozen=True)
class Column:
    """One column of an input sheet (or one setting of the settings sheet)."""

    name: str
    kind: str  # "name" | "number" | "text" | "choice" | "yesno"
    unit: str = ""
    meaning: str = ""
    required: bool = False
    default: object = None
    lo: float | None = None  # inclusive lower bound unless lo_open
    hi: float | None = None  # inclusive upper bound unless hi_open
    lo_open: bool = False
    hi_open: bool = False
    choices: tuple[str, ...] = ()
    refers_to: str | None = None  # sheet whose key this name must match
    integer: bool = False  # a whole number
    words: tuple[str, ...] = ()  # words a number column also takes, each read as blank

    def range_text(self) -> str:
        """The allowed range in words, e.g. 'a number in [0, 1]'."""
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "yesno":
            return "yes or no"
        if self.kind != "number":
            return "text"
        if self.integer and self.lo is not None:
            also = "".join(f" or {word}" for word in self.words)
            return f"a whole number ≥ {_fmt(self.lo)}{also}"
        if self.lo is not None and self.hi is not None:
            left = "(" if self.lo_open else "["
            right = ")" if self.hi_open else "]"
            return f"a number in {left}{_fmt(self.lo)}, {_fmt(self.hi)}{right}"
        if self.lo is not None:
            return f"a number {'>' if self.lo_open else '≥'} {_fmt(self.lo)}"
        return "a number"


@dataclass(frozen=True)
class Sheet:
    """One input sheet: its key columns (one row per key) and all its columns."""

    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    required: bool = True
    meaning: str = ""

    def column(self, name: str) -> Column:
        """The column called `name`, matched as `name_key` says; KeyError if none."""
        wanted = name_key(name)
        for col in self.columns:
            if name_key(col.name) == wanted:
                return col
        raise KeyError(name)


def _fmt(x: float) -> str:
    return f"{x:g}"


FRACTION = {"lo": 0.0, "hi": 1.0}

SETTINGS = Sheet(
    "settings",
    key=("setting",),
    columns=(
        Column("setting", "name", meaning="name of the setting", required=True),
        Column("value", "text", meaning="value of the setting; blank = default"),
        Column("note", "text", meaning="free text, ignored"),
    ),
    meaning="one row per setting",
)

# The settings sheet is a list of (setting, value) pairs; these are its rows.
SETTING_ROWS = (
    Column("scenario", "text", meaning="name of the scenario; names the result file", default=None),
    Column(
        "objective",
        "choice",
        choices=OBJECTIVES,
        default="min_primary",
        meaning="min_primary: least weighted primary use; min_cost: cheapest "
        "portfolio that meets reduction_target",
    ),
    Column(
        "budget_eur",
        "number",
        unit="€/yr",
        lo=0.0,
        default=None,
        meaning="yearly budget for all measures; blank = no budget limit",
    ),
    Column(
        "reduction_target",
        "number",
        unit="fraction",
        lo=0.0,
        hi=1.0,
        hi_open=True,
        default=None,
        meaning="min_cost: required cut of weighted primary use against the baseline (0.5 = −50 %)",
    ),
    Column(
        "samples",
        "number",
        unit="count",
        lo=2.0,
        integer=True,
        default=None,
        meaning="uncertainty ensemble: samples drawn from the uncertainty sheet; blank = none",
    ),
    Column(
        "sweep_points",
        "number",
        unit="count",
        lo=2.0,
        integer=True,
        default=None,
        meaning="number of budgets on the trade-off curve (pareto sheet), from the least "
        "feasible budget to the saturation budget; blank = no curve",
    ),
    Column(
        "first_year",
        "number",
        unit="year",
        lo=1.0,
        integer=True,
        default=None,
        meaning="pathway: the first year to plan (with last_year; both blank = one "
        "representative year)",
    ),
    Column(
        "last_year",
        "number",
        unit="year",
        lo=1.0,
        integer=True,
        default=None,
        meaning="pathway: the last year to plan, at most 100 years after first_year",
    ),
    Column(
        "foresight",
        "number",
        unit="years",
        lo=1.0,
        integer=True,
        default=None,
        words=("perfect",),
        meaning="pathway: the years a planner sees ahead, deciding one year at a time "
        "(1 = this year only); perfect or blank = every year planned at once",
    ),
    Column(
        "discount_rate",
        "number",
        unit="fraction per yr",
        lo=0.0,
        default=0.0,
        meaning="pathway: discounts the cost of later years in min_cost and in "
        "min_primary's tie rule (0.03 = 3 % a year)",
    ),
)

GROUPS = Sheet(
    "groups",
    key=("group",),
    columns=(
        Column("group", "name", required=True, meaning="product group"),
        Column(
            "demand_t",
            "number",
            unit="t/yr",
            lo=0.0,
            required=True,
            meaning="new product bought per year when no measure is active (D_g)",
        ),
        Column(
            "collection_rate",
            "number",
            unit="fraction",
            default=1.0,
            **FRACTION,
            meaning="largest share of the outflow from use that can be collected for "
            "reuse or recycling (col_g)",
        ),
        Column(
            "reusable_share",
            "number",
            unit="fraction",
            default=0.0,
            **FRACTION,
            meaning="largest share of the outflow from use fit for reuse (rho_g)",
        ),
        Column(
            "lifetime_years",
            "number",
            unit="yr",
            lo=0.0,
            lo_open=True,
            meaning="mean lifetime of a product of standard design (mu_g); required in a "
            "pathway, for information only in one year. A pathway follows a product for "
            "at most 1,000 years: the mean may be at most about 290 yr with shape 2 (24 "
            "with shape 0.5, 520 with shape 4). in_use_t on the result counts the "
            "products bought from first_year on, not those bought before",
        ),
        Column(
            "lifetime_shape",
            "number",
            lo=0.5,
            default=2.0,
            meaning="pathway: Weibull shape of the lifetime (k_g; higher = less spread, "
            "1 = the same share of those in use leaves every year, below 1 = most leave early "
            "and a few stay for centuries); at least 0.5, below which the mean lifetime "
            "is carried by products that stay in use for thousands of years",
        ),
        Column(
            "demand_growth",
            "number",
            unit="fraction per yr",
            lo=-1.0,
            lo_open=True,
            default=0.0,
            meaning="pathway: yearly growth of demand_t from first_year on (gr_g), unless "
            "the paths sheet gives demand_t for the group",
        ),
        Column(
            "past_growth",
            "number",
            unit="fraction per yr",
            lo=-1.0,
            lo_open=True,
            default=None,
            meaning="pathway: yearly growth of the purchases before first_year (pg_g), "
            "which make the products leaving use in the first years; blank = "
            "demand_growth; unused where the paths sheet gives demand_t for the group",
        ),
        Column("description", "text"),
    ),
)

MATERIALS = Sheet(
    "materials",
    key=("material",),
    columns=(
        Column("material", "name", required=True, meaning="material"),
        Column(
            "weight",
            "number",
            unit="weight per t",
            lo=0.0,
            default=1.0,
            meaning="objective weight of a tonne of primary material (omega_m; "
            "1 = plain mass, higher for critical materials)",
        ),
        Column(
            "max_secondary_share",
            "number",
            unit="fraction",
            default=1.0,
            **FRACTION,
            meaning="largest share of the demand for the material that secondary "
            "material can supply (kmax_m)",
        ),
        Column(
            "min_secondary_share",
            "number",
            unit="fraction",
            default=0.0,
            **FRACTION,
            meaning="smallest share of the demand for the material that must be "
            "secondary: a recycled-content obligation (kmin_m)",
        ),
        Column(
            "outside_secondary_t",
            "number",
            unit="t/yr",
            lo=0.0,
            default=0.0,
            meaning="secondary material available from outside the modelled product "
            "groups: production scrap, recycled material bought abroad (imax_m)",
        ),
        Column(
            "outside_secondary_cost_eur_per_t",
            "number",
            unit="€/t",
            lo=0.0,
            default=0.0,
            meaning="the programme's cost per tonne of outside secondary material used "
            "(ci_m; 0 when others pay for it)",
        ),
        Column(
            "critical",
            "yesno",
            default=False,
            meaning="on a critical raw materials list; for reporting",
        ),
        Column(
            "kind",
            "choice",
            choices=MATERIAL_KINDS,
            default="abiotic",
            meaning="abiotic (minerals, metals, fossil) or biotic (bio-based: wood, cotton, "
            "lyocell); the national −50 % goal counts primary abiotic use; for reporting",
        ),
        Column(
            "max_primary_t",
            "number",
            unit="t/yr",
            lo=0.0,
            default=None,
            meaning="primary material available a year: a supply cap the portfolio must "
            "cope with, left out of the baseline; blank = no limit (pmax_m, row 12)",
        ),
        Column("description", "text"),
    ),
)

# The sheet each name of a two-name sheet's key is a row of.
_SHEET_OF = {
    "group": "groups",
    "material": "materials",
    "measure": "measures",
    "capacity": "capacities",
}


def _per_pair(name: str, key: tuple[str, str], value: Column, **sheet) -> Sheet:
    """A sheet of one `value` per pair of names (`key`), each a row of its own sheet;
    `sheet`: the Sheet's other fields (required, meaning)."""
    names = (Column(k, "name", required=True, refers_to=_SHEET_OF[k]) for k in key)
    return Sheet(name, key=key, columns=(*names, value), **sheet)


COMPOSITION = _per_pair(
    "composition",
    ("group", "material"),
    Column(
        "mass_fraction",
        "number",
        unit="t/t",
        required=True,
        **FRACTION,
        meaning="mass share of the material in a tonne of product (w_gm)",
    ),
)

MEASURES = Sheet(
    "measures",
    key=("measure",),
    columns=(
        Column("measure", "name", required=True, meaning="measure"),
        Column(
            "group",
            "name",
            required=True,
            refers_to="groups",
            meaning="product group the measure acts on",
        ),
        Column(
            "type",
            "choice",
            required=True,
            choices=MEASURE_TYPES,
            meaning="design_for_repair, reuse, recycle or substitute",
        ),
        Column(
            "cost_eur_per_t",
            "number",
            unit="€/t",
            lo=0.0,
            required=True,
            meaning="cost (subsidy, public outlay) per tonne of activity (c_s)",
        ),
        Column(
            "min_t",
            "number",
            unit="t/yr",
            lo=0.0,
            default=0.0,
            meaning="least activity: current practice (lo_s)",
        ),
        Column(
            "max_t",
            "number",
            unit="t/yr",
            lo=0.0,
            default=None,
            meaning="largest activity; blank = no bound (up_s)",
        ),
        Column(
            "lifetime_extension",
            "number",
            unit="fraction",
            lo=0.0,
            meaning="design_for_repair (> 0) and substitute (optional, blank = 0): relative "
            "lifetime gain, 0.5 = lasts 50 % longer (e_s)",
        ),
        Column(
            "displacement",
            "number",
            unit="t/t",
            **FRACTION,
            meaning="reuse: tonnes of new purchases one tonne of reused product replaces (delta_s)",
        ),
        Column(
            "quality",
            "number",
            unit="fraction",
            **FRACTION,
            meaning="recycle: share of recovered material that replaces primary "
            "material, 1 = closed loop (q_s)",
        ),
        Column(
            "yield",
            "number",
            unit="fraction",
            **FRACTION,
            meaning="recycle: share of each material recovered, unless "
            "recycling_yields says otherwise (y_sm)",
        ),
        Column("description", "text"),
    ),
)

# The parameter each measure type requires.
REQUIRED_BY_TYPE = {kind.name: kind.parameter for kind in TYPES}

RECYCLING_YIELDS = _per_pair(
    "recycling_yields",
    ("measure", "material"),
    Column(
        "yield",
        "number",
        unit="fraction",
        required=True,
        **FRACTION,
        meaning="share of the material recovered by this recycle measure (y_sm)",
    ),
    required=False,
)

SUBSTITUTES = _per_pair(
    "substitutes",
    ("measure", "material"),
    Column(
        "mass_fraction",
        "number",
        unit="t/t",
        required=True,
        lo=0.0,
        hi=DESIGN_MASS_LIMIT,
        meaning="tonnes of the material in the alternative design per "
        "standard-equivalent tonne bought (w^s_m); the sum below 1 is a lighter design, "
        "above 1 a heavier one",
    ),
    required=False,
    meaning="substitute measures: the materials of the alternative design, one row per "
    "(measure, material)",
)

CAPACITIES = Sheet(
    "capacities",
    key=("capacity",),
    required=False,
    columns=(
        Column("capacity", "name", required=True, meaning="capacity"),
        Column(
            "limit",
            "number",
            lo=0.0,
            required=True,
            unit="unit/yr",
            meaning="amount of the capacity available per year (Cap_k)",
        ),
        Column("unit", "text", meaning="unit of the capacity, e.g. t/yr"),
        Column(
            "build_cost_eur_per_unit",
            "number",
            unit="€/unit",
            lo=0.0,
            default=None,
            meaning="pathway: cost of building one more unit of the capacity (beta_k), "
            "counted in the year it is built; blank = cannot be built",
        ),
        Column(
            "build_lead_years",
            "number",
            unit="yr",
            lo=0.0,
            integer=True,
            default=0.0,
            meaning="pathway: years from building to use (l_k); 0 = usable the year it is built",
        ),
        Column(
            "max_build_per_year",
            "number",
            unit="unit/yr",
            lo=0.0,
            default=None,
            meaning="pathway: most that can be built in one year (zmax_k); blank = no limit",
        ),
        Column("description", "text"),
    ),
)

CAPACITY_USE = _per_pair(
    "capacity_use",
    ("measure", "capacity"),
    Column(
        "use_per_t",
        "number",
        lo=0.0,
        required=True,
        unit="unit/t",
        meaning="capacity used per tonne of activity (u_sk)",
    ),
    required=False,
)

# Each requirement kind and the measure types it counts (high_grade_recycle: recycle
# measures of quality ≥ HIGH_GRADE, as a share of all of the group's recycling).
REQUIREMENT_TYPES = {
    "reuse": (REUSE,),
    "recycle": (RECYCLE,),
    "reuse_or_recycle": (REUSE, RECYCLE),
    "high_grade_recycle": (RECYCLE,),
}
REQUIREMENT_KINDS = tuple(REQUIREMENT_TYPES)

REQUIREMENTS = Sheet(
    "requirements",
    key=("requirement",),
    required=False,
    columns=(
        Column("requirement", "name", required=True, meaning="requirement"),
        Column(
            "group",
            "name",
            required=True,
            refers_to="groups",
            meaning="product group the requirement applies to",
        ),
        Column(
            "kind",
            "choice",
            required=True,
            choices=REQUIREMENT_KINDS,
            meaning="reuse, recycle or reuse_or_recycle: that activity ≥ min_share × the "
            "group's new purchases; high_grade_recycle: recycling of quality ≥ 0.9 ≥ "
            "min_share × all of the group's recycling",
        ),
        Column(
            "min_share",
            "number",
            unit="fraction",
            required=True,
            **FRACTION,
            meaning="the share required (an extended producer responsibility target, say)",
        ),
        Column("description", "text"),
    ),
    meaning="policy obligations on a product group (e.g. UPV Textiel); none in the baseline",
)

# The parameters a path may give by year, and the sheet and column of their base value.
PATH_PARAMETERS = {
    "demand_t": ("groups", "demand_t"),
    "collection_rate": ("groups", "collection_rate"),
    "reusable_share": ("groups", "reusable_share"),
    "min_secondary_share": ("materials", "min_secondary_share"),
    "max_secondary_share": ("materials", "max_secondary_share"),
    "outside_secondary_t": ("materials", "outside_secondary_t"),
    "outside_secondary_cost_eur_per_t": ("materials", "outside_secondary_cost_eur_per_t"),
    "max_primary_t": ("materials", "max_primary_t"),
    "cost_eur_per_t": ("measures", "cost_eur_per_t"),
    "min_t": ("measures", "min_t"),
    "max_t": ("measures", "max_t"),
    "limit": ("capacities", "limit"),
    "min_share": ("requirements", "min_share"),
    "budget_eur": ("settings", "budget_eur"),
    "reduction_target": ("settings", "reduction_target"),
}

PATHS = Sheet(
    "paths",
    key=("parameter", "item", "year"),
    required=False,
    columns=(
        Column(
            "parameter",
            "choice",
            required=True,
            choices=tuple(PATH_PARAMETERS),
            meaning="the value that changes over the years: demand_t, collection_rate, "
            "cost_eur_per_t, min_secondary_share, limit, budget_eur, …",
        ),
        Column(
            "item",
            "text",
            meaning="the row it belongs to (a group, material, measure, capacity or "
            "requirement); blank for budget_eur and reduction_target",
        ),
        Column("year", "number", unit="year", lo=1.0, integer=True, required=True),
        Column(
            "value",
            "number",
            required=True,
            meaning="the value in that year, in the unit and range of its own column; "
            "between given years it is interpolated, beyond them the nearest holds",
        ),
    ),
    meaning="pathway: one row per (parameter, item, year); demand_t rows before "
    "first_year are history",
)

SCENARIOS = Sheet(
    "scenarios",
    key=("scenario", "parameter", "item", "year"),
    required=False,
    columns=(
        Column("scenario", "name", required=True, meaning="name of the scenario"),
        Column(
            "parameter",
            "text",
            required=True,
            meaning="what the scenario changes, as sheet.column: measures.cost_eur_per_t, "
            "settings.budget_eur, composition.mass_fraction, …",
        ),
        Column(
            "item",
            "text",
            meaning="the row it changes: its name (a measure, group, material, capacity); "
            "a/b for two-name sheets (group/material, measure/capacity, measure/material); "
            "blank for settings",
        ),
        Column(
            "year",
            "number",
            unit="year",
            integer=True,
            lo=1900.0,
            meaning="pathway workbooks only: the year of the paths value it sets",
        ),
        Column(
            "value",
            "text",
            meaning="the new value, checked like the cell it replaces; blank = the "
            "column's default (for settings.budget_eur: no budget limit)",
        ),
        Column("note", "text", meaning="free text, e.g. the basis of the value"),
    ),
    meaning="one row per change; each scenario is the base workbook with its rows applied",
)

DISTRIBUTIONS = ("uniform", "triangular")

UNCERTAINTY = Sheet(
    "uncertainty",
    key=("parameter", "item", "year"),
    required=False,
    columns=(
        Column(
            "parameter",
            "text",
            required=True,
            meaning="an uncertain value, as sheet.column: measures.cost_eur_per_t, "
            "measures.displacement, groups.collection_rate, capacities.limit, …",
        ),
        Column(
            "item", "text", meaning="its row's name (a/b on two-name sheets); blank for settings"
        ),
        Column(
            "year",
            "number",
            unit="year",
            integer=True,
            lo=1900.0,
            meaning="pathway workbooks only: the year of the paths value",
        ),
        Column("low", "text", required=True, meaning="lowest value, checked like the cell"),
        Column("high", "text", required=True, meaning="highest value, checked like the cell"),
        Column(
            "distribution",
            "choice",
            choices=DISTRIBUTIONS,
            default="uniform",
            meaning="uniform between low and high, or triangular with the base value as mode",
        ),
        Column("note", "text", meaning="the basis of the range"),
    ),
    meaning="one row per uncertain value; python run.py --samples N draws N samples",
)

SHEETS = (
    SETTINGS,
    GROUPS,
    MATERIALS,
    COMPOSITION,
    MEASURES,
    SUBSTITUTES,
    RECYCLING_YIELDS,
    CAPACITIES,
    CAPACITY_USE,
    REQUIREMENTS,
    PATHS,
    SCENARIOS,
    UNCERTAINTY,
)
SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}
