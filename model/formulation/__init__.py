"""ModelData → the linear program. `families` (what each constraint is, as plain data)
loads no Pyomo; `model` builds the Pyomo model from the families, `modes` switches it
between the solves of a run."""
