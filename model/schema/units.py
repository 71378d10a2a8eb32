"""Tolerances, and money and tonnes written as an analyst writes them.

Shared by the result tables, the constraint families' names and the infeasibility
diagnosis, so that an amount reads the same everywhere ("€15.9 M", "7,200 t").
"""

from __future__ import annotations

import math

# An activity, slack or relaxation below this (in its own unit) is solver round-off.
TOL = 1e-6
# Recycling of at least this quality counts as high-grade (goal line 4).
HIGH_GRADE = 0.9


def eur(value: float, digits: int = 1, *, up: bool = False) -> str:
    """€ amounts as an analyst writes them: €950, €15.9 M, €1.2 B (`digits` after the
    decimal point for M and B). `up`: rounded up, never below the value (a budget that
    is "at least" enough: €11,949,474 is €12.0 M, not €11.9 M)."""

    def shown(amount: float, places: int) -> float:
        if not up:
            return amount
        scale = 10**places
        return math.ceil(amount * scale - 1e-9) / scale

    if abs(value) >= 1e9:
        return f"€{shown(value / 1e9, digits + 1):,.{digits + 1}f} B"
    if abs(value) >= 1e6:
        return f"€{shown(value / 1e6, digits):,.{digits}f} M"
    if abs(value) >= 1e4:
        return f"€{shown(value / 1e3, 0):,.0f} k"
    return f"€{shown(value, 0):,.0f}"


def tonnes(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f} t"
    return f"{value:,.3g} t"


def pct(fraction: float) -> str:
    return f"{100 * fraction:.4g} %"


def cut(percent: float, digits: str = ".1f") -> str:
    """A reduction given in percent, written as a change: 29.3 → "−29.3 %"; a value that
    shows as zero → "0.0 %" (never "−0.0 %"); a negative reduction, an increase →
    "+2.0 %"."""
    shown = float(format(percent, digits))
    if shown == 0:
        return f"{0.0:{digits}} %"
    return f"−{shown:{digits}} %" if shown > 0 else f"+{-shown:{digits}} %"


def spans(years: list[int]) -> str:
    """Sorted years as runs: 2031, 2032, 2033, 2036 → "2031–2033, 2036"."""
    out, start = [], None
    for i, t in enumerate(years):
        if start is None:
            start = t
        if i + 1 == len(years) or years[i + 1] != t + 1:
            out.append(str(start) if start == t else f"{start}–{t}")
            start = None
    return ", ".join(out)
