"""Do two versions of the tool give the same results? Run both on one corpus of workbooks
and compare every result sheet cell by cell.

    python benchmarks/same_results.py --base REV [--jobs 2]

checks out REV into a temporary git worktree, writes a corpus of input workbooks (the
default example, every random scenario the tests use, the large ones, variants with a
trade-off curve, min_cost and infeasible cases), runs `python run.py` of both trees on
each (with `--sweep` and `--diagnose` where the case asks for them) and compares: the
exit status, the terminal output (paths and timings aside), and every cell of every
sheet of the result and diagnosis workbooks (the `run` sheet's wall time, date and file
name aside). Numbers must agree to `--rel` (default 1e-12 relative, 1e-9 absolute); the
count of cells that are identical to the last bit is printed too.
"""

from __future__ import annotations

import argparse
import math
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VOLATILE_RUN_ITEMS = {"wall_time_s", "date", "input_file", "input_sha256", "tool_version"}


def corpus(folder: Path) -> list[tuple[str, Path, list[str]]]:
    """(name, workbook, extra arguments) of every case."""
    try:
        from tests.helpers.workbooks import random_rows, tiny_rows, write_clean
    except ImportError:  # an older tree: the helpers were flat in tests/
        sys.path.insert(0, str(ROOT / "tests"))
        from workbooks import random_rows, tiny_rows, write_clean  # type: ignore
    sys.path.insert(0, str(ROOT / "inputs"))
    from build_default import ROWS  # type: ignore

    cases: list[tuple[str, Path, list[str]]] = []

    def add(name, rows, *extra):
        cases.append((name, write_clean(folder / f"{name}.xlsx", rows), list(extra)))

    add("default", ROWS)
    add("default_sweep", ROWS, "--sweep", "12")
    cost = {k: [dict(r) for r in v] for k, v in ROWS.items()}
    cost["settings"] = [r for r in cost["settings"] if r["setting"] != "objective"] + [
        {"setting": "objective", "value": "min_cost"},
        {"setting": "reduction_target", "value": 0.2},
    ]
    cost["settings"] = [r for r in cost["settings"] if r["setting"] != "budget_eur"]
    add("default_min_cost", cost)
    small = {k: [dict(r) for r in v] for k, v in ROWS.items()}
    for row in small["settings"]:
        if row["setting"] == "budget_eur":
            row["value"] = 10e6
    add("default_budget_too_small", small, "--diagnose", "DIAGNOSIS")
    for seed in range(60):
        add(f"random_{seed}", random_rows(seed), "--diagnose", "DIAGNOSIS")
    for seed in (102, 104, 105, 107):
        add(f"large_{seed}", random_rows(seed, groups=40), "--sweep", "6")
    for seed in (3, 11, 17):
        add(f"random_sweep_{seed}", random_rows(seed), "--sweep", "5")
    add("tiny", tiny_rows())
    return cases


def run_tree(tree: Path, cases, out: Path, jobs: int) -> dict[str, dict]:
    out.mkdir(parents=True, exist_ok=True)

    def one(case):
        name, workbook, extra = case
        args = [a.replace("DIAGNOSIS", str(out / f"{name}.diagnosis.xlsx")) for a in extra]
        result = out / f"{name}.xlsx"
        done = subprocess.run(
            [
                sys.executable,
                str(tree / "run.py"),
                "--input",
                str(workbook),
                "--output",
                str(result),
                *args,
            ],
            cwd=tree,
            capture_output=True,
            text=True,
        )
        return name, {
            "status": done.returncode,
            "stdout": _plain(done.stdout, out),
            "stderr": _plain(done.stderr, out),
            "result": result if result.exists() else None,
            "diagnosis": out / f"{name}.diagnosis.xlsx"
            if (out / f"{name}.diagnosis.xlsx").exists()
            else None,
        }

    with ThreadPoolExecutor(jobs) as pool:
        return dict(pool.map(one, cases))


def _plain(text: str, out: Path) -> str:
    text = text.replace(str(out), "OUT")
    return re.sub(r"\d+\.\d+ s\b", "T s", text)


def cells(path: Path) -> dict[str, list[list[object]]]:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        out = {}
        for ws in workbook.worksheets:
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            if ws.title == "run":
                rows = [r for r in rows if not (r and r[0] in VOLATILE_RUN_ITEMS)]
            out[ws.title] = rows
        return out
    finally:
        workbook.close()


def compare_books(a: Path, b: Path, rel: float) -> tuple[list[str], int, int]:
    """(differences, cells compared, cells identical to the bit)."""
    left, right = cells(a), cells(b)
    problems, total, exact = [], 0, 0
    if list(left) != list(right):
        return [f"sheets differ: {list(left)} vs {list(right)}"], 0, 0
    for sheet in left:
        ra, rb = left[sheet], right[sheet]
        if len(ra) != len(rb):
            problems.append(f"{sheet}: {len(ra)} rows vs {len(rb)}")
            continue
        for i, (x, y) in enumerate(zip(ra, rb, strict=True), start=1):
            if len(x) != len(y):
                problems.append(f"{sheet} row {i}: {len(x)} cells vs {len(y)}")
                continue
            for j, (u, v) in enumerate(zip(x, y, strict=True), start=1):
                total += 1
                if u == v or (
                    isinstance(u, float)
                    and isinstance(v, float)
                    and math.isnan(u)
                    and math.isnan(v)
                ):
                    exact += 1
                    continue
                if (
                    isinstance(u, (int, float))
                    and isinstance(v, (int, float))
                    and math.isclose(u, v, rel_tol=rel, abs_tol=1e-9)
                ):
                    continue
                problems.append(f"{sheet} row {i} col {j}: {u!r} vs {v!r}")
    return problems, total, exact


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", required=True, help="the git revision to compare against")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--rel", type=float, default=1e-12)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = tmp / "base"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(base), args.base],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            (tmp / "corpus").mkdir()
            cases = corpus(tmp / "corpus")
            old = run_tree(base, cases, tmp / "old", args.jobs)
            new = run_tree(ROOT, cases, tmp / "new", args.jobs)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT)
        bad, total, exact, books = 0, 0, 0, 0
        for name, _, _ in cases:
            a, b = old[name], new[name]
            found = []
            for key in ("status", "stdout", "stderr"):
                if a[key] != b[key]:
                    found.append(f"{key}: {a[key]!r} vs {b[key]!r}")
            for key in ("result", "diagnosis"):
                if (a[key] is None) != (b[key] is None):
                    found.append(f"{key} written by one version only")
                elif a[key] is not None:
                    diffs, n, same = compare_books(a[key], b[key], args.rel)
                    found += diffs
                    total, exact, books = total + n, exact + same, books + 1
            if found:
                bad += 1
                print(f"{name}: DIFFERENT")
                for line in found[:10]:
                    print(f"  {line}")
        print(
            f"{len(cases)} cases, {books} workbooks, {total:,} cells compared, "
            f"{exact:,} identical to the bit ({100 * exact / max(total, 1):.2f} %), "
            f"{bad} cases different (tolerance rel {args.rel:g})"
        )
        return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
