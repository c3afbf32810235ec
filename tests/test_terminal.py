"""Narrow and plain terminals: Hebrew wrapped before it is reordered (``--bidi``), the
width of a ``TERM=dumb`` terminal taken from the terminal, titles cut with an ellipsis."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest
from rich.cells import cell_len

from conftest import Result, ivr

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


def show_bidi(narrow: Path, columns: str) -> Result:
    """``ivr show`` of the Hebrew-named office, human view, bidi on, ``columns`` wide."""
    args = ("show", "example-office", "--human", "--bidi", "--catalogue", str(narrow))
    return ivr(*args, env={"COLUMNS": columns})


def test_bidi_wraps_hebrew_first_then_reorders_each_line(narrow: Path) -> None:
    result = show_bidi(narrow, "40")
    assert result.code == 0
    assert all(cell_len(line) <= 40 for line in result.out.splitlines())
    first, second = lines_with(result.out, "National call centre (")
    # read right to left, the first line holds the words that come first
    assert FIRST in first
    assert LAST not in first
    assert LAST in second
    assert "דקומ" not in second


def test_bidi_keeps_whole_lines_as_before_when_they_fit(narrow: Path) -> None:
    result = show_bidi(narrow, "100")
    assert f"National call centre ({LAST} {FIRST}): *5550" in result.out


def test_a_title_cut_at_a_narrow_width_ends_in_an_ellipsis(narrow: Path) -> None:
    result = ivr(
        "find", "example-office", "--human", "--catalogue", str(narrow), env={"COLUMNS": "40"}
    )
    top = result.out.splitlines()[0]
    assert top.startswith("╭─ Example National Insurance")
    assert top.endswith("─╮")
    assert top.rstrip("─╮ ").endswith("…")
    assert cell_len(top) == 40


def dumb_terminal(narrow: Path, columns: int, env_columns: str | None) -> list[str]:
    """``ivr find`` on a real pty of ``columns`` columns with ``TERM=dumb``."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["TERM"] = "dumb"
    if env_columns is not None:
        env["COLUMNS"] = env_columns
    child = pexpect.spawn(
        sys.executable,
        ["-m", "ivrcli", "find", "example-office", "--catalogue", str(narrow)],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(24, columns),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = str(child.before)
    assert "\x1b[" not in out  # a dumb terminal gets no colour codes
    return [line for line in out.split("\r\n") if line]


@pytest.mark.parametrize(
    ("columns", "env_columns"), [(40, None), (120, "40")], ids=["terminal", "COLUMNS"]
)
def test_a_dumb_terminal_is_drawn_at_its_own_width(
    narrow: Path, columns: int, env_columns: str | None
) -> None:
    lines = dumb_terminal(narrow, columns, env_columns)
    assert all(cell_len(line) <= 40 for line in lines), lines
    box = [line for line in lines if line[0] in "╭│╰"]
    top, *middle, bottom = box
    assert top.startswith("╭─ ")
    assert top.rstrip("─╮ ").endswith("…")
    assert all(line.startswith("│") and line.endswith("│") for line in middle)
    assert bottom.startswith("╰")
    assert bottom.endswith("╯")
    assert len({cell_len(line) for line in box}) == 1  # one width: the box is intact
    assert any("*5550" in line for line in middle)
