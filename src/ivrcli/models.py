"""The catalogue format as pydantic models: the single source of truth.

``ivr validate``, ``ivr schema`` and CONTRIBUTING.md's format reference come
from these classes. Importing this module costs pydantic's import time, so the
hot path of ``ivr find`` never does: it reads the compiled cache instead.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

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


class Strict(BaseModel):
    """Every catalogue object: unknown keys are errors, strings stay strings."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class Sourced(Strict):
    """Where a fact was read (``source``), when (``checked``), and the page's own date."""

    source: Url | None = Field(None, description="The public page these facts were read on.")
    checked: dt.date | None = Field(None, description="The date the facts were read and confirmed.")
    source_date: dt.date | None = Field(None, description="The page's own date, when it shows one.")


class Channel(Strict):
    """Another way in: WhatsApp, web chat, e-mail..."""

    kind: Literal["phone", "whatsapp", "sms", "web", "chat", "email", "app", "fax", "mail"]
    address: Text
    note: Text | None = None


class Node(Sourced):
    """A service in a phone menu; ``keys`` are the steps from the parent menu to it."""

    keys: Keys | None = Field(
        None, description='Steps from the parent menu, e.g. "2, ID#". Leave out when unknown.'
    )
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    kind: Literal["human", "automated", "recorded"] | None = None
    topic: Literal["fault", "billing", "termination"] | None = Field(
        None, description="Israel's 6-minute rule topics."
    )
    hours: Hours | None = Field(None, description="OSM opening_hours; applies below this node.")
    shortcut: bool = Field(False, description="The known shortcut to a person.")
    note: Text | None = None
    menu: list[Node] = Field(default_factory=list)


class Line(Sourced):
    """A phone number with its menu."""

    id: Slug
    name: Text | None = None
    number: Number = Field(description="As people write it: *2700, 1-700-700-700, 03-1234567.")
    hours: Hours | None = None
    greeting: Wait | None = Field(None, description="How long the IVR ignores keys, e.g. 6s.")
    menu: list[Node] = Field(default_factory=list)


class Company(Sourced):
    """A company or organisation and its lines."""

    id: Slug
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    category: Slug | None = None
    country: str = Field("IL", description="ISO 3166 alpha-2 code.")
    timezone: str | None = Field(None, description="IANA zone; default: the country's only zone.")
    website: Url | None = None
    channels: list[Channel] = Field(default_factory=list)
    lines: list[Line] = Field(min_length=1)

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        from ivrcli.regions import countries

        if value not in countries():
            raise ValueError(f"{value!r} is not an ISO 3166 country code (like IL, US, GB)")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str | None) -> str | None:
        from ivrcli.regions import valid_timezone

        if value is not None and not valid_timezone(value):
            raise ValueError(f"{value!r} is not an IANA time zone (like Asia/Jerusalem)")
        return value


class CatalogueFile(Strict):
    """One catalogue file."""

    version: Literal[1] = Field(description="The format version; always 1.")
    companies: list[Company] = Field(default_factory=list)
