"""Text normalisation for search: case, Hebrew vowel marks and punctuation never matter."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+|_")


def normalise(text: str) -> str:
    """Fold case, drop combining marks (niqqud, accents) and punctuation; collapse spaces.

    >>> normalise("HOT-Mobile")
    'hot mobile'
    >>> normalise("שָׁלוֹם")
    'שלום'
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = unicodedata.normalize("NFC", stripped).casefold()
    return " ".join(_NON_WORD.sub(" ", folded).split())


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def has_control(text: str) -> bool:
    """True when ``text`` holds terminal control characters or bidi overrides."""
    return bool(_CONTROL.search(text))


def scrub(text: str) -> str:
    """Replace control characters and bidi overrides with U+FFFD for display."""
    return _CONTROL.sub("\ufffd", text)
