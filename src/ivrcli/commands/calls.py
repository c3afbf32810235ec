"""`ivr call`, `log` and `history`: the call companion and the journal."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from ivrcli.base import (
    BidiOpt,
    CatalogueOpt,
    HumanOpt,
    JsonOpt,
    NoColorOpt,
    ProfileOpt,
    _at,
    _catalogue,
    _complete_query,
    _no_color,
    _profile,
    _set_bidi,
    acknowledge,
    app,
    boundary,
    rebuild_on_corrupt_cache,
)
from ivrcli.errors import IvrError


def _resolve_for_journal(cat: Any, query: list[str], json: bool) -> Any:
    """The route a journal entry is about (identifiers are not needed to record a call)."""
    from ivrcli.app import route_of
    from ivrcli.search import search

    cand, _ = search(cat, cat.index, query)
    return route_of(cat, cand)


def _record(route: Any, **fields: Any) -> Any:
    """Store a call; what the user typed is kept free of terminal control characters,
    so no later `history` (CSV included) can replay an escape sequence."""
    from ivrcli.journal import SERVICE_SEPARATOR, CallRecord, Journal
    from ivrcli.textnorm import scrub

    for key in ("rep", "reference", "note"):
        if fields.get(key):
            fields[key] = scrub(fields[key])
    service = SERVICE_SEPARATOR.join(route.path) or None
    record = CallRecord(
        company_id=route.company["id"],
        company_name=route.company["name"],
        service=service,
        number=route.line["number"],
        **fields,
    )
    with Journal.open() as journal:
        record.id = journal.record(record)
    return record


@app.command()
@rebuild_on_corrupt_cache
def call(
    query: Annotated[
        list[str],
        typer.Argument(
            help="Company and service words, as for find.", autocompletion=_complete_query
        ),
    ],
    outcome: Annotated[
        str | None,
        typer.Option(
            "--outcome", help="resolved, unresolved, callback or dropped (when a person answered)."
        ),
    ] = None,
    qr: Annotated[bool, typer.Option("--qr", help="Draw a QR code of the tel: URI.")] = False,
    reveal: Annotated[bool, typer.Option("--reveal", help="Show secrets on screen.")] = False,
    partial: Annotated[
        bool, typer.Option("--partial", help="Stop the dial string before a missing identifier.")
    ] = False,
    pause_seconds: Annotated[
        float, typer.Option("--pause-seconds", min=0.5, max=60.0, help="Length of one ',' pause.")
    ] = 3.0,
    catalogue: CatalogueOpt = None,
    profile: ProfileOpt = "default",
    no_color: NoColorOpt = False,
    bidi: BidiOpt = False,
    json: Annotated[
        bool, typer.Option("--json", help="After the call, print the recorded call as JSON.")
    ] = False,
) -> None:
    """Call with a companion: route, dial string, a hold timer, then a journal entry."""
    _set_bidi(bidi)
    with boundary(json):
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise IvrError(
                "ivr call needs a terminal; to record a call without one use: "
                f"ivr log {' '.join(query)} --waited 7m --rep NAME --ref NUMBER"
            )
        from ivrcli import callui
        from ivrcli import human as view
        from ivrcli.app import find as do_find
        from ivrcli.companion import law_applies, over_limit
        from ivrcli.journal import check_outcome

        chosen = check_outcome(outcome) if outcome else None
        cat = _catalogue(catalogue)
        moment = _at(None)
        found = do_find(
            cat, query, _profile(profile), pause=pause_seconds, partial=partial,
            reveal=reveal, at=moment,
        )  # fmt: skip
        view.find(found, moment, _no_color(no_color), reveal)
        if qr:
            view.qr(found.dial.tel)
        law = law_applies(found.route.company, found.route.topic)
        held = callui.hold(law, _no_color(no_color))
        try:
            rep = callui.ask("Representative's name: ")
            reference = callui.ask("Reference number: ")
            note = callui.ask("Note: ")
        except KeyboardInterrupt:
            sys.stderr.write("\nivr: call discarded (nothing recorded)\n")
            raise typer.Exit(130) from None
        waited = None if held.waited is None else round(held.waited)
        total = round(held.total)
        record = _record(
            found.route,
            started=held.started,
            waited_seconds=waited,
            total_seconds=total,
            outcome="dropped" if held.waited is None else chosen,
            rep=rep or None,
            reference=reference or None,
            note=note or None,
            over_limit=over_limit(law, held.waited, held.total),
        )
        from ivrcli.companion import clock

        if json:
            from ivrcli.render import emit_json

            emit_json({"call": record.as_json()})
            return
        wait_text = "no one answered" if waited is None else f"waited {clock(waited)}"
        sys.stdout.write(f"Recorded call #{record.id}: {wait_text}, {clock(total)} in all\n")


@app.command()
@rebuild_on_corrupt_cache
def log(
    query: Annotated[
        list[str],
        typer.Argument(
            help="Company and service words, as for find.", autocompletion=_complete_query
        ),
    ],
    rep: Annotated[str | None, typer.Option("--rep", help="The representative's name.")] = None,
    ref: Annotated[
        str | None, typer.Option("--ref", help="The reference number you were given.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="What was said or promised.")] = None,
    waited: Annotated[
        str | None,
        typer.Option("--waited", help="How long until a person answered: 90s, 7m, 1h5m."),
    ] = None,
    total: Annotated[
        str | None, typer.Option("--total", help="How long the whole call took: 90s, 25m.")
    ] = None,
    outcome: Annotated[
        str | None, typer.Option("--outcome", help="resolved, unresolved, callback or dropped.")
    ] = None,
    started: Annotated[
        str | None,
        typer.Option("--started", help="When the call started (ISO 8601); default: now."),
    ] = None,
    catalogue: CatalogueOpt = None,
    profile: ProfileOpt = "default",
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Record a call in the journal without the companion."""
    with boundary(json):
        from ivrcli.companion import law_applies, over_limit
        from ivrcli.journal import check_outcome, parse_duration

        wait_s = parse_duration(waited) if waited else None
        total_s = parse_duration(total) if total else None
        chosen = check_outcome(outcome) if outcome else None
        when = _at(started, "--started").replace(microsecond=0)
        route = _resolve_for_journal(_catalogue(catalogue), query, json)
        law = law_applies(route.company, route.topic)
        record = _record(
            route,
            started=when,
            waited_seconds=wait_s,
            total_seconds=total_s,
            outcome=chosen,
            rep=rep or None,
            reference=ref or None,
            note=note or None,
            over_limit=over_limit(law, wait_s, total_s if chosen == "dropped" else None),
        )
        acknowledge(
            json,
            {"call": record.as_json()},
            f"recorded call #{record.id} to {route.company['name']}",
        )


@app.command()
@rebuild_on_corrupt_cache
def history(
    query: Annotated[
        list[str] | None, typer.Argument(help="Only calls to this company (optional).")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only calls since this date or time (ISO 8601).")
    ] = None,
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV with a header row.")] = False,
    catalogue: CatalogueOpt = None,
    profile: ProfileOpt = "default",
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
    human: HumanOpt = False,
    bidi: BidiOpt = False,
) -> None:
    """The call journal, newest first, with median waits and 6-minute-rule breaches."""
    _set_bidi(bidi)
    with boundary(json):
        from ivrcli.journal import Journal, stats

        company_ids = None
        if query:
            company_ids = [_resolve_for_journal(_catalogue(catalogue), query, json).company["id"]]
        when = _at(since, "--since") if since else None
        with Journal.open() as journal:
            records = journal.history(company_ids, when)
        if json:
            from ivrcli.render import emit_json

            emit_json([r.as_json() for r in records])
        elif csv:
            import csv as csv_lib

            from ivrcli.journal import CSV_COLUMNS

            writer = csv_lib.writer(sys.stdout, lineterminator="\n")
            writer.writerow(CSV_COLUMNS)
            writer.writerows(r.as_csv_row() for r in records)
        else:
            from ivrcli import human as view

            view.history(records, stats(records), _no_color(no_color))
