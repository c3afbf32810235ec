"""The compiled catalogue: companies as plain data, their search index and holidays.

Compiling turns a validated company into what ``find`` reads without
pydantic or phonenumbers: plain data with its country and zone filled in, the
dial form of every number, and normalised search terms. :class:`Catalogue`
holds the result, read whole from memory or company by company from the cache.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ivrcli.dial import ABROAD
from ivrcli.model import CompanyData, Holder, all_hours
from ivrcli.search.index import Index, node_terms

if TYPE_CHECKING:
    from ivrcli.catalogue.schema import Company
    from ivrcli.hours import HolidayTable

#: expanded public holidays cover the build year and these neighbours
HOLIDAY_YEARS_BEFORE, HOLIDAY_YEARS_AFTER = 1, 3
#: numbers are also precomputed as dialled from here, the default home country
DEFAULT_HOME = "IL"


class Catalogue:
    """Companies by position, each read (from the cache, say) on first use.

    The index also holds the wanted entries, after the companies: position
    ``len(catalogue) + k`` is ``wanted[k]`` (no lines; ``_wanted`` is set). Length
    and iteration cover the companies only.
    """

    def __init__(
        self,
        index: Index,
        holidays: dict[str, dict[str, str]],
        count: int,
        fetch: Callable[[int], CompanyData],
        fetch_all: Callable[[], list[CompanyData]] | None = None,
        wanted: list[CompanyData] | None = None,
    ) -> None:
        self.index = index
        self.holidays = holidays
        self.wanted = wanted or []
        self._count = count
        self._fetch = fetch
        self._fetch_all = fetch_all
        self._loaded: dict[int, CompanyData] = {}

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, i: int) -> CompanyData:
        if i >= self._count:
            return self.wanted[i - self._count]
        company = self._loaded.get(i)
        if company is None:
            company = self._loaded[i] = self._fetch(i)
        return company

    def __iter__(self) -> Iterator[CompanyData]:
        if self._fetch_all is not None and len(self._loaded) < self._count:
            self._loaded = dict(enumerate(self._fetch_all()))
        return (self[i] for i in range(self._count))

    def find_id(self, company_id: str) -> int | None:
        """The position of the company with this id (from the index: no company is read)."""
        return self.index.position(company_id)

    def holiday_table(self, country: str) -> HolidayTable:
        """The country's public holidays, precomputed years first."""
        from ivrcli.hours import HolidayTable

        return HolidayTable(country, self.holidays.get(country))

    @classmethod
    def from_companies(
        cls, companies: list[CompanyData], wanted: list[CompanyData] | None = None
    ) -> Catalogue:
        wanted = wanted or []
        return cls(
            Index.build([*companies, *wanted]),
            holiday_tables(companies),
            len(companies),
            companies.__getitem__,
            wanted=wanted,
        )


def holiday_tables(companies: list[CompanyData]) -> dict[str, dict[str, str]]:
    """Public holidays of every country whose hours use PH, for the years around now."""
    from ivrcli.hours import precompute_holidays, uses_ph

    countries = {c["country"] for c in companies if any(uses_ph(h) for h in all_hours(c))}
    year = dt.date.today().year
    return {
        country: precompute_holidays(
            country, year - HOLIDAY_YEARS_BEFORE, year + HOLIDAY_YEARS_AFTER
        )
        for country in sorted(countries)
    }


def as_data(company: Company) -> CompanyData:
    """A validated company as plain data: given fields only, its country always,
    its ``timezone`` only when given (the checks need to know)."""
    data: CompanyData = company.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data["country"] = company.country
    return data


def compile_company(data: CompanyData, origin: str) -> CompanyData:
    """Checked plain data made ready for ``find``: zone, dial forms, search terms and
    number digits (in place)."""
    from ivrcli.numbers import number_digits
    from ivrcli.regions import default_timezone

    data["timezone"] = data.get("timezone") or default_timezone(data["country"]) or "UTC"
    data["_origin"] = origin
    for line in data["lines"]:
        # the dial form from the company's own country, so `find` needs no phonenumbers
        # ... and from Israel, the default home country
        # ... and in international form, for callers abroad
        line["_dial"] = {
            home: _dial_or_none(line["number"], data["country"], home)
            for home in dict.fromkeys((data["country"], DEFAULT_HOME, ABROAD))
        }
        # the digit strings a query may name the number by (search matches them whole)
        line["_numbers"] = number_digits(line["number"], data["country"])
        _add_terms(line)
    return data


def compile_wanted(data: CompanyData, origin: str) -> CompanyData:
    """A wanted entry made ready for search: a company with no lines, marked ``_wanted``."""
    data.setdefault("country", "IL")
    data["lines"] = []
    data["_wanted"] = True
    data["_origin"] = origin
    return data


def _dial_or_none(number: str, country: str, home: str) -> str | None:
    """The precomputed dial form; None where it is not dialable (find then says why)."""
    from ivrcli.errors import IvrError
    from ivrcli.numbers import dial_number, international_number

    try:
        if home == ABROAD:
            return international_number(number, country)
        return dial_number(number, country, home)
    except IvrError:
        return None


def _add_terms(holder: Holder) -> None:
    """Precompute normalised search terms (``_terms``) for a line and its menu."""
    holder["_terms"] = node_terms(holder)
    for node in holder.get("menu", []):
        _add_terms(node)
