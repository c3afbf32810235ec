"""The words people read, shared by every view: times, durations, routes, counts.

Plain strings, no rich: the text, human and hold views all use them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ivrcli.hours import Status
    from ivrcli.model import Route
    from ivrcli.search.resolve import Match
    from ivrcli.waits import YourWait

IPHONE_NOTE = "iPhones will not auto-dial tel: links holding * or #: paste the dial string instead."
PATH_UNKNOWN = "The key path is not documented: listen to the menu for this service."


def day(date: str) -> str:
    """``2026-12-01`` -> ``1 Dec 2026``."""
    moment = dt.date.fromisoformat(date)
    return f"{moment.day} {moment:%b %Y}"


def heard_note(what: str, date: str, mine: bool) -> str:
    """Where a service's keys come from, when a call said: "heard on your call on ..."."""
    whose = "your call" if mine else "a call"
    if what == "failed":
        return f"did not work on {whose} on {day(date)}: the menu may have changed"
    verb = "worked" if what == "worked" else "heard"
    return f"{verb} on {whose} on {day(date)}"


def stale_note(date: str) -> str:
    return f"These facts date from {date}, over a year ago: listen before you press."


def duration(delta: dt.timedelta) -> str:
    """``2 h 5 min``, ``14 h``, ``3 d 2 h``, ``5 min``."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rem = divmod(minutes, 1440)
    hours, mins = divmod(rem, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def _hms(seconds: float, pad: bool) -> str:
    """``H:MM:SS`` from an hour on, else ``MM:SS`` (``pad``) or ``M:SS``."""
    hours, rest = divmod(max(0, int(seconds)), 3600)
    mins, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{mins:02d}:{secs:02d}"
    return f"{mins:02d}:{secs:02d}" if pad else f"{mins}:{secs:02d}"


def clock(seconds: float) -> str:
    """``75`` -> ``01:15``; ``3725`` -> ``1:02:05``."""
    return _hms(seconds, pad=True)


def _when(moment: dt.datetime, now: dt.datetime) -> str:
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    if (moment.date() - now.date()).days < 7:
        return moment.strftime("%a %H:%M")
    return moment.strftime("%a %d %b %H:%M")


def status_text(status: Status | None, company_tz: str, at: dt.datetime | None) -> str:
    """``Open now · closes 20:00 (in 2 h 5 min)``, in the user's zone, as seen from ``at``
    (the moment the status was evaluated at).

    The company's own zone is named when its clock differs from the user's.
    """
    if status is None or status.open is None or at is None:
        return "Hours unknown: listen to the recording"
    if status.next_change is None:
        return "Open now · around the clock" if status.open else "Closed (no opening hours ahead)"
    from zoneinfo import ZoneInfo

    # astimezone() without a zone applies the system's rules for that very moment (DST)
    now = at.astimezone()
    change = status.next_change.astimezone()
    theirs = status.next_change.astimezone(ZoneInfo(company_tz))
    verb = "closes" if status.open else "opens"
    text = f"{verb} {_when(change, now)}"
    if change.utcoffset() != theirs.utcoffset():
        text += f" your time ({_when(theirs, at.astimezone(ZoneInfo(company_tz)))} {company_tz})"
    text += f" (in {duration(status.next_change - at)})"
    head = "Open now" if status.open else "Closed"
    if status.holiday and not status.open:
        head += f" for {status.holiday}"
    if status.comment:
        text += f" — {status.comment}"
    return f"{head} · {text}"


def route_arrow(route: Route) -> str:
    """``*2700 → 2, ID#``, or ``*2700 → listen for: Billing`` when the path is unknown."""
    number = str(route.line["number"])
    if route.leaf is None:
        return number
    if route.keys is None:
        return f"{number} → listen for: {' › '.join(route.path)}"
    greeting = route.line.get("greeting")
    wait = f"wait {greeting}, " if greeting else ""
    return f"{number} → {wait}{route.keys}"


def service_name(path: list[str]) -> str:
    """``Billing › Disputes``, or ``(main line)`` for a line itself."""
    return " › ".join(path) or "(main line)"


def candidate_name(match: Match) -> str:
    """A tied candidate, with the line it is on so that two services of one name differ:
    ``ee: Cancel contract · Customer services from an EE phone · 150 (score 94)``.
    A line itself is ``(line)``; a company alone, its ``(main line)``."""
    route = match.route
    what = service_name(route.path)
    if not route.path and match.candidate.line is not None:
        what = "(line)"
    line = route.line.get("name") or route.line["id"]
    return f"{route.company['id']}: {what} · {line} · {route.line['number']} (score {match.score})"


def readable_url(url: str) -> str:
    """Percent-encoded Hebrew paths shown as letters (the link itself stays in JSON)."""
    from urllib.parse import unquote

    return unquote(url)


def source_line(source: str, checked: str | None) -> str:
    return f"source: {readable_url(source)} (checked {checked or '?'})"


def percent(part: int, whole: int) -> str:
    return f"{100 * part // whole}%" if whole else "-"


def n_companies(n: int) -> str:
    return f"{n} compan{'y' if n == 1 else 'ies'}"


def n_services(n: int) -> str:
    return f"{n} service{'' if n == 1 else 's'}"


def minutes(seconds: float) -> str:
    """How waits are written: ``90`` -> ``1:30``, ``600`` -> ``10:00``, ``3725`` -> ``1:02:05``."""
    return _hms(seconds, pad=False)


def reported_wait(wait: dict[str, Any], topic: str | None) -> str:
    """``average 9:08 · fault calls · 2024 · 50% answered within 6:00``; a figure for
    another topic than the route's says so (``fault calls, not billing``)."""
    from ivrcli.waits import parse_wait

    what = f"{wait['topic']} calls" if wait.get("topic") else "all calls"
    if topic and wait.get("topic") and wait["topic"] != topic:
        what += f", not {topic}"
    parts = [f"average {minutes(parse_wait(wait['average']))}", what, str(wait["period"])]
    for limit, share in (wait.get("answered_within") or {}).items():
        parts.append(f"{share * 100:g}% answered within {minutes(parse_wait(limit))}")
    return " · ".join(parts)


def your_wait(found: YourWait) -> tuple[str, str]:
    """``median 4:10 over 5 calls to billing``, and the best time to call."""
    about = f" {found.topic}" if found.topic else ""
    head = f"median {minutes(found.median_seconds)} over {found.calls}{about} calls"
    best = found.best
    if best is None:
        return head, "no best time yet: no two-hour band with 2 calls in the open hours"
    when = f"{best.start:02d}:00–{best.start + 2:02d}:00"
    return head, (
        f"best time to call: {when}, median {minutes(best.median_seconds)} over {best.calls} calls"
    )
