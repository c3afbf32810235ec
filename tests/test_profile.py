"""`ivr profile`: validated, private, atomic, never echoing secrets."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ivr


def profile_file(name: str = "default") -> Path:
    return Path(os.environ["IVR_HOME"]) / "profiles" / f"{name}.json"


def stored(name: str = "default") -> dict[str, str]:
    return json.loads(profile_file(name).read_text())["fields"]


@pytest.mark.parametrize(
    ("field", "value", "kept"),
    [
        ("id", "39337423", "039337423"),
        ("id", "039-337-423", "039337423"),
        ("phone", "050-2345678", "0502345678"),
        ("phone", "+972 50 234 5678", "0502345678"),
        ("card4", "4321", "4321"),
        ("pin", "007", "007"),
        ("home", "us", "US"),
        ("account", "12#*9", "12#*9"),
    ],
)
def test_set_normalises(field: str, value: str, kept: str) -> None:
    result = ivr("profile", "set", field, value)
    assert result.code == 0
    assert result.err == f"ivr: saved {field} in profile 'default'\n"
    assert value not in result.out
    assert stored()[field] == kept


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id", "123456789", "id: the check digit does not match; check the number on your ID card"),
        ("id", "12345678901", "id: an Israeli ID is up to 9 digits"),
        ("id", "12a", "id: an Israeli ID is up to 9 digits"),
        ("phone", "12", "phone: not a valid phone number for IL"),
        ("phone", "050-1234567", "phone: not a valid phone number for IL"),
        ("card4", "12a4", "card4: exactly the last 4 digits of the card"),
        ("card4", "12345", "card4: exactly the last 4 digits of the card"),
        ("pin", "12;4", "pin: digits only"),
        ("pin", "", "pin: digits only"),
        ("home", "XX", "home: an ISO 3166 country code like IL, US or GB"),
        ("account", "12a", "account: only digits, * and # (what a phone keypad can press)"),
    ],
)
def test_bad_value_is_refused_and_nothing_stored(field: str, value: str, message: str) -> None:
    ivr("profile", "set", "card4", "9999")
    before = profile_file().read_bytes()
    result = ivr("profile", "set", field, value)
    assert result.code == 2
    assert result.err == f"ivr: {message}\n"
    if value:
        assert value not in result.err
    assert profile_file().read_bytes() == before


def test_bad_field_name() -> None:
    result = ivr("profile", "set", "Bad Field", "1")
    assert result.code == 2
    assert result.err == "ivr: bad field name 'Bad Field': lowercase letters, digits and _\n"


def test_file_and_directory_are_private() -> None:
    ivr("profile", "set", "pin", "1234")
    assert stat.S_IMODE(profile_file().stat().st_mode) == 0o600
    assert stat.S_IMODE(profile_file().parent.stat().st_mode) == 0o700
    assert not [p for p in profile_file().parent.iterdir() if p.name.endswith(".tmp")]


def test_show_masks_unless_reveal() -> None:
    for field, value in [("id", "39337423"), ("card4", "4321"), ("pin", "98765")]:
        ivr("profile", "set", field, value)
    shown = ivr("profile", "show")
    assert shown.out == "card4  ••••\nid     039337423\npin    •••••\n"
    revealed = ivr("profile", "show", "--reveal")
    assert revealed.out == "card4  4321\nid     039337423\npin    98765\n"
    data = ivr("profile", "show", "--json").json()
    assert data["fields"] == {"card4": "4321", "id": "039337423", "pin": "98765"}
    assert data["profile"] == "default"


def test_secret_prompted_without_echo() -> None:
    result = ivr("profile", "set", "pin", input="4455\n")
    assert result.code == 0
    assert "4455" not in result.out + result.err
    assert stored()["pin"] == "4455"


def test_unset() -> None:
    ivr("profile", "set", "pin", "1234")
    ivr("profile", "set", "card4", "4321")
    assert ivr("profile", "unset", "pin").code == 0
    assert stored() == {"card4": "4321"}


def test_named_profiles_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    ivr("profile", "set", "id", "39337423", "--profile", "mom")
    assert stored("mom") == {"id": "039337423"}
    assert not profile_file().exists()
    monkeypatch.setenv("IVR_PROFILE", "mom")
    assert ivr("profile", "show").out == "id  039337423\n"
    assert ivr("profile", "show", "--profile", "bad name").code == 2


def test_phone_for_another_home_country() -> None:
    ivr("profile", "set", "home", "GB")
    ivr("profile", "set", "phone", "020 7946 0018")
    assert stored()["phone"] == "02079460018"


@pytest.mark.parametrize(
    "content", [b"{not json", b'{"fields": []}', b"\xff\xfe", b'{"fields": {"pin": 5}}']
)
def test_corrupt_profile_is_left_alone(content: bytes) -> None:
    path = profile_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    for args in (
        ("profile", "show"),
        ("profile", "set", "pin", "1234"),
        ("find", "bituach", "leumi"),
    ):
        result = ivr(*args)
        assert result.code == 1, args
        assert result.err.startswith(f"ivr: {path}: ")
        assert "left as it is" in result.err
        assert path.read_bytes() == content


def test_concurrent_writers_keep_every_field(tmp_path: Path) -> None:
    env = {**os.environ}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ivrcli", "profile", "set", f"field{i}", str(i)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for i in range(20)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    assert stored() == {f"field{i}": str(i) for i in range(20)}


def test_crash_between_write_and_rename_keeps_the_old_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from ivrcli import profile

    ivr("profile", "set", "pin", "1111")
    before = profile_file().read_bytes()

    def crash(tmp: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(profile, "_before_replace", crash)
    with pytest.raises(KeyboardInterrupt):
        profile.update("default", "pin", "2222")
    assert profile_file().read_bytes() == before
    assert [p.name for p in profile_file().parent.iterdir() if p.suffix == ".tmp"] == []


def test_unwritable_home_fails_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a regular file where IVR_HOME's parent should be: unwritable even for root
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("IVR_HOME", str(blocker / "home"))
    result = ivr("profile", "set", "pin", "1234")
    assert result.code == 1
    assert result.err.startswith("ivr: ")
    assert "cannot write profiles here" in result.err
    assert "1234" not in result.err
    # find still answers without a profile directory
    found = ivr("find", "bituach", "leumi")
    assert found.code == 0
