"""``ivr catalogue ...``: your own catalogue files, what the catalogue holds, subscriptions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ivrcli.cli.options import Shared, command


@command(uses=("json",))
def catalogue_path(*, shared: Shared) -> None:
    """Print the folder whose *.yaml files are merged over the bundled catalogue."""
    from ivrcli.services.catalogue import overlay_path

    if shared.json:
        from ivrcli.output import json

        json.emit({"path": str(overlay_path())})
    else:
        from ivrcli.output import text

        text.line(str(overlay_path()))


@command(uses=("catalogue", "json"))
def catalogue_stats(
    missing: Annotated[
        bool,
        typer.Option(
            "--missing", help="List the lines with no hours yet (company/line), one a line."
        ),
    ] = False,
    *,
    shared: Shared,
) -> None:
    """What the catalogue holds: companies, lines with hours, services, facts over a year old."""
    from ivrcli.output import text
    from ivrcli.services.catalogue import catalogue_stats as count

    stats = count(shared.session())
    if shared.json:
        from ivrcli.output import json

        json.emit(stats)
    elif missing:
        text.lines(stats["lines_without_hours"])
    else:
        text.catalogue_stats(stats)


@command(uses=("json",))
def catalogue_add(
    file: Annotated[Path, typer.Argument(help="A catalogue file to validate and copy in.")],
    *,
    shared: Shared,
) -> None:
    """Validate a catalogue file and copy it into your overlay folder."""
    from ivrcli.output import json, text
    from ivrcli.output.phrases import n_companies
    from ivrcli.services.catalogue import add_overlay

    added = add_overlay(file)
    verb = "replaced" if added.replaced else "added"
    text.acknowledge(
        shared.json,
        json.added(added),
        f"{verb} {added.path} ({n_companies(added.companies)}, shown as yours)",
    )
