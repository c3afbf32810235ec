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

    kind: Literal["phone", "whatsapp", "sms", "web", "chat", "email", "app", "fax", "mail"] = Field(
        description="What sort of channel."
    )
    address: Text = Field(description="Number, address or link.")
    note: Text | None = Field(None, description="When or how to use it.")


class Node(Sourced):
    """A service in a phone menu; ``keys`` are the steps from the parent menu to it."""

    keys: Keys | None = Field(
        None, description='Steps from the parent menu, e.g. "2, ID#". Leave out when unknown.'
    )
    name: Text = Field(description="The service's name.")
    aliases: list[Text] = Field(
        default_factory=list, description="Other words for it (billing: bill, חשבון)."
    )
    kind: Literal["human", "automated", "recorded"] | None = Field(
        None, description="Who answers: a person, a machine, or a recording."
    )
    topic: Literal["fault", "billing", "termination"] | None = Field(
        None, description="Israel's 6-minute rule topics."
    )
    hours: Hours | None = Field(None, description="OSM opening_hours; applies below this node.")
    shortcut: bool = Field(False, description="The known shortcut to a person.")
    note: Text | None = Field(None, description="Advice for the caller.")
    menu: list[Node] = Field(default_factory=list, description="Services below this one.")


class Line(Sourced):
    """A phone number with its menu."""

    id: Slug = Field(description="Unique within the company; the main line is `main`.")
    name: Text | None = Field(None, description="What the line is for.")
    number: Number = Field(description="As people write it: *2700, 1-700-700-700, 03-1234567.")
    hours: Hours | None = Field(None, description="OSM opening_hours; leave out when unknown.")
    greeting: Wait | None = Field(None, description="How long the IVR ignores keys, e.g. 6s.")
    menu: list[Node] = Field(default_factory=list, description="The services of its menu.")


class Company(Sourced):
    """A company or organisation and its lines."""

    id: Slug = Field(description="Unique, stable identifier, e.g. hot-mobile.")
    name: Text = Field(description="Display name.")
    aliases: list[Text] = Field(
        default_factory=list, description="Other names people type, Hebrew included."
    )
    category: Slug | None = Field(
        None, description="mobile, landline, tv, internet, bank, credit-card, insurance, ..."
    )
    country: str = Field("IL", description="ISO 3166 alpha-2 code.")
    timezone: str | None = Field(None, description="IANA zone; default: the country's only zone.")
    website: Url | None = Field(None, description="The company's own site.")
    channels: list[Channel] = Field(
        default_factory=list, description="Other ways in: WhatsApp, chat, e-mail..."
    )
    lines: list[Line] = Field(min_length=1, description="Phone numbers, at least one.")

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
    companies: list[Company] = Field(default_factory=list, description="The companies.")


def format_reference() -> str:
    """The Markdown field tables of CONTRIBUTING.md, generated from these models."""
    out: list[str] = []
    for model in (CatalogueFile, Company, Channel, Line, Node):
        doc = (model.__doc__ or "").strip().splitlines()[0]
        out += [f"#### {model.__name__}", "", doc, ""]
        out += ["| field | required | type | meaning |", "|---|---|---|---|"]
        for name, info in model.model_fields.items():
            required = "yes" if info.is_required() else "no"
            kind = _field_type(info.annotation, info.metadata)
            out.append(f"| `{name}` | {required} | {kind} | {info.description or ''} |")
        out.append("")
    return "\n".join(out)


_VALIDATOR_NAMES = {
    "_plain_text": "text",
    "_url": "URL",
    "_hours": "hours (OSM opening_hours)",
    "_keys": "keys (key notation)",
    "_wait": "wait (`6s`)",
    "_number": "phone number",
}


def _field_type(annotation: object, metadata: list[object]) -> str:
    import typing

    for item in metadata:
        func = getattr(item, "func", None)
        if func is not None and func.__name__ in _VALIDATOR_NAMES:
            return _VALIDATOR_NAMES[func.__name__]
        if getattr(item, "pattern", None) == SLUG:
            return "slug (`a-z`, `0-9`, `-`)"
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _field_type(args[0], list(args[1:]))
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {_field_type(args[0], [])}"
    if args and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return _field_type(rest[0], [])
    if isinstance(annotation, type):
        names = {"str": "text", "bool": "true/false", "date": "date (YYYY-MM-DD)"}
        return names.get(annotation.__name__, annotation.__name__)
    return str(annotation)
