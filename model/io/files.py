"""Writing a result safely, whatever else runs at the same time.

`publish(workbook, path, keep=…)`:
1. writes the whole workbook to a temporary file beside `path` and flushes it to disk
   (a full disk or an interrupt here leaves every existing file as it was, and the
   temporary file is removed);
2. with `keep`, takes an exclusive lock on `.<name>.lock` beside `path`, so that two
   runs writing the same result take turns for the next step (a lock, not
   check-then-act), and removes the lock file while still holding it (a run that
   waited on the removed file sees that and locks the new one: see `_locked`);
3. with `keep`, moves an existing `path` aside to `<stem>.<date-time>.xlsx` (a name no
   other file has), then moves the temporary file into place; signals are held off for
   these two renames, and if the second fails the first is undone, or the message says
   where the earlier result now is.

Nothing here knows what a workbook holds, so the command line can set up its output
before the libraries that build the workbook are loaded.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import re
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from model.errors import WriteError

if TYPE_CHECKING:
    import openpyxl

STALE_SECONDS = 600  # a temporary file older than this was left by a crash
_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def clean_stale_temporaries(path: Path) -> None:
    """Remove temporary files that an interrupted write of `path` left behind."""
    now = time.time()
    with contextlib.suppress(OSError):
        for stale in path.parent.glob(f".{path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                if now - stale.stat().st_mtime > STALE_SECONDS:
                    stale.unlink()


def _hint(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full; free some space"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder or file is not writable; choose another path with --output"
    return (
        "if the file is open in a spreadsheet program, close it, or choose another path "
        "with --output"
    )


def _write_temporary(workbook: openpyxl.Workbook, path: Path) -> Path:
    """The whole workbook in a temporary file beside `path`, on disk, ordinary
    permissions. On any failure or interrupt the temporary file is removed."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clean_stale_temporaries(path)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(f"cannot write in {folder}: {exc.strerror}; {_hint(exc)}") from exc
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            try:
                workbook.save(stream)
            except BaseException as exc:
                _drop_half_written(exc)
                raise
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write {path}: {exc.strerror}; {_hint(exc)}") from exc
        if type(exc).__name__ == "SerialisationError":  # lxml's word for a failed write
            full = "ENOSPC" in str(exc)
            hint = "the disk is full; free some space" if full else _hint(OSError())
            raise WriteError(f"cannot write {path}: {exc}; {hint}") from exc
        raise
    return temporary


def _drop_half_written(exc: BaseException) -> None:
    """A save that failed (a full disk) or was interrupted leaves openpyxl's zip writer
    half-built in the traceback's frames. Finalise it now, while its file is still open,
    and silence what its finaliser says (it cannot finish the zip, and need not):
    otherwise Python finalises it at exit and prints a traceback."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        seen: set[int] = set()
        while exc is not None and id(exc) not in seen:  # the chain's frames hold it too
            seen.add(id(exc))
            exc.__traceback__ = None
            exc = exc.__context__ or exc.__cause__
        gc.collect()
    finally:
        sys.unraisablehook = hook


def file_name(scenario: str) -> str:
    """A scenario's name as a file name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", scenario).strip("._") or "result"


def lock_path(path: Path) -> Path:
    """The lock file taken beside `path` while an earlier result there is kept."""
    return Path(path).with_name(f".{Path(path).name}.lock")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock shared by every run that writes `path` (blocks until free).

    The lock file is removed before the lock is released, so a run leaves none behind.
    A run that opened the file before it was removed gets the lock on a file no longer
    at the path: it sees that (the path is gone or is another file) and starts again
    on the file now there, so two runs never hold "the" lock at once. (On Windows an
    open file cannot be removed; the lock file stays there.)"""
    lock = lock_path(path)
    while True:
        try:
            handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise WriteError(
                f"cannot write in {path.parent}: {exc.strerror}; {_hint(exc)}"
            ) from exc
        try:
            _lock(handle)
            held = os.fstat(handle)
            try:
                there = os.stat(lock)
            except FileNotFoundError:
                there = None
        except BaseException:
            os.close(handle)
            raise
        if there is not None and (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino):
            break
        os.close(handle)  # removed by the run that held it: lock the one there now
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)  # while held: the next run notices, see above
        os.close(handle)  # closing releases the lock


def _lock(handle: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(handle, msvcrt.LK_LOCK, 1)
        return
    fcntl.flock(handle, fcntl.LOCK_EX)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done (delivered right after)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)


def _aside_name(path: Path) -> Path:
    """<stem>.<date-time of its last change>[-n].xlsx: a name no file has yet."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(path.stat().st_mtime))
    target = path.with_name(f"{path.stem}.{stamp}{path.suffix}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.{stamp}-{counter}{path.suffix}")
        counter += 1
    return target


def publish(workbook: openpyxl.Workbook, path: Path, *, keep: bool) -> Path | None:
    """Write `workbook` to `path` (see the module docstring). With `keep`, an existing
    file at `path` is kept under a dated name, which is returned; otherwise replaced."""
    temporary = _write_temporary(workbook, path)
    try:
        # Only the keep-and-replace needs the lock; a plain replace is one atomic rename
        # (and leaves no lock file beside a path the user chose).
        lock = _locked(path) if keep else contextlib.nullcontext()
        with lock, _signals_held():
            kept = None
            if keep and path.exists():
                kept = _aside_name(path)
                try:
                    os.replace(path, kept)
                except OSError as exc:
                    raise WriteError(
                        f"cannot keep the earlier result {path}: {exc.strerror}; {_hint(exc)}"
                    ) from exc
            try:
                os.replace(temporary, path)
            except OSError as exc:
                where = ""
                if kept is not None:
                    try:
                        os.replace(kept, path)
                    except OSError:
                        where = f"; the earlier result is now {kept}"
                raise WriteError(
                    f"cannot write {path}: {exc.strerror}; {_hint(exc)}{where}"
                ) from exc
            return kept
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()  # still there only if it was not moved into place


def write_atomic(workbook: openpyxl.Workbook, path: Path) -> None:
    """Write `workbook` to `path`, replacing it: a crash leaves either the earlier file
    or the new one, never half of one."""
    publish(workbook, path, keep=False)


def write_new(workbook: openpyxl.Workbook, path: Path) -> None:
    """Write `workbook` to `path` only if no file is there: the temporary file is linked
    into place, which fails if `path` exists (an exclusive create), so a file that
    appeared meanwhile is never replaced."""
    temporary = _write_temporary(workbook, path)
    try:
        with _signals_held():
            os.link(temporary, path)
    except FileExistsError as exc:
        raise WriteError(f"{path} exists; the tool does not replace it") from exc
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
            raise WriteError(f"cannot write {path}: {exc.strerror}; {_hint(exc)}") from exc
        with _locked(path), _signals_held():  # no hard links here (FAT, some shares)
            if path.exists():
                raise WriteError(f"{path} exists; the tool does not replace it") from exc
            os.replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
