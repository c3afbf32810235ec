"""`ivr find` through the real CLI: dial strings to the character, search, ties, exit codes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, Result, ex, ivr

ID = "39337423"  # valid check digit; stored as 039337423


def set_profile(**fields: str) -> None:
    for key, value in fields.items():
        assert ivr("profile", "set", key, value).code == 0


@pytest.fixture
def full_profile() -> None:
    set_profile(id=ID, phone="050-2345678", card4="4321", pin="1234", account="5678")


# --------------------------------------------------------------------------- dial strings


@pytest.mark.usefixtures("full_profile")
@pytest.mark.parametrize(
    ("query", "dial"),
    [
        # greeting 6s + keys "2, ID#": two commas, then the ID zero-padded, then #
        ("example cable billing", "*1234,,2,039337423#"),
        # "3, 9s, 4D": the 9 s wait becomes three commas
        ("example cable card payment", "*1234,,3,,,4321"),
        # nested node: "1" then "Tel#, 1"
        ("example cable tech internet", "*1234,,1,0502345678#,1"),
        # "#" before a field, a custom {account} field with "*" after it
        ("example cable account status", "*1234,,4,#1234,5678*"),
        # a landline number: separators dropped, no greeting: one comma
        ("example cable outages", "035550101,5"),
        # a 1-700 number dialled at home
        ("example cable mobile billing", "1700555555,2"),
        # a foreign number from Israel: international format
        ("extelus billing", "+18005550199,1,2"),
        # company only: the main line, no keys
        ("example cable", "*1234"),
        # a node whose path is not documented: the number alone
        ("example cable cancel", "*1234"),
        # the route to a person: the shortcut node
        ("example cable human", "*1234,,0,0"),
        ("excable נציג", "*1234,,0,0"),
    ],
)
def test_plain_dial_string(query: str, dial: str) -> None:
    result = ex("find", *query.split(), "--plain")
    assert (result.code, result.out, result.err) == (0, dial + "\n", "")


@pytest.mark.usefixtures("full_profile")
def test_piped_output_is_exactly_the_dial_string() -> None:
    result = ex("find", "example", "cable", "billing")
    assert result.out == "*1234,,2,039337423#\n"
    assert result.err == ""


@pytest.mark.usefixtures("full_profile")
def test_pause_seconds() -> None:
    # 6 s greeting at 2 s a comma = 3 commas; 9 s wait = 5 commas (ceil 4.5)
    result = ex("find", "example", "cable", "card", "payment", "--pause-seconds", "2")
    assert result.out == "*1234,,,3,,,,,4321\n"


def write(tmp_path: Path, body: str) -> str:
    path = tmp_path / "cat.yaml"
    path.write_text("# fictional test data\nversion: 1\ncompanies:\n" + body)
    return str(path)


def test_contract_example_without_greeting(tmp_path: Path) -> None:
    cat = write(
        tmp_path,
        "  - id: acme\n    name: Acme\n    lines:\n"
        "      - id: main\n        number: '*1234'\n        menu:\n"
        "          - {keys: '3, 9s, 4D', name: Pay}\n",
    )
    set_profile(card4="4321")
    result = ivr("find", "acme", "pay", "--catalogue", cat)
    assert result.out == "*1234,3,,,4321\n"


def test_waits_between_steps_are_summed(tmp_path: Path) -> None:
    cat = write(
        tmp_path,
        "  - id: acme\n    name: Acme\n    lines:\n"
        "      - id: main\n        number: '*1234'\n        greeting: 2s\n        menu:\n"
        "          - keys: '2s, 1'\n            name: Outer\n            menu:\n"
        "              - {keys: '4s, 3s, 2, 0s, 5', name: Inner}\n",
    )
    # 2+2 s before "1": 2 commas; 4+3 s: 3 commas; 0 s: still one comma
    assert ivr("find", "acme", "inner", "--catalogue", cat).out == "*1234,,1,,,2,5\n"


def test_tel_uri() -> None:
    set_profile(id=ID)
    result = ex("find", "example", "cable", "billing", "--tel")
    assert result.out == "tel:*1234,,2,039337423%23\n"


def test_not_dialable_from_home_country() -> None:
    set_profile(home="US")
    result = ex("find", "example", "cable", "mobile", "billing")
    assert result.code == 1
    assert result.err == (
        "ivr: 1-700-555-555 cannot be dialled from US (numbers like it work only inside IL); "
        "look for another line of this company, or set your home country with: "
        "ivr profile set home CC\n"
    )


def test_home_country_changes_the_number_form() -> None:
    set_profile(home="US")
    assert ex("find", "example", "cable", "outages").out == "+97235550101,5\n"


# --------------------------------------------------------------------------- JSON


@pytest.mark.usefixtures("full_profile")
def test_json_contract() -> None:
    result = ex("find", "example", "cable", "billing", "--json", "--at", "2026-11-25T10:00")
    assert (result.code, result.err) == (0, "")
    assert result.json() == {
        "version": 1,
        "company": {"id": "example-cable", "name": "Example Cable", "note": None},
        "line": {
            "id": "main",
            "name": "Customer service",
            "number": "*1234",
            "abroad": False,
            "note": None,
        },
        "service": {"name": "Billing", "path": ["Billing"], "kind": "human", "topic": "billing"},
        "keys": "2, ID#",
        "dial": "*1234,,2,039337423#",
        "tel": "tel:*1234,,2,039337423%23",
        "hours": "Su-Th 08:00-20:00",
        "open": True,
        "next_change": "2026-11-25T20:00:00+02:00",
        "holiday": None,
        "timezone": "Asia/Jerusalem",
        "missing": [],
        "ignored": [],
        "score": 100,
        "checked": "2026-11-20",
        "source": "https://cable.example/contact",
        "source_date": "2026-06-01",
        "observed": None,
        "verified": None,
        # the line's only figures are for faults: the latest one, named as such (section 12)
        "reported_wait": {
            "topic": "fault",
            "average": "7m2s",
            "average_seconds": 422,
            "answered_within": None,
            "period": "2025-Q2",
            "note": None,
            "source": "https://regulator.example/report",
            "checked": "2026-11-20",
        },
        "your_wait": None,
    }
    assert result.out.index('"checked"') < result.out.index('"company"')  # sort_keys


@pytest.mark.usefixtures("full_profile")
def test_json_nested_keys_and_inherited_facts() -> None:
    data = ex("find", "example", "cable", "outages", "--json").json()
    assert data["keys"] == "5"
    assert data["service"]["path"] == ["Outages"]
    assert (data["source"], data["checked"]) == ("https://cable.example/outages", "2026-11-21")
    data = ex("find", "example", "cable", "tech", "internet", "--json").json()
    assert data["keys"] == "1, Tel#, 1"
    assert data["service"] == {
        "name": "Internet",
        "path": ["Technical support", "Internet"],
        "kind": None,
        "topic": "fault",
    }


def test_json_company_only() -> None:
    data = ex("find", "example", "cable", "--json").json()
    assert (data["service"], data["keys"], data["dial"]) == (None, None, "*1234")


def test_json_unknown_path() -> None:
    data = ex("find", "example", "cable", "cancel", "--json").json()
    assert data["keys"] is None
    assert data["service"]["name"] == "Cancel service"
    assert data["dial"] == "*1234"


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize(
    ("query", "company", "path"),
    [
        ("example cable", "example-cable", None),  # exact beats "Example Cable Mobile"
        ("excable", "example-cable", None),
        ("EXAMPLE CABLE BILLING", "example-cable", ["Billing"]),
        ("billing example cable", "example-cable", ["Billing"]),
        ("דוגמה חשבון", "example-cable", ["Billing"]),
        ("דּוּגְמָה חֶשְׁבּוֹן", "example-cable", ["Billing"]),  # vowel marks never matter
        ("exampel cable biling", "example-cable", ["Billing"]),  # typos
        ("example cable tech", "example-cable", ["Technical support"]),
        ("example cable support internet", "example-cable", ["Technical support", "Internet"]),
        ("example cable תמיכה טכנית", "example-cable", ["Technical support"]),
        ("example cable mobile", "example-cable-mobile", None),
        ("example cable mobile sales", "example-cable-mobile", ["Sales"]),
        ("exbank agent", "example-bank", ["Loans"]),  # fewest steps, first in file order
        ("example cable customer service", "example-cable", None),
    ],
)
def test_search(query: str, company: str, path: list[str] | None) -> None:
    result = ex("find", *query.split(), "--json", "--partial")
    assert result.code == 0, result.out
    data = result.json()
    assert data["company"]["id"] == company
    assert (data["service"] and data["service"]["path"]) == path


def test_line_name_is_a_search_term() -> None:
    data = ex("find", "example", "cable", "night", "desk", "--json").json()
    assert data["line"]["id"] == "night"
    assert data["dial"] == "035550101"


def test_tie_is_ambiguous() -> None:
    result = ex("find", "example", "leumi")
    assert result.code == 4
    assert result.out == ""
    assert result.err == (
        "ivr: ambiguous: these match equally well:\n"
        "  example-leumi-one: (main line) · main · *5551 (score 93)\n"
        "  example-leumi-two: (main line) · main · *5552 (score 93)\n"
        "ivr: 2 candidates score 93; add a word to choose one\n"
    )


def test_tie_in_json() -> None:
    result = ex("find", "example", "leumi", "--json")
    assert (result.code, result.err) == (4, "")
    error = result.json()["error"]
    assert error["code"] == 4
    assert [c["company"]["id"] for c in error["candidates"]] == [
        "example-leumi-one",
        "example-leumi-two",
    ]
    assert {c["score"] for c in error["candidates"]} == {93}


def test_two_services_that_score_the_same_are_ambiguous() -> None:
    result = ex("find", "exbank", "l")
    assert result.code in (3, 4)
    result = ex("find", "excable", "mobile", "billing", "--json")
    assert result.json()["company"]["id"] == "example-cable-mobile"


def test_no_match() -> None:
    result = ex("find", "zzzzqq")
    assert (result.code, result.out) == (3, "")
    assert result.err == "ivr: nothing matches 'zzzzqq'; see: ivr list\n"


def test_no_match_suggests() -> None:
    result = ex("find", "exampl", "cabel", "xyzzy")
    assert result.code == 3
    assert result.err.startswith(
        "ivr: nothing matches 'exampl cabel xyzzy'; did you mean: example-cable"
    )


def test_unknown_service_is_no_match_not_the_main_line() -> None:
    result = ex("find", "example", "cable", "xyzzy")
    assert result.code == 3
    assert result.out == ""


def test_stray_word_is_ignored_with_a_warning() -> None:
    set_profile(id=ID)
    result = ex("find", "example", "cable", "billing", "please")
    assert result.out == "*1234,,2,039337423#\n"
    assert result.err == "ivr: ignored 'please' (matched nothing)\n"
    data = ex("find", "example", "cable", "billing", "please", "--json")
    assert data.err == ""
    assert data.json()["ignored"] == ["please"]


def test_empty_query() -> None:
    result = ex("find", "  ", "--json")
    assert result.code == 3
    assert result.json()["error"]["message"] == "nothing matches '  '; see: ivr list"


def test_all_lists_every_match() -> None:
    result = ex("find", "example", "cable", "billing", "--all", "--json")
    data = result.json()
    pairs = [
        (m["company"]["id"], m["service"] and m["service"]["name"], m["score"])
        for m in data["matches"]
    ]
    assert pairs[0] == ("example-cable", "Billing", 100)
    assert ("example-cable-mobile", "Billing", 95) in pairs
    assert [p[2] for p in pairs] == sorted((p[2] for p in pairs), reverse=True)


# --------------------------------------------------------------------------- identifiers


def test_missing_identifier_exit_5() -> None:
    result = ex("find", "example", "cable", "billing")
    assert (result.code, result.out) == (5, "")
    assert result.err == "ivr: this route needs your id: set it with: ivr profile set id\n"


def test_missing_identifier_json() -> None:
    result = ex("find", "example", "cable", "account", "status", "--json")
    assert (result.code, result.err) == (5, "")
    error = result.json()["error"]
    assert error["missing"] == ["pin", "account"]
    assert error["code"] == 5


def test_partial_cuts_before_the_first_missing_identifier() -> None:
    result = ex("find", "example", "cable", "billing", "--partial")
    assert (result.code, result.out) == (0, "*1234,,2\n")
    set_profile(pin="1234")
    result = ex("find", "example", "cable", "account", "status", "--partial", "--json")
    data = result.json()
    assert data["dial"] == "*1234,,4,#1234"
    assert data["missing"] == ["account"]
    assert data["tel"] == "tel:*1234,,4,%231234"


def test_human_view_shows_placeholders_on_exit_5() -> None:
    result = ex("find", "example", "cable", "billing", "--human", "--no-color")
    assert result.code == 5
    assert "*1234,,2,<ID>#" in result.out
    assert "ivr profile set id" in result.err


def test_human_view_masks_secrets_unless_reveal() -> None:
    set_profile(card4="4321", pin="9876", account="5678")
    result = ex("find", "example", "cable", "account", "status", "--human", "--no-color")
    assert result.code == 0
    assert "9876" not in result.out
    assert "*1234,,4,#••••,5678*" in result.out
    revealed = ex("find", "example", "cable", "account", "status", "--human", "--reveal")
    assert "*1234,,4,#9876,5678*" in revealed.out


def test_human_view_content() -> None:
    set_profile(id=ID)
    result = ex(
        "find", "example", "cable", "billing", "--human", "--no-color", "--at", "2026-11-25T10:00"
    )
    assert result.code == 0
    out = result.out
    for fragment in [
        "Example Cable · Billing",
        "*1234 → wait 6s, 2, ID#",
        "*1234,,2,039337423#",
        "Open now · closes 20:00 (in 10 h)",
        "human · topic: billing",
        "Whatsapp",
        "+972 55-000-0000",
        "https://cable.example/contact (checked 2026-11-20)",
        "iPhones will not auto-dial",
    ]:
        assert fragment in out, fragment
    assert "\x1b" not in out


def test_company_only_human_view_lists_the_services() -> None:
    out = ex("find", "example", "cable", "--human", "--no-color").out
    assert "Services: ivr find example-cable SERVICE" in out
    lines = [line.split() for line in out.splitlines()]
    assert ["*1234", "2,", "ID#", "Billing"] in lines
    assert ["*1234", "1,", "Tel#,", "1", "Technical", "support", "›", "Internet"] in lines
    assert ["*1234", "listen", "Cancel", "service"] in lines
    # a service query shows no such list
    assert "Services:" not in ex("find", "example", "cable", "cancel", "--human").out


def test_human_view_listen_hint_and_stale_flag() -> None:
    out = ex("find", "example", "cable", "cancel", "--human").out
    assert "listen to the menu for this service" in out
    out = ex("find", "exbank", "loans", "--human").out
    assert "These facts date from 2023-12-01, over a year ago: listen before you press." in out
    assert "over a year ago" in ex("show", "exbank", "--human").out
    assert "over a year ago" not in ex("show", "example-cable", "--human").out
    # a node read on a newer page than its company's is judged by its own date
    assert "over a year ago" not in ex("find", "exbank", "mortgages", "--human").out


def test_corrupt_profile_value_is_not_dialled(tmp_path: Path) -> None:
    set_profile(pin="1234")
    path = Path(ivr("profile", "show", "--json").json()["path"])
    path.write_text('{"version": 1, "fields": {"pin": "12;34"}}')
    result = ex("find", "example", "cable", "account", "status", "--partial")
    assert result.code == 1
    assert "12;34" not in result.err
    assert result.err == (
        "ivr: profile field 'pin' holds characters a phone cannot dial; "
        "set it again with: ivr profile set pin\n"
    )


# --------------------------------------------------------------------------- properties


def _dial_route(tmp: Path, keys: str) -> Result:
    cat = tmp / "prop.yaml"
    cat.write_text(
        "# fictional\nversion: 1\ncompanies:\n  - id: acme\n    name: Acme\n    lines:\n"
        f"      - id: main\n        number: '*1234'\n        menu:\n          - keys: '{keys}'\n"
        "            name: Target\n"
    )
    return ivr("find", "acme", "target", "--catalogue", str(cat), "--json")


field_values = {"id": "039337423", "phone": "0502345678", "card4": "4321", "pin": "1234"}
step = st.one_of(
    st.text(alphabet="0123456789*#", min_size=1, max_size=4),
    st.integers(0, 20).map(lambda s: f"{s}s"),
    st.builds(
        lambda m1, tok, m2: f"{m1}{tok}{m2}",
        st.sampled_from(["", "*", "#"]),
        st.sampled_from(["ID", "Tel", "4D", "Pass"]),
        st.sampled_from(["", "*", "#"]),
    ),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(step, min_size=1, max_size=6))
def test_dial_string_property(tmp_path: Path, steps: list[str]) -> None:
    import re

    for key, value in field_values.items():
        ivr("profile", "set", key, value)
    result = _dial_route(tmp_path, ", ".join(steps))
    assert result.code == 0, result.out
    dial = result.json()["dial"]
    assert re.fullmatch(r"[0-9*#+,;]+", dial)
    assert not dial.endswith(",")
    # the non-wait steps appear in route order, separated by at least one comma
    expected = []
    for s in steps:
        if re.fullmatch(r"\d+s", s):
            continue
        for tok, field in (("ID", "id"), ("Tel", "phone"), ("4D", "card4"), ("Pass", "pin")):
            if tok in s:
                s = s.replace(tok, field_values[field])
        expected.append(s)
    assert [p for p in dial.split(",") if p] == ["*1234", *expected]


def test_ivr_catalogue_env_and_the_flag_that_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(EXAMPLE.read_text().replace('"*1234"', '"*4321"'))
    monkeypatch.setenv("IVR_CATALOGUE", f"{other}{os.pathsep}{tmp_path / 'missing-is-fine.yaml'}")
    result = ivr("find", "example", "cable")
    assert result.code == 1  # every listed file must exist
    assert "missing-is-fine.yaml:1:1: no such file" in result.err
    monkeypatch.setenv("IVR_CATALOGUE", str(other))
    assert ivr("find", "example", "cable").out == "*4321\n"
    assert ivr("find", "bezeq").code == 3  # the bundled catalogue is replaced, not merged
    assert ivr("find", "example", "cable", "--catalogue", str(EXAMPLE)).out == "*1234\n"


def test_named_profile_for_find(monkeypatch: pytest.MonkeyPatch) -> None:
    ivr("profile", "set", "id", "39337423", "--profile", "mom")
    assert ex("find", "example", "cable", "billing").code == 5
    assert ex("find", "example", "cable", "billing", "--profile", "mom").out == (
        "*1234,,2,039337423#\n"
    )
    monkeypatch.setenv("IVR_PROFILE", "mom")
    assert ex("find", "example", "cable", "billing").out == "*1234,,2,039337423#\n"


def test_company_and_line_notes_are_shown(tmp_path: Path) -> None:
    catalogue = tmp_path / "noted.yaml"
    catalogue.write_text(
        "# FICTIONAL test data\nversion: 1\ncompanies:\n"
        "  - id: noted\n    name: Noted Co\n    note: Press 0 twice after the greeting\n"
        "    source: https://example.com/\n    checked: 2026-11-20\n    lines:\n"
        "      - {id: main, number: '*5559', note: Ask for the night desk}\n"
    )
    human = ivr("find", "noted", "--human", "--catalogue", str(catalogue))
    assert "│ Note    Ask for the night desk" in human.out
    assert "│ Note    Press 0 twice after the greeting" in human.out
    data = ivr("find", "noted", "--json", "--catalogue", str(catalogue)).json()
    assert data["company"]["note"] == "Press 0 twice after the greeting"
    assert data["line"]["note"] == "Ask for the night desk"
    shown = ivr("show", "noted", "--human", "--catalogue", str(catalogue))
    assert "├── note: Press 0 twice after the greeting" in shown.out
    assert "│   └── note: Ask for the night desk" in shown.out


LOCAL_TIME = """# FICTIONAL test data: a made-up US agency whose page gives hours in local time
version: 1
companies:
  - id: example-agency
    name: Example Agency
    country: US
    timezone: America/New_York
    local_time: true
    source: https://agency.example/contact
    checked: 2026-11-20
    lines:
      - {id: main, number: "+1 800-555-0142", hours: "Mo-Fr 07:00-19:00"}
"""


@pytest.mark.parametrize(
    ("tz", "state", "zone"),
    [
        # 17:30 in Los Angeles: open there, though New York closed at 19:00 (16:00 in LA)
        ("America/Los_Angeles", "Open now · closes 19:00", "America/Los_Angeles"),
        # a caller in Israel reads the agency's hours in its main zone, New York
        ("Asia/Jerusalem", "Closed · opens Mon 14:00 your time", "America/New_York"),
    ],
)
def test_local_time_hours_follow_the_caller_inside_the_country(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tz: str, state: str, zone: str
) -> None:
    import time

    catalogue = tmp_path / "agency.yaml"
    catalogue.write_text(LOCAL_TIME)
    monkeypatch.setenv("TZ", tz)
    time.tzset()
    at = "2026-11-27T17:30:00-08:00"  # a Friday, 17:30 in Los Angeles
    args = ("find", "example", "agency", "--at", at, "--catalogue", str(catalogue))
    data = ivr(*args, "--json").json()
    assert data["timezone"] == zone
    assert data["open"] is (zone == "America/Los_Angeles")
    human = ivr(*args, "--human")
    assert f"│ Hours   {state}" in human.out
    shown = ivr("show", "example-agency", "--human", "--catalogue", str(catalogue))
    assert f"US · hours in your local time ({zone})" in shown.out
