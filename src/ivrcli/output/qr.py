"""QR codes of a ``tel:`` link that phone cameras read: drawn in the terminal or saved.

Always standard QR: segno's ``make`` picks a Micro QR code for a short link,
and Android camera apps and ML Kit do not read Micro QR. The quiet zone is the
4 modules the standard asks for, in the terminal as in a file.

In the terminal each character holds two modules, one above the other (half
blocks). With colours the code is black on white whatever the terminal's own
background; without them the glyphs are the light modules (right on a dark
background), or the dark ones with ``invert`` (a light background).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, TextIO

from ivrcli.errors import IvrError

#: modules of light margin around the code (ISO/IEC 18004 asks for 4)
BORDER = 4
#: pixels per module in a saved file: version 1 is 290 px square
SCALE = 10
#: the file formats ``--qr-file`` writes, by extension
FORMATS = (".png", ".svg")
#: black on white from the 256-colour cube (16 and 231), which themes do not remap
#: as they remap the 16 basic colours (a theme's "white" can be grey or dark)
BLACK_ON_WHITE = "\x1b[38;5;16;48;5;231m"
RESET = "\x1b[0m"
#: a character from its (top, bottom) modules, True where the glyph is drawn
HALF_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def _code(tel: str) -> Any:
    import segno

    try:
        return segno.make_qr(tel, error="m")
    except segno.DataOverflowError:
        raise IvrError(f"the link is too long for a QR code ({len(tel)} characters)") from None


def modules(tel: str) -> list[list[bool]]:
    """The code's modules with the quiet zone, a row of booleans each, True for dark."""
    return [[bool(dark) for dark in row] for row in _code(tel).matrix_iter(border=BORDER)]


def drawing(tel: str, *, color: bool, invert: bool = False) -> str:
    """The code as terminal text, a line per two rows of modules.

    ``color``: every line black on white (SGR), reset at its end; the glyphs are the
    dark modules. Otherwise no escape code: the glyphs are the light modules, or the
    dark ones when ``invert``.
    """
    rows = modules(tel)
    glyph_dark = color or invert
    if len(rows) % 2:
        rows.append([not glyph_dark] * len(rows[0]))  # an unlit half below the quiet zone
    start, end = (BLACK_ON_WHITE, RESET) if color else ("", "")
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        cells = (
            HALF_BLOCKS[(t == glyph_dark, b == glyph_dark)]
            for t, b in zip(top, bottom, strict=True)
        )
        lines.append(start + "".join(cells) + end + "\n")
    return "".join(lines)


def draw(tel: str, *, no_color: bool, invert: bool) -> None:
    """Draw the code and the link under it: on stdout when it is a terminal, else on
    stderr, so that piped stdout keeps its usual content."""
    stream = sys.stdout if sys.stdout.isatty() else sys.stderr
    stream.write(drawing(tel, color=not no_color and colours(stream), invert=invert))
    stream.write(tel + "\n")
    stream.flush()


def colours(stream: TextIO) -> bool:
    """Whether ``stream`` shows colours: a terminal other than TERM=dumb, or FORCE_COLOR
    set (as rich decides for the human view; NO_COLOR is the caller's)."""
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def save(tel: str, path: Path, *, private: bool) -> None:
    """Write the code to ``path`` as PNG or SVG (by its extension, one of :data:`FORMATS`),
    black on white with the quiet zone, atomically; mode 0600 when ``private``."""
    import io

    from ivrcli.storage import write_file

    buffer = io.BytesIO()
    kind = path.suffix.lower().lstrip(".")
    _code(tel).save(buffer, kind=kind, scale=SCALE, border=BORDER, dark="#000", light="#fff")
    write_file(path, buffer.getvalue(), "the QR code", private=private)
