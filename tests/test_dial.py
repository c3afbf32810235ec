"""``ivr dial``: the call handed to an Android phone through a fake adb that answers like
the real one (tests/fixtures/fake_adb.py) and runs what reaches the phone through a real
POSIX shell."""

from __future__ import annotations

import json
import os
import shlex
import stat
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ex, ivr

ROUTE_TEL = "tel:*1234,,2,039337423%23"  # example cable billing: greeting 6s, keys "2, ID#"


@pytest.fixture
def adb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake adb first on PATH; returns the directory its records go to."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "adb"
    script.write_text(
        f'#!/bin/sh\nexec {shlex.quote(sys.executable)} {FIXTURES / "fake_adb.py"} "$@"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_ADB_LOG", str(tmp_path / "argv.jsonl"))
    monkeypatch.setenv("FAKE_ADB_ARGS", str(tmp_path / "am-args"))
    monkeypatch.setenv("FAKE_ADB_DEVICES", "R58M123=device")
    for name in ("ADB", "ANDROID_SERIAL", "FAKE_ADB_AM", "FAKE_ADB_DAEMON"):
        monkeypatch.delenv(name, raising=False)
    ivr("profile", "set", "id", "039337423")
    return tmp_path


def calls(records: Path) -> list[list[str]]:
    log = records / "argv.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines()]


def am_args(records: Path) -> list[str]:
    """What ``am`` received, argument by argument, after the phone's shell parsed it."""
    return (records / "am-args").read_text().splitlines()


def test_dial_places_the_call_with_every_character_intact(adb: Path) -> None:
    result = ex("dial", "example", "cable", "billing")
    assert result.code == 0, result.err
    assert result.out == "*1234,,2,039337423#\n"
    assert result.err == "ivr: calling on R58M123\n"
    devices, start = calls(adb)
    assert devices == ["devices"]
    assert start[:3] == ["-s", "R58M123", "shell"]
    # the words after `shell`, joined and parsed as the phone's shell parses them
    assert shlex.split(" ".join(start[3:])) == [
        "am", "start", "-a", "android.intent.action.CALL", "-d", ROUTE_TEL,
    ]  # fmt: skip
    # ... and what a real POSIX shell handed to `am` (a glob would have changed `*`)
    assert am_args(adb) == ["start", "-a", "android.intent.action.CALL", "-d", ROUTE_TEL]


def test_dry_run_prints_the_command_line_and_runs_nothing(adb: Path) -> None:
    result = ex("dial", "example", "cable", "billing", "--dry-run", "--device", "R58M123")
    assert result.code == 0
    assert result.out == (
        "adb -s R58M123 shell am start -a android.intent.action.CALL -d "
        "''\"'\"'tel:*1234,,2,039337423%23'\"'\"''\n"
    )
    assert calls(adb) == []
    # the printed line, run by a shell here, gives adb exactly the argv ivr would
    [*_, quoted] = shlex.split(result.out)
    assert shlex.split(quoted) == [ROUTE_TEL]


def test_android_serial_chooses_the_device(adb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_ADB_DEVICES", "AAA=device BBB=device")
    monkeypatch.setenv("ANDROID_SERIAL", "BBB")
    result = ex("dial", "example", "cable", "billing")
    assert result.code == 0, result.err
    assert calls(adb)[1][:2] == ["-s", "BBB"]


def test_json_adds_placed_device_and_command(adb: Path) -> None:
    result = ex("dial", "example", "cable", "billing", "--json")
    assert result.code == 0
    assert result.err == ""
    data = result.json()
    assert data["version"] == 1
    assert (data["placed"], data["device"], data["tel"]) == (True, "R58M123", ROUTE_TEL)
    assert data["command"][-1] == shlex.quote(ROUTE_TEL)
    dry = ex("dial", "example", "cable", "billing", "--json", "--dry-run").json()
    assert (dry["placed"], dry["device"]) == (False, None)


def test_daemon_start_notes_are_not_devices(adb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_ADB_DAEMON", "1")
    assert ex("dial", "example", "cable", "billing").code == 0


@pytest.mark.parametrize(
    ("devices", "device", "message"),
    [
        ("", None, "ivr: no Android phone found: connect it by USB with USB debugging on "
         "(see the README), then check with: adb devices\n"),
        ("R58M123=unauthorized", None, "ivr: device R58M123 is not authorized: unlock the "
         "phone and accept 'Allow USB debugging?'\n"),
        ("R58M123=offline", None, "ivr: device R58M123 is offline: reconnect it and check "
         "with: adb devices\n"),
        ("AAA=device BBB=unauthorized", None, "ivr: several devices attached (AAA, BBB): "
         "choose one with --device SERIAL or ANDROID_SERIAL\n"),
        ("AAA=device", "CCC", "ivr: device CCC is not attached (attached: AAA)\n"),
    ],
)  # fmt: skip
def test_device_problems_exit_1_with_one_line(
    adb: Path, monkeypatch: pytest.MonkeyPatch, devices: str, device: str | None, message: str
) -> None:
    monkeypatch.setenv("FAKE_ADB_DEVICES", devices)
    extra = ["--device", device] if device else []
    result = ex("dial", "example", "cable", "billing", *extra)
    assert (result.code, result.out, result.err) == (1, "", message)
    assert calls(adb) == [["devices"]]  # nothing was dialled


def test_am_error_is_an_error_though_adb_exits_0(
    adb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_ADB_AM", "error")
    result = ex("dial", "example", "cable", "billing")
    assert result.code == 1
    assert result.err == (
        "ivr: the phone did not start the call: "
        "Error: Activity not started, unable to resolve Intent\n"
    )


def test_adb_missing(adb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(adb / "empty"))
    result = ex("dial", "example", "cable", "billing")
    assert result.code == 1
    assert result.err.startswith("ivr: adb not found: install Android platform-tools (")
    monkeypatch.setenv("ADB", str(adb / "no-such-adb"))
    result = ex("dial", "example", "cable", "billing", "--json")
    assert result.code == 1
    assert (
        result.json()["error"]["message"] == f"ADB={adb / 'no-such-adb'} is not an "
        "executable file; point ADB at adb"
    )


def test_adb_env_names_the_binary(adb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADB", str(adb / "bin" / "adb"))
    monkeypatch.setenv("PATH", str(adb / "empty"))
    monkeypatch.setenv("FAKE_ADB_DEVICES", "R58M123=device")
    result = ex("dial", "example", "cable", "billing")
    assert result.code == 0, result.err


def test_missing_identifier_dials_nothing(adb: Path) -> None:
    ivr("profile", "unset", "id")
    result = ex("dial", "example", "cable", "billing")
    assert result.code == 5
    assert calls(adb) == []


def test_closed_line_with_if_open_dials_nothing(adb: Path) -> None:
    # Saturday night: the fictional line is open Su-Th 08:00-20:00
    result = ex("dial", "example", "cable", "billing", "--if-open", "--at", "2026-11-28T23:00")
    assert result.code == 6
    assert result.out == ""
    assert result.err.startswith("ivr: Closed")
    assert result.err.endswith(": no call placed\n")
    assert calls(adb) == []
    data = ex(
        "dial", "example", "cable", "billing", "--if-open", "--at", "2026-11-28T23:00", "--json"
    )
    assert (data.code, data.json()["placed"], data.json()["open"]) == (6, False, False)


def test_abroad_dials_the_international_form(adb: Path) -> None:
    result = ex("dial", "example", "cable", "outages", "--abroad")
    assert result.code == 0, result.err
    assert am_args(adb)[-1].startswith("tel:+97235550101,")


# --------------------------------------------------------------------------- ivr call --dial


def test_call_dial_dials_then_keeps_company(adb: Path) -> None:
    """On a real pty: the phone dials, then the hold timer runs and the call is recorded."""
    import pexpect

    from test_call import answered_with_no_details, history, spawn

    child = spawn("example", "cable", "billing", "--dial", "--outcome", "resolved")
    child.expect("calling on R58M123")
    answered_with_no_details(child)
    child.expect("Did the keys work\\? \\[Y/n\\] ")
    child.sendline("")
    child.expect("Recorded call #1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert am_args(adb)[-1] == ROUTE_TEL
    [call] = history()
    assert call["outcome"] == "resolved"


def test_call_dial_that_fails_records_nothing(adb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pexpect

    from test_call import history, spawn

    monkeypatch.setenv("FAKE_ADB_DEVICES", "R58M123=unauthorized")
    child = spawn("example", "cable", "billing", "--dial")
    child.expect("ivr: device R58M123 is not authorized")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert history() == []


def test_call_dial_with_steps_is_a_usage_error(adb: Path) -> None:
    result = ex("call", "example", "cable", "billing", "--dial", "--steps")
    assert result.code == 2
    assert result.err == (
        "ivr: --dial and --steps do not go together: --dial makes the phone type the keys, "
        "--steps walks you through typing them\n"
    )
    assert calls(adb) == []
