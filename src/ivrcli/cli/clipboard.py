"""Put text on the clipboard: the platform's tool when present, else OSC 52.

OSC 52 asks the terminal itself to set the clipboard; most modern terminals
(and tmux with ``set-clipboard on``) honour it, also over SSH.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from typing import BinaryIO

from ivrcli.errors import IvrError


def _tools() -> list[list[str]]:
    """Clipboard commands worth trying here, best first."""
    tools: list[list[str]] = []
    if sys.platform == "darwin":
        tools.append(["pbcopy"])
    if sys.platform == "win32":
        tools.append(["clip"])
    if os.environ.get("WAYLAND_DISPLAY"):
        tools.append(["wl-copy"])
    if os.environ.get("DISPLAY"):
        tools += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
    if hasattr(os, "uname") and "microsoft" in os.uname().release.lower():  # WSL
        tools.append(["clip.exe"])
    return tools


def _open_terminal() -> BinaryIO | None:
    """The controlling terminal, where OSC 52 must go (never a pipe)."""
    try:
        return open("/dev/tty", "wb", buffering=0)
    except OSError:
        return None


def osc52(text: str) -> bytes:
    """The escape sequence that sets the clipboard to ``text``."""
    return b"\x1b]52;c;" + base64.b64encode(text.encode()) + b"\x07"


def copy(text: str) -> str:
    """Copy ``text``; return how (the tool's name or ``OSC 52``)."""
    for command in _tools():
        if shutil.which(command[0]) is None:
            continue
        try:
            subprocess.run(command, input=text.encode(), check=True, timeout=5, capture_output=True)
        except (OSError, subprocess.SubprocessError):
            continue
        return command[0]
    terminal = _open_terminal()
    if terminal is None:
        raise IvrError("no clipboard tool and no terminal for OSC 52; use --plain and copy it")
    with terminal:
        terminal.write(osc52(text))
    return "OSC 52 (your terminal sets the clipboard)"
