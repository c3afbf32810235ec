"""`ivr find`: words in, a dial string out."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated, Any

import typer

from ivrcli.base import (
    AtOpt,
    BidiOpt,
    CatalogueOpt,
    HumanOpt,
    JsonOpt,
    NoColorOpt,
    ProfileOpt,
    _at,
    _catalogue,
    _complete_query,
    _mode,
    _no_color,
    _profile,
    _set_bidi,
    app,
    boundary,
    rebuild_on_corrupt_cache,
)
from ivrcli.errors import MissingIdentifier


@app.command()
@rebuild_on_corrupt_cache
def find(
    query: Annotated[
        list[str],
        typer.Argument(
            help="Company and service words, e.g. hot billing.", autocompletion=_complete_query
        ),
    ],
    catalogue: CatalogueOpt = None,
    profile: ProfileOpt = "default",
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
    human: HumanOpt = False,
    bidi: BidiOpt = False,
    at: AtOpt = None,
    plain: Annotated[bool, typer.Option("--plain", help="Print only the dial string.")] = False,
    tel: Annotated[bool, typer.Option("--tel", help="Print the tel: URI.")] = False,
    qr: Annotated[bool, typer.Option("--qr", help="Draw a QR code of the tel: URI.")] = False,
    copy: Annotated[
        bool, typer.Option("--copy", help="Put the dial string on the clipboard.")
    ] = False,
    reveal: Annotated[
        bool, typer.Option("--reveal", help="Show secrets in the human view.")
    ] = False,
    partial: Annotated[
        bool,
        typer.Option("--partial", help="Stop the dial string before the first missing identifier."),
    ] = False,
    if_open: Annotated[
        bool, typer.Option("--if-open", help="Exit 6 when the line is closed.")
    ] = False,
    all_: Annotated[bool, typer.Option("--all", help="List every match with its score.")] = False,
    pause_seconds: Annotated[
        float, typer.Option("--pause-seconds", min=0.5, max=60.0, help="Length of one ',' pause.")
    ] = 3.0,
) -> None:
    """Resolve a company and service to a dial string, with open-now status."""
    _set_bidi(bidi)
    with boundary(json):
        mode = _mode(json, human, plain, tel)
        # hours cost an import: plain and tel output skip them unless asked
        needs_hours = at or if_open or all_ or mode in ("json", "human")
        moment = _at(at) if needs_hours else None
        cat = _catalogue(catalogue)
        if all_:
            _find_all(cat, query, json, no_color, moment)
            return
        from ivrcli.app import find as do_find

        fields = _profile(profile)
        try:
            found = do_find(
                cat, query, fields, pause=pause_seconds, partial=partial, reveal=reveal, at=moment
            )
        except MissingIdentifier as exc:
            if mode == "human":
                from ivrcli import human as view

                miss = exc.extra["found"]
                if moment is not None:
                    from ivrcli.app import status_of

                    miss.status = status_of(cat, miss.route, moment)
                view.find(miss, moment or _at(None), _no_color(no_color), reveal)
            raise
        if found.ignored and mode != "json":
            sys.stderr.write(f"ivr: ignored {' '.join(found.ignored)!r} (matched nothing)\n")
        closed = if_open and found.status is not None and found.status.open is False
        copied = None
        if copy:
            from ivrcli.clipboard import copy as to_clipboard

            copied = to_clipboard(found.dial.dial)
        if mode == "json":
            from ivrcli.render import emit_json, route_json, status_json

            extra = {"copied": copied} if copy else {}
            emit_json(
                {
                    **route_json(found.route),
                    **status_json(found.status),
                    "dial": found.dial.dial,
                    "tel": found.dial.tel,
                    "missing": found.dial.missing,
                    "ignored": found.ignored,
                    "score": found.candidate.score,
                    **extra,
                }
            )
        elif mode == "tel":
            sys.stdout.write(found.dial.tel + "\n")
        elif mode == "plain":
            if not qr:
                sys.stdout.write(found.dial.dial + "\n")
        else:
            from ivrcli import human as view

            view.find(found, moment or _at(None), _no_color(no_color), reveal)
        if qr and mode in ("plain", "human"):
            from ivrcli import human as view

            view.qr(found.dial.tel)
        if copied and mode != "json":
            sys.stderr.write(f"ivr: copied the dial string with {copied}\n")
        if closed:
            raise typer.Exit(6)


def _find_all(
    cat: Any, query: list[str], json: bool, no_color: bool, moment: dt.datetime | None
) -> None:
    from ivrcli.app import find_all
    from ivrcli.render import emit_json, route_json
    from ivrcli.search import no_match

    matches = find_all(cat, query)
    if not matches:
        raise no_match(query)
    if json:
        emit_json(
            {
                "matches": [
                    {**route_json(r), "score": c.score, "ignored": list(c.ignored)}
                    for c, r in matches
                ]
            }
        )
        return
    from ivrcli import human as view

    view.matches(matches, _no_color(no_color))
