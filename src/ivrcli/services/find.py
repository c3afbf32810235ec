"""``ivr find``: the user's query to a route, a dial string and the line's hours now."""

import datetime as dt
from typing import TYPE_CHECKING, Any, NamedTuple

from ivrcli.dial import Dial, dial_string
from ivrcli.errors import MissingIdentifier, NotFromAbroad
from ivrcli.model import CompanyData, Route, heard, stale_since, walk_nodes
from ivrcli.search.resolve import Match, no_match, search, search_all

if TYPE_CHECKING:  # hours pull in regexes and opening_hours: only when hours are asked for
    from ivrcli.catalogue.compiled import Catalogue
    from ivrcli.hours import Status
    from ivrcli.services.session import Session
    from ivrcli.waits import YourWait


class Service(NamedTuple):
    """One service of a company's menus: its line's number, key path (None: listen) and
    names from the menu root down."""

    number: str
    keys: str | None
    path: list[str]


class Found(NamedTuple):
    """The answer of ``ivr find``: the route and its dial string, and what the views add."""

    match: Match
    dial: Dial
    #: the moment the hours were evaluated at (None when they were not asked for)
    at: dt.datetime | None = None
    status: "Status | None" = None
    #: the date of the route's facts when they are over a year old
    stale: str | None = None
    #: the zone the hours were read in (the company's, or the caller's for local_time)
    zone: str | None = None
    #: your wait from the journal (only when asked for, and with enough calls)
    your_wait: "YourWait | None" = None
    #: why your wait is not shown, when the journal could not be read
    warning: str | None = None

    @property
    def route(self) -> Route:
        return self.match.route

    @property
    def reported_wait(self) -> dict[str, Any] | None:
        """The one published wait shown for the route (section 12), or None."""
        from ivrcli.waits import reported_wait

        route = self.route
        return reported_wait(route.line, route.company, route.topic)

    @property
    def services(self) -> list[Service]:
        """A query that named only the company: every service of its menus (only the
        human view asks, so plain output never walks them)."""
        if self.route.leaf is not None or self.match.human:
            return []
        return services_of(self.route.company)

    @property
    def heard(self) -> tuple[str, str, bool] | None:
        """What calls said of the service's keys: (heard | worked | failed, date, yours)."""
        return heard(self.route.leaf)


def find(
    session: "Session",
    query: list[str],
    *,
    pause: float = 3.0,
    partial: bool = False,
    reveal: bool = False,
    at: dt.datetime | None = None,
    abroad: bool = False,
    waits: bool = False,
) -> Found:
    """Resolve the query to a route and a dial string; hours only when ``at`` is given,
    your wait from the journal only with ``waits``.

    A route needing an identifier the profile lacks raises MissingIdentifier
    (unless ``partial``), carrying the answer as far as it goes. ``abroad`` dials
    the number in international form; a number that cannot be dialled from abroad
    is an error naming the company's other lines.
    """
    catalogue = session.catalogue()
    match = search(catalogue, catalogue.index, query)
    route = match.route
    profile = session.profile()
    home = profile.get("home", "IL")
    try:
        dial = dial_string(
            route, profile, home=home, pause=pause, partial=partial, reveal=reveal, abroad=abroad
        )
    except NotFromAbroad as exc:
        hint = f"; see its other lines: ivr show {route.company['id']}"
        raise NotFromAbroad(exc.message + hint) from None
    found = Found(match, dial, at, stale=stale_since(route, dt.date.today()))
    if at is not None:
        status, zone = status_of(catalogue, route, at)
        found = found._replace(status=status, zone=zone)
    if waits:
        from ivrcli.services.waits import your_wait

        when = at or dt.datetime.now().astimezone()
        mine, warning = your_wait(catalogue, route, when)
        found = found._replace(your_wait=mine, warning=warning)
    if dial.missing and not partial:
        first = dial.missing[0]
        raise MissingIdentifier(
            f"this route needs your {first}: set it with: ivr profile set {first}",
            missing=dial.missing,
            answer=found,
        )
    return found


def find_all(session: "Session", query: list[str]) -> list[Match]:
    """Every match, best first (``find --all``); NoMatch when there is none."""
    catalogue = session.catalogue()
    matches = search_all(catalogue, catalogue.index, query)
    if not matches:
        raise no_match(query)
    return matches


def status_of(catalogue: "Catalogue", route: Route, at: dt.datetime) -> tuple["Status", str]:
    """Open or closed at ``at``, and the next change, by the route's own hours; and the
    zone they were read in."""
    from ivrcli.hours import evaluate
    from ivrcli.regions import hours_zone

    company = route.company
    zone = hours_zone(company)
    table = catalogue.holiday_table(company["country"])
    return evaluate(route.hours, zone, at, table), zone


def services_of(company: CompanyData) -> list[Service]:
    """Every service of every line's menu, in file order."""
    found: list[Service] = []
    for line in company["lines"]:
        for _, nodes in walk_nodes(line.get("menu", [])):
            route = Route(company, line, list(nodes))
            found.append(Service(str(line["number"]), route.keys, route.path))
    return found
