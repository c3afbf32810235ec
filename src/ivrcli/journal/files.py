"""The journal's file on disk: created private, checked by hand before SQLite touches it.

A SQLite connection may write to a file (a ``-wal``, a rollback, a checkpoint)
even when it then reports it corrupt, so a file that cannot be a healthy
database is refused here first and left byte for byte as it was. Error
messages name the file and the cause, never a row's contents.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from ivrcli.errors import StateError

_MAGIC = b"SQLite format 3\x00"


def corrupt(path: Path, why: str) -> StateError:
    return StateError(
        f"{path}: the journal is not a readable SQLite database ({why});"
        " move it away to start a new journal; it was left as it is"
    )


def unwritable(path: Path, why: str) -> StateError:
    return StateError(f"{path}: cannot write the journal here ({why})")


def database_error(path: Path, exc: Exception) -> StateError:
    """Map a sqlite3 error to a one-line StateError (sqlite never quotes bound values)."""
    why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    lowered = why.lower()
    if "locked" in lowered or "busy" in lowered:
        return StateError(f"{path}: the journal is busy (another ivr is writing it); try again")
    if "readonly" in lowered or "unable to open" in lowered or "permission" in lowered:
        return unwritable(path, why)
    return corrupt(path, why)


def _header_problem(head: bytes, size: int) -> str | None:
    """Why a non-empty file's first 100 bytes cannot be a SQLite database, or None."""
    if not head.startswith(_MAGIC):
        return "file is not a database"
    if len(head) < 100:
        return "truncated header"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "bad page size"
    if head[18] not in (1, 2) or head[19] not in (1, 2):
        return "unknown file format"
    pages = int.from_bytes(head[28:32], "big")
    if pages and head[24:28] == head[92:96] and pages * page_size > size:
        return "file is truncated"
    return None


def check_existing(path: Path) -> None:
    """Refuse, before SQLite touches it, a file that cannot be a healthy database.

    A SQLite connection may write to a file (a ``-wal``, a rollback, a checkpoint)
    even when it then reports it corrupt, so the header is checked by hand first.
    A bad header is re-read a few times: a concurrent checkpoint can briefly
    show a header ahead of the file's length.
    """
    problem = "file is not a database"
    for attempt in range(5):
        try:
            with path.open("rb") as handle:
                head = handle.read(100)
                size = os.fstat(handle.fileno()).st_size
        except FileNotFoundError:
            return
        except IsADirectoryError:
            raise unwritable(path, "it is a directory") from None
        except OSError as exc:
            raise StateError(f"{path}: cannot read the journal ({exc.strerror})") from None
        if size == 0:
            return
        found = _header_problem(head, size)
        if found is None:
            return
        problem = found
        if attempt < 4:
            time.sleep(0.05)
    raise corrupt(path, problem)


def create_private(path: Path) -> None:
    """The parent as a 0700 directory and the file as an empty 0600 one, if missing."""
    from ivrcli.paths import ensure_private_dir

    try:
        ensure_private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if not path.parent.is_dir():
            raise unwritable(path, f"{path.parent} is not a directory") from None
        return
    except OSError as exc:
        raise unwritable(path, exc.strerror or type(exc).__name__) from None
    os.close(fd)
    try:
        os.chmod(path, 0o600)
    except OSError as exc:
        raise unwritable(path, exc.strerror or type(exc).__name__) from None
