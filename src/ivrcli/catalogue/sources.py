"""Where the catalogue comes from: the active files, merging, the overlay, the cache.

:func:`open_catalogue` is the one way in: the compiled cache when it is fresh,
else every active file validated, merged and compiled (and cached).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from ivrcli.catalogue.compiled import Catalogue
from ivrcli.errors import CatalogueError
from ivrcli.model import CompanyData

if TYPE_CHECKING:  # validating imports pydantic: only when the cache cannot answer
    from ivrcli.catalogue.validate import Checked

#: sources at least this large take over a second to compile: worth a progress note
SLOW_BUILD_BYTES = 1024 * 1024


def open_catalogue(
    catalogue_files: list[Path] | None,
    use_cache: bool = True,
    progress: Callable[[], AbstractContextManager[object]] | None = None,
    observed: bool = True,
) -> Catalogue:
    """The active catalogue, the user's observations merged in (unless ``observed`` is
    False), from the compiled cache when it is fresh.

    ``progress`` wraps a slow first build (large sources) so the caller can
    show that something is happening.
    """
    from ivrcli.catalogue import cache
    from ivrcli.paths import observed_path

    paths, defaults = active_sources(catalogue_files)
    observations = observed_path() if observed else None
    # the observations file is a source of the cache like any other: its mtime keys it
    keyed = [*paths, observations] if observations is not None else paths
    if use_cache:
        cached = cache.read(keyed)
        if cached is not None:
            return cached
    size = sum(p.stat().st_size for p in paths if p.is_file())
    with progress() if progress and size >= SLOW_BUILD_BYTES else contextlib.nullcontext():
        companies, wanted = load(paths, defaults, observations)
    catalogue = Catalogue.from_companies(companies, wanted)
    if use_cache:
        cache.write(keyed, companies, catalogue)
    return catalogue


def discard_cache() -> None:
    """Remove every compiled cache file (derived data: the next command rebuilds it)."""
    from ivrcli.catalogue import cache

    cache.discard()


def active_sources(catalogue_files: list[Path] | None) -> tuple[list[Path], bool]:
    """The catalogue files in merge order, and whether they are the defaults.

    ``--catalogue`` wins over ``IVR_CATALOGUE``; either replaces the bundled
    file, the subscriptions and the user's ``catalogue.d`` overlay. The defaults,
    later winning by company id: bundled, each subscription's files (by name,
    then path), ``catalogue.d``.
    """
    if catalogue_files:
        return list(catalogue_files), False
    env = os.environ.get("IVR_CATALOGUE")
    if env:
        return [Path(p) for p in env.split(os.pathsep) if p], False
    from ivrcli.paths import bundled_catalogue, overlay_dir, subscriptions_dir

    files = [bundled_catalogue()]
    if subscriptions_dir().is_dir():  # the module costs an import only when there are some
        from ivrcli.catalogue.subscriptions import active_files

        files.extend(active_files())
    overlay = overlay_dir()
    if overlay.is_dir():
        files.extend(sorted(overlay.glob("*.yaml")) + sorted(overlay.glob("*.yml")))
    return files, True


def merge(
    checked: list[Checked], bundled: Path | None = None
) -> tuple[list[CompanyData], list[CompanyData]]:
    """Later files' companies (and wanted entries) replace earlier ones with the same id,
    keeping first position. Returns the companies and the wanted entries.

    With the defaults (``bundled`` given), a subscription's companies carry its name
    (``_subscription``) and the overlay's are ``_yours``.
    """
    from ivrcli.catalogue.subscriptions import owner

    merged: dict[str, CompanyData] = {}
    wanted: dict[str, CompanyData] = {}
    for result in checked:
        yours = bundled is not None and result.path != str(bundled)
        subscription = owner(Path(result.path)) if yours else None
        for company in result.companies:
            if subscription:
                company["_subscription"] = subscription
            elif yours:
                company["_yours"] = True
            merged[company["id"]] = company
        wanted.update((entry["id"], entry) for entry in result.wanted)
    return list(merged.values()), list(wanted.values())


def load(
    paths: list[Path], defaults: bool, observations: Path | None = None
) -> tuple[list[CompanyData], list[CompanyData]]:
    """Validate and merge ``paths``, then the observations; every problem of every file
    in one CatalogueError. Returns the companies and the wanted entries that no real
    company (bundled, overlay or observed) hides."""
    from ivrcli.catalogue.validate import check_file
    from ivrcli.paths import bundled_catalogue

    results = [check_file(p) for p in paths]
    problems = [p for r in results for p in r.problems]
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more: run ivr validate)" if len(problems) > 1 else ""
        raise CatalogueError(f"{first}{more}", problems)
    companies, wanted = merge(results, bundled_catalogue() if defaults else None)
    if observations is not None:
        from ivrcli.catalogue.observations import apply, read

        apply(companies, read(observations), str(observations))
    real = {c["id"] for c in companies}
    return companies, [w for w in wanted if w["id"] not in real]


def add_overlay(source: Path) -> tuple[Path, bool, int]:
    """Validate ``source`` and copy it atomically into ``catalogue.d``.

    Returns the target, whether it replaced a file of the same name, and its
    company count. An invalid file is refused with every problem, nothing copied.
    """
    import shutil
    import tempfile

    from ivrcli.catalogue.validate import check_file
    from ivrcli.paths import ensure_private_dir, overlay_dir

    checked = check_file(source, strict=True)
    if checked.problems:
        first = checked.problems[0]
        more = f" (and {len(checked.problems) - 1} more)" if len(checked.problems) > 1 else ""
        raise CatalogueError(f"{first}{more}; nothing was copied", checked.problems)
    folder = overlay_dir()
    name = source.name if source.suffix in (".yaml", ".yml") else f"{source.name}.yaml"
    target = folder / name
    replaced = target.exists()
    try:
        ensure_private_dir(folder)
        fd, tmp = tempfile.mkstemp(prefix=".add-", suffix=".yaml", dir=folder)
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out)
        os.replace(tmp, target)
    except OSError as exc:
        raise CatalogueError(f"{folder}: cannot write here ({exc.strerror})") from None
    return target, replaced, len(checked.companies)
