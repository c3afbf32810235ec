"""``ivr catalogue ...``: your overlay, the catalogue's counts, and community subscriptions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ivrcli.errors import CatalogueError, UsageError

if TYPE_CHECKING:
    from ivrcli.catalogue.compiled import Catalogue
    from ivrcli.catalogue.subscriptions import Change
    from ivrcli.errors import Problem
    from ivrcli.model import CompanyData
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


@dataclass(frozen=True)
class Subscription:
    """A community catalogue in use: its name, where it comes from (any password hidden),
    its clone and the commit checked out."""

    name: str
    url: str | None
    path: Path
    commit: str | None


@dataclass(frozen=True)
class Pulled:
    """What one ``subscribe`` or ``update`` did to one subscription.

    ``status``: subscribed, updated, unchanged or refused (``problem`` says why; the
    previous files stay in use). ``changed``: every number the pull changes.
    """

    name: str
    url: str | None
    path: Path
    status: str
    commit: str | None
    previous: str | None
    companies: int | None = None
    changed: list[Change] = field(default_factory=list)
    problem: str | None = None
    problems: list[Problem] = field(default_factory=list)


def subscribe(url: str, name: str | None) -> Pulled:
    """Clone a community catalogue into ``subscriptions/NAME``; nothing is kept when the
    URL, the repository or any of its files is refused."""
    from ivrcli.catalogue import git
    from ivrcli.catalogue import subscriptions as subs
    from ivrcli.catalogue.pull import check, clone

    checked = git.check_url(url)
    name = subs.check_name(name) if name is not None else subs.default_name(checked)
    with subs.locked():
        target = subs.directory(name)
        if target.exists():
            raise UsageError(_taken(name, checked, _origin(target)))
        try:
            pull = check(clone(checked, name))
        except CatalogueError as exc:
            raise CatalogueError(f"{exc.message}; nothing was subscribed", exc.problems) from None
        try:
            changed = subs.number_changes({}, pull.companies, _below(name))
            subs.install(pull.staging, name)
            _discard_cache()
        finally:
            subs.discard(pull.staging)
    return Pulled(
        name,
        git.redact(checked),
        target,
        "subscribed",
        commit=pull.commit,
        previous=None,
        companies=len(pull.companies),
        changed=changed,
    )


def _taken(name: str, url: str, origin: str | None) -> str:
    if origin == url:
        return f"already subscribed to {origin} as {name!r}: ivr catalogue update {name} pulls it"
    return (
        f"a subscription named {name!r} already exists: choose another with --name, "
        f"or drop it with ivr catalogue unsubscribe {name}"
    )


def _origin(path: Path) -> str | None:
    from ivrcli.catalogue import git

    try:
        return git.origin(path)
    except CatalogueError:
        return None


def update(names: list[str] | None) -> list[Pulled]:
    """Pull every subscription (or those named), each on its own: one refused leaves the
    others applied."""
    from ivrcli.catalogue import subscriptions as subs

    with subs.locked():
        known = subs.names()
        for name in names or []:
            if name not in known:
                raise UsageError(_unknown(name, known))
        return [_update(name) for name in dict.fromkeys(names or known)]


def _unknown(name: str, known: list[str]) -> str:
    if not known:
        return f"no subscription named {name!r}: there are none (ivr catalogue subscribe URL)"
    return f"no subscription named {name!r}; there are: {', '.join(known)}"


def _update(name: str) -> Pulled:
    from ivrcli.catalogue import git
    from ivrcli.catalogue import subscriptions as subs
    from ivrcli.catalogue.pull import check, clone

    target = subs.directory(name)
    url = previous = None
    try:
        url = git.check_url(git.origin(target))
        previous = git.head(target)
        pull = clone(url, name)
        if pull.commit is not None and pull.commit == previous:
            subs.discard(pull.staging)
            return Pulled(
                name, git.redact(url), target, "unchanged", commit=previous, previous=previous
            )
        check(pull)
        try:
            changed = subs.number_changes(subs.companies(target), pull.companies, _below(name))
            subs.install(pull.staging, name)
            _discard_cache()
        finally:
            subs.discard(pull.staging)
    except (CatalogueError, UsageError) as exc:
        shown = git.redact(url) if url else None
        problems = exc.problems if isinstance(exc, CatalogueError) else []
        return Pulled(
            name,
            shown,
            target,
            "refused",
            commit=previous,
            previous=previous,
            problem=exc.message,
            problems=problems,
        )
    return Pulled(
        name,
        git.redact(url),
        target,
        "updated",
        commit=pull.commit,
        previous=previous,
        companies=len(pull.companies),
        changed=changed,
    )


def _below(name: str) -> Callable[[str], CompanyData | None]:
    """A company as the layers under subscription ``name`` give it: the bundled catalogue
    and the subscriptions before it (opened only when asked)."""
    import functools

    @functools.cache
    def opened() -> Catalogue | None:
        from ivrcli.catalogue import subscriptions as subs
        from ivrcli.catalogue.sources import open_catalogue
        from ivrcli.paths import bundled_catalogue

        try:
            return open_catalogue([bundled_catalogue(), *subs.active_files(before=name)])
        except CatalogueError:
            return None

    def find(company_id: str) -> CompanyData | None:
        catalogue = opened()
        index = None if catalogue is None else catalogue.find_id(company_id)
        return None if catalogue is None or index is None else catalogue[index]

    return find


def subscriptions() -> list[Subscription]:
    """Every subscription, by name."""
    from ivrcli.catalogue import subscriptions as subs

    return [_describe(name) for name in subs.names()]


def _describe(name: str) -> Subscription:
    from ivrcli.catalogue import git
    from ivrcli.catalogue import subscriptions as subs

    path = subs.directory(name)
    origin = _origin(path)
    return Subscription(name, git.redact(origin) if origin else None, path, git.head(path))


def unsubscribe(name: str) -> Subscription:
    """Stop using a subscription and delete its clone."""
    from ivrcli.catalogue import subscriptions as subs

    with subs.locked():
        known = subs.names()
        if name not in known:
            raise UsageError(_unknown(name, known))
        gone = _describe(name)
        subs.remove(name)
        _discard_cache()
    return gone


def _discard_cache() -> None:
    """The compiled catalogue is rebuilt after a subscription changes: renamed files can
    keep the size and, on a coarse filesystem clock, the mtime the cache is keyed by."""
    from ivrcli.catalogue.sources import discard_cache

    discard_cache()
