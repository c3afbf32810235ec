"""Issue 16, answers users misread: a service on two lines, and the route to a person.

Through the CLI, on the fictional ``fixtures/ranking.yaml`` (and Spectrum's bundled entry,
where the route to a person was first misread).
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import FIXTURES, Result, ivr

RANKING = FIXTURES / "ranking.yaml"


def rk(*args: str) -> Result:
    """``ivr`` on the fictional ranking catalogue."""
    return ivr(*args, "--catalogue", str(RANKING))


def answer(query: str) -> tuple[str, str, list[str] | None]:
    """``(company id, line id, service path)`` of a query that must resolve."""
    result = rk("find", *query.split(), "--json")
    assert result.code == 0, result.out
    data: Any = result.json()
    return data["company"]["id"], data["line"]["id"], data["service"] and data["service"]["path"]


# --------------------------------------------------------------------------- ties name lines


def test_tie_names_each_candidates_line_and_number() -> None:
    result = rk("find", "exmobile", "cancel")
    assert (result.code, result.out) == (4, "")
    assert result.err == (
        "ivr: ambiguous: these match equally well:\n"
        "  example-mobile: Cancel contract · Customer services from an Example phone · 150"
        " (score 100)\n"
        "  example-mobile: Cancel contract · Customer services from any phone"
        " · +44 20 7946 0123 (score 100)\n"
        "  example-mobile: Cancel contract · Business desk · 0808 157 0123 (score 100)\n"
        "ivr: 3 candidates score 100; add a word to choose one\n"
    )


def test_tie_in_json_names_each_candidates_line_and_number() -> None:
    result = rk("find", "exmobile", "cancel", "--json")
    assert (result.code, result.err) == (4, "")
    candidates = result.json()["error"]["candidates"]
    assert [(c["line"], c["line_name"], c["number"]) for c in candidates] == [
        ("main", "Customer services from an Example phone", "150"),
        ("other-phones", "Customer services from any phone", "+44 20 7946 0123"),
        ("freephone", "Business desk", "0808 157 0123"),
    ]
    assert {c["service"] for c in candidates} == {"Cancel contract"}


def test_lines_in_a_tie_are_named_not_called_the_main_line() -> None:
    result = rk("find", "example", "cable", "us", "desk")
    assert result.code == 4
    assert result.err.splitlines()[1:3] == [
        "  example-cable-us: (line) · Preferences desk · +1 800-555-0101 (score 97)",
        "  example-cable-us: (line) · Support desk · +1 800-555-0102 (score 97)",
    ]


# ------------------------------------------------------------- a line word or number selects


@pytest.mark.parametrize(
    ("query", "line"),
    [
        ("exmobile cancel 150", "main"),
        ("exmobile cancel any", "other-phones"),
        ("exmobile cancel business", "freephone"),
        ("exmobile cancel desk", "freephone"),
        # the number as written, as dialled inside its country, internationally, with or
        # without separators
        ("exmobile cancel +44 20 7946 0123", "other-phones"),
        ("exmobile cancel 020 7946 0123", "other-phones"),
        ("exmobile cancel 020-7946-0123", "other-phones"),
        ("exmobile cancel 02079460123", "other-phones"),
        ("exmobile cancel 442079460123", "other-phones"),
        ("exmobile cancel 0808 157 0123", "freephone"),
        ("exmobile cancel 08081570123", "freephone"),
        ("150 exmobile cancel", "main"),
    ],
)
def test_a_line_word_or_number_selects_the_line(query: str, line: str) -> None:
    assert answer(query) == ("example-mobile", line, ["Cancel contract"])


@pytest.mark.parametrize("number", ["15", "1500", "0808", "157 0123", "02079460124", "7946"])
def test_a_partial_or_wrong_number_selects_nothing(number: str) -> None:
    result = rk("find", "exmobile", "cancel", *number.split(), "--json")
    assert result.code == 4, result.out
    assert len(result.json()["error"]["candidates"]) == 3


def test_a_number_alone_names_its_line() -> None:
    assert answer("exmobile 150") == ("example-mobile", "main", None)
    assert answer("exmobile 0808 157 0123") == ("example-mobile", "freephone", None)
    assert rk("find", "exmobile", "0808", "157", "0123").out == "+448081570123\n"
    # a US number as people write it: with the 1 in front or without
    assert answer("example cable us 1-800-555-0102") == ("example-cable-us", "support", None)
    assert answer("example cable us 800 555 0102") == ("example-cable-us", "support", None)


def test_a_number_of_no_line_is_no_match() -> None:
    result = rk("find", "exmobile", "151")
    assert result.code == 3
    assert result.out == ""


# --------------------------------------------------------------------------- the route to a person


@pytest.mark.parametrize("word", ["representative", "agent", "REPRESENTATIVE"])
def test_a_node_named_for_the_asked_word_wins(word: str) -> None:
    # "Cancel, change or move service" is kind: human with as few keys, and first in file order
    assert answer(f"example cable us {word}") == (
        "example-cable-us",
        "support",
        ["Representative"],
    )


def test_a_named_node_beats_the_shortcut_which_beats_fewer_keys() -> None:
    assert answer("example water operator") == ("example-water", "main", ["Operator"])
    assert answer("example water נציג") == ("example-water", "main", ["Operator"])
    # no node is named "human" or "agent": the shortcut, though "Faults" has fewer keys
    assert answer("example water human") == ("example-water", "main", ["Talk to someone"])
    assert answer("example water agent") == ("example-water", "main", ["Talk to someone"])


def test_spectrum_representative_is_the_representative_service() -> None:
    result = ivr("find", "spectrum", "representative", "--json")
    assert result.code == 0, result.out
    data = result.json()
    assert data["service"]["name"] == "Representative"
    assert data["line"]["id"] == "support"
