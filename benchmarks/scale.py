"""A scale generator: valid model data of a chosen size, reproducible from a seed.

    make_data(groups=4000, measures_per_group=3, materials=30, materials_per_group=12,
              capacities=20, seed=1) -> ModelData

Each group gets one measure of each type in turn (design_for_repair, reuse, recycle, …),
a composition over `materials_per_group` of the materials, and each measure uses one of
the capacities. `write_workbook(data, path)` writes it as an input workbook.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.data.model_data import ModelData, Settings, System  # noqa: E402

TYPES = ("design_for_repair", "reuse", "recycle")


def make_data(
    groups: int,
    measures_per_group: int = 3,
    materials: int = 30,
    materials_per_group: int = 10,
    capacities: int = 10,
    seed: int = 1,
    budget_share: float = 0.3,
) -> ModelData:
    rng = random.Random(seed)
    G = [f"g{i}" for i in range(groups)]
    M = [f"m{i}" for i in range(materials)]
    K = [f"k{i}" for i in range(capacities)]
    mass_fraction, materials_of = {}, {}
    for g in G:
        chosen = rng.sample(M, min(materials_per_group, materials))
        parts = [rng.random() for _ in chosen]
        total = sum(parts) * 1.05
        materials_of[g] = chosen
        for m, part in zip(chosen, parts, strict=True):
            mass_fraction[(g, m)] = part / total
    measures, group_of, type_of, cost, lo, up = [], {}, {}, {}, {}, {}
    extension, displacement, quality, yields, use = {}, {}, {}, {}, {}
    for g in G:
        for j in range(measures_per_group):
            s = f"{g}_s{j}"
            kind = TYPES[j % 3]
            measures.append(s)
            group_of[s], type_of[s] = g, kind
            cost[s] = float(rng.randint(50, 5000))
            lo[s], up[s] = 0.0, (float(rng.randint(100, 5000)) if rng.random() < 0.3 else None)
            if kind == "design_for_repair":
                extension[s] = rng.uniform(0.1, 1.0)
            elif kind == "reuse":
                displacement[s] = rng.uniform(0.2, 1.0)
            else:
                quality[s] = rng.uniform(0.2, 1.0)
                for m in materials_of[g]:
                    yields[(s, m)] = rng.uniform(0.3, 0.95)
            if K:
                use[(s, rng.choice(K))] = rng.uniform(0.5, 1.5)
    demand = {g: float(rng.randint(100, 10_000)) for g in G}
    total_cost = sum(cost[s] * demand[group_of[s]] * 0.3 for s in measures)
    settings = Settings(
        scenario=f"scale_{groups}x{measures_per_group}x{materials}",
        objective="min_primary",
        budget_eur=budget_share * total_cost,
    )
    system = System(
        groups=tuple(G),
        demand_t=demand,
        collection_rate={g: rng.uniform(0.5, 1.0) for g in G},
        reusable_share={g: rng.uniform(0.1, 0.5) for g in G},
        materials=tuple(M),
        weight={m: rng.choice([1.0, 1.5, 2.0, 3.0]) for m in M},
        max_secondary_share={m: 1.0 for m in M},
        min_secondary_share={m: 0.0 for m in M},
        critical={m: False for m in M},
        mass_fraction=mass_fraction,
        measures=tuple(measures),
        group_of=group_of,
        type_of=type_of,
        cost_eur_per_t=cost,
        min_t=lo,
        max_t=up,
        lifetime_extension=extension,
        displacement=displacement,
        quality=quality,
        yield_=yields,
        capacities=tuple(K),
        capacity_limit={k: float(sum(demand.values()) * 0.05) for k in K},
        capacity_unit={k: "t/yr" for k in K},
        use_per_t=use,
    )
    return ModelData(system, settings)


def nonzeros(data: ModelData) -> int:
    """Nonzeros of the constraint matrix, counted from the formulation's structure."""
    data = data.system
    per_group = {}
    for s in data.measures:
        per_group.setdefault(data.group_of[s], []).append(data.type_of[s])
    nnz = 0
    for g in data.groups:
        kinds = per_group.get(g, [])
        nnz += 1 + kinds.count("design_for_repair") + kinds.count("reuse")  # (1)
        nnz += kinds.count("design_for_repair")  # (2)
        nnz += (1 + kinds.count("reuse")) if "reuse" in kinds else 0  # (3)
        nnz += (1 + kinds.count("reuse") + kinds.count("recycle")) if kinds else 0  # (4)
    nnz += len(data.materials) * 2 + len(data.yield_)  # (5)
    nnz += len(data.mass_fraction)  # (6)
    nnz += len(data.measures)  # (8)
    nnz += len(data.use_per_t)  # (9)
    return nnz


def write_workbook(data: ModelData, path: Path) -> Path:
    from model.io.template import write_input_workbook

    settings, data = data.settings, data.system
    rows = {
        "settings": [
            {"setting": "scenario", "value": settings.scenario},
            {"setting": "budget_eur", "value": settings.budget_eur},
        ],
        "groups": [
            {
                "group": g,
                "demand_t": data.demand_t[g],
                "collection_rate": data.collection_rate[g],
                "reusable_share": data.reusable_share[g],
            }
            for g in data.groups
        ],
        "materials": [{"material": m, "weight": data.weight[m]} for m in data.materials],
        "composition": [
            {"group": g, "material": m, "mass_fraction": w}
            for (g, m), w in data.mass_fraction.items()
        ],
        "measures": [
            {
                "measure": s,
                "group": data.group_of[s],
                "type": data.type_of[s],
                "cost_eur_per_t": data.cost_eur_per_t[s],
                "max_t": data.max_t[s],
                "lifetime_extension": data.lifetime_extension.get(s),
                "displacement": data.displacement.get(s),
                "quality": data.quality.get(s),
            }
            for s in data.measures
        ],
        "recycling_yields": [
            {"measure": s, "material": m, "yield": y} for (s, m), y in data.yield_.items()
        ],
        "capacities": [
            {"capacity": k, "limit": data.capacity_limit[k], "unit": "t/yr"}
            for k in data.capacities
        ],
        "capacity_use": [
            {"measure": s, "capacity": k, "use_per_t": u} for (s, k), u in data.use_per_t.items()
        ],
    }
    write_input_workbook(path, rows)
    return path


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Write a generated input workbook.")
    parser.add_argument("path", type=Path)
    parser.add_argument("--groups", type=int, default=3000)
    parser.add_argument("--materials-per-group", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    data = make_data(args.groups, materials_per_group=args.materials_per_group, seed=args.seed)
    write_workbook(data, args.path)
    print(f"{args.path}: {args.groups:,} groups, {nonzeros(data):,} nonzeros")


if __name__ == "__main__":
    main()
