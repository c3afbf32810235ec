"""Keys a person types after a call (``map`` outlines, the keys question, ``log --keys``).

Identifiers are never stored as digits: a run of 4 or more digits equal to a
profile identifier in any of its forms becomes its token (``ID``, ``Tel``,
``4D``, ``Pass``, ``{name}``), and a run of 6 or more digits equal to none is
refused as a likely mistyped identifier. No message here repeats such digits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ivrcli.keys import KeysError, Step, parse_step, render_keys

#: a digit run this long that is an identifier becomes its token
TOKEN_DIGITS = 4
#: a digit run this long that is no identifier is refused
REFUSED_DIGITS = 6
LIKELY_IDENTIFIER = (
    f"{REFUSED_DIGITS} or more digits in a row that are none of your identifiers look like "
    "a mistyped one: type ID, Tel, 4D, Pass or {name} for it (or fix the profile)"
)
_DTMF = re.compile(r"[0-9*#]+")
_RUN = re.compile(r"\d+")


class TypedKeysError(KeysError):
    """Typed keys that cannot be stored; ``likely_identifier`` when digits were refused."""

    def __init__(self, message: str, likely_identifier: bool = False) -> None:
        super().__init__(message)
        self.likely_identifier = likely_identifier


def tokenize(text: str, identifiers: Mapping[str, str]) -> list[Step]:
    """Typed keys as steps, identifiers' digits as tokens.

    ``identifiers`` maps every form of every identifier (digits) to its profile
    field. Keys typed among an identifier's digits with ``*``/``#`` stay around
    its token (``1#039337423#`` is ``1#, ID#``: the digits before it are a step
    of their own).
    """
    steps: list[Step] = []
    for part in text.split(","):
        step = part.strip()
        if not step:
            raise TypedKeysError("an empty step: two commas in a row, or one at an end")
        if _DTMF.fullmatch(step):
            steps.extend(_dtmf(step, identifiers))
            continue
        shown = hide(step, identifiers)
        try:
            steps.append(parse_step(shown))
        except KeysError:
            raise TypedKeysError(
                f"{shown!r} is not key notation: keys 0-9 * #, a wait like 6s, "
                "or ID, Tel, 4D, Pass, {name}; steps separated by commas"
            ) from None
    return steps


def typed_keys(text: str, identifiers: Mapping[str, str]) -> str:
    """:func:`tokenize`, in canonical notation (``"2, ID#"``)."""
    return render_keys(tokenize(text, identifiers))


def _dtmf(step: str, identifiers: Mapping[str, str]) -> list[Step]:
    """One typed run of keys: its identifiers' digits become field steps."""
    pieces = re.split(r"(\d+)", step)  # marks, digits, marks, digits, ..., marks
    out: list[Step] = []
    pending = ""
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        field = identifiers.get(piece) if i % 2 and len(piece) >= TOKEN_DIGITS else None
        if i % 2 and field is None and len(piece) >= REFUSED_DIGITS:
            raise TypedKeysError(LIKELY_IDENTIFIER, likely_identifier=True)
        if field is None:
            pending += piece
            i += 1
            continue
        before = ""
        if pending.strip("*#"):  # keys before it: a step of their own
            out.append(Step("keys", value=pending))
        else:
            before = pending
        after = pieces[i + 1] if i + 1 < len(pieces) else ""
        out.append(Step("field", value=field, before=before, after=after))
        pending = ""
        i += 2
    if pending:
        out.append(Step("keys", value=pending))
    return out


def identifiers_in(text: str, identifiers: Mapping[str, str]) -> list[str]:
    """The fields whose digits stand in ``text`` as a run of their own (4 or more)."""
    runs = _RUN.findall(text)
    return [identifiers[run] for run in runs if len(run) >= TOKEN_DIGITS and run in identifiers]


def hide(text: str, identifiers: Mapping[str, str]) -> str:
    """``text`` safe to show: identifiers' digits as their tokens, long runs as ``…``."""
    from ivrcli.keys import FIELD_TOKENS

    def swap(match: re.Match[str]) -> str:
        run = match.group(0)
        field = identifiers.get(run) if len(run) >= TOKEN_DIGITS else None
        if field is not None:
            return FIELD_TOKENS.get(field, "{" + field + "}")
        return "…" if len(run) >= REFUSED_DIGITS else run

    return _RUN.sub(swap, text)
