"""``ivr map`` and ``ivr contribute``: menus heard on calls, recorded and shared."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ivrcli.cli.options import Shared, command, complete_mappable

if TYPE_CHECKING:
    from ivrcli.services.session import Session


@command(uses=("catalogue", "profile", "json"))
def map_menu(
    company: Annotated[
        list[str],
        typer.Argument(
            help="The company's id, name or alias (a new one: with --name, --number).",
            autocompletion=complete_mappable,
        ),
    ],
    line: Annotated[
        str | None, typer.Option("--line", help="The line's id; default: its main line.")
    ] = None,
    greeting: Annotated[
        str | None,
        typer.Option("--greeting", help="How long the menu talks before it listens, e.g. 6s."),
    ] = None,
    hours: Annotated[
        str | None,
        typer.Option("--hours", help="The line's hours as heard, e.g. Su-Th 08:00-20:00."),
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="A new company's name.")] = None,
    number: Annotated[
        str | None, typer.Option("--number", help="A new company's (or new line's) number.")
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", help="A new company's category, e.g. tv.")
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="A new company's country (default IL).")
    ] = None,
    id_: Annotated[
        str | None, typer.Option("--id", help="A new company's id (default: from its name).")
    ] = None,
    *,
    shared: Shared,
) -> None:
    """Record a menu as you hear it: one option a line, KEYS NAME, two spaces per level."""
    from ivrcli.output import json, text
    from ivrcli.services.entries import NewCompany
    from ivrcli.services.learn import map_menu as record

    session = shared.session()
    outline = _outline_from_terminal(session) if sys.stdin.isatty() else _outline_from_stdin()
    mapped = record(
        session, company, outline, line_id=line, greeting=greeting, hours=hours,
        new=NewCompany(name, number, category, country, id_),
    )  # fmt: skip
    text.acknowledge(shared.json, json.mapped(mapped), text.mapped(mapped))


#: more text than this on stdin is no menu heard on a call
MAX_OUTLINE_BYTES = 1024 * 1024


def _outline_from_stdin() -> str:
    from ivrcli.errors import UsageError

    text = sys.stdin.read(MAX_OUTLINE_BYTES + 1)
    if len(text) > MAX_OUTLINE_BYTES:
        raise UsageError("the outline on stdin is over 1 MB: map one menu at a time")
    return text


def _outline_from_terminal(session: Session) -> str:
    """The outline line by line; a bad line is said and asked again; an empty one ends."""
    from ivrcli.output import hold, text
    from ivrcli.services.learn import outline_problem

    hold.outline_intro()
    lines: list[str] = []
    while True:
        line = hold.ask_raw("  ")
        if not line.strip():
            return "\n".join(lines) + "\n"
        problem = outline_problem(session, "\n".join([*lines, line]))
        if problem is None:
            lines.append(line)
        else:
            text.message(f"column {problem[1]}: {problem[2]}; type that line again")


@command(uses=("catalogue", "json"))
def contribute(
    output: Annotated[
        Path | None, typer.Option("--output", help="Write the file here instead of stdout.")
    ] = None,
    *,
    shared: Shared,
) -> None:
    """Your observations as a catalogue file to share (no identifier, note or name)."""
    from ivrcli.output import json, text
    from ivrcli.services.share import contribute as gather
    from ivrcli.services.share import write

    found = gather(shared.session())
    if not found.companies:
        text.acknowledge(
            shared.json,
            {"companies": 0, "path": None, "catalogue": None},
            "nothing observed yet: ivr map COMPANY, or answer the keys question of ivr call",
        )
        return
    if output is not None:
        from ivrcli.output.phrases import n_companies

        write(output, found.text)
        text.acknowledge(
            shared.json,
            {"companies": found.companies, "path": str(output), "catalogue": None},
            f"wrote {output} ({n_companies(found.companies)}); check it: ivr validate {output}",
        )
    elif shared.json:
        json.emit({"companies": found.companies, "path": None, "catalogue": found.text})
    else:
        text.line(found.text.rstrip("\n"))
