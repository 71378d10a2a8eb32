"""Runs of the model: `optimise` (a session: baseline, scenario, tie rule), `driver` (what
each kind of run asks of it: the budget range, the trade-off curve, the reduced costs a
degenerate optimum leaves open, and `diagnose`, infeasibility in the user's words), and
their result, a `Solution` of plain, picklable values (`solution`, which loads no Pyomo)."""
