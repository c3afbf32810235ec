"""What one query word can match: the name words near it, the companies holding
them, and the best it can do against any line's or service's name.

Each reads only the index's parts it needs: the exact pass a word bucket, the
fuzzy pass the vocabulary chunks of a word's length and script and the prefix
block of the words it abbreviates.
"""

from __future__ import annotations

from bisect import bisect_left

from ivrcli.search.index import Index
from ivrcli.search.similarity import WORD_CUTOFF, WordSim


def matching_words(index: Index, word: str, fuzzy: bool, sim: WordSim) -> dict[str, int]:
    """Name words this query word can match (itself, typos, words it abbreviates): scores."""
    if not fuzzy:
        return {word: 100} if index.postings(word) else {}
    from rapidfuzz import fuzz, process

    found = {
        match
        for chunk in index.near(word, WORD_CUTOFF)
        for match, _, _ in process.extract(
            word, chunk, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF, limit=None
        )
    }
    if len(word) >= 3:  # the words it abbreviates
        found.update(index.prefixed(word))
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


def companies_for(
    index: Index, span: list[str], matched: dict[str, dict[str, int]]
) -> dict[int, int]:
    """Companies with a match for every span word -> the mean of those best matches.

    The word with the fewest companies goes first; the others are looked up only for
    the companies still in the running (a bisection in each sorted postings list), so
    a word many companies share costs no more than a rare one.
    """
    postings = {w: [(score, index.postings(m)) for m, score in matched[w].items()] for w in span}
    order = sorted(set(span), key=lambda w: sum(len(p) for _, p in postings[w]))
    totals: dict[int, int] = {}
    for score, found in postings[order[0]]:
        for ci in found:
            if score > totals.get(ci, 0):
                totals[ci] = score
    # a word repeated in the span counts each time
    totals = {ci: t * span.count(order[0]) for ci, t in totals.items()}
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
                kept[ci] = total + best * span.count(word)
        totals = kept
    return {ci: total // len(span) for ci, total in totals.items()}
