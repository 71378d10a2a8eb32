"""Former entry points of a pathway's results, kept while their callers move to the one
results path: `model.results.tables.build_tables` and
`model.results.overview.terminal_summary` serve one year and a pathway alike."""

from __future__ import annotations

from model.results.overview import terminal_summary
from model.results.tables import build_tables as build_pathway_tables

__all__ = ["build_pathway_tables", "terminal_lines"]


def terminal_lines(_data, tables, path) -> str:
    return terminal_summary(tables, path)
