"""What a catalogue holds: the counts issue 5 sets goals for, and how fresh its facts are.

Compiled companies and a date in, a plain dict out (``ivr catalogue stats``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ivrcli.model import CompanyData, Route, stale_since, walk_nodes


def catalogue_stats(companies: Iterable[CompanyData], today: dt.date) -> dict[str, Any]:
    """Counts of companies, lines, services and their facts; stale means over a year old."""
    countries: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    lines = with_hours = services = topics = key_paths = yours = uncategorised = 0
    without_hours: list[str] = []
    human: set[str] = set()
    stale_companies: list[str] = []
    stale_services = 0
    for company in companies:
        countries[company["country"]] += 1
        if company.get("category"):
            categories[company["category"]] += 1
        else:
            uncategorised += 1
        yours += bool(company.get("_yours"))
        if stale_since(company, today):
            stale_companies.append(company["id"])
        for line in company["lines"]:
            lines += 1
            menu = line.get("menu", [])
            # a line whose every service states its hours has hours too
            if line.get("hours") or (menu and all(node.get("hours") for node in menu)):
                with_hours += 1
            else:
                without_hours.append(f"{company['id']}/{line['id']}")
            for _, nodes in walk_nodes(menu):
                route = Route(company, line, list(nodes))
                leaf = nodes[-1]
                services += 1
                topics += bool(leaf.get("topic"))
                key_paths += bool(leaf.get("keys") and route.inherited("source"))
                if leaf.get("kind") == "human":
                    human.add(company["id"])
                stale_services += bool(stale_since(route, today))
    total = sum(countries.values())
    return {
        "companies": total,
        "countries": dict(sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))),
        "categories": dict(sorted(categories.items())),
        "uncategorised": uncategorised,
        "yours": yours,
        "lines": lines,
        "lines_with_hours": with_hours,
        "lines_without_hours": without_hours,
        "services": services,
        "services_with_topic": topics,
        "companies_with_human": len(human),
        "sourced_key_paths": key_paths,
        "stale_companies": stale_companies,
        "stale_services": stale_services,
    }
