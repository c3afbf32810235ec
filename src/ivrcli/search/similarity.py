"""How well query words name a term: equal 100, an abbreviation 90, a typo its ratio.

A word under :data:`WORD_CUTOFF` does not match; a span that is not the whole
term exactly is capped at 99, so an exact name always beats a partial one.
"""

from __future__ import annotations

from collections.abc import Callable

WORD_CUTOFF = 75
ABBREVIATION = 90

WordSim = Callable[[str, str], int]


def exact_sim(a: str, b: str) -> int:
    return 100 if a == b else 0


def fuzzy_sim(a: str, b: str) -> int:
    """100 for equal words, 90 for an abbreviation, else the rapidfuzz ratio (floored)."""
    if a == b:
        return 100
    from rapidfuzz.fuzz import ratio

    score = int(ratio(a, b))
    if len(a) >= 3 and b.startswith(a):
        score = max(score, ABBREVIATION)
    return min(score, 99)


def best_other(word: str) -> int:
    """The most :func:`fuzzy_sim` can give ``word`` against any *other* word: the ratio of
    a word one letter longer that holds it whole (200n/(2n+1)), or an
    abbreviation's 90, never 100. It bounds a span read through near words, unscanned."""
    n = len(word)
    ratio = 200 * n // (2 * n + 1)
    return min(99, max(ratio, ABBREVIATION if n >= 3 else 0))


def term_sim(span: list[str], term: list[str], sim: WordSim) -> int:
    """How well a span of query words names ``term`` (0 when any word misses)."""
    if span == term:
        return 100
    used: set[int] = set()
    total = 0
    for word in span:
        best, where = 0, -1
        for i, candidate in enumerate(term):
            score = sim(word, candidate)
            if score > best:
                best, where = score, i
        if best < WORD_CUTOFF:
            return 0
        used.add(where)
        total += best
    coverage = len(used) / len(term)
    return min(99, int(total / len(span) * (0.8 + 0.2 * coverage)))
