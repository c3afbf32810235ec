"""One error hierarchy; each class carries the exit code of the product contract.

An error carries everything its message needs (the tied candidates, the
missing fields, the located problems), so the boundary in ``ivrcli.cli``
renders it without asking anyone else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ivrcli.search.resolve import Match


class IvrError(Exception):
    """An error the user can act on: one line on stderr and a documented exit code.

    ``answered``: the command already printed its answer (a closed line with
    ``--if-open``, an empty list, a validation report), so in JSON mode the
    boundary adds nothing and only the exit code tells.
    """

    exit_code = 1

    def __init__(self, message: str, *, answered: bool = False, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.answered = answered
        #: additional JSON keys for ``--json`` errors (``missing``, ``suggestions``)
        self.extra = extra


class CatalogueError(IvrError):
    """A catalogue file is missing, unreadable or invalid (exit 1)."""

    def __init__(
        self, message: str, problems: list[Problem] | None = None, *, answered: bool = False
    ) -> None:
        super().__init__(message, answered=answered)
        self.problems = problems or []


class NotFromAbroad(IvrError):
    """A number that cannot be dialled from outside its country (exit 1)."""


class StateError(IvrError):
    """A profile, journal or other state file cannot be read or written (exit 1)."""


class UsageError(IvrError):
    """Bad arguments that Typer itself cannot see (a bad ``--at``, a bad field name)."""

    exit_code = 2


class NoMatch(IvrError):
    """Nothing in the catalogue matches the query."""

    exit_code = 3


class Ambiguous(IvrError):
    """Two or more candidates score the same; ``candidates`` are the tied answers."""

    exit_code = 4

    def __init__(self, message: str, candidates: list[Match]) -> None:
        super().__init__(message)
        self.candidates = candidates


class MissingIdentifier(IvrError):
    """The route needs an identifier that the profile lacks.

    ``answer`` is the answer as far as it goes (its dial string stops short), so a
    human view can still show the route and what is missing.
    """

    exit_code = 5

    def __init__(self, message: str, missing: list[str], answer: Any = None) -> None:
        super().__init__(message, missing=missing)
        self.answer = answer


class ClosedLine(IvrError):
    """``--if-open`` was given and the line is closed: the answer is printed, then exit 6."""

    exit_code = 6

    def __init__(self) -> None:
        super().__init__("", answered=True)


class CorruptCache(Exception):
    """A part of the compiled cache that does not load: the command discards it and reruns.

    Not an :class:`IvrError`: it never reaches the user.
    """


class Problem:
    """One located catalogue problem: ``file:line:col: message``."""

    __slots__ = ("column", "file", "line", "message", "severity")

    def __init__(
        self, file: str, line: int, column: int, message: str, severity: str = "error"
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.severity = severity

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.file}:{self.line}:{self.column}: {prefix}{self.message}"

    def __repr__(self) -> str:
        return f"Problem({self!s})"
