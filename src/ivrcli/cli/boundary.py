"""The one place an error becomes a message and an exit code; nothing else catches them."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import typer

from ivrcli.errors import IvrError


@contextlib.contextmanager
def boundary(json_mode: bool) -> Iterator[None]:
    """Run a command: an IvrError becomes its message (JSON on stdout in JSON mode,
    one line on stderr otherwise) and its exit code. An error raised after the answer
    was printed (``answered``) adds nothing to the JSON document."""
    try:
        yield
    except IvrError as exc:
        if not json_mode:
            from ivrcli.output.text import error

            error(exc)
        elif not exc.answered:
            from ivrcli.output.json import emit
            from ivrcli.output.json import error as error_data

            emit(error_data(exc))
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        from ivrcli.output.text import message

        message("interrupted")
        raise typer.Exit(130) from None
    except BrokenPipeError:
        from ivrcli.output.text import silence_stdout

        silence_stdout()
        raise typer.Exit(0) from None
