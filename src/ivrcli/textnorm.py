"""Text normalisation for search: case, Hebrew vowel marks and punctuation never matter."""

from __future__ import annotations

import re

_NON_WORD = re.compile(r"[^\w]+|_")


def normalise(text: str) -> str:
    """Fold case, drop combining marks (niqqud, accents) and punctuation; collapse spaces.

    >>> normalise("HOT-Mobile")
    'hot mobile'
    >>> normalise("שָׁלוֹם")
    'שלום'
    """
    if text.isascii():  # no marks to drop, and case folds as lower() does
        folded = text.lower()
    else:
        import unicodedata

        decomposed = unicodedata.normalize("NFD", text)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        folded = unicodedata.normalize("NFC", stripped).casefold()
    return " ".join(_NON_WORD.sub(" ", folded).split())


#: terminal control characters (tab and newline aside) and bidi overrides -> U+FFFD
_CONTROL = dict.fromkeys(
    [
        *range(0x00, 0x09),
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ],
    "\ufffd",
)


def has_control(text: str) -> bool:
    """True when ``text`` holds terminal control characters or bidi overrides."""
    return text.translate(_CONTROL) != text


def scrub(text: str) -> str:
    """Replace control characters and bidi overrides with U+FFFD for display."""
    return text.translate(_CONTROL)
