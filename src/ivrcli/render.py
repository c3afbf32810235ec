"""Every byte ivr prints: human (rich), plain and JSON renderers, chosen once per command.

Text from catalogues is data: it is scrubbed of control characters and always
printed as literal rich ``Text`` (never parsed as markup).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import TYPE_CHECKING, Any

from ivrcli.dial import Route
from ivrcli.textnorm import scrub

if TYPE_CHECKING:
    from ivrcli.hours import Status

JSON_VERSION = 1
STALE_DAYS = 365


# --------------------------------------------------------------------------- shared pieces


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)


def emit_columns(rows: list[tuple[str, str]]) -> None:
    """Print label/value rows, the labels padded to one width (plain text, values scrubbed)."""
    width = max((len(label) for label, _ in rows), default=0)
    sys.stdout.write("".join(f"{label:<{width}}  {scrub(value)}\n" for label, value in rows))


def emit_json(data: dict[str, Any] | list[Any]) -> None:
    if isinstance(data, dict):
        data = {"version": JSON_VERSION, **data}
    sys.stdout.write(dumps(data) + "\n")


def route_json(route: Route) -> dict[str, Any]:
    leaf = route.leaf
    return {
        "company": {"id": route.company["id"], "name": route.company["name"]},
        "line": {
            "id": route.line["id"],
            "name": route.line.get("name"),
            "number": route.line["number"],
        },
        "service": None
        if leaf is None
        else {
            "name": leaf["name"],
            "path": route.path,
            "kind": leaf.get("kind"),
            "topic": route.topic,
        },
        "keys": route.keys,
        "hours": route.hours,
        "checked": route.inherited("checked"),
        "source": route.inherited("source"),
        "source_date": route.inherited("source_date"),
    }


def status_json(status: Status | None) -> dict[str, Any]:
    if status is None:
        return {"open": None, "next_change": None, "holiday": None}
    return {
        "open": status.open,
        "next_change": status.next_change.isoformat() if status.next_change else None,
        "holiday": status.holiday,
    }


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


def _when(moment: dt.datetime, now: dt.datetime) -> str:
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    if (moment.date() - now.date()).days < 7:
        return moment.strftime("%a %H:%M")
    return moment.strftime("%a %d %b %H:%M")


def status_text(status: Status | None, company_tz: str, at: dt.datetime) -> str:
    """``Open now · closes 20:00 (in 2 h 5 min)``, in the user's zone.

    The company's own zone is named when its clock differs from the user's.
    """
    if status is None or status.open is None:
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


def is_stale(route_or_company: Route | dict[str, Any], today: dt.date) -> str | None:
    """The date when the facts are over a year old, else None.

    The facts' date is that of the nearest dated holder (node, ancestors, line,
    company): its page's own date, else the day it was checked. A node read on
    a newer page than its company's is judged by its own page.
    """
    if isinstance(route_or_company, Route):
        r = route_or_company
        holders = [*reversed(r.nodes), r.line, r.company]
    else:
        holders = [route_or_company]
    dated = next((h for h in holders if h.get("source_date") or h.get("checked")), None)
    if dated is None:
        return None
    date = dated.get("source_date") or dated.get("checked")
    try:
        day = dt.date.fromisoformat(str(date))
    except ValueError:
        return None
    return str(date) if (today - day).days > STALE_DAYS else None


# --------------------------------------------------------------------------- rich


def console(stderr: bool = False, no_color: bool = False) -> Any:
    from rich.console import Console

    return Console(
        stderr=stderr, no_color=no_color or None, highlight=False, emoji=False, markup=False
    )


_bidi = False


def set_bidi(enabled: bool) -> None:
    """``--bidi`` / ``IVR_BIDI=1``: reorder Hebrew for terminals that cannot.

    Opt-in, because terminals that do bidi themselves would reverse it twice.
    """
    global _bidi
    _bidi = enabled


def bidi_enabled() -> bool:
    return _bidi


def visual(value: str) -> str:
    """Right-to-left runs in display order, in a left-to-right line."""
    if not bidi_enabled() or not any("\u0590" <= ch <= "\u08ff" for ch in value):
        return value
    from bidi import get_display

    return "\n".join(str(get_display(line, base_dir="L")) for line in value.split("\n"))


def text(value: Any, style: str = "") -> Any:
    from rich.text import Text

    return Text(visual(scrub(str(value))), style=style)


def route_arrow(route: Route) -> str:
    """``*2700 → 2, ID#``, or ``*2700 → Billing (path unknown)``."""
    number = str(route.line["number"])
    if route.leaf is None:
        return number
    if route.keys is None:
        return f"{number} → listen for: {' › '.join(route.path)}"
    greeting = route.line.get("greeting")
    wait = f"wait {greeting}, " if greeting else ""
    return f"{number} → {wait}{route.keys}"
