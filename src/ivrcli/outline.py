"""The outline ``ivr map`` reads: a menu as it is heard, one option a line.

    1 Billing
      2 Invoices
    3 Technical support
    6s, 0 Representative

``KEYS NAME``: key notation (steps separated by commas), a space, the name;
two more spaces of indentation for a submenu. Identifiers typed as digits
become their tokens (:mod:`ivrcli.typed`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ivrcli.keys import KeysError
from ivrcli.model import Holder
from ivrcli.textnorm import has_control
from ivrcli.typed import TypedKeysError, typed_keys

INDENT = 2
#: more options than this is not one menu heard on a call
MAX_OPTIONS = 1000
_KEYS = re.compile(r"[^\s,]+(?:\s*,\s*[^\s,]+)*")


class OutlineError(ValueError):
    """A line that is not ``KEYS NAME`` at a sound indentation, located;
    ``likely_identifier`` when its digits were refused as a mistyped identifier."""

    def __init__(
        self, line: int, column: int, message: str, likely_identifier: bool = False
    ) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message
        self.likely_identifier = likely_identifier


@dataclass
class _Open:
    depth: int
    menu: list[Holder]
    keys: dict[str, int]  # canonical keys of this menu's options -> their line


def parse_option(text: str, number: int, identifiers: Mapping[str, str]) -> tuple[int, Holder]:
    """One line: its depth and its node (``keys`` canonical, ``name``)."""
    if "\t" in text:
        raise OutlineError(number, text.index("\t") + 1, "a tab: indent with two spaces")
    body = text.lstrip(" ")
    indent = len(text) - len(body)
    if indent % INDENT:
        raise OutlineError(number, indent + 1, f"indent by {INDENT} spaces a level")
    match = _KEYS.match(body)
    name = body[match.end() :].strip() if match else ""
    if not match or not name:
        raise OutlineError(number, indent + 1, "expected KEYS NAME, e.g. 2 Billing")
    if has_control(name):
        raise OutlineError(
            number, indent + match.end() + 2, "the name holds control characters or bidi overrides"
        )
    try:
        keys = typed_keys(match.group(0), identifiers)
    except TypedKeysError as exc:
        raise OutlineError(number, indent + 1, str(exc), exc.likely_identifier) from None
    except KeysError as exc:
        raise OutlineError(number, indent + 1, str(exc)) from None
    return indent // INDENT, {"keys": keys, "name": name}


def parse_outline(text: str, identifiers: Mapping[str, str]) -> list[Holder]:
    """The whole outline as menu nodes; OutlineError at the first bad line (blank lines
    are skipped)."""
    root: list[Holder] = []
    stack = [_Open(-1, root, {})]
    count = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        count += 1
        if count > MAX_OPTIONS:
            raise OutlineError(number, 1, f"over {MAX_OPTIONS} options: map one menu at a time")
        depth, node = parse_option(raw.rstrip(), number, identifiers)
        while stack[-1].depth >= depth:
            stack.pop()
        parent = stack[-1]
        if depth > parent.depth + 1:
            raise OutlineError(number, 1, "indented two levels deeper than the line above")
        canonical = node["keys"].lower()
        if canonical in parent.keys:
            raise OutlineError(
                number,
                depth * INDENT + 1,
                f"keys {node['keys']!r} already lead to line {parent.keys[canonical]} here",
            )
        parent.keys[canonical] = number
        parent.menu.append(node)
        node["menu"] = []
        stack.append(_Open(depth, node["menu"], {}))
    if not root:
        raise OutlineError(1, 1, "no option: write one a line, KEYS NAME, e.g. 2 Billing")
    return root
