"""Run the base and every scenario; a scenario that has no feasible portfolio (or whose
current practice is impossible, or whose solver failed) is an outcome that says why,
not the end of the run."""

from __future__ import annotations

from dataclasses import dataclass

from model.data.model_data import ModelData
from model.errors import InputError, PortfolioError
from model.run.optimise import optimise
from model.run.solution import Solution


@dataclass
class Outcome:
    """One scenario's run: its solution, or why there is none."""

    name: str  # as the scenarios sheet names it; the base: its settings' scenario
    data: ModelData
    solution: Solution | None = None
    status: str = "optimal"  # optimal | infeasible | bad baseline | solver failure
    why: str = ""


def run_all(runs: list[tuple[str, ModelData]], **options) -> list[Outcome]:
    """Each (name, data) solved with `optimise(data, **options)`, in order."""
    out = []
    for name, data in runs:
        try:
            out.append(Outcome(name, data, optimise(data, **options)))
        except InputError as exc:  # the scenario's current practice is impossible
            why = "; ".join(problem.message for problem in exc.problems)
            out.append(Outcome(name, data, status="bad baseline", why=why))
        except PortfolioError as exc:
            status = "infeasible" if exc.exit_status == 3 else "solver failure"
            out.append(Outcome(name, data, status=status, why=str(exc)))
    return out
