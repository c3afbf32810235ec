"""The user's identifiers, one JSON file per named profile.

Files live under ``IVR_HOME`` (``profiles/NAME.json``), mode 0600 in a 0700
directory. Every write takes an exclusive lock, re-reads the file, changes
one field and replaces the file atomically (temp file, fsync, rename), so
concurrent ``ivr`` processes never lose a field and a crash never leaves a
half-written profile. A file that cannot be parsed is never overwritten.
"""

from __future__ import annotations

import re
from pathlib import Path

from ivrcli.dial import mask
from ivrcli.errors import StateError, UsageError

KNOWN_FIELDS = ("id", "phone", "card4", "pin", "home")
# patterns, compiled on first use (re caches them): most runs only read a profile
_NAME = r"[a-z0-9][a-z0-9_-]{0,31}"
_FIELD = r"[a-z][a-z0-9_]{0,31}"
_CUSTOM_VALUE = r"[0-9*#]{1,64}"
FORMAT_VERSION = 1


class ValueRefused(UsageError):
    """A value that fails its field's check; the message never repeats the value."""


def check_name(name: str) -> str:
    if not re.fullmatch(_NAME, name):
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
    import json  # only when a profile exists: a run without one never needs it

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
    if not re.fullmatch(_FIELD, field):
        raise UsageError(f"bad field name {field!r}: lowercase letters, digits and _")
    if not re.fullmatch(_CUSTOM_VALUE, value):
        raise ValueRefused(f"{field}: only digits, * and # (what a phone keypad can press)")
    return value


def check_field(field: str) -> str:
    if field not in KNOWN_FIELDS and not re.fullmatch(_FIELD, field):
        raise UsageError(f"bad field name {field!r}: lowercase letters, digits and _")
    return field


def _write(path: Path, fields: dict[str, str]) -> None:
    import json

    from ivrcli.storage import replace_private

    payload = json.dumps({"version": FORMAT_VERSION, "fields": fields}, indent=2, sort_keys=True)
    # the seam is looked up at each write, so a test can replace it
    replace_private(path, payload + "\n", "profiles", lambda tmp: _before_replace(tmp))


def _before_replace(tmp: str) -> None:
    """A seam for fault-injection tests: a crash here must leave the old file intact."""


def update(name: str, field: str, value: str | None) -> dict[str, str]:
    """Set (or, with ``value`` None, remove) one field under the lock; return all fields."""
    path = profile_path(name)
    check_field(field)
    from ivrcli.storage import locked

    with locked(path, "profiles"):
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


def names() -> list[str]:
    """Every stored profile's name."""
    from ivrcli.paths import profiles_dir

    folder = profiles_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if re.fullmatch(_NAME, p.stem))


def identifier_forms(fields: dict[str, str]) -> dict[str, str]:
    """Every way an identifier's digits may be typed -> its field: the ID with and without
    its leading zeros, the phone as dialled at home and internationally, card digits,
    PIN and custom fields (``home`` is no identifier)."""
    forms: dict[str, str] = {}
    for field, value in fields.items():
        if field == "home":
            continue
        digits = re.sub(r"\D", "", value)
        variants = [digits]
        if field == "id":
            variants.append(digits.lstrip("0"))
        elif field == "phone":
            variants.extend(_phone_forms(value, fields.get("home", "IL")))
        for variant in variants:
            if variant:
                forms.setdefault(variant, field)
    return forms


def _phone_forms(value: str, home: str) -> list[str]:
    import phonenumbers

    try:
        parsed = phonenumbers.parse(value, home)
    except phonenumbers.NumberParseException:
        return []
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return [re.sub(r"\D", "", national), international.lstrip("+")]
