"""The bundled catalogue: every fact sourced and dated, the counts issue 5 asks for."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import tldextract

from conftest import BUNDLED, REPO, ivr
from ivrcli.catalogue.reference import format_reference
from ivrcli.catalogue.sources import load
from ivrcli.search.index import company_terms

COMPANIES, WANTED = load([BUNDLED], defaults=False)


def nodes(
    menu: list[dict[str, Any]], source: str | None
) -> Iterator[tuple[dict[str, Any], str | None]]:
    for node in menu:
        here = node.get("source", source)
        yield node, here
        yield from nodes(node.get("menu", []), here)


def services() -> list[tuple[dict[str, Any], dict[str, Any], str | None]]:
    out = []
    for company in COMPANIES:
        for line in company["lines"]:
            source = line.get("source", company.get("source"))
            out.extend((company, node, src) for node, src in nodes(line.get("menu", []), source))
    return out


DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def sourced(holder: dict[str, Any]) -> bool:
    """A public page and the day it was read, or the day the fact was heard on a call."""
    page = str(holder.get("source", "")).startswith(("https://", "http://"))
    return (page and bool(DATE.fullmatch(str(holder.get("checked", ""))))) or bool(
        DATE.fullmatch(str(holder.get("observed", "")))
    )


def test_every_company_is_sourced_and_dated() -> None:
    for company in COMPANIES:
        assert sourced(company), company["id"]


def test_every_line_names_the_page_its_number_was_read_on() -> None:
    for company in COMPANIES:
        for line in company["lines"]:
            assert sourced(line), (company["id"], line["id"])


def test_the_sourced_rule_itself() -> None:
    assert sourced({"source": "https://a.example", "checked": "2026-11-25"})
    assert sourced({"observed": "2026-12-01"})
    assert not sourced({"source": "https://a.example"})
    assert not sourced({"checked": "2026-11-25"})
    assert not sourced({"source": "ftp://a.example", "checked": "2026-11-25"})
    assert not sourced({})


def test_every_key_path_has_a_source() -> None:
    for company, node, source in services():
        if node.get("keys"):
            assert source or node.get("observed"), (company["id"], node["name"])


def test_no_accidental_shared_names() -> None:
    owners: dict[str, str] = {}
    for company in COMPANIES:
        for term in company_terms(company):
            assert term not in owners, f"{term!r} names both {owners[term]} and {company['id']}"
            owners[term] = company["id"]


#: Registrable domains from the bundled Public Suffix List snapshot: never fetched (offline).
DOMAINS = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

#: Hosts under these suffixes are government sites (issue 16).
GOVERNMENT_SUFFIXES = ("gov", "mil", "gov.il", "muni.il", "gov.uk", "nhs.uk", "police.uk")

#: Public bodies whose own domain is not under a government suffix.
PUBLIC_BODIES = {
    "boi.org.il",  # the Bank of Israel, the central bank
}


def registrable(url: str) -> str:
    return DOMAINS(url).top_domain_under_public_suffix


def government(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return registrable(url) in PUBLIC_BODIES or any(
        host == suffix or host.endswith("." + suffix) for suffix in GOVERNMENT_SUFFIXES
    )


def own_or_government(company: dict[str, Any], source: str | None) -> bool:
    """The page is on the company's own registrable domain, or a government body's."""
    if not source:
        return False
    website = company.get("website")
    own = bool(website) and registrable(source) == registrable(str(website))
    return own or government(source)


def round_the_clock() -> Iterator[tuple[str, str | None]]:
    """Every ``24/7`` in the catalogue, on a line or a node, with the page it rests on."""
    for company in COMPANIES:
        for line in company["lines"]:
            source = line.get("source", company.get("source"))
            where = f"{company['id']}/{line['id']}"
            if "24/7" in str(line.get("hours", "")) and not own_or_government(company, source):
                yield where, source
            for node, src in nodes(line.get("menu", []), source):
                if "24/7" in str(node.get("hours", "")) and not own_or_government(company, src):
                    yield f"{where}: {node['name']}", src


def test_round_the_clock_rests_on_the_company_or_a_government() -> None:
    """Issue 16: a 24/7 from a directory, blog or forum is a note, not hours."""
    offending = [f"{where} rests on {source}" for where, source in round_the_clock()]
    assert not offending, "\n".join(offending)


def test_the_own_or_government_rule_itself() -> None:
    company = {"id": "x", "website": "https://www.example.co.uk"}
    assert own_or_government(company, "https://help.example.co.uk/contact")
    assert not own_or_government(company, "https://example.com/contact")
    assert not own_or_government(company, "https://www.allconnect.com/providers/example")
    assert own_or_government(company, "https://www.irs.gov/help")
    assert own_or_government(company, "https://www.gov.il/he/service")
    assert own_or_government(company, "https://ironswords.health.gov.il/en")
    assert own_or_government(company, "https://www.nhs.uk/contact")
    assert own_or_government(company, "https://boi.org.il/en/x")
    assert not own_or_government(company, "https://notgov.example/gov")
    assert not own_or_government(company, "https://www.kolzchut.org.il/he/x")
    assert not own_or_government({"id": "y"}, "https://www.example.co.uk/")
    assert not own_or_government(company, None)


def test_counts() -> None:
    """The goals of issue 5, read from `ivr catalogue stats` (shown with pytest -rP)."""
    result = ivr("catalogue", "stats", "--catalogue", str(BUNDLED))
    assert (result.code, result.err) == (0, "")
    print(result.out)
    stats = ivr("catalogue", "stats", "--catalogue", str(BUNDLED), "--json").json()
    assert stats["companies"] >= 40
    assert stats["countries"]["IL"] >= 25
    assert stats["companies"] - stats["countries"]["IL"] >= 8
    assert len(stats["categories"]) >= 8
    assert stats["services"] >= 60
    assert stats["services_with_topic"] >= 20
    assert stats["companies_with_human"] >= 20
    assert stats["sourced_key_paths"] >= 10


def test_stats_agree_with_a_walk_of_the_file() -> None:
    stats = ivr("catalogue", "stats", "--catalogue", str(BUNDLED), "--json").json()
    all_services = services()
    assert stats["services"] == len(all_services)
    assert stats["services_with_topic"] == sum(bool(n.get("topic")) for _, n, _ in all_services)
    assert stats["companies_with_human"] == len(
        {c["id"] for c, n, _ in all_services if n.get("kind") == "human"}
    )
    assert stats["lines_with_hours"] == sum(
        bool(line.get("hours"))
        or (bool(line.get("menu")) and all(n.get("hours") for n in line["menu"]))
        for c in COMPANIES
        for line in c["lines"]
    )


@pytest.mark.parametrize(
    ("query", "company"),
    [
        ("hot mobile billing", "hot-mobile"),
        ("הוט מובייל חשבון", "hot-mobile"),
        ("bituach leumi", "bituach-leumi"),
        ("ביטוח לאומי", "bituach-leumi"),
        ("pelephone", "pelephone"),
        ("פלאפון", "pelephone"),
        ("bezeq", "bezeq"),
        ("בזק", "bezeq"),
        ("cellcom", "cellcom"),
        ("סלקום", "cellcom"),
        ("isracard", "isracard"),
        ("ישראכרט", "isracard"),
        ("cal", "cal"),
        ("max", "max"),
        ("clalit", "clalit"),
        ("israel electric", "israel-electric"),
        ("irs", "irs"),
    ],
)
def test_named_queries_answer(query: str, company: str) -> None:
    result = ivr("find", *query.split(), "--json", "--partial")
    assert result.code == 0, result.out
    assert result.json()["company"]["id"] == company


@pytest.mark.parametrize(
    ("query", "company", "dial"),
    [
        # "hot" is HOT (wanted) only where the rest of the query is not another name:
        ("british gas hot water", "british-gas", "+443332008899"),
        ("hot mobile lost phone", "hot-mobile", "*053"),  # HOT mobile's whole name
        ("bezeq billing cancel a charge zamir", "bezeq", "199"),  # Bezeq, not Bezeq Int'l
    ],
)
def test_a_wanted_name_inside_a_real_query_does_not_take_it_over(
    query: str, company: str, dial: str
) -> None:
    result = ivr("find", *query.split(), "--json", "--partial")
    assert (result.code, result.err) == (0, "")
    assert (result.json()["company"]["id"], result.json()["dial"]) == (company, dial)


@pytest.mark.parametrize(
    ("query", "wanted", "suggested"),
    [
        ("hot billing", "hot", ["hot-mobile"]),  # HOT the cable company, not HOT mobile
        ("הוט חשבון", "hot", ["hot-mobile"]),
        ("partner", "partner", []),
        ("yes", "yes", []),
        ("bezeq international", "bezeq-international", []),
        ("רב קו", "rav-kav", []),
    ],
)
def test_wanted_organisations_say_so(query: str, wanted: str, suggested: list[str]) -> None:
    result = ivr("find", *query.split(), "--json")
    assert (result.code, result.err) == (3, "")
    error = result.json()["error"]
    assert error["wanted"]["id"] == wanted
    assert error["suggestions"] == suggested
    assert f"ivr map {wanted} --name " in error["message"]


def test_wanted_entries_give_no_number_and_no_real_company_shares_their_id() -> None:
    ids = {c["id"] for c in COMPANIES}
    assert {"hot", "yes", "partner", "bezeq-international", "israel-land-authority"} <= {
        w["id"] for w in WANTED
    }
    for entry in WANTED:
        assert entry["id"] not in ids
        assert entry["lines"] == []
        assert not re.search(r"\d{3}", " ".join(str(v) for v in entry.values())), entry["id"]


def test_contributing_reference_matches_the_models() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = text.split("<!-- format-reference:start -->\n")[1].split(
        "<!-- format-reference:end -->"
    )[0]
    assert block == format_reference()
