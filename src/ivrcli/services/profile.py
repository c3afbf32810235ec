"""``ivr profile``: the user's identifiers, validated when stored, secrets masked when shown."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def check_field(field: str) -> None:
    """A field name the profile can hold; UsageError otherwise (before any value is asked)."""
    from ivrcli.profile import check_field as check

    check(field)


def asked_without_echo(field: str) -> bool:
    """Secrets, and the ID number, are typed without echo when asked for."""
    from ivrcli.dial import SECRET_FIELDS

    return field in SECRET_FIELDS or field == "id"


def set_field(profile: str, field: str, value: str | None) -> None:
    """Store one field (validated, normalised), or remove it when ``value`` is None."""
    from ivrcli.profile import update

    update(profile, field, value)


@dataclass(frozen=True)
class ProfileView:
    """A profile's file, its fields, and the fields as people may see them."""

    name: str
    path: Path
    fields: dict[str, str]
    shown: dict[str, str]


def show(profile: str, reveal: bool) -> ProfileView:
    """The profile's fields; card digits and PIN masked unless ``reveal``."""
    from ivrcli.profile import masked, profile_path, read

    fields = read(profile)
    return ProfileView(profile, profile_path(profile), fields, masked(fields, reveal))
