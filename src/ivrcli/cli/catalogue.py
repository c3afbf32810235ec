"""``ivr catalogue ...``: your own catalogue files, what the catalogue holds, subscriptions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ivrcli.cli.options import Shared, command
from ivrcli.errors import CatalogueError


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


@command(uses=("json",))
def catalogue_subscribe(
    url: Annotated[
        str,
        typer.Argument(
            help="The git repository: an https://, ssh://, git:// or file:// URL, "
            "or a local directory."
        ),
    ],
    name: Annotated[
        str | None,
        typer.Option("--name", help="Its name (default: the URL's last part, without .git)."),
    ] = None,
    *,
    shared: Shared,
) -> None:
    """Subscribe to a community catalogue: a git repository of catalogue files.

    It is cloned into subscriptions/NAME/ and merged over the bundled catalogue
    (your own catalogue.d files still win). Nothing is kept when any file fails
    to validate, or the repository holds a symbolic link.
    """
    from ivrcli.output import json, text
    from ivrcli.services.catalogue import subscribe

    result = subscribe(url, name)
    if shared.json:
        json.emit({"subscribed": json.pulled(result)})
    else:
        text.pulls([result])


@command(uses=("json",))
def catalogue_update(
    names: Annotated[
        list[str] | None, typer.Argument(help="Subscriptions to pull (default: all).")
    ] = None,
    *,
    shared: Shared,
) -> None:
    """Pull every subscription: a pull that fails a check is refused, the previous files
    stay in use, and every number a pull changes is named (old → new)."""
    from ivrcli.output import json, text
    from ivrcli.services.catalogue import update

    results = update(names)
    if shared.json:
        json.emit({"subscriptions": [json.pulled(r) for r in results]})
    else:
        text.pulls(results)
    refused = sum(r.status == "refused" for r in results)
    if refused:
        raise CatalogueError(
            f"{refused} of {len(results)} pull(s) refused; their previous files stay in use",
            answered=True,
        )


@command(uses=("json",))
def catalogue_subscriptions(*, shared: Shared) -> None:
    """List your subscriptions: name, URL and commit, one a line."""
    from ivrcli.output import json, text
    from ivrcli.services.catalogue import subscriptions

    rows = subscriptions()
    if shared.json:
        json.emit({"subscriptions": [json.subscription(r) for r in rows]})
    else:
        text.subscriptions(rows)


@command(uses=("json",))
def catalogue_unsubscribe(
    name: Annotated[str, typer.Argument(help="The subscription to stop using.")],
    *,
    shared: Shared,
) -> None:
    """Stop using a subscription and delete its clone."""
    from ivrcli.output import json, text
    from ivrcli.services.catalogue import unsubscribe

    gone = unsubscribe(name)
    text.acknowledge(
        shared.json,
        {"unsubscribed": json.subscription(gone)},
        f"{gone.name}: unsubscribed from {gone.url or '?'}; deleted {gone.path}",
    )
