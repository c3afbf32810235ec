"""Android Debug Bridge: which phone to use, and the command line that makes it call.

``adb [-s SERIAL] shell am start -a android.intent.action.CALL -d 'TEL'``: adb
joins the words after ``shell`` with spaces and hands them to the phone's
``sh``, so the ``tel:`` URI is quoted for that shell (its ``*`` must not glob,
its ``%23`` and ``,`` must reach ``am`` untouched). ``adb`` exits 0 even when
``am`` fails, so its output is read for ``Error:``.
"""

from __future__ import annotations

import os
import shlex
import shutil
from dataclasses import dataclass

from ivrcli.errors import IvrError

CALL_ACTION = "android.intent.action.CALL"
PLATFORM_TOOLS = "https://developer.android.com/tools/releases/platform-tools"
#: how long one adb command may take before ivr gives up on it
TIMEOUT_SECONDS = 20.0


class AdbError(IvrError):
    """adb missing, no usable phone, or the phone refusing the call (exit 1)."""


@dataclass(frozen=True)
class Device:
    """One line of ``adb devices``: a serial and its state (device, unauthorized, offline...)."""

    serial: str
    state: str


def binary(environ: dict[str, str] | None = None) -> str | None:
    """The adb to run: ``ADB`` when set (a path or a name on PATH), else ``adb`` on PATH."""
    env = os.environ if environ is None else environ
    named = env.get("ADB") or "adb"
    if os.sep in named:
        return named if os.access(named, os.X_OK) and os.path.isfile(named) else None
    return shutil.which(named)


def not_found(environ: dict[str, str] | None = None) -> AdbError:
    env = os.environ if environ is None else environ
    if env.get("ADB"):
        return AdbError(f"ADB={env['ADB']} is not an executable file; point ADB at adb")
    return AdbError(
        f"adb not found: install Android platform-tools ({PLATFORM_TOOLS}) "
        "and put it on PATH, or set ADB to its path"
    )


def parse_devices(output: str) -> list[Device]:
    """The devices ``adb devices`` lists, in its order.

    Lines before ``List of devices attached`` and the daemon's ``* ...`` notes
    are skipped; a line is ``SERIAL<TAB>STATE`` (``no permissions (...)`` included).
    """
    found: list[Device] = []
    listing = False
    for raw in output.splitlines():
        line = raw.strip()
        if line.startswith("List of devices"):
            listing = True
            continue
        if not listing or not line or line.startswith("*"):
            continue
        serial, _, state = line.partition("\t") if "\t" in line else line.partition(" ")
        found.append(Device(serial.strip(), state.strip() or "unknown"))
    return found


def choose(devices: list[Device], wanted: str | None) -> str:
    """The serial to use: ``wanted`` when attached and ready, the only device otherwise."""
    if wanted:
        chosen = [d for d in devices if d.serial == wanted]
        if not chosen:
            attached = ", ".join(d.serial for d in devices) or "none"
            raise AdbError(f"device {wanted} is not attached (attached: {attached})")
        return _ready(chosen[0])
    if not devices:
        raise AdbError(
            "no Android phone found: connect it by USB with USB debugging on "
            "(see the README), then check with: adb devices"
        )
    if len(devices) > 1:
        serials = ", ".join(d.serial for d in devices)
        raise AdbError(
            f"several devices attached ({serials}): choose one with --device SERIAL "
            "or ANDROID_SERIAL"
        )
    return _ready(devices[0])


def _ready(device: Device) -> str:
    if device.state == "device":
        return device.serial
    if device.state == "unauthorized":
        raise AdbError(
            f"device {device.serial} is not authorized: unlock the phone and accept "
            "'Allow USB debugging?'"
        )
    if device.state.startswith("no permissions"):
        raise AdbError(
            f"no permission to use device {device.serial}: on Linux add a udev rule for it "
            "(see adb's docs) or run adb once as root"
        )
    raise AdbError(
        f"device {device.serial} is {device.state}: reconnect it and check with: adb devices"
    )


def call_command(adb: str, serial: str | None, tel: str) -> list[str]:
    """The argv that makes the phone call ``tel`` (the URI quoted for the phone's shell)."""
    device = ["-s", serial] if serial else []
    return [adb, *device, "shell", "am", "start", "-a", CALL_ACTION, "-d", shlex.quote(tel)]


def am_error(output: str) -> str | None:
    """The ``Error:`` line ``am`` printed (adb still exits 0), or None."""
    for line in output.splitlines():
        if line.strip().startswith(("Error:", "Exception occurred")):
            return line.strip()
    return None
