"""What the journal says of waits: your own before the next call (``find``), and the facts
of a complaint about one call over the limit (``ivr complaint``).

Reading never creates the journal: with no journal file there are simply no calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ivrcli.errors import IvrError, NoMatch, StateError
from ivrcli.law import LAW_TOPICS, LEGAL_LIMIT_SECONDS, law_applies

if TYPE_CHECKING:
    from ivrcli.catalogue.compiled import Catalogue
    from ivrcli.journal.record import CallRecord
    from ivrcli.model import CompanyData, Route
    from ivrcli.services.session import Session
    from ivrcli.waits import YourWait

#: the sectors whose licences (not the law) tolerate a share of calls over 6 minutes
TELECOM_CATEGORIES = frozenset({"mobile", "landline", "tv", "internet"})


def _calls(
    company_ids: Collection[str] | None = None, call_id: int | None = None
) -> list[CallRecord]:
    """The journal's calls (of these companies, or the one call with this id); [] when
    there is no journal yet."""
    from ivrcli.journal.store import Journal

    journal = Journal.existing()
    if journal is None:
        return []
    with journal:
        if call_id is not None:
            return [c for c in (journal.call(call_id),) if c is not None]
        return journal.history(company_ids)


def your_wait(
    catalogue: Catalogue, route: Route, at: dt.datetime
) -> tuple[YourWait | None, str | None]:
    """Your wait for the route (section 12), and a warning when the journal cannot be
    read (``find`` still answers). The bands are read on the wall clock the line's
    hours are read in, and a band counts when the route's hours open in it this week."""
    from ivrcli.regions import hours_zone
    from ivrcli.waits import MIN_CALLS, Timed, counted
    from ivrcli.waits import your_wait as compute

    try:
        records = _calls([route.company["id"]])
    except StateError as exc:
        return None, f"your waits are not shown: {exc.message}"
    timed = [
        Timed(r.started, seconds, r.topic)
        for r in records
        if (seconds := counted(r.waited_seconds, r.total_seconds, r.outcome)) is not None
    ]
    if len(timed) < MIN_CALLS:
        return None, None
    zone = hours_zone(route.company)
    bands = None
    if route.hours:
        from ivrcli.hours import open_bands

        table = catalogue.holiday_table(route.company["country"])
        bands = open_bands(route.hours, zone, at, table)
    return compute(timed, route.topic, zone, bands), None


@dataclass(frozen=True)
class Complaint:
    """One call over the 6-minute limit, as a complaint states it."""

    call: CallRecord
    #: when it started, on the company's wall clock
    started: dt.datetime
    #: the seconds measured: the wait, or the whole call when no one answered
    seconds: int
    answered: bool
    #: the company's sector holds a telecom licence, whose tolerance the text names
    telecom: bool


def complaint(session: Session, call_id: int) -> Complaint:
    """The facts of a complaint about call ``call_id``: NoMatch when the journal has no
    such call; IvrError saying why when the rule does not cover it, no wait was
    recorded, or it was within the limit."""
    from zoneinfo import ZoneInfo

    from ivrcli.waits import counted

    in_range = 0 < call_id < 2**63  # SQLite's integers: a larger id is no call
    record = next(iter(_calls(call_id=call_id)), None) if in_range else None
    if record is None:
        raise NoMatch(f"no call #{call_id} in the journal: ivr history lists the calls")
    company = _company(session, record.company_id)
    covered = record.over_limit is not None or (
        company is not None and law_applies(company, record.topic)
    )
    if not covered:
        raise IvrError(_not_covered(record, company))
    seconds = counted(record.waited_seconds, record.total_seconds, record.outcome)
    if seconds is None:
        raise IvrError(
            f"call #{call_id} has no wait recorded (no --waited, and it was not dropped): "
            "there is nothing to measure against the 6-minute limit"
        )
    if seconds <= LEGAL_LIMIT_SECONDS:
        shown = f"{seconds // 60}:{seconds % 60:02d}"
        raise IvrError(f"call #{call_id} waited {shown}, within the 6-minute limit: no complaint")
    zone = ZoneInfo(company["timezone"]) if company else record.started.tzinfo
    return Complaint(
        record,
        record.started.astimezone(zone),
        seconds,
        record.waited_seconds is not None,
        company is not None and company.get("category") in TELECOM_CATEGORIES,
    )


def _company(session: Session, company_id: str) -> CompanyData | None:
    """The company as the catalogue in use has it; None when it is no longer there."""
    catalogue = session.catalogue()
    index = catalogue.find_id(company_id)
    return catalogue[index] if index is not None and index < len(catalogue) else None


def _not_covered(record: CallRecord, company: CompanyData | None) -> str:
    name = record.company_name
    if record.topic not in LAW_TOPICS:
        topic = record.topic or "none recorded"
        return (
            f"call #{record.id} to {name} was not about a fault, billing or ending the contract "
            f"(topic: {topic}): the 6-minute rule covers only those"
        )
    sector = (company or {}).get("category") or "no sector"
    return (
        f"the 6-minute rule does not cover {name} ({sector}): it covers Israeli phone, mobile, "
        "cable and satellite TV, internet, electricity, gas and water suppliers, banks, "
        "insurers and card issuers"
    )
