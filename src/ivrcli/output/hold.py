"""The interactive part of ``ivr call``: a live hold timer on a real terminal, and the prompts.

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

from ivrcli.law import LAW_NAME, LEGAL_LIMIT_SECONDS
from ivrcli.output.phrases import clock


def timer_text(elapsed: float, waited: float | None, law: bool) -> tuple[str, str]:
    """The timer line and its style for a call ``elapsed`` seconds old.

    ``waited`` is None while nobody has answered.
    """
    if waited is None:
        line = f"On hold {clock(elapsed)} · press Enter when a person answers, Ctrl-C to hang up"
        if not law:
            return line, "bold"
        left = LEGAL_LIMIT_SECONDS - elapsed
        if left > 0:
            return f"{line}\nLegal limit 06:00 ({clock(left)} left) · {LAW_NAME}", "bold"
        return (
            f"{line}\nOVER the 6-minute legal limit by {clock(-left)}: note the time for a "
            f"complaint · {LAW_NAME}",
            "bold red",
        )
    line = (
        f"Talking {clock(elapsed - waited)} (waited {clock(waited)})"
        " · press Enter when the call ends"
    )
    if law and waited > LEGAL_LIMIT_SECONDS:
        line += f"\nA person answered after {clock(waited)}, over the 6-minute legal limit"
        return line, "bold red"
    return line, "bold green"


@dataclass(frozen=True)
class Clock:
    """When a call started: the wall-clock moment (for the journal) and ``time.monotonic()``
    then (for its lengths, immune to the wall clock jumping)."""

    started: dt.datetime
    origin: float

    @classmethod
    def start(cls) -> Clock:
        """A clock started now."""
        return cls(dt.datetime.now().astimezone(), time.monotonic())

    def elapsed(self) -> float:
        return time.monotonic() - self.origin


@dataclass
class Held:
    """How the call went: when it started, the wait for a person, its length."""

    started: dt.datetime
    waited: float | None
    total: float
    hung_up: bool  # ended with Ctrl-C


def hold(law: bool, no_color: bool, clock: Clock | None = None) -> Held:
    """Run the timer until the call ends; return the measurements.

    ``clock`` is a call already running (dialled earlier, its keys typed): the timer and
    the 6-minute clock count from its start. Without one, the call starts now.
    """
    import select
    import termios

    from rich.live import Live

    from ivrcli.output.console import console, text

    out = console(no_color=no_color)
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    clock = clock or Clock.start()
    started, begin = clock.started, clock.origin
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


def _line(prompt: str) -> str | None:
    """One line typed at ``prompt``, None at the end of input.

    On a terminal the line is read with ``select`` and a timeout, not a blocking
    read: Python raises a Ctrl-C only between its own steps, so one pressed as
    the prompt appears would otherwise wait for Enter.
    """
    if not sys.stdin.isatty():
        try:
            return input(prompt)
        except EOFError:
            return None
    import select

    sys.stdout.write(prompt)
    sys.stdout.flush()
    fd = sys.stdin.fileno()
    while not select.select([fd], [], [], 0.2)[0]:
        pass
    data = os.read(fd, 65536)  # the terminal hands over one whole line (canonical mode)
    if not data:
        return None
    return data.decode(errors="replace").rstrip("\r\n")


def ask(prompt: str) -> str:
    """One line of answer (may be empty); Ctrl-C propagates, end of input is empty."""
    return (_line(prompt) or "").strip()


def ask_raw(prompt: str) -> str:
    """One line as typed, indentation kept; end of input is empty."""
    return (_line(prompt) or "").rstrip("\n")


def outline_intro() -> None:
    """How ``ivr map`` reads a menu from a terminal."""
    sys.stderr.write(
        "Type the menu as you hear it, one option a line: KEYS NAME (e.g. 2 Billing),\n"
        "two more spaces for a submenu. An empty line ends.\n"
    )


def yes_or_no(prompt: str) -> bool | None:
    """Yes (the default) or no, asked until the answer is one; None at the end of input."""
    while True:
        line = _line(prompt)
        if line is None:
            return None
        answer = line.strip().lower()
        if answer in ("", "y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
        sys.stderr.write("ivr: answer y or n\n")


def keys_skipped() -> None:
    """Ctrl-C at the keys question: the call stays recorded, without keys."""
    sys.stderr.write("\nivr: keys skipped; the call is recorded without them\n")


def discarded() -> None:
    """A second Ctrl-C at the prompts: the call is dropped, and the user told so."""
    sys.stderr.write("\nivr: call discarded (nothing recorded)\n")
