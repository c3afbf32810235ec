"""The search index: every company's normalised names, and each name word -> its companies.

Built in memory from compiled companies, or read from the cache in parts.
Service names are not indexed here: they are precompiled on each line and node
(``_terms``; a line's number as digit strings in ``_numbers``) and scored only for
the companies a query names.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator

from ivrcli.model import CompanyData, Holder
from ivrcli.textnorm import normalise

TERM_SEP = "\x1f"
#: the word -> companies table is stored in this many buckets, read one at a time
BUCKETS = 256


def bucket_of(word: str) -> int:
    return zlib.crc32(word.encode()) % BUCKETS


class Index:
    """Pre-normalised company names, and each name word -> the companies using it.

    Built in memory from companies, or read from the cache in parts: the
    packed terms at once, a bucket of the word table only when a query word
    falls in it, the sorted word list only for a fuzzy search.
    """

    def __init__(
        self,
        ids: list[str],
        packed_terms: list[str],
        vocab: dict[str, list[int]],
        load_bucket: Callable[[int], dict[str, list[int]]] | None = None,
        load_words: Callable[[], list[str]] | None = None,
    ) -> None:
        self.ids = ids
        self.packed_terms = packed_terms
        self._vocab = vocab
        self._load_bucket = load_bucket
        self._load_words = load_words
        self._buckets: set[int] = set()
        self._words: list[str] | None = None

    @classmethod
    def build(cls, companies: list[CompanyData]) -> Index:
        packed: list[str] = []
        vocab: dict[str, list[int]] = {}
        for ci, company in enumerate(companies):
            terms = company_terms(company)
            packed.append(TERM_SEP.join(terms))
            for word in sorted({w for t in terms for w in t.split()}):
                vocab.setdefault(word, []).append(ci)
        return cls([c["id"] for c in companies], packed, vocab)

    def terms_of(self, ci: int) -> list[str]:
        return self.packed_terms[ci].split(TERM_SEP)

    def postings(self, word: str) -> list[int]:
        if self._load_bucket is not None:
            bucket = bucket_of(word)
            if bucket not in self._buckets:
                self._buckets.add(bucket)
                self._vocab.update(self._load_bucket(bucket))
        return self._vocab.get(word, [])

    def words(self) -> list[str]:
        """Every name word, sorted."""
        if self._words is None:
            self._words = self._load_words() if self._load_words else sorted(self._vocab)
        return self._words

    def buckets(self) -> list[dict[str, list[int]]]:
        """The word table split for the cache (only for an index built in memory)."""
        parts: list[dict[str, list[int]]] = [{} for _ in range(BUCKETS)]
        for word, ids in self._vocab.items():
            parts[bucket_of(word)][word] = ids
        return parts


def company_terms(company: CompanyData) -> list[str]:
    names = [company["id"].replace("-", " "), company["name"], *company.get("aliases", [])]
    return _unique(normalise(n) for n in names)


def node_terms(node: Holder) -> list[str]:
    return _unique(normalise(n) for n in [node.get("name") or "", *node.get("aliases", [])])


def split_terms(holder: Holder) -> list[list[str]]:
    """A line's or node's normalised names as word lists (precompiled in the cache)."""
    terms = holder.get("_terms")
    if terms is None:
        terms = node_terms(holder)
    return [t.split() for t in terms]


def line_numbers(line: Holder) -> list[str]:
    """The digit strings naming a line's number (precompiled in the cache; else as written)."""
    numbers: list[str] | None = line.get("_numbers")
    if numbers is None:
        numbers = ["".join(ch for ch in line["number"] if ch.isdigit())]
    return numbers


def digit_runs(words: list[str]) -> list[tuple[int, int, str]]:
    """Every run of consecutive all-digit query words, joined: ``(start, end, digits)``.

    ``0800 956 6000`` (separators are gone once normalised) is one number, and so is
    each part of it: a run names a line only when it equals one of its numbers whole.
    """
    runs: list[tuple[int, int, str]] = []
    for start, word in enumerate(words):
        if not word.isascii() or not word.isdigit():
            continue
        digits = ""
        for end in range(start, len(words)):
            if not words[end].isascii() or not words[end].isdigit():
                break
            digits += words[end]
            runs.append((start, end + 1, digits))
    return runs


def _unique(items: Iterator[str] | list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return out
