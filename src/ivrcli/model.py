"""The domain on compiled catalogue data: routes, main lines, menus, hours, staleness.

A compiled company is plain data (:data:`CompanyData`): what the cache stores
and every command reads; keys starting with ``_`` are internal (dial forms,
search terms, origin) and never shown (:func:`public`). The catalogue
*format* is ``ivrcli.catalogue.schema``; this module knows only the shape that
format compiles to.
"""

import datetime as dt
from collections.abc import Collection, Iterator
from typing import Any, NamedTuple

from ivrcli.keys import Step, parse_keys

#: a company as compiled from a catalogue file (lines, menus and nodes are dicts too)
CompanyData = dict[str, Any]
#: a line or a menu node of a compiled company
Holder = dict[str, Any]

#: facts whose page (or check) is older than this are flagged
STALE_DAYS = 365


class Route(NamedTuple):
    """A company, one of its lines and the menu nodes from the line's root down."""

    company: CompanyData
    line: Holder
    nodes: list[Holder]

    @property
    def path(self) -> list[str]:
        """The service's names from the menu root down (empty for a line)."""
        return [str(n["name"]) for n in self.nodes]

    @property
    def leaf(self) -> Holder | None:
        return self.nodes[-1] if self.nodes else None

    def inherited(self, key: str) -> Any:
        """The nearest value of ``key`` from the leaf up: node, ancestors, line, company."""
        for holder in [*reversed(self.nodes), self.line, self.company]:
            if holder.get(key) is not None:
                return holder[key]
        return None

    @property
    def hours(self) -> str | None:
        for holder in [*reversed(self.nodes), self.line]:
            if holder.get("hours"):
                return str(holder["hours"])
        return None

    @property
    def topic(self) -> str | None:
        for holder in reversed(self.nodes):
            if holder.get("topic"):
                return str(holder["topic"])
        return None

    @property
    def steps(self) -> list[Step] | None:
        """The key steps from the line's menu root (None when any node's path is unknown)."""
        steps: list[Step] = []
        for node in self.nodes:
            keys = node.get("keys")
            if keys is None:
                return None
            steps.extend(parse_keys(keys))
        return steps

    @property
    def keys(self) -> str | None:
        """The full path's notation as in the catalogue, joined by ``", "``."""
        if not self.nodes or self.steps is None:
            return None
        return ", ".join(str(n["keys"]).strip() for n in self.nodes)


def public(company: CompanyData) -> CompanyData:
    """A compiled company without the internal keys (those starting with ``_``)."""

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if not k.startswith("_")}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    cleaned: CompanyData = clean(company)
    return cleaned


def main_line(company: CompanyData) -> Holder:
    """The line a company-only query dials: the one with id ``main``, else the first."""
    lines: list[Holder] = company["lines"]
    return next((line for line in lines if line["id"] == "main"), lines[0])


def walk_nodes(
    menu: list[Holder], path: tuple[int, ...] = (), above: tuple[Holder, ...] = ()
) -> Iterator[tuple[tuple[int, ...], tuple[Holder, ...]]]:
    """Every node of a menu in file order, with its index path and the nodes down to it."""
    for i, node in enumerate(menu):
        here = (*path, i)
        nodes = (*above, node)
        yield here, nodes
        yield from walk_nodes(node.get("menu", []), here, nodes)


def hours_in(line: Holder) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every hours expression of a line and its menu, in file order, with where it stands
    relative to the line: ``("hours",)``, ``("menu", 0, "menu", 2, "hours")``..."""
    if line.get("hours"):
        yield ("hours",), line["hours"]
    for path, nodes in walk_nodes(line.get("menu", [])):
        if nodes[-1].get("hours"):
            yield (*(part for i in path for part in ("menu", i)), "hours"), nodes[-1]["hours"]


def all_hours(company: CompanyData) -> Iterator[str]:
    """Every hours expression of a company: each line's, then its menu's, in file order."""
    for line in company["lines"]:
        for _, hours in hours_in(line):
            yield hours


def human_route(
    company: CompanyData, asked: Collection[str] = ()
) -> tuple[int, tuple[int, ...]] | None:
    """The route to a person: a node whose own name or alias is one of the ``asked`` words
    (normalised, such as ``representative``), else the node marked ``shortcut``, else
    the ``kind: human`` node with the fewest key steps on its full path. Among several
    named nodes, or several human ones, the fewest steps wins, then file order.

    Returns the line's position and the node's index path, or None.
    """
    named: tuple[int, int, tuple[int, ...]] | None = None
    shortcut: tuple[int, tuple[int, ...]] | None = None
    best: tuple[int, int, tuple[int, ...]] | None = None
    for li, line in enumerate(company["lines"]):
        for path, nodes in walk_nodes(line.get("menu", [])):
            node = nodes[-1]
            is_named = bool(asked) and any(t in asked for t in own_terms(node))
            if not is_named and (named is not None or shortcut is not None):
                continue
            if not is_named and node.get("shortcut"):
                shortcut = (li, path)
                continue
            if not is_named and node.get("kind") != "human":
                continue
            steps = 0
            for n in nodes:
                keys = n.get("keys")
                steps += len(parse_keys(keys)) if keys else 1000
            if is_named:
                if named is None or steps < named[0]:
                    named = (steps, li, path)
            elif best is None or steps < best[0]:
                best = (steps, li, path)
    if named is not None:
        return named[1], named[2]
    if shortcut is not None:
        return shortcut
    return (best[1], best[2]) if best else None


def own_terms(node: Holder) -> list[str]:
    """A node's own name and aliases, normalised (precompiled as ``_terms``)."""
    terms: list[str] | None = node.get("_terms")
    if terms is None:
        from ivrcli.textnorm import normalise

        terms = [normalise(n) for n in [node.get("name") or "", *node.get("aliases", [])]]
    return terms


def heard(holder: Holder | None) -> tuple[str, str, bool] | None:
    """Where a node's keys come from, when a call said: ``(what, date, mine)`` with
    ``what`` one of ``heard`` (on a call), ``worked``, ``failed`` (the latest; on one day
    a confirmation beats a new path, which beats a failure) and ``mine`` when it was the
    user's own call. None when no call said anything."""
    if not holder:
        return None
    events = [
        (str(holder[key]), rank, what)
        for key, rank, what in (
            ("verified", 2, "worked"),
            ("observed", 1, "heard"),
            ("failed", 0, "failed"),
        )
        if holder.get(key)
    ]
    if not events:
        return None
    date, _, what = max(events)
    return what, date, bool(holder.get("_mine"))


def verdict(holder: Holder | None) -> tuple[bool, str] | None:
    """The last call that tried the keys: (worked, date), or None."""
    if not holder or not (holder.get("verified") or holder.get("failed")):
        return None
    worked, failed = str(holder.get("verified") or ""), str(holder.get("failed") or "")
    return (True, worked) if worked >= failed else (False, failed)


def stale_since(holder: Route | CompanyData, today: dt.date) -> str | None:
    """The date of the facts when they are over a year old, else None.

    The facts' date is that of the nearest dated holder (node, ancestors, line,
    company): its page's own date, else the day it was checked. A node read on
    a newer page than its company's is judged by its own page.
    """
    if isinstance(holder, Route):
        holders = [*reversed(holder.nodes), holder.line, holder.company]
    else:
        holders = [holder]
    dated = next((h for h in holders if h.get("source_date") or h.get("checked")), None)
    if dated is None:
        return None
    date = dated.get("source_date") or dated.get("checked")
    try:
        day = dt.date.fromisoformat(str(date))
    except ValueError:
        return None
    return str(date) if (today - day).days > STALE_DAYS else None
