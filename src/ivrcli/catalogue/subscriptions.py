"""Community catalogues: git repositories of catalogue files, one clone per subscription.

A subscription is a shallow clone in ``subscriptions/NAME/``. A pull (``subscribe``
or ``update``) is made and checked in a staging folder beside it
(:mod:`ivrcli.catalogue.pull`); only then is that folder renamed into place
(:func:`install`), so a refused pull leaves the previous files in use and nothing
half-written. Pulls take a lock, and clean up after an interrupted one. Nothing
here prints.

Catalogue files are the regular ``*.yaml`` and ``*.yml`` files of the clone outside
hidden folders (``.git``, ``.github``...), read in path order.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ivrcli.errors import StateError, UsageError
from ivrcli.model import CompanyData

SUFFIXES = (".yaml", ".yml")
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
#: leftovers of an interrupted pull: ``.NAME.new-XXXX`` (staging) and ``.NAME.old-XXXX``
_LEFTOVER = re.compile(r"\.([a-z0-9][a-z0-9-]*)\.(new|old)-\w+")


def folder() -> Path:
    from ivrcli.paths import subscriptions_dir

    return subscriptions_dir()


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise UsageError(
            f"bad subscription name {name!r}: lowercase letters, digits and hyphens, "
            "like 'community' (at most 64)"
        )
    return name


def default_name(url: str) -> str:
    """The last part of the URL's path, without ``.git``, as a slug."""
    path = url.split("://", 1)[-1].rstrip("/")
    last = re.split(r"[/:]", path)[-1]
    last = last.removesuffix(".git")
    slug = re.sub(r"[^a-z0-9]+", "-", last.lower()).strip("-")[:64].strip("-")
    if not slug:
        raise UsageError(f"no name can be made from {url!r}: give one with --name")
    return slug


def names() -> list[str]:
    """Every subscription, by name."""
    try:
        entries = list(os.scandir(folder()))
    except OSError:
        return []
    return sorted(
        e.name for e in entries if _NAME.fullmatch(e.name) and e.is_dir(follow_symlinks=False)
    )


def directory(name: str) -> Path:
    return folder() / name


def catalogue_files(root: Path) -> list[Path]:
    """The catalogue files of a clone, sorted by path; links and hidden folders skipped."""
    found: list[tuple[str, Path]] = []

    def visit(here: Path, prefix: str) -> None:
        try:
            entries = list(os.scandir(here))
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                visit(Path(entry.path), f"{prefix}{entry.name}/")
            elif entry.is_file(follow_symlinks=False) and is_catalogue(entry.name):
                found.append((prefix + entry.name, Path(entry.path)))

    visit(root, "")
    return [path for _, path in sorted(found)]


def is_catalogue(name: str) -> bool:
    return name.endswith(SUFFIXES) and not name.startswith(".")


def active_files(before: str | None = None) -> list[Path]:
    """Every subscription's catalogue files in load order (only those named before ``before``)."""
    return [
        path
        for name in names()
        if before is None or name < before
        for path in catalogue_files(directory(name))
    ]


def owner(path: Path) -> str | None:
    """The subscription a catalogue file belongs to, if any."""
    try:
        parts = path.relative_to(folder()).parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 and _NAME.fullmatch(parts[0]) else None


@contextlib.contextmanager
def locked() -> Iterator[None]:
    """One pull at a time; leftovers of an interrupted one are cleaned up first."""
    import fcntl

    from ivrcli.paths import ensure_private_dir

    here = folder()
    try:
        ensure_private_dir(here)
        fd = os.open(here / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StateError(f"{here}: cannot write subscriptions here ({exc.strerror})") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _recover(here)
        yield
    finally:
        os.close(fd)


def _recover(here: Path) -> None:
    """A staging folder is dropped; a previous clone set aside is put back if needed."""
    for entry in sorted(here.iterdir()):
        found = _LEFTOVER.fullmatch(entry.name)
        if not found:
            continue
        home = here / found.group(1)
        if found.group(2) == "old" and not home.exists():
            with contextlib.suppress(OSError):  # tried again next time
                entry.rename(home)
            continue
        discard(entry)


def discard(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def companies(root: Path) -> dict[str, CompanyData]:
    """The companies a subscription in place holds now (files that no longer load skipped)."""
    from ivrcli.catalogue.validate import check_file

    found: dict[str, CompanyData] = {}
    for path in catalogue_files(root):
        found.update((c["id"], c) for c in check_file(path).companies)
    return found


def install(staging: Path, name: str) -> Path:
    """Put a checked pull (its staging folder) in place of the subscription's previous clone."""
    import secrets

    target = directory(name)
    aside = folder() / f".{name}.old-{secrets.token_hex(4)}"
    try:
        if target.exists():
            target.rename(aside)
        try:
            staging.rename(target)
        except OSError:
            if aside.exists():
                aside.rename(target)
            raise
    except OSError as exc:
        raise StateError(f"{target}: cannot put the new files in place ({exc.strerror})") from None
    discard(aside)
    return target


def remove(name: str) -> None:
    """Stop using a subscription: its clone is set aside, then deleted."""
    import secrets

    aside = folder() / f".{name}.old-{secrets.token_hex(4)}"
    try:
        directory(name).rename(aside)
    except OSError as exc:
        raise StateError(f"{directory(name)}: cannot remove it ({exc.strerror})") from None
    discard(aside)


@dataclass(frozen=True)
class Change:
    """A company's line whose number a pull changes (None: no such line on that side)."""

    company: str
    line: str
    old: str | None
    new: str | None


def number_changes(
    before: dict[str, CompanyData],
    after: dict[str, CompanyData],
    below: Callable[[str], CompanyData | None],
) -> list[Change]:
    """The numbers that change for companies the pull touches; a company missing on one
    side is what the layers below give (``below``), so an override is a change too."""
    changes: list[Change] = []
    for cid in dict.fromkeys([*after, *before]):
        old = before.get(cid) or below(cid)
        new = after.get(cid) or below(cid)
        if old is None or new is None:
            continue
        old_lines = {line["id"]: str(line["number"]) for line in old["lines"]}
        new_lines = {line["id"]: str(line["number"]) for line in new["lines"]}
        for lid in dict.fromkeys([*old_lines, *new_lines]):
            was, now = old_lines.get(lid), new_lines.get(lid)
            if _dialled(was) != _dialled(now):
                changes.append(Change(cid, lid, was, now))
    return changes


def _dialled(number: str | None) -> str | None:
    """Only what a phone dials: ``03-555-0101`` and ``03 555 0101`` are the same number."""
    return None if number is None else re.sub(r"[^0-9*#+]", "", number)
