"""Limited foresight in words (PATHWAY.md, "Foresight"): the decided pathway against
the one that plans every year at once. No files, no Pyomo."""

from __future__ import annotations

from model.results.solved import Solved
from model.run.solution import reduction_pct
from model.schema.units import cut


def foresight_lines(view: Solved) -> list[str]:
    """Limited foresight against the perfect-foresight pathway (PATHWAY.md): the cut over
    the horizon and in each target year under both, the plants built when under both,
    and the first year the decisions part."""
    solution, base = view.solution, view.base
    perfect = solution.perfect
    seen = f"a view of {solution.foresight} year{'s' if solution.foresight != 1 else ''}"
    if perfect is None:
        return [f"with {seen}: no perfect-foresight pathway is feasible to compare with"]
    now = view.now
    limited_cut = reduction_pct(now.weighted, base.weighted) or 0.0
    perfect_cut = reduction_pct(perfect.weighted, base.weighted) or 0.0
    out = [
        f"with {seen}: {cut(limited_cut)} over the horizon, against {cut(perfect_cut)} "
        f"had every year been planned at once ({perfect_cut - limited_cut:.1f} points lost)"
    ]
    for t in view.years:
        if view.value("reduction_target", "", t):
            a = reduction_pct(now.weighted_by_year[t], base.weighted_by_year[t]) or 0.0
            b = reduction_pct(perfect.weighted_by_year[t], base.weighted_by_year[t]) or 0.0
            out.append(f"in {t}: {cut(a)} with {seen}, {cut(b)} with perfect foresight")
    units = view.system.capacity_unit
    for label, values in ((seen, now), ("perfect foresight", perfect)):
        plants = [
            f"{z:,.0f} {units.get(k) or 'units'} of {k} in {t}"
            for (k, t), z in values.built.items()
            if z >= 0.5  # a plant shown as 0 is round-off
        ]
        out.append(f"plants built with {label}: " + ("; ".join(plants[:6]) or "none"))
    parted = _first_parting(view, perfect)
    out.append(
        f"the decided pathway first differs from the perfect-foresight one in {parted}"
        if parted
        else "the decided pathway is the perfect-foresight one"
    )
    return out


def _first_parting(view: Solved, perfect) -> int | None:
    """The first year in which an activity, a purchase or a plant differs (beyond
    round-off) between the decided pathway and the perfect-foresight one."""
    now = view.now
    for t in view.years:
        for mine, theirs in (
            (now.activity, perfect.activity),
            (now.new, perfect.new),
            (now.built, perfect.built),
        ):
            for key, x in mine.items():
                if key[1] == t and abs(x - theirs.get(key, 0.0)) > 1e-6 * max(1.0, abs(x)):
                    return t
    return None
