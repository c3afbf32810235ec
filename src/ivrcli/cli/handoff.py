"""``ivr dial``: find's answer, dialled by an Android phone through adb."""

from __future__ import annotations

from typing import Annotated

import typer

from ivrcli.cli.options import (
    AbroadOpt,
    AtOpt,
    DeviceOpt,
    PartialOpt,
    PauseOpt,
    QueryArg,
    Shared,
    command,
    moment,
)
from ivrcli.errors import ClosedLine


@command(
    uses=("catalogue", "profile", "json"),
    json_help="Print find's JSON answer with placed, device and command.",
)
def dial(
    query: QueryArg,
    device: DeviceOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the adb command line; run nothing.")
    ] = False,
    at: AtOpt = None,
    if_open: Annotated[
        bool, typer.Option("--if-open", help="Exit 6, and place no call, when the line is closed.")
    ] = False,
    partial: PartialOpt = False,
    pause_seconds: PauseOpt = 3.0,
    abroad: AbroadOpt = False,
    *,
    shared: Shared,
) -> None:
    """Make your Android phone place the call, keypresses included (adb, USB debugging)."""
    from ivrcli.services import find as service
    from ivrcli.services.handoff import place, plan

    when = moment(at) if (at or if_open or shared.json) else None
    found = service.find(
        shared.session(), query, pause=pause_seconds, partial=partial, at=when, abroad=abroad,
        waits=shared.json,
    )  # fmt: skip
    closed = if_open and found.status is not None and found.status.open is False
    # a closed line with --if-open places no call, as --dry-run
    placed = (plan if closed or dry_run else place)(found.dial.tel, device)
    from ivrcli.output import json, text

    if shared.json:
        json.emit(json.dialled(found, placed))
    elif closed:
        text.closed_no_call(found)
    elif dry_run:
        text.line(placed.shell_line)
    else:
        text.line(found.dial.dial)
        text.message(f"calling on {placed.device}")
    if closed:
        raise ClosedLine()
