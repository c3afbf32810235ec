"""The bundled catalogue: every fact sourced and dated, the counts issue 5 asks for."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import BUNDLED, REPO, ivr
from ivrcli.catalogue import load
from ivrcli.models import format_reference
from ivrcli.search import company_terms

COMPANIES = load([BUNDLED], defaults=False)


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


def test_every_company_is_sourced_and_dated() -> None:
    for company in COMPANIES:
        assert company.get("source", "").startswith("https://") or company.get(
            "source", ""
        ).startswith("http://"), company["id"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", company.get("checked", "")), company["id"]


def test_every_key_path_has_a_source() -> None:
    for company, node, source in services():
        if node.get("keys"):
            assert source, (company["id"], node["name"])


def test_no_accidental_shared_names() -> None:
    owners: dict[str, str] = {}
    for company in COMPANIES:
        for term in company_terms(company):
            assert term not in owners, f"{term!r} names both {owners[term]} and {company['id']}"
            owners[term] = company["id"]


def test_counts() -> None:
    israeli = [c for c in COMPANIES if c["country"] == "IL"]
    categories = {c.get("category") for c in COMPANIES} - {None}
    all_services = services()
    topics = [n for _, n, _ in all_services if n.get("topic")]
    human = {c["id"] for c, n, _ in all_services if n.get("kind") == "human"}
    key_paths = [n for _, n, s in all_services if n.get("keys") and s]
    assert len(COMPANIES) >= 40
    assert len(israeli) >= 25
    assert len(COMPANIES) - len(israeli) >= 8
    assert len(categories) >= 8
    assert len(all_services) >= 60
    assert len(topics) >= 20
    assert len(human) >= 20
    assert len(key_paths) >= 10


@pytest.mark.parametrize(
    ("query", "company"),
    [
        ("hot billing", "hot-mobile"),  # HOT (cable) has no sourced number yet: see README
        ("הוט חשבון", "hot-mobile"),
        ("bituach leumi", "bituach-leumi"),
        ("ביטוח לאומי", "bituach-leumi"),
        ("pelephone", "pelephone"),
        ("פלאפון", "pelephone"),
        ("bezeq", "bezeq"),
        ("בזק", "bezeq"),
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


def test_contributing_reference_matches_the_models() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = text.split("<!-- format-reference:start -->\n")[1].split(
        "<!-- format-reference:end -->"
    )[0]
    assert block == format_reference()
