"""Reading creates no files: on a fresh ``IVR_HOME``, commands that only read leave no
journal behind (and most leave no ``IVR_HOME`` at all), and still give the empty answer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ex, ivr

HEADER = (
    "id,company_id,company_name,service,number,started,waited_seconds,total_seconds,"
    "outcome,rep,reference,note,over_limit,keys,keys_ok,topic,line_id"
)


def home() -> Path:
    return Path(os.environ["IVR_HOME"])


@pytest.mark.parametrize(
    ("args", "out"),
    [
        (("history",), "No calls recorded yet"),
        (("history", "--human"), "No calls recorded yet"),
        (("history", "--json"), '"calls": []'),
        (("history", "--csv"), HEADER),
        (("history", "--since", "2026-01-01"), "No calls recorded yet"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else None,
)
def test_history_of_an_empty_journal_creates_nothing(args: tuple[str, ...], out: str) -> None:
    result = ivr(*args)
    assert (result.code, result.err) == (0, "")
    assert out in result.out
    assert not home().exists()


def test_history_of_a_company_creates_no_journal() -> None:
    result = ex("history", "example", "cable", "--json")
    assert result.code == 0
    assert result.json() == {"version": 1, "calls": []}
    assert not (home() / "journal.sqlite3").exists()


def test_history_reads_a_journal_once_there_is_one() -> None:
    assert ex("log", "example", "cable", "--waited", "7m").code == 0
    assert (home() / "journal.sqlite3").exists()
    [call] = ivr("history", "--json").json()["calls"]
    assert call["company"]["id"] == "example-cable"


@pytest.mark.parametrize(
    "args",
    [
        ("profile", "show"),
        ("profile", "show", "--json"),
        ("catalogue", "path"),
        ("catalogue", "subscriptions"),
        ("schema",),
    ],
    ids=" ".join,
)
def test_other_read_only_commands_create_nothing(args: tuple[str, ...]) -> None:
    assert ivr(*args).code == 0
    assert not home().exists()


@pytest.mark.parametrize(
    "args",
    [
        ("find", "example", "cable"),
        ("list",),
        ("show", "example-cable"),
        ("catalogue", "stats"),
        ("validate",),
    ],
    ids=" ".join,
)
def test_commands_that_read_the_catalogue_write_at_most_its_cache(args: tuple[str, ...]) -> None:
    assert ex(*args).code == 0
    found = (
        {p.relative_to(home()).parts[0] for p in home().rglob("*")} if home().exists() else set()
    )
    assert found <= {"cache"}
