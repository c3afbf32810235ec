"""The entry point: the Typer app, built with only the command being run.

Typer turns every registered command into click objects on each start, so
``ivr find`` registers ``find`` alone, and so does completing the arguments of
``ivr find``; help, completing a command's name, groups and anything unusual get
the whole app (:func:`build`). A new command is a function in a
module of this package, named in :data:`COMMANDS` or :data:`GROUPS`.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Mapping
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ivrcli import __version__

TAGLINE = "Dial any company's phone menu: the number, the keypresses and whether it is open now."

#: top-level commands in ``ivr --help`` order: name -> (module of this package, function)
COMMANDS = {
    "find": ("find", "find"),
    "list": ("browse", "list_companies"),
    "show": ("browse", "show"),
    "validate": ("browse", "validate"),
    "schema": ("browse", "schema"),
    "dial": ("handoff", "dial"),
    "call": ("calls", "call"),
    "log": ("calls", "log"),
    "history": ("calls", "history"),
    "complaint": ("complaint", "complaint"),
    "map": ("learn", "map_menu"),
    "contribute": ("learn", "contribute"),
}
#: command groups: name -> (help, {subcommand: (module, function)})
GROUPS = {
    "profile": (
        "Your identifiers (ID, phone, card digits, PIN) used in key paths.",
        {
            "set": ("profile", "profile_set"),
            "unset": ("profile", "profile_unset"),
            "show": ("profile", "profile_show"),
        },
    ),
    "catalogue": (
        "Your own catalogue files and subscriptions, over the bundled one.",
        {
            "path": ("catalogue", "catalogue_path"),
            "stats": ("catalogue", "catalogue_stats"),
            "add": ("catalogue", "catalogue_add"),
            "subscribe": ("catalogue", "catalogue_subscribe"),
            "update": ("catalogue", "catalogue_update"),
            "subscriptions": ("catalogue", "catalogue_subscriptions"),
            "unsubscribe": ("catalogue", "catalogue_unsubscribe"),
        },
    ),
}


def _version(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:  # completing: print nothing into the shell
        from ivrcli.output.text import line

        line(f"ivr {__version__}")
        raise typer.Exit(0)


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Dial any company's phone menu: the number, the keypresses and whether it is open now."""


class _Root(TyperGroup):
    """The top-level group: when ``--json`` is among the raw arguments, a usage error
    (found by the parser, before any command runs) is the JSON error object on stdout;
    otherwise it is Typer's text on stderr, as ever."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        raw = list(args)  # the parser consumes ``args``
        try:
            ctx = super().make_context(info_name, args, parent, **extra)
        except _usage_error() as exc:
            _json_usage(exc, raw, info_name or "ivr")
            raise
        ctx.meta[_RAW] = raw
        return ctx

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _usage_error() as exc:
            _json_usage(exc, ctx.meta.get(_RAW, []), ctx.command_path)
            raise


_RAW = "ivr.arguments"


def _usage_error() -> type[Exception]:
    """click's UsageError, wherever this Typer keeps click (its own copy, or the package)."""
    found: type[Exception] = sys.modules[typer.BadParameter.__module__].UsageError
    return found


def _json_usage(exc: Exception, raw: list[str], root: str) -> None:
    """Under ``--json`` (before any ``--``), print ``exc`` as the JSON error object and exit 2."""
    words = raw[: raw.index("--")] if "--" in raw else raw
    if "--json" not in words or type(exc).__name__ == "NoArgsIsHelpError":
        return
    from ivrcli.errors import UsageError
    from ivrcli.output.json import emit, error

    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None else " ".join([root, *_command(words)])
    said = str(getattr(exc, "format_message", exc.__str__)()).strip()
    message = f"{said}{'' if said.endswith('.') else '.'} Try '{where} --help' for help."
    emit(error(UsageError(message)))
    raise typer.Exit(UsageError.exit_code) from None


def _command(words: list[str]) -> list[str]:
    """The command (and subcommand) named at the start of ``words``."""
    if words and words[0] in COMMANDS:
        return words[:1]
    if words and words[0] in GROUPS:
        return words[:2] if len(words) > 1 and words[1] in GROUPS[words[0]][1] else words[:1]
    return []


def _typer(help: str = TAGLINE, completion: bool = False, root: bool = False) -> typer.Typer:
    return typer.Typer(
        cls=_Root if root else TyperGroup,
        name="ivr",
        help=help,
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,
        rich_markup_mode=None,
        add_completion=completion,
    )


def _function(module: str, name: str) -> Callable[..., None]:
    found: Callable[..., None] = getattr(importlib.import_module(f"ivrcli.cli.{module}"), name)
    return found


def build(only: str | None = None, completing: bool = False) -> typer.Typer:
    """The whole app, or (``only``) the app with that one top-level command; Typer's
    completion is set up for the whole app or when ``completing``."""
    app = _typer(completion=only is None or completing, root=True)
    app.callback()(_root)
    for name, (module, function) in COMMANDS.items():
        if only is None or name == only:
            app.command(name)(_function(module, function))
    if only is None:
        for group, (help, commands) in GROUPS.items():
            sub = _typer(help)
            for name, (module, function) in commands.items():
                sub.command(name)(_function(module, function))
            app.add_typer(sub, name=group)
    return app


def completing(environ: Mapping[str, str]) -> str | None:
    """The top-level command a shell is completing the arguments of, read from the
    completion variables as Typer reads them (bash: ``COMP_WORDS`` and ``COMP_CWORD``;
    zsh, fish and PowerShell: ``_TYPER_COMPLETE_ARGS``); None while the command name
    itself is being completed, for a group, or when the variables make no sense."""
    try:
        shell = environ.get("_IVR_COMPLETE", "").removeprefix("complete_")
        if shell == "bash":
            typed = _split(environ["COMP_WORDS"])[1 : int(environ["COMP_CWORD"])]
        elif shell in ("zsh", "fish", "powershell", "pwsh"):
            line = environ.get("_TYPER_COMPLETE_ARGS", "")
            typed = _split(line)[1:]
            if shell in ("powershell", "pwsh"):
                incomplete = environ.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
            else:
                incomplete = "" if line.endswith(" ") else "?"
            typed = typed[:-1] if typed and incomplete else typed
        else:
            return None
    except (KeyError, ValueError):
        return None
    return typed[0] if typed and typed[0] in COMMANDS else None


def _split(line: str) -> list[str]:
    """Words as the shell typed them; an unclosed quote ends the last one (as Typer splits)."""
    import shlex

    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:
        words.append(lexer.token)
    return words


def run() -> None:
    """Run the command line, building only the command being run (or completed)."""
    if any(key.startswith("_IVR_COMPLETE") for key in os.environ):
        build(completing(os.environ), completing=True)()
    else:
        build(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] in COMMANDS else None)()
