"""What the terminal is told after a run: a scenario's answer, the scenarios side by
side, an ensemble's answer in a few lines, and where an earlier result was kept."""

from __future__ import annotations

from pathlib import Path

from model.app.paths import shown


def summary(data, tables, path: Path | None) -> str:
    """One scenario's answer (a pathway's over its years); `path`: its workbook, if named."""
    from model.results.overview import terminal_summary

    return terminal_summary(tables, path)


def kept(path: Path | None) -> list[str]:
    """Where the earlier result at a workbook's path was kept, if there was one."""
    return [f"The earlier result was kept as {shown(path)}"] if path else []


# What a total cost covers in each time model: one year's, or a pathway's discounted
# over its horizon.
PER = {"steady": "a year", "cohorts": "over the horizon"}


def scenario_lines(comparison, written: list[Path], output: Path, per: str = "a year") -> str:
    """The scenarios as a few terminal lines: status, reduction and cost each."""
    from model.schema.units import cut, eur

    frame = comparison.indicators.set_index("indicator")
    lines = [f"Scenarios side by side ({len(frame.columns) - 1}):"]
    for name in frame.columns[1:]:
        column = frame[name]
        if column["status"] != "optimal":
            lines.append(f"  {name}: {column['status']}: {column['why']}")
            continue
        lines.append(
            f"  {name}: {cut(column['reduction_pct'])} weighted primary use for "
            f"{eur(column['total_cost_eur'])} {per}"
        )
    lines += [f"Result workbook: {path}" for path in written]
    lines.append(f"Comparison workbook: {output}")
    return "\n".join(lines)


def ensemble_lines(tables, data, output: Path) -> str:
    """An ensemble's answer: the robust core, the cut's spread, the samples without a
    portfolio and their most common cause, the samples not solved (their numbers and
    why), the inputs that move the result most. Counts as whole numbers; a cause in
    words or not at all."""
    from model.schema.units import cut

    s = dict(zip(tables.summary["indicator"], tables.summary["value"], strict=True))
    robust = tables.robustness[tables.robustness["funded_share"] >= 0.9]["measure"]
    lines = [
        f"Scenario {data.settings.scenario} · {_whole(s['samples'])} samples "
        f"(seed {_whole(s['seed'])})",
        "Funded in at least 90 % of the samples (the robust core): "
        + (", ".join(robust) if len(robust) else "none"),
    ]
    if _given(s.get("reduction_p50_pct")):
        lines.append(
            f"Cut of weighted primary use: median {cut(s['reduction_p50_pct'])}, 90 % of "
            f"samples between {cut(s['reduction_p5_pct'])} and {cut(s['reduction_p95_pct'])} "
            f"(base {cut(s['base_reduction_pct'] or 0.0)})"
        )
    outcomes = tables.outcomes
    infeasible = int((outcomes["status"] == "infeasible").sum())
    share = _given(s.get("infeasible_share_pct")) or 0.0
    cause = _given(s.get("most_common_cause"))
    lines.append(
        f"No feasible portfolio in {infeasible} of the samples ({share:.1f} %)"
        + (f"; most often because of {cause}" if infeasible and cause else "")
    )
    for status, words in NOT_SOLVED.items():
        rows = outcomes[outcomes["status"] == status]
        if len(rows):
            lines.append(f"{len(rows)} of the samples ({_numbers(rows['sample'])}) {words}")
            lines[-1] += _reasons(rows["why"])
    top = tables.sensitivity.dropna(subset=["delta"]).head(3)
    if len(top):
        lines.append("Moves the result most: " + ", ".join(top["input"]))
    lines += by_year_lines(tables.by_year)
    lines.append(f"Uncertainty workbook: {output}")
    return "\n".join(lines)


def by_year_lines(by_year) -> list[str]:
    """A pathway ensemble's answer by year: the cut's median and 90 % range in 2030, in
    2050 and in the year of the lowest median, each with the input that moves it most;
    the years in which samples have no plan."""
    from model.schema.units import cut

    if by_year is None or not len(by_year):
        return []
    rows = by_year.set_index("year")
    years = [t for t in (2030, 2050) if t in rows.index]
    lowest = int(rows["reduction_p50_pct"].idxmin())
    if lowest not in years:
        years.append(lowest)
    said = []
    for t in sorted(years):
        row = rows.loc[t]
        text = (
            f"{t} {cut(row['reduction_p50_pct'])} (90 % between "
            f"{cut(row['reduction_p5_pct'])} and {cut(row['reduction_p95_pct'])}"
        )
        if _given(row["moves_it_most"]):
            text += f"; moved most by {row['moves_it_most']}"
        said.append(text + ")" + (", the lowest median" if t == lowest else ""))
    lines = ["By year, the cut's median: " + "; ".join(said)]
    failing = rows[rows["samples_failing_here"] > 0]
    if len(failing):
        lines.append(
            "Years in which samples have no plan: "
            + ", ".join(f"{t} ({int(n)})" for t, n in failing["samples_failing_here"].items())
        )
    return lines


# the samples without an answer but infeasible ones, and what the terminal says of them
NOT_SOLVED = {
    "invalid": "break an input rule with their drawn values and were not solved",
    "bad baseline": "have a current practice that is impossible with their drawn values",
    "solver failure": "were not solved: the solver failed",
}


def _given(value):
    """`value`, or None where the summary has none (None, or NaN: a numeric column's
    blank)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value


def _whole(value) -> str:
    """A count as a whole number (a summary column of numbers holds 20 as 20.0)."""
    return f"{int(value)}" if _given(value) is not None else "no"


def _numbers(samples, shown: int = 10) -> str:
    """Sample numbers, the first `shown` of them."""
    numbers = [str(int(n)) for n in samples]
    more = len(numbers) - shown
    return ", ".join(numbers[:shown]) + (f" and {more} more" if more > 0 else "")


def _reasons(whys) -> str:
    """': <the most common reason>' (and how many others there are)."""
    counts = whys.dropna().value_counts()
    if not len(counts):
        return ""
    others = len(counts) - 1
    return f": {counts.index[0]}" + (
        f" (and {others} other reason{'s' if others != 1 else ''})" if others else ""
    )
