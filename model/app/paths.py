"""Where a run's workbooks go, and the paths it refuses before any work: the input
workbook, something that is not a regular file, an existing template, and one file
that two workbooks of the same run would be written to (`Plan`: every file a run
writes, checked as a whole once the input has been read, before anything is solved)."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from model.errors import Problem, RefusedPathError
from model.io.files import file_name, lock_path

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


def output_for(
    output: Path | None, scenario: str, suffix: str = "", *, beside: bool = True
) -> Path:
    """Where a workbook goes: `output` (--output, with .xlsx added where it has no
    extension; with `suffix` before .xlsx when the workbook is written `beside` it, else
    `output` itself), or
    outputs/<scenario><suffix>.xlsx. `Plan.check` refuses it if it would lose a file."""
    if output is not None:
        given = Path(output)
        if not given.suffix:  # "--output results/run1": a workbook Excel opens, run1.xlsx
            given = given.with_name(f"{given.name}.xlsx")
        if suffix and beside:
            given = given.with_name(f"{given.stem}{suffix}{given.suffix}")
        return shown(given)
    return shown(DEFAULT_OUTPUT_DIR / f"{file_name(scenario)}{suffix}.xlsx")


@dataclass
class Plan:
    """Every file a run will write, known once the input is read and checked before
    anything is solved: the result workbooks by scenario name (the base first), the
    comparison, the uncertainty workbook, the diagnosis. `keep`: written to the default
    paths, where an earlier result is kept and a lock file is taken beside each."""

    source: Path
    results: dict[str, Path] = field(default_factory=dict)
    base: str | None = None  # the base's name among `results`, when scenarios run too
    comparison: Path | None = None
    uncertainty: Path | None = None
    diagnose: Path | None = None
    keep: bool = True

    def files(self) -> list[tuple[str, Path]]:
        """(what it is, where it goes) for every workbook of the run, in writing order."""
        out = []
        for name, path in self.results.items():
            if self.base is None:
                what = "the result workbook"
            elif name == self.base:
                what = "the base's result"
            else:
                what = f"the result of scenario {name}"
            out.append((what, path))
        if self.comparison is not None:
            out.append(("the comparison workbook", self.comparison))
        if self.uncertainty is not None:
            out.append(("the uncertainty workbook", self.uncertainty))
        if self.diagnose is not None:
            out.append(("the diagnosis workbook (--diagnose)", self.diagnose))
        return out

    def check(self) -> None:
        """Refuse the whole run, before any work, if any file it writes is the input
        workbook (by any spelling: a link, a case-insensitive file system), is not a
        regular file, or is also written by another workbook of the run (two names
        that differ only in case are one file on Windows and macOS)."""
        problems = []
        files = self.files()
        for what, path in files:
            written = [path] + ([lock_path(path)] if self.keep and what != _DIAGNOSIS else [])
            if any(_same_file(Path(each), Path(self.source)) for each in written):
                problems.append(
                    Problem(
                        str(path),
                        f"{what} would be written over the input workbook; the tool never "
                        "overwrites its input. Choose another --output, or give the input "
                        "workbook another name",
                    )
                )
                continue
            why = refused(Path(path), what, [])
            if why:
                problems.append(Problem(str(path), why))
        by_file: dict[str, list[tuple[str, Path]]] = {}
        for what, path in files:
            by_file.setdefault(_file_key(Path(path)), []).append((what, path))
        for same in by_file.values():
            if len(same) > 1:
                names = [what for what, _ in same]
                listed = ", ".join(names[:-1]) + " and " + names[-1]
                problems.append(
                    Problem(
                        str(same[0][1]),
                        f"{listed} would all be written to this one file; one would replace "
                        "the other. Choose another --output, or rename a scenario",
                    )
                )
        _raise(problems)


_DIAGNOSIS = "the diagnosis workbook (--diagnose)"


def _file_key(path: Path) -> str:
    """One key for every spelling of one file: links resolved, case ignored (so that
    what is one file on Windows and macOS is one here too)."""
    try:
        resolved = path.resolve()
    except OSError:
        resolved = path.absolute()
    return os.path.normcase(str(resolved)).casefold()
