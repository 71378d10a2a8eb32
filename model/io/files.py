"""Writing a result safely: a temporary file moved into place, the earlier result kept.

Nothing here knows what a workbook holds, so the command line can set up its output
before the libraries that build the workbook are loaded.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from model.errors import WriteError

if TYPE_CHECKING:
    import openpyxl

STALE_SECONDS = 600  # a temporary file older than this was left by a crash


def clean_stale_temporaries(path: Path) -> None:
    """Remove temporary files that an interrupted write of `path` left behind."""
    now = time.time()
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()


def keep_earlier(path: Path) -> Path | None:
    """Move an existing result aside (name.YYYYmmdd-HHMMSS.xlsx) so it is not lost."""
    if not path.exists():
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(path.stat().st_mtime))
    target = path.with_name(f"{path.stem}.{stamp}{path.suffix}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.{stamp}-{counter}{path.suffix}")
        counter += 1
    try:
        os.replace(path, target)
    except OSError as exc:
        raise WriteError(
            f"cannot keep the earlier result {path}: {exc.strerror}; close it "
            "if it is open, or choose another path with --output"
        ) from exc
    return target


def write_atomic(workbook: openpyxl.Workbook, path: Path) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then move it into place:
    a crash leaves either the earlier file or the new one, never half of one."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clean_stale_temporaries(path)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(
            f"cannot write in {folder}: {exc.strerror}; choose another folder with --output"
        ) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            workbook.save(stream)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        hint = (
            "the disk is full; free some space"
            if exc.errno == errno.ENOSPC
            else "if the file is open in a spreadsheet program, close it, or choose another "
            "path with --output"
        )
        raise WriteError(f"cannot write {path}: {exc.strerror}; {hint}") from exc
