"""Community catalogues: ``ivr catalogue subscribe``, ``update``, ``subscriptions``,
``unsubscribe`` (issue 14), through the real CLI and a real git.

Every repository is made here, in ``tmp_path``: a bare repository and a working
clone that commits to it. Every company in them is FICTIONAL (555 numbers), a
format example and never a fact about a real company.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE, ivr
from ivrcli.catalogue import git as safe_git
from ivrcli.catalogue.pull import Pull, check
from ivrcli.catalogue.subscriptions import Change, default_name, number_changes
from ivrcli.errors import CatalogueError

GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C"}
#: the test's own git commands: no identity, signing or hooks from the machine
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
GIT += ["-c", "commit.gpgsign=false", "-c", f"core.hooksPath={os.devnull}"]


def shop(number: str = "+1 800 555 0199", cid: str = "example-shop", key: str = "name") -> str:
    """A catalogue file with one FICTIONAL company (``key``: misspell ``name`` to break it)."""
    return (
        "# FICTIONAL test data: a made-up company with a reserved 555 number\n"
        "version: 1\n"
        "companies:\n"
        f"  - id: {cid}\n"
        f"    {key}: Example Shop {cid[-1].upper()}\n"
        "    source: https://shop.example/contact\n"
        "    checked: 2026-11-20\n"
        "    lines:\n"
        "      - id: main\n"
        f'        number: "{number}"\n'
    )


class Repo:
    """A bare repository (what people subscribe to) and a clone that commits to it."""

    def __init__(self, root: Path, name: str = "shop") -> None:
        self.bare = root / f"{name}.git"
        self.work = root / f"{name}-work"
        self.url = f"file://{self.bare}"
        root.mkdir(parents=True, exist_ok=True)
        self.run("init", "--quiet", "--bare", "--initial-branch=main", str(self.bare))
        self.run("init", "--quiet", "--initial-branch=main", str(self.work))

    def run(self, *args: str, cwd: Path | None = None, input_: str | None = None) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | GIT_ENV
        done = subprocess.run(
            [*GIT, *args],
            cwd=cwd,
            env=env,
            input=input_,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def write(self, name: str, text: str) -> None:
        path = self.work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str = "change") -> None:
        self.run("add", "--all", cwd=self.work)
        self.run("commit", "--quiet", "--allow-empty", "-m", message, cwd=self.work)
        self.run("push", "--quiet", "--force", str(self.bare), "HEAD:main", cwd=self.work)

    def head(self) -> str:
        return self.run("rev-parse", "HEAD", cwd=self.work).strip()


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    made = Repo(tmp_path)
    made.write("companies.yaml", shop())
    made.commit("first")
    return made


def home() -> Path:
    return Path(os.environ["IVR_HOME"])


def subscriptions_dir() -> list[str]:
    folder = home() / "subscriptions"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def refused_line(name: str, problem: str) -> str:
    return f"ivr: {name}: refused, the previous files stay in use: {problem}\n"


# --------------------------------------------------------------------------- subscribe


def test_subscribe_by_file_url_then_find_and_show(repo: Repo) -> None:
    result = ivr("catalogue", "subscribe", repo.url)
    path = home() / "subscriptions" / "shop"
    assert (result.code, result.out) == (0, "")
    assert result.err == f"ivr: shop: subscribed to {repo.url} (1 company) in {path}\n"
    assert (path / "companies.yaml").read_text(encoding="utf-8") == shop()
    assert ivr("find", "example", "shop").out == "+18005550199\n"
    shown = ivr("show", "example-shop", "--human")
    assert shown.out.splitlines()[0] == "Example Shop P (example-shop) — from subscription shop"
    data = ivr("show", "example-shop", "--json").json()
    assert (data["yours"], data["subscription"]) == (False, "shop")
    assert "_subscription" not in data["company"]


def test_subscribe_by_local_path_names_it_after_the_path(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo.bare.parent)
    result = ivr("catalogue", "subscribe", "shop.git/", "--name", "local-shop")
    path = home() / "subscriptions" / "local-shop"
    assert result.err == f"ivr: local-shop: subscribed to {repo.bare} (1 company) in {path}\n"
    assert result.code == 0
    # the default name is the path's last part without .git, as a slug
    assert ivr("catalogue", "subscribe", str(repo.bare)).err.startswith("ivr: shop: subscribed")
    assert subscriptions_dir() == [".lock", "local-shop", "shop"]


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://example.invalid/org/ivr-catalogue.git", "ivr-catalogue"),
        ("ssh://git@example.invalid:2222/org/Israel_Extra.git/", "israel-extra"),
        ("git://example.invalid/catalogues/community", "community"),
        ("/srv/repos/My Catalogue.git", "my-catalogue"),
    ],
)
def test_the_default_name_comes_from_the_url(url: str, name: str) -> None:
    assert default_name(url) == name


def test_subscribe_reads_yaml_files_in_subfolders_but_not_hidden_ones(
    tmp_path: Path,
) -> None:
    made = Repo(tmp_path, "nested")
    made.write("il/a.yaml", shop("+1 800 555 0101", "example-shop-a"))
    made.write("us/b.yml", shop("+1 800 555 0102", "example-shop-b"))
    made.write(".github/workflows/ci.yml", "on: push\njobs: {}\n")
    made.write("README.md", "A fictional community catalogue.\n")
    made.commit()
    result = ivr("catalogue", "subscribe", made.url)
    assert result.code == 0, result.err
    assert "(2 companies)" in result.err
    assert ivr("find", "example", "shop", "b").out == "+18005550102\n"
    files = ivr("validate", "--json").json()["files"]
    folder = home() / "subscriptions" / "nested"
    assert files[1:] == [str(folder / "il" / "a.yaml"), str(folder / "us" / "b.yml")]


def test_subscribe_twice_under_one_name_is_a_usage_error(repo: Repo, tmp_path: Path) -> None:
    assert ivr("catalogue", "subscribe", repo.url).code == 0
    again = ivr("catalogue", "subscribe", repo.url)
    assert (again.code, again.out) == (2, "")
    assert again.err == (
        f"ivr: already subscribed to {repo.url} as 'shop': ivr catalogue update shop pulls it\n"
    )
    other = Repo(tmp_path / "elsewhere")
    other.write("c.yaml", shop("+1 800 555 0111"))
    other.commit()
    clash = ivr("catalogue", "subscribe", other.url)
    assert clash.code == 2
    assert clash.err == (
        "ivr: a subscription named 'shop' already exists: choose another with --name, "
        "or drop it with ivr catalogue unsubscribe shop\n"
    )
    assert ivr("catalogue", "subscribe", other.url, "--name", "Bad Name").code == 2
    assert ivr("find", "example", "shop").out == "+18005550199\n"


def test_a_subscription_that_changes_a_known_number_says_so(repo: Repo, tmp_path: Path) -> None:
    assert ivr("catalogue", "subscribe", repo.url, "--name", "aaa").code == 0
    later = Repo(tmp_path / "later", "bbb")
    later.write("companies.yaml", shop("+1 800 555 0142"))
    later.commit()
    result = ivr("catalogue", "subscribe", later.url)
    assert result.code == 0
    assert result.err.splitlines()[1:] == [
        "ivr: bbb: example-shop/main: +1 800 555 0199 → +1 800 555 0142"
    ]
    # load order: subscriptions by name, the later one wins
    assert ivr("find", "example", "shop").out == "+18005550142\n"


def test_a_subscription_over_a_bundled_company_names_the_number_it_replaces(
    tmp_path: Path,
) -> None:
    bundled = ivr("find", "bezeq").out.strip()
    made = Repo(tmp_path, "override")
    made.write("bezeq.yaml", shop("03-555-0100", "bezeq"))
    made.commit()
    result = ivr("catalogue", "subscribe", made.url)
    assert result.code == 0
    assert f"ivr: override: bezeq/main: {bundled} → 03-555-0100" in result.err.splitlines()
    assert ivr("find", "bezeq").out == "035550100\n"


# --------------------------------------------------------------------------- update


def test_update_applies_a_new_number_and_names_it(repo: Repo) -> None:
    assert ivr("catalogue", "subscribe", repo.url).code == 0
    first = repo.head()
    assert ivr("find", "example", "shop").out == "+18005550199\n"  # cached from here on
    repo.write("companies.yaml", shop("+1 800 555 0142"))
    repo.commit("new number")
    result = ivr("catalogue", "update")
    assert (result.code, result.out) == (0, "")
    assert result.err == (
        f"ivr: shop: updated {first[:10]} → {repo.head()[:10]} (1 company)\n"
        "ivr: shop: example-shop/main: +1 800 555 0199 → +1 800 555 0142\n"
    )
    assert ivr("find", "example", "shop").out == "+18005550142\n"
    again = ivr("catalogue", "update")
    assert (again.code, again.err) == (0, f"ivr: shop: unchanged ({repo.head()[:10]})\n")
    assert subscriptions_dir() == [".lock", "shop"]


def test_the_cache_follows_an_update_even_with_the_same_size_and_mtime(repo: Repo) -> None:
    assert ivr("catalogue", "subscribe", repo.url).code == 0
    file = home() / "subscriptions" / "shop" / "companies.yaml"
    before = file.stat()
    assert ivr("find", "example", "shop").out == "+18005550199\n"
    repo.write("companies.yaml", shop("+1 800 555 0198"))  # the same size
    repo.commit()
    assert ivr("catalogue", "update").code == 0
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert file.stat().st_size == before.st_size
    assert ivr("find", "example", "shop").out == "+18005550198\n"


def test_an_invalid_update_is_refused_and_the_previous_files_stay(repo: Repo) -> None:
    assert ivr("catalogue", "subscribe", repo.url).code == 0
    repo.write("companies.yaml", shop("+1 800 555 0142", key="nmae"))
    repo.commit("typo")
    result = ivr("catalogue", "update")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        refused_line(
            "shop",
            "companies.yaml:4:5: missing required key 'name' (and 1 more)",
        )
        + "ivr: 1 of 1 pull(s) refused; their previous files stay in use\n"
    )
    assert ivr("find", "example", "shop").out == "+18005550199\n"
    assert subscriptions_dir() == [".lock", "shop"]  # no staging folder left behind


def test_one_refused_pull_leaves_the_others_applied(repo: Repo, tmp_path: Path) -> None:
    good = Repo(tmp_path / "good", "good")
    good.write("good.yaml", shop("+1 800 555 0121", "example-shop-g"))
    good.commit()
    assert ivr("catalogue", "subscribe", repo.url).code == 0
    assert ivr("catalogue", "subscribe", good.url).code == 0
    repo.write("companies.yaml", "version: 1\ncompanies: [\n")
    repo.commit("broken")
    good.write("good.yaml", shop("+1 800 555 0122", "example-shop-g"))
    good.commit()
    result = ivr("catalogue", "update", "--json")
    assert (result.code, result.err) == (1, "")
    rows = {row["name"]: row for row in result.json()["subscriptions"]}
    assert rows["good"]["status"] == "updated"
    assert rows["good"]["changed"] == [
        {
            "company": "example-shop-g",
            "line": "main",
            "old": "+1 800 555 0121",
            "new": "+1 800 555 0122",
        }
    ]
    assert rows["shop"]["status"] == "refused"
    assert rows["shop"]["problem"].startswith("companies.yaml:")
    assert rows["shop"]["problems"][0]["file"] == "companies.yaml"
    assert ivr("find", "example", "shop", "g").out == "+18005550122\n"
    assert ivr("find", "example", "shop", "p").out == "+18005550199\n"


def test_update_only_the_named_subscriptions(repo: Repo) -> None:
    assert ivr("catalogue", "subscribe", repo.url).code == 0
    unknown = ivr("catalogue", "update", "nope")
    assert (unknown.code, unknown.err) == (
        2,
        "ivr: no subscription named 'nope'; there are: shop\n",
    )
    named = ivr("catalogue", "update", "shop", "shop")
    assert (named.code, named.err) == (0, f"ivr: shop: unchanged ({repo.head()[:10]})\n")


def test_update_with_no_subscriptions_says_so() -> None:
    result = ivr("catalogue", "update")
    assert (result.code, result.out) == (0, "")
    assert result.err == "ivr: no subscriptions: add one with ivr catalogue subscribe URL\n"
    as_json = ivr("catalogue", "update", "--json")
    assert (as_json.code, as_json.err, as_json.json()) == (
        0,
        "",
        {"version": 1, "subscriptions": []},
    )


def test_a_removed_repository_is_refused_and_the_files_stay(repo: Repo) -> None:
    assert ivr("catalogue", "subscribe", repo.url).code == 0
    repo.bare.rename(repo.bare.with_name("moved.git"))
    result = ivr("catalogue", "update")
    assert result.code == 1
    assert result.err.startswith("ivr: shop: refused, the previous files stay in use: git clone")
    assert ivr("find", "example", "shop").out == "+18005550199\n"


def test_an_interrupted_update_is_cleaned_up_by_the_next_one(repo: Repo) -> None:
    assert ivr("catalogue", "subscribe", repo.url).code == 0
    folder = home() / "subscriptions"
    (folder / "shop").rename(folder / ".shop.old-1a2b")  # stopped between the two renames
    (folder / ".shop.new-3c4d").mkdir()  # and a staging folder never finished
    result = ivr("catalogue", "update")
    assert (result.code, result.err) == (0, f"ivr: shop: unchanged ({repo.head()[:10]})\n")
    assert subscriptions_dir() == [".lock", "shop"]


# --------------------------------------------------------------------------- refused pulls


def outside_catalogue(tmp_path: Path) -> Path:
    """A valid catalogue file outside every clone: a symlink's target, never to be read."""
    target = tmp_path / "outside" / "stolen.yaml"
    target.parent.mkdir()
    target.write_text(shop("+1 800 555 0166", "example-stolen"), encoding="utf-8")
    return target


@pytest.mark.parametrize("link", ["stolen.yaml", "notes.txt", "more"])
def test_a_symlink_anywhere_refuses_the_subscription(tmp_path: Path, link: str) -> None:
    target = outside_catalogue(tmp_path)
    made = Repo(tmp_path, "linked")
    made.write("companies.yaml", shop())
    (made.work / link).symlink_to(target.parent if link == "more" else target)
    made.commit()
    result = ivr("catalogue", "subscribe", made.url)
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"ivr: {link}:1:1: a symbolic link: only regular files are read, so the pull is "
        "refused; nothing was subscribed\n"
    )
    assert subscriptions_dir() == [".lock"]
    assert ivr("find", "example", "stolen").code == 3
    assert ivr("find", "example", "shop").code == 3


def test_a_symlink_in_an_update_is_refused_and_its_target_never_read(
    repo: Repo, tmp_path: Path
) -> None:
    assert ivr("catalogue", "subscribe", repo.url).code == 0
    target = outside_catalogue(tmp_path)
    (repo.work / "stolen.yaml").symlink_to(target)
    repo.write("companies.yaml", shop("+1 800 555 0142"))
    repo.commit("a link")
    result = ivr("catalogue", "update", "--json")
    assert (result.code, result.err) == (1, "")
    row = result.json()["subscriptions"][0]
    assert row["status"] == "refused"
    assert row["problem"] == (
        "stolen.yaml:1:1: a symbolic link: only regular files are read, so the pull is refused"
    )
    assert "0166" not in result.out
    assert ivr("find", "example", "stolen").code == 3
    assert ivr("find", "example", "shop").out == "+18005550199\n"  # the previous files


def test_the_files_are_checked_again_on_disk(tmp_path: Path) -> None:
    """Were git ever to make a symbolic link, the walk over the files still refuses it."""
    staging = tmp_path / "staging"
    staging.mkdir()
    (staging / "ok.yaml").write_text(shop(), encoding="utf-8")
    (staging / "stolen.yaml").symlink_to(outside_catalogue(tmp_path))
    with pytest.raises(CatalogueError) as caught:
        check(Pull(staging, None))
    assert caught.value.message == (
        "stolen.yaml:1:1: a symbolic link: only regular files are read, so the pull is refused"
    )
    assert not staging.exists()


def test_a_path_leading_outside_the_clone_is_refused(tmp_path: Path) -> None:
    made = Repo(tmp_path, "dotdot")
    made.write("companies.yaml", shop())
    made.commit()
    # a tree holding a ".." entry, as only a hand-made (hostile) commit can
    blob = made.run("hash-object", "-w", "companies.yaml", cwd=made.work).strip()
    inner = made.run("mktree", cwd=made.work, input_=f"100644 blob {blob}\tstolen.yaml\n")
    outer = made.run("mktree", cwd=made.work, input_=f"040000 tree {inner.strip()}\t..\n")
    commit = made.run("commit-tree", outer.strip(), "-m", "escape", cwd=made.work).strip()
    made.run(
        "push", "--quiet", "--force", str(made.bare), f"{commit}:refs/heads/main", cwd=made.work
    )
    result = ivr("catalogue", "subscribe", made.url)
    assert (result.code, result.out) == (1, "")
    assert result.err.startswith("ivr: git clone failed: ")
    assert "'..'" in result.err
    assert result.err.endswith("; nothing was subscribed\n")
    assert subscriptions_dir() == [".lock"]


def test_an_empty_repository_or_one_without_catalogue_files_is_refused(tmp_path: Path) -> None:
    empty = Repo(tmp_path, "empty")
    result = ivr("catalogue", "subscribe", empty.url)
    assert (result.code, result.err) == (
        1,
        "ivr: the repository holds no catalogue files (*.yaml outside hidden folders); "
        "nothing was subscribed\n",
    )
    empty.write("README.md", "nothing yet\n")
    empty.commit()
    assert ivr("catalogue", "subscribe", empty.url).err == result.err
    assert subscriptions_dir() == [".lock"]


def test_a_url_that_is_not_a_repository_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    result = ivr("catalogue", "subscribe", str(plain))
    assert (result.code, result.out) == (1, "")
    assert result.err.startswith("ivr: git clone failed: ")
    assert result.err.endswith("; nothing was subscribed\n")
    missing = ivr("catalogue", "subscribe", f"file://{tmp_path}/nowhere.git", "--json")
    assert (missing.code, missing.err) == (1, "")
    assert missing.json()["error"]["message"].startswith("git clone failed: ")
    assert subscriptions_dir() == [".lock"]


# --------------------------------------------------------------------------- URLs and git


@pytest.fixture
def recording_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake ``git`` first on PATH: it records its arguments and fails."""
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    record = tmp_path / "git-argv"
    fake = bin_dir / "git"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{record}"\nexit 1\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return record


@pytest.mark.parametrize(
    "url",
    [
        "ext::sh -c touch% /tmp/ivr-pwned",
        "fd::17",
        "transport::https://example.invalid/x.git",
        "https://example.invalid/a::b.git",
        "http://example.invalid/x.git",
        "ftp://example.invalid/x.git",
        "HTTP://example.invalid/x.git",
        "-uhelp",
        "--upload-pack=touch /tmp/ivr-pwned",
        "git@example.invalid:org/x.git",
        "https:///no-host.git",
        "/no/such/directory",
        "",
        "https://example.invalid/x\n.git",
    ],
)
def test_bad_urls_are_refused_before_git_runs(recording_git: Path, url: str) -> None:
    result = ivr("catalogue", "subscribe", "--name", "x", "--", url)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("ivr: ")
    assert len(result.err.splitlines()) == 1
    assert not recording_git.exists()
    assert not (home() / "subscriptions" / "x").exists()


def test_a_bad_url_in_json_mode_is_a_json_error(recording_git: Path) -> None:
    result = ivr("catalogue", "subscribe", "ext::sh", "--json")
    assert (result.code, result.err) == (2, "")
    data = result.json()
    assert data["version"] == 1
    assert data["error"]["code"] == 2
    assert "ext::" in data["error"]["message"]
    assert not recording_git.exists()


def test_git_runs_with_hooks_prompts_and_foreign_config_off(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "wrap-bin"
    bin_dir.mkdir()
    record = tmp_path / "wrapped"
    real = shutil.which("git")
    wrapper = bin_dir / "git"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" >> "{record}.argv"\n'
        f'env >> "{record}.env"\n'
        f'exec "{real}" "$@"\n'
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    # what a user's own environment and configuration might hold: none of it applies
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    marker = tmp_path / "hook-ran"
    for hook in ("post-checkout", "post-merge", "reference-transaction"):
        (hooks / hook).write_text(f"#!/bin/sh\ntouch {marker}\n")
        (hooks / hook).chmod(0o755)
    config = tmp_path / "user.gitconfig"
    config.write_text(f"[core]\n\thooksPath = {hooks}\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere"))
    assert ivr("catalogue", "subscribe", repo.url).code == 0
    assert not marker.exists()
    argv = (tmp_path / "wrapped.argv").read_text().splitlines()
    for setting in (
        f"core.hooksPath={os.devnull}",
        "protocol.allow=never",
        "protocol.https.allow=always",
        "protocol.ssh.allow=always",
        "protocol.git.allow=always",
        "protocol.file.allow=always",
    ):
        assert setting in argv
    separator = argv.index("--", argv.index("clone"))
    assert argv[separator + 1] == repo.url
    env = (tmp_path / "wrapped.env").read_text().splitlines()
    for variable in (
        "GIT_TERMINAL_PROMPT=0",
        "GIT_ASKPASS=true",
        "SSH_ASKPASS=true",
        "GIT_SSH_COMMAND=ssh -oBatchMode=yes",
        "GIT_CONFIG_NOSYSTEM=1",
        f"GIT_CONFIG_GLOBAL={os.devnull}",
    ):
        assert variable in env
    assert not any(line.startswith("GIT_DIR=") for line in env)


def test_git_missing_is_one_clear_line(repo: Repo, tmp_path: Path) -> None:
    assert ivr("catalogue", "subscribe", repo.url).code == 0
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    no_git = {"PATH": str(empty)}
    message = "ivr: git is not installed (or not on PATH): subscriptions need it; install git\n"
    for args in (("subscribe", repo.url, "--name", "two"), ("update",), ("subscriptions",)):
        result = ivr("catalogue", *args, env=no_git)
        assert (result.code, result.out, result.err) == (1, "", message)
    as_json = ivr("catalogue", "update", "--json", env=no_git)
    assert (as_json.code, as_json.err) == (1, "")
    assert as_json.json()["error"]["message"] == message[5:-1]
    # finding needs no git
    assert ivr("find", "example", "shop", env=no_git).out == "+18005550199\n"


def test_a_git_that_hangs_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo: Repo
) -> None:
    bin_dir = tmp_path / "slow-bin"
    bin_dir.mkdir()
    slow = bin_dir / "git"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(safe_git, "CLONE_TIMEOUT", 0.5)
    started = time.monotonic()
    result = ivr("catalogue", "subscribe", repo.url)
    assert time.monotonic() - started < 10
    assert (result.code, result.err) == (
        1,
        "ivr: git clone took over 0.5 s and was stopped; nothing was subscribed\n",
    )
    assert subscriptions_dir() == [".lock"]


def test_ctrl_c_stops_git_and_leaves_nothing(tmp_path: Path, repo: Repo) -> None:
    bin_dir = tmp_path / "slow-bin"
    bin_dir.mkdir()
    pid_file = tmp_path / "git-pid"
    slow = bin_dir / "git"
    slow.write_text(f'#!/bin/sh\necho $$ > "{pid_file}"\nexec sleep 30\n')
    slow.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ivrcli", "catalogue", "subscribe", repo.url],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while not pid_file.exists() or not pid_file.read_text().strip():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert (proc.returncode, out, err) == (130, "", "ivr: interrupted\n")
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)
    assert subscriptions_dir() == [".lock"]


def test_a_password_in_the_url_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    # port 9 (discard) on this machine: refused at once, no network needed
    result = ivr("catalogue", "subscribe", "https://someone:s3cr3t@127.0.0.1:9/x.git", "--json")
    assert result.code == 1
    assert "s3cr3t" not in result.out + result.err
    assert safe_git.redact("https://someone:s3cr3t@host/x.git") == "https://someone:***@host/x.git"
    assert safe_git.redact("https://ghp_token@host/x.git") == "https://***@host/x.git"
    assert safe_git.redact("ssh://git@host/x.git") == "ssh://git@host/x.git"


# --------------------------------------------------------------------------- load order


def test_your_own_files_win_over_a_subscription(repo: Repo, tmp_path: Path) -> None:
    assert ivr("catalogue", "subscribe", repo.url).code == 0
    mine = tmp_path / "mine.yaml"
    mine.write_text(shop("+1 800 555 0177"), encoding="utf-8")
    assert ivr("catalogue", "add", str(mine)).code == 0
    assert ivr("find", "example", "shop").out == "+18005550177\n"
    header = ivr("show", "example-shop", "--human").out.splitlines()[0]
    assert header == "Example Shop P (example-shop) — yours"


def test_catalogue_and_its_variable_replace_the_subscriptions(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ivr("catalogue", "subscribe", repo.url).code == 0
    assert ivr("find", "example", "shop", "--catalogue", str(EXAMPLE)).code == 3
    monkeypatch.setenv("IVR_CATALOGUE", str(EXAMPLE))
    assert ivr("find", "example", "shop").code == 3
    assert ivr("find", "example", "cable").out == "*1234\n"


# --------------------------------------------------------------------------- list, unsubscribe


def test_subscriptions_lists_them_and_unsubscribe_drops_one(repo: Repo) -> None:
    empty = ivr("catalogue", "subscriptions")
    assert (empty.code, empty.out) == (0, "")
    assert empty.err == "ivr: no subscriptions: add one with ivr catalogue subscribe URL\n"
    assert ivr("catalogue", "subscribe", repo.url).code == 0
    path = home() / "subscriptions" / "shop"
    listed = ivr("catalogue", "subscriptions")
    assert (listed.code, listed.out, listed.err) == (
        0,
        f"shop\t{repo.url}\t{repo.head()[:10]}\n",
        "",
    )
    data = ivr("catalogue", "subscriptions", "--json").json()
    row = {"name": "shop", "url": repo.url, "path": str(path), "commit": repo.head()}
    assert data == {"version": 1, "subscriptions": [row]}
    gone = ivr("catalogue", "unsubscribe", "shop", "--json")
    assert (gone.code, gone.err) == (0, "")
    assert gone.json() == {"version": 1, "unsubscribed": row}
    assert not path.exists()
    assert ivr("find", "example", "shop").code == 3
    again = ivr("catalogue", "unsubscribe", "shop")
    assert (again.code, again.err) == (
        2,
        "ivr: no subscription named 'shop': there are none (ivr catalogue subscribe URL)\n",
    )


def test_unsubscribe_says_what_it_removed(repo: Repo) -> None:
    assert ivr("catalogue", "subscribe", repo.url).code == 0
    path = home() / "subscriptions" / "shop"
    result = ivr("catalogue", "unsubscribe", "shop")
    assert (result.code, result.out) == (0, "")
    assert result.err == f"ivr: shop: unsubscribed from {repo.url}; deleted {path}\n"


# --------------------------------------------------------------------------- JSON


def test_subscribe_and_update_in_json(repo: Repo) -> None:
    result = ivr("catalogue", "subscribe", repo.url, "--json")
    assert (result.code, result.err) == (0, "")
    path = str(home() / "subscriptions" / "shop")
    first = repo.head()
    assert result.json() == {
        "version": 1,
        "subscribed": {
            "name": "shop",
            "url": repo.url,
            "path": path,
            "status": "subscribed",
            "commit": first,
            "previous": None,
            "companies": 1,
            "changed": [],
            "problem": None,
            "problems": [],
        },
    }
    repo.write("companies.yaml", shop("+1 800 555 0142"))
    repo.commit()
    updated = ivr("catalogue", "update", "--json")
    assert (updated.code, updated.err) == (0, "")
    assert json.loads(updated.out)["subscriptions"] == [
        {
            "name": "shop",
            "url": repo.url,
            "path": path,
            "status": "updated",
            "commit": repo.head(),
            "previous": first,
            "companies": 1,
            "changed": [
                {
                    "company": "example-shop",
                    "line": "main",
                    "old": "+1 800 555 0199",
                    "new": "+1 800 555 0142",
                }
            ],
            "problem": None,
            "problems": [],
        }
    ]


def test_a_refused_subscription_in_json_carries_the_problems(tmp_path: Path) -> None:
    made = Repo(tmp_path, "broken")
    made.write("companies.yaml", shop(key="nmae"))
    made.commit()
    result = ivr("catalogue", "subscribe", made.url, "--json")
    assert (result.code, result.err) == (1, "")
    error = result.json()["error"]
    assert error["code"] == 1
    assert error["message"] == (
        "companies.yaml:4:5: missing required key 'name' (and 1 more); nothing was subscribed"
    )
    assert [p["file"] for p in error["problems"]] == ["companies.yaml", "companies.yaml"]


# --------------------------------------------------------------------------- numbers


def test_number_changes_name_added_removed_and_changed_lines() -> None:
    def company(*lines: tuple[str, str]) -> dict[str, object]:
        return {"id": "example-co", "lines": [{"id": i, "number": n} for i, n in lines]}

    before = {"example-co": company(("main", "03-555-0101"), ("night", "03-555-0102"))}
    after = {"example-co": company(("main", "03 555 0101"), ("sales", "03-555-0103"))}
    assert number_changes(before, after, lambda cid: None) == [
        Change("example-co", "night", "03-555-0102", None),
        Change("example-co", "sales", None, "03-555-0103"),
    ]
    # a company dropped from the subscription falls back to the layers below it
    below = company(("main", "03-555-0199"))
    assert number_changes(before, {}, lambda cid: below)[0] == Change(
        "example-co", "main", "03-555-0101", "03-555-0199"
    )


def test_subscriptions_are_private(repo: Repo) -> None:
    assert ivr("catalogue", "subscribe", repo.url).code == 0
    folder = home() / "subscriptions"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "shop").stat().st_mode) == 0o700
