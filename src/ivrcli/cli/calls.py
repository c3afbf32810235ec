"""``ivr call``, ``log`` and ``history``: the call companion and the journal."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from ivrcli.cli.options import (
    AbroadOpt,
    DeviceOpt,
    PauseOpt,
    QueryArg,
    Shared,
    command,
    complete_company,
    moment,
)
from ivrcli.cli.qr import Qr, QrFileOpt, QrInvertOpt, QrOpt, saved
from ivrcli.errors import IvrError, UsageError

if TYPE_CHECKING:
    from ivrcli.model import Route
    from ivrcli.services.keys import KeysAnswer
    from ivrcli.services.session import Session


@command(
    uses=("catalogue", "profile", "json", "bidi"),
    json_help="After the call, print the recorded call as JSON.",
)
def call(
    query: QueryArg,
    outcome: Annotated[
        str | None,
        typer.Option(
            "--outcome", help="resolved, unresolved, callback or dropped (when a person answered)."
        ),
    ] = None,
    qr: QrOpt = False,
    qr_invert: QrInvertOpt = False,
    qr_file: QrFileOpt = None,
    steps: Annotated[
        bool,
        typer.Option(
            "--steps",
            help="Show the number, then the keys one step at a time, to type by hand "
            "(iPhones, landlines).",
        ),
    ] = False,
    dial: Annotated[
        bool,
        typer.Option(
            "--dial", help="Make your Android phone place the call (as ivr dial), then time it."
        ),
    ] = False,
    device: DeviceOpt = None,
    reveal: Annotated[bool, typer.Option("--reveal", help="Show secrets on screen.")] = False,
    partial: Annotated[
        bool,
        typer.Option(
            "--partial",
            help="Stop the dial string before a missing identifier (with --steps: type it "
            "yourself when its step comes).",
        ),
    ] = False,
    pause_seconds: PauseOpt = 3.0,
    abroad: AbroadOpt = False,
    *,
    shared: Shared,
) -> None:
    """Call with a companion: route, dial string, a hold timer, then a journal entry."""
    codes = Qr(qr, qr_invert, qr_file)
    codes.check()
    if dial and steps:
        raise UsageError(
            "--dial and --steps do not go together: --dial makes the phone type the keys, "
            "--steps walks you through typing them"
        )
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise IvrError(
            "ivr call needs a terminal; to record a call without one use: "
            f"ivr log {' '.join(query)} --waited 7m --rep NAME --ref NUMBER"
        )
    from ivrcli.output import hold, human
    from ivrcli.services.calls import begin_call, finish_call

    session = shared.session()
    started = begin_call(
        session, query, outcome=outcome, pause=pause_seconds, partial=partial,
        reveal=reveal, at=moment(None), abroad=abroad,
    )  # fmt: skip
    found = started.found.dial
    written = codes.save(found, reveal=reveal)
    clock = None
    if dial:
        from ivrcli.services.handoff import place

        clock = hold.Clock.start()  # the call starts when the phone dials
        placed = place(found.tel, device)
    human.find(started.found, shared.no_color)
    codes.show(found.tel, no_color=shared.no_color)
    from ivrcli.output.text import message

    if written and not shared.json:
        message(saved(written, found))
    if dial:
        message(f"calling on {placed.device}")
    if steps:
        from ivrcli.output.steps import steps_call

        held = steps_call(found.path, started.found.route, started.law, shared.no_color)
    else:
        held = hold.hold(started.law, shared.no_color, clock)
    try:
        rep = hold.ask("Representative's name: ")
        reference = hold.ask("Reference number: ")
        note = hold.ask("Note: ")
    except KeyboardInterrupt:
        hold.discarded()
        raise typer.Exit(130) from None
    answer = _keys_question(session, started.found.route)
    recorded = finish_call(
        session, started, started=held.started, waited=held.waited, total=held.total,
        rep=rep, reference=reference, note=note, keys=answer,
    )  # fmt: skip
    from ivrcli.output import json, text

    if shared.json:
        json.emit({"call": json.call(recorded.call), **_warnings(recorded.warning)})
        return
    text.recorded(recorded.call)
    if recorded.warning:
        text.message(recorded.warning)


def _keys_question(session: Session, route: Route) -> KeysAnswer | None:
    """After a call for a service: did the keys work, or which did? Ctrl-C skips it."""
    from ivrcli.output import hold, text
    from ivrcli.services.keys import KeysAnswer, typed
    from ivrcli.typed import TypedKeysError

    if route.leaf is None:
        return None
    try:
        worked = None
        prompt = "Which keys reached the service? (Enter to skip) "
        if route.keys is not None:
            worked = hold.yes_or_no("Did the keys work? [Y/n] ")
            if worked is None:
                return None
            if worked:
                return KeysAnswer(worked=True)
            prompt = "Which keys did work? (Enter to skip) "
        while True:
            keys = hold.ask(prompt)
            if not keys:
                return KeysAnswer(worked=worked)
            try:
                typed(session, keys)
            except TypedKeysError as exc:
                text.message(str(exc))
                continue
            return KeysAnswer(worked=worked, typed=keys)
    except KeyboardInterrupt:
        hold.keys_skipped()
        return None


def _warnings(warning: str | None) -> dict[str, list[str]]:
    return {"warnings": [warning]} if warning else {}


@command(uses=("catalogue", "profile", "json"))
def log(
    query: QueryArg,
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
    keys: Annotated[
        str | None,
        typer.Option("--keys", help='The keys that reached the service, e.g. "2, 1".'),
    ] = None,
    keys_failed: Annotated[
        bool, typer.Option("--keys-failed", help="The documented keys did not work.")
    ] = False,
    *,
    shared: Shared,
) -> None:
    """Record a call in the journal without the companion."""
    from ivrcli.output import json, text
    from ivrcli.services.calls import log as record_call
    from ivrcli.services.keys import KeysAnswer

    answer = KeysAnswer(False if keys_failed else None, keys) if keys or keys_failed else None
    recorded = record_call(
        shared.session(), query, started=moment(started, "--started"), waited=waited,
        total=total, outcome=outcome, rep=rep, reference=ref, note=note, keys=answer,
    )  # fmt: skip
    record = recorded.call
    text.acknowledge(
        shared.json,
        {"call": json.call(record), **_warnings(recorded.warning)},
        f"recorded call #{record.id} to {record.company_name}",
    )
    if recorded.warning and not shared.json:
        text.message(recorded.warning)


@command(uses=("catalogue", "json", "human", "bidi"))
def history(
    query: Annotated[
        list[str] | None,
        typer.Argument(
            help="Only calls to this company (optional).", autocompletion=complete_company
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only calls since this date or time (ISO 8601).")
    ] = None,
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV with a header row.")] = False,
    over_limit: Annotated[
        bool,
        typer.Option(
            "--over-limit", help="Only calls over the 6-minute limit where the rule covers them."
        ),
    ] = False,
    *,
    shared: Shared,
) -> None:
    """The call journal, newest first, with median waits and 6-minute-rule breaches."""
    from ivrcli.services.calls import history as journal

    when = moment(since, "--since") if since else None
    result = journal(shared.session(), query, when, over_limit)
    if shared.json:
        from ivrcli.output import json

        json.emit(json.history(result))
    elif csv:
        from ivrcli.output import text

        text.history_csv(result)
    else:
        from ivrcli.output import human

        human.history(result, shared.no_color, over_limit=over_limit)
