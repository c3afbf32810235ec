"""The options every command shares, given by one decorator, and argument parsing helpers.

``@command(uses=...)`` adds ``--catalogue`` (with ``--no-observed``), ``--profile``,
``--json`` (accepted everywhere, hidden where unused), ``--no-color`` and, where
used, ``--human`` and ``--bidi`` to a command. The command receives them as one ``shared``
argument and runs inside the error boundary; a corrupt cache met on the way is
discarded and the command run once more.
"""

import datetime as dt
import functools
import inspect
import os
import sys
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from ivrcli.errors import CorruptCache, UsageError

if TYPE_CHECKING:
    from ivrcli.services.session import Session

Command = Callable[..., None]

AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at", help="Evaluate hours at this ISO 8601 moment instead of now, e.g. 2026-11-25T09:30."
    ),
]

PauseOpt = Annotated[
    float, typer.Option("--pause-seconds", min=0.5, max=60.0, help="Length of one ',' pause.")
]
PartialOpt = Annotated[
    bool,
    typer.Option("--partial", help="Stop the dial string before the first missing identifier."),
]
AbroadOpt = Annotated[
    bool,
    typer.Option(
        "--abroad", help="You are abroad: dial in international form (+972...); roaming works."
    ),
]

DeviceOpt = Annotated[
    str | None,
    typer.Option(
        "--device",
        envvar="ANDROID_SERIAL",
        show_envvar=True,
        help="The phone's adb serial, when several are attached.",
    ),
]


class Shared(NamedTuple):
    """The shared options as one command received them."""

    catalogue_files: list[Path] | None
    profile: str
    json: bool
    no_color: bool
    human: bool
    bidi: bool
    no_observed: bool = False

    def mode(self, *, plain: bool = False, tel: bool = False) -> str:
        """The output mode, chosen once: json, tel, plain or human (a terminal, or --human)."""
        if self.json:
            return "json"
        if tel:
            return "tel"
        if plain or not (self.human or sys.stdout.isatty()):
            return "plain"
        return "human"

    def session(self) -> "Session":
        """What the services need: the catalogue files and the profile's name."""
        from ivrcli.services.session import Session

        return Session(
            self.catalogue_files, self.profile, progress=_building, observed=not self.no_observed
        )


def _building() -> Any:
    from ivrcli.output.console import building

    return building()


_UNUSED = "Accepted everywhere; unused here."
_CATALOGUE_HELP = (
    "Use exactly these catalogue files (repeatable); default: the bundled one and your overlay."
)


def _options(uses: Collection[str], json_help: str | None) -> list[inspect.Parameter]:
    """The shared options as parameters: shown where ``uses`` names them, else hidden."""

    def hidden(name: str) -> bool:
        return name not in uses

    catalogue = typer.Option(
        "--catalogue",
        help=_UNUSED if hidden("catalogue") else _CATALOGUE_HELP,
        hidden=hidden("catalogue"),
        show_default=False,
    )
    profile = (
        typer.Option("--profile", hidden=True, help=_UNUSED)
        if hidden("profile")
        else typer.Option(
            "--profile", envvar="IVR_PROFILE", help="Named profile to use.", show_envvar=True
        )
    )
    json = typer.Option(
        "--json",
        hidden=hidden("json"),
        help=json_help or (_UNUSED if hidden("json") else "Print JSON (stable, versioned)."),
    )
    no_color = typer.Option("--no-color", help="No colours (NO_COLOR is honoured too).")
    no_observed = typer.Option(
        "--no-observed",
        hidden=hidden("catalogue"),
        help=_UNUSED if hidden("catalogue") else "Leave out what your own calls taught.",
    )
    found = [
        ("catalogue_files", list[Path] | None, catalogue, None),
        ("no_observed", bool, no_observed, False),
        ("profile", str, profile, "default"),
        ("json", bool, json, False),
        ("no_color", bool, no_color, False),
    ]
    if "human" in uses:
        human = typer.Option("--human", help="Human view even when stdout is not a terminal.")
        found.append(("human", bool, human, False))
    if "bidi" in uses:
        bidi = typer.Option(
            "--bidi",
            envvar="IVR_BIDI",
            help="Show Hebrew in display order, for terminals without bidi support.",
        )
        found.append(("bidi", bool, bidi, False))
    return [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=default,
            annotation=Annotated[kind, option],
        )
        for name, kind, option, default in found
    ]


def command(
    *, uses: Collection[str] = (), json_help: str | None = None
) -> Callable[[Command], Command]:
    """Give a command the shared options; it takes them as a keyword argument ``shared``.

    ``uses``: which of catalogue, profile, json, human and bidi the command uses
    (shown in its help); ``json_help`` replaces the ``--json`` help text.
    """

    def decorate(func: Command) -> Command:
        signature = inspect.signature(func, eval_str=True)
        own = [p for p in signature.parameters.values() if p.name != "shared"]
        params = own + _options(uses, json_help)

        @functools.wraps(func)
        def run(**kwargs: Any) -> None:
            shared = Shared(
                catalogue_files=kwargs.pop("catalogue_files") or None,
                profile=kwargs.pop("profile"),
                json=kwargs.pop("json"),
                no_color=kwargs.pop("no_color") or bool(os.environ.get("NO_COLOR")),
                human=kwargs.pop("human", False),
                bidi=kwargs.pop("bidi", False),
                no_observed=kwargs.pop("no_observed"),
            )
            _set_bidi(shared.bidi)
            from ivrcli.cli.boundary import boundary

            with boundary(shared.json):
                try:
                    func(**kwargs, shared=shared)
                except CorruptCache:
                    from ivrcli.services.session import discard_cache

                    discard_cache()
                    func(**kwargs, shared=shared)

        run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in params}
        return run

    return decorate


def _set_bidi(enabled: bool) -> None:
    # off is the default: plain output should not pay for importing the renderer
    if enabled or "ivrcli.output.console" in sys.modules:
        from ivrcli.output.console import set_bidi

        set_bidi(enabled)


def moment(value: str | None, flag: str = "--at") -> dt.datetime:
    """An ISO 8601 moment (naive means the user's local time); now when None."""
    if value is None:
        return dt.datetime.now().astimezone()
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"{flag} {value!r} is not an ISO 8601 time; for example {flag} 2026-11-25T09:30 "
            f"or {flag} 2026-11-25T09:30+02:00"
        ) from None
    return parsed.astimezone() if parsed.tzinfo is None else parsed


def _completer(
    *, services: bool, wanted: bool = False
) -> Callable[[typer.Context, str], list[str]]:
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        try:
            from ivrcli.services.complete import completions

            params = ctx.params
            before = list(params.get("query") or params.get("company") or [])
            # completing, click leaves values as typed: --catalogue gives strings
            files = [Path(f) for f in params.get("catalogue_files") or []]
            return completions(
                files or None,
                before,
                incomplete,
                services=services,
                wanted=wanted,
                observed=not params.get("no_observed"),
            )
        except Exception:  # completion must never print a traceback into the shell
            return []

    return complete


#: for a query like find's (``find``, ``call``, ``log``, ``dial``): companies, then the
#: chosen company's lines' and services' words
complete_query = _completer(services=True)
#: for a command that takes only a company (``show``, ``history``): its ids and names
complete_company = _completer(services=False)
#: for ``map``, which can also add a wanted organisation: companies and wanted entries
complete_mappable = _completer(services=False, wanted=True)


#: the query of the commands that take find's (call, log, dial)
QueryArg = Annotated[
    list[str],
    typer.Argument(help="Company and service words, as for find.", autocompletion=complete_query),
]
