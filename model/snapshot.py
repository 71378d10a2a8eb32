"""The values of one solved portfolio, copied out of the model into plain dicts.

One Pyomo model serves the baseline, the scenario, the budget range and the trade-off
curve in turn, so each result is copied out as soon as it is solved. The derived
quantities (Gross_m, Sec_m, P_m, totals) are computed here from the variables and the
data with the model's own sparse lookups, not by evaluating Pyomo expressions.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyomo.core as pyo

from model.data import ModelData


@dataclass(frozen=True)
class Snapshot:
    activity: dict[str, float]  # x_s
    new: dict[str, float]  # N_g
    secondary: dict[str, float]  # U_m
    gross: dict[str, float]  # Gross_m
    supply: dict[str, float]  # Sec_m
    primary: dict[str, float]  # P_m
    weighted: float  # Σ omega_m P_m
    cost: float  # Σ c_s x_s


def _value(var) -> float:
    value = var.value
    return 0.0 if value is None or abs(value) < 1e-9 else float(value)


def take(model: pyo.ConcreteModel, data: ModelData) -> Snapshot:
    ix = model.lookup
    x = {s: _value(v) for s, v in model.Activity.items()}
    new = {g: _value(v) for g, v in model.NewPurchases.items()}
    secondary = {m: _value(v) for m, v in model.SecondaryUse.items()}
    gross = {m: sum(w * new[g] for g, w in ix.composition_of[m]) for m in data.materials}
    supply = {m: sum(c * x[s] for s, c in ix.supply_of[m]) for m in data.materials}
    primary = {m: gross[m] - secondary[m] for m in data.materials}
    return Snapshot(
        activity=x,
        new=new,
        secondary=secondary,
        gross=gross,
        supply=supply,
        primary=primary,
        weighted=sum(data.weight[m] * primary[m] for m in data.materials),
        cost=sum(data.cost_eur_per_t[s] * x[s] for s in data.measures),
    )
