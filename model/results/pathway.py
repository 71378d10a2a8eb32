"""ModelData + Solution of a pathway → its result tables (WORKBOOK.md, "Result workbook
in pathway mode"). No files, no Pyomo: every number is evaluated from the solved values
with the cohort terms the model was built from (model.data.cohorts) or read from the
family rows themselves (constraints, requirements).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from model.data import cohorts, flows
from model.data.model_data import ModelData
from model.data.pathway import value
from model.formulation.family import EQ, LE, used_and_limit
from model.formulation.pathway import BUDGET, PATHWAY_FAMILIES, REQUIREMENT, has_budget
from model.run.solution import Solution, reduction_pct
from model.schema import DFR, RECYCLE, REUSE
from model.schema.units import TOL


@dataclass
class PathwayTables:
    summary: pd.DataFrame
    pathway: pd.DataFrame
    portfolio: pd.DataFrame
    builds: pd.DataFrame
    groups: pd.DataFrame
    materials: pd.DataFrame
    constraints: pd.DataFrame
    requirements: pd.DataFrame | None
    run: pd.DataFrame
    overview: list[tuple[str, list[str]]]  # (question, answer lines)
    pareto: pd.DataFrame | None = None  # the trade-off curve over the budget factor

    def sheets(self) -> dict[str, pd.DataFrame]:
        names = ["summary", "pathway", "portfolio", "builds", "groups", "materials"]
        names += ["constraints"] + (["requirements"] if self.requirements is not None else [])
        names += ["pareto"] if self.pareto is not None else []
        return {name: getattr(self, name) for name in [*names, "run"]}


def _eval(terms, at) -> float:
    return flows.evaluate(terms, at)


def build_pathway_tables(
    data: ModelData, solution: Solution, run_info: dict[str, object]
) -> PathwayTables:
    now, base = solution.portfolio.by_variable(), solution.baseline.by_variable()
    constraints = _constraints(data, solution)
    prices = _prices(constraints) if len(constraints) else {}
    pathway = _pathway(data, solution, now, base, prices)
    builds = _builds(data, solution, now, prices)
    requirements = _requirements(data, solution, prices)
    return PathwayTables(
        summary=_summary(data, solution, pathway),
        pathway=pathway,
        portfolio=_portfolio(data, solution),
        builds=builds,
        groups=_groups(data, now, base),
        materials=_materials(data, now, base),
        constraints=constraints,
        requirements=requirements,
        run=pd.DataFrame({"item": list(run_info), "value": [str(x) for x in run_info.values()]}),
        overview=overview(data, solution, pathway, builds, constraints),
        pareto=_pareto(data, solution) if solution.sweep else None,
    )


def _pareto(data, solution) -> pd.DataFrame:
    """One row per budget factor theta of the trade-off curve."""
    year = 2030 if 2030 in data.pathway.years else data.pathway.first_year
    budget = (value(data, "budget_eur", "", year) or 0.0) if has_budget(data) else 1.0
    rows = []
    for point in solution.sweep:
        rows.append(
            {
                "budget_factor": point.budget_eur,
                f"budget_{year}_eur": point.budget_eur * budget,
                "status": point.status,
                "reduction_pct": reduction_pct(
                    point.weighted_primary_use, solution.baseline.weighted
                )
                if point.weighted_primary_use is not None
                else None,
                "weighted_primary_use": point.weighted_primary_use,
                "total_cost_eur": point.cost_eur,
                "measures_funded": sum(1 for x in point.activity.values() if x > TOL),
            }
        )
    return pd.DataFrame(rows)


def _constraints(data: ModelData, solution: Solution) -> pd.DataFrame:
    """Every row of the pathway families at the reported pathway, with its year."""
    values = solution.portfolio.by_variable()
    rows = []
    for family in PATHWAY_FAMILIES:
        if not family.reported(data.settings):
            continue
        if family is BUDGET and not has_budget(data):
            continue  # its rows stand only for the budget range
        for index, row in family.rows(data):
            if not row.body:
                continue
            used, limit = used_and_limit(row, values, solution.levels)
            if family.sense == EQ:
                slack = 0.0
            else:
                slack = limit - used if family.sense == LE else used - limit
            if abs(slack) < 1e-7 * max(1.0, abs(limit)):
                slack = 0.0
            dual = solution.duals.get((family.name, index), 0.0)
            price = family.shadow_price(dual)
            year = index if isinstance(index, int) else index[1]
            item = "" if isinstance(index, int) else index[0]
            rows.append(
                {
                    "constraint": f"{family.name}[{item}]" if item else family.name,
                    "year": year,
                    "limit_on": family.named(data, index),
                    "used": used,
                    "limit": limit,
                    "slack": slack,
                    "unit": family.unit,
                    "shadow_price": 0.0 if abs(price) < 1e-9 else price,
                    # at the first solve's optimum (the tie rule may leave a little slack
                    # in a row whose shadow price says it binds)
                    "binding": "yes"
                    if slack <= TOL * max(1.0, abs(limit)) or abs(price) >= 1e-9
                    else "no",
                }
            )
    return pd.DataFrame(rows)


def _prices(constraints: pd.DataFrame) -> dict[tuple[str, int], float]:
    """(constraint, year) → shadow price: looked up hundreds of times, made once."""
    keys = zip(constraints["constraint"], constraints["year"], strict=True)
    return dict(zip(keys, constraints["shadow_price"], strict=True))


def _price(prices: dict, name: str, year: int) -> float | None:
    """The shadow price of row `name` in `year` (None: no such row)."""
    found = prices.get((name, year))
    return None if found is None else float(found)


def _pathway(data, solution, now, base, prices) -> pd.DataFrame:
    system, rows = data.system, []
    portfolio, baseline = solution.portfolio, solution.baseline
    for t in data.pathway.years:
        primary = sum(
            _eval(cohorts.gross(data, m, t), now) - now[flows.U][(m, t)] for m in system.materials
        )
        base_primary = sum(
            _eval(cohorts.gross(data, m, t), base) - base[flows.U][(m, t)] for m in system.materials
        )
        budget = value(data, "budget_eur", "", t) if has_budget(data) else None
        price = _price(prices, "res_budget", t)
        target = value(data, "reduction_target", "", t)
        outflow = sum(
            _eval(cohorts.outflow(data, g, t), now) + cohorts.history(data, g, t)
            for g in system.groups
        )
        reused = sum(_eval(cohorts.activities(data, g, t, REUSE), now) for g in system.groups)
        recycled = sum(_eval(cohorts.activities(data, g, t, RECYCLE), now) for g in system.groups)
        rows.append(
            {
                "year": t,
                "weighted_primary_use": portfolio.weighted_by_year[t],
                "baseline_weighted_primary_use": baseline.weighted_by_year[t],
                "reduction_pct": reduction_pct(
                    portfolio.weighted_by_year[t], baseline.weighted_by_year[t]
                ),
                "primary_use_t": primary,
                "baseline_primary_use_t": base_primary,
                "budget_eur": budget,
                "budget_used_eur": portfolio.cost_by_year[t],
                "budget_shadow_price_per_meur": None if price is None else price * 1e6,
                "least_budget_eur": _scaled(data, solution, t, "least_eur"),
                "saturation_budget_eur": _scaled(data, solution, t, "saturation_eur"),
                "reduction_target_pct": 100 * target if target else None,
                "new_purchases_t": sum(_eval(cohorts.new(data, g, t), now) for g in system.groups),
                "outflow_t": outflow,
                "collected_t": reused + recycled,
                "reused_t": reused,
                "recycled_t": recycled,
                "secondary_used_t": sum(now[flows.U][(m, t)] for m in system.materials),
            }
        )
    return pd.DataFrame(rows)


def _scaled(data, solution, t: int, which: str) -> float | None:
    """theta · B_t: the year's budget at the least or the saturation factor."""
    span = solution.span
    factor = None if span is None else getattr(span, which)
    if factor is None:
        return None
    return factor * ((value(data, "budget_eur", "", t) or 0.0) if has_budget(data) else 1.0)


def _summary(data, solution, pathway: pd.DataFrame) -> pd.DataFrame:
    p, b = solution.portfolio, solution.baseline
    rows = [
        ("first_year", data.pathway.first_year, "year"),
        ("last_year", data.pathway.last_year, "year"),
        ("objective", data.settings.objective, ""),
        ("weighted_primary_use", p.weighted, "weighted t over the horizon"),
        ("baseline_weighted_primary_use", b.weighted, "weighted t over the horizon"),
        ("reduction_pct", reduction_pct(p.weighted, b.weighted), "% over the horizon"),
        ("total_cost_eur", p.cost, "€ over the horizon, undiscounted"),
        ("objective_value", solution.objective, "first solve's objective"),
    ]
    span = solution.span
    if span is not None:
        unit = "× every year's budget" if has_budget(data) else "€ a year, the same every year"
        rows += [
            ("least_budget_factor", span.least_eur, unit + ": the least that allows a pathway"),
            (
                "saturation_budget_factor",
                span.saturation_eur,
                unit + ": beyond it money saves nothing",
            ),
            (
                "best_reduction_pct",
                reduction_pct(span.best_weighted, b.weighted) if span.best_weighted else None,
                "% over the horizon with unlimited money",
            ),
        ]
    for t in data.pathway.years:
        target = value(data, "reduction_target", "", t)
        if target:
            cut = pathway.loc[pathway["year"] == t, "reduction_pct"].iloc[0]
            rows.append((f"reduction_pct_{t}", cut, f"% in {t} (target {100 * target:.0f} %)"))
    return pd.DataFrame(rows, columns=["indicator", "value", "unit"])


def _portfolio(data, solution) -> pd.DataFrame:
    system, rows = data.system, []
    for s in system.measures:
        for t in data.pathway.years:
            x = solution.portfolio.activity[(s, t)]
            lo, up = value(data, "min_t", s, t), value(data, "max_t", s, t)
            at = "min_t" if x <= lo + TOL * max(1, lo) else ""
            if up is not None and x >= up - TOL * max(1, up):
                at = "max_t"
            rows.append(
                {
                    "measure": s,
                    "group": system.group_of[s],
                    "type": system.type_of[s],
                    "year": t,
                    "activity_t": x,
                    "cost_eur": value(data, "cost_eur_per_t", s, t) * x,
                    "share_of_max": x / up if up else None,
                    "reduced_cost": solution.reduced_costs.get((s, t), 0.0),
                    "at_bound": at,
                }
            )
    return pd.DataFrame(rows)


def _builds(data, solution, now, prices) -> pd.DataFrame:
    pathway, rows = data.pathway, []
    for k in data.system.capacities:
        lead = pathway.build_lead.get(k, 0)
        users = data.system.index.users_of.get(k, ())
        for t in pathway.years:
            built = solution.portfolio.built.get((k, t), 0.0)
            ready = sum(
                solution.portfolio.built.get((k, tau), 0.0)
                for tau in range(pathway.first_year, t - lead + 1)
            )
            rows.append(
                {
                    "capacity": k,
                    "year": t,
                    "built": built,
                    "available": value(data, "limit", k, t) + ready,
                    "used": sum(u * now[flows.X][(s, t)] for s, u in users),
                    "build_cost_eur": pathway.build_cost.get(k, 0.0) * built,
                    "shadow_price": _price(prices, f"res_capacity[{k}]", t) or 0.0,
                }
            )
    return pd.DataFrame(rows)


def _groups(data, now, base) -> pd.DataFrame:
    rows = []
    for g in data.system.groups:
        for t in data.pathway.years:
            rows.append(
                {
                    "group": g,
                    "year": t,
                    "put_on_market_t": _eval(cohorts.new(data, g, t), now),
                    "baseline_put_on_market_t": _eval(cohorts.new(data, g, t), base),
                    "in_use_t": _eval(cohorts.stock(data, g, t), now),
                    "outflow_t": _eval(cohorts.outflow(data, g, t), now)
                    + cohorts.history(data, g, t),
                    "covered_by_repairable_design_t": _eval(
                        cohorts.activities(data, g, t, DFR), now
                    ),
                    "reused_t": _eval(cohorts.activities(data, g, t, REUSE), now),
                    "recycled_t": _eval(cohorts.activities(data, g, t, RECYCLE), now),
                }
            )
    return pd.DataFrame(rows)


def _materials(data, now, base) -> pd.DataFrame:
    system, rows = data.system, []
    for m in system.materials:
        for t in data.pathway.years:
            gross = _eval(cohorts.gross(data, m, t), now)
            used = now[flows.U][(m, t)]
            recycled = sum(c * now[flows.X][(s, t)] for s, c in system.index.supply_of.get(m, ()))
            rows.append(
                {
                    "material": m,
                    "year": t,
                    "primary_t": gross - used,
                    "baseline_primary_t": _eval(cohorts.gross(data, m, t), base)
                    - base[flows.U][(m, t)],
                    "secondary_t": used,
                    "gross_demand_t": gross,
                    "secondary_supply_t": recycled,
                    "outside_secondary_t": max(0.0, used - recycled),
                    "min_secondary_share": value(data, "min_secondary_share", m, t),
                    "critical": "yes" if system.critical[m] else "no",
                }
            )
    return pd.DataFrame(rows)


def _requirements(data, solution, prices) -> pd.DataFrame | None:
    system = data.system
    if not system.requirements:
        return None
    values, rows = solution.portfolio.by_variable(), []
    for (r, t), row in REQUIREMENT.rows(data):
        achieved, required = used_and_limit(row, values, solution.levels)
        share = value(data, "min_share", r, t)
        rows.append(
            {
                "requirement": r,
                "group": system.requirement_group[r],
                "kind": system.requirement_kind[r],
                "year": t,
                "min_share": share,
                "achieved_share": achieved / (required / share) if share and required else None,
                "required_t": required,
                "achieved_t": achieved,
                "binding": "yes" if achieved - required <= TOL * max(1.0, required) else "no",
                "shadow_price": _price(prices, f"res_requirement[{r}]", t) or 0.0,
            }
        )
    return pd.DataFrame(rows)


def overview(data, solution, pathway: pd.DataFrame, builds, constraints) -> list:
    """The answers in words: does the target come within reach in its year, what to
    fund when, which plants to build when, when the obligations bind."""
    p, b = solution.portfolio, solution.baseline
    first, last = data.pathway.first_year, data.pathway.last_year
    cut = reduction_pct(p.weighted, b.weighted) or 0.0
    lines = []
    by_year = dict(zip(pathway["year"], pathway["reduction_pct"], strict=True))
    achieve = [
        f"−{cut:.1f} % weighted primary raw material use over {first}–{last} against "
        "current practice",
        "by year: "
        + ", ".join(f"{t} −{by_year[t]:.1f} %" for t in _milestones(data) if t in by_year),
    ]
    targets = pathway.dropna(subset=["reduction_target_pct"])
    for _, row in targets.iterrows():
        short = row["reduction_target_pct"] - (row["reduction_pct"] or 0.0)
        if short > 0.05:
            achieve.append(
                f"the target for {row['year']} (−{row['reduction_target_pct']:.0f} %) is "
                f"missed by {short:.1f} points"
            )
    lines.append(("What does the pathway achieve?", achieve))
    money = _money(data, solution, pathway)
    if money:
        lines.append(("How far can money go?", money))
    fund = []
    for t in _milestones(data):
        funded = [
            (s, x)
            for (s, year), x in p.activity.items()
            if year == t and x > TOL + value(data, "min_t", s, t)
        ]
        funded.sort(key=lambda sx: -value(data, "cost_eur_per_t", sx[0], t) * sx[1])
        if funded:
            top = ", ".join(f"{s} {x:,.0f} t" for s, x in funded[:4])
            fund.append(f"{t}: {top}" + (f" and {len(funded) - 4} more" if len(funded) > 4 else ""))
    lines.append(("What to fund in which year?", fund or ["nothing above current practice"]))
    built = builds[builds["built"] > TOL]
    plants = [
        f"{row['capacity']}: {row['built']:,.0f} in {row['year']}" for _, row in built.iterrows()
    ]
    lines.append(("Which plants to build when?", plants or ["none"]))
    binding = constraints[
        (constraints["constraint"].str.startswith("res_recycled_content_min"))
        & (constraints["binding"] == "yes")
    ]
    obligations = []
    for name, rows in binding.groupby("constraint", sort=False):
        years = sorted(rows["year"])
        obligations.append(
            f"{name.split('[')[1].rstrip(']')}: binds in {_spans(years)}; each tonne less "
            f"would save {rows['shadow_price'].mean():,.1f} weighted t on average"
        )
    lines.append(("When do the recycled-content obligations bind?", obligations or ["never"]))
    horizon = horizon_warning(data)
    if horizon:
        lines.append(("Is the horizon long enough?", [horizon]))
    budget = constraints[
        (constraints["constraint"] == "res_budget") & (constraints["binding"] == "yes")
    ]
    if len(budget):
        lines.append(
            (
                "Does the budget bind?",
                [f"in {_spans(sorted(budget['year']))} ({len(budget)} of {len(pathway)} years)"],
            )
        )
    return lines


def _money(data, solution, pathway: pd.DataFrame) -> list[str]:
    """The budget range in words, with one milestone year's budgets as the example."""
    span, base = solution.span, solution.baseline
    if span is None or span.least_eur is None:
        return []
    year = 2030 if 2030 in set(pathway["year"]) else int(pathway["year"].iloc[0])
    row = pathway.loc[pathway["year"] == year].iloc[0]
    out = []
    if has_budget(data):
        out.append(
            f"at least {span.least_eur:.2f} × every year's budget is needed for any feasible "
            f"pathway ({row['least_budget_eur'] / 1e6:,.1f} M€ in {year})"
        )
        if span.saturation_eur is not None:
            best = reduction_pct(span.best_weighted, base.weighted) or 0.0
            out.append(
                f"beyond {span.saturation_eur:.2f} × every year's budget "
                f"({row['saturation_budget_eur'] / 1e6:,.1f} M€ in {year}) more money saves "
                f"nothing: at most −{best:.1f} % over the horizon with these measures"
            )
    else:
        out.append(
            f"a flat €{span.least_eur / 1e6:,.1f} M a year is the least that allows a pathway"
        )
    return out


def terminal_lines(data, tables: PathwayTables, path) -> str:
    """The overview as plain lines for the terminal."""
    first, last = data.pathway.first_year, data.pathway.last_year
    lines = [f"Pathway {data.settings.scenario} {first}–{last} · {data.settings.objective}"]
    for question, answer in tables.overview:
        lines.append(question)
        lines += [f"  {line}" for line in answer]
    if path is not None:
        lines.append(f"Result workbook: {path}")
    return "\n".join(lines)


TARGETS = ("reduction_target", "min_secondary_share", "min_share")


def horizon_warning(data) -> str:
    """PATHWAY.md, "End of the horizon": what a measure achieves after t1 is not counted,
    so a group whose mean lifetime reaches past t1 from the last target year (the last
    year a target, an obligation or a requirement is given for) is named."""
    pathway = data.pathway
    given = [
        year
        for (parameter, _item), points in pathway.paths.items()
        if parameter in TARGETS
        for year in points
        if pathway.first_year <= year <= pathway.last_year
    ]
    given += [t for t in pathway.years if value(data, "reduction_target", "", t)]
    if not given:
        return ""
    last = max(given)
    short = [
        f"{g} ({mu:g} yr)"
        for g, mu in pathway.lifetime_years.items()
        if last + mu > pathway.last_year
    ]
    if not short:
        return ""
    return (
        f"the last target year is {last}, and the mean lifetime of {', '.join(short)} reaches "
        f"past {pathway.last_year}: what measures achieve after {pathway.last_year} is not "
        "counted, so run a horizon at least one lifetime longer than the years you report on"
    )


def _milestones(data) -> list[int]:
    """The first year, every fifth year, the years with a target, and the last year."""
    years = list(data.pathway.years)
    chosen = {years[0], years[-1]} | {t for t in years if t % 5 == 0}
    chosen |= {t for t in years if value(data, "reduction_target", "", t)}
    return sorted(chosen)


def _spans(years: list[int]) -> str:
    """2031, 2032, 2033, 2036 → "2031–2033, 2036"."""
    out, start = [], None
    for i, t in enumerate(years):
        if start is None:
            start = t
        if i + 1 == len(years) or years[i + 1] != t + 1:
            out.append(str(start) if start == t else f"{start}–{t}")
            start = None
    return ", ".join(out)
