"""The compiled catalogue cache: companies, wanted entries, search index and holidays,
laid out so that a query reads only what it needs, whatever the catalogue's size.

One file under the cache dir, keyed by every source file's path, size,
mtime_ns and inode and the program version. Layout: 8-byte header length, the
header's crc32 (4 bytes), a small marshal header (key, counts, holidays, wanted
entries, where each table starts, the fences of the sorted blocks), then the
body: fixed-width tables (one 32-byte record per company: its blob and its
names; one 16-byte entry per word bucket and per sorted block) and the blobs
they point at; the vocabulary is one blob per (script, length), its words by
signature (``search.near``). Every blob is checked against its crc32 when read,
so damage that still decodes is caught too. It is derived data: a stale, corrupt
or foreign cache is rebuilt, and an unwritable cache dir only costs speed.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import zlib
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ivrcli import __version__
from ivrcli.catalogue.blobs import ENTRY, RECORD, Body, Writer, replace_file
from ivrcli.catalogue.compiled import Catalogue
from ivrcli.errors import CorruptCache
from ivrcli.model import CompanyData
from ivrcli.search.index import TERM_SEP, Index, bucket_of

if TYPE_CHECKING:
    from ivrcli.search.near import LetterFilter, SignatureFilter

FORMAT = 17  # 17: each vocabulary group one blob, by signature
#: about this many words share a bucket of the word -> companies table
PER_BUCKET = 32


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


def cache_file(paths: list[Path]) -> Path:
    """One file per set of source paths: an edited catalogue overwrites its own cache."""
    from ivrcli.paths import cache_dir

    names = "\0".join(str(p.resolve()) for p in paths)
    return cache_dir() / f"catalogue-{zlib.crc32(names.encode()):08x}.bin"


class CachedIndex(Index):
    """The index answered from the cache file: a word reads its bucket, a prefix its
    sorted block, a position its record, a fuzzy pass the vocabulary groups of the
    lengths and script it can reach, splitting out only the signatures that can;
    each piece is read once."""

    def __init__(self, body: Body, header: dict[str, Any]) -> None:
        super().__init__([], [], {})
        self._body = body
        self._total: int = header["total"]
        self._records: int = header["records"]
        self._buckets: tuple[int, int] = header["buckets"]
        self._services_at: tuple[int, int, int] = header["services"]
        self._groups: dict[tuple[int, int], tuple[int, int, int]] = header["groups"]
        self._blocks: dict[str, tuple[int, list[str]]] = header["blocks"]
        self._read: dict[int, dict[str, list[int]]] = {}
        self._names_read: dict[int, str] = {}

    def __len__(self) -> int:
        return self._total

    def record(self, ci: int) -> tuple[int, int, int, int, int, int]:
        if not 0 <= ci < self._total:
            raise IndexError(ci)
        raw = self._body.bytes(self._records + ci * RECORD.size, RECORD.size)
        blob, blob_len, blob_crc, names, names_len, names_crc = RECORD.unpack(raw)
        return blob, blob_len, blob_crc, names, names_len, names_crc

    def _names(self, ci: int) -> str:
        text = self._names_read.get(ci)
        if text is None:
            _, _, _, offset, length, crc = self.record(ci)
            text = self._names_read[ci] = self._body.blob(offset, length, crc, str)
        return text

    def id_of(self, ci: int) -> str:
        return self._names(ci).split("\x1e", 1)[0]

    def terms_of(self, ci: int) -> list[str]:
        return self._names(ci).split("\x1e", 1)[1].split(TERM_SEP)

    def postings(self, word: str) -> list[int]:
        table, count = self._buckets
        b = bucket_of(word, count)
        if b not in self._read:
            self._read[b] = self._body.entry(table, b, dict)
        found: list[int] = self._read[b].get(word, [])
        return found

    def vocabulary(self) -> list[str]:
        """Every name word, from the sorted blocks that serve prefixes."""
        if self._sorted_words is None:
            self._sorted_words = list(self.prefixed(""))
        return self._sorted_words

    def _near_in_group(
        self, cls: int, length: int, admits: SignatureFilter, letters: LetterFilter
    ) -> list[str]:
        where = self._groups.get((cls, length))
        if where is None:
            return []
        group = self._body.blob(*where, tuple)
        words: list[str] = []
        try:
            sigs, ends, text = group
            for first, end in admits.admitted(length, sigs):
                start = ends[first - 1] + 1 if first else 0
                run = text[start : ends[end - 1]]
                words.extend(letters.kept(run, length) if cls == 0 else run.split("\n"))
        except (ValueError, TypeError, IndexError) as exc:  # UnicodeError is a ValueError
            raise CorruptCache(str(self._body.path)) from exc
        return words

    def service_words(self) -> list[str]:
        if self._services is None:
            offset, length, crc = self._services_at
            text: str = self._body.blob(offset, length, crc, str)
            self._services = text.split("\n") if text else []
        return self._services

    def _sorted(self, name: str, prefix: str) -> Iterator[str]:
        table, fences = self._blocks[name]
        block = max(0, bisect_right(fences, prefix) - 1)
        while block < len(fences):
            text: str = self._body.entry(table, block, str)
            for item in text.split("\n"):
                if item >= prefix:
                    if not item.startswith(prefix):
                        return
                    yield item
            block += 1

    def prefixed(self, prefix: str) -> Iterator[str]:
        return self._sorted("words", prefix)

    def ids_prefixed(self, prefix: str) -> Iterator[tuple[str, int]]:
        for item in self._sorted("ids", prefix):
            cid, _, ci = item.partition("\t")
            yield cid, int(ci)


def read(paths: list[Path]) -> Catalogue | None:
    """The cached catalogue for ``paths``, or None when missing, stale or corrupt.

    Only the small header is read here; tables and blobs are read when a query
    needs them.
    """
    key = cache_key(paths)
    path = cache_file(paths)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        head = os.pread(fd, 12, 0)
        size = int.from_bytes(head[:8], "little")
        raw = os.pread(fd, size, 12)
        if (
            len(head) != 12
            or len(raw) != size
            or zlib.crc32(raw) != int.from_bytes(head[8:], "little")
        ):
            raise ValueError("header")
        header = marshal.loads(raw)  # noqa: S302 - our own 0700 cache dir, never executed
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ValueError("format")
        if header.get("key") != key:
            raise ValueError("key")
        body = Body(path, fd, 12 + size, os.fstat(fd).st_size - 12 - size)
        index = CachedIndex(body, header)
        count: int = header["count"]
        wanted: list[CompanyData] = header["wanted"]
        holidays = header["holidays"]
    except (EOFError, ValueError, TypeError, KeyError, OSError):
        os.close(fd)
        return None

    def company(i: int) -> CompanyData:
        offset, length, crc = index.record(i)[:3]
        value: CompanyData = body.blob(offset, length, crc, dict)
        return value

    def all_companies() -> list[CompanyData]:
        return [company(i) for i in range(count)]

    return Catalogue(index, holidays, count, company, all_companies, wanted=wanted)


def discard() -> None:
    """Remove every cache file (derived data)."""
    from ivrcli.paths import cache_dir

    for old in cache_dir().glob("catalogue-*.bin"):
        with contextlib.suppress(OSError):
            old.unlink()


def write(paths: list[Path], companies: list[CompanyData], catalogue: Catalogue) -> None:
    """Store the compiled catalogue; any failure is silent (the cache is an optimisation)."""
    index = catalogue.index
    body = Writer()
    every = [*companies, *catalogue.wanted]
    records = []
    for ci, data in enumerate(every):
        names = f"{index.id_of(ci)}\x1e{TERM_SEP.join(index.terms_of(ci))}"
        records.append(RECORD.pack(*body.blob(data), *body.blob(names)))
    records_at = body.add(b"".join(records))
    table = index.word_table()
    count = max(64, 1 << max(0, (len(table) // PER_BUCKET - 1)).bit_length())
    parts: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for word, positions in table.items():
        parts[bucket_of(word, count)][word] = positions
    entries = [body.blob(part) for part in parts]
    buckets_at = body.add(b"".join(ENTRY.pack(*e) for e in entries))
    words = index.vocabulary()
    ids = [f"{cid}\t{ci}" for cid, ci in index.ids_prefixed("")]
    header = marshal.dumps(
        {
            "format": FORMAT,
            "key": cache_key(paths),
            "count": len(companies),
            "total": len(every),
            "wanted": catalogue.wanted,
            "holidays": catalogue.holidays,
            "records": records_at,
            "buckets": (buckets_at, count),
            "services": body.blob("\n".join(index.service_words())),
            "groups": {key: body.signed(group) for key, group in index.vocabulary_groups().items()},
            "blocks": {"words": body.sorted_blocks(words), "ids": body.sorted_blocks(ids)},
        }
    )
    replace_file(cache_file(paths), header, body.parts)
