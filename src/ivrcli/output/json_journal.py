"""The JSON shapes of the journal: calls, history, waits and complaints (see ``json``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ivrcli.journal.record import CallRecord
    from ivrcli.services.calls import History
    from ivrcli.services.find import Found
    from ivrcli.services.waits import Complaint
    from ivrcli.waits import YourWait

Data = dict[str, Any]


def call(record: CallRecord) -> Data:
    """One journal entry (``started`` is ISO 8601 with its offset)."""
    return {
        "id": record.id,
        "company": {"id": record.company_id, "name": record.company_name},
        "service": record.service,
        "number": record.number,
        "started": record.started.isoformat(),
        "waited_seconds": record.waited_seconds,
        "total_seconds": record.total_seconds,
        "outcome": record.outcome,
        "rep": record.rep,
        "reference": record.reference,
        "note": record.note,
        "over_limit": record.over_limit,
        "keys": record.keys,
        "keys_ok": record.keys_ok,
        "topic": record.topic,
        "line_id": record.line_id,
    }


def history(result: History) -> Data:
    """``ivr history``: the calls, newest first."""
    return {"calls": [call(r) for r in result.calls]}


def reported_wait(wait: Data | None) -> Data | None:
    """A published wait as the catalogue gives it, every key present, and its seconds."""
    if wait is None:
        return None
    from ivrcli.waits import parse_wait

    keys = ("topic", "average", "answered_within", "period", "note", "source", "checked")
    return {**{k: wait.get(k) for k in keys}, "average_seconds": parse_wait(wait["average"])}


def your_wait(found: YourWait | None) -> Data | None:
    """Your median wait and best band (``{"from", "to", "median_seconds", "calls"}``)."""
    if found is None:
        return None
    best = found.best
    return {
        "median_seconds": found.median_seconds,
        "calls": found.calls,
        "topic": found.topic,
        "best": None
        if best is None
        else {
            "from": f"{best.start:02d}:00",
            "to": f"{best.start + 2:02d}:00",
            "median_seconds": best.median_seconds,
            "calls": best.calls,
        },
    }


def waits_data(found: Found) -> Data:
    """``find``'s ``reported_wait`` and ``your_wait`` (each null when there is none)."""
    return {
        "reported_wait": reported_wait(found.reported_wait),
        "your_wait": your_wait(found.your_wait),
        **({"warnings": [found.warning]} if found.warning else {}),
    }


def complaint(result: Complaint, lang: str, text: str) -> Data:
    """``ivr complaint``: the call, the language and the text as printed."""
    return {"complaint": {"call": call(result.call), "lang": lang, "text": text}}
