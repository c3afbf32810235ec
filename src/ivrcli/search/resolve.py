"""From the user's query to one answer: parse, the exact pass, the fuzzy pass, ties.

The answer is a :class:`Match`: the route (company, line, menu nodes) and how
well the query named it. A tie raises :class:`~ivrcli.errors.Ambiguous`
holding every tied :class:`Match`, so its message needs nothing else.
"""

from typing import NamedTuple

from ivrcli.errors import Ambiguous, NoMatch, UsageError
from ivrcli.model import Route, main_line
from ivrcli.search.index import Index
from ivrcli.search.rank import Companies, ParsedQuery, Searcher
from ivrcli.search.routes import Candidate
from ivrcli.search.words import near_words
from ivrcli.textnorm import normalise

HUMAN_WORDS = frozenset({"human", "agent", "representative", "operator", "נציג"})
MAX_QUERY_WORDS = 24
MAX_QUERY_CHARS = 400


class Match(NamedTuple):
    """A resolved answer: where it is in the catalogue (``candidate``) and its route."""

    candidate: Candidate
    route: Route

    @property
    def score(self) -> int:
        return self.candidate.score

    @property
    def ignored(self) -> tuple[str, ...]:
        """Query words that matched nothing (beside words that did)."""
        return self.candidate.ignored

    @property
    def human(self) -> bool:
        """The query asked for a person and this is the route to one."""
        return self.candidate.human


def parse_query(query: list[str]) -> ParsedQuery:
    """Normalised query words; a query too long to be a company and a service is refused."""
    text = " ".join(query)
    if len(text) > MAX_QUERY_CHARS:
        raise UsageError(f"the query is too long (over {MAX_QUERY_CHARS} characters)")
    words = normalise(text).split()
    if len(words) > MAX_QUERY_WORDS:
        raise UsageError(f"the query has too many words (at most {MAX_QUERY_WORDS})")
    asked = frozenset(w for w in words if w in HUMAN_WORDS)
    return ParsedQuery([w for w in words if w not in HUMAN_WORDS], bool(asked), asked)


def route_of(companies: Companies, cand: Candidate) -> Route:
    """The route a candidate stands for; a company alone dials its main line."""
    company = companies[cand.company]
    if cand.line is None:
        return Route(company, main_line(company), [])
    line = company["lines"][cand.line]
    nodes = []
    menu = line.get("menu", [])
    for i in cand.path:
        nodes.append(menu[i])
        menu = menu[i].get("menu", [])
    return Route(company, line, nodes)


def pick(
    companies: Companies, index: Index, candidates: list[Candidate], query: list[str]
) -> Match:
    """The single best candidate; ancestors of an equal one step aside; else Ambiguous.

    A wanted entry that scores higher than every real candidate is no answer: NoMatch
    naming it, with the best real candidate as a suggestion; unless that real candidate's
    whole name is what the query says, taking in the wanted entry's words and more
    (``hot mobile lost phone`` is HOT mobile, not HOT) or naming it better (``bezeq`` is
    Bezeq, not Bezeq International).
    """
    real = [c for c in candidates if not c.wanted]
    if candidates[0].wanted and (not real or candidates[0].score > real[0].score):
        parsed = parse_query(query)
        named = Searcher(companies, index, fuzzy=True, wanted=False).candidates(parsed, False)
        if not named or not _named_by(named[0], candidates[0]):
            raise wanted_error(companies, index, candidates[0].company, query, named)
        real = named
    best = real[0].score
    top = [c for c in real if c.score == best]
    # an ancestor and its descendant share their company: compare within each one
    by_company: dict[int, list[Candidate]] = {}
    for c in top:
        by_company.setdefault(c.company, []).append(c)
    top = [c for c in top if not any(c.is_ancestor_of(o) for o in by_company[c.company])]
    if len(top) > 1:
        message = f"{len(top)} candidates score {best}; add a word to choose one"
        raise Ambiguous(message, [Match(c, route_of(companies, c)) for c in top])
    return Match(top[0], route_of(companies, top[0]))


def _named_by(real: Candidate, wanted: Candidate) -> bool:
    """The real candidate's own name is exactly what the query says where the wanted entry
    was read, and either says more or the wanted entry's name was matched only in part."""
    (ri, rj), (wi, wj) = real.span, wanted.span
    covers = ri <= wi and wj <= rj
    return real.named == 100 and covers and ((ri, rj) != (wi, wj) or wanted.named < 100)


def wanted_error(
    companies: Companies,
    index: Index,
    position: int,
    query: list[str],
    real: list[Candidate] | None = None,
) -> NoMatch:
    """The wanted organisation at ``position`` is the best answer: say so, how to add it,
    and the best real candidate (``real``: the real candidates, when already found)."""
    import shlex

    entry = companies[position]
    if real is None:
        parsed = parse_query(query)
        real = Searcher(companies, index, fuzzy=True, wanted=False).candidates(parsed, False)
    suggestions = [companies[real[0].company]["id"]] if real else []
    message = (
        f"{entry['name']}: no sourced number yet; if you know it, add it with: "
        f"ivr map {entry['id']} --name {shlex.quote(entry['name'])} --number NUMBER"
    )
    if suggestions:
        message += f" (or did you mean {suggestions[0]}?)"
    return NoMatch(
        message, suggestions=suggestions, wanted={"id": entry["id"], "name": entry["name"]}
    )


def no_match(query: list[str], suggestions: list[str] | None = None) -> NoMatch:
    """The one "nothing matches" error, with company ids to try when some are close."""
    text = " ".join(query)
    if suggestions:
        message = f"nothing matches {text!r}; did you mean: {', '.join(suggestions)}?"
        return NoMatch(message, suggestions=suggestions)
    return NoMatch(f"nothing matches {text!r}; see: ivr list", suggestions=suggestions or [])


def search(companies: Companies, index: Index, query: list[str]) -> Match:
    """Resolve a query: exact pass first (cheap), the full fuzzy pass when it finds no 100."""
    parsed = parse_query(query)
    if not parsed.words:
        raise no_match(query)
    exact = Searcher(companies, index, fuzzy=False).candidates(parsed, exhaustive=False)
    if exact and exact[0].score == 100:
        return pick(companies, index, exact, query)
    found = Searcher(companies, index, fuzzy=True).candidates(parsed, exhaustive=False)
    if not found:
        raise no_match(query, suggest(companies, index, parsed))
    return pick(companies, index, found, query)


def search_all(companies: Companies, index: Index, query: list[str]) -> list[Match]:
    """Every candidate of the full fuzzy pass, best first (``find --all``)."""
    parsed = parse_query(query)
    if not parsed.words:
        return []
    found = Searcher(companies, index, fuzzy=True, wanted=False).candidates(parsed)
    return [Match(c, route_of(companies, c)) for c in found]


def wanted_matching(companies: Companies, index: Index, query: list[str]) -> list[int]:
    """Positions of the wanted entries the query names, best first."""
    parsed = parse_query(query)
    if not parsed.words:
        return []
    found = Searcher(companies, index, fuzzy=True).candidates(parsed)
    return list(dict.fromkeys(c.company for c in found if c.wanted))


#: a name word this close to a query word (rapidfuzz ratio) puts its companies in the running
SUGGEST_WORD_CUTOFF = 50
#: at most this many companies are compared whole for suggestions
SUGGEST_POOL = 2000


def suggest(companies: Companies, index: Index, parsed: ParsedQuery, limit: int = 3) -> list[str]:
    """Ids of companies (not wanted entries) whose names are close to the query's words.

    The pool is the companies holding a name word close to a query word (or that
    word's abbreviation), found in the vocabulary, never by reading every company;
    each pooled name is then scored against the whole query and each word.
    """
    from rapidfuzz import fuzz, process

    pool: set[int] = set()
    for word in parsed.words:
        for match in near_words(index, word, SUGGEST_WORD_CUTOFF):
            pool.update(ci for ci in index.postings(match) if ci < len(companies))
    choices: dict[str, int] = {}
    for ci in sorted(pool)[:SUGGEST_POOL]:
        for term in index.terms_of(ci):
            choices.setdefault(term, ci)
    keys = list(choices)
    scored: dict[int, float] = {}
    for text in [" ".join(parsed.words), *parsed.words]:
        for _, score, pos in process.extract(
            text, keys, scorer=fuzz.WRatio, limit=5, score_cutoff=60
        ):
            ci = choices[keys[pos]]
            scored[ci] = max(scored.get(ci, 0), score)
    ranked = sorted(scored, key=lambda ci: (-scored[ci], ci))[:limit]
    return [companies[ci]["id"] for ci in ranked]
