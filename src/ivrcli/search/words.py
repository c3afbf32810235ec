"""What one query word can match: the name words near it, the companies holding
them, and the best it can do against any line's or service's name.

Each reads only the index's parts it needs: the exact pass a word bucket, the
fuzzy pass the vocabulary words near it (``search.near``) and the prefix
block of the words it abbreviates.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator

from ivrcli.search.index import Index
from ivrcli.search.similarity import WORD_CUTOFF, WordSim, best_other

#: a way of matching a span whose exact words leave at most this many companies checks
#: their names instead of scanning the vocabulary for the near words
DIRECT = 64


def near_words(index: Index, word: str, cutoff: int) -> set[str]:
    """Name words whose rapidfuzz ratio with ``word`` reaches ``cutoff``, and (from 3
    letters) the words it abbreviates."""
    from rapidfuzz import fuzz, process

    found = {
        match
        for group in index.near(word, cutoff)
        for match, _, _ in process.extract(
            word, group, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        )
    }
    if len(word) >= 3:
        found.update(index.prefixed(word))
    return found


def matching_words(index: Index, word: str, fuzzy: bool, sim: WordSim) -> dict[str, int]:
    """Name words this query word can match (itself, typos, words it abbreviates): scores."""
    if not fuzzy:
        return {word: 100} if index.postings(word) else {}
    found = near_words(index, word, WORD_CUTOFF)
    scored = {match: sim(word, match) for match in sorted(found)}
    return {match: score for match, score in scored.items() if score >= WORD_CUTOFF}


def service_cap(index: Index, word: str, fuzzy: bool, sim: WordSim) -> int:
    """The best score ``word`` can reach against any line's or service's name (a
    number's digits may name a line: 100)."""
    if word.isascii() and word.isdigit():
        return 100
    vocab = index.service_words()
    if not fuzzy:
        i = bisect_left(vocab, word)
        return 100 if i < len(vocab) and vocab[i] == word else 0
    from rapidfuzz import fuzz, process

    near = [m for m, _, _ in process.extract(
        word, vocab, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF, limit=None
    )]  # fmt: skip
    if len(word) >= 3:  # the words it abbreviates
        i = bisect_left(vocab, word)
        while i < len(vocab) and vocab[i].startswith(word):
            near.append(vocab[i])
            i += 1
    return max((sim(word, m) for m in near), default=0)


def totals_for(
    index: Index, words: list[str], matched: dict[str, dict[str, int]]
) -> dict[int, int]:
    """Companies with a match for every one of ``words`` -> the sum of those best
    matches (a repeated word counts each time).

    The word with the fewest companies goes first; the others are looked up only for
    the companies still in the running (a bisection in each sorted postings list), so
    a word many companies share costs no more than a rare one.
    """
    postings = {w: [(score, index.postings(m)) for m, score in matched[w].items()] for w in words}
    order = sorted(set(words), key=lambda w: sum(len(p) for _, p in postings[w]))
    totals: dict[int, int] = {}
    for score, found in postings[order[0]]:
        for ci in found:
            if score > totals.get(ci, 0):
                totals[ci] = score
    totals = {ci: t * words.count(order[0]) for ci, t in totals.items()}
    for word in order[1:]:
        kept: dict[int, int] = {}
        for ci, total in totals.items():
            best = 0
            for score, found in postings[word]:
                if score > best:
                    i = bisect_left(found, ci)
                    if i < len(found) and found[i] == ci:
                        best = score
            if best:
                kept[ci] = total + best * words.count(word)
        totals = kept
    return totals


def span_ways(
    span: list[str], exact: dict[str, bool], fuzzy: bool
) -> Iterator[tuple[frozenset[str], int]]:
    """The ways a span's words can name a company, each with the most it can score.

    A way is the set of the span's words read through their near words (typos,
    abbreviations) instead of themselves; the others match themselves, so they must be
    name words. Its bound sums 100 for a word matching itself and
    :func:`best_other` for one read through a near word, so a search can take the
    exact ways first and scan the vocabulary for a word's near words only when a
    way that needs them can still win.
    """
    kinds = sorted(set(span))
    for mask in range(1 << len(kinds) if fuzzy else 1):
        by_near = frozenset(w for bit, w in enumerate(kinds) if mask >> bit & 1)
        if all(exact[w] for w in kinds if w not in by_near):
            yield by_near, sum(best_other(w) if w in by_near else 100 for w in span)


def way_companies(
    index: Index,
    span: list[str],
    by_near: frozenset[str],
    near: Callable[[str], dict[str, int]],
    need: int = 0,
) -> dict[int, int]:
    """Companies that may match ``span`` in one way (``by_near`` read through their near
    words, found by ``near``), each with a bound of its words' mean; only those whose
    words can sum to ``need`` (what it takes to still win).

    Near words are scanned shortest word first, and only while the companies the
    words known so far leave are more than :data:`DIRECT`: then those few are all
    returned, bounded as if each word not yet scanned scored :func:`best_other`.
    Reading their names costs less than scanning the vocabulary, and a company whose
    names lack a near word scores 0 when its names are compared. A near word too far
    to reach ``need``, even with every other word at its best, is never looked up.
    """
    tops = {w: best_other(w) if w in by_near else 100 for w in span}
    matched = {w: {w: 100} for w in span if w not in by_near}
    pending = sorted(by_near, key=lambda w: (len(w), w))
    known = [w for w in span if w in matched]
    # the words matching themselves: a rare one is enough to tell the pool is small
    few = bool(known) and min(len(index.postings(w)) for w in known) <= DIRECT
    pool = totals_for(index, known, matched) if few else None
    while pending and not (pool is not None and len(pool) <= DIRECT):
        word = pending.pop(0)
        scanned = near(word)
        times = span.count(word)
        others = sum(tops[w] for w in span if w != word)
        matched[word] = {m: s for m, s in scanned.items() if s * times + others >= need}
        if not matched[word]:
            return {}
        tops[word] = max(matched[word].values())
        known = [w for w in span if w in matched]
        pool = totals_for(index, known, matched)
    if pool is None:  # every word matches itself, and none is rare
        pool = totals_for(index, known, matched)
    unscanned = sum(tops[w] for w in span if w not in matched)
    return {ci: (total + unscanned) // len(span) for ci, total in pool.items()}
