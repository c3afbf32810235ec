"""A call in the journal: the record, its fields as the user types them, and per-company stats.

Plain data: no SQLite here (``store``), no printing (``ivrcli.output``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict

from ivrcli.errors import UsageError

OUTCOMES = ("resolved", "unresolved", "callback", "dropped")
MAX_DURATION_SECONDS = 7 * 24 * 3600
SERVICE_SEPARATOR = " › "

_DURATION = re.compile(
    r"(?:([0-9]+)\s*h)?\s*(?:([0-9]+)\s*m)?\s*(?:([0-9]+)\s*s)?", re.ASCII | re.IGNORECASE
)
_DURATION_HINT = "use e.g. 90s, 7m, 1h5m, 2m30s or 45 (seconds), at most 7 days"


def parse_duration(text: str) -> int:
    """Seconds in ``text`` ("90s", "7m", "1h5m", "2m30s", plain "45"); else UsageError."""
    shown = text if len(text) <= 40 else text[:40] + "…"
    value = text.strip()
    if value.isascii() and value.isdigit():
        seconds = int(value)
    else:
        match = _DURATION.fullmatch(value)
        if not value or match is None:
            raise UsageError(f"bad duration {shown!r}: {_DURATION_HINT}")
        h, m, s = (int(part) if part else 0 for part in match.groups())
        seconds = h * 3600 + m * 60 + s
    if seconds > MAX_DURATION_SECONDS:
        raise UsageError(f"duration {shown!r} is longer than 7 days: {_DURATION_HINT}")
    return seconds


def check_outcome(text: str) -> str:
    """``text`` as one of :data:`OUTCOMES` (case-insensitive); else UsageError."""
    value = text.strip().lower()
    if value not in OUTCOMES:
        raise UsageError(f"bad outcome {text!r}: use one of {', '.join(OUTCOMES)}")
    return value


@dataclass
class CallRecord:
    """One call. ``number`` is the catalogue's line number, never the dial string."""

    company_id: str
    company_name: str
    service: str | None
    number: str
    started: datetime
    waited_seconds: int | None
    total_seconds: int | None
    outcome: str | None
    rep: str | None
    reference: str | None
    note: str | None
    over_limit: bool | None
    id: int | None = None
    #: the keys that reached the service, in key notation with identifiers as tokens
    keys: str | None = None
    #: whether the documented keys worked (None: no documented path, or not asked)
    keys_ok: bool | None = None
    #: the route's 6-minute-rule topic and line, for what later calls learn from this one
    topic: str | None = None
    line_id: str | None = None


class CompanyStats(TypedDict):
    calls: int
    median_wait: float | None
    over_limit: int


def stats(records: Iterable[CallRecord]) -> dict[str, CompanyStats]:
    """Per company id (first-seen order): call count, median wait, calls over the limit.

    ``median_wait`` ignores calls with no wait (dropped before a human) and is
    None when none has one; it is an int when whole (412.5 only for an even count).
    """
    from statistics import median

    waits: dict[str, list[int]] = {}
    result: dict[str, CompanyStats] = {}
    for rec in records:
        entry = result.setdefault(
            rec.company_id, {"calls": 0, "median_wait": None, "over_limit": 0}
        )
        entry["calls"] += 1
        entry["over_limit"] += rec.over_limit is True
        if rec.waited_seconds is not None:
            waits.setdefault(rec.company_id, []).append(rec.waited_seconds)
    for company_id, values in waits.items():
        mid = median(values)
        result[company_id]["median_wait"] = int(mid) if mid == int(mid) else float(mid)
    return result
