"""Dialling from abroad: ``abroad: true`` lines and ``--abroad`` give international
numbers, checked against a parser written from RFC 3966's ABNF (section 3)."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import BUNDLED, ex, ivr
from ivrcli.dial import dial_string
from ivrcli.errors import NotFromAbroad
from ivrcli.model import Route, walk_nodes
from ivrcli.services.session import Session

# RFC 3966, section 3 (only what a global number needs; HEXDIG etc. from RFC 5234):
#   telephone-uri        = "tel:" telephone-subscriber
#   telephone-subscriber = global-number / local-number
#   global-number        = global-number-digits *par
#   par                  = parameter / extension / isdn-subaddress
#   isdn-subaddress      = ";isub=" 1*uric
#   extension            = ";ext=" 1*phonedigit
#   global-number-digits = "+" *phonedigit DIGIT *phonedigit
#   phonedigit           = DIGIT / [ visual-separator ]
#   visual-separator     = "-" / "." / "(" / ")"
#   parameter            = ";" pname ["=" pvalue ]
#   pname                = 1*( alphanum / "-" )
#   pvalue               = 1*paramchar
#   paramchar            = param-unreserved / unreserved / pct-encoded
#   param-unreserved     = "[" / "]" / "/" / ":" / "&" / "+" / "$"
#   unreserved           = alphanum / mark
#   mark                 = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"
#   pct-encoded          = "%" HEXDIG HEXDIG
DIGITS = set(string.digits)
VISUAL_SEPARATORS = set("-.()")
ALPHANUM = set(string.ascii_letters + string.digits)
MARK = set("-_.!~*'()")
PARAM_UNRESERVED = set("[]/:&+$")
HEXDIG = set(string.hexdigits)


def _phonedigits(text: str, at: int) -> int:
    """*phonedigit: the index after the longest run of phonedigits from ``at``."""
    while at < len(text) and (text[at] in DIGITS or text[at] in VISUAL_SEPARATORS):
        at += 1
    return at


def _global_number_digits(text: str, at: int) -> int | None:
    if not text.startswith("+", at):
        return None
    end = _phonedigits(text, at + 1)
    # "+" *phonedigit DIGIT *phonedigit: at least one DIGIT in the run
    return end if any(c in DIGITS for c in text[at + 1 : end]) else None


def _pvalue(text: str, at: int) -> int:
    start = at
    while at < len(text):
        c = text[at]
        if c in PARAM_UNRESERVED or c in ALPHANUM or c in MARK:
            at += 1
        elif c == "%" and len(text) >= at + 3 and set(text[at + 1 : at + 3]) <= HEXDIG:
            at += 3
        else:
            break
    return at if at > start else -1


def _par(text: str, at: int) -> int | None:
    if not text.startswith(";", at):
        return None
    if text.startswith(";ext=", at):
        end = _phonedigits(text, at + 5)
        return end if end > at + 5 else None
    name_end = at + 1
    while name_end < len(text) and (text[name_end] in ALPHANUM or text[name_end] == "-"):
        name_end += 1
    if name_end == at + 1:
        return None
    if text.startswith("=", name_end):
        end = _pvalue(text, name_end + 1)
        return end if end > 0 else None
    return name_end


def is_global_tel(uri: str) -> bool:
    """``uri`` is ``"tel:" global-number`` and nothing else (RFC 3966)."""
    if not uri.startswith("tel:"):
        return False
    at = _global_number_digits(uri, 4)
    if at is None:
        return False
    while at < len(uri):
        nxt = _par(uri, at)
        if nxt is None:
            return False
        at = nxt
    return True


def global_part(tel: str) -> str:
    """The URI before its first ``,`` (the pauses and keys after it are the de facto
    convention RFC 3966 does not cover)."""
    return tel.split(",", 1)[0]


@pytest.mark.parametrize(
    ("uri", "ok"),
    [
        ("tel:+97236532620", True),
        ("tel:+1-202-647-4000", True),
        ("tel:+1(800)555.0199;ext=12", True),
        ("tel:+44;isub=x", True),
        ("tel:+", False),
        ("tel:+-", False),
        ("tel:036532620", False),
        ("tel:*2407", False),
        ("tel:+9721700700700%23", False),
        ("tel:+972 3 6532620", False),
    ],
)
def test_the_rfc_parser_itself(uri: str, ok: bool) -> None:
    assert is_global_tel(uri) is ok


@given(st.text(alphabet="0123456789-.()", min_size=1, max_size=20))
def test_parser_agrees_with_the_grammar(digits: str) -> None:
    # "+" *phonedigit DIGIT *phonedigit: valid exactly when a digit is present
    assert is_global_tel("tel:+" + digits) is any(c.isdigit() for c in digits)


@given(st.text(alphabet="*#,;% abc", min_size=1, max_size=5), st.text("0123456789", max_size=8))
def test_characters_outside_the_grammar_are_refused(bad: str, digits: str) -> None:
    if bad.startswith(";") or not bad.strip(";"):
        return  # ";" starts a parameter: other rules, tested above
    assert not is_global_tel(f"tel:+972{digits}{bad}")


def test_a_line_meant_for_callers_abroad_is_global() -> None:
    result = ivr("find", "poalim", "abroad", "--tel")
    assert result.code == 0
    assert result.out == "tel:+97236532620\n"
    assert is_global_tel(result.out.strip())
    plain = ivr("find", "poalim", "abroad", "--plain")
    assert plain.out == "+97236532620\n"
    data = ivr("find", "poalim", "abroad", "--json").json()
    assert data["line"]["abroad"] is True


def test_abroad_flag_makes_any_ordinary_line_global() -> None:
    at_home = ex("find", "example", "cable", "outages", "--tel")
    assert at_home.out == "tel:035550101,5\n"
    away = ex("find", "example", "cable", "outages", "--tel", "--abroad")
    assert away.out == "tel:+97235550101,5\n"
    assert is_global_tel(global_part(away.out.strip()))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            ["example", "cable", "billing"],
            "ivr: *1234 cannot be dialled from abroad: star numbers work only inside IL; "
            "see its other lines: ivr show example-cable\n",
        ),
        (
            ["example", "cable", "mobile"],
            "ivr: 1-700-555-555 cannot be dialled from abroad: it works only inside IL; "
            "see its other lines: ivr show example-cable-mobile\n",
        ),
    ],
)
def test_numbers_that_only_work_at_home_are_an_error_abroad(query: list[str], message: str) -> None:
    ivr("profile", "set", "id", "039337423")
    result = ex("find", *query, "--abroad")
    assert (result.code, result.out, result.err) == (1, "", message)
    as_json = ex("find", *query, "--abroad", "--json")
    assert as_json.code == 1
    assert as_json.json()["error"]["message"] == message.removeprefix("ivr: ").strip()


def test_abroad_lines_must_be_dialable_from_abroad(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "# FICTIONAL test data\nversion: 1\ncompanies:\n"
        "  - id: star-abroad\n    name: Star Abroad\n    source: https://example.com/\n"
        "    checked: 2026-11-20\n    lines:\n      - id: main\n        number: '*5553'\n"
        "        abroad: true\n"
    )
    result = ivr("validate", str(bad))
    assert result.code == 1
    assert result.err == (
        f"{bad}:11:17: abroad: true, but *5553 cannot be dialled from abroad: star numbers "
        "work only inside IL\nivr: 1 problem(s) found\n"
    )


def test_every_bundled_international_link_is_an_rfc3966_global_number() -> None:
    """Every route of the bundled catalogue dialled from abroad (and every ``abroad:
    true`` line dialled from home) starts with a valid global number, or is refused."""
    catalogue = Session([BUNDLED]).catalogue()
    profile = {"id": "039337423", "phone": "0501234567", "card4": "4321", "pin": "1234"}
    checked = refused = marked = 0
    for ci in range(len(catalogue)):
        company = catalogue[ci]
        for line in company["lines"]:
            routes = [Route(company, line, [])]
            routes += [
                Route(company, line, list(nodes)) for _, nodes in walk_nodes(line.get("menu", []))
            ]
            for route in routes:
                for abroad in (True, False):
                    if not abroad and not line.get("abroad"):
                        continue
                    try:
                        tel = dial_string(route, profile, abroad=abroad).tel
                    except NotFromAbroad:
                        assert abroad
                        assert not line.get("abroad")
                        refused += 1
                        continue
                    assert is_global_tel(global_part(tel)), (company["id"], tel)
                    checked += 1
                    marked += not abroad
    print(f"{checked} international links checked, {refused} refused, {marked} marked lines")
    assert checked > 250
    assert refused > 150
    assert marked >= 12
