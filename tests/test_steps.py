"""`ivr call --steps` (issue 15 part 2): the key path as steps to type by hand."""

from __future__ import annotations

import math
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ex
from ivrcli.dial import KeyStep, dial_string, key_path, pauses
from ivrcli.keys import TOKEN_FIELDS
from ivrcli.model import Route

COMPANY = {"id": "acme", "name": "Acme", "country": "IL"}


def route(keys: str | None, greeting: str | None = "6s", number: str = "*1234") -> Route:
    line = {"id": "main", "number": number, **({"greeting": greeting} if greeting else {})}
    return Route(COMPANY, line, [{"name": "Target", "keys": keys}])


# --------------------------------------------------------------------------- the steps


def test_a_route_with_an_id_a_hash_and_a_greeting() -> None:
    path = key_path(route("2, ID#"), {"id": "039337423"})
    assert path.number == "*1234"
    assert path.steps == [
        KeyStep(6.0, "2", "2"),
        KeyStep(0.0, "039337423#", "039337423#", "id"),
    ]
    assert path.missing == []


def test_waits_fold_into_the_next_step_and_secrets_are_masked_unless_revealed() -> None:
    card = route("3, 9s, 1.5s, 4D, 20s", greeting=None)
    shown = key_path(card, {"card4": "4321"})
    assert shown.steps == [KeyStep(0.0, "3", "3"), KeyStep(10.5, "4321", "••••", "card4")]
    assert key_path(card, {"card4": "4321"}, reveal=True).steps[1].shown == "4321"


def test_missing_fields_are_steps_with_a_placeholder() -> None:
    path = key_path(route("4, #Pass, {account}*, 1"), {})
    assert [(s.keys, s.shown, s.field, s.missing) for s in path.steps] == [
        ("4", "4", None, False),
        ("", "#<Pass>", "pin", True),
        ("", "<account>*", "account", True),
        ("1", "1", None, False),
    ]
    assert path.missing == ["pin", "account"]


def test_no_documented_path_has_no_steps() -> None:
    assert key_path(route(None), {}).steps == []
    assert key_path(Route(COMPANY, {"id": "main", "number": "199"}), {}).steps == []


def test_partial_cuts_the_dial_string_at_the_first_missing_field() -> None:
    """The keys after a missing field were once dialled (``*1234,,1,1``): product.md section 6
    cuts the string just before the separator preceding the first missing identifier."""
    dial = dial_string(route("1, Tel#, 1"), {}, partial=True)
    assert (dial.dial, dial.display, dial.missing) == ("*1234,,1", "*1234,,1,<Tel>#,1", ["phone"])
    assert ex("find", "example", "cable", "internet", "--partial").out == "*1234,,1\n"


WAIT = re.compile(r"[0-9.]+s")
field_values = {"id": "039337423", "phone": "0502345678", "card4": "4321", "pin": "1234"}
notation = st.one_of(
    st.text(alphabet="0123456789*#", min_size=1, max_size=4),
    st.sampled_from([0, 1, 2.5, 3, 4, 6, 9, 20]).map(lambda s: f"{s}s"),
    st.builds(
        lambda m1, tok, m2: f"{m1}{tok}{m2}",
        st.sampled_from(["", "*", "#"]),
        st.sampled_from(["ID", "Tel", "4D", "Pass"]),
        st.sampled_from(["", "*", "#"]),
    ),
)


@settings(max_examples=200, deadline=None)
@given(
    steps=st.lists(notation, min_size=1, max_size=7),
    greeting=st.sampled_from([None, "2s", "6s", "10s"]),
    pause=st.sampled_from([0.5, 2.0, 3.0]),
    known=st.sets(st.sampled_from(sorted(field_values))),
    number=st.sampled_from(["*1234", "03-555-0101", "1-700-555-555"]),
)
def test_the_steps_with_their_commas_are_the_dial_string(
    steps: list[str], greeting: str | None, pause: float, known: set[str], number: str
) -> None:
    profile = {k: field_values[k] for k in known}
    target = route(", ".join(steps), greeting, number)
    path = key_path(target, profile)
    dial = dial_string(target, profile, pause=pause, partial=True)
    typed = path.number
    for step in path.steps:
        if step.missing:
            break
        typed += "," * pauses(step.wait, pause) + step.keys
    assert typed == dial.dial
    assert path.missing == dial.missing
    # each wait is the greeting (before the first step) and the waits since the last step
    expected: list[float] = []
    waiting = float(greeting[:-1]) if greeting else 0.0
    for text in steps:
        if WAIT.fullmatch(text):
            waiting += float(text[:-1])
            continue
        expected.append(waiting)
        waiting = 0.0
    assert [s.wait for s in path.steps] == expected
    assert all(pauses(w, pause) == max(1, math.ceil(w / pause - 1e-9)) for w in expected)
    # what people see: every step, secrets masked, nothing real of a secret
    assert "".join(s.shown for s in path.steps).count("<") == sum(s.missing for s in path.steps)
    for step, text in zip(path.steps, (t for t in steps if not WAIT.fullmatch(t)), strict=True):
        field = next((f for tok, f in TOKEN_FIELDS.items() if tok in text.lower()), None)
        assert step.field == field
        if field in ("card4", "pin") and not step.missing:
            assert field_values[field] not in step.shown
