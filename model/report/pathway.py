"""Former entry point of a pathway's workbook, kept while its caller moves to the one
report path: `model.report.workbook.build_workbook` writes one year's and a pathway's."""

from __future__ import annotations

from model.report.workbook import build_workbook as build_pathway_workbook

__all__ = ["build_pathway_workbook"]
