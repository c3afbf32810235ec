"""Route + profile -> dial string and ``tel:`` URI (product.md section 4), secrets masked.

``,`` is a pause (3 s on Android GSM/VoLTE, 3GPP TS 22.101). The greeting is
a wait before the first step; the waits at every step boundary are summed
into ``ceil(seconds / pause)`` commas, never fewer than one.
"""

import math
import re
from typing import Any, NamedTuple

from ivrcli.errors import IvrError
from ivrcli.keys import FIELD_TOKENS, parse_step
from ivrcli.model import Route

DIALABLE = re.compile(r"[0-9*#+,;]*")
#: profile fields shown masked unless the user asks to see them
SECRET_FIELDS = frozenset({"card4", "pin"})


def mask(field: str, value: str, reveal: bool = False) -> str:
    """``value`` as people may see it: bullets for a secret field unless ``reveal``."""
    return "•" * len(value) if field in SECRET_FIELDS and not reveal else value


class KeyStep(NamedTuple):
    """One thing to type on the keypad once the menu answers (``ivr call --steps``)."""

    #: seconds to wait before it: the greeting (first step) and the waits before it, summed
    wait: float
    #: the keys to type; empty when ``missing``
    keys: str
    #: as people may see it: a secret masked unless revealed, ``<ID>`` when missing
    shown: str
    #: the profile field it fills (None: plain keys)
    field: str | None = None
    #: the field is not in the profile
    missing: bool = False


class KeyPath(NamedTuple):
    """A route as typed by hand: the number, then every key step (missing fields included)."""

    #: the line's number as this phone dials it
    number: str
    steps: list[KeyStep]

    @property
    def missing(self) -> list[str]:
        """The fields the profile lacks, in route order, each once."""
        return list(dict.fromkeys(s.field for s in self.steps if s.missing and s.field))


class Dial(NamedTuple):
    """A dial string, the fields it could not fill, and a masked copy for people."""

    dial: str
    missing: list[str]
    display: str
    complete: bool
    #: the walk the string was composed from, for people who type the keys themselves
    path: KeyPath
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


def pauses(seconds: float, pause: float = 3.0) -> int:
    """How many ``,`` a wait of ``seconds`` takes before a step: never fewer than one."""
    return max(1, math.ceil(seconds / pause - 1e-9))


def key_path(
    route: Route,
    profile: dict[str, str],
    *,
    home: str = "IL",
    reveal: bool = False,
    abroad: bool = False,
) -> KeyPath:
    """The route's number and key steps with the profile filled in: the one walk both the
    dial string and the step-by-step companion are made from.

    Waits (the greeting, ``6s`` steps) are folded into the wait before the next step;
    waits after the last step are dropped. A field the profile lacks is a step with no
    keys and a placeholder; a field holding what a phone cannot dial is an error.
    """
    number = line_number(route.line, route.company.get("country", "IL"), home, abroad)
    greeting = route.line.get("greeting")
    wait = parse_step(greeting).seconds if greeting else 0.0
    steps: list[KeyStep] = []
    for step in route.steps or []:
        if step.kind == "wait":
            wait += step.seconds
            continue
        if step.kind == "keys":
            steps.append(KeyStep(wait, step.value, step.value))
        elif (value := profile.get(step.value)) is None:
            placeholder = f"<{FIELD_TOKENS.get(step.value, step.value)}>"
            shown = step.before + placeholder + step.after
            steps.append(KeyStep(wait, "", shown, step.value, missing=True))
        elif not DIALABLE.fullmatch(value) or any(c in ",;+" for c in value):
            raise IvrError(
                f"profile field {step.value!r} holds characters a phone cannot dial; "
                f"set it again with: ivr profile set {step.value}"
            )
        else:
            keys = step.before + value + step.after
            shown = step.before + mask(step.value, value, reveal) + step.after
            steps.append(KeyStep(wait, keys, shown, step.value))
        wait = 0.0
    return KeyPath(number, steps)


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
    """Compose the dial string from :func:`key_path`: each step after its pauses; the
    string stops before the first missing field (``partial`` makes that an answer, not
    an error: the caller decides). ``abroad`` dials the number in international form
    (or says it cannot be dialled from abroad)."""
    path = key_path(route, profile, home=home, reveal=reveal, abroad=abroad)
    dial, shown = [path.number], [path.number]
    complete = True
    secret = False
    for step in path.steps:
        commas = "," * pauses(step.wait, pause)
        complete = complete and not step.missing
        if complete:
            dial.append(commas + step.keys)
            secret = secret or step.field in SECRET_FIELDS
        shown.append(commas + step.shown)
    text = "".join(dial)
    if not DIALABLE.fullmatch(text):
        raise IvrError("the dial string would hold characters a phone cannot dial")
    masked = any(s.shown != s.keys for s in path.steps if not s.missing)
    return Dial(text, path.missing, "".join(shown), complete, path, masked, secret)


def tel_uri(dial: str) -> str:
    """RFC 3966: ``#`` starts a fragment, so it is written ``%23``."""
    return "tel:" + dial.replace("#", "%23")
