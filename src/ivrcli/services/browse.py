"""``ivr list``, ``show``, ``validate`` and ``schema``: the catalogue itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ivrcli.model import CompanyData, all_hours, main_line, stale_since

if TYPE_CHECKING:
    from ivrcli.catalogue.compiled import Catalogue
    from ivrcli.errors import Problem
    from ivrcli.hours import Status
    from ivrcli.services.session import Session

#: matching services listed under each company by ``ivr list QUERY``
SERVICES_PER_COMPANY = 5


@dataclass(frozen=True)
class Listed:
    """One row of ``ivr list``: the company, whether it is open, its matching services."""

    id: str
    name: str
    category: str | None
    country: str
    #: open when any line or route is open; None when no hours are known anywhere
    open: bool | None
    number: str
    services: list[str]


def list_companies(
    session: Session,
    query: list[str] | None,
    *,
    category: str | None,
    open_only: bool,
    at: dt.datetime,
) -> list[Listed]:
    """Companies (those the query matches, with their matching services), filtered."""
    catalogue = session.catalogue()
    chosen: list[tuple[CompanyData, list[str]]]
    if query:
        from ivrcli.search.resolve import search_all

        seen: dict[int, tuple[CompanyData, list[str]]] = {}
        for match in search_all(catalogue, catalogue.index, query):
            company, services = seen.setdefault(match.candidate.company, (match.route.company, []))
            if match.route.leaf is not None and len(services) < SERVICES_PER_COMPANY:
                services.append(" › ".join(match.route.path))
        chosen = list(seen.values())
    else:
        chosen = [(c, []) for c in catalogue]
    if category:
        chosen = [(c, s) for c, s in chosen if c.get("category") == category]
    rows = []
    for company, services in chosen:
        state = company_status(catalogue, company, at)
        if open_only and state is not True:
            continue
        rows.append(
            Listed(
                company["id"],
                company["name"],
                company.get("category"),
                company["country"],
                state,
                str(main_line(company)["number"]),
                services,
            )
        )
    return rows


@dataclass(frozen=True)
class WantedRow:
    """An organisation people ask for whose number is not sourced yet (``list --wanted``)."""

    id: str
    name: str
    category: str | None
    country: str
    note: str | None


def list_wanted(session: Session, query: list[str] | None, category: str | None) -> list[WantedRow]:
    """The wanted entries (those the query names, best first), filtered by category."""
    catalogue = session.catalogue()
    entries = catalogue.wanted
    if query:
        from ivrcli.search.resolve import wanted_matching

        entries = [catalogue[i] for i in wanted_matching(catalogue, catalogue.index, query)]
    return [
        WantedRow(w["id"], w["name"], w.get("category"), w["country"], w.get("note"))
        for w in entries
        if not category or w.get("category") == category
    ]


def company_status(catalogue: Catalogue, company: CompanyData, at: dt.datetime) -> bool | None:
    """Open when any line or route is open; None when no hours are known anywhere."""
    from ivrcli.hours import evaluate
    from ivrcli.regions import hours_zone

    expressions = list(all_hours(company))
    if not expressions:
        return None
    table = catalogue.holiday_table(company["country"])
    zone = hours_zone(company)
    return any(evaluate(h, zone, at, table).open for h in expressions)


@dataclass(frozen=True)
class Shown:
    """A company's whole menu, with the state of each of its hours at ``at``."""

    company: CompanyData
    at: dt.datetime
    #: every hours expression of the company -> its state at ``at``
    hours: dict[str, Status]
    stale: str | None
    #: the zone the hours were read in (the company's, or the caller's for local_time)
    zone: str

    @property
    def yours(self) -> bool:
        """It comes from the user's own files, not the bundled catalogue."""
        return bool(self.company.get("_yours"))

    @property
    def subscription(self) -> str | None:
        """The name of the subscription it comes from, if it does."""
        name = self.company.get("_subscription")
        return str(name) if name else None


def show(session: Session, company: list[str], at: dt.datetime) -> Shown:
    """The company named by an exact id, else by the query's best match."""
    from ivrcli.hours import evaluate
    from ivrcli.regions import hours_zone
    from ivrcli.search.resolve import search, wanted_error

    catalogue = session.catalogue()
    index = catalogue.find_id(" ".join(company).strip().lower())
    if index is None:
        data = search(catalogue, catalogue.index, company).route.company
    elif index >= len(catalogue):
        raise wanted_error(catalogue, catalogue.index, index, company)
    else:
        data = catalogue[index]
    table = catalogue.holiday_table(data["country"])
    zone = hours_zone(data)
    hours = {h: evaluate(h, zone, at, table) for h in all_hours(data)}
    return Shown(data, at, hours, stale_since(data, dt.date.today()), zone)


@dataclass(frozen=True)
class Validation:
    """What ``ivr validate`` found in the files it read."""

    files: list[Path]
    companies: int
    problems: list[Problem]
    warnings: list[Problem]


def validate(
    paths: list[Path] | None, catalogue_files: list[Path] | None, observed: bool = True
) -> Validation:
    """Check ``paths`` (default: the active catalogue's files and the observations file)
    with every strict check; the observations file is checked in its own format."""
    from ivrcli.catalogue.sources import active_sources
    from ivrcli.catalogue.validate import check_file, check_observations
    from ivrcli.paths import observed_path

    files = list(paths) if paths else active_sources(catalogue_files)[0]
    mine = observed_path()
    if not paths and observed and mine.exists():
        files.append(mine)
    heard = [p.resolve() == mine.resolve() for p in files]
    results = [
        check_observations(p) if is_mine else check_file(p, strict=True)
        for p, is_mine in zip(files, heard, strict=True)
    ]
    return Validation(
        files,
        sum(len(r.companies) for r, is_mine in zip(results, heard, strict=True) if not is_mine),
        [p for r in results for p in r.problems],
        [w for r in results for w in r.warnings],
    )


def schema() -> dict[str, Any]:
    """The JSON Schema of catalogue files, from the pydantic models."""
    from ivrcli.catalogue.schema import CatalogueFile

    data = CatalogueFile.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "ivr catalogue"
    return data
