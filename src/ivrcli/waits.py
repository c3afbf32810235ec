"""Knowing the wait (product.md section 12): reported figures and your own.

Plain data in, plain data out: the reported figures come from compiled
catalogue data, your own from journal calls handed in as :class:`Timed`, and
the bands the line is open in as a set of band numbers (the hours are
evaluated elsewhere). No SQLite, no printing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

#: calls your wait needs before it is shown, and calls a band needs to be a candidate
MIN_CALLS = 3
MIN_BAND_CALLS = 2
BAND_HOURS = 2

_WAIT = re.compile(r"(?:([0-9]{1,3})h)?(?:([0-9]{1,4})m)?(?:([0-9]{1,5})s)?", re.ASCII)
_PERIOD = re.compile(r"([0-9]{4})(?:-(?:Q([1-4])|([0-9]{2})))?", re.ASCII)
PERIOD_HINT = "write 2025, 2025-Q2, 2025-02, or a range like 2022-04/2023-03"


def parse_wait(text: str) -> int:
    """Seconds in a wait written ``2m31s``, ``16s``, ``9m8s`` or ``1h5m``; else ValueError."""
    match = _WAIT.fullmatch(text)
    if match is None or not any(match.groups()):
        raise ValueError(f"bad wait {text!r}: write it like 2m31s, 45s or 1h5m")
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _one_period(text: str) -> tuple[dt.date, dt.date]:
    match = _PERIOD.fullmatch(text)
    if match is None:
        raise ValueError(f"bad period {text!r}: {PERIOD_HINT}")
    year = int(match[1])
    if year < 1900:
        raise ValueError(f"bad period {text!r}: the year is before 1900")
    if match[2]:
        first_month, last_month = 3 * int(match[2]) - 2, 3 * int(match[2])
    elif match[3]:
        first_month = last_month = int(match[3])
        if not 1 <= first_month <= 12:
            raise ValueError(f"bad period {text!r}: no month {match[3]}")
    else:
        first_month, last_month = 1, 12
    after = dt.date(year + last_month // 12, last_month % 12 + 1, 1)
    return dt.date(year, first_month, 1), after - dt.timedelta(days=1)


def period_bounds(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period: ``2025``, ``2025-Q2``, ``2025-02``, or two of
    them joined by ``/`` (a range, e.g. a financial year ``2022-04/2023-03``); else
    ValueError."""
    parts = text.split("/")
    if len(parts) > 2:
        raise ValueError(f"bad period {text!r}: {PERIOD_HINT}")
    first, last = _one_period(parts[0]), _one_period(parts[-1])
    if last[1] < first[0]:
        raise ValueError(f"bad period {text!r}: it ends before it starts")
    return first[0], last[1]


def _latest(figures: list[dict[str, Any]]) -> dict[str, Any]:
    """The figure of the latest period (the first in file order on a tie)."""
    return max(figures, key=lambda w: period_bounds(str(w["period"]))[1])


def reported_wait(
    line: dict[str, Any], company: dict[str, Any], topic: str | None
) -> dict[str, Any] | None:
    """The one reported figure ``find`` shows: the route's topic on the line, else on
    the company, else any figure of the line, else of the company; the latest period
    first. None when neither has a figure."""
    on_line: list[dict[str, Any]] = line.get("waits", [])
    on_company: list[dict[str, Any]] = company.get("waits", [])
    tiers = []
    if topic is not None:
        tiers += [[w for w in group if w.get("topic") == topic] for group in (on_line, on_company)]
    tiers += [on_line, on_company]
    return next((_latest(tier) for tier in tiers if tier), None)


@dataclass(frozen=True)
class Timed:
    """A journal call as the wait sees it: when it started, the seconds it counts, its topic."""

    started: dt.datetime
    seconds: int
    topic: str | None


def counted(waited: int | None, total: int | None, outcome: str | None) -> int | None:
    """The seconds a call counts: its wait, or, when no one answered, its whole length;
    None when neither was recorded."""
    if waited is not None:
        return waited
    if outcome == "dropped":
        return total
    return None


@dataclass(frozen=True)
class Band:
    """A two-hour band of the day (``start`` is its first hour: 0, 2, ... 22)."""

    start: int
    median_seconds: float
    calls: int


@dataclass(frozen=True)
class YourWait:
    """Your median wait over ``calls`` calls (to ``topic``, or to the company when None),
    and the band of the day with the lowest median (None when no band qualifies)."""

    median_seconds: float
    calls: int
    topic: str | None
    best: Band | None


def whole(value: float) -> float:
    """An int when whole (``90``, never ``90.0``), else the float (``412.5``)."""
    return int(value) if value == int(value) else value


def your_wait(
    calls: Sequence[Timed], topic: str | None, zone: str, open_bands: Collection[int] | None
) -> YourWait | None:
    """Your wait from the company's calls (section 12), None under :data:`MIN_CALLS`.

    The calls to the route's topic when there are enough, else every call to the
    company. Calls fall into two-hour bands by their start's wall-clock hour in
    ``zone``; a band with :data:`MIN_BAND_CALLS` calls that is in ``open_bands``
    (every band when None: hours unknown) is a candidate; the lowest median wins,
    the earlier band on a tie.
    """
    from statistics import median
    from zoneinfo import ZoneInfo

    pool = [c for c in calls if topic is not None and c.topic == topic]
    chosen = topic
    if len(pool) < MIN_CALLS:
        pool, chosen = list(calls), None
    if len(pool) < MIN_CALLS:
        return None
    tz = ZoneInfo(zone)
    bands: dict[int, list[int]] = {}
    for call in pool:
        start = call.started.astimezone(tz).hour // BAND_HOURS * BAND_HOURS
        bands.setdefault(start, []).append(call.seconds)
    candidates = [
        Band(start, whole(median(values)), len(values))
        for start, values in sorted(bands.items())
        if len(values) >= MIN_BAND_CALLS and (open_bands is None or start in open_bands)
    ]
    best = min(candidates, key=lambda b: (b.median_seconds, b.start), default=None)
    return YourWait(whole(median(c.seconds for c in pool)), len(pool), chosen, best)
