"""The entries ``ivr map`` writes to the observations file, checked before anything is.

A known company gets a patch (its id, the line, what was heard); a new one a
whole catalogue entry. Every value the user typed is checked here first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ivrcli.errors import UsageError
from ivrcli.model import CompanyData, Holder, walk_nodes


@dataclass(frozen=True)
class NewCompany:
    """What ``ivr map`` needs for a company the catalogue does not have."""

    name: str | None = None
    number: str | None = None
    category: str | None = None
    country: str | None = None
    id: str | None = None


def patch(
    company: CompanyData, line: Holder, line_id: str | None, new: NewCompany | None
) -> CompanyData:
    """What was heard on a known company's line (a new line needs ``--number``)."""
    from ivrcli.model import main_line

    chosen = line_id or main_line(company)["id"]
    known = {ln["id"] for ln in company["lines"]}
    if chosen not in known:
        number = new.number if new else None
        if not number:
            lines = ", ".join(sorted(known))
            raise UsageError(
                f"{company['id']} has no line {chosen!r} ({lines}); a new one needs --number"
            )
        line["number"] = _number(number, company["country"])
    return checked({"id": company["id"], "lines": [{"id": chosen, **line}]}, whole=False)


def whole(
    words: list[str], wanted: CompanyData | None, line: Holder, line_id: str | None, new: NewCompany
) -> CompanyData:
    """A whole entry for a company the catalogue does not have."""
    name, number = new.name, new.number
    if not name or not number:
        missing = [flag for flag, value in (("--name", name), ("--number", number)) if not value]
        raise UsageError(
            f"no company is called {' '.join(words)!r}; to add it, give {' and '.join(missing)}"
            f" (ivr map {' '.join(words)} --name NAME --number NUMBER)"
        )
    country = (new.country or (wanted or {}).get("country") or "IL").upper()
    company_id = (wanted or {}).get("id") or new.id or _slug(name)
    entry: CompanyData = {"id": company_id, "name": name.strip()}
    category = new.category or (wanted or {}).get("category")
    if category:
        entry["category"] = category
    entry["country"] = country
    entry["observed"] = dt.date.today().isoformat()
    line["number"] = _number(number, country)
    entry["lines"] = [{"id": line_id or "main", **line}]
    return checked(entry, whole=True)


def _slug(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:64].strip("-")
    if not slug:
        raise UsageError(f"{name!r} gives no id in a-z, 0-9 and -: give one with --id")
    return slug


#: where a value in an entry came from on the command line
FLAGS = {
    "name": "--name",
    "number": "--number",
    "category": "--category",
    "country": "--country",
    "id": "--id",
    "greeting": "--greeting",
    "hours": "--hours",
}


def checked(entry: CompanyData, whole: bool) -> CompanyData:
    """An entry the schema accepts (a whole company, or a patch in the observations'
    format) before anything is written; a bad value names the flag it came from."""
    from pydantic import ValidationError

    from ivrcli.catalogue.schema import Company, ObservedCompany
    from ivrcli.catalogue.validate import describe

    try:
        (Company if whole else ObservedCompany).model_validate(entry)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        field = next((str(p) for p in reversed(error["loc"]) if isinstance(p, str)), "value")
        message = describe(dict(error))[0].removeprefix(f"{field}: ")
        raise UsageError(f"{FLAGS.get(field, field)}: {message}") from None
    return entry


def _number(number: str, country: str) -> str:
    """A number possible in the country (the schema checks only its form)."""
    from ivrcli.numbers import NumberError, check_number

    try:
        check_number(number, country)
    except NumberError as exc:
        raise UsageError(f"--number: {exc}") from None
    return number.strip()


def heard(menu: list[Holder], today: str) -> None:
    """Every option of the outline was heard today; leaves keep no empty submenu."""
    for node in menu:
        node["observed"] = today
        if node.get("menu"):
            heard(node["menu"], today)
        else:
            node.pop("menu", None)


def refuse_identifiers_in_names(menu: list[Holder], forms: dict[str, str]) -> None:
    from ivrcli.typed import identifiers_in

    for _, nodes in walk_nodes(menu):
        if identifiers_in(nodes[-1]["name"], forms):
            raise UsageError("an option's name holds one of your identifiers: leave it out")
