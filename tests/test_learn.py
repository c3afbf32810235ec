"""Learning from calls (issue 14): observations merged inside companies, ivr map, the keys
answers of ivr log, what find/show say, ivr contribute. Fictional data only."""

from __future__ import annotations

import copy
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE, ex, ivr
from ivrcli.catalogue.observations import merge_company
from ivrcli.paths import observed_path

TODAY = __import__("datetime").date.today().isoformat()


def observed() -> str:
    return observed_path().read_text(encoding="utf-8")


# --------------------------------------------------------------------------- merging


BASE: dict[str, Any] = {
    "id": "co",
    "name": "Co",
    "lines": [
        {
            "id": "main",
            "number": "*5550",
            "menu": [
                {"keys": "1", "name": "Billing", "source": "https://co.example/a", "menu": [
                    {"keys": "2", "name": "Invoices"},
                ]},
                {"name": "Sales", "aliases": ["buy"]},
                {"keys": "3", "name": "Support"},
            ],
        }
    ],
}  # fmt: skip


def merged(entry: dict[str, Any]) -> dict[str, Any]:
    base = copy.deepcopy(BASE)
    merge_company(base, entry)
    return base


def menu_of(company: dict[str, Any]) -> list[dict[str, Any]]:
    menu: list[dict[str, Any]] = company["lines"][0]["menu"]
    return menu


def test_a_node_with_the_same_keys_takes_the_place_of_the_bundled_one() -> None:
    company = merged({"id": "co", "lines": [{"id": "main", "menu": [
        {"keys": "1", "name": "Bills", "observed": TODAY},
    ]}]})  # fmt: skip
    billing = menu_of(company)[0]
    assert (billing["name"], billing["aliases"]) == ("Bills", ["Billing"])  # renamed: old kept
    assert billing["source"] == "https://co.example/a"  # what was not heard stays
    assert billing["menu"] == [{"keys": "2", "name": "Invoices"}]  # unobserved nodes stay
    assert [n["name"] for n in menu_of(company)] == ["Bills", "Sales", "Support"]


def test_a_keyless_sibling_is_matched_by_its_name_or_alias() -> None:
    company = merged({"id": "co", "lines": [{"id": "main", "menu": [
        {"keys": "4", "name": "BUY", "observed": TODAY},
    ]}]})  # fmt: skip
    sales = menu_of(company)[1]
    assert (sales["keys"], sales["name"]) == ("4", "BUY")
    assert "Sales" in sales["aliases"]


def test_anything_else_is_added() -> None:
    company = merged({"id": "co", "lines": [{"id": "main", "menu": [
        {"keys": "9", "name": "Complaints", "observed": TODAY},
    ]}, {"id": "night", "number": "*5551", "menu": []}, {"id": "nonumber"}]})  # fmt: skip
    assert [n["name"] for n in menu_of(company)][-1] == "Complaints"
    assert [ln["id"] for ln in company["lines"]] == ["main", "night"]  # a line needs a number


def test_a_failed_path_gives_way_to_the_path_heard() -> None:
    # relative to its parent: Billing > Invoices was 1, 2 and is now 1, 5
    company = merged({"id": "co", "lines": [{"id": "main", "menu": [
        {"keys": "1", "name": "Billing", "menu": [
            {"keys": "2", "name": "Invoices", "failed": TODAY},
            {"keys": "5", "name": "Invoices", "observed": TODAY},
        ]},
    ]}]})  # fmt: skip
    [invoices] = menu_of(company)[0]["menu"]
    assert (invoices["keys"], invoices["observed"]) == ("5", TODAY)


def test_a_path_heard_from_the_root_moves_the_service_there() -> None:
    company = merged({"id": "co", "lines": [{"id": "main", "menu": [
        {"keys": "1", "name": "Billing", "menu": [
            {"keys": "2", "name": "Invoices", "failed": TODAY},
        ]},
        {"keys": "7, 2", "name": "Invoices", "observed": TODAY},
    ]}]})  # fmt: skip
    names = [n["name"] for n in menu_of(company)]
    assert names == ["Billing", "Sales", "Support", "Invoices"]
    assert menu_of(company)[0]["menu"] == []
    assert menu_of(company)[3]["keys"] == "7, 2"


def test_an_older_failure_elsewhere_under_another_parent_stays() -> None:
    base = copy.deepcopy(BASE)
    base["lines"][0]["menu"][2]["menu"] = [
        {"keys": "2", "name": "Invoices", "failed": "2020-01-01"}
    ]
    merge_company(base, {"id": "co", "lines": [{"id": "main", "menu": [
        {"keys": "1", "name": "Billing", "menu": [
            {"keys": "8", "name": "Invoices", "observed": TODAY},
        ]},
    ]}]})  # fmt: skip
    support = base["lines"][0]["menu"][2]
    assert [n["keys"] for n in support["menu"]] == ["2"]  # another parent: not the same service


# --------------------------------------------------------------------------- ivr map


def test_map_then_find_dials_the_mapped_keys_after_the_greeting() -> None:
    # Example Cable's main line has `greeting: 6s`
    result = ex("map", "example", "cable", input="5 Complaints\n  1 In writing\n")
    assert result.code == 0, result.err
    assert result.err == (
        "ivr: recorded 2 options for Example Cable (line main);"
        " ivr find example-cable in writing now dials *1234,,5,1\n"
    )
    assert ex("find", "example", "cable", "complaints").out == "*1234,,5\n"
    data = ex("find", "example", "cable", "complaints", "--json").json()
    assert (data["keys"], data["observed"], data["verified"]) == ("5", TODAY, None)
    assert stat.S_IMODE(observed_path().stat().st_mode) == 0o600
    human = ex("find", "example", "cable", "complaints", "--human").out
    assert "heard on your call on" in human
    assert "[5] Complaints — heard on your call on" in ex("show", "example-cable").out
    assert ex("find", "example", "cable", "complaints", "--no-observed").code == 3


def test_map_a_new_company_needs_a_name_and_a_number() -> None:
    missing = ex("map", "example", "gas", input="1 Orders\n")
    assert missing.code == 2
    assert "give --name and --number" in missing.err
    assert not observed_path().exists()
    made = ex("map", "example", "gas", "--name", "Example Gas", "--number", "03-555-0177",
              "--greeting", "6s", "--category", "gas", input="1 Orders\n  2 Urgent\n")  # fmt: skip
    assert made.code == 0, made.err
    assert "a new company: example-gas" in made.err
    assert ex("find", "example", "gas", "urgent").out == "035550177,,1,2\n"
    assert "yours" in ex("show", "example-gas").out.splitlines()[0]


def test_map_a_wanted_organisation_takes_its_id() -> None:
    made = ivr("map", "partner", "--name", "Partner", "--number", "*5559", input="1 Billing\n")
    assert made.code == 0, made.err
    assert ivr("find", "partner", "billing").out == "*5559,1\n"
    assert "partner" not in ivr("list", "--wanted").out.split()


@pytest.mark.parametrize(
    ("outline", "where"),
    [
        ("1 Billing\n\t2 Invoices\n", "<stdin>:2:1: a tab"),
        ("1 Billing\nx Sales\n", "<stdin>:2:1: 'x' is not key notation"),
        ("1 Billing\n1 Bills\n", "<stdin>:2:1: keys '1' already lead to line 1"),
        ("1 Billing\n    2 Deep\n", "<stdin>:2:1: indented two levels deeper"),
        ("1 Bill\x07ing\n", "<stdin>:1:3: the name holds control characters"),
        ("".join(f"{i} Option\n" for i in range(10_000)), "<stdin>:1001:1: over 1000 options"),
    ],
)
def test_a_bad_outline_writes_nothing(outline: str, where: str) -> None:
    result = ex("map", "example", "cable", input=outline)
    assert result.code == 1
    assert result.err.startswith(f"ivr: {where}")
    assert result.err.rstrip().endswith("nothing was written")
    assert not observed_path().exists()


def test_identifier_digits_in_an_outline_are_stored_as_tokens() -> None:
    ivr("profile", "set", "id", "039337423")
    assert ex("map", "example", "cable", input="7, 039337423# By ID\n").code == 0
    assert "039337423" not in observed()
    assert "ID#" in observed()
    refused = ex("map", "example", "cable", input="8, 039337424# Mistyped\n")
    assert refused.code == 2
    assert "mistyped" in refused.err
    assert "039337424" not in refused.err


def test_map_on_an_ambiguous_name_writes_nothing(tmp_path: Path) -> None:
    twins = tmp_path / "twins.yaml"  # fictional
    twins.write_text(
        "version: 1\ncompanies:\n"
        "  - {id: twin-a, name: Twin, lines: [{id: main, number: '*5561'}]}\n"
        "  - {id: twin-b, name: Twin, lines: [{id: main, number: '*5562'}]}\n",
        encoding="utf-8",
    )
    result = ivr("map", "twin", "--catalogue", str(twins), input="1 Billing\n")
    assert result.code == 4
    assert not observed_path().exists()


def test_an_unreadable_observations_file_is_named_and_left_alone() -> None:
    observed_path().parent.mkdir(parents=True, exist_ok=True)
    observed_path().write_text("version: 1\ncompanies: [{lines: oops}]\n", encoding="utf-8")
    before = observed_path().read_bytes()
    for args in (("find", "example", "cable"), ("map", "example", "cable")):
        result = ex(*args, input="1 Billing\n")
        assert result.code == 1, args
        assert str(observed_path()) in result.err
    assert observed_path().read_bytes() == before
    assert ex("find", "example", "cable", "--no-observed").code == 0
    checked = ex("validate")
    assert checked.code == 1
    assert f"{observed_path()}:2:" in checked.err


def test_two_maps_at_once_are_both_kept(tmp_path: Path) -> None:
    procs = []
    for name, outline in (("seven", "7 Seven\n"), ("eight", "8 Eight\n")):
        given = tmp_path / f"{name}.txt"
        given.write_text(outline, encoding="utf-8")
        with given.open("rb") as stdin:
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "ivrcli", "map", "example", "cable",
                     "--catalogue", str(EXAMPLE)],
                    stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                )
            )  # fmt: skip
    outcomes = [proc.communicate(timeout=60) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outcomes
    assert "Seven" in observed()
    assert "Eight" in observed()
    assert ex("find", "example", "cable", "seven").out == "*1234,,7\n"
    assert ex("find", "example", "cable", "eight").out == "*1234,,8\n"


# --------------------------------------------------------------------------- ivr log --keys


def test_log_keys_that_match_verify_the_path() -> None:
    ivr("profile", "set", "id", "039337423")
    logged = ex("log", "example", "cable", "billing", "--keys", "2, 039337423#", "--json")
    assert logged.code == 0, logged.err
    assert (logged.json()["call"]["keys"], logged.json()["call"]["keys_ok"]) == ("2, ID#", True)
    data = ex("find", "example", "cable", "billing", "--json").json()
    assert data["verified"] == {"ok": True, "date": TODAY}
    assert "worked on your call on" in ex("find", "example", "cable", "billing", "--human").out
    ex("log", "example", "cable", "billing", "--keys", "2, ID#")
    assert "confirmations: 2" in observed()


def test_log_keys_failed_then_find_still_dials_them_and_warns() -> None:
    ex("log", "example", "cable", "outages", "--keys-failed")
    data = ex("find", "example", "cable", "outages", "--json").json()
    assert (data["keys"], data["verified"]) == ("5", {"ok": False, "date": TODAY})
    human = ex("find", "example", "cable", "outages", "--human").out
    assert "did not work on your call on" in human
    assert "the menu may have changed" in human


def test_log_other_keys_move_the_service() -> None:
    logged = ex("log", "example", "cable", "outages", "--keys", "7, 5")
    assert (logged.code, logged.err) == (0, "ivr: recorded call #1 to Example Cable\n")
    data = ex("find", "example", "cable", "outages", "--json").json()
    assert (data["keys"], data["observed"]) == ("7, 5", TODAY)
    assert ex("find", "example", "cable", "outages").out == "035550101,7,5\n"


def test_log_keys_for_a_path_never_documented() -> None:
    ex("log", "example", "cable", "cancel", "--keys", "9, 9")
    assert ex("find", "example", "cable", "cancel").out == "*1234,,9,9\n"
    [call] = ivr("history", "--json").json()["calls"]
    assert (call["keys"], call["keys_ok"]) == ("9, 9", None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("example", "cable", "--keys", "1"), "keys are learned for a service"),
        (("example", "cable", "billing", "--keys", "one"), "--keys: 'one' is not key notation"),
        (("example", "cable", "billing", "--keys", "7, 1234567"), "mistyped"),
        (("example", "cable", "cancel", "--keys-failed"), "no documented keys"),
    ],
)
def test_log_keys_refused(args: tuple[str, ...], message: str) -> None:
    result = ex("log", *args)
    assert result.code == 2
    assert message in result.err
    assert ivr("history", "--json").json()["calls"] == []  # nothing half-written
    assert not observed_path().exists()


def test_an_observation_that_cannot_be_written_is_a_warning_not_a_lost_call() -> None:
    observed_path().parent.mkdir(parents=True, exist_ok=True)
    observed_path().write_text("not: [valid\n", encoding="utf-8")
    result = ex("log", "example", "cable", "billing", "--keys", "2, ID#", "--no-observed")
    assert result.code == 0
    assert "could not be saved" in result.err
    assert len(ivr("history", "--json").json()["calls"]) == 1


# --------------------------------------------------------------------------- contribute


def test_contribute_with_nothing_observed() -> None:
    result = ex("contribute")
    assert (result.code, result.out) == (0, "")
    assert "nothing observed yet" in result.err


def test_contribute_writes_a_file_that_stands_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ivr("profile", "set", "id", "039337423")
    ivr("profile", "set", "card4", "4321")
    ivr("profile", "set", "pin", "8642", "--profile", "mom")
    ex("map", "example", "cable", "mobile", input="2, 039337423# Billing\n  4321 Card\n")
    ex("log", "example", "cable", "outages", "--keys", "5", "--rep", "Dana", "--note", "secret")
    out = tmp_path / "share.yaml"
    result = ex("contribute", "--output", str(out))
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    for private in ("039337423", "39337423", "4321", "Dana", "secret"):
        assert private not in text
    assert "4D" in text
    assert ivr("validate", str(out)).code == 0
    monkeypatch.setenv("IVR_HOME", str(tmp_path / "fresh"))
    alone = ivr("find", "example", "cable", "mobile", "card", "--partial", "--catalogue", str(out))
    assert alone.out == "1700555555,2\n"  # ID and card digits are the caller's own, not shared


def test_contribute_refuses_digits_of_any_profile() -> None:
    ex("map", "example", "cable", input="7, 2468 Old menu\n")
    ivr("profile", "set", "pin", "2468", "--profile", "dad")  # set after the menu was heard
    result = ex("contribute")
    assert result.code == 1
    assert "the digits of your pin (profile 'dad')" in result.err
    assert "2468" not in result.err
    assert result.out == ""


def test_an_endless_stdin_is_refused_before_it_is_read_whole() -> None:
    result = ex("map", "example", "cable", input="1 A\n" + "#" * (1024 * 1024 + 10))
    assert result.code == 2
    assert "over 1 MB" in result.err
    assert not observed_path().exists()
