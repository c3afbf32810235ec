"""``ivr dial`` and ``ivr call --dial``: hand the call to an Android phone through adb."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

from ivrcli.adb import (
    TIMEOUT_SECONDS,
    AdbError,
    am_error,
    binary,
    call_command,
    choose,
    not_found,
    parse_devices,
)


@dataclass(frozen=True)
class Placed:
    """The adb command line for a call, the device it goes to, and whether it was run."""

    command: list[str]
    device: str | None
    placed: bool

    @property
    def shell_line(self) -> str:
        """The command line as a shell on this computer would take it."""
        import shlex

        return shlex.join(self.command)


def plan(tel: str, device: str | None) -> Placed:
    """``--dry-run``: the command line that would place the call (adb named as ``ADB``
    names it, else ``adb``); nothing is run."""
    adb = os.environ.get("ADB") or "adb"
    return Placed(call_command(adb, device, tel), device, placed=False)


def place(tel: str, device: str | None) -> Placed:
    """Make the phone call ``tel``: find adb, pick the device, start the call intent.

    Every failure is an :class:`AdbError` with one line saying what to do.
    """
    adb = binary()
    if adb is None:
        raise not_found()
    listed = _run([adb, "devices"], "list the devices")
    serial = choose(parse_devices(listed), device)
    argv = call_command(adb, serial, tel)
    said = _run(argv, "start the call")
    refused = am_error(said)
    if refused:
        raise AdbError(f"the phone did not start the call: {refused}")
    return Placed(argv, serial, placed=True)


def _run(argv: list[str], doing: str) -> str:
    """Run adb; its stdout and stderr together (``am`` reports on either)."""
    try:
        done = subprocess.run(  # a fixed argv, no shell on this side
            argv, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise AdbError(
            f"adb did not {doing} within {TIMEOUT_SECONDS:.0f} s; check the cable and: adb devices"
        ) from None
    except OSError as exc:
        raise AdbError(f"could not run {argv[0]}: {exc.strerror or exc}") from None
    output = (done.stdout or "") + (done.stderr or "")
    if done.returncode != 0:
        last = next((x.strip() for x in reversed(output.splitlines()) if x.strip()), "")
        raise AdbError(
            f"adb could not {doing} (exit {done.returncode})" + (f": {last}" if last else "")
        )
    return output
