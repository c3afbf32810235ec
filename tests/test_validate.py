"""`ivr validate`: every malformed file gives exit 1, its name, the right line, no traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import BUNDLED, EXAMPLE, FIXTURES, ivr

BAD = FIXTURES / "bad"

# file -> (line, column, message fragment); each file is broken in exactly one place
CASES = {
    "alias-bomb.yaml": (2, 4, "anchors and aliases are not supported"),
    "bad-category.yaml": (5, 15, "category: a slug of lowercase letters, digits and hyphens"),
    "bad-country.yaml": (5, 14, "'XX' is not an ISO 3166 country code"),
    "bad-date.yaml": (5, 14, "checked: not a date"),
    "bad-hours.yaml": (8, 16, "hours: bad hours 'Sunday to Thursday 8-5'"),
    "bad-id.yaml": (3, 9, "id: a slug of lowercase letters, digits and hyphens"),
    "bad-keys.yaml": (9, 20, "keys: bad step 'X9'"),
    "bad-kind.yaml": (9, 42, "kind: Input should be 'human', 'automated' or 'recorded'"),
    "bad-number.yaml": (6, 28, "number: bad number 'call us'"),
    "bad-timezone.yaml": (5, 15, "'Mars/Olympus' is not an IANA time zone"),
    "bad-topic.yaml": (9, 43, "topic: Input should be 'fault', 'billing' or 'termination'"),
    "bad-url.yaml": (5, 13, "source: must be a web address"),
    "bad-utf8.yaml": (4, 16, "not valid UTF-8"),
    "bad-version.yaml": (1, 10, "version: Input should be 1"),
    "control-chars.yaml": (4, 11, "name: contains control characters"),
    "duplicate-id.yaml": (7, 9, "duplicate company id 'acme'"),
    "duplicate-key.yaml": (5, 5, "duplicate key 'name'"),
    "empty-lines.yaml": (5, 12, "lines: List should have at least 1 item"),
    "empty.yaml": (1, 1, "the file is empty"),
    "impossible-number.yaml": (6, 28, "'03-55' is not a possible phone number in IL"),
    "line-not-mapping.yaml": (6, 9, "lines[0]: expected a mapping"),
    "list-top.yaml": (1, 1, "expected a mapping with 'version: 1'"),
    "missing-lines.yaml": (3, 5, "missing required key 'lines'"),
    "missing-name.yaml": (3, 5, "missing required key 'name'"),
    "negative-wait.yaml": (6, 47, "greeting: bad wait '-3s'"),
    "no-timezone.yaml": (5, 14, "US spans several time zones; add timezone"),
    "no-version.yaml": (1, 1, "missing required key 'version'"),
    "ph-uncovered.yaml": (8, 44, "PH: no public-holiday data for country BV"),
    "sibling-keys.yaml": (10, 20, "keys '1' already lead to 'One'"),
    "syntax.yaml": (6, 1, "YAML syntax error"),
    "tabs.yaml": (4, 1, "tab character"),
    "unknown-key.yaml": (5, 5, "unknown key 'alaises' (did you mean 'aliases'?)"),
    "unquoted-number.yaml": (6, 28, "number: must be a string (quote it in YAML)"),
}


def test_every_bad_fixture_is_listed() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(CASES)
    assert len(CASES) >= 20


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_is_located(name: str) -> None:
    line, column, fragment = CASES[name]
    path = BAD / name
    result = ivr("validate", str(path))
    assert result.code == 1
    assert result.out == ""
    first = result.err.splitlines()[0]
    assert first.startswith(f"{path}:{line}:{column}: "), first
    assert fragment in first
    assert "Traceback" not in result.err
    assert result.err.splitlines()[-1] == "ivr: 1 problem(s) found"


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_in_json(name: str) -> None:
    line, column, fragment = CASES[name]
    result = ivr("validate", str(BAD / name), "--json")
    assert result.code == 1
    assert result.err == ""
    data = result.json()
    assert data["version"] == 1
    assert data["ok"] is False
    [problem] = data["problems"]
    assert (problem["file"], problem["line"], problem["column"]) == (str(BAD / name), line, column)
    assert fragment in problem["message"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_find_on_bad_catalogue_is_one_clean_line(name: str) -> None:
    result = ivr("find", "acme", "--catalogue", str(BAD / name))
    assert result.code == 1
    line, column, _ = CASES[name]
    assert result.err.startswith(f"ivr: {BAD / name}:{line}:{column}: ")
    assert len(result.err.splitlines()) == 1
    assert result.out == ""


def test_all_problems_of_a_file_are_reported(tmp_path: Path) -> None:
    bad = tmp_path / "many.yaml"
    bad.write_text(
        "version: 1\ncompanies:\n"
        "  - id: A\n    name: x\n    lines:\n      - {id: main, number: 'oops', colour: red}\n"
        "  - id: b\n    name: y\n    lines:\n      - {id: main, number: '*1', hours: 'nonsense'}\n"
    )
    result = ivr("validate", str(bad))
    assert result.code == 1
    lines = result.err.splitlines()
    assert [line.split(": ")[0] for line in lines[:-1]] == [
        f"{bad}:3:9",
        f"{bad}:6:28",
        f"{bad}:6:36",
        f"{bad}:10:41",
    ]
    assert lines[-1] == "ivr: 4 problem(s) found"


def test_missing_file_and_directory(tmp_path: Path) -> None:
    result = ivr("validate", str(tmp_path / "nope.yaml"))
    assert (result.code, result.err.splitlines()[0]) == (
        1,
        f"{tmp_path / 'nope.yaml'}:1:1: no such file",
    )
    result = ivr("validate", str(tmp_path))
    assert result.code == 1
    assert result.err.splitlines()[0] == f"{tmp_path}:1:1: is a directory, not a catalogue file"


def test_alias_bomb_is_refused_quickly() -> None:
    started = time.monotonic()
    result = ivr("find", "lol", "--catalogue", str(BAD / "alias-bomb.yaml"))
    assert result.code == 1
    assert time.monotonic() - started < 20  # a hang guard, not a performance assertion


def test_example_with_every_field_is_valid() -> None:
    result = ivr("validate", str(EXAMPLE))
    assert result.code == 0
    assert result.out == "ok: 6 companies in 1 file(s)\n"
    # the fixture's holiday-eve rule opens a Saturday before Shavuot 2029: a warning, not an error
    assert "warning: the eve rule opens Sat 2029-05-19 (before Shavuot)" in result.err


def test_bundled_catalogue_is_valid() -> None:
    result = ivr("validate", str(BUNDLED), "--json")
    assert result.code == 0, result.out
    assert result.json()["ok"] is True
    assert result.err == ""


def test_validate_without_paths_checks_the_active_catalogue() -> None:
    result = ivr("validate")
    assert result.code == 0
    assert result.out.startswith("ok: ")
