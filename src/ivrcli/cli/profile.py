"""``ivr profile``: the user's identifiers."""

from __future__ import annotations

from typing import Annotated

import typer

from ivrcli.cli.options import Shared, command

IDENTIFIER = ("profile", "json")


@command(uses=IDENTIFIER)
def profile_set(
    field: Annotated[
        str, typer.Argument(help="id, phone, card4, pin, home, or your own field name.")
    ],
    value: Annotated[
        str | None,
        typer.Argument(help="The value; left out, it is asked for (secrets without echo)."),
    ] = None,
    *,
    shared: Shared,
) -> None:
    """Store one identifier (validated; secrets are never echoed)."""
    from ivrcli.output import text
    from ivrcli.services import profile

    profile.check_field(field)
    if value is None:
        value = text.ask_value(field, hidden=profile.asked_without_echo(field))
    profile.set_field(shared.profile, field, value)
    text.acknowledge(
        shared.json,
        {"profile": shared.profile, "set": field},
        f"saved {field} in profile {shared.profile!r}",
    )


@command(uses=IDENTIFIER)
def profile_unset(
    field: Annotated[str, typer.Argument(help="The field to remove.")],
    *,
    shared: Shared,
) -> None:
    """Remove one identifier."""
    from ivrcli.output import text
    from ivrcli.services import profile

    profile.set_field(shared.profile, field, None)
    text.acknowledge(
        shared.json,
        {"profile": shared.profile, "unset": field},
        f"removed {field} from profile {shared.profile!r}",
    )


@command(uses=IDENTIFIER)
def profile_show(
    reveal: Annotated[bool, typer.Option("--reveal", help="Show card digits and PIN.")] = False,
    *,
    shared: Shared,
) -> None:
    """Show the profile's fields (card4 and pin masked unless --reveal)."""
    from ivrcli.output import text
    from ivrcli.services import profile

    view = profile.show(shared.profile, reveal)
    if shared.json:
        from ivrcli.output import json

        json.emit(json.profile(view))
        return
    if not view.shown:
        text.message(f"profile {shared.profile!r} is empty; set a field with: ivr profile set id")
        return
    text.columns([(key, view.shown[key]) for key in sorted(view.shown)])
