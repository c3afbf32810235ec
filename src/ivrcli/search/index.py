"""The search index: every company's normalised names, each name word -> its companies,
and the sorted name words and ids for fuzzy and prefix look-ups.

:class:`Index` is built in memory from compiled companies; the cache reads the
same questions from disk a piece at a time (``catalogue.cache.CachedIndex``), so
a query costs the same at 100 companies and at 100,000. Service names are not
indexed here: they are precompiled on each line and node (``_terms``; a line's
number as digit strings in ``_numbers``) and scored only for the companies a
query names.
"""

from __future__ import annotations

import zlib
from bisect import bisect_left
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ivrcli.model import CompanyData, Holder
from ivrcli.textnorm import normalise

if TYPE_CHECKING:  # a fuzzy scan's module: an exact query never imports it
    from ivrcli.search.near import LetterFilter, SignatureFilter

TERM_SEP = "\x1f"


def bucket_of(word: str, buckets: int) -> int:
    """The hash bucket of a word among ``buckets`` (stable across runs: crc32)."""
    return zlib.crc32(word.encode()) % buckets


class Index:
    """Company names (ids, terms), word -> company positions, and the sorted vocabulary.

    Positions run over the companies, then the wanted entries. Every question is
    a method, so the cache can answer each from disk without reading the rest.
    """

    def __init__(
        self,
        ids: list[str],
        packed_terms: list[str],
        vocab: dict[str, list[int]],
        services: list[str] | None = None,
    ):
        self._ids = ids
        self._packed = packed_terms
        self._vocab = vocab
        self._services = services
        self._sorted_words: list[str] | None = None
        self._sorted_ids: list[tuple[str, int]] | None = None
        self._by_signature: dict[tuple[int, int], list[tuple[int, list[str]]]] | None = None

    @classmethod
    def build(cls, companies: list[CompanyData]) -> Index:
        packed: list[str] = []
        vocab: dict[str, list[int]] = {}
        for ci, company in enumerate(companies):
            terms = company_terms(company)
            packed.append(TERM_SEP.join(terms))
            for word in sorted({w for t in terms for w in t.split()}):
                vocab.setdefault(word, []).append(ci)
        services = {w for c in companies for words in service_terms(c) for w in words}
        return cls([c["id"] for c in companies], packed, vocab, sorted(services))

    def __len__(self) -> int:
        """Companies and wanted entries."""
        return len(self._ids)

    def id_of(self, ci: int) -> str:
        return self._ids[ci]

    def terms_of(self, ci: int) -> list[str]:
        return self._packed[ci].split(TERM_SEP)

    def postings(self, word: str) -> list[int]:
        """Positions of the companies with ``word`` in a name, ascending."""
        return self._vocab.get(word, [])

    def vocabulary(self) -> list[str]:
        """Every name word, sorted (a fuzzy pass compares a query word with all of them)."""
        if self._sorted_words is None:
            self._sorted_words = sorted(self._vocab)
        return self._sorted_words

    def service_words(self) -> list[str]:
        """Every word of every line's and menu node's names, sorted: what a word beyond
        the company can match at best bounds the score of any of its routes."""
        return self._services or []

    def near(self, word: str, cutoff: int) -> Iterator[list[str]]:
        """The name words that could reach ``cutoff`` against ``word`` (by script, length,
        signature and, for ASCII words, the query word's letters they hold), a group of
        one script and length at a time: a fuzzy pass compares these, and no others."""
        from ivrcli.search.near import LetterFilter, SignatureFilter, length_window, near_classes

        admits = SignatureFilter(word, cutoff)
        letters = LetterFilter(word, cutoff)
        for cls in near_classes(word):
            for length in length_window(len(word), cutoff):
                words = self._near_in_group(cls, length, admits, letters)
                if words:
                    yield words

    def _near_in_group(
        self, cls: int, length: int, admits: SignatureFilter, letters: LetterFilter
    ) -> list[str]:
        """The words of one (class, length) group that the filters keep, in group order
        (the cache reads the same group from its file)."""
        group = self.vocabulary_groups().get((cls, length), [])
        words: list[str] = []
        for first, end in admits.admitted(length, [sig for sig, _ in group]):
            for _, some in group[first:end]:
                words.extend(w for w in some if cls or letters.keeps(w))
        return words

    def vocabulary_groups(self) -> dict[tuple[int, int], list[tuple[int, list[str]]]]:
        """The vocabulary by (word class, length), each group by ascending signature:
        (signature, its words sorted)."""
        if self._by_signature is None:
            from ivrcli.search.near import signature, word_class

            by_sig: dict[tuple[int, int], dict[int, list[str]]] = {}
            for word in self.vocabulary():
                key = (word_class(word), len(word))
                by_sig.setdefault(key, {}).setdefault(signature(word), []).append(word)
            self._by_signature = {key: sorted(sigs.items()) for key, sigs in by_sig.items()}
        return self._by_signature

    def prefixed(self, prefix: str) -> Iterator[str]:
        """Name words starting with ``prefix``, in sorted order."""
        words = self.vocabulary()
        i = bisect_left(words, prefix)
        while i < len(words) and words[i].startswith(prefix):
            yield words[i]
            i += 1

    def ids_prefixed(self, prefix: str) -> Iterator[tuple[str, int]]:
        """(id, position) of the ids starting with ``prefix``, in sorted order."""
        if self._sorted_ids is None:
            self._sorted_ids = sorted((cid, ci) for ci, cid in enumerate(self._ids))
        pairs = self._sorted_ids
        i = bisect_left(pairs, (prefix, -1))
        while i < len(pairs) and pairs[i][0].startswith(prefix):
            yield pairs[i]
            i += 1

    def position(self, company_id: str) -> int | None:
        """The position of the company (or wanted entry) with this exact id."""
        for cid, ci in self.ids_prefixed(company_id):
            if cid == company_id:
                return ci
            break
        return None

    def word_table(self) -> dict[str, list[int]]:
        """The whole word -> positions table (for writing the cache)."""
        return self._vocab


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


def service_terms(company: CompanyData) -> Iterator[list[str]]:
    """The word lists of every line's and menu node's names and aliases."""
    stack: list[Holder] = list(company.get("lines", []))
    while stack:
        holder = stack.pop()
        yield from split_terms(holder)
        stack.extend(holder.get("menu", []))


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
