"""``ivr catalogue ...``: your overlay, the catalogue's counts, and community subscriptions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ivrcli.services.session import Session


def catalogue_stats(session: Session) -> dict[str, Any]:
    """Counts of what the active catalogue holds (``ivr catalogue stats``)."""
    from ivrcli.catalogue.stats import catalogue_stats as count

    return count(session.catalogue(), dt.date.today())


def overlay_path() -> Path:
    """The folder whose ``*.yaml`` files are merged over the bundled catalogue."""
    from ivrcli.paths import overlay_dir

    return overlay_dir()


@dataclass(frozen=True)
class Added:
    """A file copied into the overlay folder."""

    path: Path
    replaced: bool
    companies: int


def add_overlay(file: Path) -> Added:
    """Validate a catalogue file and copy it into the overlay (nothing copied when invalid)."""
    from ivrcli.catalogue.sources import add_overlay as add

    return Added(*add(file))
