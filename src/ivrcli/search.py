"""From free words to a company, line and menu node, with integer scores and honest ties.

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
and lets ``find`` skip importing rapidfuzz.
"""

from __future__ import annotations

import zlib
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from ivrcli.errors import Ambiguous, NoMatch, UsageError
from ivrcli.textnorm import normalise

WORD_CUTOFF = 75
ABBREVIATION = 90
MAX_SPAN = 4
HUMAN_WORDS = frozenset({"human", "agent", "representative", "operator", "נציג"})

Company = dict[str, Any]
WordSim = Callable[[str, str], int]


class Companies(Protocol):
    """Companies by position: a list, or the cache's lazily read catalogue."""

    def __getitem__(self, i: int, /) -> Company: ...

    def __len__(self) -> int: ...


@dataclass(frozen=True)
class Candidate:
    """A company (``line`` None), a line (``path`` empty) or a menu node, with its score."""

    company: int
    line: int | None
    path: tuple[int, ...]
    score: int
    ignored: tuple[str, ...] = ()
    human: bool = False

    @property
    def key(self) -> tuple[int, int | None, tuple[int, ...]]:
        return (self.company, self.line, self.path)

    def is_ancestor_of(self, other: Candidate) -> bool:
        if self.company != other.company or self.key == other.key:
            return False
        if self.line is None:
            return True
        return self.line == other.line and other.path[: len(self.path)] == self.path


TERM_SEP = "\x1f"
#: the word -> companies table is stored in this many buckets, read one at a time
BUCKETS = 256


def bucket_of(word: str) -> int:
    return zlib.crc32(word.encode()) % BUCKETS


class Index:
    """Pre-normalised company names, and each name word -> the companies using it.

    Built in memory from companies, or read from the cache in parts: the
    packed terms at once, a bucket of the word table only when a query word
    falls in it, the sorted word list only for a fuzzy search.
    """

    def __init__(
        self,
        ids: list[str],
        packed_terms: list[str],
        vocab: dict[str, list[int]],
        load_bucket: Callable[[int], dict[str, list[int]]] | None = None,
        load_words: Callable[[], list[str]] | None = None,
    ) -> None:
        self.ids = ids
        self.packed_terms = packed_terms
        self._vocab = vocab
        self._load_bucket = load_bucket
        self._load_words = load_words
        self._buckets: set[int] = set()
        self._words: list[str] | None = None

    @classmethod
    def build(cls, companies: list[Company]) -> Index:
        packed: list[str] = []
        vocab: dict[str, list[int]] = {}
        for ci, company in enumerate(companies):
            terms = company_terms(company)
            packed.append(TERM_SEP.join(terms))
            for word in sorted({w for t in terms for w in t.split()}):
                vocab.setdefault(word, []).append(ci)
        return cls([c["id"] for c in companies], packed, vocab)

    def terms_of(self, ci: int) -> list[str]:
        return self.packed_terms[ci].split(TERM_SEP)

    def postings(self, word: str) -> list[int]:
        if self._load_bucket is not None:
            bucket = bucket_of(word)
            if bucket not in self._buckets:
                self._buckets.add(bucket)
                self._vocab.update(self._load_bucket(bucket))
        return self._vocab.get(word, [])

    def words(self) -> list[str]:
        """Every name word, sorted."""
        if self._words is None:
            self._words = self._load_words() if self._load_words else sorted(self._vocab)
        return self._words

    def buckets(self) -> list[dict[str, list[int]]]:
        """The word table split for the cache (only for an index built in memory)."""
        parts: list[dict[str, list[int]]] = [{} for _ in range(BUCKETS)]
        for word, ids in self._vocab.items():
            parts[bucket_of(word)][word] = ids
        return parts


def company_terms(company: Company) -> list[str]:
    names = [company["id"].replace("-", " "), company["name"], *company.get("aliases", [])]
    return _unique(normalise(n) for n in names)


def node_terms(node: dict[str, Any]) -> list[str]:
    return _unique(normalise(n) for n in [node.get("name") or "", *node.get("aliases", [])])


def split_terms(holder: dict[str, Any]) -> list[list[str]]:
    """A line's or node's normalised names as word lists (precompiled in the cache)."""
    terms = holder.get("_terms")
    if terms is None:
        terms = node_terms(holder)
    return [t.split() for t in terms]


def _unique(items: Iterator[str] | list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return out


# --------------------------------------------------------------------------- similarity


def exact_sim(a: str, b: str) -> int:
    return 100 if a == b else 0


def fuzzy_sim(a: str, b: str) -> int:
    """100 for equal words, 90 for an abbreviation, else the rapidfuzz ratio (floored)."""
    if a == b:
        return 100
    from rapidfuzz.fuzz import ratio

    score = int(ratio(a, b))
    if len(a) >= 3 and b.startswith(a):
        score = max(score, ABBREVIATION)
    return min(score, 99)


def term_sim(span: list[str], term: list[str], sim: WordSim) -> int:
    """How well a span of query words names ``term`` (0 when any word misses)."""
    if span == term:
        return 100
    used: set[int] = set()
    total = 0
    for word in span:
        best, where = 0, -1
        for i, candidate in enumerate(term):
            score = sim(word, candidate)
            if score > best:
                best, where = score, i
        if best < WORD_CUTOFF:
            return 0
        used.add(where)
        total += best
    coverage = len(used) / len(term)
    return min(99, int(total / len(span) * (0.8 + 0.2 * coverage)))


# --------------------------------------------------------------------------- search


@dataclass
class Query:
    words: list[str]
    human: bool


MAX_QUERY_WORDS = 24
MAX_QUERY_CHARS = 400


def parse_query(parts: list[str]) -> Query:
    """Normalised query words; a query too long to be a company and a service is refused."""
    text = " ".join(parts)
    if len(text) > MAX_QUERY_CHARS:
        raise UsageError(f"the query is too long (over {MAX_QUERY_CHARS} characters)")
    words = normalise(text).split()
    if len(words) > MAX_QUERY_WORDS:
        raise UsageError(f"the query has too many words (at most {MAX_QUERY_WORDS})")
    human = any(w in HUMAN_WORDS for w in words)
    return Query([w for w in words if w not in HUMAN_WORDS], human)


class Searcher:
    """Scores every candidate for a query; ``fuzzy=False`` is the exact-only fast pass."""

    def __init__(self, companies: Companies, index: Index, fuzzy: bool = True) -> None:
        self.companies = companies
        self.index = index
        self.fuzzy = fuzzy
        base: WordSim = fuzzy_sim if fuzzy else exact_sim
        memo: dict[tuple[str, str], int] = {}

        def sim(a: str, b: str) -> int:
            # the same few query words meet the same service names in company after company
            score = memo.get((a, b))
            if score is None:
                score = memo[(a, b)] = base(a, b)
            return score

        self.sim: WordSim = sim

    def _matching_words(self, word: str) -> dict[str, int]:
        """Name words this query word can match (itself, typos, words it abbreviates): scores."""
        if not self.fuzzy:
            return {word: 100} if self.index.postings(word) else {}
        from rapidfuzz import fuzz, process

        vocab = self.index.words()
        found = {
            match
            for match, _, _ in process.extract(
                word, vocab, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF, limit=None
            )
        }
        if len(word) >= 3:  # the sorted list holds the words it abbreviates in one run
            i = bisect_left(vocab, word)
            while i < len(vocab) and vocab[i].startswith(word):
                found.add(vocab[i])
                i += 1
        scored = {match: self.sim(word, match) for match in sorted(found)}
        return {match: score for match, score in scored.items() if score >= WORD_CUTOFF}

    def candidates(self, query: Query, exhaustive: bool = True) -> list[Candidate]:
        """Every candidate (``exhaustive``), or at least all that share the best score.

        Company spans are scored first; each bounds what any of its services can
        reach (its rest words at 100 at most), so the best-first walk can stop at
        the first bound under the best score found without changing the answer.
        """
        words = query.words
        n = len(words)
        matched = {w: self._matching_words(w) for w in set(words)}
        # a span's company score is at most the mean of its words' best matches in that
        # company: a cheap bound that orders the work and skips most of it
        spans: list[tuple[int, int, int, int]] = []  # (bound, i, j, company)
        for i in range(n):
            for j in range(i + 1, min(n, i + MAX_SPAN) + 1):
                for ci, mean in self._companies_for(words[i:j], matched).items():
                    spans.append((int((mean * (j - i) + 100 * (n - j + i)) / n), i, j, ci))
        spans.sort(key=lambda s: (-s[0], s[1], s[2], s[3]))
        found: dict[tuple[int, int | None, tuple[int, ...]], Candidate] = {}
        # the exact pass only answers with a 100: nothing under it needs scoring
        best = -1 if self.fuzzy else 100
        for bound, i, j, ci in spans:
            if not exhaustive and bound < best:
                break
            span = words[i:j]
            cscore = max(
                (term_sim(span, t.split(), self.sim) for t in self.index.terms_of(ci)),
                default=0,
            )
            if not cscore:
                continue
            if not exhaustive and int((cscore * (j - i) + 100 * (n - j + i)) / n) < best:
                continue
            rest = words[:i] + words[j:]
            for cand in self._services(ci, cscore, j - i, rest, n, query.human):
                old = found.get(cand.key)
                if old is None or cand.score > old.score:
                    found[cand.key] = cand
                    best = max(best, cand.score)
        return sorted(found.values(), key=lambda c: (-c.score, c.company, c.line or 0, c.path))

    def _companies_for(self, span: list[str], matched: dict[str, dict[str, int]]) -> dict[int, int]:
        """Companies with a match for every span word -> the mean of those best matches."""
        totals: dict[int, int] | None = None
        for word in span:
            best: dict[int, int] = {}
            for match, score in matched[word].items():
                for ci in self.index.postings(match):
                    if score > best.get(ci, 0):
                        best[ci] = score
            if totals is None:
                totals = best
            else:
                totals = {ci: t + best[ci] for ci, t in totals.items() if ci in best}
        return {ci: total // len(span) for ci, total in (totals or {}).items()}

    def _services(
        self, ci: int, cscore: int, span_len: int, rest: list[str], n: int, human: bool
    ) -> Iterator[Candidate]:
        company = self.companies[ci]
        if not rest:
            if human:
                route = human_route(company)
                if route is not None:
                    yield Candidate(ci, route[0], route[1], cscore, human=True)
                return
            yield Candidate(ci, None, (), cscore)
            return
        for li, line in enumerate(company["lines"]):
            line_terms = split_terms(line)
            yield from self._walk(ci, li, (), [line_terms], line_terms, cscore, span_len, rest, n)
            for ni, node in enumerate(line.get("menu", [])):
                yield from self._node(ci, li, (ni,), node, [line_terms], cscore, span_len, rest, n)

    def _node(
        self,
        ci: int,
        li: int,
        path: tuple[int, ...],
        node: dict[str, Any],
        above: list[list[list[str]]],
        cscore: int,
        span_len: int,
        rest: list[str],
        n: int,
    ) -> Iterator[Candidate]:
        own = split_terms(node)
        yield from self._walk(ci, li, path, above, own, cscore, span_len, rest, n)
        for ki, child in enumerate(node.get("menu", [])):
            yield from self._node(
                ci, li, (*path, ki), child, [*above, own], cscore, span_len, rest, n
            )

    def _walk(
        self,
        ci: int,
        li: int,
        path: tuple[int, ...],
        above: list[list[list[str]]],
        own: list[list[str]],
        cscore: int,
        span_len: int,
        rest: list[str],
        n: int,
    ) -> Iterator[Candidate]:
        if not own:
            return
        # (score, span length, is own term, start, end)
        options: list[tuple[int, int, int, int, int]] = []
        levels = [(terms, 0) for terms in above] + [(own, 1)]
        for start in range(len(rest)):
            for end in range(start + 1, min(len(rest), start + MAX_SPAN) + 1):
                span = rest[start:end]
                for terms, is_own in levels:
                    best = max((term_sim(span, t, self.sim) for t in terms), default=0)
                    if best:
                        options.append((best, end - start, is_own, start, end))
        options.sort(key=lambda o: (-o[0], -o[1], -o[2], o[3]))
        taken = [False] * len(rest)
        total = cscore * span_len
        used_own = False
        for score, length, is_own, start, end in options:
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            total += score * length
            used_own = used_own or bool(is_own)
        if not used_own:
            return
        ignored = tuple(w for w, t in zip(rest, taken, strict=True) if not t)
        yield Candidate(ci, li, path, int(total / n), ignored)


def human_route(company: Company) -> tuple[int, tuple[int, ...]] | None:
    """The node marked ``shortcut``, else the ``kind: human`` node with the fewest key steps."""
    from ivrcli.keys import parse_keys

    best: tuple[int, int, tuple[int, ...]] | None = None
    order = 0
    for li, line in enumerate(company["lines"]):
        for path, nodes in walk_nodes(line.get("menu", [])):
            node = nodes[-1]
            if node.get("shortcut"):
                return li, path
            if node.get("kind") == "human":
                steps = 0
                for n in nodes:
                    keys = n.get("keys")
                    steps += len(parse_keys(keys)) if keys else 1000
                order += 1
                if best is None or steps < best[0]:
                    best = (steps, li, path)
    return (best[1], best[2]) if best else None


def walk_nodes(
    menu: list[dict[str, Any]], path: tuple[int, ...] = (), above: tuple[dict[str, Any], ...] = ()
) -> Iterator[tuple[tuple[int, ...], tuple[dict[str, Any], ...]]]:
    """Every node of a menu in file order, with its index path and the nodes down to it."""
    for i, node in enumerate(menu):
        here = (*path, i)
        nodes = (*above, node)
        yield here, nodes
        yield from walk_nodes(node.get("menu", []), here, nodes)


def pick(candidates: list[Candidate]) -> Candidate:
    """The single best candidate; ancestors of an equal one step aside; else Ambiguous."""
    best = candidates[0].score
    top = [c for c in candidates if c.score == best]
    top = [c for c in top if not any(c.is_ancestor_of(o) for o in top)]
    if len(top) > 1:
        message = f"{len(top)} candidates score {best}; add a word to choose one"
        raise Ambiguous(message, candidates=top)
    return top[0]


def no_match(parts: list[str], suggestions: list[str] | None = None) -> NoMatch:
    """The one "nothing matches" error, with company ids to try when some are close."""
    text = " ".join(parts)
    if suggestions:
        message = f"nothing matches {text!r}; did you mean: {', '.join(suggestions)}?"
        return NoMatch(message, suggestions=suggestions)
    return NoMatch(f"nothing matches {text!r}; see: ivr list", suggestions=suggestions or [])


def search(companies: Companies, index: Index, parts: list[str]) -> tuple[Candidate, Query]:
    """Resolve a query: exact pass first (cheap), the full fuzzy pass when it finds no 100."""
    query = parse_query(parts)
    if not query.words:
        raise no_match(parts)
    exact = Searcher(companies, index, fuzzy=False).candidates(query, exhaustive=False)
    if exact and exact[0].score == 100:
        return pick(exact), query
    found = Searcher(companies, index, fuzzy=True).candidates(query, exhaustive=False)
    if not found:
        raise no_match(parts, suggest(companies, index, query))
    return pick(found), query


def search_all(companies: Companies, index: Index, parts: list[str]) -> list[Candidate]:
    """Every candidate of the full fuzzy pass, best first (``find --all``)."""
    query = parse_query(parts)
    if not query.words:
        return []
    return Searcher(companies, index, fuzzy=True).candidates(query)


def suggest(companies: Companies, index: Index, query: Query, limit: int = 3) -> list[str]:
    """Company names close to any query word or to the whole query."""
    from rapidfuzz import fuzz, process

    choices: dict[str, int] = {}
    for ci in range(len(index.packed_terms)):
        for term in index.terms_of(ci):
            choices.setdefault(term, ci)
    keys = list(choices)
    scored: dict[int, float] = {}
    for text in [" ".join(query.words), *query.words]:
        for _, score, pos in process.extract(
            text, keys, scorer=fuzz.WRatio, limit=5, score_cutoff=60
        ):
            ci = choices[keys[pos]]
            scored[ci] = max(scored.get(ci, 0), score)
    ranked = sorted(scored, key=lambda ci: (-scored[ci], ci))[:limit]
    return [companies[ci]["id"] for ci in ranked]
