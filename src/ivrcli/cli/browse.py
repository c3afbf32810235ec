"""``ivr list``, ``show``, ``validate`` and ``schema``: the catalogue itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ivrcli.cli.options import AtOpt, Shared, command, complete_company, moment
from ivrcli.errors import CatalogueError, NoMatch

BROWSE = ("catalogue", "profile", "json", "human", "bidi")


@command(uses=BROWSE)
def list_companies(
    query: Annotated[
        list[str] | None, typer.Argument(help="Words to filter by (optional).")
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", help="Only this category, e.g. mobile.")
    ] = None,
    open_: Annotated[
        bool, typer.Option("--open", help="Only companies open at that moment.")
    ] = False,
    wanted: Annotated[
        bool,
        typer.Option("--wanted", help="Organisations people ask for whose number is unknown."),
    ] = False,
    at: AtOpt = None,
    *,
    shared: Shared,
) -> None:
    """Companies (and matching services), optionally only those open now."""
    from ivrcli.services.browse import list_companies as listed

    if wanted:
        _list_wanted(shared, query, category)
        return
    rows = listed(shared.session(), query, category=category, open_only=open_, at=moment(at))
    mode = shared.mode()
    if mode == "json":
        from ivrcli.output import json

        json.emit(json.companies(rows))
    elif mode == "human":
        from ivrcli.output import human

        human.company_list(rows, shared.no_color)
    else:
        from ivrcli.output import text

        text.companies(rows)
    if not rows:
        raise NoMatch("no company matches", answered=True)


def _list_wanted(shared: Shared, query: list[str] | None, category: str | None) -> None:
    from ivrcli.services.browse import list_wanted

    rows = list_wanted(shared.session(), query, category)
    mode = shared.mode()
    if mode == "json":
        from ivrcli.output import json

        json.emit(json.wanted(rows))
    elif mode == "human":
        from ivrcli.output import human

        human.wanted_list(rows, shared.no_color)
    else:
        from ivrcli.output import text

        text.wanted(rows)
    if not rows:
        raise NoMatch("no wanted organisation matches", answered=True)


@command(uses=BROWSE)
def show(
    company: Annotated[
        list[str], typer.Argument(help="Company id or name.", autocompletion=complete_company)
    ],
    at: AtOpt = None,
    *,
    shared: Shared,
) -> None:
    """The whole phone menu of a company as a tree."""
    from ivrcli.services.browse import show as shown

    result = shown(shared.session(), company, moment(at))
    if shared.json:
        from ivrcli.output import json

        json.emit(json.company(result))
        return
    from ivrcli.output import tree

    tree.show(result, shared.no_color)


@command(uses=("catalogue", "profile", "json"))
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files to check; default: the active catalogue.")
    ] = None,
    *,
    shared: Shared,
) -> None:
    """Check catalogue files; every problem as file:line:col: message."""
    from ivrcli.services.browse import validate as check

    result = check(paths, shared.catalogue_files, observed=not shared.no_observed)
    if shared.json:
        from ivrcli.output import json

        json.emit(json.validation(result))
    else:
        from ivrcli.output import text

        text.validation(result)
    if result.problems:
        raise CatalogueError(f"{len(result.problems)} problem(s) found", answered=True)


@command(json_help="Accepted everywhere; the output is JSON.")
def schema(*, shared: Shared) -> None:
    """Print the JSON Schema of catalogue files (for editors that validate YAML as you type)."""
    from ivrcli.output.json import dumps
    from ivrcli.output.text import line
    from ivrcli.services.browse import schema as json_schema

    line(dumps(json_schema()))
