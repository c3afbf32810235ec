"""``ivr contribute``: the user's observations as a catalogue file others can use.

Whole entries for the observed companies: names, lines, numbers, greetings
and hours from the catalogue in use, and the nodes heard on calls (keys as tokens, when heard,
verified, failed, confirmations) with the nodes on the way to them. Never a
journal note, a representative, a reference or an identifier's digits: the
text is checked against every profile before it is given out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ivrcli.errors import IvrError
from ivrcli.model import CompanyData, Holder

if TYPE_CHECKING:
    from ivrcli.catalogue.compiled import Catalogue
    from ivrcli.services.session import Session

#: what a contributed node keeps: its identity, the calls' verdicts, the page of a key
#: path it was reached by
KEPT = ("keys", "name", "observed", "verified", "failed", "confirmations")
SOURCED = ("source", "checked", "source_date")


@dataclass(frozen=True)
class Contribution:
    """The catalogue file's text and how many companies it holds."""

    text: str
    companies: int


def contribute(session: Session) -> Contribution:
    """The observations as a catalogue file that validates on its own (empty: none)."""
    from ivrcli.catalogue.observations import dump, read
    from ivrcli.paths import observed_path

    observed = read(observed_path())
    if not observed:
        return Contribution("", 0)
    catalogue = session.catalogue()
    entries = [e for e in (_entry(catalogue, o) for o in observed) if e is not None]
    if not entries:
        return Contribution("", 0)
    _refuse_identifiers(entries)
    text = dump(entries).replace(
        "# Written by ivr (ivr map, and the keys question after a call). Not for editing.\n",
        "# Heard on real calls, shared with: ivr contribute. Check with: ivr validate FILE\n",
    )
    return Contribution(text, len(entries))


def write(path: Path, text: str) -> None:
    """The contribution into ``path``, atomically."""
    from ivrcli.errors import StateError
    from ivrcli.storage import replace_private

    try:
        replace_private(path, text, "the contribution")
    except OSError as exc:
        raise StateError(f"{path}: cannot write it ({exc.strerror})") from None


def _entry(catalogue: Catalogue, observed: CompanyData) -> CompanyData | None:
    position = catalogue.find_id(observed["id"])
    if position is None or position >= len(catalogue):
        return None  # a patch for a company the catalogue in use does not have
    company = catalogue[position]
    lines = {line["id"]: line for line in company["lines"]}
    out_lines = []
    for heard in observed.get("lines", []):
        line = lines.get(heard["id"])
        if line is None:
            continue
        out: Holder = {"id": line["id"]}
        # what dialling and the hours need, as the catalogue in use has it
        for key in ("name", "number", "greeting", "hours", *SOURCED):
            if line.get(key):
                out[key] = line[key]
        if heard.get("observed"):
            out["observed"] = heard["observed"]
        menu = _menu(line.get("menu", []), heard.get("menu", []))
        if menu:
            out["menu"] = menu
        out_lines.append(out)
    if not out_lines:
        return None
    entry: CompanyData = {"id": company["id"], "name": company["name"]}
    for key in ("category", "country", "timezone", *SOURCED):
        if company.get(key):
            entry[key] = company[key]
    entry["observed"] = max(_dates(observed))
    entry["lines"] = out_lines
    return entry


def _menu(merged: list[Holder], heard: list[Holder]) -> list[Holder]:
    """The heard nodes as the catalogue in use has them, and the nodes on the way."""
    from ivrcli.catalogue.observations import sibling

    out = []
    for node in heard:
        here = sibling(merged, node)  # the node the observation was merged into
        if here is None:
            continue  # it gave way to a node heard elsewhere
        kept = {k: here[k] for k in KEPT if here.get(k) is not None}
        if not any(here.get(k) for k in ("observed", "verified", "failed")):
            kept.update({k: here[k] for k in SOURCED if here.get(k)})
        below = _menu(here.get("menu", []), node.get("menu", []))
        if below:
            kept["menu"] = below
        out.append(kept)
    return out


def _dates(value: Any) -> list[str]:
    """Every heard, verified or failed date in an observation."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("observed", "verified", "failed") and item:
                found.append(str(item))
            else:
                found.extend(_dates(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_dates(item))
    return found


def _refuse_identifiers(entries: list[CompanyData]) -> None:
    """No key path or option name heard on a call may hold any profile's identifier."""
    from ivrcli.model import walk_nodes
    from ivrcli.paths import observed_path
    from ivrcli.profile import identifier_forms, names, read
    from ivrcli.typed import identifiers_in

    typed = " ".join(
        str(nodes[-1].get(key) or "")
        for entry in entries
        for line in entry["lines"]
        for _, nodes in walk_nodes(line.get("menu", []))
        for key in ("keys", "name")
    )
    for name in names():
        found = identifiers_in(typed, identifier_forms(read(name)))
        if found:
            field = found[0]
            raise IvrError(
                f"the contribution would hold the digits of your {field} (profile {name!r}),"
                " so nothing was written: were those keys heard before you set it? Write"
                f" its token instead in {observed_path()}"
            )
