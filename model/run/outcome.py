"""What one run among many gives back, as plain values: an ensemble sample's
`SampleResult`. No Pyomo and no solver: the result tables read it in a process that
never solved (a Dask client gathering an ensemble), so importing this module loads
neither."""

from __future__ import annotations

from dataclasses import dataclass, field


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
