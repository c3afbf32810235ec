"""The Typer apps, the options every command shares, and the one error boundary.

Commands live in ``ivrcli.commands``, one module per family; ``ivrcli.cli``
registers them all. ``run`` imports only the module of the command being run.
"""

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
from ivrcli.errors import IvrError, UsageError

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
# Accepted by every command (scripts may pass them uniformly) but hidden where unused.
UnusedCatalogueOpt = Annotated[
    list[Path] | None,
    typer.Option("--catalogue", hidden=True, help="Accepted everywhere; unused here."),
]
UnusedProfileOpt = Annotated[
    str, typer.Option("--profile", hidden=True, help="Accepted everywhere; unused here.")
]
UnusedJsonOpt = Annotated[
    bool, typer.Option("--json", hidden=True, help="Accepted everywhere; the output is JSON.")
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


def acknowledge(json_mode: bool, data: dict[str, Any], message: str) -> None:
    """A command that changed something says so: JSON on stdout, or one line on stderr."""
    if json_mode:
        from ivrcli.render import emit_json

        emit_json(data)
    else:
        sys.stderr.write(f"ivr: {message}\n")


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

        if exc.extra.get("candidates"):
            _print_candidates(exc.extra["candidates"], "ambiguous: these match equally well")
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


def _at(value: str | None, flag: str = "--at") -> dt.datetime:
    """An ISO 8601 moment (naive means the user's local time); now when None."""
    if value is None:
        return dt.datetime.now().astimezone()
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"{flag} {value!r} is not an ISO 8601 time; for example {flag} 2026-11-25T09:30 "
            f"or {flag} 2026-11-25T09:30+02:00"
        ) from None
    return moment.astimezone() if moment.tzinfo is None else moment


def _set_bidi(enabled: bool) -> None:
    # off is the default: plain output should not pay for importing the renderer
    if enabled or "ivrcli.render" in sys.modules:
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


def _complete_query(ctx: typer.Context, incomplete: str) -> list[str]:
    """Company ids and names, then the services of the company already typed."""
    try:
        from ivrcli.app import completions, open_catalogue

        before = list(ctx.params.get("query") or [])
        return completions(open_catalogue(ctx.params.get("catalogue") or None), before, incomplete)
    except Exception:  # completion must never print a traceback into the shell
        return []


def _print_candidates(cands: list[Any], title: str) -> None:
    from ivrcli.render import route_json

    sys.stderr.write(f"ivr: {title}:\n")
    for cand in cands:
        data = route_json(_state.route_of(cand))
        service = " › ".join(data["service"]["path"]) if data["service"] else "(main line)"
        sys.stderr.write(f"  {data['company']['id']}: {service} (score {cand.score})\n")


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


#: top-level command -> the module that defines it (groups and help load them all)
COMMAND_MODULES = {
    "find": "find",
    "list": "browse",
    "show": "browse",
    "validate": "browse",
    "schema": "browse",
    "call": "calls",
    "log": "calls",
    "history": "calls",
}


def run() -> None:
    """Run the command line, building only the command being run.

    Typer turns every registered command into click objects on each start;
    ``ivr find`` should not pay for ``show``, ``validate`` and ``profile``.
    Help, completion and anything unusual go through the full app.
    """
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    completing = any(key.startswith("_IVR_COMPLETE") for key in os.environ)
    module = None if completing else COMMAND_MODULES.get(name)
    if module is not None:
        import importlib

        importlib.import_module(f"ivrcli.commands.{module}")
        for info in app.registered_commands:
            if info.callback is not None and (info.name or info.callback.__name__) == name:
                single = _typer()
                single.registered_callback = app.registered_callback
                single.registered_commands = [info]
                single()
                return
    import ivrcli.cli  # noqa: F401 - registers every command

    app()
