"""Open right now: hours, Israeli holidays and their eves, time zones (fixed --at times)."""

from __future__ import annotations

import pytest

from conftest import ex

# All times are Israel local time (the tests' TZ) unless they carry an offset.


def status(*query: str, at: str) -> tuple[bool | None, str | None, str | None]:
    result = ex("find", *query, "--json", "--partial", "--at", at)
    assert (result.code, result.err) == (0, ""), result.out
    data = result.json()
    return data["open"], data["next_change"], data["holiday"]


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        # Wednesday inside and after hours
        ("2026-11-25T10:00", (True, "2026-11-25T21:00:00+02:00", None)),
        ("2026-11-25T22:00", (False, "2026-11-26T08:00:00+02:00", None)),
        # Friday short day, then Saturday
        ("2026-11-27T12:00", (True, "2026-11-27T13:00:00+02:00", None)),
        ("2026-11-27T14:00", (False, "2026-11-29T08:00:00+02:00", None)),
        ("2026-11-28T10:00", (False, "2026-11-29T08:00:00+02:00", None)),
        # Yom Kippur 2026 (Monday 21 Sep) closed; its eve (Sunday) short hours
        ("2026-09-21T10:00", (False, "2026-09-22T08:00:00+03:00", "Yom Kippur")),
        ("2026-09-20T10:00", (True, "2026-09-20T13:00:00+03:00", None)),
        ("2026-09-20T14:00", (False, "2026-09-22T08:00:00+03:00", None)),
        # Independence Day 2026 (Wednesday 22 Apr)
        ("2026-04-22T10:00", (False, "2026-04-23T08:00:00+03:00", "Independence Day")),
        # Pesach eve 2026 (Wednesday 1 Apr): the eve rule, then Pesach itself
        ("2026-04-01T12:00", (True, "2026-04-01T13:00:00+03:00", None)),
        ("2026-04-02T12:00", (False, "2026-04-03T08:00:00+03:00", "Pesach")),
        # an aware --at: 08:00 UTC is 10:00 in Israel
        ("2026-11-25T08:00:00+00:00", (True, "2026-11-25T21:00:00+02:00", None)),
    ],
)
def test_main_line(at: str, expected: tuple[bool, str, str | None]) -> None:
    assert status("example", "cable", at=at) == expected


def test_node_hours_override_the_line() -> None:
    assert status("example", "cable", "billing", at="2026-11-25T20:30") == (
        False,
        "2026-11-26T08:00:00+02:00",
        None,
    )


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2026-11-25T01:00", (True, "2026-11-25T02:00:00+02:00")),  # after midnight
        ("2026-11-25T23:00", (True, "2026-11-26T02:00:00+02:00")),  # before midnight
        ("2026-11-25T03:00", (False, "2026-11-25T20:00:00+02:00")),
    ],
)
def test_past_midnight(at: str, expected: tuple[bool, str]) -> None:
    assert status("example", "cable", "outages", at=at)[:2] == expected


def test_24_7_on_a_holiday() -> None:
    assert status("example", "cable", "mobile", at="2026-09-21T10:00") == (True, None, None)


def test_unknown_hours() -> None:
    assert status("exbank", at="2026-11-25T10:00") == (None, None, None)


def test_new_york_line_from_israel() -> None:
    # 10:00 in Israel is 03:00 in New York: closed until 08:00 there (15:00 here)
    assert status("extelus", at="2026-11-25T10:00") == (False, "2026-11-25T08:00:00-05:00", None)
    out = ex("find", "extelus", "--human", "--no-color", "--at", "2026-11-25T10:00").out
    assert "Closed · opens 15:00 your time (08:00 America/New_York) (in 5 h)" in out


def test_human_status_lines() -> None:
    out = ex("find", "example", "cable", "--human", "--at", "2026-11-25T18:55").out
    assert "Open now · closes 21:00 (in 2 h 5 min)" in out
    out = ex("find", "example", "cable", "--human", "--at", "2026-11-27T18:00").out
    assert "Closed · opens Sun 08:00 (in 1 d 14 h)" in out
    out = ex("find", "example", "cable", "--human", "--at", "2026-09-21T10:00").out
    assert "Closed for Yom Kippur · opens Tue 08:00 (in 22 h)" in out
    out = ex("find", "exbank", "--human", "--at", "2026-09-21T10:00").out
    assert "Hours unknown" in out
    out = ex("find", "example", "cable", "mobile", "--human", "--at", "2026-09-21T10:00").out
    assert "Open now · around the clock" in out


def test_if_open() -> None:
    closed = ex("find", "example", "cable", "--if-open", "--at", "2026-11-28T10:00")
    assert (closed.code, closed.out) == (6, "*1234\n")
    opened = ex("find", "example", "cable", "--if-open", "--at", "2026-11-25T10:00")
    assert (opened.code, opened.out) == (0, "*1234\n")
    unknown = ex("find", "exbank", "--if-open", "--at", "2026-11-28T10:00")
    assert unknown.code == 0
    data = ex("find", "example", "cable", "--if-open", "--json", "--at", "2026-11-28T10:00")
    assert data.code == 6
    assert data.json()["open"] is False


def test_list_open_on_a_weekend_night() -> None:
    result = ex("list", "--open", "--at", "2026-11-28T23:00")
    assert result.code == 0
    assert result.out == (
        "example-cable\tExample Cable\nexample-cable-mobile\tExample Cable Mobile\n"
    )
    data = ex("list", "--open", "--at", "2026-11-28T23:00", "--json").json()
    assert [c["id"] for c in data["companies"]] == ["example-cable", "example-cable-mobile"]
    assert all(c["open"] is True for c in data["companies"])


@pytest.mark.parametrize(
    "command", [("find", "example", "cable"), ("list", "--open"), ("show", "exbank")]
)
def test_bad_at_is_a_usage_error(command: tuple[str, ...]) -> None:
    result = ex(*command, "--at", "next tuesday")
    assert result.code == 2
    assert result.err == (
        "ivr: --at 'next tuesday' is not an ISO 8601 time; for example --at 2026-11-25T09:30 "
        "or --at 2026-11-25T09:30+02:00\n"
    )


def test_show_evaluates_hours_at() -> None:
    out = ex("show", "example-cable", "--human", "--at", "2026-09-21T10:00").out
    assert "Closed for Yom Kippur" in out
