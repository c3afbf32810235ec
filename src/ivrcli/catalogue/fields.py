"""The catalogue format's field types: text, URLs, hours, keys, numbers, waits, checked.

Each type is a string (or map) with a validator whose ValueError names the
problem; ``schema`` builds the models from them and ``reference`` names them
in CONTRIBUTING.md by their validator.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from ivrcli.keys import KeysError, parse_keys, parse_step
from ivrcli.numbers import NumberError, number_kind
from ivrcli.textnorm import has_control

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _plain_text(value: str) -> str:
    if has_control(value):
        raise ValueError("contains control characters or bidi overrides (not allowed)")
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _url(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError("must be a web address starting with https:// or http://")
    if any(ch.isspace() for ch in value) or has_control(value):
        raise ValueError("a web address has no spaces or control characters")
    return value


def _hours(value: str) -> str:
    from ivrcli.hours import HoursError, check_hours

    if has_control(value):
        raise ValueError("contains control characters or bidi overrides (not allowed)")
    try:
        check_hours(value)
    except HoursError as exc:
        raise ValueError(str(exc)) from None
    return value


def _keys(value: str) -> str:
    try:
        parse_keys(value)
    except KeysError as exc:
        raise ValueError(str(exc)) from None
    return value


def _wait(value: str) -> str:
    try:
        step = parse_step(value)
    except KeysError:
        step = None
    if step is None or step.kind != "wait":
        raise ValueError(f"bad wait {value!r}: write seconds like 6s")
    return value


def _average(value: str) -> str:
    from ivrcli.waits import parse_wait

    parse_wait(value)  # its ValueError names the problem
    return value


def _period(value: str) -> str:
    from ivrcli.waits import period_bounds

    period_bounds(value)
    return value


def _shares(value: dict[str, float]) -> dict[str, float]:
    from ivrcli.waits import parse_wait

    for limit, share in value.items():
        parse_wait(limit)
        if not 0 <= share <= 1:
            raise ValueError(f"the share answered within {limit} must be between 0 and 1")
    return value


def _country(value: str) -> str:
    from ivrcli.regions import countries

    if value not in countries():
        raise ValueError(f"{value!r} is not an ISO 3166 country code (like IL, US, GB)")
    return value


def _timezone(value: str) -> str:
    from ivrcli.regions import valid_timezone

    if not valid_timezone(value):
        raise ValueError(f"{value!r} is not an IANA time zone (like Asia/Jerusalem)")
    return value


def _number(value: str) -> str:
    try:
        number_kind(value)
    except NumberError as exc:
        raise ValueError(str(exc)) from None
    return value


Text = Annotated[str, AfterValidator(_plain_text)]
Slug = Annotated[str, StringConstraints(pattern=SLUG, max_length=64)]
Url = Annotated[str, AfterValidator(_url)]
Hours = Annotated[str, AfterValidator(_hours)]
Keys = Annotated[str, AfterValidator(_keys)]
Wait = Annotated[str, AfterValidator(_wait)]
Number = Annotated[str, AfterValidator(_number)]
Country = Annotated[str, AfterValidator(_country)]
Average = Annotated[str, AfterValidator(_average)]
Period = Annotated[str, AfterValidator(_period)]
Shares = Annotated[dict[str, float], AfterValidator(_shares)]
Zone = Annotated[str, AfterValidator(_timezone)]
