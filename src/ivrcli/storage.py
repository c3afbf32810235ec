"""Private files written safely: an exclusive lock, then temp file, fsync and rename.

A file ivr writes (a profile, the observations) is mode 0600 in a 0700
directory, replaced atomically, so a crash never leaves it half-written and
two ``ivr`` processes that write at once never lose each other's change (each
re-reads the file under the lock before it writes). A file the user names
(``--qr-file``) is written the same way, without the lock.
"""

from __future__ import annotations

import contextlib
import os
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


def _temp_beside(path: Path, stem: str) -> tuple[int, str]:
    """A new temp file in ``path``'s folder (tempfile is imported by writers only: it
    pulls in random and shutil)."""
    import tempfile

    return tempfile.mkstemp(prefix=f".{stem}.", suffix=".tmp", dir=path.parent)


def replace_private(
    path: Path, text: str, what: str, before_replace: Callable[[str], None] | None = None
) -> None:
    """Write ``text`` to ``path`` atomically with mode 0600 (call under :func:`locked`).

    ``before_replace`` runs on the finished temp file just before the rename: a
    seam for tests that crash there.
    """
    try:
        fd, tmp = _temp_beside(path, path.stem)
    except OSError as exc:
        raise StateError(f"{path.parent}: cannot write {what} here ({exc.strerror})") from None
    _finish(fd, tmp, path, text.encode("utf-8"), 0o600, before_replace)


def write_file(path: Path, data: bytes, what: str, *, private: bool = False) -> None:
    """Write ``data`` to a file the user named, atomically: a temp file beside it, then a
    rename, so a failure never leaves it half-written. Mode 0600 when ``private`` (it
    holds a secret), else what the umask gives a new file; any failure is one
    StateError naming ``path``."""
    try:
        fd, tmp = _temp_beside(path, path.name)
    except OSError as exc:
        raise StateError(f"{path}: cannot write {what} ({exc.strerror or exc})") from None
    mode = 0o600 if private else 0o666 & ~_umask()
    try:
        _finish(fd, tmp, path, data, mode)
    except OSError as exc:
        raise StateError(f"{path}: cannot write {what} ({exc.strerror or exc})") from None


def _finish(
    fd: int,
    tmp: str,
    path: Path,
    data: bytes,
    mode: int,
    before_replace: Callable[[str], None] | None = None,
) -> None:
    """Fill the temp file ``tmp`` (open as ``fd``), sync it and rename it over ``path``;
    on any failure the temp file is removed and ``path`` is left as it was."""
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    # the only way to read the umask is to set it: put it straight back
    mask = os.umask(0)
    os.umask(mask)
    return mask
