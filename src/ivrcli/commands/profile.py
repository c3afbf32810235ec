"""`ivr profile`: the user's identifiers."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ivrcli.base import (
    JsonOpt,
    NoColorOpt,
    ProfileOpt,
    UnusedCatalogueOpt,
    acknowledge,
    boundary,
    profile_app,
)


@profile_app.command("set")
def profile_set(
    field: Annotated[
        str, typer.Argument(help="id, phone, card4, pin, home, or your own field name.")
    ],
    value: Annotated[
        str | None,
        typer.Argument(help="The value; left out, it is asked for (secrets without echo)."),
    ] = None,
    profile: ProfileOpt = "default",
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
    catalogue: UnusedCatalogueOpt = None,
) -> None:
    """Store one identifier (validated; secrets are never echoed)."""
    with boundary(json):
        from ivrcli.profile import SECRET_FIELDS, check_field, update

        check_field(field)
        if value is None:
            value = typer.prompt(f"{field}", hide_input=field in SECRET_FIELDS or field == "id")
        update(profile, field, value)
        acknowledge(
            json, {"profile": profile, "set": field}, f"saved {field} in profile {profile!r}"
        )


@profile_app.command("unset")
def profile_unset(
    field: Annotated[str, typer.Argument(help="The field to remove.")],
    profile: ProfileOpt = "default",
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
    catalogue: UnusedCatalogueOpt = None,
) -> None:
    """Remove one identifier."""
    with boundary(json):
        from ivrcli.profile import update

        update(profile, field, None)
        acknowledge(
            json, {"profile": profile, "unset": field}, f"removed {field} from profile {profile!r}"
        )


@profile_app.command("show")
def profile_show(
    profile: ProfileOpt = "default",
    reveal: Annotated[bool, typer.Option("--reveal", help="Show card digits and PIN.")] = False,
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
    catalogue: UnusedCatalogueOpt = None,
) -> None:
    """Show the profile's fields (card4 and pin masked unless --reveal)."""
    with boundary(json):
        from ivrcli.profile import masked, profile_path, read

        fields = read(profile)
        if json:
            from ivrcli.render import emit_json

            emit_json({"profile": profile, "path": str(profile_path(profile)), "fields": fields})
            return
        shown = masked(fields, reveal)
        if not shown:
            sys.stderr.write(
                f"ivr: profile {profile!r} is empty; set a field with: ivr profile set id\n"
            )
            return
        from ivrcli.render import emit_columns

        emit_columns([(key, shown[key]) for key in sorted(shown)])
