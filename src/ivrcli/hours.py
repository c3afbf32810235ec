"""Opening hours: OSM ``opening_hours`` evaluated in the company's time zone.

``opening-hours-py`` has no Israeli holiday data and silently ignores ``PH``
without a country, so every ``PH`` selector (and its ``PH -1 day`` /
``PH +1 day`` offsets, which express holiday eves) is rewritten into explicit
dates from the ``holidays`` package before evaluation. Rule order is kept,
so a later rule still overrides an earlier one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_WEEKDAY_ITEM = rf"{_DAY}(?:-{_DAY})?(?:\[[-0-9,]+\])?"
_PH_ITEM = r"PH(?:\s*[+-]\s*\d+\s*days?)?"
_ITEM = rf"(?:{_PH_ITEM}|{_WEEKDAY_ITEM})"
_RULE_WITH_PH = re.compile(rf"^\s*(?P<items>{_ITEM}(?:\s*,\s*{_ITEM})*)(?P<rest>(?:\s+.*)?)$", re.S)
_PH_OFFSET = re.compile(r"PH(?:\s*(?P<sign>[+-])\s*(?P<n>\d+)\s*days?)?")
_HAS_PH = re.compile(r"\bPH\b")
_HAS_SH = re.compile(r"\bSH\b")
#: how many years on each side of the asked moment PH is expanded for
WINDOW_YEARS = 1


class HoursError(ValueError):
    """An hours expression that does not parse, or uses PH where ivr cannot expand it."""


@dataclass(frozen=True, slots=True)
class Status:
    """Open-now answer: ``open`` is None when the hours are unknown."""

    open: bool | None
    next_change: dt.datetime | None
    holiday: str | None = None
    comment: str | None = None


def _split_rules(expr: str) -> list[str]:
    """Split on ``;`` and ``||`` outside quoted comments, keeping the separators."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    i = 0
    while i < len(expr):
        ch = expr[i]
        if ch == '"':
            quoted = not quoted
        if not quoted and (ch == ";" or expr.startswith("||", i)):
            parts.append("".join(current))
            sep = ";" if ch == ";" else "||"
            parts.append(sep)
            current = []
            i += len(sep)
            continue
        current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def uses_ph(expr: str) -> bool:
    """True when the expression has a ``PH`` selector (outside comments)."""
    return bool(_HAS_PH.search(_drop_comments(expr)))


def _drop_comments(expr: str) -> str:
    return re.sub(r'"[^"]*"', '""', expr)


def _date_list(days: list[dt.date]) -> str:
    return ",".join(f"{d.year} {_MONTHS[d.month - 1]} {d.day:02d}" for d in sorted(set(days)))


def _ph_offset(item: str) -> int:
    match = _PH_OFFSET.fullmatch(item.replace(" ", ""))
    if not match or not match.group("n"):
        return 0
    n = int(match.group("n"))
    return -n if match.group("sign") == "-" else n


def expand(expr: str, holiday_days: list[dt.date] | None) -> str:
    """Rewrite every ``PH`` selector of ``expr`` into explicit dates.

    ``holiday_days`` is None to only check that the expression can be
    expanded (validation); a rule whose PH dates fall outside the list is
    dropped, which is what ``PH`` means on days that are not holidays.
    """
    if _HAS_SH.search(_drop_comments(expr)):
        raise HoursError("SH (school holidays) is not supported: write the dates instead")
    out: list[str] = []
    for part in _split_rules(expr):
        if part in (";", "||") or not _HAS_PH.search(_drop_comments(part)):
            out.append(part)
            continue
        match = _RULE_WITH_PH.match(part)
        if not match:
            raise HoursError(
                "PH must start a rule, like 'PH off' or 'Sa,PH -1 day 08:00-13:00': "
                f"{part.strip()!r}"
            )
        rest = match.group("rest")
        items = [item.strip() for item in match.group("items").split(",")]
        weekdays = [item for item in items if not item.startswith("PH")]
        rules: list[str] = []
        if weekdays:
            rules.append(",".join(weekdays) + rest)
        for item in items:
            if not item.startswith("PH"):
                continue
            if holiday_days is None:
                days = [dt.date(2000, 1, 1)]
            else:
                offset = dt.timedelta(days=_ph_offset(item))
                days = [d + offset for d in holiday_days]
            if days:
                rules.append(_date_list(days) + rest)
        out.append(" " + "; ".join(rules) if rules else "")
    joined = "".join(out)
    # drop empty rules left by a PH rule with no dates in the window
    cleaned = [p for p in (s.strip() for s in re.split(r";", joined)) if p]
    return "; ".join(cleaned) if cleaned else "off"


@lru_cache(maxsize=4096)
def check_hours(expr: str) -> None:
    """Raise :class:`HoursError` unless ``expr`` parses (PH placement included)."""
    from opening_hours import OpeningHours

    if not expr.strip():
        raise HoursError("hours must not be empty; leave the key out when they are unknown")
    try:
        OpeningHours(expand(expr, None))
        OpeningHours(expr)
    except HoursError:
        raise
    except (SyntaxError, ValueError, Exception) as exc:  # the Rust parser raises its own type
        first = str(exc).strip().splitlines()
        detail = first[-1].strip(" =") if first else "does not parse"
        raise HoursError(f"bad hours {expr!r}: {detail}") from None


@lru_cache(maxsize=64)
def _holidays_for(country: str, years: tuple[int, ...]) -> dict[dt.date, str]:
    import holidays

    table = holidays.country_holidays(
        country, years=list(years), categories=("public",), language="en_US"
    )
    return {day: str(name) for day, name in table.items()}


def supports_ph(country: str, year: int | None = None) -> bool:
    """True when the ``holidays`` package has public holidays for the country around ``year``.

    It lists almost every country, but some have no public holidays in it (Bouvet
    Island; Ukraine, which suspended them under martial law): PH would never apply.
    """
    import holidays

    if country not in holidays.list_supported_countries():
        return False
    year = year or dt.date.today().year
    return bool(_holidays_for(country, (year - 1, year, year + 1)))


class HolidayTable:
    """Public holidays of one country, with precomputed years (from the cache) first."""

    def __init__(self, country: str, known: dict[str, str] | None = None) -> None:
        self.country = country
        self._known = {dt.date.fromisoformat(k): v for k, v in (known or {}).items()}
        self._known_years = {d.year for d in self._known}

    def days(self, years: range) -> dict[dt.date, str]:
        wanted = tuple(years)
        if set(wanted) <= self._known_years:
            return {d: n for d, n in self._known.items() if d.year in wanted}
        return _holidays_for(self.country, wanted)


def precompute_holidays(country: str, first_year: int, last_year: int) -> dict[str, str]:
    """ISO date -> holiday name, for the compiled cache."""
    days = _holidays_for(country, tuple(range(first_year, last_year + 1)))
    return {d.isoformat(): n for d, n in sorted(days.items())}


def _state_name(state: Any) -> str:
    """``State.OPEN`` -> ``"open"`` (str() of the enum differs between releases)."""
    return str(getattr(state, "name", state)).rsplit(".", 1)[-1].lower()


def _window(at: dt.datetime) -> range:
    return range(at.year - WINDOW_YEARS, at.year + WINDOW_YEARS + 1)


def _compile(expr: str, tz: str, table: HolidayTable | None, at: dt.datetime) -> Any:
    from zoneinfo import ZoneInfo

    from opening_hours import OpeningHours

    if uses_ph(expr) and table is not None:
        expr = expand(expr, sorted(table.days(_window(at))))
    return OpeningHours(expr, timezone=ZoneInfo(tz))


def evaluate(
    expr: str | None, tz: str, at: dt.datetime, table: HolidayTable | None = None
) -> Status:
    """Open or closed at ``at`` (aware), and the next change, in the company's zone."""
    if expr is None:
        return Status(None, None)
    from zoneinfo import ZoneInfo

    oh = _compile(expr, tz, table, at)
    local = at.astimezone(ZoneInfo(tz))
    state, comment = oh.state(local)
    is_open = {"open": True, "closed": False}.get(_state_name(state))
    change = oh.next_change(local) if is_open is not None else None
    holiday = None
    if table is not None and uses_ph(expr):
        holiday = table.days(_window(at)).get(local.date())
    return Status(is_open, change, holiday if is_open is False else None, comment or None)


def open_bands(expr: str, tz: str, at: dt.datetime, table: HolidayTable | None) -> set[int]:
    """The two-hour bands of the day (0, 2, ... 22: their first hour) open at some time in
    the 7 days from the start of ``at``'s day, on the wall clock of ``tz`` (stepped in UTC,
    so an hour a DST change skips is never counted)."""
    from zoneinfo import ZoneInfo

    zone, utc = ZoneInfo(tz), dt.UTC
    day = at.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    bands: set[int] = set()
    for lo, hi, state, _ in _compile(expr, tz, table, at).intervals(day, day + dt.timedelta(7)):
        t, end = lo.astimezone(utc), hi.astimezone(utc)
        while _state_name(state) == "open" and t < end and len(bands) < 12:
            local = t.astimezone(zone)
            bands.add(local.hour // 2 * 2)
            t = local.replace(minute=0, second=0).astimezone(utc) + dt.timedelta(hours=1)
    return bands


def eve_warnings(
    expr: str, tz: str, country: str, start: dt.date, years: int = 5
) -> list[tuple[dt.date, str]]:
    """Days in ``years`` from ``start`` that a ``PH -N day`` rule opens though the rest is closed.

    Shavuot 2029 falls on a Sunday: ``PH -1 day 08:00-13:00`` opens that Saturday.
    """
    from zoneinfo import ZoneInfo

    from opening_hours import OpeningHours

    parts = _split_rules(expr)
    eve_rules = [
        i
        for i, part in enumerate(parts)
        if part not in (";", "||")
        and (m := _RULE_WITH_PH.match(part))
        and any(_ph_offset(it.strip()) < 0 for it in m.group("items").split(","))
        and not re.search(r"\b(off|closed)\b", m.group("rest"))
    ]
    if not eve_rules:
        return []
    zone = ZoneInfo(tz)
    table = _holidays_for(country, tuple(range(start.year - 1, start.year + years + 2)))
    days = sorted(table)
    without = [p for i, p in enumerate(parts) if i not in eve_rules]
    # rejoin without the eve rules (drop a dangling separator)
    text_without = "".join(without).strip().strip(";").strip() or "off"
    full = OpeningHours(expand(expr, days), timezone=zone)
    base = OpeningHours(expand(re.sub(r";\s*;", ";", text_without), days), timezone=zone)
    found: list[tuple[dt.date, str]] = []
    end = start + dt.timedelta(days=365 * years)
    for holiday in days:
        for i in eve_rules:
            m = _RULE_WITH_PH.match(parts[i])
            assert m is not None
            for item in m.group("items").split(","):
                offset = _ph_offset(item.strip())
                if offset >= 0:
                    continue
                day = holiday + dt.timedelta(days=offset)
                if not start <= day < end:
                    continue
                lo = dt.datetime.combine(day, dt.time(), zone)
                hi = lo + dt.timedelta(days=1)
                opens = any(_state_name(s) == "open" for _, _, s, _ in full.intervals(lo, hi))
                before = any(_state_name(s) == "open" for _, _, s, _ in base.intervals(lo, hi))
                if opens and not before and (day, table[holiday]) not in found:
                    found.append((day, table[holiday]))
    return sorted(found)
