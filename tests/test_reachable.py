"""Every line and every menu node of the bundled catalogue is reachable by some query
(product.md section 2; issue 16).

The queries tried are the ones a user has in hand: the company id with the service's
name, one of its aliases or its whole path; when that ties, the same with a word of the
line's name, or the line's number (as written, or as digits). A line: its name, a word
of it, or its number. Searching goes straight to ``search.resolve`` on the catalogue
opened once: the CLI around it is tested elsewhere, and 460 runs of it would be slow.
"""

from __future__ import annotations

from collections.abc import Iterator

from ivrcli.catalogue.sources import open_catalogue
from ivrcli.errors import IvrError
from ivrcli.model import CompanyData, Holder, walk_nodes
from ivrcli.search.resolve import search
from ivrcli.textnorm import normalise

Place = tuple[int, int, tuple[int, ...]]


def selectors(line: Holder) -> list[str]:
    """What may be added to a query to pick this line: nothing, a word of its name, its
    number as written, its number as digits."""
    words = normalise(line.get("name") or "").split()
    digits = "".join(ch for ch in line["number"] if ch.isdigit())
    return ["", *words, line["number"], digits]


def queries(company: CompanyData, line: Holder, nodes: list[Holder]) -> Iterator[str]:
    if not nodes:
        yield from (f"{company['id']} {extra}" for extra in selectors(line)[1:])
        yield f"{company['id']} {line.get('name') or ''}"
        return
    leaf = nodes[-1]
    names = [leaf["name"], *leaf.get("aliases", []), " ".join(n["name"] for n in nodes)]
    for extra in selectors(line):
        for name in names:
            yield f"{company['id']} {name} {extra}"


def unreachable() -> list[str]:
    catalogue = open_catalogue(None)

    def reaches(query: str, place: Place) -> bool:
        try:
            match = search(catalogue, catalogue.index, query.split())
        except IvrError:
            return False
        cand, lines = match.candidate, match.route.company["lines"]
        line = cand.line if cand.line is not None else lines.index(match.route.line)
        return (cand.company, line, cand.path) == place

    lost: list[str] = []
    for ci in range(len(catalogue)):
        company = catalogue[ci]
        for li, line in enumerate(company["lines"]):
            places = [((), []), *walk_nodes(line.get("menu", []))]
            for path, nodes in places:
                if not any(reaches(q, (ci, li, path)) for q in queries(company, line, nodes)):
                    names = " › ".join(n["name"] for n in nodes) or "(the line)"
                    lost.append(f"{company['id']} {line['id']}: {names}")
    return lost


def test_every_line_and_service_of_the_bundled_catalogue_is_reachable() -> None:
    assert unreachable() == []
