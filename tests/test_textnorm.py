"""Normalisation and scrubbing, against the definitions they replace (issue 17 made
both cheaper: ASCII text skips unicodedata, control characters are one translate)."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from ivrcli.textnorm import has_control, normalise, scrub

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def by_the_book(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = unicodedata.normalize("NFC", stripped).casefold()
    return " ".join(re.sub(r"[^\w]+|_", " ", folded).split())


@given(st.text())
def test_normalise_is_nfd_unmarked_nfc_casefolded_words(text: str) -> None:
    assert normalise(text) == by_the_book(text)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_normalises_as_any_text_does(text: str) -> None:
    assert normalise(text) == by_the_book(text)


def test_normalise_examples() -> None:
    assert normalise("HOT-Mobile") == "hot mobile"
    assert normalise("שָׁלוֹם") == "שלום"
    assert normalise("Straße_Ü") == "strasse u"


@given(st.text(alphabet=st.characters(max_codepoint=0x2100)))
def test_scrub_replaces_exactly_the_control_characters(text: str) -> None:
    assert scrub(text) == CONTROL.sub("\ufffd", text)
    assert has_control(text) == bool(CONTROL.search(text))
    assert "\t" not in text or "\t" in scrub(text)
