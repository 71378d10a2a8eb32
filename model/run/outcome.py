"""What one run among many gives back, as plain values: a scenario's `Outcome` (its
Solution, or why it has none) and an ensemble sample's `SampleResult`. No Pyomo and no
solver: the result tables read them in a process that never solved (a Dask client
gathering an ensemble), so importing this module loads neither."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from model.errors import InputError, PortfolioError

if TYPE_CHECKING:
    from model.data.model_data import ModelData
    from model.run.solution import Solution

STATUS = {3: "infeasible", 2: "bad baseline", 4: "solver failure"}  # by exit status


@dataclass
class Outcome:
    """One scenario's run: its solution, or its status and why there is none (and the
    error that said so, raised again if no scenario has a portfolio)."""

    name: str  # as the scenarios sheet names it; the base: its settings' scenario
    data: ModelData
    solution: Solution | None = None
    status: str = "optimal"  # optimal | infeasible | bad baseline | solver failure
    why: str = ""
    error: PortfolioError | None = field(default=None, repr=False)

    @classmethod
    def failed(cls, name: str, data: ModelData, error: PortfolioError) -> Outcome:
        """A scenario without a portfolio: an impossible current practice (bad baseline,
        its problems' messages), an infeasible scenario or a solver failure."""
        if isinstance(error, InputError):
            why = "; ".join(problem.message for problem in error.problems)
        else:
            why = str(error)
        return cls(name, data, status=STATUS[error.exit_status], why=why, error=error)


@dataclass
class SampleResult:
    """One sample of an ensemble, re-optimised and with the base portfolio held under it."""

    index: int
    status: str  # optimal | infeasible | invalid | bad baseline | solver failure
    why: str = ""  # for a sample without a portfolio: the first limit the diagnosis names
    reduction_pct: float | None = None  # re-optimised, against the sample's own baseline
    cost_eur: float | None = None
    objective: float | None = None
    activity: dict[str, float] = field(default_factory=dict)
    held_feasible: bool | None = None  # the base optimum's portfolio under this sample
    held_reduction_pct: float | None = None
    held_cost_eur: float | None = None
    regret: float | None = None  # min_primary: reduction points lost; min_cost: € more
    # a pathway: the re-optimised cut in each year, against that year's own baseline
    reduction_by_year: dict[int, float] = field(default_factory=dict)
