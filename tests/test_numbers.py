"""Phone number normalisation: star numbers verbatim, others as a phone at home dials them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ivrcli.errors import IvrError
from ivrcli.numbers import NumberError, check_number, dial_number, number_kind


@pytest.mark.parametrize(
    ("number", "country", "home", "dialled"),
    [
        ("*2700", "IL", "IL", "*2700"),
        ("*053", "IL", "US", "*053"),  # libphonenumber would drop the star: never let it
        ("103", "IL", "IL", "103"),
        ("611", "US", "US", "611"),
        ("1-700-700-700", "IL", "IL", "1700700700"),
        ("03-123-4567", "IL", "IL", "031234567"),
        ("04-8812345", "IL", "US", "+97248812345"),
        ("+1 800-555-0199", "US", "IL", "+18005550199"),
        ("0300 200 3300", "GB", "GB", "03002003300"),
    ],
)
def test_dial_number(number: str, country: str, home: str, dialled: str) -> None:
    assert dial_number(number, country, home) == dialled


def test_not_dialable_from_abroad() -> None:
    with pytest.raises(IvrError, match="cannot be dialled from US"):
        dial_number("1-700-700-700", "IL", "US")


@pytest.mark.parametrize("number", ["call us", "*", "12-", "+", "*12a", "1-800-XFINITY", ""])
def test_bad_numbers(number: str) -> None:
    with pytest.raises(NumberError):
        number_kind(number)


@given(st.text(alphabet="0123456789 +-().*#", max_size=20), st.sampled_from(["IL", "US", "GB"]))
def test_normalisation_never_raises_anything_else(number: str, home: str) -> None:
    try:
        check_number(number, "IL")
        dialled = dial_number(number, "IL", home)
    except (NumberError, IvrError):
        return
    assert re.fullmatch(r"[*#]?\+?[0-9]+", dialled), dialled
    assert not dialled.endswith("#")  # a USSD code, never a number to call
