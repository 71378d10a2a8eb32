"""Result tables → the result workbook (atomic write) and the terminal summary."""

from __future__ import annotations

import contextlib
import math
import os
import re
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from model.charts import add_cost_curve_chart, add_pareto_chart
from model.errors import WriteError
from model.results import Tables
from model.wording import eur

_FORMULA_START = ("=", "+", "-", "@")
_ERROR_LIKE = re.compile(r"^#[A-Z0-9/]+[!?]?$")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
# Limits an analyst sets or can move; the balance rows (demand, secondary supply) are
# physics and stay on the constraints sheet only.
POLICY_LIMITS = (
    "res_budget",
    "res_capacity",
    "res_target",
    "res_recycled_content_min",
    "res_recycled_content_max",
    "res_repair_coverage",
    "res_reuse_availability",
    "res_collection",
)


def _number_format(column: str) -> str | None:
    if column.endswith("_eur") or column.startswith("cost_eur") or column == "cost_eur":
        return '#,##0 "€"'
    if column.endswith("_pct"):
        return "0.0"
    if column.endswith("share") or column == "share_of_max":
        return "0.0%"
    if column.endswith("_t") or column in (
        "used",
        "limit",
        "slack",
        "baseline",
        "optimum",
        "change",
        "weighted_primary",
    ):
        return "#,##0.0"
    return None


def safe_value(value: object) -> object:
    """A cell value that stays what it is: text never becomes a formula; NaN → blank."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalar → Python
    if isinstance(value, str):
        return _ILLEGAL.sub("", value)
    return value


def _put(ws, row: int, col: int, value: object) -> None:
    value = safe_value(value)
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str) and (value.startswith(_FORMULA_START) or _ERROR_LIKE.match(value)):
        cell.data_type = "s"  # keep it text: no formula, no error code


def write_frame(ws, frame: pd.DataFrame) -> None:
    for j, name in enumerate(frame.columns, start=1):
        _put(ws, 1, j, name)
        ws.cell(row=1, column=j).font = Font(bold=True)
        ws.cell(row=1, column=j).fill = HEADER_FILL
    for i, record in enumerate(frame.itertuples(index=False), start=2):
        for j, value in enumerate(record, start=1):
            _put(ws, i, j, value)
    for j, name in enumerate(frame.columns, start=1):
        fmt = _number_format(str(name))
        letter = get_column_letter(j)
        if fmt:
            for cell in ws[letter][1:]:
                if isinstance(cell.value, (int, float)):
                    cell.number_format = fmt
        width = max([len(str(name))] + [len(str(x)) for x in frame.iloc[:200, j - 1]])
        ws.column_dimensions[letter].width = min(max(10, width + 2), 70)
    ws.freeze_panes = "B2"
    if len(frame):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"


def build_workbook(tables: Tables) -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, frame in tables.sheets().items():
        write_frame(workbook.create_sheet(name), frame)
    if tables.pareto is not None and len(tables.pareto):
        budgets = tables.pareto["budget_eur"]
        log_axis = budgets.min() > 0 and budgets.max() / budgets.min() > 100
        add_pareto_chart(workbook["pareto"], len(tables.pareto), bool(log_axis))
    if tables.cost_curve is not None:
        add_cost_curve_chart(workbook["cost_curve"], len(tables.cost_curve))
    return workbook


def build_diagnosis_workbook(source: str, message: str, rows: list[dict]) -> openpyxl.Workbook:
    """Why a scenario is infeasible: the message line by line, and the limits involved."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    lines = pd.DataFrame({"diagnosis": [source, *message.splitlines()]})
    write_frame(workbook.create_sheet("diagnosis"), lines)
    limits = pd.DataFrame(rows, columns=["limit", "role", "value", "needed", "unit"])
    write_frame(workbook.create_sheet("limits"), limits)
    return workbook


def write_atomic(workbook: openpyxl.Workbook, path: Path) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then move it into place:
    a crash leaves either the earlier file or the new one, never half of one."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(
            f"cannot write in {folder}: {exc.strerror}; choose another folder with --output"
        ) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            workbook.save(stream)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteError(
            f"cannot write {path}: {exc.strerror}; if the file is open in a "
            "spreadsheet program, close it, or choose another path with "
            "--output"
        ) from exc


def terminal_summary(tables: Tables, path: Path | None) -> str:
    """A few lines: the cut against the baseline, the budget, the measures, the limits."""
    s = dict(zip(tables.summary["indicator"], tables.summary["value"], strict=True))
    lines = [f"Scenario {s['scenario']} · objective {s['objective_name']} · {s['status']}"]
    lines.append(
        f"Weighted primary use {s['baseline_weighted_primary_use']:,.0f} → "
        f"{s['weighted_primary_use']:,.0f} weighted t/yr: "
        f"−{s['reduction_pct']:.1f} % against the baseline "
        f"(plain tonnes −{s['primary_reduction_pct']:.1f} %)"
    )
    budget = s.get("budget_eur")
    if budget is not None and not (isinstance(budget, float) and math.isnan(budget)):
        line = f"Budget used {eur(s['budget_used_eur'])} of {eur(budget)}"
        price = s.get("budget_shadow_price_per_meur")
        if price and price > 0:
            line += f"; one more €1 M would save {price:,.0f} weighted t"
        lines.append(line)
    else:
        lines.append(f"Cost {eur(s['total_cost_eur'])} (no budget limit)")
    if s.get("least_feasible_budget_eur") is not None and not _nan(s["least_feasible_budget_eur"]):
        lines.append(
            f"Least feasible budget {eur(s['least_feasible_budget_eur'])}; beyond "
            f"{eur(s['saturation_budget_eur'])} more money saves nothing (at most "
            f"−{s['best_reduction_pct']:.1f} % with these measures)"
        )
    if "target_shadow_price_eur_per_t" in s:
        lines.append(
            f"Target −{s['reduction_target_pct']:.1f} % reached; one more weighted "
            f"tonne saved would cost €{s['target_shadow_price_eur_per_t'] or 0:,.0f}"
        )
    chosen = tables.portfolio[tables.portfolio["activity_t"] > 1e-6]
    lines.append(f"Measures funded ({len(chosen)}):")
    for row in chosen.itertuples(index=False):
        lines.append(
            f"  {row.measure:<32} {row.activity_t:>12,.0f} t  {eur(row.cost_eur):>10}"
            f"  {'(at max_t)' if row.at_bound == 'max_t' else ''}".rstrip()
        )
    table = tables.constraints
    family = table["constraint"].str.split("[", regex=False).str[0]
    binding = table[
        (table["binding"] == "yes") & (table["shadow_price"] > 1e-9) & family.isin(POLICY_LIMITS)
    ]
    if len(binding):
        lines.append("Limits that bind:")
        for row in binding.itertuples(index=False):
            lines.append(f"  {row.limit_on}: {row.meaning}")
    if path is not None:
        lines.append(f"Result workbook: {path}")
    return "\n".join(lines)


def _nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)
