"""The key notation of the catalogue: ``"2, 6s, ID#, {account}"``.

Steps are separated by commas and read left to right. A step is a run of DTMF
keys, a wait (``6s``), or an identifier token (``ID``, ``Tel``, ``4D``,
``Pass``, ``{name}``) with ``*``/``#`` pressed before or after it.
"""

import re
from functools import lru_cache
from typing import NamedTuple

#: catalogue token (lower-cased) -> profile field
TOKEN_FIELDS = {"id": "id", "tel": "phone", "4d": "card4", "pass": "pin"}
#: profile field -> canonical catalogue token
FIELD_TOKENS = {"id": "ID", "phone": "Tel", "card4": "4D", "pin": "Pass"}

# patterns, compiled on first use (re caches them): a route without keys never needs them
_DTMF = r"[0-9*#]+"
_WAIT = r"(\d{1,4}(?:\.\d{1,3})?)s"
_IDENT = r"([*#]*)(id|tel|4d|pass|\{([a-z][a-z0-9_]{0,31})\})([*#]*)"


class KeysError(ValueError):
    """A key path that does not follow the notation; the message names the bad step."""


class Step(NamedTuple):
    """One step of a key path.

    ``kind`` is ``"keys"`` (``value`` holds DTMF characters), ``"wait"``
    (``seconds``) or ``"field"`` (``value`` holds the profile field, pressed
    between ``before`` and ``after``).
    """

    kind: str
    value: str = ""
    seconds: float = 0.0
    before: str = ""
    after: str = ""

    def render(self) -> str:
        """The canonical notation of this step (``parse(render(s)) == [s]``)."""
        if self.kind == "keys":
            return self.value
        if self.kind == "wait":
            return f"{format_seconds(self.seconds)}s"
        token = FIELD_TOKENS.get(self.value, "{" + self.value + "}")
        return f"{self.before}{token}{self.after}"


def format_seconds(seconds: float) -> str:
    """``6.0`` -> ``"6"``, ``1.5`` -> ``"1.5"``."""
    return str(int(seconds)) if float(seconds).is_integer() else f"{seconds:g}"


def parse_step(text: str) -> Step:
    """Parse one step; raise :class:`KeysError` naming it when it is not valid."""
    step = text.strip()
    if not step:
        raise KeysError("empty step (two commas in a row, or a comma at an end)")
    if re.fullmatch(_DTMF, step):
        return Step("keys", value=step)
    wait = re.fullmatch(_WAIT, step, re.IGNORECASE)
    if wait:
        return Step("wait", seconds=float(wait.group(1)))
    ident = re.fullmatch(_IDENT, step, re.IGNORECASE)
    if ident:
        before, token, custom, after = ident.groups()
        field = custom.lower() if custom else TOKEN_FIELDS[token.lower()]
        return Step("field", value=field, before=before, after=after)
    raise KeysError(
        f"bad step {step!r}: expected keys (0-9 * #), a wait like 6s, "
        "or ID, Tel, 4D, Pass, {name} with optional * or # around it"
    )


def parse_keys(text: str) -> list[Step]:
    """Parse a whole key path (``"2, ID#"``) into steps."""
    if not isinstance(text, str):
        raise KeysError('keys must be a string, quoted in YAML: keys: "1"')
    return list(_parse_keys(text))


@lru_cache(maxsize=4096)
def _parse_keys(text: str) -> tuple[Step, ...]:
    # catalogues repeat the same short paths; steps are frozen, so sharing them is safe
    return tuple(parse_step(part) for part in text.split(","))


def render_keys(steps: list[Step]) -> str:
    """Steps back to notation, joined by ``", "``."""
    return ", ".join(step.render() for step in steps)
