"""Shell completion: the words a shell may offer for a company and, after it, its services.

What is offered is always something that, typed back, finds the same thing: a
company id, or a normalised word of a company's names and aliases (any word of
a multi-word name, Hebrew too) or of its lines' and services' names. Matching
is on normalised text (case, niqqud and punctuation never matter). Every word
is offered once, none is shorter than :data:`MIN_LENGTH`, and there are at most
:data:`MAX_OFFERED`.

Only the index and the one company a query names are read; the search itself
is imported only when service words are asked for after a company.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ivrcli.model import CompanyData, walk_nodes
from ivrcli.search.index import split_terms
from ivrcli.textnorm import normalise

if TYPE_CHECKING:
    from ivrcli.catalogue.compiled import Catalogue

#: the most words offered at once (a shell would page through more)
MAX_OFFERED = 200
#: no word shorter than this: one letter completes nothing useful
MIN_LENGTH = 2


def completions(
    catalogue_files: list[Path] | None,
    before: list[str],
    incomplete: str,
    *,
    services: bool = True,
    wanted: bool = False,
    observed: bool = True,
) -> list[str]:
    """The words to offer for ``incomplete``, given the words ``before`` it.

    ``services``: after a company, offer its services' words too (``find``, ``call``);
    ``wanted``: offer the wanted organisations as well (``map`` can add them).
    """
    from ivrcli.catalogue.sources import open_catalogue

    catalogue = open_catalogue(catalogue_files, observed=observed)
    return offered(catalogue, before, incomplete, services=services, wanted=wanted)


def offered(
    catalogue: Catalogue,
    before: list[str],
    incomplete: str,
    *,
    services: bool = True,
    wanted: bool = False,
) -> list[str]:
    """:func:`completions` on an open catalogue: first group first, each group sorted."""
    typed = normalise(" ".join(w for w in before if not w.startswith("-"))).split()
    norm = normalise(incomplete)
    prefix = None if " " in norm else norm  # "hot-m" is two words: only an id can match it
    index = catalogue.index
    count = len(index) if wanted else len(catalogue)
    # the index's sorted ids and words: a prefix reads only its own blocks
    groups: list[Iterable[str]] = []
    ordered: set[int] = set()
    if not typed:
        raw = incomplete.casefold()
        ordered.add(len(groups))
        groups.append(cid for cid, ci in index.ids_prefixed(raw) if ci < count)
        if incomplete and prefix is not None:  # with nothing typed, the companies are ids
            ordered.add(len(groups))
            groups.append(
                word
                for word in index.prefixed(prefix)
                if any(ci < count for ci in index.postings(word))
            )
    else:
        groups.append(_name_words(catalogue, typed, count, prefix))
        if services:
            company = _company_named(catalogue, typed)
            if company is not None:
                groups.append(w for w in _service_words(company) if _fits(w, prefix))
    return _pick(groups, incomplete, exclude=set(typed), ordered=ordered)


def _fits(word: str, prefix: str | None) -> bool:
    return prefix is not None and word.startswith(prefix)


def _name_words(
    catalogue: Catalogue, typed: list[str], count: int, prefix: str | None
) -> list[str]:
    """The other words of every name or alias that holds all the typed words:
    ``bank`` -> ``hapoalim``, ``leumi``..."""
    index = catalogue.index
    companies = set(index.postings(typed[0]))
    for word in typed[1:]:
        companies &= set(index.postings(word))
    wanted = set(typed)
    found: list[str] = []
    for ci in sorted(c for c in companies if c < count):
        for term in index.terms_of(ci):
            words = term.split()
            if wanted <= set(words):
                found.extend(w for w in words if _fits(w, prefix))
    return found


def _company_named(catalogue: Catalogue, typed: list[str]) -> CompanyData | None:
    """The one company the typed words name, as ``find`` would resolve them; None when
    they name none or several."""
    from ivrcli.errors import Ambiguous, IvrError
    from ivrcli.search.resolve import search

    try:
        match = search(catalogue, catalogue.index, typed)
    except Ambiguous as tie:
        ids = {m.route.company["id"] for m in tie.candidates}
        return tie.candidates[0].route.company if len(ids) == 1 else None
    except IvrError:
        return None
    return None if match.candidate.wanted else match.route.company


def _service_words(company: CompanyData) -> Iterable[str]:
    """Every word of the company's lines' and services' names and aliases."""
    for line in company.get("lines", []):
        for words in split_terms(line):
            yield from words
        for _, nodes in walk_nodes(line.get("menu", [])):
            for words in split_terms(nodes[-1]):
                yield from words


def _pick(
    groups: Iterable[Iterable[str]], incomplete: str, exclude: set[str], ordered: set[int]
) -> list[str]:
    """Distinct words of at least MIN_LENGTH, as the rest of what was typed, group by
    group, at most MAX_OFFERED. A group in ``ordered`` comes sorted: it is read only as
    far as the words it can still add."""
    seen = set(exclude)
    out: list[str] = []
    for number, group in enumerate(groups):
        fresh: set[str] = set()
        for word in group:
            if number in ordered and len(fresh) >= MAX_OFFERED - len(out):
                break
            if len(word) < MIN_LENGTH or word in seen:
                continue
            seen.add(word)
            typed = word if word.startswith(incomplete) else _extend(incomplete, word)
            if typed is not None:
                fresh.add(typed)
        out.extend(sorted(fresh)[: MAX_OFFERED - len(out)])
        if len(out) >= MAX_OFFERED:
            break
    return out


def _extend(incomplete: str, word: str) -> str | None:
    """``word`` written on from what was typed (``Be`` -> ``Bezeq``: shells offer only
    what starts with it), when that, typed back, is still the same word."""
    for head in (normalise(incomplete), incomplete.casefold()):
        if word.startswith(head):
            written = incomplete + word[len(head) :]
            if written != incomplete and normalise(written) == normalise(word):
                return written
    return None
