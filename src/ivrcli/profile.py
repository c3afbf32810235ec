"""The user's identifiers, one JSON file per named profile.

Files live under ``IVR_HOME`` (``profiles/NAME.json``), mode 0600 in a 0700
directory. Every write takes an exclusive lock, re-reads the file, changes
one field and replaces the file atomically (temp file, fsync, rename), so
concurrent ``ivr`` processes never lose a field and a crash never leaves a
half-written profile. A file that cannot be parsed is never overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ivrcli.dial import mask
from ivrcli.errors import StateError, UsageError

KNOWN_FIELDS = ("id", "phone", "card4", "pin", "home")
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
_FIELD = re.compile(r"[a-z][a-z0-9_]{0,31}")
_CUSTOM_VALUE = re.compile(r"[0-9*#]{1,64}")
FORMAT_VERSION = 1


class ValueRefused(UsageError):
    """A value that fails its field's check; the message never repeats the value."""


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise UsageError(f"bad profile name {name!r}: use lowercase letters, digits, - and _")
    return name


def profile_path(name: str) -> Path:
    from ivrcli.paths import profiles_dir

    return profiles_dir() / f"{check_name(name)}.json"


def read(name: str) -> dict[str, str]:
    """The profile's fields; {} when it does not exist yet."""
    path = profile_path(name)
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except OSError as exc:
        raise StateError(f"{path}: cannot read the profile ({exc.strerror})") from None
    return _parse(path, raw)


def _parse(path: Path, raw: bytes) -> dict[str, str]:
    hint = f"fix or move the file away to start afresh (it was left as it is): {path}"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise StateError(f"{path}: the profile is not valid JSON; {hint}") from None
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        raise StateError(f"{path}: the profile has no 'fields' object; {hint}")
    fields = data["fields"]
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items()):
        raise StateError(f"{path}: profile fields must be strings; {hint}")
    return dict(fields)


def normalise_value(field: str, value: str, home: str) -> str:
    """The stored form of ``value``; :class:`ValueRefused` (without the value) when bad."""
    value = value.strip()
    if field == "id":
        digits = re.sub(r"[\s-]", "", value)
        if not digits.isdigit() or len(digits) > 9:
            raise ValueRefused("id: an Israeli ID is up to 9 digits")
        padded = digits.zfill(9)
        from stdnum.il import idnr

        if not idnr.is_valid(padded):
            raise ValueRefused(
                "id: the check digit does not match; check the number on your ID card"
            )
        return padded
    if field == "phone":
        import phonenumbers

        try:
            parsed = phonenumbers.parse(value, home)
        except phonenumbers.NumberParseException:
            raise ValueRefused(f"phone: not a phone number for {home}") from None
        if not phonenumbers.is_valid_number(parsed):
            raise ValueRefused(f"phone: not a valid phone number for {home}")
        national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        return (
            re.sub(r"\D", "", national)
            if parsed.country_code == phonenumbers.country_code_for_region(home)
            else phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        )
    if field == "card4":
        if not re.fullmatch(r"\d{4}", value):
            raise ValueRefused("card4: exactly the last 4 digits of the card")
        return value
    if field == "pin":
        if not re.fullmatch(r"\d{1,16}", value):
            raise ValueRefused("pin: digits only")
        return value
    if field == "home":
        from ivrcli.regions import countries

        code = value.upper()
        if code not in countries():
            raise ValueRefused("home: an ISO 3166 country code like IL, US or GB")
        return code
    if not _FIELD.fullmatch(field):
        raise UsageError(f"bad field name {field!r}: lowercase letters, digits and _")
    if not _CUSTOM_VALUE.fullmatch(value):
        raise ValueRefused(f"{field}: only digits, * and # (what a phone keypad can press)")
    return value


def check_field(field: str) -> str:
    if field not in KNOWN_FIELDS and not _FIELD.fullmatch(field):
        raise UsageError(f"bad field name {field!r}: lowercase letters, digits and _")
    return field


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    import fcntl

    from ivrcli.paths import ensure_private_dir

    try:
        ensure_private_dir(path.parent)
        fd = os.open(path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StateError(f"{path.parent}: cannot write profiles here ({exc.strerror})") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _write(path: Path, fields: dict[str, str]) -> None:
    payload = json.dumps({"version": FORMAT_VERSION, "fields": fields}, indent=2, sort_keys=True)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise StateError(f"{path.parent}: cannot write profiles here ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(payload + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        _before_replace(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _before_replace(tmp: str) -> None:
    """A seam for fault-injection tests: a crash here must leave the old file intact."""


def update(name: str, field: str, value: str | None) -> dict[str, str]:
    """Set (or, with ``value`` None, remove) one field under the lock; return all fields."""
    path = profile_path(name)
    check_field(field)
    with _locked(path):
        fields = read(name)
        if value is None:
            fields.pop(field, None)
        else:
            home = fields.get("home", "IL") if field != "home" else "IL"
            fields[field] = normalise_value(field, value, home)
        _write(path, fields)
    return fields


def masked(fields: dict[str, str], reveal: bool) -> dict[str, str]:
    """Secrets as bullets unless ``reveal``."""
    return {k: mask(k, v, reveal) for k, v in fields.items()}
