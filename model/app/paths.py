"""Where a run's workbooks go, and the paths it refuses before any work: the input
workbook, something that is not a regular file, an existing template."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from model.errors import Problem, RefusedPathError

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_OUTPUT_DIR = ROOT / "outputs"


def shown(path: Path) -> Path:
    """A path as the user reads it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def refused(path: Path, option: str, inputs: list[Path]) -> str | None:
    """Why writing `path` (given as `option`) would lose something, or None."""
    for source in inputs:
        if _same_file(path, source):
            return (
                f"{option} names the input workbook; the tool never overwrites its input. "
                "Choose another path"
            )
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{option} cannot be used: {exc.strerror}"
    if stat.S_ISDIR(mode):
        return (
            f"{option} is a folder, not a file: cannot write a workbook there; add a file "
            "name such as result.xlsx"
        )
    if not stat.S_ISREG(mode):
        return (
            f"{option} is not a regular file (a device, a pipe or a socket): cannot write "
            "a workbook there; the tool writes to files only. Choose another path"
        )
    return None


def check_paths(
    source: Path,
    *,
    output: Path | None = None,
    diagnose: Path | None = None,
    template: Path | None = None,
    force: bool = False,
) -> None:
    """Refuse, before any work, every path whose writing would lose a user's file: the
    input named as --output or --diagnose, a path that is not a regular file, an
    existing --template without --force."""
    problems = []
    if template is not None:
        why = refused(template, "--template", [])
        if why is None and template.exists() and not force:
            why = (
                "--template names a file that exists; the tool does not replace it. "
                "Choose a new name, or add --force to replace it"
            )
        if why:
            problems.append(Problem(str(template), why))
        return _raise(problems)
    for option, value in (("--output", output), ("--diagnose", diagnose)):
        if value is not None:
            why = refused(value, option, [source])
            if why:
                problems.append(Problem(str(value), why))
    both = output is not None and diagnose is not None
    if both and output.resolve() == diagnose.resolve():
        problems.append(Problem(str(diagnose), "--diagnose and --output name one file"))
    return _raise(problems)


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise RefusedPathError("\n  ".join(str(problem) for problem in problems))


def file_name(scenario: str) -> str:
    """A scenario's name as a file name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", scenario).strip("._") or "result"


def output_for(
    source: Path, output: Path | None, scenario: str, suffix: str = "", *, beside: bool = True
) -> Path:
    """Where a workbook goes: `output` (--output; with `suffix` before .xlsx when the
    workbook is written `beside` it, else `output` itself), or
    outputs/<scenario><suffix>.xlsx; the default path is checked as a given one is."""
    if output is not None:
        given = Path(output)
        if suffix and beside:
            given = given.with_name(f"{given.stem}{suffix}{given.suffix}")
        return shown(given)
    path = shown(DEFAULT_OUTPUT_DIR / f"{file_name(scenario)}{suffix}.xlsx")
    why = refused(Path(path), "the result path", [Path(source)])
    if why:
        raise RefusedPathError(str(Problem(str(path), why)))
    return path
