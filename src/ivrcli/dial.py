"""Route + profile -> dial string and ``tel:`` URI (product.md section 4), secrets masked.

``,`` is a pause (3 s on Android GSM/VoLTE, 3GPP TS 22.101). The greeting is
a wait before the first step; the waits at every step boundary are summed
into ``ceil(seconds / pause)`` commas, never fewer than one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ivrcli.errors import IvrError
from ivrcli.keys import FIELD_TOKENS, parse_step
from ivrcli.model import Route

DIALABLE = re.compile(r"[0-9*#+,;]*")
#: profile fields shown masked unless the user asks to see them
SECRET_FIELDS = frozenset({"card4", "pin"})


def mask(field: str, value: str, reveal: bool = False) -> str:
    """``value`` as people may see it: bullets for a secret field unless ``reveal``."""
    return "•" * len(value) if field in SECRET_FIELDS and not reveal else value


@dataclass
class Dial:
    """A dial string, the fields it could not fill, and a masked copy for people."""

    dial: str
    missing: list[str]
    display: str
    complete: bool
    #: the display hides a secret (card digits, PIN) behind bullets
    masked: bool = False
    #: the dial string holds a secret's digits (shown or not): a QR code of it is one too
    secret: bool = False

    @property
    def tel(self) -> str:
        return tel_uri(self.dial)


#: the key of a line's precomputed international form (``+972...``) among its dial forms
ABROAD = "+"


def line_number(line: dict[str, Any], country: str, home: str, abroad: bool = False) -> str:
    """The line's number as a phone in ``home`` dials it; in international form for a
    line meant for callers abroad, or when the caller is abroad (``abroad``)."""
    key = ABROAD if abroad or line.get("abroad") else home
    cached = line.get("_dial", {}).get(key)
    if cached is not None:
        return str(cached)
    if key == ABROAD:
        from ivrcli.numbers import international_number

        return international_number(line["number"], country)
    from ivrcli.numbers import dial_number

    return dial_number(line["number"], country, home)


def dial_string(
    route: Route,
    profile: dict[str, str],
    *,
    home: str = "IL",
    pause: float = 3.0,
    partial: bool = False,
    reveal: bool = False,
    abroad: bool = False,
) -> Dial:
    """Compose the dial string; ``partial`` stops before the first missing field, ``abroad``
    dials the number in international form (or says it cannot be dialled from abroad)."""
    number = line_number(route.line, route.company.get("country", "IL"), home, abroad)
    steps = route.steps or []
    greeting = route.line.get("greeting")
    wait = parse_step(greeting).seconds if greeting else 0.0
    dial, shown = [number], [number]
    missing: list[str] = []
    complete = True
    masked = secret = False
    for step in steps:
        if step.kind == "wait":
            wait += step.seconds
            continue
        commas = "," * max(1, math.ceil(wait / pause - 1e-9))
        wait = 0.0
        if step.kind == "keys":
            dial.append(commas + step.value)
            shown.append(commas + step.value)
            continue
        value = profile.get(step.value)
        if value is None:
            if step.value not in missing:
                missing.append(step.value)
            complete = False
            placeholder = f"<{FIELD_TOKENS.get(step.value, step.value)}>"
            shown.append(commas + step.before + placeholder + step.after)
            continue
        if not DIALABLE.fullmatch(value) or any(c in ",;+" for c in value):
            raise IvrError(
                f"profile field {step.value!r} holds characters a phone cannot dial; "
                f"set it again with: ivr profile set {step.value}"
            )
        if complete:
            dial.append(commas + step.before + value + step.after)
            secret = secret or step.value in SECRET_FIELDS
        hidden = mask(step.value, value, reveal)
        masked = masked or hidden != value
        shown.append(commas + step.before + hidden + step.after)
    text = "".join(dial)
    if not DIALABLE.fullmatch(text):
        raise IvrError("the dial string would hold characters a phone cannot dial")
    if missing and not partial:
        complete = False
    return Dial(text, missing, "".join(shown), complete, masked, secret)


def tel_uri(dial: str) -> str:
    """RFC 3966: ``#`` starts a fragment, so it is written ``%23``."""
    return "tel:" + dial.replace("#", "%23")
