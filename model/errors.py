"""Errors the command line turns into exit statuses, and the located problem line."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_SOLVER = 4
EXIT_WRITE = 5
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT), as a shell reports it


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as file › sheet › row › column."""

    file: str
    message: str
    sheet: str | None = None
    row: int | str | None = None  # an Excel row number, or text such as "rows 2, 5"
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(self.sheet)
        if self.row is not None:
            parts.append(f"row {self.row}" if isinstance(self.row, int) else str(self.row))
        if self.column:
            parts.append(self.column)
        return " › ".join(parts) + ": " + self.message


class PortfolioError(Exception):
    """Base class: an error with an exit status and a message for the user."""

    exit_status = 1


class InputError(PortfolioError):
    """The input cannot be used; carries every problem found."""

    exit_status = EXIT_BAD_INPUT

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InfeasibleError(PortfolioError):
    """The limits conflict; the message names them in the workbook's terms, and
    `diagnosis` (a model.diagnose.Diagnosis) lists them one by one."""

    exit_status = EXIT_INFEASIBLE

    def __init__(self, message: str, diagnosis: object = None):
        super().__init__(message)
        self.diagnosis = diagnosis


class SolverError(PortfolioError):
    """The solver failed or hit its time limit."""

    exit_status = EXIT_SOLVER


class UndecidedError(SolverError):
    """The solver stopped with neither an optimum nor a proof of infeasibility."""


class WriteError(PortfolioError):
    """The result workbook could not be written."""

    exit_status = EXIT_WRITE


class RefusedPathError(WriteError):
    """A path the tool will not write: the input workbook, something that is not a
    regular file, an existing template. Checked before any work is done."""


def with_notes(exc: PortfolioError, lines: list[str]) -> PortfolioError:
    """`exc` with `lines` the user reads before its message (where the diagnosis was
    written, the other scenarios that failed too): Python's exception notes, kept in
    `__notes__` as `add_note` does (which Python 3.10 lacks)."""
    exc.__notes__ = [*getattr(exc, "__notes__", []), *lines]
    return exc
