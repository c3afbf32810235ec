"""Phone numbers as people write them, and as a phone must dial them.

Star numbers (``*2700``) and short codes (``103``, ``611``) are kept as written:
libphonenumber silently drops the star, so it never touches them. Ordinary
numbers go through ``phonenumbers.format_number_for_mobile_dialing``.
"""

from __future__ import annotations

import re

from ivrcli.errors import IvrError, NotFromAbroad

_STAR = re.compile(r"[*#]\d{1,8}")
_ORDINARY = re.compile(r"\+?\d[\d \-().]*\d")
_SEPARATORS = re.compile(r"[ \-().]")
SHORT_CODE_MAX = 6


class NumberError(ValueError):
    """A catalogue number that is not a phone number."""


def number_kind(number: str) -> str:
    """``"star"``, ``"short"`` or ``"ordinary"``; raise :class:`NumberError` otherwise."""
    text = number.strip()
    if _STAR.fullmatch(text):
        return "star"
    if not _ORDINARY.fullmatch(text) and not text.isdigit():
        raise NumberError(
            f"bad number {number!r}: write it as people dial it, "
            "e.g. *2700, 103, 1-700-700-700, 03-1234567 or +1 800 555 0199"
        )
    if text.isdigit() and len(text) <= SHORT_CODE_MAX:
        return "short"
    return "ordinary"


def check_number(number: str, country: str) -> None:
    """Raise :class:`NumberError` unless ``number`` is a possible number of ``country``."""
    if number_kind(number) != "ordinary":
        return
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, country)
    except phonenumbers.NumberParseException as exc:
        raise NumberError(f"bad number {number!r}: {exc}") from None
    if not phonenumbers.is_possible_number(parsed):
        raise NumberError(f"{number!r} is not a possible phone number in {country}")


def dial_number(number: str, country: str, home: str) -> str:
    """The digits a phone in ``home`` dials to reach ``number`` of ``country``."""
    if number_kind(number) != "ordinary":
        return _SEPARATORS.sub("", number.strip())
    import phonenumbers

    parsed = phonenumbers.parse(number, country)
    dialled = phonenumbers.format_number_for_mobile_dialing(parsed, home, False)
    if not dialled:
        raise IvrError(
            f"{number} cannot be dialled from {home} (numbers like it work only inside "
            f"{country}); look for another line of this company, or set your home "
            "country with: ivr profile set home CC"
        )
    return str(dialled)


def international_number(number: str, country: str) -> str:
    """The number in international form (``+972...``), as a phone abroad dials it.

    Star numbers, short codes and numbers that work only inside their country
    (1-700 in Israel, by libphonenumber's data) raise :class:`IvrError` saying so.
    """
    kind = number_kind(number)
    if kind != "ordinary":
        raise NotFromAbroad(
            f"{number} cannot be dialled from abroad: {kind} numbers work only inside {country}"
        )
    import phonenumbers

    parsed = phonenumbers.parse(number, country)
    if not phonenumbers.can_be_internationally_dialled(parsed):
        raise NotFromAbroad(
            f"{number} cannot be dialled from abroad: it works only inside {country}"
        )
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def number_digits(number: str, country: str) -> list[str]:
    """The digit strings that name ``number`` in a query: the digits as written, and for
    an ordinary number also its national form (trunk prefix included: ``08009566000``)
    and its international one without the ``+`` (``448009566000``). A query names a
    line's number only by one of these whole, never by a part."""
    written = "".join(ch for ch in number if ch.isdigit())
    forms = [written]
    if number_kind(number) == "ordinary":
        import phonenumbers

        try:
            parsed = phonenumbers.parse(number, country)
        except phonenumbers.NumberParseException:
            return forms
        for form in (phonenumbers.PhoneNumberFormat.NATIONAL, phonenumbers.PhoneNumberFormat.E164):
            digits = "".join(ch for ch in phonenumbers.format_number(parsed, form) if ch.isdigit())
            if digits not in forms:
                forms.append(digits)
    return forms
