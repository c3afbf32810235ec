"""Every ``--json`` output, answer or error, is one document in the same envelope:
``{"version": 1, ...}`` on stdout, and nothing on stderr."""

from __future__ import annotations

import pytest

from conftest import EXAMPLE, FIXTURES, ex, ivr

CASES = [
    # (arguments, exit code, the keys beside "version")
    (("find", "example", "cable", "billing", "--partial"), 0, None),
    (("find", "example", "--all"), 0, {"matches"}),
    (("find", "zzzzzz"), 3, {"error"}),
    (("find", "example", "leumi"), 4, {"error"}),
    (("find", "example", "cable", "billing"), 5, {"error"}),
    (("find", "example", "cable", "--if-open", "--at", "2026-11-28T10:00"), 6, None),
    (("find", "example", "cable", "--at", "someday"), 2, {"error"}),
    (("list",), 0, {"companies"}),
    (("list", "zzzzzz"), 3, {"companies"}),
    (("show", "example-cable"), 0, {"company", "yours", "subscription"}),
    (("validate",), 0, {"ok", "files", "companies", "problems", "warnings"}),
    (("catalogue", "path"), 0, {"path"}),
    (("catalogue", "stats"), 0, None),
    (("log", "example", "cable", "--waited", "7m"), 0, {"call"}),
    (("history",), 0, {"calls"}),
    (("history", "--over-limit"), 0, {"calls"}),
    (("complaint", "1"), 3, {"error"}),
    (("complaint", "1", "--lang", "fr"), 2, {"error"}),
    (("profile", "set", "card4", "1234"), 0, {"profile", "set"}),
    (("profile", "show"), 0, {"profile", "path", "fields"}),
    (("profile", "unset", "card4"), 0, {"profile", "unset"}),
    (("call", "example", "cable"), 1, {"error"}),
]


@pytest.mark.parametrize(("args", "code", "keys"), CASES, ids=lambda v: str(v))
def test_every_json_output_is_one_enveloped_document(
    args: tuple[str, ...], code: int, keys: set[str] | None
) -> None:
    result = ex(*args, "--json")
    assert (result.code, result.err) == (code, "")
    data = result.json()  # exactly one document: json.loads refuses two
    assert isinstance(data, dict)
    assert data["version"] == 1
    if keys is not None:
        assert set(data) - {"version"} == keys


def test_a_closed_line_with_if_open_is_the_answer_alone() -> None:
    result = ex("find", "example", "cable", "--if-open", "--json", "--at", "2026-11-28T10:00")
    data = result.json()
    assert result.code == 6
    assert "error" not in data
    assert (data["open"], data["dial"]) == (False, "*1234")


def test_catalogue_add_and_an_invalid_file_are_enveloped_too() -> None:
    added = ivr("catalogue", "add", str(EXAMPLE), "--json")
    assert (added.code, added.err) == (0, "")
    data = added.json()
    assert data["path"].endswith("/catalogue.d/example.yaml")
    assert data == {"version": 1, "path": data["path"], "replaced": False, "companies": 6}
    bad = FIXTURES / "bad" / "syntax.yaml"
    refused = ivr("validate", str(bad), "--json")
    assert (refused.code, refused.err) == (1, "")
    report = refused.json()
    assert report["version"] == 1
    assert report["ok"] is False
    assert report["problems"][0]["file"] == str(bad)


#: usage errors Typer finds before a command runs: (command, the rest, a word the message
#: holds); ``--json`` goes between the command and the rest
USAGE = [
    (("find",), (), "query"),
    (("find",), ("example", "--bogus"), "--bogus"),
    (("find",), ("example", "--pause-seconds", "x"), "--pause-seconds"),
    (("list",), ("--category",), "--category"),
    (("history",), ("--since",), "--since"),
    (("profile", "set"), (), "field"),
    (("profile", "show"), ("--bogus",), "--bogus"),
    (("catalogue", "stats"), ("extra",), "extra"),
    (("nosuchcommand",), (), "nosuchcommand"),
]


@pytest.mark.parametrize(("command", "rest", "word"), USAGE, ids=str)
def test_a_usage_error_under_json_is_the_json_error_object(
    command: tuple[str, ...], rest: tuple[str, ...], word: str
) -> None:
    result = ivr(*command, "--json", *rest)
    assert (result.code, result.err) == (2, "")
    data = result.json()
    assert set(data) == {"version", "error"}
    assert data["version"] == 1
    assert data["error"]["code"] == 2
    message = data["error"]["message"]
    assert word in message
    assert "--help" in message  # where to read the usage
    assert "\n" not in message


@pytest.mark.parametrize(("command", "rest", "word"), USAGE, ids=str)
def test_a_usage_error_without_json_is_typers_text_as_before(
    command: tuple[str, ...], rest: tuple[str, ...], word: str
) -> None:
    result = ivr(*command, *rest)
    assert (result.code, result.out) == (2, "")
    assert "Error: " in result.err
    assert word in result.err


def test_json_after_a_double_dash_is_a_word_not_the_option() -> None:
    result = ivr("find", "--bogus", "--", "--json")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("Usage: ivr find")


def test_help_is_untouched_by_json() -> None:
    helped = ivr("find", "--json", "--help")
    assert (helped.code, helped.err) == (0, "")
    assert helped.out.startswith("Usage: ivr find")


def test_the_installed_command_answers_a_usage_error_in_json_too() -> None:
    import json
    import subprocess
    import sys

    # ``ivr find`` builds an app holding find alone: the rule holds there as well
    ran = subprocess.run(
        [sys.executable, "-m", "ivrcli", "find", "--json", "--pause-seconds", "x", "hot"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (ran.returncode, ran.stderr) == (2, "")
    data = json.loads(ran.stdout)
    assert data["error"]["code"] == 2
    assert "--pause-seconds" in data["error"]["message"]
