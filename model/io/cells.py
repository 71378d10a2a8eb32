"""Turn one cell as a person typed it into a Python value, or say why it cannot be.

Every function here takes the raw value openpyxl gives (number, text, bool, date or
None) and returns the parsed value, or raises `CellError` with a message that quotes
the cell. Blank cells come back as None; the caller applies the default.
"""

from __future__ import annotations

import datetime as dt
import math
import re

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_GROUPED_COMMA = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234,567.5
_GROUPED_DOT = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567,5
_PLAIN = re.compile(r"^\d*([.,]\d*)?$")
_SCIENTIFIC = re.compile(r"^\d+([.,]\d+)?[eE][+-]?\d+$")  # 1.5e6
_EXCEL_ERRORS = (
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
)
_YES = {"yes", "y", "true", "1", "ja", "j", "x"}
_NO = {"no", "n", "false", "0", "nee", ""}


class CellError(ValueError):
    """A cell whose content cannot be used; the message says why."""


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and _SPACES.sub("", raw) == "")


def _quote(raw: object) -> str:
    text = str(raw)
    if len(text) > 40:
        text = text[:37] + "..."
    return f'"{text}"'


def _check_error_code(raw: object) -> None:
    if isinstance(raw, str) and raw.strip().upper() in _EXCEL_ERRORS:
        raise CellError(
            f"the cell holds the spreadsheet error {raw.strip()}; "
            "correct the formula or type a value"
        )


def parse_number(raw: object) -> float | None:
    """A finite number from a number, or from text such as '0.35', '0,35', '35%',
    '1 234,5' or '1,234.5'. Ambiguous text such as '1,350' is refused."""
    if is_blank(raw):
        return None
    _check_error_code(raw)
    if isinstance(raw, bool):
        raise CellError(f"must be a number, got the logical value {raw}")
    if isinstance(raw, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        raise CellError(
            f"must be a number, got the date or time {_quote(raw)}; format the cell as a number"
        )
    if isinstance(raw, (int, float)):
        value = float(raw)
    elif isinstance(raw, str):
        value = _parse_number_text(raw)
    else:
        raise CellError(f"must be a number, got {_quote(raw)}")
    if not math.isfinite(value):
        raise CellError(f"must be a finite number, got {_quote(raw)}")
    return value


def _parse_number_text(raw: str) -> float:
    text = _SPACES.sub("", raw)
    scale = 1.0
    if text.endswith("%"):
        text, scale = text[:-1], 0.01
    sign = 1.0
    if text[:1] in "+-\u2212":
        sign = -1.0 if text[0] != "+" else 1.0
        text = text[1:]
    if _GROUPED_COMMA.match(text) and "." in text:
        text = text.replace(",", "")
    elif _GROUPED_DOT.match(text) and "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(",") > 1 and _GROUPED_COMMA.match(text):
        text = text.replace(",", "")
    elif text.count(".") > 1 and _GROUPED_DOT.match(text):
        text = text.replace(".", "")
    elif _SCIENTIFIC.match(text):
        text = text.replace(",", ".")
    elif _PLAIN.match(text) and text not in ("", ".", ","):
        whole, _, frac = text.replace(",", ".").partition(".")
        if len(frac) == 3 and whole not in ("", "0") and len(whole) <= 3:
            sep = "," if "," in text else "."
            raise CellError(
                f"is ambiguous: {_quote(raw)} could mean {whole}{frac} or "
                f"{whole}.{frac} depending on the locale; type the number without "
                f"a thousands separator, or as {whole}{'.' if sep == ',' else ','}"
                f"{frac}0 if it is a fraction"
            )
        text = text.replace(",", ".")
    else:
        lowered = text.lower()
        if lowered in ("nan", "inf", "infinity", "-inf"):
            raise CellError(f"must be a finite number, got {_quote(raw)}")
        raise CellError(f"must be a number, got {_quote(raw)}")
    return sign * float(text) * scale


def parse_name(raw: object) -> str | None:
    """A name: trimmed text (a number typed as a name counts as its text)."""
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        raise CellError(f"must be a name, got the logical value {raw}")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return clean_text(str(raw)).strip()


def parse_text(raw: object) -> str | None:
    if is_blank(raw):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return clean_text(str(raw)).strip()


def parse_choice(raw: object, choices: tuple[str, ...]) -> str | None:
    text = parse_text(raw)
    if text is None:
        return None
    key = text.lower().replace(" ", "_").replace("-", "_")
    if key not in choices:
        raise CellError(f"must be one of {', '.join(choices)}, got {_quote(raw)}")
    return key


def parse_yesno(raw: object) -> bool | None:
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(f"must be yes or no, got {_quote(raw)}")


def clean_text(text: str) -> str:
    """Remove control characters (tabs and line breaks become spaces)."""
    return _CONTROL.sub(" ", text)
