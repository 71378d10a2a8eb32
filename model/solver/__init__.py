"""The compiled HiGHS model kept in step with the Pyomo model (`lp`), and solves with
their statuses, duals and reduced costs as plain values (`highs`)."""
