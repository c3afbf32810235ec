"""The work behind each command, with plain objects in and out (no typer, no rich)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ivrcli.cache import Catalogue, all_hours
from ivrcli.dial import Dial, Route, dial_string
from ivrcli.errors import MissingIdentifier, NoMatch
from ivrcli.search import Candidate, search, search_all

if TYPE_CHECKING:  # hours pulls in regexes and opening_hours: only when hours are asked for
    from ivrcli.hours import HolidayTable, Status


#: sources at least this large take over a second to compile: worth a progress note
SLOW_BUILD_BYTES = 1024 * 1024


def open_catalogue(
    cli_paths: list[Path] | None,
    use_cache: bool = True,
    progress: Callable[[], AbstractContextManager[object]] | None = None,
) -> Catalogue:
    """The active catalogue, from the compiled cache when it is fresh.

    ``progress`` wraps a slow first build (large sources) so the caller can
    show that something is happening.
    """
    from ivrcli import cache
    from ivrcli.catalogue import active_sources

    paths, defaults = active_sources(cli_paths)
    if use_cache:
        cached = cache.read(paths)
        if cached is not None:
            return cached
    from ivrcli.catalogue import load

    size = sum(p.stat().st_size for p in paths if p.is_file())
    with progress() if progress and size >= SLOW_BUILD_BYTES else contextlib.nullcontext():
        companies = load(paths, defaults)
    catalogue = Catalogue.from_companies(companies)
    if use_cache:
        cache.write(paths, companies, catalogue)
    return catalogue


def route_of(catalogue: Catalogue, cand: Candidate) -> Route:
    company = catalogue[cand.company]
    lines = company["lines"]
    if cand.line is None:
        line = next((ln for ln in lines if ln["id"] == "main"), lines[0])
        return Route(company, line, [])
    line = lines[cand.line]
    nodes: list[dict[str, Any]] = []
    menu = line.get("menu", [])
    for i in cand.path:
        nodes.append(menu[i])
        menu = menu[i].get("menu", [])
    return Route(company, line, nodes)


def holiday_table(catalogue: Catalogue, country: str) -> HolidayTable:
    from ivrcli.hours import HolidayTable

    return HolidayTable(country, catalogue.holidays.get(country))


def status_of(catalogue: Catalogue, route: Route, at: dt.datetime) -> Status:
    from ivrcli.hours import evaluate

    return evaluate(
        route.hours,
        route.company["timezone"],
        at,
        holiday_table(catalogue, route.company["country"]),
    )


@dataclass
class Found:
    """The answer of ``ivr find``."""

    route: Route
    candidate: Candidate
    dial: Dial
    ignored: list[str]
    status: Status | None = None
    alternatives: list[Candidate] = field(default_factory=list)


def find(
    catalogue: Catalogue,
    words: list[str],
    profile: dict[str, str],
    *,
    pause: float = 3.0,
    partial: bool = False,
    reveal: bool = False,
    at: dt.datetime | None = None,
) -> Found:
    """Resolve words to a route and a dial string; hours only when ``at`` is given."""
    cand, _ = search(catalogue, catalogue.index, words)
    route = route_of(catalogue, cand)
    home = profile.get("home", "IL")
    dial = dial_string(route, profile, home=home, pause=pause, partial=partial, reveal=reveal)
    if dial.missing and not partial:
        first = dial.missing[0]
        raise MissingIdentifier(
            f"this route needs your {first}: set it with: ivr profile set {first}",
            missing=dial.missing,
            found=Found(route, cand, dial, list(cand.ignored)),
        )
    found = Found(route, cand, dial, list(cand.ignored))
    if at is not None:
        found.status = status_of(catalogue, route, at)
    return found


def find_all(catalogue: Catalogue, words: list[str]) -> list[tuple[Candidate, Route]]:
    return [(c, route_of(catalogue, c)) for c in search_all(catalogue, catalogue.index, words)]


def company_status(catalogue: Catalogue, company: dict[str, Any], at: dt.datetime) -> bool | None:
    """Open when any line or route is open; None when no hours are known anywhere."""
    from ivrcli.hours import evaluate

    expressions = list(all_hours(company))
    if not expressions:
        return None
    table = holiday_table(catalogue, company["country"])
    return any(evaluate(h, company["timezone"], at, table).open for h in expressions)


def completions(catalogue: Catalogue, before: list[str], incomplete: str) -> list[str]:
    """Shell completion: company ids and names first, then the chosen company's services."""
    from ivrcli.errors import Ambiguous
    from ivrcli.search import node_terms, walk_nodes
    from ivrcli.textnorm import normalise

    prefix = normalise(incomplete)
    words = [w for w in before if not w.startswith("-")]
    if words:
        try:
            cand, _ = search(catalogue, catalogue.index, words)
        except (Ambiguous, NoMatch):
            cand = None
        if cand is not None and cand.line is None:
            company = catalogue[cand.company]
            terms: list[str] = []
            for line in company["lines"]:
                for _, nodes in walk_nodes(line.get("menu", [])):
                    terms.extend(node_terms(nodes[-1]))
            found = {w for t in terms for w in t.split() if w.startswith(prefix)}
            return sorted(found)
    index = catalogue.index
    found = {cid for cid in index.ids if cid.startswith(prefix)}
    for ci in range(len(index.ids)):
        for term in index.terms_of(ci):
            if " " not in term and term.startswith(prefix):
                found.add(term)
    return sorted(found)
