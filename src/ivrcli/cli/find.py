"""``ivr find``: words in, a dial string out."""

from typing import Annotated

import typer

from ivrcli.cli.options import (
    AbroadOpt,
    AtOpt,
    PartialOpt,
    PauseOpt,
    Shared,
    command,
    complete_query,
    moment,
)
from ivrcli.cli.qr import Qr, QrFileOpt, QrInvertOpt, QrOpt, saved
from ivrcli.errors import ClosedLine, MissingIdentifier


@command(uses=("catalogue", "profile", "json", "human", "bidi"))
def find(
    query: Annotated[
        list[str],
        typer.Argument(
            help=(
                "Company and service words, e.g. hot billing; a word of a line's name, "
                "or its number, picks the line (ee cancel 150)."
            ),
            autocompletion=complete_query,
        ),
    ],
    at: AtOpt = None,
    plain: Annotated[bool, typer.Option("--plain", help="Print only the dial string.")] = False,
    tel: Annotated[bool, typer.Option("--tel", help="Print the tel: URI.")] = False,
    qr: QrOpt = False,
    qr_invert: QrInvertOpt = False,
    qr_file: QrFileOpt = None,
    copy: Annotated[
        bool, typer.Option("--copy", help="Put the dial string on the clipboard.")
    ] = False,
    reveal: Annotated[
        bool, typer.Option("--reveal", help="Show secrets in the human view; let --qr draw them.")
    ] = False,
    partial: PartialOpt = False,
    if_open: Annotated[
        bool, typer.Option("--if-open", help="Exit 6 when the line is closed.")
    ] = False,
    all_: Annotated[bool, typer.Option("--all", help="List every match with its score.")] = False,
    pause_seconds: PauseOpt = 3.0,
    abroad: AbroadOpt = False,
    *,
    shared: Shared,
) -> None:
    """Resolve a company and service to a dial string, with open-now status."""
    from ivrcli.services import find as service

    codes = Qr(qr, qr_invert, qr_file)
    codes.check(every=all_, **{"--json": shared.json, "--plain": plain, "--tel": tel})
    mode = shared.mode(plain=plain, tel=tel)
    # hours cost an import: plain and tel output skip them unless asked
    needs_hours = at or if_open or all_ or mode in ("json", "human")
    when = moment(at) if needs_hours else None
    session = shared.session()
    if all_:
        from ivrcli.output import human, json

        matches = service.find_all(session, query)
        if mode == "json":
            json.emit(json.matches(matches))
        else:
            human.matches(matches, shared.no_color)
        return
    try:
        found = service.find(
            session, query, pause=pause_seconds, partial=partial, reveal=reveal, at=when,
            abroad=abroad, waits=mode in ("json", "human"),  # the journal: never on the plain path
        )  # fmt: skip
    except MissingIdentifier as exc:
        if mode == "human":
            from ivrcli.output import human

            human.find(exc.answer, shared.no_color)
        raise
    written = codes.save(found.dial, reveal=reveal)
    from ivrcli.output import text

    if found.match.ignored and mode != "json":
        text.message(f"ignored {' '.join(found.match.ignored)!r} (matched nothing)")
    if found.warning and mode == "human":
        text.message(found.warning)
    copied = None
    if copy:
        from ivrcli.cli.clipboard import copy as to_clipboard

        copied = to_clipboard(found.dial.dial)
    if mode == "json":
        from ivrcli.output import json

        json.emit(json.answer(found, copied, copy=copy, qr_file=written))
    elif mode == "tel":
        text.line(found.dial.tel)
    elif mode == "plain":
        text.line(found.dial.dial)
    else:
        from ivrcli.output import human

        human.find(found, shared.no_color)
    codes.show(found.dial.tel, no_color=shared.no_color)
    if copied and mode != "json":
        text.message(f"copied the dial string with {copied}")
    if written and mode != "json":
        text.message(saved(written, found.dial))
    if if_open and found.status is not None and found.status.open is False:
        raise ClosedLine()
