"""Hostile input, terminal safety and secrets (issue 7)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, Result, ex, ivr
from ivrcli.catalogue.validate import check_file
from ivrcli.hours import HoursError, check_hours

PIN, CARD = "918273", "7364"


def write(tmp_path: Path, text: str, name: str = "cat.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --------------------------------------------------------------------------- terminal safety

ESCAPES = ["\x1b]52;c;aGVsbG8=\x07", "\x1b[2J", "\x07", "\u202e", "\x9b31m"]


@pytest.mark.parametrize("escape", ESCAPES)
@pytest.mark.parametrize(
    ("template", "value"),
    [
        ("name: {v}\n    lines:\n      - {{id: main, number: '*5555'}}", "Acme{e}"),
        (
            "name: Acme\n    aliases: [{v}]\n    lines:\n      - {{id: main, number: '*5555'}}",
            "a{e}",
        ),
        (
            "name: Acme\n    channels: [{{kind: web, address: {v}}}]\n"
            "    lines:\n      - {{id: main, number: '*5555'}}",
            "x{e}",
        ),
        (
            "name: Acme\n    lines:\n      - id: main\n        number: '*5555'\n"
            "        menu: [{{name: Billing, note: {v}}}]",
            "n{e}",
        ),
        (
            "name: Acme\n    lines:\n      - id: main\n        number: '*5555'\n        hours: {v}",
            'Mo-Fr 08:00-17:00 "x{e}"',
        ),
    ],
)
def test_control_characters_in_data_are_refused(
    tmp_path: Path, template: str, value: str, escape: str
) -> None:
    # JSON strings are YAML double-quoted scalars: the escape reaches the loader for real
    body = template.format(v=json.dumps(value.format(e=escape)))
    cat = write(tmp_path, "version: 1\ncompanies:\n  - id: acme\n    " + body + "\n")
    for args in (
        ("validate", cat),
        ("find", "acme", "--catalogue", cat),
        ("list", "--catalogue", cat),
    ):
        result = ivr(*args)
        assert result.code == 1, (args, result)
        assert "control characters" in result.err
        assert "\x1b" not in result.out + result.err
        assert "\x07" not in result.out + result.err


def test_rich_markup_in_data_is_printed_literally(tmp_path: Path) -> None:
    cat = write(
        tmp_path,
        "# fictional\nversion: 1\ncompanies:\n  - id: acme\n    name: '[bold red]Acme[/]'\n"
        "    lines:\n      - id: main\n        number: '*5555'\n"
        "        menu: [{keys: '1', name: '[link=http://x]Billing[/link]', note: '[blink]x'}]\n",
    )
    for args in (("find", "acme", "billing", "--human"), ("show", "acme"), ("list", "--human")):
        result = ivr(*args, "--catalogue", cat)
        assert result.code == 0
        assert "[bold red]Acme[/]" in result.out
        assert "\x1b" not in result.out
    assert "[link=http://x]Billing[/link]" in ivr("show", "acme", "--catalogue", cat).out


@pytest.mark.parametrize(
    "query", ["\x1b]52;c;aGk=\x07", "\x1b[2Jacme", "hot\x00billing", "\u202ehot"]
)
def test_control_characters_in_queries(query: str) -> None:
    result = ex("find", query)
    assert result.code in (0, 3)
    assert "\x1b" not in result.out + result.err
    assert "\x07" not in result.out + result.err
    data = ex("find", query, "--json")
    assert data.err == ""
    assert "\x1b" not in data.out  # JSON escapes it as \u001b


# --------------------------------------------------------------------------- absurd input


def test_huge_query_is_a_clean_usage_error() -> None:
    started = time.monotonic()
    result = ex("find", "a" * 20_000)
    assert (result.code, result.err) == (2, "ivr: the query is too long (over 400 characters)\n")
    many = ex("find", *(["hot"] * 30))
    assert many.code == 2
    assert many.err == "ivr: the query has too many words (at most 24)\n"
    assert time.monotonic() - started < 20


def test_many_words_within_limits_answer_quickly() -> None:
    started = time.monotonic()
    words = ["example", "cable", "billing", "please", "now", "thanks", "a", "lot", "really"] * 2
    result = ex("find", *words, "--partial")
    assert result.code == 0
    assert time.monotonic() - started < 20  # a hang guard, not a benchmark


def test_deep_menu(tmp_path: Path) -> None:
    depth = 100
    lines = [
        "# fictional",
        "version: 1",
        "companies:",
        "  - id: deep",
        "    name: Deep",
        "    lines:",
    ]
    lines += ["      - id: main", "        number: '*5555'", "        menu:"]
    indent = 10
    for level in range(depth):
        pad = " " * indent
        lines += [f"{pad}- keys: '1'", f"{pad}  name: Level {level}"]
        if level < depth - 1:
            lines.append(f"{pad}  menu:")
        indent += 4
    cat = write(tmp_path, "\n".join(lines) + "\n")
    started = time.monotonic()
    result = ivr("find", "deep", "level", "99", "--catalogue", cat, "--json")
    assert result.code == 0, result.out
    data = result.json()
    assert data["dial"] == "*5555" + ",1" * depth
    assert len(data["service"]["path"]) == depth
    assert ivr("show", "deep", "--catalogue", cat).code == 0
    assert time.monotonic() - started < 20


def test_empty_and_blank_queries() -> None:
    for query in ("", " ", "\t", "...", "׳"):
        result = ex("find", query)
        assert result.code == 3, repr(query)
        assert "Traceback" not in result.err


# --------------------------------------------------------------------------- fuzzing

yaml_scalars = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
    st.dates(),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "version",
                    "companies",
                    "id",
                    "name",
                    "lines",
                    "number",
                    "menu",
                    "keys",
                    "hours",
                    "aliases",
                    "kind",
                    "topic",
                    "country",
                    "timezone",
                    "checked",
                    "source",
                    "x",
                ]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=25,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(yaml_values)
def test_loader_never_raises_on_valid_ish_documents(tmp_path: Path, document: object) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    result = check_file(path)
    for problem in result.problems:
        assert problem.file == str(path)
        assert problem.line >= 1
        assert problem.column >= 1
        assert problem.message


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_loader_never_raises_on_broken_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(b"version: 1\ncompanies:\n" + data)
    result = check_file(path)
    assert all(p.line >= 1 for p in result.problems)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list('MoTuWeThFrSaSuPH 0123456789:-;,+day"off[]/|')), max_size=40
    )
)
def test_hours_parser_never_raises_anything_else(text: str) -> None:
    message = "ok"
    try:
        check_hours(text)
    except HoursError as exc:  # the only exception it may raise, always with a message
        message = str(exc)
    assert message


# --------------------------------------------------------------------------- secrets


def outputs(*args: str, input: str | None = None) -> Result:
    return ex(*args, input=input)


def test_secrets_never_leak_unless_asked() -> None:
    assert ivr("profile", "set", "pin", PIN).code == 0
    assert ivr("profile", "set", "card4", CARD).code == 0
    ivr("profile", "set", "id", "39337423")
    ivr("profile", "set", "account", "5678")
    quiet = [
        ivr("profile", "show"),
        ivr("profile", "set", "pin", "12;3"),
        ivr("profile", "set", "card4", "12a4"),
        ivr("profile", "set", "pin", input="55x\n"),
        ex("find", "example", "cable", "account", "status", "--human"),
        ex("find", "example", "cable", "card", "payment", "--human"),
        ex("find", "example", "cable", "billing", "--human"),
        ex("find", "example", "cable", "account", "status", "--all"),
        ex("find", "zzzz"),
        ex("show", "example-cable"),
        ex("list"),
        ex("validate"),
        ivr("--help"),
        ivr("find", "--help"),
        ivr("profile", "set", "--help"),
    ]
    for result in quiet:
        text = result.out + result.err
        assert PIN not in text
        assert CARD not in text
    asked = [  # piped plain output, --plain, --json, --tel and --reveal carry the digits
        ex("find", "example", "cable", "account", "status"),
        ex("find", "example", "cable", "account", "status", "--json"),
        ex("find", "example", "cable", "card", "payment", "--plain"),
        ex("find", "example", "cable", "card", "payment", "--tel"),
        ex("find", "example", "cable", "card", "payment", "--human", "--reveal"),
        ivr("profile", "show", "--reveal"),
    ]
    for result in asked:
        assert result.code == 0
        assert PIN in result.out or CARD in result.out


def test_pretty_exceptions_show_no_locals() -> None:
    from conftest import app

    assert app.pretty_exceptions_show_locals is False


def test_example_fixture_is_untouched() -> None:
    assert "fictional" in EXAMPLE.read_text().lower()


def test_absurdly_deep_menus_are_a_clean_error(tmp_path: Path) -> None:
    lines = ["version: 1", "companies:", "  - id: deep", "    name: Deep", "    lines:"]
    lines += ["      - id: main", "        number: '*5555'", "        menu:"]
    indent = 10
    for level in range(400):
        pad = " " * indent
        lines += [f"{pad}- keys: '1'", f"{pad}  name: L{level}", f"{pad}  menu:"]
        indent += 4
    lines.append(" " * indent + "[]")
    cat = write(tmp_path, "\n".join(lines) + "\n")
    result = ivr("find", "deep", "--catalogue", cat)
    assert result.code == 1
    assert "menus nested too deeply" in result.err
    assert "Traceback" not in result.err
