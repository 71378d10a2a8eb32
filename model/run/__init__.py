"""Runs of the model: `optimise` (baseline, scenario, tie rule, budget range, trade-off
curve), `diagnose` (infeasibility in the user's words), and their result, a `Solution`
of plain, picklable values (`solution`, which loads no Pyomo)."""
