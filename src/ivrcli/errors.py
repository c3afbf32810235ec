"""One error hierarchy; each class carries the exit code of the product contract."""

from __future__ import annotations

from typing import Any


class IvrError(Exception):
    """An error the user can act on: one line on stderr and a documented exit code."""

    exit_code = 1

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        #: additional JSON keys for ``--json`` errors (``candidates``, ``missing``)
        self.extra = extra


class CatalogueError(IvrError):
    """A catalogue file is missing, unreadable or invalid (exit 1)."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class StateError(IvrError):
    """A profile, journal or other state file cannot be read or written (exit 1)."""


class UsageError(IvrError):
    """Bad arguments that Typer itself cannot see (a bad ``--at``, a bad field name)."""

    exit_code = 2


class NoMatch(IvrError):
    """Nothing in the catalogue matches the query."""

    exit_code = 3


class Ambiguous(IvrError):
    """Two or more candidates score the same."""

    exit_code = 4


class MissingIdentifier(IvrError):
    """The route needs an identifier that the profile lacks."""

    exit_code = 5


class ClosedLine(IvrError):
    """``--if-open`` was given and the line is closed."""

    exit_code = 6


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

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "severity": self.severity,
        }

    def __repr__(self) -> str:
        return f"Problem({self!s})"
