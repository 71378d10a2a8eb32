"""An item named on another sheet (scenarios, uncertainty, paths): the key of the row
it names, checked against the base workbook and located where it is written."""

from __future__ import annotations

import difflib

from model import schema
from model.io.cells import is_blank
from model.io.sheets import Row, is_invalid


def item_key(
    reader, row: Row, sheet: schema.Sheet, col: schema.Column, sheets, on: str = "scenarios"
) -> tuple | None:
    """The item of a row of sheet `on` as the key of the row it names, checked against
    the base workbook."""
    item = row["item"]
    text = "" if item is None or is_invalid(item) or is_blank(item) else str(item).strip()
    where = {"sheet": on, "row": row.number, "column": "item"}
    if sheet.name == "settings":
        if text:
            reader.problem(f"settings.{col.name} has no item; leave it blank", **where)
            return None
        return (col.name,)
    parts = tuple(part.strip() for part in text.split("/")) if text else ()
    if len(parts) != len(sheet.key) or not all(parts):
        form = "/".join(sheet.key)
        reader.problem(
            f"{sheet.name}.{col.name} needs the item as {form}, got {text or 'a blank'}",
            **where,
        )
        return None
    for part, key_column in zip(parts, sheet.key, strict=True):
        owner = sheet.column(key_column).refers_to or sheet.name
        known = {str(r[schema.SHEETS_BY_NAME[owner].key[0]]) for r in sheets.get(owner, [])}
        if part not in known:
            close = difflib.get_close_matches(part, sorted(known), n=1)
            hint = f'; did you mean "{close[0]}"?' if close else ""
            reader.problem(f'unknown item "{part}": it is not on the {owner} sheet{hint}', **where)
            return None
    return parts
