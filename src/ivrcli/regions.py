"""Countries and their time zones, from the IANA tables shipped with ``tzdata``."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any


def _read_tab(name: str) -> list[list[str]]:
    try:
        from importlib.resources import files

        text = files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):  # pragma: no cover - fallback
        text = Path("/usr/share/zoneinfo", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def countries() -> dict[str, str]:
    """ISO 3166 alpha-2 code -> English name."""
    return {row[0]: row[1] for row in _read_tab("iso3166.tab") if len(row) >= 2}


@cache
def zones_by_country() -> dict[str, list[str]]:
    """ISO 3166 code -> its IANA zones (zone.tab: one row per zone and country)."""
    zones: dict[str, list[str]] = {}
    for row in _read_tab("zone.tab"):
        if len(row) >= 3:
            zones.setdefault(row[0], []).append(row[2])
    return zones


def default_timezone(country: str) -> str | None:
    """The country's zone when it has exactly one, else None."""
    zones = zones_by_country().get(country, [])
    return zones[0] if len(zones) == 1 else None


def user_zone() -> str | None:
    """The IANA name of this computer's zone (``TZ``, else ``/etc/localtime``), or None.

    Read on every call, never cached: the answer follows the user's moves.
    """
    import os

    named = os.environ.get("TZ", "").lstrip(":")
    if named and valid_timezone(named) and not named.startswith("/"):
        return named
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:  # pragma: no cover - no such file on some systems
        return None
    marker = "zoneinfo" + os.sep
    if marker in target:
        name = target.split(marker, 1)[1]
        return name if valid_timezone(name) else None
    return None


def hours_zone(company: Mapping[str, Any]) -> str:
    """The zone a company's hours are read in: its ``timezone``; for ``local_time``
    companies the user's own zone when it lies in the company's country."""
    if company.get("local_time"):
        mine = user_zone()
        if mine and mine in zones_by_country().get(company["country"], []):
            return mine
    return str(company["timezone"])


def valid_timezone(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return True
