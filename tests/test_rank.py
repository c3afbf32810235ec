"""Issue 16, answers users misread: the route to a person.

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
