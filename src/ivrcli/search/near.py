"""Which vocabulary words a fuzzy scan must compare with a query word, found without
comparing: by script, by length and by the characters they use.

A word's characters fall in :data:`CLASSES` classes by code point; its signature
is the set of classes it uses. The vocabulary is stored by (script, length),
each group ordered by signature, so a scan reads only the groups whose length
can reach the cutoff and compares only the signatures that can. Every bound
here is a necessary condition for ``rapidfuzz.fuzz.ratio >= cutoff``, never a
guess: ``tests/test_index.py`` holds them against the ratio itself.
"""

from __future__ import annotations

import math
import re

#: characters fall in this many classes (code point modulo); signatures are bit sets
CLASSES = 8


def word_class(word: str) -> int:
    """0: ASCII only, 1: no ASCII at all (Hebrew, say), 2: both. A word of class 0 and
    one of class 1 share no character, so neither is near the other."""
    ascii_chars = sum(ch.isascii() for ch in word)
    return 0 if ascii_chars == len(word) else 1 if not ascii_chars else 2


def near_classes(word: str) -> tuple[int, ...]:
    return {0: (0, 2), 1: (1, 2)}.get(word_class(word), (0, 1, 2))


def length_window(length: int, cutoff: int) -> range:
    """The word lengths that can reach ``cutoff`` (rapidfuzz ratio) against a word of
    ``length``: ratio = 1 - d / (L + M) with d >= |L - M| bounds M both ways."""
    r = 1 - cutoff / 100
    low = math.ceil(length * (1 - r) / (1 + r) - 1e-9)
    high = math.floor(length * (1 + r) / (1 - r) + 1e-9) if r < 1 else 10**6
    return range(max(1, low), high + 1)


def shortest_common(length: int, other: int, cutoff: int) -> int:
    """The shortest common subsequence by which words of ``length`` and ``other``
    characters reach ``cutoff``: the ratio is 200 * LCS / (L + M)."""
    return -(-cutoff * (length + other) // 200)


def signature(word: str) -> int:
    """The set of character classes ``word`` uses, as bits."""
    sig = 0
    for ch in word:
        sig |= 1 << (ord(ch) % CLASSES)
    return sig


class SignatureFilter:
    """The signatures of words of a given length that can reach ``cutoff`` against
    ``word``.

    The ratio is 200 * LCS / (L + M). A common subsequence takes at most one
    character of each class both words use, plus, where ``word`` repeats a class
    the other word also uses, one more per repeat, as far as the other word's
    characters beyond one per class allow.
    """

    def __init__(self, word: str, cutoff: int) -> None:
        self.length = len(word)
        self.cutoff = cutoff
        self.sig = signature(word)
        counts = [0] * CLASSES
        for ch in word:
            counts[ord(ch) % CLASSES] += 1
        self._repeats = [(1 << c, n - 1) for c, n in enumerate(counts) if n > 1]

    def common(self, length: int, sig: int) -> int:
        """The longest common subsequence ``word`` can have with any word of ``length``
        characters whose signature is ``sig``."""
        shared = (sig & self.sig).bit_count()
        spare = length - sig.bit_count()
        repeats = sum(n for bit, n in self._repeats if sig & bit)
        return min(shared + min(spare, repeats), self.length, length)

    def admitted(self, length: int, sigs: list[int]) -> list[tuple[int, int]]:
        """The runs ``(first, end)`` of consecutive positions in ``sigs`` whose
        signatures can reach the cutoff."""
        need = shortest_common(self.length, length, self.cutoff)
        runs: list[tuple[int, int]] = []
        for i, sig in enumerate(sigs):
            if self.common(length, sig) >= need:
                if runs and runs[-1][1] == i:
                    runs[-1] = (runs[-1][0], i + 1)
                else:
                    runs.append((i, i + 1))
        return runs


class LetterFilter:
    """For ASCII words: a common subsequence takes only characters the query word has,
    so a word with fewer of them than the cutoff needs is never near. Applied to a
    run of equal-length words at C speed (a byte translation and one pattern)."""

    def __init__(self, word: str, cutoff: int) -> None:
        self.length = len(word)
        self.cutoff = cutoff
        self.letters = frozenset(word)
        mine = {ord(ch) for ch in word if ch.isascii()}
        self._delete = bytes(b for b in range(128) if b not in mine and b != 10)

    def keeps(self, other: str) -> bool:
        need = shortest_common(self.length, len(other), self.cutoff)
        return sum(ch in self.letters for ch in other) >= need

    def kept(self, text: str, length: int) -> list[str]:
        """The words it keeps of ``text``: ASCII words of ``length`` characters, one per
        line."""
        need = shortest_common(self.length, length, self.cutoff)
        if need < 1:
            return text.split("\n")
        hits = text.encode("ascii").translate(None, self._delete)
        width = length + 1
        words: list[str] = []
        line = position = 0
        for match in re.finditer(b"[^\n]{%d,}" % need, hits):
            line += hits.count(b"\n", position, match.start())
            position = match.start()
            words.append(text[line * width : line * width + length])
        return words
