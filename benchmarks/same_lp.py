"""Do two versions of the tool compile the same linear programs, byte for byte?

    python benchmarks/same_lp.py --base REV [--head REV] [--cases 300] [--jobs 2] [--keep DIR]

What it proves: for every case of a corpus, the LP that HiGHS is given, and the LP file
Pyomo writes for the model, are identical in the two versions: same columns and rows,
same names, in the same order, and every cost, bound, side and coefficient equal to the
last bit (the dumps write floats with repr, which round-trips exactly). A restructuring
of `model/formulation/` or `model/data/` that passes has changed no number the solver
sees, so it cannot change a result.

How: REV is checked out into a temporary git worktree (`--head REV` checks out a
second one in place of the working tree, e.g. `--base X --head X` to test the script
itself). The corpus is written once, with the new tree's `tests/helpers/workbooks.py`
and its shipped `inputs/`: both shipped examples (the default with every scenario of
its `scenarios` sheet, the NL pathway), variants of them (min_cost with a target, no
budget), tiny one-year and pathway models, and random one-year scenarios, random
pathways and large random scenarios up to `--cases` in all. Each tree then reads every
workbook with its own `model.io.reader` and builds and compiles it in its own
subprocesses (cwd and sys.path set to that tree; a batch of cases per process), the
way a run does: `create_model(data)` (set up for the scenario), compiled into HiGHS by
`LpSolver.compile` / `HighsLp` and synced, then switched to `modes.use_baseline` and
synced again. For each of the two set-ups it dumps what HiGHS holds (`Highs.getLp()`:
sense, offset, every column's cost and bounds, every row's sides and entries, named by
the Pyomo components; plus each objective's costs as HiGHS gets them when it is the
active one) and Pyomo's LP file (`model.write(..., symbolic_solver_labels=True)`).
The files are compared by sha256; on a difference the first differing lines are
printed with which columns, rows or objective costs differ.

Output: one block per case that differs, then "N cases, M identical, K differ"; the
exit status is 1 if any case differs, 2 if a tree cannot run at all. `--keep DIR`
keeps the base's dumps in DIR (by base commit, driver and library versions), so that
the next comparison against the same base builds only the new tree. Both trees run
with the same PYTHONHASHSEED (`--hash-seed`, default 0).
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The driver that runs inside a tree: reads a list of cases, writes each case's dumps and
# a record.json with their sha256. It uses only entry points that every version keeps
# (reader, create_model, use_baseline, the compiled LP), each looked up defensively.
DRIVER = r'''
import hashlib, json, logging, os, sys, traceback
from pathlib import Path
tree, jobs, out = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, tree)
os.chdir(tree)
logging.disable(logging.CRITICAL)
import pyomo.environ  # registers Pyomo's LP writer
import pyomo.core as pyo
import model
if not os.path.abspath(model.__file__).startswith(os.path.abspath(tree) + os.sep):
    sys.exit(f"imported model from {model.__file__}, not from {tree}")
from model.io import reader
from model.formulation.model import create_model
from model.formulation import modes


def read(path):
    """(name, ModelData) of the base and of every scenario of its scenarios sheet."""
    if hasattr(reader, "read_input"):
        found = reader.read_input(path)
        return [("base", found.data)] + [(f"scenario-{k}", d) for k, d in found.scenarios.items()]
    return [("base", reader.read_workbook(path))]


def compile_lp(m):
    try:
        from model.solver.highs import LpSolver
        solver = LpSolver()
        lp = solver.compile(m) if hasattr(solver, "compile") else None
    except ImportError:
        lp = None
    if lp is None:
        from model.solver.lp import HighsLp
        lp = HighsLp(m)
    lp.sync()
    return lp


def num(x):
    return repr(float(x))


def dump_highs(lp, m):
    """What HiGHS holds, then each objective's costs as HiGHS gets them when active."""
    h = lp.highs
    cols = [v.name for v in lp.variables]
    rows = [c.name for c in lp.constraints]
    L = h.getLp()
    lines = ["highs_lp 1", f"sense\t{L.sense_.name}\toffset\t{num(L.offset_)}"]
    lines.append(f"columns\t{L.num_col_}\trows\t{L.num_row_}\tnames\t{len(cols)}\t{len(rows)}")
    for j in range(L.num_col_):
        lines.append(
            f"col\t{cols[j]}\t{num(L.col_cost_[j])}\t{num(L.col_lower_[j])}\t{num(L.col_upper_[j])}"
        )
    a = L.a_matrix_
    start, index, value = list(a.start_), list(a.index_), list(a.value_)
    entries = [[] for _ in range(L.num_row_)]
    if a.format_.name == "kRowwise":
        for i in range(L.num_row_):
            entries[i] = [(index[k], value[k]) for k in range(start[i], start[i + 1])]
    else:
        for j in range(L.num_col_):
            for k in range(start[j], start[j + 1]):
                entries[index[k]].append((j, value[k]))
    for i in range(L.num_row_):
        terms = "\t".join(f"{cols[j]}\t{num(c)}" for j, c in entries[i])
        lines.append(f"row\t{rows[i]}\t{num(L.row_lower_[i])}\t{num(L.row_upper_[i])}\t{terms}")
    objectives = list(m.component_data_objects(pyo.Objective, active=None, descend_into=True))
    was = {id(o): o.active for o in objectives}
    try:
        for o in objectives:
            for other in objectives:
                other.deactivate()
            o.activate()
            lp.sync()
            L = h.getLp()
            lines.append(f"objective\t{o.name}\t{L.sense_.name}\t{num(L.offset_)}")
            for j in range(L.num_col_):
                if L.col_cost_[j]:
                    lines.append(f"cost\t{o.name}\t{cols[j]}\t{num(L.col_cost_[j])}")
    finally:
        for o in objectives:
            o.activate() if was[id(o)] else o.deactivate()
        lp.sync()
    return "\n".join(lines) + "\n"


def setups(m, data):
    yield "scenario"  # as create_model leaves it
    use = getattr(modes, "use_baseline", None)
    if use is None:
        raise RuntimeError("model.formulation.modes.use_baseline is missing")
    import inspect
    if "flows" in inspect.signature(use).parameters:  # the switches take the time model
        from model.data.time_model import time_model
        use(m, time_model(data))
    else:
        use(m, data)
    yield "baseline"


def one(case, folder):
    files = {}
    for label, data in read(case["path"]):
        m = create_model(data)
        lp = compile_lp(m)
        for setup in setups(m, data):
            lp.sync()
            stem = f"{label}.{setup}"
            text = dump_highs(lp, m)
            path = folder / f"{stem}.highs.txt"
            path.write_text(text)
            files[f"{stem}.highs.txt"] = hashlib.sha256(text.encode()).hexdigest()
            path = folder / f"{stem}.pyomo.lp"
            m.write(str(path), format="lp", io_options={"symbolic_solver_labels": True})
            files[f"{stem}.pyomo.lp"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


for case in json.loads(Path(jobs).read_text()):
    folder = Path(out) / case["name"]
    folder.mkdir(parents=True, exist_ok=True)
    record = {"name": case["name"], "fingerprint": case["fingerprint"]}
    try:
        record["files"] = one(case, folder)
    except Exception as e:
        record["error"] = f"{type(e).__name__}: {e}".replace(out, "OUT")
        record["traceback"] = traceback.format_exc()
    (folder / "record.json").write_text(json.dumps(record, indent=1))
'''


@dataclass
class Case:
    name: str
    path: Path
    fingerprint: str  # the workbook's content (its zip members but the timestamps)


# --- the corpus ---------------------------------------------------------------------------
def _helpers(tree: Path):
    """The tree's tests/helpers/workbooks.py (flat in tests/ in older trees), loaded by
    path: it needs only openpyxl, so the corpus does not depend on `model/` importing."""
    for path in (tree / "tests" / "helpers" / "workbooks.py", tree / "tests" / "workbooks.py"):
        if path.exists():
            spec = importlib.util.spec_from_file_location("_same_lp_workbooks", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    raise SystemExit(f"no tests/helpers/workbooks.py in {tree}")


def fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            if not name.startswith("docProps/"):  # created/modified times
                digest.update(name.encode() + b"\0" + z.read(name) + b"\0")
    return digest.hexdigest()


def _set_settings(source: Path, target: Path, changes: dict[str, object]) -> Path:
    """A copy of a workbook with settings changed (value None: the setting removed)."""
    import openpyxl

    book = openpyxl.load_workbook(source)
    ws = book["settings"]
    header = [c.value for c in ws[1]]
    key, value = header.index("setting") + 1, header.index("value") + 1
    for row in range(ws.max_row, 1, -1):
        name = ws.cell(row, key).value
        if name in changes:
            ws.delete_rows(row)
    for name, new in changes.items():
        if new is not None:
            ws.append({key: name, value: new})
    book.save(target)
    return target


def corpus(tree: Path, folder: Path, count: int) -> list[Case]:
    """`count` cases: the shipped examples and their variants first, then generated ones."""
    wb = _helpers(tree)
    paths: list[tuple[str, Path]] = []
    default, pathway = tree / "inputs" / "portfolio.xlsx", tree / "inputs" / "nl_pathway.xlsx"
    fixed = [
        ("default", lambda p: shutil.copyfile(default, p)),
        ("nl_pathway", lambda p: shutil.copyfile(pathway, p)),
        (
            "default_min_cost",
            lambda p: _set_settings(
                default, p, {"objective": "min_cost", "reduction_target": 0.2, "budget_eur": None}
            ),
        ),
        ("default_no_budget", lambda p: _set_settings(default, p, {"budget_eur": None})),
        (
            "nl_pathway_min_cost",
            lambda p: _set_settings(pathway, p, {"objective": "min_cost", "reduction_target": 0.3}),
        ),
        ("tiny", lambda p: wb.write_clean(p, wb.tiny_rows())),
        ("tiny_budget", lambda p: wb.write_clean(p, wb.tiny_rows(budget_eur=60))),
    ]

    def tiny_pathway(lifetime, last, **settings):
        rows = wb.tiny_rows(first_year=2025, last_year=last, **settings)
        rows["groups"][0].update(lifetime_years=lifetime, lifetime_shape=2.0)
        return rows

    fixed += [
        ("tiny_pathway", lambda p: wb.write_clean(p, tiny_pathway(8, 2030))),
        ("tiny_pathway_budget", lambda p: wb.write_clean(p, tiny_pathway(3, 2027, budget_eur=60))),
    ]
    for name, make in fixed[:count]:
        make(folder / f"{name}.xlsx")
        paths.append((name, folder / f"{name}.xlsx"))
    k = 0
    while len(paths) < count:
        batch = [(f"random_{k}", lambda s=k: wb.random_rows(s))]
        if hasattr(wb, "random_pathway_rows"):
            batch.append((f"pathway_{k}", lambda s=k: wb.random_pathway_rows(s)))
        if k % 10 == 0:
            batch.append((f"large_{100 + k}", lambda s=100 + k: wb.random_rows(s, groups=40)))
        for name, rows in batch[: count - len(paths)]:
            paths.append((name, wb.write_clean(folder / f"{name}.xlsx", rows())))
        k += 1
    return [Case(name, path, fingerprint(path)) for name, path in paths]


# --- running the trees ---------------------------------------------------------------------
def git(*args: str, cwd: Path = ROOT) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def versions() -> dict[str, str]:
    from importlib.metadata import version

    return {
        "python": sys.version.split()[0],
        **{name: version(name) for name in ("pyomo", "highspy", "openpyxl")},
    }


def batches(cases: list[Case], n: int) -> list[list[Case]]:
    """Round robin (the corpus mixes sizes), at most n batches, none empty."""
    return [b for b in (cases[i::n] for i in range(n)) if b]


def run_batch(tree: Path, cases: list[Case], out: Path, work: Path, seed: str) -> str | None:
    """One subprocess of `tree` over `cases`; None, or what went wrong with the process."""
    work.mkdir(parents=True, exist_ok=True)
    jobs = work / f"jobs-{os.getpid()}-{id(cases)}.json"
    jobs.write_text(
        json.dumps(
            [{"name": c.name, "path": str(c.path), "fingerprint": c.fingerprint} for c in cases]
        )
    )
    driver = work / "driver.py"
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, str(driver), str(tree), str(jobs), str(out)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        return f"exit status {done.returncode}: {done.stderr.strip()[-2000:]}"
    return None


def records(out: Path, cases: list[Case]) -> dict[str, dict]:
    found = {}
    for case in cases:
        path = out / case.name / "record.json"
        if path.exists():
            record = json.loads(path.read_text())
            if record.get("fingerprint") == case.fingerprint:
                found[case.name] = record
    return found


# --- comparing -----------------------------------------------------------------------------
def _keyed(lines: list[str], lp_file: bool) -> dict[tuple, str]:
    """Each line of a dump by what it describes: (kind, name) of a highs dump line; a
    Pyomo LP file by its labelled blocks and its bounds lines."""
    out: dict[tuple, str] = {}
    if not lp_file:
        for line in lines:
            fields = line.split("\t")
            key = tuple(fields[:3]) if fields[0] == "cost" else tuple(fields[:2])
            out[key] = line
        return out
    label, section = "head", "head"
    for line in lines:
        stripped = line.strip()
        if stripped in ("bounds", "end", "s.t.", "subject to", "min", "max"):
            section = label = stripped
            continue
        if section == "bounds":
            names = [n for n in re.findall(r"[A-Za-z_][^\s<>=]*", stripped) if n != "inf"]
            out[("bound", names[0] if names else stripped)] = line
        elif re.fullmatch(r"\S+:", stripped):
            label = stripped[:-1]
            out[("block", label)] = line
        else:
            key = ("block", label)
            out[key] = out.get(key, "") + "\n" + line
    return out


def diagnose(a: Path, b: Path, show: int) -> list[str]:
    """The first differing lines of two dumps and which columns/rows/blocks differ."""
    left, right = a.read_text().splitlines(), b.read_text().splitlines()
    out = []
    first = next(
        (i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y),
        min(len(left), len(right)),
    )
    out.append(f"first difference at line {first + 1} ({len(left)} vs {len(right)} lines):")
    window = slice(first, first + 50 * show)
    shown = []  # base and new lines of each change, in pairs
    matcher = difflib.SequenceMatcher(None, left[window], right[window], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            for x, y in zip_longest(left[window][i1:i2], right[window][j1:j2]):
                shown += [("base", x)] if x is not None else []
                shown += [("new ", y)] if y is not None else []
    for side, line in shown[:show]:
        out.append(f"  {side} {line[:200]}")
    ka, kb = _keyed(left, a.suffix == ".lp"), _keyed(right, a.suffix == ".lp")
    for what, keys in (
        ("only in base", [k for k in ka if k not in kb]),
        ("only in new", [k for k in kb if k not in ka]),
        ("changed", [k for k in ka if k in kb and ka[k] != kb[k]]),
    ):
        if keys:
            kinds: dict[str, int] = {}
            for k in keys:
                kinds[k[0]] = kinds.get(k[0], 0) + 1
            counts = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
            names = ", ".join(" ".join(k[1:]) for k in keys[:show])
            out.append(f"  {what}: {counts}: {names}{' …' if len(keys) > show else ''}")
    common = [k for k in ka if k in kb]
    if common and not any(ka[k] != kb[k] for k in common) and common != [k for k in kb if k in ka]:
        out.append("  the same lines in another order")
    return out


def compare(
    case: Case, old: dict | None, new: dict | None, base_out: Path, new_out: Path, show: int
) -> list[str]:
    if old is None or new is None:
        return [f"no record from the {'base' if old is None else 'new'} tree"]
    if "error" in old or "error" in new:
        if old.get("error") == new.get("error"):
            return []
        return [
            f"base: {old.get('error', 'built')}",
            f"new: {new.get('error', 'built')}",
            *(
                f"  {line}"
                for line in (new.get("traceback") or old.get("traceback") or "").splitlines()[-6:]
            ),
        ]
    problems = []
    fa, fb = old["files"], new["files"]
    diagnosed = 0
    for name in [*fa, *(k for k in fb if k not in fa)]:
        if name not in fa or name not in fb:
            problems.append(f"{name}: written by the {'base' if name in fa else 'new'} tree only")
        elif fa[name] != fb[name]:
            problems.append(f"{name} differs")
            if diagnosed < 2:  # the first two files in detail; the rest by name
                diagnosed += 1
                problems += [
                    f"  {line}"
                    for line in diagnose(
                        base_out / case.name / name, new_out / case.name / name, show
                    )
                ]
    return problems


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", required=True, help="the git revision to compare against")
    p.add_argument("--head", help="a git revision in place of the working tree")
    p.add_argument("--cases", type=int, default=300, help="cases in the corpus (default 300)")
    p.add_argument("--jobs", type=int, default=2, help="subprocesses at a time (default 2)")
    p.add_argument("--keep", type=Path, help="keep (and reuse) the base's dumps in this folder")
    p.add_argument("--hash-seed", default="0", help="PYTHONHASHSEED of both trees (default 0)")
    p.add_argument("--show", type=int, default=6, help="lines and names shown per difference")
    args = p.parse_args()
    started = time.perf_counter()
    base_sha = git("rev-parse", "--verify", f"{args.base}^{{commit}}")
    head_sha = git("rev-parse", "--verify", f"{args.head}^{{commit}}") if args.head else None
    with tempfile.TemporaryDirectory(prefix="same_lp-") as tmp:
        tmp = Path(tmp)
        (tmp / "work").mkdir()
        (tmp / "work" / "driver.py").write_text(DRIVER)
        trees: list[Path] = []

        def worktree(sha: str, name: str) -> Path:
            path = tmp / name
            git("worktree", "add", "--detach", str(path), sha)
            trees.append(path)
            return path

        try:
            new_tree = worktree(head_sha, "head") if head_sha else ROOT
            (tmp / "corpus").mkdir()
            cases = corpus(new_tree, tmp / "corpus", args.cases)
            made = time.perf_counter()
            key = hashlib.sha256(
                json.dumps([DRIVER, versions(), args.hash_seed]).encode()
            ).hexdigest()[:10]
            base_out = (args.keep / f"{base_sha[:12]}-{key}") if args.keep else tmp / "out-base"
            new_out = tmp / "out-new"
            cached = records(base_out, cases) if args.keep else {}
            todo = [c for c in cases if c.name not in cached]
            tasks = []
            if todo:
                base_tree = worktree(base_sha, "base")
                for batch in batches(todo, args.jobs):
                    tasks.append(("base", base_tree, batch, base_out))
            for batch in batches(cases, args.jobs):
                tasks.append(("new", new_tree, batch, new_out))
            with ThreadPoolExecutor(args.jobs) as pool:
                failures = list(
                    pool.map(
                        lambda t: (t[0], run_batch(t[1], t[2], t[3], tmp / "work", args.hash_seed)),
                        tasks,
                    )
                )
        finally:
            for path in trees:
                subprocess.run(
                    ["git", "worktree", "remove", "--force", str(path)],
                    cwd=ROOT,
                    capture_output=True,
                )
        failed = [(side, why) for side, why in failures if why]
        for side, why in failed:
            print(f"the {side} tree could not run: {why}")
        if failed:
            if any(side == "new" for side, _ in failed) and not head_sha:
                print("(the working tree does not import? compare two commits: --head REV)")
            return 2
        old, new = records(base_out, cases), records(new_out, cases)
        bad, both_fail, files, files_bad = 0, 0, 0, 0
        for case in cases:
            problems = compare(
                case, old.get(case.name), new.get(case.name), base_out, new_out, args.show
            )
            if problems:
                bad += 1
                print(f"{case.name}: DIFFERENT")
                for line in problems:
                    print(f"  {line}")
            elif "error" in new.get(case.name, {}):
                both_fail += 1
            if "files" in old.get(case.name, {}) and "files" in new.get(case.name, {}):
                fa, fb = old[case.name]["files"], new[case.name]["files"]
                files += len(set(fa) & set(fb))
                files_bad += sum(fa[k] != fb[k] for k in set(fa) & set(fb))
        head_name = f"{head_sha[:12]}" if head_sha else "the working tree"
        print(
            f"base {base_sha[:12]} ({len(cached)} cases from --keep) vs {head_name}: "
            f"{files} LP files compared, {files_bad} differ; corpus {made - started:.1f} s, "
            f"total {time.perf_counter() - started:.1f} s"
        )
        if both_fail:
            print(f"{both_fail} cases fail to build in both trees with the same error")
        print(f"{len(cases)} cases, {len(cases) - bad} identical, {bad} differ")
        return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
