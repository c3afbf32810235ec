"""``ivr complaint``: the text of a complaint about one call over the 6-minute limit."""

from __future__ import annotations

from typing import Annotated

import typer

from ivrcli.cli.options import Shared, command
from ivrcli.errors import UsageError

LANGUAGES = ("en", "he")


@command(uses=("catalogue", "json"))
def complaint(
    call_id: Annotated[
        int, typer.Argument(metavar="CALL_ID", help="The call's id, as ivr history lists it.")
    ],
    lang: Annotated[
        str, typer.Option("--lang", help="The text's language: en (English) or he (Hebrew).")
    ] = "en",
    *,
    shared: Shared,
) -> None:
    """Print a complaint about a call that waited over 6 minutes, to send on."""
    from ivrcli.output.complaint import complaint_text
    from ivrcli.services.waits import complaint as facts

    chosen = lang.strip().lower()
    if chosen not in LANGUAGES:
        raise UsageError(f"bad language {lang!r}: use en or he")
    result = facts(shared.session(), call_id)
    body = complaint_text(result, chosen)
    if shared.json:
        from ivrcli.output import json

        json.emit(json.complaint(result, chosen, body))
    else:
        from ivrcli.output.text import write

        write(body)
