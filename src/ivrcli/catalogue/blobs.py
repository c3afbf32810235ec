"""The cache file's pieces: marshal blobs with their crc32, fixed-width tables that
point at them, sorted string blocks, and the file put in place atomically.

Reading is ``os.pread`` on one descriptor, a piece at a time; every blob is
checked against its crc32, and anything out of place is :class:`CorruptCache`.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import struct
import zlib
from pathlib import Path
from typing import Any

from ivrcli.errors import CorruptCache

ENTRY = struct.Struct("<QII")  # offset in the body, length, crc32
RECORD = struct.Struct("<QIIQII")  # a company's blob, then its names
#: sorted words and ids are stored in blocks of this many, found by their first item
BLOCK = 512
#: caches of other catalogue sets kept beside the current one (IVR_CATALOGUE, --catalogue)
KEEP_OTHERS = 7


class Body:
    """The cache file's body, read a piece at a time (``pread``), each piece checked."""

    def __init__(self, path: Path, fd: int, base: int, size: int) -> None:
        self.path, self.fd, self.base, self.size = path, fd, base, size

    def bytes(self, offset: int, length: int) -> bytes:
        if offset < 0 or offset + length > self.size:
            raise CorruptCache(str(self.path))
        try:
            data = os.pread(self.fd, length, self.base + offset)
        except OSError as exc:
            raise CorruptCache(str(self.path)) from exc
        if len(data) != length:
            raise CorruptCache(str(self.path))
        return data

    def blob(self, offset: int, length: int, crc: int, kind: type) -> Any:
        data = self.bytes(offset, length)
        if zlib.crc32(data) != crc:
            raise CorruptCache(str(self.path))
        try:
            value = marshal.loads(data)  # noqa: S302 - our own 0700 cache dir, never executed
        except (EOFError, ValueError, TypeError) as exc:
            raise CorruptCache(str(self.path)) from exc
        if not isinstance(value, kind):
            raise CorruptCache(str(self.path))
        return value

    def entry(self, table: int, i: int, kind: type) -> Any:
        """The blob the ``i``-th entry of a table points at."""
        offset, length, crc = ENTRY.unpack(self.bytes(table + i * ENTRY.size, ENTRY.size))
        return self.blob(offset, length, crc, kind)


class Writer:
    """The body as it is written: blobs appended, each with its crc32."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.position = 0

    def add(self, data: bytes) -> int:
        at = self.position
        self.parts.append(data)
        self.position += len(data)
        return at

    def blob(self, value: Any) -> tuple[int, int, int]:
        data = marshal.dumps(value)
        return self.add(data), len(data), zlib.crc32(data)

    def signed(self, group: list[tuple[int, list[str]]]) -> tuple[int, int, int]:
        """A vocabulary group as one blob: its signatures, where each one's words end in
        the text, and the text (the words one per line, by signature)."""
        sigs: list[int] = []
        ends: list[int] = []
        parts: list[str] = []
        end = -1
        for sig, words in group:
            part = "\n".join(words)
            end += len(part) + 1
            sigs.append(sig)
            ends.append(end)
            parts.append(part)
        return self.blob((sigs, ends, "\n".join(parts)))

    def sorted_blocks(self, items: list[str]) -> tuple[int, list[str]]:
        """Items in blocks of BLOCK: the table of blocks, and each block's first item."""
        entries = [self.blob("\n".join(items[i : i + BLOCK])) for i in range(0, len(items), BLOCK)]
        table = self.add(b"".join(ENTRY.pack(*e) for e in entries))
        return table, items[::BLOCK]


def replace_file(target: Path, header: bytes, parts: list[bytes]) -> None:
    """Write the file beside its place and rename it in; old caches of other sets pruned."""
    import tempfile

    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        others = [p for p in target.parent.glob("catalogue-*.bin") if p != target]
        others.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in others[KEEP_OTHERS:]:
            with contextlib.suppress(OSError):
                old.unlink()
        fd, tmp = tempfile.mkstemp(prefix=".catalogue-", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(len(header).to_bytes(8, "little"))
            handle.write(zlib.crc32(header).to_bytes(4, "little"))
            handle.write(header)
            handle.writelines(parts)
        os.replace(tmp, target)
    except OSError:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
