"""One pull of a community catalogue: cloned into a staging folder, checked, validated.

The commit's tree is checked before anything is checked out: a symbolic link
anywhere, or a path leading outside the clone, refuses the whole pull, and no
file is read. The files on disk are checked again after the checkout (git is
also told never to make symbolic links). Then every catalogue file must pass
every strict check. A refused pull is a :class:`CatalogueError` naming the file
(``file:line:col: message``, relative to the repository) and leaves nothing behind.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ivrcli.catalogue.subscriptions import discard, folder, is_catalogue
from ivrcli.errors import CatalogueError, Problem, StateError
from ivrcli.model import CompanyData

MODE_SYMLINK = "120000"


@dataclass
class Pull:
    """A clone in its staging folder (:func:`clone`), then checked and validated
    (:func:`check`), not yet in place."""

    staging: Path
    commit: str | None
    files: list[str] = field(default_factory=list)
    #: the companies of every catalogue file, later files winning by id
    companies: dict[str, CompanyData] = field(default_factory=dict)


def clone(url: str, name: str) -> Pull:
    """Clone ``url`` into a staging folder beside the subscription, nothing checked out
    yet; a failure leaves nothing behind."""
    import tempfile

    from ivrcli.catalogue import git

    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{name}.new-", dir=folder()))
    except OSError as exc:
        raise StateError(f"{folder()}: cannot write subscriptions here ({exc.strerror})") from None
    try:
        git.clone(url, staging)
        return Pull(staging, git.head(staging))
    except BaseException:
        discard(staging)
        raise


def check(pull: Pull) -> Pull:
    """Check the clone's tree, check it out, check the files, validate them; a refused
    pull is a :class:`CatalogueError` and its staging folder is gone."""
    from ivrcli.catalogue import git

    try:
        if pull.commit is not None:  # an empty repository has no tree
            _refuse([_tree_problem(mode, path) for mode, path in git.tree(pull.staging)])
            git.checkout(pull.staging)
        pull.files = _walk(pull.staging)
        if not pull.files:
            raise CatalogueError(
                "the repository holds no catalogue files (*.yaml outside hidden folders)"
            )
        pull.companies = _validate(pull.staging, pull.files)
        return pull
    except BaseException:
        discard(pull.staging)
        raise


def _tree_problem(mode: str, path: str) -> Problem | None:
    """What is wrong with one entry of the commit's tree, before it reaches the disk."""
    parts = PurePosixPath(path).parts
    if path.startswith("/") or any(p in (".", "..") or p.lower() == ".git" for p in parts):
        return _outside(path)
    if mode == MODE_SYMLINK:
        return _link(path)
    return None


def _outside(path: str) -> Problem:
    return Problem(path, 1, 1, "leads outside the repository: the pull is refused")


def _link(path: str) -> Problem:
    return Problem(
        path, 1, 1, "a symbolic link: only regular files are read, so the pull is refused"
    )


def _walk(root: Path) -> list[str]:
    """The catalogue files on disk (relative, sorted), after the same checks on the files."""
    real = root.resolve()
    found: list[str] = []
    problems: list[Problem | None] = []
    for top, dirs, files in os.walk(root):
        here = Path(top)
        if here == root and ".git" in dirs:
            dirs.remove(".git")
        for name in [*dirs, *files]:
            path = here / name
            rel = path.relative_to(root).as_posix()
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                problems.append(_link(rel))
            elif stat.S_ISREG(mode) and is_catalogue(name):
                if not path.resolve().is_relative_to(real):
                    problems.append(_outside(rel))
                elif not any(p.startswith(".") for p in PurePosixPath(rel).parts):
                    found.append(rel)
        dirs[:] = [d for d in dirs if not (here / d).is_symlink()]
    _refuse(problems)
    return sorted(found)


def _refuse(problems: list[Problem | None]) -> None:
    real = [p for p in problems if p is not None]
    if real:
        raise CatalogueError(summary(real), real)


def summary(problems: list[Problem]) -> str:
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{problems[0]}{more}"


def _validate(root: Path, files: list[str]) -> dict[str, CompanyData]:
    """Every file with every strict check; problems named relative to the repository."""
    from ivrcli.catalogue.validate import check_file

    companies: dict[str, CompanyData] = {}
    problems: list[Problem] = []
    for rel in files:
        checked = check_file(root / rel, strict=True)
        problems += [Problem(rel, p.line, p.column, p.message) for p in checked.problems]
        companies.update((c["id"], c) for c in checked.companies)
    _refuse(list(problems))
    return companies
