"""The interactive part of ``ivr call``: a live hold timer on a real terminal.

Keys are read one at a time (no echo, no line buffering) with ``select`` so the
timer keeps ticking; Enter marks "a person answered", then "the call ended".
Ctrl-C ends the call at any point. The terminal's settings are always restored.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from dataclasses import dataclass
from typing import Any

from ivrcli.companion import timer_text


@dataclass
class Held:
    """How the call went: when it started, the wait for a person, its length."""

    started: dt.datetime
    waited: float | None
    total: float
    hung_up: bool  # ended with Ctrl-C


def hold(law: bool, no_color: bool) -> Held:
    """Run the timer until the call ends; return the measurements."""
    import select
    import termios

    from rich.live import Live

    from ivrcli.render import console, text

    out = console(no_color=no_color)
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    started = dt.datetime.now().astimezone()
    begin = time.monotonic()
    waited: float | None = None
    total: float | None = None
    hung_up = False

    def view() -> Any:
        line, style = timer_text(time.monotonic() - begin, waited, law)
        return text(line, style)

    try:
        quiet = termios.tcgetattr(fd)
        quiet[3] &= ~(termios.ECHO | termios.ICANON)
        termios.tcsetattr(fd, termios.TCSADRAIN, quiet)
        with Live(view(), console=out, auto_refresh=False, transient=False) as live:
            shown = -1
            while total is None:
                ready, _, _ = select.select([fd], [], [], 0.2)
                if ready:
                    key = os.read(fd, 1)
                    now = time.monotonic() - begin
                    if key in (b"\n", b"\r"):
                        if waited is None:
                            waited = now
                        else:
                            total = now
                    elif key == b"":  # the terminal went away
                        total = now
                    live.update(view(), refresh=True)
                second = int(time.monotonic() - begin)
                if second != shown:
                    shown = second
                    live.update(view(), refresh=True)
    except KeyboardInterrupt:
        hung_up = True
        total = time.monotonic() - begin
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    return Held(started, waited, total, hung_up)


def ask(prompt: str) -> str:
    """One line of answer (may be empty); Ctrl-C propagates, end of input is empty."""
    try:
        return input(prompt).strip()
    except EOFError:
        return ""
