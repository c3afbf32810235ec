"""Scoring candidates for a query, with integer scores (ties are left to ``resolve``).

Scoring (0-100, integers): a query is split into a company span and the rest.
Each query word is compared with the words of a name or alias: equal words
score 100, an abbreviation (``tech`` for ``technical``) 90, a typo its
``rapidfuzz`` ratio; a word under :data:`WORD_CUTOFF` does not match. A span
matching a whole name or alias exactly scores 100; any other match is capped
at 99, so an exact name always beats a partial one. The candidate's score is
the word-weighted mean of its company span and the service spans; stray words
count 0 and are reported as ignored.

Only a candidate whose every word matches exactly reaches 100, so an
exact-only pass that finds a 100 gives the same answer as the full fuzzy pass
and lets ``find`` skip importing rapidfuzz (``resolve`` runs the passes).
"""

from collections.abc import Iterator
from typing import NamedTuple, Protocol

from ivrcli.model import CompanyData, human_route
from ivrcli.search.index import Index
from ivrcli.search.routes import MAX_SPAN, Candidate, RouteWalk
from ivrcli.search.similarity import WordSim, exact_sim, fuzzy_sim, term_sim
from ivrcli.search.words import matching_words, service_cap, span_ways, way_companies


class Companies(Protocol):
    """Companies by position: a list, or the cache's lazily read catalogue. Positions from
    ``len()`` on are wanted entries (in the index, not dialable)."""

    def __getitem__(self, i: int, /) -> CompanyData: ...

    def __len__(self) -> int: ...


class ParsedQuery(NamedTuple):
    """The user's query as scored: normalised words, and whether it asks for a person
    (``asked``: the words that asked, such as ``representative``)."""

    words: list[str]
    human: bool
    asked: frozenset[str] = frozenset()


class Searcher:
    """Scores every candidate for a query; ``fuzzy=False`` is the exact-only fast pass,
    ``wanted=False`` leaves wanted entries out."""

    def __init__(
        self, companies: Companies, index: Index, fuzzy: bool = True, wanted: bool = True
    ) -> None:
        self.companies = companies
        self.index = index
        self.fuzzy = fuzzy
        self.wanted = wanted
        base: WordSim = fuzzy_sim if fuzzy else exact_sim
        memo: dict[tuple[str, str], int] = {}

        def sim(a: str, b: str) -> int:
            # the same few query words meet the same service names in company after company
            score = memo.get((a, b))
            if score is None:
                score = memo[(a, b)] = base(a, b)
            return score

        self.sim: WordSim = sim

    def matching(self, word: str) -> dict[str, int]:
        """Name words the query word can match, with their scores."""
        return matching_words(self.index, word, self.fuzzy, self.sim)

    def cap(self, word: str) -> int:
        """The most the word can add as a service word."""
        return service_cap(self.index, word, self.fuzzy, self.sim)

    def candidates(self, parsed: ParsedQuery, exhaustive: bool = True) -> list[Candidate]:
        """Every candidate (``exhaustive``), or at least all that share the best score.

        Company spans are scored first; each bounds what any of its services can
        reach (each rest word at most its best match among all service names, a
        wanted entry's exactly that), so the best-first walk can stop at the first bound
        under the best score found without changing the answer (``tests/test_index.py``
        holds it against brute force).
        """
        words = parsed.words
        n = len(words)
        exact = {w: bool(self.index.postings(w)) for w in set(words)}
        scanned: dict[str, dict[str, int]] = {}

        def near(word: str) -> dict[str, int]:
            """The word's near words (not itself), scanned on first need."""
            if word not in scanned:
                scanned[word] = {m: s for m, s in self.matching(word).items() if m != word}
            return scanned[word]

        caps = {w: self.cap(w) for w in set(words)}
        real = len(self.companies)

        def rest_cap(i: int, j: int) -> int:
            # each word beyond the span adds at most its best match among all service
            # names (a wanted entry's unknown services are scored so, exactly)
            return sum(caps[w] for w in words[:i] + words[j:])

        # a span's company score is at most the mean of its words' best matches: each
        # way of matching a span (span_ways) is taken best bound first, and its
        # companies only while they can still win
        spans: list[tuple[int, int, int, frozenset[str]]] = []  # (bound, i, j, by near)
        for i in range(n):
            for j in range(i + 1, min(n, i + MAX_SPAN) + 1):
                for by_near, top in span_ways(words[i:j], exact, self.fuzzy):
                    spans.append((int((top + rest_cap(i, j)) / n), i, j, by_near))
        spans.sort(key=lambda s: (-s[0], s[1], s[2], sorted(s[3])))
        found: dict[tuple[int, int | None, tuple[int, ...]], Candidate] = {}
        # the exact pass only answers with a 100: nothing under it needs scoring
        best = -1 if self.fuzzy else 100
        for span_bound, i, j, by_near in spans:
            if not exhaustive and span_bound < best:
                break
            span = words[i:j]
            rest = words[:i] + words[j:]
            beyond = rest_cap(i, j)
            # a company can still win only if its span words sum to at least this
            need = best * n - beyond if not exhaustive else 0
            # words beyond the span that no service's name (or number) can match: a real
            # company's routes need one of them to match, so only wanted entries remain
            stray = bool(rest) and beyond == 0
            bounds = [
                (int((mean * (j - i) + beyond) / n), ci)
                for ci, mean in way_companies(self.index, span, by_near, near, need).items()
            ]
            for bound, ci in sorted(bounds, key=lambda b: (-b[0], b[1])):
                if not exhaustive and bound < best:
                    break
                if (ci >= real and not self.wanted) or (ci < real and stray):
                    continue
                cscore = max(
                    (term_sim(span, t.split(), self.sim) for t in self.index.terms_of(ci)),
                    default=0,
                )
                if not cscore:
                    continue
                if not exhaustive and int((cscore * (j - i) + beyond) / n) < best:
                    continue
                for found_here in self._services(ci, cscore, j - i, rest, n, parsed, caps):
                    cand = found_here._replace(span=(i, j), named=cscore)
                    old = found.get(cand.key)
                    if old is None or _better(cand, old):
                        found[cand.key] = cand
                        best = max(best, cand.score)
        return sorted(found.values(), key=lambda c: (-c.score, c.company, c.line or 0, c.path))

    def _services(
        self,
        ci: int,
        cscore: int,
        span_len: int,
        rest: list[str],
        n: int,
        parsed: ParsedQuery,
        caps: dict[str, int],
    ) -> Iterator[Candidate]:
        if ci >= len(self.companies):
            # a wanted entry: nothing is known of its menu, so a rest word counts as much
            # as it matches any known service's name (a company's name does not), and the
            # entry never scores above how well the query names it
            rest_score = sum(caps[w] for w in rest)
            score = min(cscore, int((cscore * span_len + rest_score) / n))
            yield Candidate(ci, None, (), score, wanted=True)
            return
        if not rest:
            if parsed.human:  # only the route to a person reads the company's menus
                route = human_route(self.companies[ci], parsed.asked)
                if route is not None:
                    yield Candidate(ci, route[0], route[1], cscore, human=True)
                return
            yield Candidate(ci, None, (), cscore)
            return
        walk = RouteWalk(ci, cscore, span_len, rest, n, self.sim)
        yield from walk.routes(self.companies[ci])


def _better(new: Candidate, old: Candidate) -> bool:
    """Of two readings of one candidate, the higher score; at an equal score the one whose
    words name the company better, then the longer, then the earlier span: the same
    reading whatever order the spans were taken in."""
    (ni, nj), (oi, oj) = new.span, old.span
    return (new.score, new.named, nj - ni, -ni) > (old.score, old.named, oj - oi, -oi)
