"""git, run safely: which URLs are accepted, and every git command ivr ever runs.

git runs through :mod:`subprocess` with a fixed argument list (no shell), the
user's and the system's git configuration ignored, hooks off, no prompt for a
password, only the https, ssh, git and file transports, and a timeout on every
call (the whole process group is killed when it passes). A URL is checked
before git sees it: ``ext::`` and the other ``transport::address`` forms,
options in disguise (a leading ``-``) and unknown schemes never reach git.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
from pathlib import Path
from urllib.parse import urlsplit

from ivrcli.errors import CatalogueError, IvrError, UsageError

SCHEMES = ("https", "ssh", "git", "file")
#: seconds: a clone goes over the network; the other commands read the clone only
CLONE_TIMEOUT = 180.0
LOCAL_TIMEOUT = 60.0

#: before every subcommand: no hooks, no symlinks on disk, objects checked, four transports
SAFE_CONFIG = (
    f"core.hooksPath={os.devnull}",
    "core.symlinks=false",
    "core.fsmonitor=false",
    "transfer.fsckObjects=true",
    "protocol.allow=never",
    *(f"protocol.{scheme}.allow=always" for scheme in SCHEMES),
)
#: what git is told about the terminal, passwords, ssh and configuration files
SAFE_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_ASKPASS": "true",
    "SSH_ASKPASS": "true",
    "SSH_ASKPASS_REQUIRE": "never",
    "GIT_SSH_COMMAND": "ssh -oBatchMode=yes",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "LC_ALL": "C",
}


def check_url(url: str) -> str:
    """The URL git may fetch: an allowed scheme, or a local directory (made absolute).

    Anything else is a :class:`UsageError` that names what is wrong; git never sees it.
    """
    shown = redact(url)
    if not url.strip():
        raise UsageError("the repository URL is empty")
    if any(ord(c) < 32 or ord(c) == 127 for c in url):
        raise UsageError("the repository URL holds control characters")
    if url.startswith("-"):
        raise UsageError(f"{shown!r} is not a repository URL (it starts with '-')")
    if "::" in url:
        raise UsageError(
            f"{shown!r}: git transports written TRANSPORT::ADDRESS (ext::, fd::...) are refused; "
            f"use an {_allowed()} URL or a local directory"
        )
    scheme = _scheme(url)
    if scheme is not None:
        if scheme not in SCHEMES:
            raise UsageError(f"{shown!r}: {scheme}:// is not accepted; use {_allowed()}")
        parts = urlsplit(url)
        if scheme != "file" and not parts.hostname:
            raise UsageError(f"{shown!r} names no host")
        if scheme == "file" and not parts.path:
            raise UsageError(f"{shown!r} names no directory")
        return url
    path = Path(url).expanduser()
    if not path.is_dir():
        hint = ""
        if re.match(r"^[\w.-]+@[\w.-]+:", url):
            hint = f"; write ssh://{url.replace(':', '/', 1)} for ssh"
        raise UsageError(
            f"{shown!r} is neither an {_allowed()} URL nor an existing directory{hint}"
        )
    return str(path.resolve())


def _allowed() -> str:
    return ", ".join(f"{s}://" for s in SCHEMES)


def _scheme(url: str) -> str | None:
    found = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", url)
    return found.group(1).lower() if found else None


def redact(url: str) -> str:
    """The URL as shown to people: a password, or an https user (often a token), hidden."""
    found = _USERINFO.match(url)
    if not found:
        return url
    prefix, userinfo = found.group(1), found.group(2)
    if ":" in userinfo:
        userinfo = userinfo.split(":", 1)[0] + ":***"
    elif prefix[:-3].lower() not in ("ssh", "git"):
        userinfo = "***"
    return f"{prefix}{userinfo}@{url[found.end() :]}"


_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)@")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(SAFE_ENV)
    return env


def git(*args: str, timeout: float = LOCAL_TIMEOUT) -> bytes:
    """Run ``git ARGS`` safely; its stdout. A failure is a :class:`CatalogueError`
    carrying the cause git gives (URLs redacted); git missing is an :class:`IvrError`."""
    import shutil
    import subprocess

    exe = shutil.which("git")
    if exe is None:
        raise IvrError(_MISSING)
    argv = [exe]
    for setting in SAFE_CONFIG:
        argv += ["-c", setting]
    argv += args
    try:
        proc = subprocess.Popen(  # a fixed argument list, no shell
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_environment(),
            start_new_session=True,
        )
    except FileNotFoundError:
        raise IvrError(_MISSING) from None
    except OSError as exc:
        raise IvrError(f"cannot run git: {exc.strerror or exc}") from None
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc.pid)
        proc.communicate()
        raise CatalogueError(f"git {args[0]} took over {timeout:g} s and was stopped") from None
    except BaseException:  # Ctrl-C: git is in its own session, so it must be stopped here
        _kill(proc.pid)
        proc.wait()
        raise
    if proc.returncode != 0:
        raise CatalogueError(f"git {args[0]} failed: {_complaint(err)}")
    return out


_MISSING = "git is not installed (or not on PATH): subscriptions need it; install git"


def _kill(pid: int) -> None:
    with contextlib.suppress(OSError):  # it ended on its own meanwhile
        os.killpg(pid, signal.SIGKILL)


def _complaint(err: bytes) -> str:
    """git's first ``fatal:``/``error:`` line (the cause; later ones are consequences),
    else its last line, every URL in it redacted."""
    lines = [x.strip() for x in err.decode("utf-8", "replace").splitlines() if x.strip()]
    worst = [x for x in lines if x.startswith(("fatal:", "error:"))]
    text = worst[0].split(":", 1)[1].strip() if worst else (lines[-1] if lines else "no reason")
    return _URL.sub(lambda m: redact(m.group(0)), text)[:300]


def clone(url: str, target: Path) -> None:
    """A shallow clone of ``url``'s default branch into the empty ``target``, files not yet
    checked out (the tree is checked first)."""
    git(
        "clone",
        "--quiet",
        "--depth=1",
        "--no-local",
        "--no-checkout",
        "--no-tags",
        "--",
        url,
        str(target),
        timeout=CLONE_TIMEOUT,
    )


def head(clone_dir: Path) -> str | None:
    """The commit HEAD names, None for an empty repository."""
    try:
        return (
            git("-C", str(clone_dir), "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
            .decode("ascii", "replace")
            .strip()
            or None
        )
    except CatalogueError:
        return None


def tree(clone_dir: Path) -> list[tuple[str, str]]:
    """Every entry of the commit's tree: (mode, path), as git stores them."""
    out = git("-C", str(clone_dir), "ls-tree", "-r", "-z", "--full-tree", "HEAD")
    entries = []
    for record in out.split(b"\0"):
        if record:
            meta, _, name = record.partition(b"\t")
            entries.append((meta.split(b" ", 1)[0].decode("ascii", "replace"), os.fsdecode(name)))
    return entries


def checkout(clone_dir: Path) -> None:
    git("-C", str(clone_dir), "checkout", "--quiet", "--force", "HEAD")


def origin(clone_dir: Path) -> str:
    """The URL a subscription was cloned from."""
    return (
        git("-C", str(clone_dir), "remote", "get-url", "origin").decode("utf-8", "replace").strip()
    )
