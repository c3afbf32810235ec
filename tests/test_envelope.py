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
