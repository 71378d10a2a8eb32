"""An ensemble's results → tables: how robust each measure is, every sample's outcome,
which uncertain inputs move the reduction most (SALib), and the reduction's spread.

Sensitivity: SALib's delta method (Borgonovo's moment-independent δ — SALib 1.6's
bias-corrected "balanced" estimate where it gives one — and the first-order Sobol index
S1 estimated from the same samples), which its documentation pairs with Latin hypercube
samples, the design drawn here; computed on the samples with a portfolio, with the
reduction as output.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from model.data.model_data import ModelData
from model.io.uncertainty import Uncertain
from model.run.outcome import SampleResult
from model.schema.units import TOL

HISTOGRAM_BINS = 20
# SALib's delta method bins the output; below this many samples it cannot.
MIN_SENSITIVITY_SAMPLES = 100


@dataclass
class EnsembleTables:
    summary: pd.DataFrame
    robustness: pd.DataFrame
    outcomes: pd.DataFrame
    sensitivity: pd.DataFrame
    histogram: pd.DataFrame
    by_year: pd.DataFrame = field(default_factory=pd.DataFrame)  # a pathway's years

    def sheets(self) -> dict[str, pd.DataFrame]:
        out = {
            "summary": self.summary,
            "robustness": self.robustness,
            "outcomes": self.outcomes,
            "sensitivity": self.sensitivity,
            "histogram": self.histogram,
        }
        if len(self.by_year):
            out["by_year"] = self.by_year
        return out


def ensemble_tables(
    data: ModelData,
    uncertain: list[Uncertain],
    values: np.ndarray,
    results: list[SampleResult],
    base_reduction: float | None,
    base_activity: dict[str, float],
    seed: int,
) -> EnsembleTables:
    solved = [r for r in results if r.status == "optimal"]
    return EnsembleTables(
        summary=_summary(results, solved, base_reduction, seed, data.settings.objective),
        robustness=_robustness(data, solved, base_activity),
        outcomes=_outcomes(uncertain, values, results),
        sensitivity=_sensitivity(uncertain, values, solved),
        histogram=_histogram(solved),
        by_year=_by_year(uncertain, values, solved, results),
    )


def _by_year(uncertain, values, solved, results) -> pd.DataFrame:
    """A pathway: per year, the spread of the re-optimised cut over the samples with a
    plan (P5, P50, P95) and the input that moves it most, by Spearman's rank correlation
    of the drawn value with that year's cut (its sign: the cut grows with the input);
    and the samples without a plan whose diagnosis names a limit of that year, with the
    limit named most often."""
    years = sorted({t for r in solved for t in r.reduction_by_year})
    if not years:
        return pd.DataFrame()
    failing: dict[int, Counter] = {}
    for r in results:
        found = re.search(r"\b(\d{4})\b", r.why or "") if r.status == "infeasible" else None
        if found:
            failing.setdefault(int(found.group(1)), Counter())[r.why] += 1
    drawn = pd.DataFrame(
        [values[r.index] for r in solved], columns=[u.name for u in uncertain]
    ).rank()
    rows = []
    for t in years:
        cuts = pd.Series([r.reduction_by_year.get(t) for r in solved], dtype=float)
        p5, p50, p95 = np.percentile(cuts, [5, 50, 95])
        ranked = cuts.rank()
        rho = {
            name: float(np.corrcoef(drawn[name], ranked)[0, 1])
            for name in drawn.columns
            if drawn[name].std() > 0 and ranked.std() > 0
        }
        top = max(rho, key=lambda name: abs(rho[name])) if rho else None
        rows.append(
            {
                "year": t,
                "samples_with_a_plan": len(cuts),
                "reduction_p5_pct": float(p5),
                "reduction_p50_pct": float(p50),
                "reduction_p95_pct": float(p95),
                "moves_it_most": top,
                "rank_correlation": rho.get(top) if top else None,
                "samples_failing_here": sum(failing.get(t, Counter()).values()),
                "limit_failing_most": (failing[t].most_common(1)[0][0] if failing.get(t) else None),
            }
        )
    return pd.DataFrame(rows)


def _summary(results, solved, base_reduction, seed, objective: str) -> pd.DataFrame:
    n = len(results)
    reductions = np.array([r.reduction_pct for r in solved if r.reduction_pct is not None])
    causes = Counter(r.why for r in results if r.status == "infeasible" and r.why)
    cause, count = causes.most_common(1)[0] if causes else (None, 0)
    held = [r for r in results if r.held_feasible is not None]
    regrets = [r.regret for r in solved if r.regret is not None]

    def pct(part: int) -> float | None:
        return 100.0 * part / n if n else None

    def quantile(q: float) -> float | None:
        return float(np.percentile(reductions, q)) if len(reductions) else None

    rows = [
        ("samples", int(n), "count", "samples drawn (Latin hypercube)"),
        ("seed", int(seed), "", "the same seed gives the same samples and results"),
        ("optimal_share_pct", pct(len(solved)), "%", "samples with a feasible portfolio"),
        (
            "infeasible_share_pct",
            pct(sum(r.status == "infeasible" for r in results)),
            "%",
            "samples where no portfolio meets every limit",
        ),
        (
            "most_common_cause",
            cause,
            "",
            f"the limit behind most infeasible samples ({count} of them)" if cause else "",
        ),
        (
            "invalid_share_pct",
            pct(sum(r.status == "invalid" for r in results)),
            "%",
            "samples whose drawn values break an input rule (e.g. min_t above max_t)",
        ),
        ("base_reduction_pct", base_reduction, "%", "the base workbook's optimum"),
        ("reduction_p5_pct", quantile(5), "%", "5th percentile of the re-optimised cut"),
        ("reduction_p50_pct", quantile(50), "%", "median of the re-optimised cut"),
        ("reduction_p95_pct", quantile(95), "%", "95th percentile of the re-optimised cut"),
        (
            "base_portfolio_feasible_pct",
            pct(sum(bool(r.held_feasible) for r in held)),
            "%",
            "samples in which the base optimum's portfolio, held unchanged, is still feasible",
        ),
        (
            "mean_regret",
            float(np.mean(regrets)) if regrets else None,
            "reduction points" if objective == "min_primary" else "€/yr",
            "what holding the base portfolio loses against re-optimising, on average "
            "(min_primary: points of reduction; min_cost: euro more)",
        ),
    ]
    # object: whole numbers stay whole (a column of numbers and blanks would be float)
    return pd.DataFrame(rows, columns=["indicator", "value", "unit", "meaning"], dtype=object)


def _robustness(data: ModelData, solved, base_activity) -> pd.DataFrame:
    """Each measure's activity over the samples beside the base's: t/yr in one year, t
    summed over the horizon in a pathway (as each sample's activity is)."""
    system = data.system
    base = dict.fromkeys(system.measures, 0.0)
    for key, x in base_activity.items():  # a pathway's (measure, year): summed
        base[key[0] if isinstance(key, tuple) else key] += x
    rows = []
    for s in system.measures:
        activity = np.array([r.activity.get(s, 0.0) for r in solved]) if solved else np.zeros(0)
        funded = activity > system.min_t[s] + TOL * max(1.0, system.min_t[s])
        rows.append(
            {
                "measure": s,
                "group": system.group_of[s],
                "type": system.type_of[s],
                "funded_share": float(funded.mean()) if len(activity) else None,
                "p5_activity_t": float(np.percentile(activity, 5)) if len(activity) else None,
                "p50_activity_t": float(np.percentile(activity, 50)) if len(activity) else None,
                "p95_activity_t": float(np.percentile(activity, 95)) if len(activity) else None,
                "base_activity_t": base[s],
            }
        )
    frame = pd.DataFrame(rows)
    return frame.sort_values("funded_share", ascending=False, kind="stable").reset_index(drop=True)


def _outcomes(uncertain, values, results) -> pd.DataFrame:
    frame = pd.DataFrame({"sample": [r.index + 1 for r in results]})
    for j, u in enumerate(uncertain):
        frame[u.name] = values[[r.index for r in results], j]
    frame["status"] = [r.status for r in results]
    frame["reduction_pct"] = [r.reduction_pct for r in results]
    frame["total_cost_eur"] = [r.cost_eur for r in results]
    frame["base_portfolio_feasible"] = [
        None if r.held_feasible is None else ("yes" if r.held_feasible else "no") for r in results
    ]
    frame["base_portfolio_reduction_pct"] = [r.held_reduction_pct for r in results]
    frame["regret"] = [r.regret for r in results]
    frame["why"] = [r.why or None for r in results]
    return frame


def _sensitivity(uncertain, values, solved) -> pd.DataFrame:
    columns = ["input", "parameter", "item", "delta", "delta_conf", "S1", "S1_conf", "note"]
    y = np.array([r.reduction_pct or 0.0 for r in solved])
    note = None
    if len(solved) < MIN_SENSITIVITY_SAMPLES or not uncertain:
        note = (
            "too few samples with a portfolio for sensitivity indices "
            f"({MIN_SENSITIVITY_SAMPLES} or more needed)"
        )
    elif float(np.ptp(y)) == 0.0:
        note = "the reduction is the same in every sample: no input moves it"
    if note:
        return pd.DataFrame([dict.fromkeys(columns[:-1]) | {"note": note}], columns=columns)
    from SALib.analyze import delta

    problem = {
        "num_vars": len(uncertain),
        "names": [u.name for u in uncertain],
        "bounds": [[u.low, u.high if u.high > u.low else u.low + 1e-12] for u in uncertain],
    }
    x = values[[r.index for r in solved]]
    try:
        quiet = (
            contextlib.redirect_stdout(io.StringIO()),
            contextlib.redirect_stderr(io.StringIO()),
        )
        with warnings.catch_warnings(), quiet[0], quiet[1]:
            warnings.simplefilter("ignore")  # SALib's own notes on small samples
            found = delta.analyze(problem, x, y, num_resamples=50, seed=1)
        key = next((k for k in ("delta_balanced", "delta") if k in found), None)
        if key is None or "S1" not in found:
            raise ValueError("SALib gave no indices")
    except (ValueError, FloatingPointError) as exc:
        note = f"SALib could not estimate the indices from these samples: {exc}"
        return pd.DataFrame([dict.fromkeys(columns[:-1]) | {"note": note}], columns=columns)
    rows = [
        {
            "input": u.name,
            "parameter": u.parameter,
            "item": u.name[len(u.parameter) + 1 : -1] or None,  # the key as u.name writes it
            "delta": float(found[key][j]),
            "delta_conf": float(found[f"{key}_conf"][j]),
            "S1": float(found["S1"][j]),
            "S1_conf": float(found["S1_conf"][j]),
            "note": None,
        }
        for j, u in enumerate(uncertain)
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values("delta", ascending=False, kind="stable").reset_index(drop=True)


def _histogram(solved) -> pd.DataFrame:
    y = np.array([r.reduction_pct for r in solved if r.reduction_pct is not None])
    if not len(y):
        return pd.DataFrame(columns=["reduction_from_pct", "reduction_to_pct", "samples"])
    low, high = float(y.min()), float(y.max())
    if high == low:
        high = low + 1e-9
    counts, edges = np.histogram(y, bins=HISTOGRAM_BINS, range=(low, high))
    return pd.DataFrame(
        {
            "reduction_from_pct": edges[:-1],
            "reduction_to_pct": edges[1:],
            "samples": counts.astype(int),
        }
    )
