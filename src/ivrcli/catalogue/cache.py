"""The compiled catalogue cache: validated companies, wanted entries, search index, holidays.

One file under the cache dir, keyed by every source file's path, size,
mtime_ns and inode and the program version. Layout: 8-byte header length,
the header's crc32 (4 bytes), a marshal header (key, search index, holiday
dates, wanted entries, every section's offset and crc32), then the sections:
word-table buckets, the word list, one marshal blob per company; a query reads
the header and only the sections it needs, each checked against its crc32 (so
damage that still decodes is caught too). It is derived data: a stale, corrupt
or foreign cache is rebuilt, and an unwritable cache dir only costs speed.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import zlib
from pathlib import Path
from typing import Any

from ivrcli import __version__
from ivrcli.catalogue.compiled import Catalogue
from ivrcli.errors import CorruptCache
from ivrcli.model import CompanyData
from ivrcli.search.index import Index

FORMAT = 11  # 11: waits (reported wait figures) in compiled companies


def cache_key(paths: list[Path]) -> str:
    parts = [f"ivr {__version__} format {FORMAT}"]
    for path in paths:
        try:
            st = path.stat()
            parts.append(f"{path.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}")
        except OSError:
            parts.append(f"{path}\0missing")
    # the whole key is stored in the header and compared; the file name needs only a short hash
    return "\n".join(parts)


#: caches of other catalogue sets kept beside the current one (IVR_CATALOGUE, --catalogue)
KEEP_OTHERS = 7


def cache_file(paths: list[Path]) -> Path:
    """One file per set of source paths: an edited catalogue overwrites its own cache."""
    from ivrcli.paths import cache_dir

    names = "\0".join(str(p.resolve()) for p in paths)
    return cache_dir() / f"catalogue-{zlib.crc32(names.encode()):08x}.bin"


def read(paths: list[Path]) -> Catalogue | None:
    """The cached catalogue for ``paths``, or None when missing, stale or corrupt.

    Only the header is read here; word-table buckets, the word list and
    company blobs are read when a query needs them.
    """
    key = cache_key(paths)
    path = cache_file(paths)
    try:
        with path.open("rb") as handle:
            size = int.from_bytes(handle.read(8), "little")
            crc = int.from_bytes(handle.read(4), "little")
            raw = handle.read(size)
        if zlib.crc32(raw) != crc:
            return None
        header = marshal.loads(raw)  # noqa: S302 - our own 0700 cache dir, never executed
        if (
            not isinstance(header, dict)
            or header.get("format") != FORMAT
            or header.get("key") != key
        ):
            return None
        base = 12 + size
        sums: list[int] = header["sums"]
        offsets: list[int] = header["offsets"]
        buckets: list[int] = header["buckets"]
        words_at: tuple[int, int] = header["words"]
        packed_terms: list[str] = header["terms"]
        ids: list[str] = header["ids"]
        companies_at: int = header["companies"]
        wanted: list[CompanyData] = header["wanted"]
    except (EOFError, ValueError, TypeError, KeyError, OSError):
        return None

    def load(data: bytes, blob: int) -> Any:
        """One blob, checked against its sum: damage that still decodes is caught too."""
        if zlib.crc32(data) != sums[blob]:
            raise CorruptCache(str(path))
        try:
            return marshal.loads(data)  # noqa: S302 - as above
        except (EOFError, ValueError, TypeError) as exc:
            raise CorruptCache(str(path)) from exc

    def section(start: int, end: int, blob: int) -> Any:
        try:
            with path.open("rb") as handle:
                handle.seek(base + start)
                data = handle.read(end - start)
        except OSError as exc:
            raise CorruptCache(str(path)) from exc
        return load(data, blob)

    first_company = len(buckets)  # sums: the buckets, the word list, then each company

    def company(i: int) -> CompanyData:
        value = section(companies_at + offsets[i], companies_at + offsets[i + 1], first_company + i)
        if not isinstance(value, dict):
            raise CorruptCache(str(path))
        return value

    def all_companies() -> list[CompanyData]:
        try:
            data = path.read_bytes()[base + companies_at :]
        except OSError as exc:
            raise CorruptCache(str(path)) from exc
        values = [
            load(data[offsets[i] : offsets[i + 1]], first_company + i)
            for i in range(len(offsets) - 1)
        ]
        if not all(isinstance(v, dict) for v in values):
            raise CorruptCache(str(path))
        return values

    def bucket(b: int) -> dict[str, list[int]]:
        value = section(buckets[b], buckets[b + 1], b)
        if not isinstance(value, dict):
            raise CorruptCache(str(path))
        return value

    def words() -> list[str]:
        value = section(*words_at, len(buckets) - 1)
        if not isinstance(value, str):
            raise CorruptCache(str(path))
        return value.split("\n") if value else []

    index = Index(ids, packed_terms, {}, bucket, words)
    return Catalogue(
        index, header["holidays"], len(offsets) - 1, company, all_companies, wanted=wanted
    )


def discard() -> None:
    """Remove every cache file (derived data)."""
    from ivrcli.paths import cache_dir

    for old in cache_dir().glob("catalogue-*.bin"):
        with contextlib.suppress(OSError):
            old.unlink()


def write(paths: list[Path], companies: list[CompanyData], catalogue: Catalogue) -> None:
    """Store the compiled catalogue; any failure is silent (the cache is an optimisation).

    Layout after the header: the word-table buckets, the sorted word list,
    then one blob per company; the header holds every section's offsets.
    """
    key = cache_key(paths)
    target = cache_file(paths)
    index = catalogue.index
    body: list[bytes] = []
    sums: list[int] = []
    position = 0

    def add(blob: bytes) -> int:
        nonlocal position
        body.append(blob)
        sums.append(zlib.crc32(blob))
        position += len(blob)
        return position

    bucket_offsets = [0] + [add(marshal.dumps(b)) for b in index.buckets()]
    words_start = position
    words_at = (words_start, add(marshal.dumps("\n".join(index.words()))))
    companies_at = position
    offsets = [0] + [add(marshal.dumps(c)) - companies_at for c in companies]
    header = marshal.dumps(
        {
            "format": FORMAT,
            "key": key,
            "ids": index.ids,
            "terms": index.packed_terms,
            "buckets": bucket_offsets,
            "words": words_at,
            "companies": companies_at,
            "offsets": offsets,
            "holidays": catalogue.holidays,
            "wanted": catalogue.wanted,
            "sums": sums,
        }
    )
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
            handle.writelines(body)
        os.replace(tmp, target)
    except OSError:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
