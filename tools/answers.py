"""Answer random queries with one checkout's search, to compare two checkouts' answers.

    git worktree add /tmp/before REV
    python tools/answers.py /tmp/before/src data/companies.yaml 1500 > before.json
    python tools/answers.py src data/companies.yaml 1500 > after.json
    cmp before.json after.json

The queries are drawn (seeded, so both runs draw the same) from the catalogue's own
name and service words, some with a one-letter slip. Each answer is the route's
key, score and ignored words, a tie's keys, or a no-match's suggestions: a search
change meant to be faster must leave them all as they were. ``--cache`` answers
from the compiled cache instead of memory (set ``IVR_HOME`` to a scratch folder).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any


def queries(companies: list[dict[str, Any]], count: int) -> list[list[str]]:
    names: set[str] = set()
    services: set[str] = set()
    for company in companies:
        for name in [company["name"], *company.get("aliases", [])]:
            names.update(name.lower().split())
        stack = list(company.get("lines", []))
        while stack:
            holder = stack.pop()
            services.update((holder.get("name") or "").lower().split())
            stack.extend(holder.get("menu", []))
    pools = sorted(names), sorted(services)
    draw = random.Random(7)  # noqa: S311 - a seeded draw of queries, no secret

    def slip(word: str) -> str:
        if len(word) < 4:
            return word
        i = draw.randrange(len(word))
        kind = draw.choice("drs")
        if kind == "d":
            return word[:i] + word[i + 1 :]
        if kind == "r":
            return word[:i] + draw.choice("abcdeilmnorst") + word[i + 1 :]
        return word[:i] + word[i : i + 2][::-1] + word[i + 2 :]

    drawn = []
    for _ in range(count):
        words = [draw.choice(pools[draw.random() < 0.5]) for _ in range(draw.choice([1, 2, 3, 4]))]
        drawn.append([slip(w) if draw.random() < 0.3 else w for w in words])
    return drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", help="the checkout's src folder")
    parser.add_argument("catalogue", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--cache", action="store_true", help="answer from the compiled cache")
    args = parser.parse_args()
    sys.path.insert(0, args.src)
    from ivrcli.catalogue.compiled import Catalogue
    from ivrcli.catalogue.sources import load, open_catalogue
    from ivrcli.errors import Ambiguous, IvrError, NoMatch
    from ivrcli.search.resolve import search

    companies, wanted = load([args.catalogue], defaults=False)
    if args.cache:
        open_catalogue([args.catalogue])  # writes the cache
        catalogue = open_catalogue([args.catalogue])
    else:
        catalogue = Catalogue.from_companies(companies, wanted)
    answers: list[Any] = []
    for query in queries(companies, args.count):
        try:
            match = search(catalogue, catalogue.index, query)
            answers.append([query, "ok", match.candidate.key, match.score, match.ignored])
        except Ambiguous as exc:
            answers.append([query, "tie", sorted(m.candidate.key for m in exc.candidates)])
        except NoMatch as exc:
            wanted_id = (exc.extra.get("wanted") or {}).get("id")
            answers.append([query, "none", exc.extra.get("suggestions"), wanted_id])
        except IvrError as exc:
            answers.append([query, "error", type(exc).__name__])
    json.dump(answers, sys.stdout, ensure_ascii=False, indent=0)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
