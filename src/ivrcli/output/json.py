"""Every JSON shape ivr prints, and the one envelope: ``{"version": 1, ...}`` on stdout.

Each function turns a result object into plain JSON data; :func:`emit` wraps
it in the envelope and prints it. A new JSON field goes here, nowhere else.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from ivrcli.errors import Ambiguous, CatalogueError, IvrError, Problem
from ivrcli.model import public, verdict
from ivrcli.output.json_journal import call, complaint, history, waits_data

__all__ = ["call", "complaint", "history"]  # the journal's shapes live in json_journal

if TYPE_CHECKING:
    from pathlib import Path

    from ivrcli.hours import Status
    from ivrcli.model import Route
    from ivrcli.search.resolve import Match
    from ivrcli.services.browse import Listed, Shown, Validation, WantedRow
    from ivrcli.services.catalogue import Added, Pulled, Subscription
    from ivrcli.services.find import Found
    from ivrcli.services.handoff import Placed
    from ivrcli.services.learn import Mapped
    from ivrcli.services.profile import ProfileView

VERSION = 1
Data = dict[str, Any]


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)


def emit(data: Data) -> None:
    """Print one JSON document: the envelope's ``version``, then ``data``'s keys."""
    sys.stdout.write(dumps({"version": VERSION, **data}) + "\n")


def route_data(route: Route) -> Data:
    leaf = route.leaf
    return {
        "company": {
            "id": route.company["id"],
            "name": route.company["name"],
            "note": route.company.get("note"),
        },
        "line": {
            "id": route.line["id"],
            "name": route.line.get("name"),
            "number": route.line["number"],
            "abroad": bool(route.line.get("abroad")),
            "note": route.line.get("note"),
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


def status_data(state: Status | None) -> Data:
    if state is None:
        return {"open": None, "next_change": None, "holiday": None}
    return {
        "open": state.open,
        "next_change": state.next_change.isoformat() if state.next_change else None,
        "holiday": state.holiday,
    }


def answer(
    found: Found, copied: str | None = None, *, copy: bool = False, qr_file: Path | None = None
) -> Data:
    """``ivr find``: the route, its hours now, the dial string (``copied``: with ``--copy``,
    ``qr_file``: the file ``--qr-file`` wrote)."""
    return {
        **route_data(found.route),
        **status_data(found.status),
        "timezone": found.zone,
        "dial": found.dial.dial,
        "tel": found.dial.tel,
        "missing": found.dial.missing,
        "ignored": list(found.match.ignored),
        "score": found.match.score,
        **heard_data(found.route),
        **waits_data(found),
        **({"copied": copied} if copy else {}),
        **({"qr_file": str(qr_file)} if qr_file is not None else {}),
    }


def dialled(found: Found, placed: Placed) -> Data:
    """``ivr dial``: find's answer, and the call handed to the phone (or not)."""
    return {
        **answer(found),
        "placed": placed.placed,
        "device": placed.device,
        "command": placed.command,
    }


def heard_data(route: Route) -> Data:
    """``observed`` (the day the keys were heard on a call) and ``verified`` (the last call
    that tried them: ``{"ok", "date"}``), each null when no call said."""
    leaf = route.leaf or {}
    last = verdict(leaf)
    return {
        "observed": leaf.get("observed"),
        "verified": None if last is None else {"ok": last[0], "date": last[1]},
    }


def matches(matched: list[Match]) -> Data:
    """``ivr find --all``."""
    return {
        "matches": [
            {**route_data(m.route), "score": m.score, "ignored": list(m.ignored)} for m in matched
        ]
    }


def companies(rows: list[Listed]) -> Data:
    """``ivr list``."""
    return {
        "companies": [
            {
                "id": row.id,
                "name": row.name,
                "category": row.category,
                "country": row.country,
                "open": row.open,
                "services": row.services,
            }
            for row in rows
        ]
    }


def wanted(rows: list[WantedRow]) -> Data:
    """``ivr list --wanted``."""
    return {
        "wanted": [
            {
                "id": row.id,
                "name": row.name,
                "category": row.category,
                "country": row.country,
                "note": row.note,
            }
            for row in rows
        ]
    }


def company(shown: Shown) -> Data:
    """``ivr show``: the company as its catalogue gives it (no internal keys)."""
    return {
        "company": public(shown.company),
        "yours": shown.yours,
        "subscription": shown.subscription,
    }


def problem_data(problem: Problem) -> Data:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "message": problem.message,
        "severity": problem.severity,
    }


def validation(result: Validation) -> Data:
    """``ivr validate``."""
    return {
        "ok": not result.problems,
        "files": [str(p) for p in result.files],
        "companies": result.companies,
        "problems": [problem_data(p) for p in result.problems],
        "warnings": [problem_data(w) for w in result.warnings],
    }


def added(result: Added) -> Data:
    """``ivr catalogue add``."""
    return {"path": str(result.path), "replaced": result.replaced, "companies": result.companies}


def mapped(result: Mapped) -> Data:
    """``ivr map``: what was recorded, and what one of its services now dials."""
    example = None
    if result.example is not None:
        path, dial = result.example
        example = {"service": path, "query": result.query, "dial": dial}
    return {
        "mapped": {
            "company": {"id": result.company_id, "name": result.company_name},
            "line": result.line_id,
            "options": result.options,
            "new": result.new,
            "example": example,
        }
    }


def subscription(row: Subscription) -> Data:
    """A subscription in ``ivr catalogue subscriptions`` and ``unsubscribe``."""
    return {"name": row.name, "url": row.url, "path": str(row.path), "commit": row.commit}


def pulled(result: Pulled) -> Data:
    """What ``ivr catalogue subscribe`` or ``update`` did to one subscription."""
    return {
        "name": result.name,
        "url": result.url,
        "path": str(result.path),
        "status": result.status,
        "commit": result.commit,
        "previous": result.previous,
        "companies": result.companies,
        "changed": [
            {"company": c.company, "line": c.line, "old": c.old, "new": c.new}
            for c in result.changed
        ],
        "problem": result.problem,
        "problems": [problem_data(p) for p in result.problems],
    }


def profile(view: ProfileView) -> Data:
    """``ivr profile show``: the fields unmasked (scripts asked for them)."""
    return {"profile": view.name, "path": str(view.path), "fields": view.fields}


def candidate(match: Match) -> Data:
    """One of the answers tied in an :class:`~ivrcli.errors.Ambiguous` error."""
    data = route_data(match.route)
    return {
        "company": data["company"],
        "line": data["line"]["id"],
        "line_name": data["line"]["name"],
        "number": data["line"]["number"],
        "service": data["service"]["name"] if data["service"] else None,
        "path": data["service"]["path"] if data["service"] else [],
        "score": match.score,
    }


def error(exc: IvrError) -> Data:
    """``{"error": {"code", "message", ...}}``: what the error carries, as data."""
    found: Data = {"code": exc.exit_code, "message": exc.message, **exc.extra}
    if isinstance(exc, Ambiguous):
        found["candidates"] = [candidate(m) for m in exc.candidates]
    if isinstance(exc, CatalogueError) and exc.problems:
        found["problems"] = [problem_data(p) for p in exc.problems]
    return {"error": found}
