"""What the terminal is told after a run: a scenario's answer, the scenarios side by
side, an ensemble's answer in a few lines, and where an earlier result was kept."""

from __future__ import annotations

from pathlib import Path

from model.app.paths import shown


def summary(data, tables, path: Path | None) -> str:
    """One scenario's answer (a pathway's over its years); `path`: its workbook, if named."""
    if data.pathway is not None:
        from model.results.pathway import terminal_lines

        return terminal_lines(data, tables, path)
    from model.results.overview import terminal_summary

    return terminal_summary(tables, path)


def kept(path: Path | None) -> list[str]:
    """Where the earlier result at a workbook's path was kept, if there was one."""
    return [f"The earlier result was kept as {shown(path)}"] if path else []


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
    """An ensemble's answer: the robust core, the cut's spread, the share without a
    portfolio and its most common cause, the inputs that move the result most."""
    from model.schema.units import cut

    s = dict(zip(tables.summary["indicator"], tables.summary["value"], strict=True))
    robust = tables.robustness[tables.robustness["funded_share"] >= 0.9]["measure"]
    lines = [
        f"Scenario {data.settings.scenario} · {s['samples']} samples (seed {s['seed']})",
        "Funded in at least 90 % of the samples (the robust core): "
        + (", ".join(robust) if len(robust) else "none"),
    ]
    if s.get("reduction_p50_pct") is not None:
        lines.append(
            f"Cut of weighted primary use: median {cut(s['reduction_p50_pct'])}, 90 % of "
            f"samples between {cut(s['reduction_p5_pct'])} and {cut(s['reduction_p95_pct'])} "
            f"(base {cut(s['base_reduction_pct'] or 0.0)})"
        )
    lines.append(
        f"No feasible portfolio in {s['infeasible_share_pct']:.1f} % of the samples"
        + (f"; most often because of {s['most_common_cause']}" if s["most_common_cause"] else "")
    )
    top = tables.sensitivity.dropna(subset=["delta"]).head(3)
    if len(top):
        lines.append("Moves the result most: " + ", ".join(top["input"]))
    lines.append(f"Uncertainty workbook: {output}")
    return "\n".join(lines)
