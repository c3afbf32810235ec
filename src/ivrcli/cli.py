"""The Typer application: arguments in, a renderer out. The work lives in app.py and friends."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from ivrcli import __version__
from ivrcli.errors import Ambiguous, IvrError, MissingIdentifier, NoMatch, UsageError

TAGLINE = "Dial any company's phone menu: the number, the keypresses and whether it is open now."


def _typer(completion: bool = False) -> typer.Typer:
    return typer.Typer(
        name="ivr",
        help=TAGLINE,
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,
        rich_markup_mode=None,
        add_completion=completion,
    )


app = _typer(completion=True)
profile_app = typer.Typer(
    help="Your identifiers (ID, phone, card digits, PIN) used in key paths.", no_args_is_help=True
)
app.add_typer(profile_app, name="profile")
catalogue_app = typer.Typer(
    help="Your own catalogue files, merged over the bundled one.", no_args_is_help=True
)
app.add_typer(catalogue_app, name="catalogue")

# --------------------------------------------------------------------------- shared options

CatalogueOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalogue",
        help="Use exactly these catalogue files (repeatable); "
        "default: the bundled one and your overlay.",
        envvar=None,
        show_default=False,
    ),
]
ProfileOpt = Annotated[
    str,
    typer.Option("--profile", envvar="IVR_PROFILE", help="Named profile to use.", show_envvar=True),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (stable, versioned).")]
NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help="No colours (NO_COLOR is honoured too).")
]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at", help="Evaluate hours at this ISO 8601 moment instead of now, e.g. 2026-11-25T09:30."
    ),
]
HumanOpt = Annotated[
    bool, typer.Option("--human", help="Human view even when stdout is not a terminal.")
]
BidiOpt = Annotated[
    bool,
    typer.Option(
        "--bidi",
        envvar="IVR_BIDI",
        help="Show Hebrew in display order, for terminals without bidi support.",
    ),
]


@contextlib.contextmanager
def boundary(json_mode: bool) -> Iterator[None]:
    """The one place an IvrError becomes a message and an exit code."""
    try:
        yield
    except IvrError as exc:
        fail(exc, json_mode)
    except KeyboardInterrupt:
        sys.stderr.write("ivr: interrupted\n")
        raise typer.Exit(130) from None
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the interpreter's flush
        raise typer.Exit(0) from None


def fail(exc: IvrError, json_mode: bool) -> NoReturn:
    from ivrcli.render import emit_json

    if json_mode:
        error: dict[str, Any] = {"code": exc.exit_code, "message": exc.message}
        for key, value in exc.extra.items():
            if key == "candidates":
                error["candidates"] = [_candidate_json(c) for c in value]
            elif key == "found":
                continue
            else:
                error[key] = value
        problems = getattr(exc, "problems", None)
        if problems:
            error["problems"] = [p.as_json() for p in problems]
        emit_json({"error": error})
    else:
        from ivrcli.textnorm import scrub

        sys.stderr.write(f"ivr: {scrub(exc.message)}\n")
    raise typer.Exit(exc.exit_code)


def _candidate_json(cand: Any) -> dict[str, Any]:
    from ivrcli.render import route_json

    route = _state.route_of(cand)
    data = route_json(route)
    return {
        "company": data["company"],
        "line": data["line"]["id"],
        "service": data["service"]["name"] if data["service"] else None,
        "path": data["service"]["path"] if data["service"] else [],
        "score": cand.score,
    }


def rebuild_on_corrupt_cache(command: Callable[..., None]) -> Callable[..., None]:
    """A cache part that fails to load mid-command: discard the cache, run once more."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        from ivrcli.cache import CorruptCache, discard

        try:
            command(*args, **kwargs)
        except CorruptCache:
            discard()
            command(*args, **kwargs)

    return wrapper


class _State:
    """What a command opened, so error rendering can name candidates."""

    catalogue: Any = None

    def route_of(self, cand: Any) -> Any:
        from ivrcli.app import route_of

        return route_of(self.catalogue, cand)


_state = _State()


def _building() -> Any:
    """A spinner on stderr while a large catalogue compiles (only on a terminal)."""
    if not sys.stderr.isatty():
        return contextlib.nullcontext()
    from ivrcli.render import console

    return console(stderr=True).status("Compiling the catalogue (first run after a change)…")


def _catalogue(paths: list[Path] | None) -> Any:
    from ivrcli.app import open_catalogue

    _state.catalogue = open_catalogue(paths or None, progress=_building)
    return _state.catalogue


def _profile(name: str) -> dict[str, str]:
    from ivrcli.profile import read

    return read(name)


def _at(value: str | None) -> dt.datetime:
    if value is None:
        return dt.datetime.now().astimezone()
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"--at {value!r} is not an ISO 8601 time; for example --at 2026-11-25T09:30 "
            "or --at 2026-11-25T09:30+02:00"
        ) from None
    return moment.astimezone() if moment.tzinfo is None else moment


def _set_bidi(enabled: bool) -> None:
    from ivrcli.render import set_bidi

    set_bidi(enabled)


def _isatty() -> bool:
    return sys.stdout.isatty()


def _mode(json: bool, human: bool, plain: bool = False, tel: bool = False) -> str:
    """The output mode, chosen once: json, tel, plain or human (a terminal, or --human)."""
    if json:
        return "json"
    if tel:
        return "tel"
    if plain or not (human or _isatty()):
        return "plain"
    return "human"


def _no_color(flag: bool) -> bool:
    return flag or bool(os.environ.get("NO_COLOR"))


# --------------------------------------------------------------------------- find


def _complete_query(ctx: typer.Context, incomplete: str) -> list[str]:
    """Company ids and names, then the services of the company already typed."""
    try:
        from ivrcli.app import completions, open_catalogue

        before = list(ctx.params.get("query") or [])
        return completions(open_catalogue(ctx.params.get("catalogue") or None), before, incomplete)
    except Exception:  # completion must never print a traceback into the shell
        return []


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
        except Ambiguous as exc:
            if not json:
                _print_candidates(exc.extra["candidates"], "ambiguous: these match equally well")
            raise
        except NoMatch as exc:
            suggestions = exc.extra.get("suggestions") or []
            if suggestions:
                exc.message = (
                    f"nothing matches {' '.join(query)!r}; did you mean: {', '.join(suggestions)}?"
                )
            else:
                exc.message = f"nothing matches {' '.join(query)!r}; see: ivr list"
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


def _print_candidates(cands: list[Any], title: str) -> None:
    from ivrcli.render import route_json

    sys.stderr.write(f"ivr: {title}:\n")
    for cand in cands:
        data = route_json(_state.route_of(cand))
        service = " › ".join(data["service"]["path"]) if data["service"] else "(main line)"
        sys.stderr.write(f"  {data['company']['id']}: {service} (score {cand.score})\n")


def _find_all(
    cat: Any, query: list[str], json: bool, no_color: bool, moment: dt.datetime | None
) -> None:
    from ivrcli.app import find_all
    from ivrcli.render import emit_json, route_json

    matches = find_all(cat, query)
    if not matches:
        raise NoMatch(f"nothing matches {' '.join(query)!r}; see: ivr list")
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


# --------------------------------------------------------------------------- list / show / validate


@app.command("list")
@rebuild_on_corrupt_cache
def list_(
    query: Annotated[
        list[str] | None, typer.Argument(help="Words to filter by (optional).")
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", help="Only this category, e.g. mobile.")
    ] = None,
    open_: Annotated[
        bool, typer.Option("--open", help="Only companies open at that moment.")
    ] = False,
    at: AtOpt = None,
    catalogue: CatalogueOpt = None,
    profile: ProfileOpt = "default",
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
    human: HumanOpt = False,
    bidi: BidiOpt = False,
) -> None:
    """Companies (and matching services), optionally only those open now."""
    _set_bidi(bidi)
    with boundary(json):
        from ivrcli.app import company_status, find_all

        cat = _catalogue(catalogue)
        moment = _at(at)
        if query:
            seen: dict[int, list[str]] = {}
            for cand, route in find_all(cat, query):
                services = seen.setdefault(cand.company, [])
                if route.leaf is not None and len(services) < 5:
                    services.append(" › ".join(str(n["name"]) for n in route.nodes))
            chosen = [(cat[i], seen[i]) for i in seen]
        else:
            chosen = [(c, []) for c in cat]
        if category:
            chosen = [(c, s) for c, s in chosen if c.get("category") == category]
        rows = []
        for company, services in chosen:
            state = company_status(cat, company, moment)
            if open_ and state is not True:
                continue
            rows.append((company, services, state))
        mode = _mode(json, human)
        if mode == "json":
            from ivrcli.render import emit_json

            emit_json(
                {
                    "companies": [
                        {
                            "id": c["id"],
                            "name": c["name"],
                            "category": c.get("category"),
                            "country": c["country"],
                            "open": state,
                            "services": services,
                        }
                        for c, services, state in rows
                    ]
                }
            )
        elif mode == "human":
            from ivrcli import human as view

            view.company_list(rows, _no_color(no_color))
        else:
            from ivrcli.textnorm import scrub

            for company, _, _ in rows:
                sys.stdout.write(f"{company['id']}\t{scrub(company['name'])}\n")
        if not rows:
            if not json:
                sys.stderr.write("ivr: no company matches\n")
            raise typer.Exit(3)


@app.command()
@rebuild_on_corrupt_cache
def show(
    company: Annotated[list[str], typer.Argument(help="Company id or name.")],
    at: AtOpt = None,
    catalogue: CatalogueOpt = None,
    profile: ProfileOpt = "default",
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
    human: HumanOpt = False,
    bidi: BidiOpt = False,
) -> None:
    """The whole phone menu of a company as a tree."""
    _set_bidi(bidi)
    with boundary(json):
        from ivrcli.search import search

        cat = _catalogue(catalogue)
        index = cat.find_id(" ".join(company).strip().lower())
        if index is None:
            try:
                cand, _ = search(cat, cat.index, company)
            except Ambiguous as exc:
                if not json:
                    _print_candidates(
                        exc.extra["candidates"], "ambiguous: these match equally well"
                    )
                raise
            index = cand.company
        data = cat[index]
        moment = _at(at)
        if json:
            from ivrcli.catalogue import public
            from ivrcli.render import emit_json

            emit_json({"company": public(data), "yours": bool(data.get("_yours"))})
            return
        from ivrcli import human as view

        view.show(cat, data, moment, _no_color(no_color))


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files to check; default: the active catalogue.")
    ] = None,
    catalogue: CatalogueOpt = None,
    profile: ProfileOpt = "default",
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Check catalogue files; every problem as file:line:col: message."""
    with boundary(json):
        from ivrcli.catalogue import active_sources, check_file

        files = list(paths) if paths else active_sources(catalogue or None)[0]
        results = [check_file(p, strict=True) for p in files]
        problems = [p for r in results for p in r.problems]
        warnings = [w for r in results for w in r.warnings]
        if json:
            from ivrcli.render import emit_json

            emit_json(
                {
                    "ok": not problems,
                    "files": [str(p) for p in files],
                    "companies": sum(len(r.companies) for r in results),
                    "problems": [p.as_json() for p in problems],
                    "warnings": [w.as_json() for w in warnings],
                }
            )
        else:
            from ivrcli.textnorm import scrub

            for item in [*problems, *warnings]:
                sys.stderr.write(scrub(str(item)) + "\n")
            if not problems:
                count = sum(len(r.companies) for r in results)
                sys.stdout.write(f"ok: {count} companies in {len(files)} file(s)\n")
        if problems:
            if not json:
                sys.stderr.write(f"ivr: {len(problems)} problem(s) found\n")
            raise typer.Exit(1)


# --------------------------------------------------------------------------- profile


@profile_app.command("set")
def profile_set(
    field: Annotated[
        str, typer.Argument(help="id, phone, card4, pin, home, or your own field name.")
    ],
    value: Annotated[
        str | None,
        typer.Argument(help="The value; left out, it is asked for (secrets without echo)."),
    ] = None,
    profile: ProfileOpt = "default",
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Store one identifier (validated; secrets are never echoed)."""
    with boundary(json):
        from ivrcli.profile import SECRET_FIELDS, check_field, update

        check_field(field)
        if value is None:
            value = typer.prompt(f"{field}", hide_input=field in SECRET_FIELDS or field == "id")
        update(profile, field, value)
        if json:
            from ivrcli.render import emit_json

            emit_json({"profile": profile, "set": field})
        else:
            sys.stderr.write(f"ivr: saved {field} in profile {profile!r}\n")


@profile_app.command("unset")
def profile_unset(
    field: Annotated[str, typer.Argument(help="The field to remove.")],
    profile: ProfileOpt = "default",
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Remove one identifier."""
    with boundary(json):
        from ivrcli.profile import update

        update(profile, field, None)
        if json:
            from ivrcli.render import emit_json

            emit_json({"profile": profile, "unset": field})
        else:
            sys.stderr.write(f"ivr: removed {field} from profile {profile!r}\n")


@profile_app.command("show")
def profile_show(
    profile: ProfileOpt = "default",
    reveal: Annotated[bool, typer.Option("--reveal", help="Show card digits and PIN.")] = False,
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Show the profile's fields (card4 and pin masked unless --reveal)."""
    with boundary(json):
        from ivrcli.profile import masked, profile_path, read

        fields = read(profile)
        if json:
            from ivrcli.render import emit_json

            emit_json({"profile": profile, "path": str(profile_path(profile)), "fields": fields})
            return
        shown = masked(fields, reveal)
        if not shown:
            sys.stderr.write(
                f"ivr: profile {profile!r} is empty; set a field with: ivr profile set id\n"
            )
            return
        from ivrcli.textnorm import scrub

        width = max(len(k) for k in shown)
        for key in sorted(shown):
            sys.stdout.write(f"{key:<{width}}  {scrub(shown[key])}\n")


# --------------------------------------------------------------------------- call, log, history


def _resolve_for_journal(cat: Any, query: list[str], json: bool) -> Any:
    """The route a journal entry is about (identifiers are not needed to record a call)."""
    from ivrcli.app import route_of
    from ivrcli.search import search

    try:
        cand, _ = search(cat, cat.index, query)
    except Ambiguous as exc:
        if not json:
            _print_candidates(exc.extra["candidates"], "ambiguous: these match equally well")
        raise
    except NoMatch:
        raise NoMatch(f"nothing matches {' '.join(query)!r}; see: ivr list") from None
    return route_of(cat, cand)


def _record(route: Any, **fields: Any) -> Any:
    from ivrcli.journal import SERVICE_SEPARATOR, CallRecord, Journal

    service = SERVICE_SEPARATOR.join(str(n["name"]) for n in route.nodes) or None
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
) -> None:
    """Call with a companion: route, dial string, a hold timer, then a journal entry."""
    _set_bidi(bidi)
    with boundary(False):
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
        when = _at(started).replace(microsecond=0)
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
        if json:
            from ivrcli.render import emit_json

            emit_json({"call": record.as_json()})
        else:
            sys.stderr.write(f"ivr: recorded call #{record.id} to {route.company['name']}\n")


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
        when = _at(since) if since else None
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


# --------------------------------------------------------------------------- catalogue, schema


@catalogue_app.command("path")
def catalogue_path(
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Print the folder whose *.yaml files are merged over the bundled catalogue."""
    with boundary(json):
        from ivrcli.paths import overlay_dir

        if json:
            from ivrcli.render import emit_json

            emit_json({"path": str(overlay_dir())})
        else:
            sys.stdout.write(f"{overlay_dir()}\n")


@catalogue_app.command("add")
def catalogue_add(
    file: Annotated[Path, typer.Argument(help="A catalogue file to validate and copy in.")],
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Validate a catalogue file and copy it into your overlay folder."""
    with boundary(json):
        from ivrcli.catalogue import add_overlay

        target, replaced, count = add_overlay(file)
        if json:
            from ivrcli.render import emit_json

            emit_json({"path": str(target), "replaced": replaced, "companies": count})
        else:
            verb = "replaced" if replaced else "added"
            sys.stderr.write(f"ivr: {verb} {target} ({count} companies, shown as yours)\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of catalogue files (for editors that validate YAML as you type)."""
    import json as json_lib

    from ivrcli.models import CatalogueFile

    data = CatalogueFile.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "ivr catalogue"
    sys.stdout.write(json_lib.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------- entry


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ivr {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Dial any company's phone menu: the number, the keypresses and whether it is open now."""


def run() -> None:
    """Run the command line, building only the command being run.

    Typer turns every registered command into click objects on each start;
    ``ivr find`` should not pay for ``show``, ``validate`` and ``profile``.
    Help, completion and anything unusual go through the full app.
    """
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    completing = any(key.startswith("_IVR_COMPLETE") for key in os.environ)
    for info in [] if completing else app.registered_commands:
        if info.callback is not None and (info.name or info.callback.__name__) == name:
            single = _typer()
            single.registered_callback = app.registered_callback
            single.registered_commands = [info]
            single()
            return
    app()
