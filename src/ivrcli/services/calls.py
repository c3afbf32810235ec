"""``ivr call``, ``log`` and ``history``: calls recorded in the journal, and the 6-minute rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ivrcli.law import law_applies, over_limit

if TYPE_CHECKING:
    from ivrcli.journal.record import CallRecord, CompanyStats
    from ivrcli.model import Route
    from ivrcli.services.find import Found
    from ivrcli.services.keys import KeysAnswer, Learned
    from ivrcli.services.session import Session


@dataclass(frozen=True)
class Recorded:
    """A call in the journal, and a warning when what its keys taught could not be saved."""

    call: CallRecord
    warning: str | None = None


@dataclass(frozen=True)
class Call:
    """A call about to start: the answer to dial, whether the 6-minute rule covers it,
    and the outcome given on the command line."""

    found: Found
    law: bool
    outcome: str | None


def begin_call(
    session: Session,
    query: list[str],
    *,
    outcome: str | None,
    pause: float,
    partial: bool,
    reveal: bool,
    at: dt.datetime,
    abroad: bool = False,
) -> Call:
    """Check the outcome, then resolve the route and dial string as ``find`` does."""
    from ivrcli.journal.record import check_outcome
    from ivrcli.services.find import find

    chosen = check_outcome(outcome) if outcome else None
    found = find(
        session, query, pause=pause, partial=partial, reveal=reveal, at=at, abroad=abroad,
        waits=True,
    )  # fmt: skip
    return Call(found, law_applies(found.route.company, found.route.topic), chosen)


def finish_call(
    session: Session,
    call: Call,
    *,
    started: dt.datetime,
    waited: float | None,
    total: float,
    rep: str,
    reference: str,
    note: str,
    keys: KeysAnswer | None = None,
) -> Recorded:
    """Record a call the companion timed (nobody answering makes it ``dropped``), then what
    the keys answer taught."""
    from ivrcli.services.keys import Learned, learn

    learned = learn(session, call.found.route, keys) if keys else Learned()
    return _record(
        call.found.route,
        learned,
        started=started,
        waited_seconds=None if waited is None else round(waited),
        total_seconds=round(total),
        outcome="dropped" if waited is None else call.outcome,
        rep=rep or None,
        reference=reference or None,
        note=note or None,
        over_limit=over_limit(call.law, waited, total),
    )


def log(
    session: Session,
    query: list[str],
    *,
    started: dt.datetime,
    waited: str | None,
    total: str | None,
    outcome: str | None,
    rep: str | None,
    reference: str | None,
    note: str | None,
    keys: KeysAnswer | None = None,
) -> Recorded:
    """Record a call made without the companion (durations as typed: 90s, 7m, 1h5m), and
    what ``--keys`` / ``--keys-failed`` taught."""
    from ivrcli.journal.record import check_outcome, parse_duration
    from ivrcli.services.keys import Learned, learn

    wait_s = parse_duration(waited) if waited else None
    total_s = parse_duration(total) if total else None
    chosen = check_outcome(outcome) if outcome else None
    route = resolve(session, query)
    learned = learn(session, route, keys) if keys else Learned()
    law = law_applies(route.company, route.topic)
    return _record(
        route,
        learned,
        started=started.replace(microsecond=0),
        waited_seconds=wait_s,
        total_seconds=total_s,
        outcome=chosen,
        rep=rep or None,
        reference=reference or None,
        note=note or None,
        over_limit=over_limit(law, wait_s, total_s if chosen == "dropped" else None),
    )


@dataclass(frozen=True)
class History:
    """Calls newest first, and per company: calls, median wait, calls over the limit."""

    calls: list[CallRecord]
    summary: dict[str, CompanyStats]


def history(
    session: Session,
    query: list[str] | None,
    since: dt.datetime | None,
    over_limit_only: bool = False,
) -> History:
    """The journal, optionally only the calls to the query's company, since a moment, or
    over the 6-minute limit (a wait, or an unanswered call, past 6 minutes where the rule
    covers the company and topic: what the call recorded as ``over_limit``)."""
    from ivrcli.journal.record import stats
    from ivrcli.journal.store import Journal

    company_ids = [resolve(session, query).company["id"]] if query else None
    journal = Journal.existing()  # none yet: no calls, and no file made by reading
    if journal is None:
        return History([], stats([]))
    with journal:
        records = journal.history(company_ids, since)
    if over_limit_only:
        records = [r for r in records if r.over_limit is True]
    return History(records, stats(records))


def resolve(session: Session, query: list[str]) -> Route:
    """The route a journal entry is about (recording a call needs no identifiers)."""
    from ivrcli.search.resolve import search

    catalogue = session.catalogue()
    return search(catalogue, catalogue.index, query).route


def _record(
    route: Route,
    learned: Learned,
    *,
    started: dt.datetime,
    waited_seconds: int | None,
    total_seconds: int | None,
    outcome: str | None,
    rep: str | None,
    reference: str | None,
    note: str | None,
    over_limit: bool | None,
) -> Recorded:
    """Store a call, then what its keys taught (the journal first: a failed observation
    write is a warning, never a lost call). What the user typed is kept free of terminal
    control characters, so no later ``history`` (CSV included) can replay an escape."""
    from ivrcli.journal.record import SERVICE_SEPARATOR, CallRecord
    from ivrcli.journal.store import Journal
    from ivrcli.services.keys import save
    from ivrcli.textnorm import scrub

    record = CallRecord(
        company_id=route.company["id"],
        company_name=route.company["name"],
        service=SERVICE_SEPARATOR.join(route.path) or None,
        number=route.line["number"],
        started=started,
        waited_seconds=waited_seconds,
        total_seconds=total_seconds,
        outcome=outcome,
        rep=scrub(rep) if rep else None,
        reference=scrub(reference) if reference else None,
        note=scrub(note) if note else None,
        over_limit=over_limit,
        topic=route.topic,
        line_id=route.line["id"],
        keys=learned.keys,
        keys_ok=learned.keys_ok,
    )
    with Journal.open() as journal:
        record.id = journal.record(record)
    return Recorded(record, save(learned))
