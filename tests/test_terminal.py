"""Narrow and plain terminals: Hebrew wrapped before it is reordered (``--bidi``), the
width of a ``TERM=dumb`` terminal taken from the terminal, titles cut with an ellipsis."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import ivr

# FICTIONAL: a made-up company whose Hebrew line name wraps at 40 columns
NARROW = """\
version: 1
companies:
  - id: example-office
    name: Example National Insurance Office of Examples
    country: IL
    source: https://office.example/contact
    checked: 2026-11-20
    lines:
      - id: main
        name: National call centre (מוקד טלפוני ארצי)
        number: "*5550"
        hours: "Su-Th 08:00-17:00"
"""

#: "מוקד טלפוני" and "ארצי" as a left-to-right terminal shows them in reading order
FIRST = "ינופלט דקומ"
LAST = "יצרא"


@pytest.fixture
def narrow(tmp_path: Path) -> Path:
    path = tmp_path / "narrow.yaml"
    path.write_text(NARROW, encoding="utf-8")
    return path


def lines_with(out: str, needle: str) -> tuple[str, str]:
    """The line holding ``needle`` and the line after it."""
    lines = out.splitlines()
    [at] = [i for i, line in enumerate(lines) if needle in line]
    return lines[at], lines[at + 1]


def test_bidi_wraps_hebrew_first_then_reorders_each_line(narrow: Path) -> None:
    result = ivr(
        "show",
        "example-office",
        "--human",
        "--bidi",
        "--catalogue",
        str(narrow),
        env={"COLUMNS": "40"},
    )
    assert result.code == 0
    assert all(cell_len(line) <= 40 for line in result.out.splitlines())
    first, second = lines_with(result.out, "National call centre (")
    # read right to left, the first line holds the words that come first
    assert FIRST in first
    assert LAST not in first
    assert LAST in second
    assert "דקומ" not in second


def test_bidi_keeps_whole_lines_as_before_when_they_fit(narrow: Path) -> None:
    result = ivr(
        "show",
        "example-office",
        "--human",
        "--bidi",
        "--catalogue",
        str(narrow),
        env={"COLUMNS": "100"},
    )
    assert f"National call centre ({LAST} {FIRST}): *5550" in result.out
