"""Typed keys and map outlines: identifiers never stored as digits; located outline errors."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ivrcli.keys import parse_keys, render_keys
from ivrcli.outline import MAX_OPTIONS, OutlineError, parse_outline
from ivrcli.profile import identifier_forms
from ivrcli.typed import TypedKeysError, hide, typed_keys

# fictional identifiers: a valid Israeli ID (check digit), a 050 number, card digits, PIN
PROFILE = {
    "id": "039337423",
    "phone": "0502345678",
    "card4": "4321",
    "pin": "9876",
    "account": "55512345",
    "home": "IL",
}
FORMS = identifier_forms(PROFILE)


def test_every_form_of_every_identifier() -> None:
    assert FORMS == {
        "039337423": "id",
        "39337423": "id",
        "0502345678": "phone",
        "972502345678": "phone",
        "4321": "card4",
        "9876": "pin",
        "55512345": "account",
    }


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2, 039337423#", "2, ID#"),
        ("2, 39337423#", "2, ID#"),  # the ID without its leading zero
        ("#0502345678", "#Tel"),
        ("1, 972502345678#", "1, Tel#"),  # the phone in international form
        ("3, 9s, 4321", "3, 9s, 4D"),
        ("4, *9876#", "4, *Pass#"),
        ("55512345#", "{account}#"),
        ("1#039337423#2", "1#, ID#, 2"),  # keys around it become steps of their own
        ("2,ID#", "2, ID#"),  # tokens typed as tokens
        ("12, 0#", "12, 0#"),
        ("1234", "1234"),  # 4 digits that are no identifier are keys
        ("43210", "43210"),  # only partly the card digits: keys, never a token
        ("0432", "0432"),
    ],
)
def test_identifiers_become_tokens(typed: str, stored: str) -> None:
    assert typed_keys(typed, FORMS) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "2, 039337424#",  # the ID with one digit wrong
        "2, 03933742#",  # the ID with one digit missing
        "0502345679",  # the phone, last digit wrong
        "5023456780",  # the phone shifted
        "123456",
    ],
)
def test_six_digits_that_are_no_identifier_are_refused_without_repeating_them(
    typed: str,
) -> None:
    with pytest.raises(TypedKeysError) as info:
        typed_keys(typed, FORMS)
    assert info.value.likely_identifier
    for run in re.findall(r"\d{4,}", typed):
        assert run not in str(info.value)


@pytest.mark.parametrize("typed", ["2, abc", "two", "2 1", "2,,1", ",2", "2, 039337423x"])
def test_letters_and_bad_steps_are_refused_without_an_identifier(typed: str) -> None:
    with pytest.raises(TypedKeysError) as info:
        typed_keys(typed, FORMS)
    assert not info.value.likely_identifier
    assert "039337423" not in str(info.value)


def test_hide_shows_tokens_and_dots_instead_of_digits() -> None:
    assert hide("2, 039337423x and 12345678", FORMS) == "2, IDx and …"


identifier = st.sampled_from(sorted(FORMS))
keys = st.text(alphabet="0123456789*#", min_size=1, max_size=3).filter(
    lambda s: not re.search(r"\d{4,}", s)
)
piece = st.one_of(identifier.map(lambda d: ("id", d)), keys.map(lambda k: ("keys", k)))


@given(st.lists(piece, min_size=1, max_size=6))
def test_no_identifier_digits_survive(pieces: list[tuple[str, str]]) -> None:
    typed = ", ".join(value for _, value in pieces)
    stored = typed_keys(typed, FORMS)  # every piece is its own step: nothing to refuse
    assert not any(run in FORMS for run in re.findall(r"\d{4,}", stored))
    assert render_keys(parse_keys(stored)) == stored  # valid key notation, canonical
    identifiers_typed = sum(kind == "id" for kind, _ in pieces)
    tokens = len(re.findall(r"ID|Tel|4D|Pass|\{account\}", stored))
    assert tokens == identifiers_typed


@given(st.lists(keys, min_size=1, max_size=6))
def test_keys_without_identifiers_round_trip(parts: list[str]) -> None:
    typed = ", ".join(parts)
    assert typed_keys(typed, {}) == render_keys(parse_keys(typed))


# --------------------------------------------------------------------------- outlines


def test_an_outline_becomes_nested_menus() -> None:
    menu = parse_outline(
        "1 Billing\n  2 Invoices\n  6s, 3 Payments by card\n\n3 Technical support\n0 Human\n",
        FORMS,
    )
    assert [(n["keys"], n["name"]) for n in menu] == [
        ("1", "Billing"),
        ("3", "Technical support"),
        ("0", "Human"),
    ]
    assert [(n["keys"], n["name"]) for n in menu[0]["menu"]] == [
        ("2", "Invoices"),
        ("6s, 3", "Payments by card"),
    ]


def test_identifier_digits_in_an_outline_are_tokens() -> None:
    [node] = parse_outline("2, 039337423# Account by ID\n", FORMS)
    assert node == {"keys": "2, ID#", "name": "Account by ID", "menu": []}


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("1 Billing\n\t2 Invoices\n", 2, 1, "a tab"),
        ("1 Billing\n 2 Invoices\n", 2, 2, "indent by 2 spaces"),
        ("1 Billing\n    2 Invoices\n", 2, 1, "two levels deeper"),
        ("x Billing\n", 1, 1, "not key notation"),
        ("1\n", 1, 1, "expected KEYS NAME"),
        ("1 Billing\n2 Sales\n1 Bills\n", 3, 1, "already lead to line 1"),
        ("1 Billing\n  2 A\n  2, B\n", 3, 3, "expected KEYS NAME"),
        ("1 Bill\x1b[2Jing\n", 1, 3, "control characters"),
        ("\n\n", 1, 1, "no option"),
    ],
)
def test_outline_errors_are_located(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(OutlineError) as info:
        parse_outline(text, FORMS)
    assert (info.value.line, info.value.column) == (line, column)
    assert message in info.value.message


def test_siblings_may_share_keys_in_different_menus() -> None:
    menu = parse_outline("1 A\n  1 A1\n2 B\n  1 B1\n", FORMS)
    assert [m["menu"][0]["name"] for m in menu] == ["A1", "B1"]


def test_a_ten_thousand_line_outline_is_refused() -> None:
    text = "".join(f"{i} Option {i}\n" for i in range(10_000))
    with pytest.raises(OutlineError, match=f"over {MAX_OPTIONS} options"):
        parse_outline(text, FORMS)


tree_keys = st.integers(0, 99).map(str)
names = st.text(alphabet="abcdefghij ", min_size=1, max_size=8).map(str.strip).filter(bool)


def render(menu: list[dict[str, object]], depth: int = 0) -> str:
    out = ""
    for node in menu:
        out += "  " * depth + f"{node['keys']} {node['name']}\n"
        out += render(node["menu"], depth + 1)  # type: ignore[arg-type]
    return out


menus = st.recursive(
    st.just([]),
    lambda children: st.lists(
        st.fixed_dictionaries({"keys": tree_keys, "name": names, "menu": children}),
        min_size=1,
        max_size=4,
        unique_by=lambda n: n["keys"],
    ),
    max_leaves=12,
)


@given(menus.filter(bool))
def test_outlines_round_trip(menu: list[dict[str, object]]) -> None:
    assert parse_outline(render(menu), {}) == menu


def outline_error(text: str) -> OutlineError | None:
    try:
        parse_outline(text, FORMS)
    except OutlineError as exc:
        return exc
    return None


@given(st.text(max_size=200))
def test_any_text_parses_or_is_a_located_error(text: str) -> None:
    """Nothing but an OutlineError escapes (a KeysError would fail the test)."""
    error = outline_error(text)
    if error is not None:
        assert error.line >= 1
        assert error.column >= 1
        assert error.message
