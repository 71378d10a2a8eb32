"""The time model of a ModelData: one representative year or a pathway's cohorts."""

from __future__ import annotations

from model.data.cohorts import Cohorts
from model.data.flows import Flows
from model.data.model_data import ModelData
from model.data.steady import SteadyState


def time_model(data: ModelData) -> Flows:
    """The flows of `data`'s model: `Cohorts` over a pathway's years, else the steady
    state of one year; one per ModelData (it remembers what it worked out)."""
    return data.flows


def make_time_model(data: ModelData) -> Flows:
    return SteadyState(data) if data.pathway is None else Cohorts(data)
