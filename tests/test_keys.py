"""The key notation: parser, renderer and their round trip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ivrcli.keys import KeysError, Step, parse_keys, render_keys


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("1", [Step("keys", "1")]),
        ("12, *9, 0#", [Step("keys", "12"), Step("keys", "*9"), Step("keys", "0#")]),
        ("6s", [Step("wait", seconds=6.0)]),
        ("1.5s", [Step("wait", seconds=1.5)]),
        ("ID#", [Step("field", "id", after="#")]),
        ("#Tel", [Step("field", "phone", before="#")]),
        ("4d", [Step("field", "card4")]),
        ("pass*", [Step("field", "pin", after="*")]),
        ("{Account}#", [Step("field", "account", after="#")]),
        ("  2 ,  id# ", [Step("keys", "2"), Step("field", "id", after="#")]),
    ],
)
def test_parse(text: str, steps: list[Step]) -> None:
    assert parse_keys(text) == steps


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1,,2", "empty step"),
        ("1,", "empty step"),
        ("X9", "bad step 'X9'"),
        ("-3s", "bad step '-3s'"),
        ("1ID", "bad step '1ID'"),
        ("{}", "bad step '{}'"),
        ("{9x}", "bad step '{9x}'"),
        ("ID ID", "bad step 'ID ID'"),
    ],
)
def test_parse_errors_name_the_step(text: str, fragment: str) -> None:
    with pytest.raises(KeysError, match=fragment.replace("{", r"\{").replace("}", r"\}")):
        parse_keys(text)


def test_render_is_canonical() -> None:
    assert render_keys(parse_keys("2, 6.0s, id#, #tel, 4d, pass, {acct}*")) == (
        "2, 6s, ID#, #Tel, 4D, Pass, {acct}*"
    )


marks = st.text(alphabet="*#", max_size=2)
dtmf = st.text(alphabet="0123456789*#", min_size=1, max_size=6).map(lambda s: Step("keys", s))
wait = st.one_of(st.integers(0, 9999).map(float), st.integers(0, 99999).map(lambda n: n / 10)).map(
    lambda s: Step("wait", seconds=s)
)
field = st.builds(
    lambda name, before, after: Step("field", name, before=before, after=after),
    st.one_of(
        st.sampled_from(["id", "phone", "card4", "pin"]),
        st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True),
    ),
    marks,
    marks,
)
steps = st.lists(st.one_of(dtmf, wait, field), min_size=1, max_size=8)


@given(steps)
def test_round_trip(path: list[Step]) -> None:
    assert parse_keys(render_keys(path)) == path


@given(st.text(max_size=40))
def test_never_crashes(text: str) -> None:
    message = ""
    try:
        steps = parse_keys(text)
    except KeysError as exc:  # a message, never an uncaught error
        message = str(exc)
        assert message.startswith(("bad step", "empty step", "keys must"))
    if not message:
        assert parse_keys(render_keys(steps)) == steps
