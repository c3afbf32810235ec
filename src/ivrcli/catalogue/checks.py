"""Checks that span fields, on validated companies as plain data.

Each problem is a data location (``("companies", 3, "lines", 0, "number")``)
and a message; ``validate`` turns the location into ``line:col``. A new
catalogue check goes here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ivrcli.keys import parse_keys, render_keys
from ivrcli.model import CompanyData, Holder, hours_in, walk_nodes

Location = tuple[Any, ...]
Found = list[tuple[Location, str]]


def check_companies(
    companies: list[CompanyData], strict: bool, wanted: list[CompanyData] | None = None
) -> tuple[Found, Found]:
    """Problems and warnings: unique ids and sibling keys, numbers, zones, PH coverage,
    wanted entries that are not companies of the same file.

    ``strict`` adds the eve-rule warnings that only ``ivr validate`` pays for.
    The companies are as dumped from the schema: ``timezone`` only when given.
    """
    from ivrcli.hours import eve_warnings, uses_ph
    from ivrcli.numbers import NumberError, check_number
    from ivrcli.regions import default_timezone, zones_by_country

    problems: Found = []
    warnings: Found = []
    seen_ids: dict[str, int] = {}
    today = dt.date.today()
    for ci, company in enumerate(companies):
        at = ("companies", ci)
        cid, country = company["id"], company["country"]
        if cid in seen_ids:
            problems.append(
                ((*at, "id"), f"duplicate company id {cid!r} (first at entry {seen_ids[cid] + 1})")
            )
        seen_ids.setdefault(cid, ci)
        if company.get("timezone") is None and default_timezone(country) is None:
            zones = zones_by_country().get(country, [])
            example = f": e.g. timezone: {zones[0]}" if zones else ""
            problems.append(
                ((*at, "country"), f"{country} spans several time zones; add timezone{example}")
            )
        tz = company.get("timezone") or default_timezone(country) or "UTC"
        line_ids: set[str] = set()
        for li, line in enumerate(company["lines"]):
            lat = (*at, "lines", li)
            if line["id"] in line_ids:
                problems.append(((*lat, "id"), f"duplicate line id {line['id']!r} in {cid}"))
            line_ids.add(line["id"])
            try:
                check_number(line["number"], country)
            except NumberError as exc:
                problems.append(((*lat, "number"), str(exc)))
            else:
                if line.get("abroad"):
                    problems.extend(_abroad_problems(line["number"], country, lat))
            for where, hours in hours_in(line):
                loc = (*lat, *where)
                if uses_ph(hours):
                    problems.extend(_ph_problems(loc, country))
                    if strict and not problems:
                        for day, holiday in eve_warnings(hours, tz, country, today):
                            warnings.append(
                                (
                                    loc,
                                    f"the eve rule opens {day:%a %Y-%m-%d} (before {holiday}), "
                                    "a day the line is otherwise closed",
                                )
                            )
            problems.extend(_sibling_clashes(line, lat))
            problems.extend(_observation_problems(line, lat))
    problems.extend(_wanted_problems(wanted or [], seen_ids))
    return problems, warnings


def _wanted_problems(wanted: list[CompanyData], companies: dict[str, int]) -> Found:
    problems: Found = []
    seen: set[str] = set()
    for i, entry in enumerate(wanted):
        loc = ("wanted", i, "id")
        if entry["id"] in companies:
            problems.append((loc, f"{entry['id']!r} is a company of this file: it is not wanted"))
        elif entry["id"] in seen:
            problems.append((loc, f"duplicate wanted id {entry['id']!r}"))
        seen.add(entry["id"])
    return problems


def _observation_problems(line: Holder, at: Location) -> Found:
    """A call can confirm or fail only keys that are there."""
    problems: Found = []
    for path, nodes in walk_nodes(line.get("menu", [])):
        node = nodes[-1]
        if node.get("keys") is None:
            for key in ("verified", "failed", "confirmations"):
                if node.get(key) is not None:
                    where = (*at, *(part for i in path for part in ("menu", i)), key)
                    problems.append((where, f"{key}: this node has no keys for a call to confirm"))
    return problems


def _ph_problems(loc: Location, country: str) -> Found:
    from ivrcli.hours import supports_ph

    if supports_ph(country):
        return []
    return [(loc, f"PH: no public-holiday data for country {country}; write the dates instead")]


def _abroad_problems(number: str, country: str, at: Location) -> Found:
    """A line meant for callers abroad must be dialable from abroad."""
    from ivrcli.errors import IvrError
    from ivrcli.numbers import international_number

    try:
        international_number(number, country)
    except IvrError as exc:
        return [((*at, "abroad"), f"abroad: true, but {exc.message}")]
    return []


def _sibling_clashes(line: Holder, at: Location) -> Found:
    """Two nodes of one menu whose keys are the same (nodes without keys never clash)."""
    problems: Found = []
    menus: list[tuple[Location, list[Holder]]] = [((*at, "menu"), line.get("menu", []))]
    for path, nodes in walk_nodes(line.get("menu", [])):
        where = (*at, *(part for i in path for part in ("menu", i)), "menu")
        menus.append((where, nodes[-1].get("menu", [])))
    for loc, menu in menus:
        seen: dict[str, str] = {}
        for i, node in enumerate(menu):
            if node.get("keys") is None:
                continue
            canonical = render_keys(parse_keys(node["keys"])).lower()
            if canonical in seen:
                problems.append(
                    (
                        (*loc, i, "keys"),
                        f"keys {node['keys']!r} already lead to {seen[canonical]!r} in this menu",
                    )
                )
            seen.setdefault(canonical, node["name"])
    return problems


def check_observed(companies: list[CompanyData]) -> Found:
    """The observations file's own checks: unique ids, sibling keys, heard facts on keys."""
    problems: Found = []
    seen: set[str] = set()
    for ci, company in enumerate(companies):
        at = ("companies", ci)
        if company["id"] in seen:
            problems.append(((*at, "id"), f"duplicate company id {company['id']!r}"))
        seen.add(company["id"])
        line_ids: set[str] = set()
        for li, line in enumerate(company.get("lines", [])):
            lat = (*at, "lines", li)
            if line["id"] in line_ids:
                problems.append(((*lat, "id"), f"duplicate line id {line['id']!r}"))
            line_ids.add(line["id"])
            problems.extend(_sibling_clashes(line, lat))
            problems.extend(_observation_problems(line, lat))
    return problems
