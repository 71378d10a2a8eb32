"""Build inputs/portfolio.xlsx, the default Dutch example, from ../shared/data/DEFAULTS.md.

Every number carries its basis in the `sources` sheet: S = stated in the source,
D = derived (formula shown), E = estimate with no source (replace these first).
Run: python inputs/build_default.py   (tests check that the shipped workbook matches.)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.io.template import write_input_workbook

HERE = Path(__file__).resolve().parent
TARGET = HERE / "portfolio.xlsx"

BUDGET_SOURCE = (
    "National budget for the circular economy programme 2026, IenW budget article 21 "
    "(rijksfinancien.nl, begroting 2026 XII art. 21: 2025 €86.1 M; 2026 €69.7 M; "
    "2027 €70.7 M)"
)

SETTINGS = [
    {"setting": "scenario", "value": "nl_2026", "note": "names the result file"},
    {
        "setting": "objective",
        "value": "min_primary",
        "note": "min_primary or min_cost (min_cost needs reduction_target)",
    },
    {"setting": "budget_eur", "value": 69_700_000, "note": "S: " + BUDGET_SOURCE},
    {
        "setting": "reduction_target",
        "value": None,
        "note": "min_cost only: e.g. 0.5 for the national −50 % goal",
    },
]

GROUPS = [
    {
        "group": "furniture",
        "demand_t": 205_000,
        "collection_rate": 0.8,
        "reusable_share": 0.3,
        "lifetime_years": 12,
        "description": "living-room and bedroom furniture, mattresses",
    },
    {
        "group": "textiles",
        "demand_t": 305_000,
        "collection_rate": 0.8,
        "reusable_share": 0.4,
        "lifetime_years": 3.3,
        "description": "clothing, shoes and household linen",
    },
    {
        "group": "batteries",
        "demand_t": 43_000,
        "collection_rate": 0.9,
        "reusable_share": 0.26,
        "lifetime_years": 12,
        "description": "Li-ion: electric-car packs, e-bike and portable",
    },
]

_PLAIN = ("wood", "steel", "plastics", "pu_foam", "other", "cotton", "polyester", "other_fibres")
_CRITICAL = {  # weight, min_secondary_share
    "lithium": (3, 0.06),
    "cobalt": (3, 0.16),
    "nickel": (2, 0.06),
    "manganese": (2, 0),
    "graphite": (3, 0),
    "copper": (1.5, 0),
    "aluminium": (1.5, 0),
}
# SUBSTITUTION.md: abiotic (minerals, metals, fossil) or biotic (biomass), as PBL and CBS
# count them; the national −50 % goal counts primary abiotic use.
_BIOTIC = ("wood", "cotton")
# The materials of the substitute designs: kind, weight, critical, max_primary_t, basis
# of the weight (of the kind where it is an estimate).
_NEW_MATERIALS = {
    "iron": ("abiotic", 1, "no", None, "LFP and sodium-ion cathodes; weight as steel (bulk metal)"),
    "phosphorus": ("abiotic", 1.5, "yes", None, "on the EU critical list; weight as Cu, Al"),
    "sodium": ("abiotic", 1, "no", None, "abundant"),
    "hard_carbon": ("biotic", 1, "no", None, "sodium-ion anode"),
    "lyocell": ("biotic", 0.5, "no", 18_600, "wood-pulp fibre; sustainably produced bio-based < 1"),
    "bio_foam": ("biotic", 0.5, "no", None, "the bio-based polyol share of a PU foam"),
}
MATERIALS = (
    [
        {
            "material": m,
            "weight": 1,
            "min_secondary_share": 0,
            "critical": "no",
            "kind": "biotic" if m in _BIOTIC else "abiotic",
        }
        for m in _PLAIN
    ]
    + [
        {"material": m, "weight": w, "min_secondary_share": k, "critical": "yes", "kind": "abiotic"}
        for m, (w, k) in _CRITICAL.items()
    ]
    + [
        {
            "material": m,
            "weight": w,
            "min_secondary_share": 0,
            "critical": critical,
            "kind": kind,
            **({"max_primary_t": cap} if cap is not None else {}),
        }
        for m, (kind, w, critical, cap, _basis) in _NEW_MATERIALS.items()
    ]
)

_COMPOSITION = {
    "furniture": {"wood": 0.55, "steel": 0.06, "plastics": 0.10, "pu_foam": 0.09, "other": 0.20},
    "textiles": {"cotton": 0.48, "polyester": 0.17, "other_fibres": 0.35},
    "batteries": {
        "lithium": 0.014,
        "cobalt": 0.018,
        "nickel": 0.066,
        "manganese": 0.023,
        "copper": 0.045,
        "aluminium": 0.08,
        "graphite": 0.118,
        "steel": 0.045,
        "other": 0.59,
    },
}
COMPOSITION = [
    {"group": g, "material": m, "mass_fraction": w}
    for g, parts in _COMPOSITION.items()
    for m, w in parts.items()
]


def _measure(name, group, kind, cost, **extra):
    return {"measure": name, "group": group, "type": kind, "cost_eur_per_t": cost, **extra}


MEASURES = [
    _measure(
        "furniture_design_for_repair", "furniture", "design_for_repair", 300, lifetime_extension=0.3
    ),
    _measure("furniture_reuse", "furniture", "reuse", 150, displacement=0.5),
    _measure("furniture_recycling", "furniture", "recycle", 100, quality=0.6, **{"yield": 0.8}),
    _measure("textiles_repair", "textiles", "design_for_repair", 18_000, lifetime_extension=0.25),
    _measure("textiles_reuse", "textiles", "reuse", 80, displacement=0.3),
    _measure(
        "textiles_mechanical_recycling", "textiles", "recycle", 180, quality=0.2, **{"yield": 0.9}
    ),
    _measure(
        "textiles_fibre_to_fibre",
        "textiles",
        "recycle",
        500,
        quality=0.9,
        max_t=20_000,
        **{"yield": 0.6},
    ),
    _measure(
        "batteries_design_for_repair",
        "batteries",
        "design_for_repair",
        2_000,
        lifetime_extension=0.3,
    ),
    _measure("batteries_second_life", "batteries", "reuse", 1_000, displacement=0.5),
    _measure(
        "batteries_hydromet_recycling", "batteries", "recycle", 2_200, quality=1.0, **{"yield": 0.9}
    ),
]

# Substitute designs (SUBSTITUTION.md): an alternative design serves what the standard
# serves, tonne for tonne (standard-equivalent tonnes). One standard-equivalent tonne of
# batteries is one tonne of the NMC pack at 7.3 kg/kWh = 137 kWh; a material at i kg/kWh
# in another chemistry is i / 7.3 t per t.
# measure: group, cost_eur_per_t, one-year max_t, pathway max_t path, cost basis,
# max_t basis
_SUBSTITUTE_MEASURES = {
    "batteries_lfp": (
        "batteries",
        0,
        10_750,
        {2025: 5_500, 2030: 25_000, 2035: 45_500, 2040: 56_000},
        "D: LFP packs are cheaper than NMC (BNEF price survey 2023: LFP cells 32 % cheaper; "
        "IEA GEVO 2024: NMC packs < 25 % dearer) → no extra cost, 0",
        "D: LFP share × battery demand: 25 % one-year and 2030 (S: UK Advanced Propulsion "
        "Centre 2022 forecast for Europe), 10 % 2025 (S, secondary: EU LFP share > 10 % in "
        "2024), 35 % 2035 and 40 % 2040 (E)",
    ),
    "batteries_sodium_ion": (
        "batteries",
        0,
        0,
        {2025: 0, 2030: 1_000, 2035: 6_500, 2040: 14_000},
        "E: SNE Research: 11–24 % cheaper than LFP by 2035; no extra cost taken",
        "E: shares 0 today, 1 % 2030, 5 % 2035, 10 % 2040 of battery demand (SNE ≤ 255 GWh "
        "of Na-ion in 2035, mostly storage and small cars)",
    ),
    "textiles_lyocell": (
        "textiles",
        160,
        30_000,
        {2025: 10_000, 2030: 60_000, 2040: 120_000},
        "D: lyocell ≈ 13,000 CNY/t against polyester staple ≈ 6,600 CNY/t (CCFGroup Sep "
        "2024; EmergingTextiles) ≈ €820/t of fibre × 0.17 t polyester per t × 1.15 spinning "
        "losses (E)",
        "E: ≈ 10 % of purchases, 20 % 2030, 40 % 2040",
    ),
    "furniture_bio_foam": (
        "furniture",
        0,
        100_000,
        None,
        "S: (a weak source) a foam maker with ≥ 20 % soy polyol charged no premium (United "
        "Soybean Board case study 2010)",
        "E: mattresses and upholstered seating",
    ),
    "furniture_lightweight": (
        "furniture",
        100,
        40_000,
        {2025: 10_000, 2030: 40_000, 2040: 80_000},
        "E: estimate",
        "E: estimate",
    ),
}
MEASURES += [
    _measure(name, group, "substitute", cost, max_t=most)
    for name, (group, cost, most, _path, _cb, _mb) in _SUBSTITUTE_MEASURES.items()
]
_LFP = (
    "D: Argonne BatPaC 5.1 LFP kg/kWh (compiled in pmbusch/Critical-Minerals-EV, "
    "Mineral_Intensity.xlsx) ÷ 7.3; iron from LiFePO4 stoichiometry on the phosphorus; pack "
    "7.96 kg/kWh (Tesla Model 3 LFP: 55 kWh, 438 kg, batterydesign.net); other = 7.96/7.3 − "
    "the rest. The LFP/NMC mass ratio (1.09) is the number to replace first: a BYD "
    "Blade-type pack (≈ 150 Wh/kg) makes LFP lighter than the standard"
)
_NA = (
    "D: BatPaC-based Na-ion layered oxide (same compilation) scaled to a 108 Wh/kg pack "
    "(140 Wh/kg cell, HiNa, × 0.77 cell-to-pack, E) ÷ 7.3"
)
_LIGHT = (
    "D: panels 650 → 350 kg/m³ (density classes; honeycomb boards up to 70 % lighter), "
    "60 % of the wood in panels (E); the rest as the standard"
)
_SUBSTITUTES = {  # measure: {material: t per standard-equivalent t}, basis
    "batteries_lfp": (
        {
            "lithium": 0.0125,
            "iron": 0.0967,
            "phosphorus": 0.0536,
            "graphite": 0.1349,
            "aluminium": 0.0993,
            "copper": 0.0755,
            "steel": 0.0521,
            "other": 0.5663,
        },
        _LFP,
    ),
    "batteries_sodium_ion": (
        {
            "sodium": 0.0790,
            "iron": 0.0522,
            "manganese": 0.0513,
            "copper": 0.0851,
            "aluminium": 0.1155,
            "phosphorus": 0.0197,
            "hard_carbon": 0.1891,
            "steel": 0.0606,
            "other": 0.6172,
        },
        _NA,
    ),
    "textiles_lyocell": (
        {"cotton": 0.48, "lyocell": 0.17, "other_fibres": 0.35},
        "D: the standard's polyester share replaced 1:1 by mass",
    ),
    "furniture_bio_foam": (
        {
            "wood": 0.55,
            "steel": 0.06,
            "plastics": 0.10,
            "pu_foam": 0.072,
            "bio_foam": 0.018,
            "other": 0.20,
        },
        "D: 20 % bio-based polyol content in the standard's foam",
    ),
    "furniture_lightweight": (
        {"wood": 0.40, "steel": 0.06, "plastics": 0.10, "pu_foam": 0.09, "other": 0.20},
        _LIGHT,
    ),
}
SUBSTITUTES = [
    {"measure": s, "material": m, "mass_fraction": w}
    for s, (parts, _basis) in _SUBSTITUTES.items()
    for m, w in parts.items()
]

# Materials only the substitute designs contain, which hydrometallurgy does not recover
# (without a row they would get the measure's yield of 0.9).
_NOT_RECOVERED = ("iron", "phosphorus", "sodium", "hard_carbon")
RECYCLING_YIELDS = [
    {"measure": "batteries_hydromet_recycling", "material": m, "yield": y}
    for m, y in {
        "lithium": 0.8,
        "cobalt": 0.95,
        "nickel": 0.95,
        "copper": 0.95,
        "graphite": 0.3,
        "other": 0.2,
    }.items()
] + [{"measure": "batteries_hydromet_recycling", "material": m, "yield": 0} for m in _NOT_RECOVERED]

CAPACITIES = [
    {
        "capacity": "textile_sorting",
        "limit": 234_000,
        "unit": "t/yr",
        "description": "NL textile sorting capacity",
    },
    {
        "capacity": "kringloop_network",
        "limit": 144_000,
        "unit": "t/yr",
        "description": "thrift-store (kringloop) network intake, all goods",
    },
    {
        "capacity": "battery_recycling",
        "limit": 10_000,
        "unit": "t/yr",
        "description": "battery recycling capacity available to NL",
    },
]
CAPACITY_USE = [
    {"measure": s, "capacity": k, "use_per_t": 1}
    for s, k in (
        ("textiles_reuse", "textile_sorting"),
        ("textiles_mechanical_recycling", "textile_sorting"),
        ("textiles_fibre_to_fibre", "textile_sorting"),
        ("furniture_reuse", "kringloop_network"),
        ("batteries_hydromet_recycling", "battery_recycling"),
    )
]

_BAT = (
    "D: average 60 kWh EV battery cell minerals (graphite 52 kg, Al 35, Ni 29, Cu 20, "
    "steel 20, Mn 10, Co 8, Li 6; Transport & Environment via Visual Capitalist) "
    "÷ 440 kg pack"
)
_FURN = (
    "D/E: French furniture scheme 2022 outputs (760 kt wood, 300 kt refuse-derived "
    "fuel, 60 kt metal, 11 kt foam, 5 kt plastics of 1.5 Mt collected) as a proxy; NL "
    "composition not published"
)
_TEX = (
    "D: collected post-consumer textiles, six countries incl. NL (Fashion for Good, "
    "Sorting for Circularity Europe 2022): cotton 42.2 %, polycotton 12.5 % (split "
    "half-half), polyester 10.7 %, rest other"
)
_CRM = (
    "E: ordinal judgement favouring the EU Critical Raw Materials Act (Reg. 2024/1252) "
    "lists; not a supply-risk score"
)
_BATREG = "S: EU Battery Regulation 2023/1542 recycled-content minimum for 2031"

SOURCES = [
    ["sheet", "row key", "column", "value", "basis", "source"],
    ["settings", "budget_eur", "value", 69_700_000, "S", BUDGET_SOURCE],
    [
        "groups",
        "furniture",
        "demand_t",
        205_000,
        "S",
        "CBS 2020: living-room/bedroom furniture 147 kt + mattresses 58 kt put on market",
    ],
    ["groups", "furniture", "collection_rate", 0.8, "E", "estimate"],
    [
        "groups",
        "furniture",
        "reusable_share",
        0.3,
        "S",
        "≈30 kt of ≈110 kt discarded large seating is reused (Tauw 2022 for Rijkswaterstaat)",
    ],
    ["groups", "furniture", "lifetime_years", 12, "S", "7–17 yr for large seating"],
    [
        "groups",
        "textiles",
        "demand_t",
        305_000,
        "S",
        "305 kt clothing, shoes and household linen discarded by households (Massabalans "
        "textiel 2018, FFact for Rijkswaterstaat); steady state: outflow = purchases",
    ],
    ["groups", "textiles", "collection_rate", 0.8, "E", "estimate (UPV Textiel asks 75 % by 2030)"],
    [
        "groups",
        "textiles",
        "reusable_share",
        0.4,
        "D",
        "53 % of the separately collected stream is fit for reuse (same source) × collection 0.75",
    ],
    ["groups", "textiles", "lifetime_years", 3.3, "S", "3.3 yr (WRAP, UK)"],
    [
        "groups",
        "batteries",
        "demand_t",
        43_000,
        "D",
        "Li-ion only: ≈40 kt electric-car packs (113,961 plug-in cars sold in NL 2023 × ≈60 kWh "
        "× 7.3 kg/kWh, less a plug-in hybrid share; E) + 2.2 kt e-bike batteries (S, Stibat "
        "2022) + ≈0.7 kt portable Li-ion (D: 6 % Li-ion share × 11.9 kt portable)",
    ],
    [
        "groups",
        "batteries",
        "collection_rate",
        0.9,
        "E",
        "estimate (regulation: 73 % portable by 2030; EV packs are returned through dismantlers)",
    ],
    [
        "groups",
        "batteries",
        "reusable_share",
        0.26,
        "S",
        "26 % of EV batteries returned via ARN went to second use (2023)",
    ],
    ["groups", "batteries", "lifetime_years", 12, "E", "estimate"],
]
SOURCES += [["materials", m, "weight", w, "E", _CRM] for m, (w, _k) in _CRITICAL.items()]
SOURCES += [
    ["materials", m, "min_secondary_share", k, "S", _BATREG]
    for m, (_w, k) in _CRITICAL.items()
    if k
]
SOURCES += [
    [
        "composition",
        f"{g} / {m}",
        "mass_fraction",
        w,
        "D",
        {"furniture": _FURN, "textiles": _TEX, "batteries": _BAT}[g],
    ]
    for g, parts in _COMPOSITION.items()
    for m, w in parts.items()
]
SOURCES += [
    [
        "measures",
        "furniture_design_for_repair",
        "cost_eur_per_t",
        300,
        "E",
        "no source found for furniture repair",
    ],
    ["measures", "furniture_design_for_repair", "lifetime_extension", 0.3, "E", "estimate"],
    [
        "measures",
        "furniture_reuse",
        "cost_eur_per_t",
        150,
        "D",
        "French scheme pays sorters €80/t for reuse",
    ],
    ["measures", "furniture_reuse", "displacement", 0.5, "E", "estimate"],
    [
        "measures",
        "furniture_recycling",
        "cost_eur_per_t",
        100,
        "D",
        "French furniture eco-contributions ≈ €104/t put on market",
    ],
    ["measures", "furniture_recycling", "quality", 0.6, "E", "chipboard is downcycling"],
    ["measures", "furniture_recycling", "yield", 0.8, "E", "estimate"],
    [
        "measures",
        "textiles_repair",
        "cost_eur_per_t",
        18_000,
        "D",
        "French repair bonus averages €8 per repair ÷ 0.44 kg per item",
    ],
    [
        "measures",
        "textiles_repair",
        "lifetime_extension",
        0.25,
        "S",
        "9 more months on ≈3 yr (WRAP)",
    ],
    [
        "measures",
        "textiles_reuse",
        "cost_eur_per_t",
        80,
        "S",
        "€80/t paid to sorters for reuse (France 2021)",
    ],
    [
        "measures",
        "textiles_reuse",
        "displacement",
        0.3,
        "S",
        "28 % (WRAP, UK); 60–85 % (Farrant et al. 2010) is the high case",
    ],
    [
        "measures",
        "textiles_mechanical_recycling",
        "cost_eur_per_t",
        180,
        "S",
        "€180/t for recycling (France 2021)",
    ],
    ["measures", "textiles_mechanical_recycling", "quality", 0.2, "E", "wipers, insulation"],
    ["measures", "textiles_mechanical_recycling", "yield", 0.9, "E", "estimate"],
    ["measures", "textiles_fibre_to_fibre", "cost_eur_per_t", 500, "E", "estimate"],
    ["measures", "textiles_fibre_to_fibre", "quality", 0.9, "E", "estimate"],
    ["measures", "textiles_fibre_to_fibre", "yield", 0.6, "E", "estimate"],
    [
        "measures",
        "textiles_fibre_to_fibre",
        "max_t",
        20_000,
        "D",
        "one mechanical recycler states 10–20 kt/yr",
    ],
    ["measures", "batteries_design_for_repair", "cost_eur_per_t", 2_000, "E", "estimate"],
    ["measures", "batteries_design_for_repair", "lifetime_extension", 0.3, "E", "estimate"],
    ["measures", "batteries_second_life", "cost_eur_per_t", 1_000, "E", "estimate"],
    ["measures", "batteries_second_life", "displacement", 0.5, "E", "estimate"],
    [
        "measures",
        "batteries_hydromet_recycling",
        "cost_eur_per_t",
        2_200,
        "D",
        "European cost €51/kWh less €35/kWh revenue, ÷ 7.3 kg/kWh",
    ],
    ["measures", "batteries_hydromet_recycling", "quality", 1.0, "E", "closed loop"],
    ["measures", "batteries_hydromet_recycling", "yield", 0.9, "E", "estimate"],
]
SOURCES += [
    [
        "recycling_yields",
        f"batteries_hydromet_recycling / {r['material']}",
        "yield",
        r["yield"],
        "E" if r["material"] in ("graphite", "other") else "S",
        "estimate"
        if r["material"] in ("graphite", "other")
        else "Battery Regulation recovery targets for 2031 (Li 80 %, Co/Ni/Cu 95 %)",
    ]
    for r in RECYCLING_YIELDS
    if r["material"] not in _NOT_RECOVERED
]
SOURCES += [
    [
        "capacities",
        "textile_sorting",
        "limit",
        234_000,
        "S",
        "NL textile sorting capacity 2020 (Fashion for Good)",
    ],
    [
        "capacities",
        "kringloop_network",
        "limit",
        144_000,
        "S",
        "thrift-store network collected 144 Mkg in 2022 (all goods; an upper bound)",
    ],
    [
        "capacities",
        "battery_recycling",
        "limit",
        10_000,
        "E",
        "EU processing capacity was < 10 kt/yr in 2022 (S); NL share is an assumption",
    ],
]

# Substitution, material kinds and scarce primary supply (SUBSTITUTION.md).
_KIND = "PBL/CBS count minerals, metals and fossil fuels as abiotic, biomass as biotic"
SOURCES += [
    ["materials", r["material"], "kind", r["kind"], "S", _KIND]
    for r in MATERIALS
    if r["material"] not in ("other_fibres", "hard_carbon")
]
SOURCES += [
    ["materials", "other_fibres", "kind", "abiotic", "E", "a mix, mostly synthetic"],
    [
        "materials",
        "hard_carbon",
        "kind",
        "biotic",
        "E",
        "biotic only when the hard carbon is made from biomass",
    ],
]
SOURCES += [
    ["materials", m, "weight", w, "E", basis]
    for m, (_kind, w, _critical, _cap, basis) in _NEW_MATERIALS.items()
]
SOURCES += [
    [
        "materials",
        "phosphorus",
        "critical",
        "yes",
        "S",
        "phosphorus is on the EU critical raw materials list (Reg. 2024/1252)",
    ],
    [
        "materials",
        "lyocell",
        "max_primary_t",
        18_600,
        "D",
        "world man-made cellulosic fibre 8.4 Mt (Textile Exchange 2025) × the Dutch "
        "population share 0.22 %",
    ],
]
for _name, (_g, _cost, _most, _path, _cost_basis, _most_basis) in _SUBSTITUTE_MEASURES.items():
    SOURCES += [
        ["measures", _name, "cost_eur_per_t", _cost, _cost_basis[0], _cost_basis[3:]],
        ["measures", _name, "max_t", _most, _most_basis[0], _most_basis[3:]],
    ]
SOURCES += [
    [
        "substitutes",
        f"{s} / {m}",
        "mass_fraction",
        w,
        "E" if m == "hard_carbon" else "D",
        "hard carbon: estimate" if m == "hard_carbon" else basis[3:],
    ]
    for s, (parts, basis) in _SUBSTITUTES.items()
    for m, w in parts.items()
]
SOURCES += [
    [
        "recycling_yields",
        f"batteries_hydromet_recycling / {m}",
        "yield",
        0,
        "E",
        "no recovery route found (without a row the measure's yield 0.9 would apply)",
    ]
    for m in _NOT_RECOVERED
]

# Variants an analyst asks about first, run side by side with the base (issue 12). UPV
# Textiel's 2030 shares need the pathway model's requirements; until then a tighter
# budget stands in for the policy variant.
SCENARIOS = [
    {
        "scenario": "cheap_battery_recycling",
        "parameter": "measures.cost_eur_per_t",
        "item": "batteries_hydromet_recycling",
        "value": 1_100,
        "note": "E: half today's cost, as recycling plants reach scale",
    },
    {
        "scenario": "tight_budget",
        "parameter": "settings.budget_eur",
        "value": 50_000_000,
        "note": "E: the programme budget cut by about 28 %",
    },
    {
        "scenario": "high_textile_reuse_displacement",
        "parameter": "measures.displacement",
        "item": "textiles_reuse",
        "value": 0.6,
        "note": "S: 60–85 % displacement (Farrant et al. 2010), the high case",
    },
]
# UPV Textiel (the Dutch EPR for textiles), 2030 shares: in the shipped workbook as
# requirements at 0 (not in force in the base, whose figures DEFAULTS.md checks), put in
# force by the scenario upv_textiel_2030.
_UPV = "S: Besluit UPV Textiel (2023): 2030 shares of the weight put on the market"
UPV_2030 = {
    "upv_reuse_or_recycle": ("reuse_or_recycle", 0.75, "prepared for reuse or recycled"),
    "upv_reuse": ("reuse", 0.25, "prepared for reuse"),
    "upv_fibre_to_fibre": ("high_grade_recycle", 0.33, "of recycling fibre-to-fibre"),
}
REQUIREMENTS = [
    {
        "requirement": name,
        "group": "textiles",
        "kind": kind,
        "min_share": 0,
        "description": f"UPV Textiel 2030: {share:.0%} {what}; 0 here, in force in the "
        "scenario upv_textiel_2030",
    }
    for name, (kind, share, what) in UPV_2030.items()
]
SCENARIOS += [
    {
        "scenario": "upv_textiel_2030",
        "parameter": "requirements.min_share",
        "item": name,
        "value": share,
        "note": f"UPV Textiel 2030: {share:.0%} {what}",
    }
    for name, (kind, share, what) in UPV_2030.items()
]

# SUBSTITUTION.md: what if primary cobalt supply halves (row 12; the base has no cobalt
# cap), and the national goal's own measure, primary abiotic use (biotic weights 0).
_COBALT_HALVES = (
    "half of 774 t (43,000 t × 0.018), the standard design's need. S context: DR Congo mined "
    "≈ 70 % of cobalt in 2023 and suspended exports for four months from Feb 2025"
)
_ABIOTIC = (
    "the national −50 % goal counts primary abiotic raw materials only: this scenario "
    "optimises for it (the base weighs wood and cotton at 1)"
)
BIOTIC = ("wood", "cotton", "lyocell", "bio_foam", "hard_carbon")
SCENARIOS += [
    {
        "scenario": "cobalt_halves",
        "parameter": "materials.max_primary_t",
        "item": "cobalt",
        "value": 387,
        "note": "D: primary cobalt supply halved",
    },
] + [
    {
        "scenario": "abiotic_goal",
        "parameter": "materials.weight",
        "item": m,
        "value": 0,
        "note": "the national goal counts primary abiotic use only",
    }
    for m in BIOTIC
]

SCENARIO_SOURCES = [
    [
        "scenarios",
        "cheap_battery_recycling",
        "measures.cost_eur_per_t",
        1_100,
        "E",
        "half of the €2,200/t of the base: an assumption for a scaled-up industry",
    ],
    [
        "scenarios",
        "tight_budget",
        "settings.budget_eur",
        50_000_000,
        "E",
        "an illustrative cut of the 2026 programme budget (€69.7 M) by about 28 %",
    ],
    [
        "scenarios",
        "high_textile_reuse_displacement",
        "measures.displacement",
        0.6,
        "S",
        "60–85 % of reused clothing displaces new purchases (Farrant et al. 2010); the "
        "base takes 28 % (WRAP)",
    ],
] + [
    ["scenarios", "upv_textiel_2030", f"requirements.min_share {name}", share, "S", _UPV]
    for name, (_kind, share, _what) in UPV_2030.items()
]
SCENARIO_SOURCES += [
    ["scenarios", "cobalt_halves", "materials.max_primary_t cobalt", 387, "D", _COBALT_HALVES]
] + [["scenarios", "abiotic_goal", f"materials.weight {m}", 0, "D", _ABIOTIC] for m in BIOTIC]


# The uncertain values (issue 12): every estimate (basis E) that stands in the model,
# with a range wide enough to be honest about it, and the stated textile-reuse
# displacement with its published spread. Objective weights are a judgement, not an
# uncertainty about the world, and are left out; so are yields, which the measures'
# default and the per-material rows share.
def _range(parameter, item, low, high, basis, note, distribution="uniform"):
    return {
        "parameter": parameter,
        "item": item,
        "low": low,
        "high": high,
        "distribution": distribution,
        "note": f"{basis}: {note}",
    }


UNCERTAINTY = [
    _range("groups.collection_rate", "furniture", 0.6, 0.9, "E", "±, no NL figure", "triangular"),
    _range(
        "groups.collection_rate",
        "textiles",
        0.6,
        0.9,
        "E",
        "UPV Textiel asks 0.75 by 2030",
        "triangular",
    ),
    _range(
        "groups.collection_rate",
        "batteries",
        0.75,
        0.98,
        "E",
        "portable: 0.73 by 2030 (S)",
        "triangular",
    ),
    _range("measures.cost_eur_per_t", "furniture_design_for_repair", 150, 600, "E", "½× to 2×"),
    _range("measures.lifetime_extension", "furniture_design_for_repair", 0.15, 0.5, "E", "±"),
    _range("measures.displacement", "furniture_reuse", 0.3, 0.7, "E", "±0.2"),
    _range("measures.quality", "furniture_recycling", 0.4, 0.8, "E", "chipboard: downcycling"),
    _range("measures.quality", "textiles_mechanical_recycling", 0.1, 0.4, "E", "wipers to yarn"),
    _range("measures.cost_eur_per_t", "textiles_fibre_to_fibre", 300, 1000, "E", "½× to 2×"),
    _range("measures.quality", "textiles_fibre_to_fibre", 0.7, 1.0, "E", "fibre length losses"),
    _range("measures.cost_eur_per_t", "batteries_design_for_repair", 1000, 4000, "E", "½× to 2×"),
    _range("measures.lifetime_extension", "batteries_design_for_repair", 0.15, 0.5, "E", "±"),
    _range("measures.cost_eur_per_t", "batteries_second_life", 500, 2000, "E", "½× to 2×"),
    _range("measures.displacement", "batteries_second_life", 0.3, 0.7, "E", "±0.2"),
    _range(
        "measures.quality",
        "batteries_hydromet_recycling",
        0.9,
        1.0,
        "E",
        "battery grade",
        "triangular",
    ),
    _range(
        "measures.displacement",
        "textiles_reuse",
        0.28,
        0.85,
        "S",
        "28 % (WRAP, UK) to 60–85 % (Farrant et al. 2010)",
        "triangular",
    ),
    _range("capacities.limit", "battery_recycling", 5000, 20_000, "E", "½× to 2× of 10 kt"),
]
UNCERTAINTY_SOURCES = [
    [
        "uncertainty",
        f"{r['parameter']}[{r['item']}]",
        "low–high",
        f"{r['low']}–{r['high']}",
        r["note"][0],
        r["note"][3:],
    ]
    for r in UNCERTAINTY
]

ROWS = {
    "settings": SETTINGS,
    "groups": GROUPS,
    "materials": MATERIALS,
    "composition": COMPOSITION,
    "measures": MEASURES,
    "substitutes": SUBSTITUTES,
    "recycling_yields": RECYCLING_YIELDS,
    "capacities": CAPACITIES,
    "capacity_use": CAPACITY_USE,
    "requirements": REQUIREMENTS,
}


def build(path: Path = TARGET) -> Path:
    """The shipped workbook: the base (ROWS), its scenarios, its uncertain values and
    every number's source."""
    rows = {**ROWS, "scenarios": SCENARIOS, "uncertainty": UNCERTAINTY}
    sources = SOURCES + SCENARIO_SOURCES + UNCERTAINTY_SOURCES
    write_input_workbook(path, rows, extra={"sources": sources})
    return path


def build_pathway(path: Path = HERE / "nl_pathway.xlsx") -> Path:
    """The Dutch pathway example 2025–2050 (inputs/build_pathway.py)."""
    from inputs.build_pathway import rows

    pathway_rows, sources = rows()
    write_input_workbook(path, pathway_rows, extra={"sources": sources})
    return path


if __name__ == "__main__":
    print(f"wrote {build()}")
    print(f"wrote {build_pathway()}")
