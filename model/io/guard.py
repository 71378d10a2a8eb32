"""Look at a file before any spreadsheet parser does: refuse what is not a plain xlsx
workbook (zip bombs, XML with a DOCTYPE or entities, .xls, .ods, CSV, encrypted files,
empty files, random bytes) with a message that says what it is and what to do.

One streaming pass over the zip members, in bounded chunks, also tells whether any
worksheet holds a formula or an error cell (so the reader knows whether it needs its
slower typed pass). defusedxml is in force for openpyxl's own parsing as well.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl

MAX_FILE_BYTES = 200 * 2**20  # the .xlsx itself
MAX_UNPACKED_BYTES = 1 * 2**30  # all members together, unpacked
MAX_RATIO = 200  # unpacked / packed size of one large member
MAX_MEMBERS = 10_000
CHUNK = 1 << 20

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
SAVE_AS_XLSX = "open it in Excel or LibreOffice and save it as 'Excel 2007-365 (.xlsx)'"


class RefusedFileError(ValueError):
    """The file is not a workbook we may parse; the message says why and what to do."""


# Any r="…" attribute of a worksheet part: a cell (letters and digits) or a row (digits).
REFERENCE = re.compile(rb'\br="([A-Za-z]{0,3})(\d{1,9})"')


@dataclass(frozen=True)
class Inspection:
    special_cells: bool  # some worksheet holds a formula or an error cell
    dense_cells: int  # the largest sheet's rows × columns, as its cell references span
    merged_cells: bool = False  # some worksheet merges cells


def column_number(letters: bytes) -> int:
    """b"A" → 1, b"Z" → 26, b"AA" → 27, b"XFD" → 16384."""
    number = 0
    for char in letters.upper():
        number = number * 26 + (char - 64)
    return number


def inspect(path: Path) -> Inspection:
    """Raise RefusedFileError unless `path` is a plausible, safe xlsx workbook."""
    size = path.stat().st_size
    if size == 0:
        raise RefusedFileError(
            "the file is empty (0 bytes); choose the right file or save it again"
        )
    if size > MAX_FILE_BYTES:
        raise RefusedFileError(
            f"the file is {size / 2**20:,.0f} MiB, more than the "
            f"{MAX_FILE_BYTES / 2**20:,.0f} MiB this tool reads; remove what the "
            "model does not need (pictures, other sheets)"
        )
    with path.open("rb") as stream:
        head = stream.read(4096)
    if head.startswith(OLE2):
        with path.open("rb") as stream:
            encrypted = ENCRYPTED in stream.read(min(size, 4 * 2**20))
        if encrypted:
            raise RefusedFileError(
                "the workbook is password-protected (encrypted); remove the "
                "password in Excel or LibreOffice and save it again"
            )
        raise RefusedFileError(f"this is an old Excel 97-2003 (.xls) file; {SAVE_AS_XLSX}")
    if not head.startswith(b"PK\x03\x04"):
        raise RefusedFileError(_what_text_is(head))
    try:
        with zipfile.ZipFile(path) as archive:
            return _inspect_zip(archive)
    except zipfile.BadZipFile as exc:
        raise RefusedFileError(
            f"the file is a damaged zip archive ({exc}); {SAVE_AS_XLSX}"
        ) from exc


def _what_text_is(head: bytes) -> str:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return f"this is not an Excel workbook (unknown format); {SAVE_AS_XLSX}"
    if text.lstrip().startswith("<"):
        return f"this is an XML or HTML file, not an Excel workbook; {SAVE_AS_XLSX}"
    if any(sep in text for sep in (",", ";", "\t")):
        return f"this is a text (CSV) file, not an Excel workbook; {SAVE_AS_XLSX}"
    return f"this is a text file, not an Excel workbook; {SAVE_AS_XLSX}"


def _inspect_zip(archive: zipfile.ZipFile) -> Inspection:
    members = archive.infolist()
    names = {m.filename for m in members}
    if "mimetype" in names:
        kind = archive.read("mimetype")[:100]
        if b"opendocument.spreadsheet" in kind:
            raise RefusedFileError(f"this is an OpenDocument spreadsheet (.ods); {SAVE_AS_XLSX}")
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise RefusedFileError(f"this is a zip archive but not an Excel workbook; {SAVE_AS_XLSX}")
    if len(members) > MAX_MEMBERS:
        raise RefusedFileError(
            f"the workbook has {len(members):,} parts, more than {MAX_MEMBERS:,}: "
            "it is not an ordinary workbook"
        )
    declared = sum(m.file_size for m in members)
    if declared > MAX_UNPACKED_BYTES:
        raise RefusedFileError(_bomb(declared))
    for m in members:
        if m.file_size > 10 * 2**20 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise RefusedFileError(_bomb(m.file_size, m.filename))
    special = merged = False
    dense = 0
    unpacked = 0
    for m in members:
        if not m.filename.endswith((".xml", ".rels", ".vml")):
            continue
        is_sheet = m.filename.startswith("xl/worksheets/")
        rows = columns = 0
        with archive.open(m) as stream:
            tail = b""
            while chunk := stream.read(CHUNK):
                unpacked += len(chunk)
                if unpacked > MAX_UNPACKED_BYTES:
                    raise RefusedFileError(_bomb(unpacked))
                window = tail + chunk
                if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                    raise RefusedFileError(
                        f"the part {m.filename} declares a DOCTYPE or entities, "
                        "which a workbook never needs and an attack uses; "
                        f"{SAVE_AS_XLSX} from a trusted copy"
                    )
                if is_sheet:
                    if not special:
                        special = b"<f>" in window or b"<f " in window or b't="e"' in window
                    merged = merged or b"<mergeCell " in window
                    found = REFERENCE.findall(window)
                    if found:
                        rows = max(rows, max(int(digits) for _, digits in found))
                        wide = {letters for letters, _ in found if len(letters) > 1}
                        columns = max(
                            columns, 26 if any(found) else 0, *(column_number(w) for w in wide)
                        )
                tail = chunk[-32:]
        dense = max(dense, rows * max(columns, 1))
    return Inspection(special, dense, merged)


def _bomb(size: int, member: str | None = None) -> str:
    where = f"the part {member} " if member else "its parts "
    return (
        f"the workbook is refused: {where}would unpack to {size / 2**20:,.0f} MiB, far "
        "beyond its size (a zip bomb or a damaged file)"
    )


def defused() -> bool:
    """Whether openpyxl parses XML through defusedxml."""
    return bool(openpyxl.DEFUSEDXML)
