"""`ivr call` on a real pseudo-terminal, `ivr log`, `ivr history` (issue 8)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

from conftest import EXAMPLE, ex, ivr
from ivrcli.law import LEGAL_LIMIT_SECONDS, law_applies, over_limit
from ivrcli.output.hold import timer_text


def spawn(*args: str) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "120", "LINES": "40"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "ivrcli", "call", *args, "--catalogue", str(EXAMPLE)],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 120),
    )


def history() -> list[dict[str, object]]:
    result = ivr("history", "--json")
    assert result.code == 0
    document = result.json()
    assert set(document) == {"version", "calls"}  # the one versioned envelope
    assert document["version"] == 1
    data: list[dict[str, object]] = document["calls"]
    return data


def test_a_call_answered_then_ended_is_recorded() -> None:
    ivr("profile", "set", "id", "39337423")
    child = spawn("example", "cable", "billing", "--outcome", "resolved")
    child.expect("\\*1234,,2,039337423#")
    child.expect("On hold")
    child.expect("Legal limit 06:00")  # an Israeli TV company, a billing route
    child.send("\r")
    child.expect("Talking")
    child.send("\r")
    child.expect("Representative's name: ")
    child.sendline("Dana")
    child.expect("Reference number: ")
    child.sendline("81734")
    child.expect("Note: ")
    child.sendline("technician after 4pm")
    child.expect("Did the keys work\\? \\[Y/n\\] ")
    child.sendline("")
    child.expect("Recorded call #1: waited 00:0")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [call] = history()
    assert call["company"] == {"id": "example-cable", "name": "Example Cable"}
    assert call["service"] == "Billing"
    assert call["number"] == "*1234"  # never the dial string with the ID in it
    assert (call["rep"], call["reference"], call["note"]) == (
        "Dana",
        "81734",
        "technician after 4pm",
    )
    assert call["outcome"] == "resolved"
    assert isinstance(call["waited_seconds"], int)
    assert call["over_limit"] is False
    assert (call["keys"], call["keys_ok"]) == ("2, ID#", True)
    assert (call["topic"], call["line_id"]) == ("billing", "main")
    assert "039337423" not in str(call)


def test_ctrl_c_before_anyone_answers_is_a_dropped_call() -> None:
    child = spawn("example", "cable", "outages")
    child.expect("On hold")
    child.sendintr()
    child.expect("Representative's name: ")
    child.sendline("")
    child.expect("Reference number: ")
    child.sendline("")
    child.expect("Note: ")
    child.sendline("hung up after the recording")
    child.expect("Did the keys work\\? \\[Y/n\\] ")
    child.sendintr()
    child.expect("keys skipped")
    child.expect("Recorded call #1: no one answered")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [call] = history()
    assert call["outcome"] == "dropped"
    assert call["waited_seconds"] is None
    assert call["rep"] is None
    assert call["note"] == "hung up after the recording"
    assert (call["keys"], call["keys_ok"]) == (None, None)  # Ctrl-C skipped the keys


def test_a_second_ctrl_c_discards_the_call() -> None:
    child = spawn("example", "cable")
    child.expect("On hold")
    child.sendintr()
    child.expect("Representative's name: ")
    child.sendintr()
    child.expect("call discarded")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert history() == []


def test_no_terminal_suggests_log() -> None:
    result = ex("call", "example", "cable")
    assert result.code == 1
    assert result.err == (
        "ivr: ivr call needs a terminal; to record a call without one use: "
        "ivr log example cable --waited 7m --rep NAME --ref NUMBER\n"
    )


# --------------------------------------------------------------------------- the legal clock


def test_timer_lines() -> None:
    assert timer_text(65, None, False) == (
        "On hold 01:05 · press Enter when a person answers, Ctrl-C to hang up",
        "bold",
    )
    line, style = timer_text(300, None, True)
    assert "Legal limit 06:00 (01:00 left)" in line
    line, style = timer_text(LEGAL_LIMIT_SECONDS + 12, None, True)
    assert "OVER the 6-minute legal limit by 00:12" in line
    assert style == "bold red"
    line, _ = timer_text(500, 400, True)
    assert line.startswith("Talking 01:40 (waited 06:40)")
    assert "over the 6-minute legal limit" in line


def test_law_applies_only_to_covered_israeli_sectors_and_topics() -> None:
    israeli_tv = {"country": "IL", "category": "tv"}
    assert law_applies(israeli_tv, "billing")
    assert not law_applies(israeli_tv, None)
    assert not law_applies({"country": "IL", "category": "health"}, "billing")
    assert not law_applies({"country": "US", "category": "mobile"}, "fault")
    assert over_limit(True, 361, 400) is True
    assert over_limit(True, 360, 400) is False
    assert over_limit(True, None, 500) is True
    assert over_limit(False, 900, 900) is None


# --------------------------------------------------------------------------- log and history


def test_log_and_history() -> None:
    first = ex("log", "example", "cable", "billing", "--waited", "7m", "--rep", "Dana",
               "--ref", "81734", "--note", "technician after 4pm", "--outcome", "callback",
               "--started", "2026-11-24T09:00")  # fmt: skip
    assert (first.code, first.err) == (0, "ivr: recorded call #1 to Example Cable\n")
    second = ex("log", "extelus", "billing", "--waited", "1h5m",
                "--started", "2026-11-25T10:00+02:00", "--json")  # fmt: skip
    assert second.err == ""
    assert second.json()["call"]["waited_seconds"] == 3900
    assert second.json()["call"]["over_limit"] is None  # not an Israeli company
    calls = history()
    assert [c["company"]["id"] for c in calls] == ["example-us", "example-cable"]  # newest first
    assert calls[1]["started"] == "2026-11-24T09:00:00+02:00"
    assert calls[1]["over_limit"] is True
    assert set(calls[0]) >= {
        "company", "service", "started", "waited_seconds", "total_seconds", "outcome", "rep",
        "reference", "note",
    }  # fmt: skip
    only = ex("history", "example", "cable", "--json").json()["calls"]
    assert [c["company"]["id"] for c in only] == ["example-cable"]
    since = ivr("history", "--since", "2026-11-25", "--json").json()["calls"]
    assert [c["company"]["id"] for c in since] == ["example-us"]


def test_history_csv_and_human() -> None:
    ex("log", "example", "cable", "billing", "--waited", "7m", "--rep", "Dana, the nice one",
       "--started", "2026-11-24T09:00")  # fmt: skip
    csv = ivr("history", "--csv").out.splitlines()
    assert csv[0] == (
        "id,company_id,company_name,service,number,started,waited_seconds,total_seconds,"
        "outcome,rep,reference,note,over_limit,keys,keys_ok,topic,line_id"
    )
    assert csv[1] == (
        "1,example-cable,Example Cable,Billing,*1234,2026-11-24T09:00:00+02:00,420,,,"
        '"Dana, the nice one",,,true,,,billing,main'
    )
    out = ivr("history", "--human").out
    assert "Example Cable: 1 call(s), median wait 07:00, 1 over the 6-minute legal limit" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--waited", "soon"), "ivr: bad duration 'soon'"),
        (
            ("--outcome", "great"),
            "ivr: bad outcome 'great': use one of resolved, unresolved, callback, dropped",
        ),
        (("--started", "yesterday"), "ivr: --started 'yesterday' is not an ISO 8601 time"),
    ],
)
def test_log_refuses_bad_values(args: tuple[str, ...], message: str) -> None:
    result = ex("log", "example", "cable", *args)
    assert result.code == 2
    assert result.err.startswith(message)
    assert history() == []


def test_corrupt_journal_is_left_for_recovery() -> None:
    path = Path(os.environ["IVR_HOME"]) / "journal.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database " * 100)
    before = path.read_bytes()
    for args in (("history",), ("log", "example", "cable", "--catalogue", str(EXAMPLE))):
        result = ivr(*args)
        assert result.code == 1
        assert result.err.startswith(f"ivr: {path}")
        assert "left as it is" in result.err
    assert path.read_bytes() == before


def test_two_logs_at_once_both_land() -> None:
    import subprocess

    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ivrcli", "log", "example", "cable", "--note", f"call {i}",
             "--catalogue", str(EXAMPLE)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for i in range(2)
    ]  # fmt: skip
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    assert sorted(c["note"] for c in history()) == ["call 0", "call 1"]


def test_typed_escape_sequences_never_reach_the_journal() -> None:
    result = ex(
        "log", "example", "cable", "--note", "\x1b]52;c;aGk=\x07 call back", "--rep", "\x1b[2JDana"
    )
    assert result.code == 0
    for args in (("history",), ("history", "--csv"), ("history", "--human")):
        out = ivr(*args).out
        assert "\x1b" not in out
        assert "\x07" not in out
    [call] = history()
    assert call["note"] == "\ufffd]52;c;aGk=\ufffd call back"


def test_no_terminal_in_json_mode_is_a_json_error() -> None:
    result = ex("call", "example", "cable", "--json")
    assert (result.code, result.err) == (1, "")
    assert result.json()["error"]["message"].startswith("ivr call needs a terminal")


def answered_with_no_details(child: pexpect.spawn) -> None:
    """A person answers, the call ends, the three prompts are left empty."""
    child.expect("On hold")
    child.send("\r")
    child.expect("Talking")
    child.send("\r")
    leave_the_prompts_empty(child)


def leave_the_prompts_empty(child: pexpect.spawn) -> None:
    """Leave the three prompts empty (Enter, never Ctrl-C: a signal sent as a prompt
    appears can land before the read starts, and the read then waits for ever)."""
    for prompt in ("Representative's name: ", "Reference number: ", "Note: "):
        child.expect_exact(prompt)
        child.sendline("")


def test_the_learning_loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14's loop: map a fictional menu, find it, call it, say the keys worked, find
    says so, contribute, and the contribution alone answers in a fresh home."""
    ivr("profile", "set", "id", "039337423")
    mapped = ex("map", "example", "water", "--name", "Example Water", "--number", "03-555-0188",
                "--greeting", "6s", "--category", "water",
                input="1 Billing\n  2, 039337423# Your account\n3 Leaks\n")  # fmt: skip
    assert mapped.code == 0, mapped.err
    assert ex("find", "example", "water", "account").out == "035550188,,1,2,039337423#\n"
    child = spawn("example", "water", "account")
    answered_with_no_details(child)
    child.expect("Did the keys work\\? \\[Y/n\\] ")
    child.sendline("maybe")
    child.expect("answer y or n")
    child.sendline("y")
    child.expect("Recorded call #1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    human = ex("find", "example", "water", "account", "--human").out
    assert "worked on your call on" in human
    share = tmp_path / "share.yaml"
    assert ex("contribute", "--output", str(share)).code == 0
    text = share.read_text(encoding="utf-8")
    assert "039337423" not in text
    assert "confirmations: 1" in text
    assert ivr("validate", str(share)).out == "ok: 1 companies in 1 file(s)\n"
    monkeypatch.setenv("IVR_HOME", str(tmp_path / "fresh"))
    alone = ivr("find", "example", "water", "account", "--partial", "--catalogue", str(share))
    assert alone.out == "035550188,,1,2\n"  # the caller's own ID stays theirs


def test_keys_that_did_not_work_are_asked_for() -> None:
    child = spawn("example", "cable", "outages")
    answered_with_no_details(child)
    child.expect("Did the keys work\\? \\[Y/n\\] ")
    child.sendline("n")
    child.expect("Which keys did work\\? \\(Enter to skip\\) ")
    child.sendline("seven")
    child.expect("not key notation")
    child.expect("Which keys did work\\? \\(Enter to skip\\) ")
    child.sendline("7, 5")
    child.expect("Recorded call #1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [call] = history()
    assert (call["keys"], call["keys_ok"]) == ("7, 5", False)
    assert ex("find", "example", "cable", "outages").out == "035550101,7,5\n"


def test_an_unknown_path_asks_which_keys_reached_the_service() -> None:
    child = spawn("example", "cable", "cancel")
    child.expect("On hold")
    child.sendintr()
    for prompt in ("Representative's name: ", "Reference number: ", "Note: "):
        child.expect(prompt)
        child.sendline("")
    child.expect("Which keys reached the service\\? \\(Enter to skip\\) ")
    child.sendline("")
    child.expect("Recorded call #1: no one answered")
    child.expect(pexpect.EOF)
    child.close()
    [call] = history()
    assert (call["keys"], call["keys_ok"]) == (None, None)


def test_map_on_a_terminal_asks_line_by_line_and_again_for_a_bad_line() -> None:
    env = {**os.environ, "TERM": "xterm"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "ivrcli", "map", "example", "cable", "--catalogue", str(EXAMPLE)],
        env=env, encoding="utf-8", timeout=30, dimensions=(40, 120),
    )  # fmt: skip
    child.expect("An empty line ends")
    child.sendline("5 Complaints")
    child.sendline("\tbad")
    child.expect("column 1: a tab: indent with two spaces; type that line again")
    child.sendline("  1 In writing")
    child.sendline("")
    child.expect("recorded 2 options for Example Cable")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert ex("find", "example", "cable", "in", "writing").out == "*1234,,5,1\n"


def test_a_new_company_with_no_latin_name_needs_an_id() -> None:
    result = ex("map", "שלום", "--name", "שלום", "--number", "*5557", input="1 Billing\n")
    assert result.code == 2
    assert "give one with --id" in result.err
    made = ex("map", "שלום", "--name", "שלום", "--number", "*5557", "--id", "shalom-co",
              input="1 Billing\n")  # fmt: skip
    assert made.code == 0, made.err
    assert ex("find", "שלום", "billing").out == "*5557,1\n"
