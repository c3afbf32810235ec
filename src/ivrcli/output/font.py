"""Keys drawn large, five rows of block letters, for reading off a screen while dialling.

The glyphs cover what a dial string holds (``0-9 * # +``) and the bullet a masked
secret is shown as. Each is five columns wide; one blank column between them.
"""

from __future__ import annotations

HEIGHT = 5
WIDTH = 5  # of one glyph; with its gap, a key takes WIDTH + 1 columns

_ROWS = {
    "0": (" ███ ", "█   █", "█   █", "█   █", " ███ "),
    "1": ("  █  ", " ██  ", "  █  ", "  █  ", " ███ "),
    "2": (" ███ ", "█   █", "  ██ ", " █   ", "█████"),
    "3": ("████ ", "    █", " ███ ", "    █", "████ "),
    "4": ("█   █", "█   █", "█████", "    █", "    █"),
    "5": ("█████", "█    ", "████ ", "    █", "████ "),
    "6": (" ███ ", "█    ", "████ ", "█   █", " ███ "),
    "7": ("█████", "    █", "   █ ", "  █  ", "  █  "),
    "8": (" ███ ", "█   █", " ███ ", "█   █", " ███ "),
    "9": (" ███ ", "█   █", " ████", "    █", " ███ "),
    "*": ("     ", "█ █ █", " ███ ", "█ █ █", "     "),
    "#": (" █ █ ", "█████", " █ █ ", "█████", " █ █ "),
    "+": ("     ", "  █  ", "█████", "  █  ", "     "),
    "•": ("     ", " ▒▒▒ ", " ▒▒▒ ", " ▒▒▒ ", "     "),
}
#: the characters :func:`big` can draw
GLYPHS = frozenset(_ROWS)


def big(keys: str, width: int = 80) -> list[str]:
    """``keys`` as rows of block letters, wrapped to ``width`` columns (a blank row between
    bands). Raises KeyError for a character with no glyph."""
    per_band = max(1, (width + 1) // (WIDTH + 1))
    rows: list[str] = []
    for start in range(0, len(keys), per_band):
        glyphs = [_ROWS[ch] for ch in keys[start : start + per_band]]
        if rows:
            rows.append("")
        rows.extend(" ".join(g[r] for g in glyphs).rstrip() for r in range(HEIGHT))
    return rows
