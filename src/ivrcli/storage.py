"""Private files written safely: an exclusive lock, then temp file, fsync and rename.

A file ivr writes (a profile, the observations) is mode 0600 in a 0700
directory, replaced atomically, so a crash never leaves it half-written and
two ``ivr`` processes that write at once never lose each other's change (each
re-reads the file under the lock before it writes).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from ivrcli.errors import StateError


@contextlib.contextmanager
def locked(path: Path, what: str) -> Iterator[None]:
    """Hold the exclusive lock of ``path`` (its ``.lock`` sibling); ``what`` names the
    file in errors, e.g. "profiles"."""
    import fcntl

    from ivrcli.paths import ensure_private_dir

    try:
        ensure_private_dir(path.parent)
        fd = os.open(path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StateError(f"{path.parent}: cannot write {what} here ({exc.strerror})") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def replace_private(
    path: Path, text: str, what: str, before_replace: Callable[[str], None] | None = None
) -> None:
    """Write ``text`` to ``path`` atomically with mode 0600 (call under :func:`locked`).

    ``before_replace`` runs on the finished temp file just before the rename: a
    seam for tests that crash there.
    """
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise StateError(f"{path.parent}: cannot write {what} here ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
