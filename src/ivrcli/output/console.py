"""The rich console and how catalogue text is drawn on it: scrubbed, literal, bidi on request.

Text from catalogues is data: it is scrubbed of control characters and always
printed as literal rich ``Text`` (never parsed as markup). rich is imported
only when a human view is drawn.
"""

from __future__ import annotations

import os
from typing import Any

from ivrcli.textnorm import scrub


def console(stderr: bool = False, no_color: bool = False) -> Any:
    from rich.console import Console

    out = Console(
        stderr=stderr, no_color=no_color or None, highlight=False, emoji=False, markup=False
    )
    if out.is_dumb_terminal:  # rich draws TERM=dumb 80 columns wide, whatever its size
        out.size = _terminal_size(out.file)
    return out


def _terminal_size(stream: Any) -> tuple[int, int]:
    """The terminal's columns and lines, ``COLUMNS`` and ``LINES`` first (as rich reads them)."""
    try:
        columns, lines = os.get_terminal_size(stream.fileno())
    except (AttributeError, ValueError, OSError):
        columns, lines = 0, 0
    env_columns, env_lines = os.environ.get("COLUMNS", ""), os.environ.get("LINES", "")
    columns = int(env_columns) if env_columns.isdigit() else columns
    lines = int(env_lines) if env_lines.isdigit() else lines
    return columns or 80, lines or 25


_bidi = False


def set_bidi(enabled: bool) -> None:
    """``--bidi`` / ``IVR_BIDI=1``: reorder Hebrew for terminals that cannot.

    Opt-in, because terminals that do bidi themselves would reverse it twice.
    A display setting chosen once per command, before any view is drawn.
    """
    global _bidi
    _bidi = enabled


def _right_to_left(value: str) -> bool:
    return any("\u0590" <= ch <= "\u08ff" for ch in value)


def _display_order(line: str) -> str:
    """One displayed line's right-to-left runs in display order, in a left-to-right line."""
    if not _right_to_left(line):
        return line
    from bidi import get_display

    return str(get_display(line, base_dir="L"))


class _Visual:
    """Text that rich wraps in reading order, each wrapped line then put in display order.

    Reordering first would wrap the reversed text: a right-to-left run cut in two
    would show its end on the first line. Not a ``Text``, so that ``print`` does not
    join it with its neighbours into a plain one.
    """

    def __init__(self, logical: Any) -> None:
        self.logical = logical

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        return self.logical.__rich_measure__(console, options)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import DEFAULT_JUSTIFY, DEFAULT_OVERFLOW, Text

        logical = self.logical
        lines = logical.wrap(
            console,
            options.max_width,
            justify=logical.justify or options.justify or DEFAULT_JUSTIFY,
            overflow=logical.overflow or options.overflow or DEFAULT_OVERFLOW,
            tab_size=logical.tab_size or console.tab_size or 8,
            no_wrap=bool(logical.no_wrap or options.no_wrap),
        )
        for line in lines:
            line.plain = _display_order(line.plain)
        yield from Text("\n").join(lines).render(console, end=logical.end)


def text(value: Any, style: str = "") -> Any:
    """Catalogue or user text as a literal rich ``Text``: scrubbed; with ``--bidi``, put in
    display order line by line as it is drawn (after rich has wrapped it)."""
    from rich.text import Text

    logical = Text(scrub(str(value)), style=style)
    if _bidi and _right_to_left(logical.plain):
        return _Visual(logical)
    return logical


def title(value: Any, style: str, width: int) -> Any:
    """A one-line title of at most ``width`` cells: cut in reading order, ending in "…",
    then (``--bidi``) put in display order. rich would cut the reordered text instead."""
    from rich.cells import cell_len, set_cell_size
    from rich.text import Text

    plain = scrub(str(value)).replace("\n", " ")
    if cell_len(plain) > max(width, 1):
        plain = set_cell_size(plain, max(width, 1) - 1).rstrip() + "…"
    return Text(_display_order(plain) if _bidi else plain, style=style, overflow="ellipsis")


def building() -> Any:
    """A spinner on stderr while a large catalogue compiles (only on a terminal)."""
    import contextlib
    import sys

    if not sys.stderr.isatty():
        return contextlib.nullcontext()
    return console(stderr=True).status("Compiling the catalogue (first run after a change)…")
