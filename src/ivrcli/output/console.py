"""The rich console and how catalogue text is drawn on it: scrubbed, literal, bidi on request.

Text from catalogues is data: it is scrubbed of control characters and always
printed as literal rich ``Text`` (never parsed as markup). rich is imported
only when a human view is drawn.
"""

from __future__ import annotations

from typing import Any

from ivrcli.textnorm import scrub


def console(stderr: bool = False, no_color: bool = False) -> Any:
    from rich.console import Console

    return Console(
        stderr=stderr, no_color=no_color or None, highlight=False, emoji=False, markup=False
    )


_bidi = False


def set_bidi(enabled: bool) -> None:
    """``--bidi`` / ``IVR_BIDI=1``: reorder Hebrew for terminals that cannot.

    Opt-in, because terminals that do bidi themselves would reverse it twice.
    A display setting chosen once per command, before any view is drawn.
    """
    global _bidi
    _bidi = enabled


def visual(value: str) -> str:
    """Right-to-left runs in display order, in a left-to-right line."""
    if not _bidi or not any("\u0590" <= ch <= "\u08ff" for ch in value):
        return value
    from bidi import get_display

    return "\n".join(str(get_display(line, base_dir="L")) for line in value.split("\n"))


def text(value: Any, style: str = "") -> Any:
    """Catalogue or user text as a literal rich ``Text``: scrubbed, in display order."""
    from rich.text import Text

    return Text(visual(scrub(str(value))), style=style)


def building() -> Any:
    """A spinner on stderr while a large catalogue compiles (only on a terminal)."""
    import contextlib
    import sys

    if not sys.stderr.isatty():
        return contextlib.nullcontext()
    return console(stderr=True).status("Compiling the catalogue (first run after a change)…")
