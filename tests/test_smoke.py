"""The installed `ivr` entry point, run as a user would (a subprocess, TERM=dumb)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE


def installed_ivr() -> str:
    path = shutil.which("ivr")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("the ivr entry point is not installed")
        pytest.skip("ivr is not installed on PATH")
    return path


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TERM": "dumb"}
    return subprocess.run(
        [installed_ivr(), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=60
    )


def test_entry_point_finds_the_bundled_catalogue_from_any_folder(tmp_path: Path) -> None:
    result = run("find", "bituach", "leumi", "pension", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "*6050\n", "")


def test_version_and_help() -> None:
    from ivrcli import __version__

    assert run("--version").stdout == f"ivr {__version__}\n"
    help_text = run("--help").stdout
    for command in ("find", "list", "show", "validate", "profile"):
        assert command in help_text


def test_python_dash_m_is_the_same() -> None:
    env = {**os.environ, "TERM": "dumb"}
    result = subprocess.run(
        [sys.executable, "-m", "ivrcli", "find", "extelus", "billing", "--catalogue", str(EXAMPLE)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (0, "+18005550199,1,2\n")


def test_json_mode_keeps_stderr_empty_on_errors() -> None:
    for args in (
        ("find", "zzzzzz", "--json"),
        ("find", "example", "leumi", "--json", "--catalogue", str(EXAMPLE)),
        ("find", "example", "cable", "billing", "--json", "--catalogue", str(EXAMPLE)),
    ):
        result = run(*args)
        assert result.returncode in (3, 4, 5)
        assert result.stderr == ""
        assert '"error"' in result.stdout


def test_no_traceback_on_keyboard_interrupt_of_a_prompt() -> None:
    result = subprocess.run(
        [installed_ivr(), "profile", "set", "pin"],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TERM": "dumb"},
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
