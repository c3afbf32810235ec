"""Countries and their time zones, from the IANA tables shipped with ``tzdata``."""

from __future__ import annotations

from functools import cache
from pathlib import Path


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


def valid_timezone(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return True
