"""The entry point: the Typer app, built with only the command being run.

Typer turns every registered command into click objects on each start, so
``ivr find`` registers ``find`` alone; help, completion, groups and anything
unusual get the whole app (:func:`build`). A new command is a function in a
module of this package, named in :data:`COMMANDS` or :data:`GROUPS`.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from typing import Annotated

import typer

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


def _version(value: bool) -> None:
    if value:
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


def _typer(help: str = TAGLINE, completion: bool = False) -> typer.Typer:
    return typer.Typer(
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


def build(only: str | None = None) -> typer.Typer:
    """The whole app, or (``only``) the app with that one top-level command."""
    app = _typer(completion=only is None)
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


def run() -> None:
    """Run the command line, building only the command being run."""
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    completing = any(key.startswith("_IVR_COMPLETE") for key in os.environ)
    build(name if name in COMMANDS and not completing else None)()
