"""The time model of a ModelData: one representative year or a pathway's cohorts."""

from __future__ import annotations

from model.data.cohorts import Cohorts
from model.data.flows import Flows
from model.data.model_data import ModelData
from model.data.steady import SteadyState


def time_model(data: ModelData) -> Flows:
    """The flows of `data`'s model: `Cohorts` over a pathway's years, else the steady
    state of one year; made once per ModelData and kept beside it (it remembers what it
    worked out; a changed copy of the data gets its own)."""
    known = data.__dict__.get("_flows")
    if known is None:
        known = SteadyState(data) if data.pathway is None else Cohorts(data)
        object.__setattr__(data, "_flows", known)  # a cache, not a field of the data
    return known
