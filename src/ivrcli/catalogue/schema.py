"""The catalogue format as pydantic models: the single source of truth.

``ivr validate``, ``ivr schema`` and CONTRIBUTING.md's format reference come
from these classes. Importing this module costs pydantic's import time, so the
hot path of ``ivr find`` never does: it reads the compiled cache instead.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ivrcli.catalogue.fields import (
    SLUG,
    Average,
    Country,
    Hours,
    Keys,
    Number,
    Period,
    Shares,
    Slug,
    Text,
    Url,
    Wait,
    Zone,
)

__all__ = ["SLUG"]


class Strict(BaseModel):
    """Every catalogue object: unknown keys are errors, strings stay strings."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class Sourced(Strict):
    """Where a fact was read (``source``), when (``checked``), and the page's own date;
    or the day it was heard on a real call (``observed``) and how later calls went."""

    source: Url | None = Field(None, description="The public page these facts were read on.")
    checked: dt.date | None = Field(None, description="The date the facts were read and confirmed.")
    source_date: dt.date | None = Field(None, description="The page's own date, when it shows one.")
    observed: dt.date | None = Field(
        None, description="The day these facts were heard on a real call (instead of a source)."
    )
    verified: dt.date | None = Field(None, description="The last call on which the keys worked.")
    failed: dt.date | None = Field(None, description="The last call where the keys did not work.")
    confirmations: int | None = Field(
        None, ge=0, description="How many calls confirmed the keys after they were heard."
    )


class Channel(Strict):
    """Another way in: WhatsApp, web chat, e-mail..."""

    kind: Literal["phone", "whatsapp", "sms", "web", "chat", "email", "app", "fax", "mail"] = Field(
        description="What sort of channel."
    )
    address: Text = Field(description="Number, address or link.")
    note: Text | None = Field(None, description="When or how to use it.")


class ReportedWait(Strict):
    """A published wait: a regulator's or the company's own figure, or a news article quoting it."""

    topic: Literal["fault", "billing", "termination"] | None = Field(
        None, description="The calls it measures; leave out for all calls."
    )
    average: Average = Field(description='The average wait, e.g. "2m31s".')
    answered_within: Shares | None = Field(
        None, description='Share of calls answered within a time, e.g. {"6m": 0.87}.'
    )
    period: Period = Field(description="What it covers: 2025, 2025-Q2, 2025-02, 2022-04/2023-03.")
    note: Text | None = Field(None, description="What it measures and who published it.")
    source: Url = Field(description="The public page that gives the figure.")
    checked: dt.date = Field(description="The date the figure was read.")


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
    note: Text | None = Field(
        None, description="Advice from a page, e.g. how to reach a person on this line."
    )
    abroad: bool = Field(
        False,
        description="Meant for callers outside its country: always dialled as +CC... .",
    )
    waits: list[ReportedWait] = Field(
        default_factory=list, description="Published waits for this line."
    )
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
    country: Country = Field("IL", description="ISO 3166 alpha-2 code.")
    timezone: Zone | None = Field(None, description="IANA zone; default: the country's only zone.")
    local_time: bool = Field(
        False,
        description="Hours are in the caller's own zone (IRS, SSA): yours when it lies in the "
        "company's country, else `timezone`.",
    )
    website: Url | None = Field(None, description="The company's own site.")
    channels: list[Channel] = Field(
        default_factory=list, description="Other ways in: WhatsApp, chat, e-mail..."
    )
    note: Text | None = Field(
        None, description="Advice from a page, e.g. how to reach a person at this company."
    )
    waits: list[ReportedWait] = Field(
        default_factory=list, description="Published waits for the company as a whole."
    )
    lines: list[Line] = Field(min_length=1, description="Phone numbers, at least one.")


class Wanted(Strict):
    """An organisation people ask for whose number no public page has given yet (no number)."""

    id: Slug = Field(description="The id it will have once its number is sourced or heard.")
    name: Text = Field(description="Display name.")
    aliases: list[Text] = Field(default_factory=list, description="Other names people type.")
    category: Slug | None = Field(None, description="As for companies.")
    country: Country = Field("IL", description="ISO 3166 alpha-2 code.")
    note: Text | None = Field(None, description="What is known, and what is missing.")


class CatalogueFile(Strict):
    """One catalogue file."""

    version: Literal[1] = Field(description="The format version; always 1.")
    companies: list[Company] = Field(default_factory=list, description="The companies.")
    wanted: list[Wanted] = Field(
        default_factory=list,
        description="Organisations people ask for whose numbers are not sourced yet.",
    )


# --------------------------------------------------------------------------- observations


class ObservedLine(Sourced):
    """A line as heard on calls: a known line gives its id and what was heard."""

    id: Slug = Field(description="The line's id; a new line also needs its number.")
    name: Text | None = None
    number: Number | None = None
    hours: Hours | None = None
    greeting: Wait | None = None
    menu: list[Node] = Field(default_factory=list)


class ObservedCompany(Sourced):
    """A company as heard on calls: a known one gives its id and what was heard; a new
    one is a whole entry (name, and lines with numbers)."""

    id: Slug = Field(description="The company's id.")
    name: Text | None = None
    aliases: list[Text] = Field(default_factory=list)
    category: Slug | None = None
    country: Country | None = None
    timezone: Zone | None = None
    website: Url | None = None
    channels: list[Channel] = Field(default_factory=list)
    lines: list[ObservedLine] = Field(default_factory=list)


class ObservationsFile(Strict):
    """``observed.yaml``: what the user's own calls taught, merged inside companies."""

    version: Literal[1] = Field(description="The format version; always 1.")
    companies: list[ObservedCompany] = Field(default_factory=list)
