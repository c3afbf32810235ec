"""How well the query words beyond a company's name name its lines and services.

For one company (found by ``rank``), every line and menu node is scored: the rest
words are matched to the names on the way down (a line's number counts as its
name), the best non-overlapping matches are taken, and a route counts only when a
word names the line or node itself. The :class:`Candidate` it yields is what the
search ranks.
"""

from collections.abc import Iterator
from typing import NamedTuple

from ivrcli.model import CompanyData, Holder
from ivrcli.search.index import digit_runs, line_numbers, split_terms
from ivrcli.search.similarity import WordSim, term_sim

#: the most query words one name is compared with at a time
MAX_SPAN = 4


class Candidate(NamedTuple):
    """A company (``line`` None), a line (``path`` empty) or a menu node, with its score."""

    company: int
    line: int | None
    path: tuple[int, ...]
    score: int
    ignored: tuple[str, ...] = ()
    human: bool = False
    #: a wanted entry (no sourced number): its rest words score as service names would
    wanted: bool = False
    #: the query words naming the company (start, end), and how well they name it
    span: tuple[int, int] = (0, 0)
    named: int = 0

    @property
    def key(self) -> tuple[int, int | None, tuple[int, ...]]:
        return (self.company, self.line, self.path)

    def is_ancestor_of(self, other: "Candidate") -> bool:
        if self.company != other.company or self.key == other.key:
            return False
        if self.line is None:
            return True
        return self.line == other.line and other.path[: len(self.path)] == self.path


class RouteWalk:
    """The routes of one company for the ``rest`` of an ``n``-word query, whose company
    span of ``span_len`` words scored ``cscore``."""

    def __init__(
        self, ci: int, cscore: int, span_len: int, rest: list[str], n: int, sim: WordSim
    ) -> None:
        self.ci, self.cscore, self.span_len = ci, cscore, span_len
        self.rest, self.n, self.sim = rest, n, sim
        self.runs = digit_runs(rest)

    def routes(self, company: CompanyData) -> Iterator[Candidate]:
        for li, line in enumerate(company["lines"]):
            line_terms = split_terms(line)
            # words naming the line's number, whole: they count as a line name does
            numbers = line_numbers(line) if self.runs else []
            hits = [(start, end) for start, end, digits in self.runs if digits in numbers]
            yield from self._walk(li, (), [line_terms], line_terms, hits)
            for ni, node in enumerate(line.get("menu", [])):
                yield from self._node(li, (ni,), node, [line_terms], hits)

    def _node(
        self,
        li: int,
        path: tuple[int, ...],
        node: Holder,
        above: list[list[list[str]]],
        hits: list[tuple[int, int]],
    ) -> Iterator[Candidate]:
        own = split_terms(node)
        yield from self._walk(li, path, above, own, hits)
        for ki, child in enumerate(node.get("menu", [])):
            yield from self._node(li, (*path, ki), child, [*above, own], hits)

    def _walk(
        self,
        li: int,
        path: tuple[int, ...],
        above: list[list[list[str]]],
        own: list[list[str]],
        hits: list[tuple[int, int]],
    ) -> Iterator[Candidate]:
        """A line (``path`` empty; ``hits`` name its number) or a node (``hits`` name its
        line's number, as a word of the line's name would)."""
        rest = self.rest
        if not own and (path or not hits):
            return
        # (score, span length, is own term, start, end)
        options = [(100, end - start, int(not path), start, end) for start, end in hits]
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
        total = self.cscore * self.span_len
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
        yield Candidate(self.ci, li, path, int(total / self.n), ignored)
