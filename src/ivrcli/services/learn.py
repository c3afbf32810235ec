"""``ivr map`` and ``ivr contribute``: menus heard on calls, recorded and shared.

What is recorded goes to the observations file (``catalogue.observations``);
keys typed as digits never are: identifiers become their tokens first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ivrcli.errors import Ambiguous, UsageError
from ivrcli.model import CompanyData, Holder, Route, walk_nodes

if TYPE_CHECKING:
    from ivrcli.catalogue.compiled import Catalogue
    from ivrcli.services.entries import NewCompany
    from ivrcli.services.session import Session


@dataclass(frozen=True)
class Mapped:
    """What ``ivr map`` recorded, and what one of its services now dials."""

    company_id: str
    company_name: str
    line_id: str
    options: int
    new: bool
    #: one service's path names and dial string in the catalogue as it is now
    example: tuple[list[str], str] | None
    #: a query that reaches that service, when one does
    query: str | None


def identifiers(session: Session) -> dict[str, str]:
    """Every form of the profile's identifiers -> its field (what typed keys must not hold)."""
    from ivrcli.profile import identifier_forms

    return identifier_forms(session.profile())


def check_outline(session: Session, text: str, source: str = "<stdin>") -> list[Holder]:
    """The outline as menu nodes. A bad line is a CatalogueError ``source:line:col: ...``
    (exit 1); digits refused as a mistyped identifier a UsageError (exit 2)."""
    from ivrcli.errors import CatalogueError
    from ivrcli.outline import OutlineError, parse_outline

    try:
        return parse_outline(text, identifiers(session))
    except OutlineError as exc:
        where = f"{source}:{exc.line}:{exc.column}: {exc.message}; nothing was written"
        if exc.likely_identifier:
            raise UsageError(where) from None
        raise CatalogueError(where) from None


def outline_problem(session: Session, text: str) -> tuple[int, int, str] | None:
    """What is wrong with the outline so far, ``(line, column, message)``, for a terminal
    to ask the line again; None when nothing is."""
    from ivrcli.outline import OutlineError, parse_outline

    try:
        parse_outline(text, identifiers(session))
    except OutlineError as exc:
        return exc.line, exc.column, exc.message
    return None


def map_menu(
    session: Session,
    company: list[str],
    outline: str,
    *,
    line_id: str | None = None,
    greeting: str | None = None,
    hours: str | None = None,
    new: NewCompany | None = None,
) -> Mapped:
    """Record a menu heard on a call for the company the words name exactly (a new one
    needs ``new.name`` and ``new.number``); nothing is written on any error."""
    from ivrcli.catalogue.observations import record
    from ivrcli.paths import observed_path
    from ivrcli.services import entries

    catalogue = session.catalogue()
    target = _target(catalogue, company)
    menu = check_outline(session, outline)
    entries.refuse_identifiers_in_names(menu, identifiers(session))
    today = dt.date.today().isoformat()
    entries.heard(menu, today)
    line: Holder = {"menu": menu}
    if greeting:
        line["greeting"] = greeting
    if hours:
        line["hours"] = hours
    if greeting or hours:
        line["observed"] = today
    if target is not None and target[1] is False:
        entry, new_company = entries.patch(target[0], line, line_id, new), False
    else:
        wanted = target[0] if target else None
        blank = entries.NewCompany()
        entry, new_company = entries.whole(company, wanted, line, line_id, new or blank), True
    record(observed_path(), entry)
    return _example(session, entry, len(list(walk_nodes(menu))), new_company)


def _target(catalogue: Catalogue, words: list[str]) -> tuple[CompanyData, bool] | None:
    """The company the words name exactly (an id, a name or an alias), and whether it is a
    wanted entry; None for none. A tie is Ambiguous."""
    from ivrcli.search.resolve import Match, route_of
    from ivrcli.search.routes import Candidate
    from ivrcli.textnorm import normalise

    term = normalise(" ".join(words))
    if not term:
        raise UsageError("name the company to map, e.g. ivr map example-cable")
    index = catalogue.index
    positions: set[int] | None = None
    for word in term.split():
        found = set(index.postings(word))
        positions = found if positions is None else positions & found
    exact = sorted(ci for ci in positions or () if term in index.terms_of(ci))
    real = [ci for ci in exact if ci < len(catalogue)]
    if len(real) > 1:
        matches = [
            Match(c, route_of(catalogue, c)) for c in (Candidate(ci, None, (), 100) for ci in real)
        ]
        raise Ambiguous(f"{len(real)} companies are called {' '.join(words)!r}; use an id", matches)
    if real:
        return catalogue[real[0]], False
    return (catalogue[exact[0]], True) if exact else None


def _example(session: Session, entry: CompanyData, options: int, new: bool) -> Mapped:
    """What one of the recorded services dials now, in the catalogue as it is."""
    from ivrcli.dial import dial_string
    from ivrcli.errors import IvrError
    from ivrcli.search.resolve import search
    from ivrcli.services.session import Session as Fresh
    from ivrcli.textnorm import normalise

    fresh = Fresh(session.catalogue_files, session.profile_name, session.progress)
    catalogue = fresh.catalogue()
    position = catalogue.find_id(entry["id"])
    if position is None or position >= len(catalogue):
        raise IvrError(f"{entry['id']}: recorded, but the catalogue in use does not show it")
    company = catalogue[position]
    line_id = entry["lines"][0]["id"]
    line = next(ln for ln in company["lines"] if ln["id"] == line_id)
    nodes = _first_leaf(line.get("menu", []), entry["lines"][0].get("menu", []))
    if not nodes:
        return Mapped(company["id"], company["name"], line_id, options, new, None, None)
    route = Route(company, line, nodes)
    profile = session.profile()
    dial = dial_string(route, profile, home=profile.get("home", "IL"), partial=True).dial
    query = f"{company['id']} {normalise(nodes[-1]['name'])}"
    try:
        reached = search(catalogue, catalogue.index, query.split()).route
        found = query if reached.nodes and reached.nodes[-1] is nodes[-1] else None
    except IvrError:
        found = None
    return Mapped(company["id"], company["name"], line_id, options, new, (route.path, dial), found)


def _first_leaf(menu: list[Holder], heard: list[Holder]) -> list[Holder]:
    """The merged nodes down to the first option heard with nothing below it."""
    from ivrcli.catalogue.observations import sibling

    for option in heard:
        node = sibling(menu, option)  # the node the option was merged into
        if node is None:
            continue
        below = _first_leaf(node.get("menu", []), option.get("menu", []))
        if below or not option.get("menu"):
            return [node, *below]
    return []
