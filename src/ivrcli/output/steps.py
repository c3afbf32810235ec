"""``ivr call --steps``: the number, then the key path typed by hand one step at a time, then
the hold timer.

For phones that cannot dial a whole string (iPhones do not auto-dial links holding ``*`` or
``#``; a landline has nowhere to paste one). The call's clock starts when the number is
shown, as the companion's always has, and the hold timer takes it over after the last step.
Enter moves on (and cuts a wait short); Ctrl-C hangs up at any point, as in the hold timer.
The terminal's settings are always restored.
"""

from __future__ import annotations

import math
import os
import sys
import time
from typing import TYPE_CHECKING, Any

from ivrcli.keys import format_seconds
from ivrcli.output.console import console, text
from ivrcli.output.font import GLYPHS, big
from ivrcli.output.hold import Clock, Held, hold

if TYPE_CHECKING:
    from ivrcli.dial import KeyPath, KeyStep
    from ivrcli.model import Route

#: what a profile field is called on screen ("Step 2 of 2 · your ID")
FIELD_NAMES = {
    "id": "your ID",
    "phone": "your phone number",
    "card4": "your card's last 4 digits",
    "pin": "your PIN",
}


class _Gone(Exception):
    """The terminal went away (end of input)."""


class _Keypad:
    """The terminal's keyboard, read a key at a time without echo (Ctrl-C still interrupts)."""

    def __init__(self) -> None:
        self.fd = sys.stdin.fileno()

    def __enter__(self) -> _Keypad:
        import termios

        self.saved = termios.tcgetattr(self.fd)
        quiet = termios.tcgetattr(self.fd)
        quiet[3] &= ~(termios.ECHO | termios.ICANON)
        termios.tcsetattr(self.fd, termios.TCSADRAIN, quiet)
        return self

    def __exit__(self, *exc: object) -> None:
        import termios

        termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)

    def enter(self, timeout: float | None = None) -> bool:
        """Wait for Enter (other keys are ignored): True when pressed, False when ``timeout``
        seconds passed first. Raises _Gone at the end of input."""
        import select

        end = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if end is None else max(0.0, end - time.monotonic())
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return False
            key = os.read(self.fd, 1)
            if key == b"":
                raise _Gone
            if key in (b"\n", b"\r"):
                return True


def steps_call(path: KeyPath, route: Route, law: bool, no_color: bool) -> Held:
    """Show the number, walk the key path, then run the hold timer; the call's measurements.

    With no documented path, say what to listen for and go straight to the hold timer.
    """
    out = console(no_color=no_color)
    clock = Clock.start()
    out.print(text(f"Dial: {path.number}", "bold"))
    _big(out, path.number)
    if not path.steps:
        listen = _listen(route)
        if listen:
            out.print(text(listen, "yellow"))
        return hold(law, no_color, clock)
    try:
        with _Keypad() as keypad:
            out.print(text("Press Enter when the menu answers · Ctrl-C hangs up", "bold"))
            keypad.enter()
            for number, step in enumerate(path.steps, 1):
                if step.wait > 0:
                    _count_down(out, keypad, step.wait)
                _show_step(out, step, number, len(path.steps))
                keypad.enter()
    except KeyboardInterrupt:
        return Held(clock.started, None, clock.elapsed(), hung_up=True)
    except _Gone:
        return Held(clock.started, None, clock.elapsed(), hung_up=False)
    return hold(law, no_color, clock)


def _listen(route: Route) -> str | None:
    """What to listen for when there is nothing to type (None: a path of waits alone)."""
    if route.leaf is None:
        return "No service was named: listen to the menu for the option you need."
    if route.keys is None:
        return f"Listen for: {' › '.join(route.path)} (its keys are not documented)"
    return None


def _big(out: Any, keys: str) -> None:
    """Keys in block letters, when every one has a glyph (a dial string's always do)."""
    if keys and set(keys) <= GLYPHS:
        out.print(text("\n".join(big(keys, out.width)), "bold"))


def _count_down(out: Any, keypad: _Keypad, seconds: float) -> None:
    """A wait, counted down live a second at a time; Enter cuts it short."""
    from rich.live import Live

    def view(left: int) -> Any:
        return text(f"Wait {left} s: the menu is still talking · Enter skips the wait", "bold")

    end = time.monotonic() + seconds
    with Live(view(math.ceil(seconds)), console=out, auto_refresh=False) as live:
        while (left := end - time.monotonic()) > 0:
            shown = math.ceil(left)
            live.update(view(shown), refresh=True)
            if keypad.enter(left - (shown - 1)):
                live.update(text(f"Wait skipped with {shown} s left", "dim"), refresh=True)
                return
        live.update(text(f"Waited {format_seconds(seconds)} s", "dim"), refresh=True)


def _show_step(out: Any, step: KeyStep, number: int, count: int) -> None:
    """One step: what it is, the keys large and as text, and what Enter does next."""
    head = f"Step {number} of {count}"
    if step.field:
        head += " · " + FIELD_NAMES.get(step.field, f"your {step.field}")
    out.print()
    out.print(text(head, "bold"))
    if step.missing:
        field = str(step.field)
        name = FIELD_NAMES.get(field, f"your {field}")
        out.print(text(f"Type: {step.shown}", "bold yellow"))
        placeholder = step.shown.strip("*#")
        out.print(
            text(f"{name[0].upper()}{name[1:]} is not in your profile: type it for {placeholder}")
        )
        out.print(text(f"(ivr profile set {field} keeps it for the next call)", "dim"))
    else:
        _big(out, step.shown)
        out.print(text(f"Type: {step.shown}", "bold green"))
    after = "for the next step" if number < count else "once typed: the hold timer follows"
    out.print(text(f"Press Enter {after}", "dim"))
