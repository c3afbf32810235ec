"""`ivr call --steps` (issue 15 part 2): the key path as steps, computed and walked on a pty."""

from __future__ import annotations

import math
import os
import re
import sys

import pexpect
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, REPO, ex, ivr
from ivrcli.dial import KeyStep, dial_string, key_path, pauses
from ivrcli.keys import TOKEN_FIELDS
from ivrcli.model import Route
from ivrcli.output.font import GLYPHS, HEIGHT, WIDTH, big
from test_call import history, leave_the_prompts_empty

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
    assert key_path(Route(COMPANY, {"id": "main", "number": "199"}, []), {}).steps == []


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


# --------------------------------------------------------------------------- the font


def test_every_glyph_is_a_five_by_five_block() -> None:
    assert set("0123456789*#+•") <= GLYPHS
    for glyph in GLYPHS:
        rows = big(glyph + "8")  # an 8 fills its last column: it shows where the glyph ends
        assert len(rows) == HEIGHT
        assert all(len(row) <= 2 * WIDTH + 1 for row in rows)
        assert len(rows[1]) == 2 * WIDTH + 1  # the glyph, one gap, the 8
        assert big(glyph)[1] == rows[1][:WIDTH].rstrip()


def test_big_keys_wrap_to_the_width() -> None:
    assert big("2") == [" ███", "█   █", "  ██", " █", "█████"]
    rows = big("0123456789", width=30)  # five keys a band
    assert len(rows) == 2 * HEIGHT + 1
    assert rows[HEIGHT] == ""
    assert rows[:HEIGHT] == big("01234")
    assert rows[HEIGHT + 1 :] == big("56789")


# --------------------------------------------------------------------------- on a terminal


def spawn(*args: str) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "120", "LINES": "40"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "ivrcli", "call", *args, "--steps", "--catalogue", str(EXAMPLE)],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 120),
    )


def expect_big(child: pexpect.spawn, keys: str) -> None:
    """The keys in block letters, row after row."""
    for row in big(keys, 120):
        child.expect_exact(row)


def test_steps_walk_a_route_with_an_id_a_hash_and_a_greeting() -> None:
    ivr("profile", "set", "id", "39337423")
    child = spawn("example", "cable", "billing", "--outcome", "resolved")
    child.expect_exact("Dial: *1234")
    expect_big(child, "*1234")
    child.expect_exact("Press Enter when the menu answers")
    child.send("\r")
    child.expect_exact("Wait 6 s: the menu is still talking")  # the greeting, counted down
    child.expect_exact("Wait 5 s")  # a second later
    child.send("\r")  # the menu is listening already
    child.expect_exact("Wait skipped with 5 s left")
    child.expect_exact("Step 1 of 2")
    expect_big(child, "2")
    child.expect_exact("Type: 2")
    child.expect_exact("Press Enter for the next step")
    child.send("\r")
    child.expect_exact("Step 2 of 2 · your ID")
    expect_big(child, "039337423#")
    child.expect_exact("Type: 039337423#")
    child.expect_exact("Press Enter once typed")
    child.send("\r")
    child.expect("On hold 00:0[1-9]")  # the clock started when the number was shown
    child.expect_exact("Legal limit 06:00")
    child.send("\r")
    child.expect_exact("Talking")
    child.send("\r")
    child.expect_exact("Representative's name: ")
    child.sendline("Dana")
    child.expect_exact("Dana\r\n")  # echo is back: the terminal was restored
    child.expect_exact("Reference number: ")
    child.sendline("81734")
    child.expect_exact("Note: ")
    child.sendline("")
    child.expect_exact("Did the keys work? [Y/n] ")
    child.sendline("y")
    child.expect_exact("Recorded call #1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [call] = history()
    assert (call["service"], call["rep"], call["reference"]) == ("Billing", "Dana", "81734")
    assert call["outcome"] == "resolved"
    assert isinstance(call["waited_seconds"], int)
    assert call["waited_seconds"] >= 1  # menu time counts
    assert (call["keys"], call["keys_ok"]) == ("2, ID#", True)


@pytest.mark.parametrize("reveal", [False, True])
def test_a_secret_is_masked_unless_revealed_and_ctrl_c_hangs_up(reveal: bool) -> None:
    ivr("profile", "set", "card4", "4321")
    child = spawn("example", "cable", "card", "payment", *(["--reveal"] if reveal else []))
    seen = []
    child.expect_exact("Press Enter when the menu answers")
    seen.append(child.before)
    child.send("\r")
    child.expect_exact("Wait 6 s")
    child.send("\r")
    child.expect_exact("Type: 3")
    child.send("\r")
    child.expect_exact("Wait 9 s")  # the documented wait between the steps
    child.send("\r")
    child.expect_exact("Step 2 of 2 · your card's last 4 digits")
    shown = "4321" if reveal else "••••"
    expect_big(child, shown)
    child.expect_exact(f"Type: {shown}")
    seen.append(child.before)
    child.expect_exact("Press Enter once typed")
    child.sendintr()  # hang up in the middle of the steps: as in the hold timer
    child.expect_exact("Representative's name: ")
    seen.append(child.before)
    assert "On hold" not in seen[-1]
    child.sendline("")
    child.expect_exact("Reference number: ")
    child.sendline("")
    child.expect_exact("Note: ")
    child.sendline("hung up at the card")
    child.expect_exact("Did the keys work? [Y/n] ")
    child.sendline("")
    child.expect_exact("Recorded call #1: no one answered")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert ("4321" in "".join(seen)) is reveal
    [call] = history()
    assert (call["outcome"], call["waited_seconds"]) == ("dropped", None)
    assert call["note"] == "hung up at the card"
    assert "4321" not in str(call)


def test_no_documented_path_says_what_to_listen_for_and_holds() -> None:
    child = spawn("example", "cable", "cancel")
    child.expect_exact("Dial: *1234")
    child.expect_exact("Listen for: Cancel service (its keys are not documented)")
    child.expect_exact("On hold")
    child.send("\r")
    child.expect_exact("Talking")
    child.send("\r")
    leave_the_prompts_empty(child)
    child.expect_exact("Which keys reached the service? (Enter to skip) ")
    child.sendline("6")
    child.expect_exact("Recorded call #1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [call] = history()
    assert (call["service"], call["keys"]) == ("Cancel service", "6")
    assert "Press Enter when the menu answers" not in (child.before or "")


def test_a_company_alone_says_to_listen_to_the_menu() -> None:
    child = spawn("example", "cable")
    child.expect_exact("No service was named: listen to the menu for the option you need.")
    child.expect_exact("On hold")
    child.sendintr()
    leave_the_prompts_empty(child)
    child.expect_exact("Recorded call #1: no one answered")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [call] = history()
    assert (call["service"], call["outcome"]) == (None, "dropped")


def test_a_missing_identifier_is_exit_5_before_anything_is_shown() -> None:
    child = spawn("example", "cable", "billing")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 5
    assert child.before == "ivr: this route needs your id: set it with: ivr profile set id\r\n"


def test_partial_walks_up_to_the_missing_field_and_asks_for_it_by_hand() -> None:
    ivr("profile", "set", "pin", "9876")
    child = spawn("example", "cable", "account", "status", "--partial")
    child.expect_exact("Press Enter when the menu answers")
    child.send("\r")
    child.expect_exact("Wait 6 s")
    child.send("\r")
    child.expect_exact("Type: 4")
    child.send("\r")
    child.expect_exact("Step 2 of 3 · your PIN")
    child.expect_exact("Type: #••••")
    child.send("\r")
    child.expect_exact("Step 3 of 3 · your account")
    child.expect_exact("Type: <account>*")
    child.expect_exact("Your account is not in your profile: type it for <account>")
    child.expect_exact("(ivr profile set account keeps it for the next call)")
    child.send("\r")
    child.expect_exact("On hold")
    child.sendintr()
    leave_the_prompts_empty(child)
    child.expect_exact("Did the keys work? [Y/n] ")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [call] = history()
    assert call["service"] == "Account status"
    assert "9876" not in str(call)


def test_steps_need_a_terminal() -> None:
    result = ex("call", "example", "cable", "billing", "--steps")
    assert result.code == 1
    assert result.err.startswith("ivr: ivr call needs a terminal")


def test_the_readme_shows_the_font_as_drawn() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "\n".join(["Step 2 of 2 · your ID", *big("039337423#"), "Type: 039337423#"]) in readme
