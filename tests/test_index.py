"""The index answers a query as scoring every company would (issue 17).

A brute-force reference scores every company with every name word it could
match, found by comparing the query word with the whole vocabulary one pair at
a time, with no bound: the indexed search (the vocabulary scan, prefix blocks,
word buckets, service caps and the best-first walk), from memory and from the
cache file, must give the same answer on random catalogues. FICTIONAL data.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ivrcli.catalogue.compiled import Catalogue
from ivrcli.catalogue.sources import load, open_catalogue
from ivrcli.search import words as search_words
from ivrcli.search.rank import Searcher
from ivrcli.search.similarity import WORD_CUTOFF
from test_cache import answer
from test_cache import reference as cache_reference

NAMES = ["kalo", "kalu", "venor", "venorix", "tel", "telco", "mira", "bank", "communications"]
SERVICES = ["billing", "biling", "support", "sales", "cancel", "bill", "internet", "technical"]


class BruteForce(Searcher):
    """Every vocabulary word compared with every query word, no bound on any walk."""

    def matching(self, word: str) -> dict[str, int]:
        scored = {v: self.sim(word, v) for v in self.index.vocabulary()}
        return {v: s for v, s in scored.items() if s >= WORD_CUTOFF}

    def cap(self, word: str) -> int:
        return 100


def reference(catalogue: Catalogue, words: list[str]) -> tuple[str, object]:
    """Every candidate of the brute force, then picked as ``find`` picks."""
    return cache_reference(catalogue, words, BruteForce)


def catalogue_yaml(companies: list[tuple[list[str], list[list[str]]]]) -> str:
    out = ["# FICTIONAL test data\nversion: 1\ncompanies:"]
    for i, (name, menus) in enumerate(companies):
        out.append(
            f"  - id: c{i}-{'-'.join(name)}\n    name: {' '.join(name).title()}\n"
            f"    source: https://example.com/\n    checked: 2026-11-20\n    lines:"
        )
        for li, menu in enumerate(menus):
            out.append(f"      - id: l{li}\n        number: '*55{i:02d}{li}'\n        menu:")
            for ni, service in enumerate(menu):
                out.append(f"          - keys: '{ni + 1}'\n            name: {service}")
    return "\n".join(out) + "\n"


company = st.tuples(
    st.lists(st.sampled_from(NAMES), min_size=1, max_size=2, unique=True),
    st.lists(
        st.lists(st.sampled_from(SERVICES), min_size=1, max_size=3, unique=True),
        min_size=1,
        max_size=2,
    ),
)
# as typed: whole, a letter short or long, reversed, or abbreviated
typo = st.sampled_from(
    [lambda w: w, lambda w: w[:-1], lambda w: w + "x", lambda w: w[::-1], lambda w: w[:4]]
)
query_word = st.tuples(st.sampled_from(NAMES + SERVICES + ["zzz", "ka"]), typo).map(
    lambda pair: pair[1](pair[0])
)


@given(
    companies=st.lists(company, min_size=2, max_size=10),
    queries=st.lists(st.lists(query_word, min_size=1, max_size=3), min_size=1, max_size=5),
)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_indexed_search_equals_brute_force(
    companies: list[tuple[list[str], list[list[str]]]], queries: list[list[str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.yaml"
        path.write_text(catalogue_yaml(companies), encoding="utf-8")
        loaded, wanted = load([path], defaults=False)
        memory = Catalogue.from_companies(loaded, wanted)
        open_catalogue([path])  # writes the cache
        cached = open_catalogue([path])
        for words in queries:
            expected = reference(memory, words)
            assert answer(memory, words) == expected, words
            assert answer(cached, words) == expected, words
            # the same when near words are always scanned, never read from a few names
            with patch.object(search_words, "DIRECT", -1):
                assert answer(cached, words) == expected, words


def test_the_cached_index_answers_what_the_built_one_does(tmp_path: Path) -> None:
    path = tmp_path / "some.yaml"
    path.write_text(
        catalogue_yaml([(["kalo", "bank"], [["billing", "sales"]]), (["venor"], [["tech"]])])
    )
    loaded, wanted = load([path], defaults=False)
    memory = Catalogue.from_companies(loaded, wanted).index
    open_catalogue([path])
    cached = open_catalogue([path]).index
    assert len(cached) == len(memory) == 2
    for ci in range(2):
        assert cached.id_of(ci) == memory.id_of(ci)
        assert cached.terms_of(ci) == memory.terms_of(ci)
    assert cached.vocabulary() == memory.vocabulary() == ["bank", "c0", "c1", "kalo", "venor"]
    assert cached.service_words() == memory.service_words() == ["billing", "sales", "tech"]
    for word in ("kalo", "venor", "nothing"):
        assert cached.postings(word) == memory.postings(word)
    for prefix in ("", "c", "ka", "z"):
        assert list(cached.prefixed(prefix)) == list(memory.prefixed(prefix))
        assert list(cached.ids_prefixed(prefix)) == list(memory.ids_prefixed(prefix))
    assert cached.position("c1-venor") == memory.position("c1-venor") == 1
    assert cached.position("c1") is None


@given(
    st.text(alphabet="abcdeאבג1", min_size=1, max_size=12),
    st.text(alphabet="abcdeאבג1", min_size=1, max_size=12),
    st.sampled_from([50, 60, 75, 90]),
)
def test_the_scan_window_never_leaves_out_a_near_word(a: str, b: str, cutoff: int) -> None:
    from rapidfuzz import fuzz

    from ivrcli.search.near import (
        SignatureFilter,
        length_window,
        near_classes,
        signature,
        word_class,
    )

    if fuzz.ratio(a, b) >= cutoff:
        assert len(b) in length_window(len(a), cutoff)
        assert word_class(b) in near_classes(a)
        assert SignatureFilter(a, cutoff).admitted(len(b), [signature(b)]) == [(0, 1)]


# letters that share classes (a, i, q, y: code point 1 modulo 8) and repeats, where the
# signature bound is tightest
@given(
    st.text(alphabet="aiqyebmu", min_size=1, max_size=10),
    st.text(alphabet="aiqyebmu", min_size=1, max_size=10),
    st.sampled_from([50, 75]),
)
def test_the_signature_bound_holds_where_classes_collide(a: str, b: str, cutoff: int) -> None:
    from rapidfuzz import fuzz
    from rapidfuzz.distance import LCSseq

    from ivrcli.search.near import SignatureFilter, signature

    admits = SignatureFilter(a, cutoff)
    assert LCSseq.similarity(a, b) <= admits.common(len(b), signature(b))
    if fuzz.ratio(a, b) >= cutoff:
        assert admits.admitted(len(b), [signature(b)]) == [(0, 1)]


def test_the_signature_filter_leaves_out_words_too_far() -> None:
    from ivrcli.search.near import SignatureFilter, signature

    # "xyzzy" and "water" share no character class: no word of water's classes is near
    admits = SignatureFilter("xyzzy", 75)
    assert admits.admitted(5, [signature("water"), signature("xyzzx")]) == [(1, 2)]


def test_near_chunks_from_the_cache_equal_the_built_ones(tmp_path: Path) -> None:
    path = tmp_path / "some.yaml"
    path.write_text(
        catalogue_yaml(
            [(["kalo", "bank"], [["billing"]]), (["venorix"], [["tech"]]), (["mira"], [["sales"]])]
        )
    )
    loaded, wanted = load([path], defaults=False)
    memory = Catalogue.from_companies(loaded, wanted).index
    open_catalogue([path])
    cached = open_catalogue([path]).index
    for word in ("kalo", "venor", "x", "בנק", "c1x", "venorx"):
        for cutoff in (50, 75):
            built = [w for group in memory.near(word, cutoff) for w in group]
            assert [w for group in cached.near(word, cutoff) for w in group] == built
    # lengths 3 to 8, ASCII, and characters enough in common: the words a ratio of 75
    # could reach (bank, kalo and mira share too few classes with venor)
    assert [w for group in memory.near("venor", 75) for w in group] == ["venorix"]


def test_a_company_holding_two_near_words_is_bounded_by_the_better(tmp_path: Path) -> None:
    # "venorx" is nearer "venorix" (92) than "venor" (90). c0 is named Venor, alias
    # Venorix: its bound must come from the better word, or c1 (Venorix) would be
    # taken first and hide the tie
    path = tmp_path / "near.yaml"
    path.write_text(
        "# FICTIONAL test data\nversion: 1\ncompanies:\n"
        "  - {id: c0, name: Venor, aliases: [Venorix], lines: [{id: main, number: '*5501'}]}\n"
        "  - {id: c1, name: Venorix, lines: [{id: main, number: '*5502'}]}\n"
    )
    loaded, wanted = load([path], defaults=False)
    memory = Catalogue.from_companies(loaded, wanted)
    assert reference(memory, ["venorx"]) == ("ambiguous", [(0, None, ()), (1, None, ())])
    assert answer(memory, ["venorx"]) == reference(memory, ["venorx"])
    # the same when the word is looked up only for the companies a rarer word left
    path.write_text(
        "# FICTIONAL test data\nversion: 1\ncompanies:\n"
        "  - {id: c0, name: Bank Venor, aliases: [Bank Venorix],\n"
        "     lines: [{id: main, number: '*5501'}]}\n"
        "  - {id: c1, name: Bank Venorix, lines: [{id: main, number: '*5502'}]}\n"
        "  - {id: c2, name: Venorix Telco, lines: [{id: main, number: '*5503'}]}\n"
    )
    loaded, wanted = load([path], defaults=False)
    memory = Catalogue.from_companies(loaded, wanted)
    assert reference(memory, ["bank", "venorx"]) == ("ambiguous", [(0, None, ()), (1, None, ())])
    assert answer(memory, ["bank", "venorx"]) == reference(memory, ["bank", "venorx"])


@given(
    st.text(alphabet="abcdeאבג1", min_size=1, max_size=14),
    st.text(alphabet="abcdeאבג1", min_size=1, max_size=14),
)
def test_no_other_word_scores_above_the_near_bound_and_one_reaches_it(a: str, b: str) -> None:
    from ivrcli.search.similarity import best_other, fuzzy_sim

    if a != b:
        assert fuzzy_sim(a, b) <= best_other(a)
    # the bound is tight: the word one letter longer that holds it whole reaches it
    assert fuzzy_sim(a, a + "x") == best_other(a)


def test_a_near_word_tying_an_exact_one_is_still_scanned(tmp_path: Path) -> None:
    # "tel billing": Tel Bank (tel exact, its name only half said: 90) and Telco
    # (tel abbreviates telco: 90) both score 95 with their billing service. The exact
    # way is found first; the way through near words must still be taken, or the tie
    # would be hidden and Tel Bank answered alone
    path = tmp_path / "tie.yaml"
    path.write_text(catalogue_yaml([(["tel", "bank"], [["billing"]]), (["telco"], [["billing"]])]))
    loaded, wanted = load([path], defaults=False)
    memory = Catalogue.from_companies(loaded, wanted)
    expected = ("ambiguous", [(0, 0, (0,)), (1, 0, (0,))])
    assert reference(memory, ["tel", "billing"]) == expected
    assert answer(memory, ["tel", "billing"]) == expected


@given(
    companies=st.lists(company, min_size=1, max_size=8),
    span=st.lists(query_word, min_size=1, max_size=3),
    direct=st.sampled_from([-1, 64]),
)
@settings(max_examples=300, deadline=None)
def test_a_way_keeps_every_company_that_can_reach_what_it_needs(
    companies: list[tuple[list[str], list[list[str]]]], span: list[str], direct: int
) -> None:
    # way_companies' contract, against every company's names word by word: a company
    # whose span words can sum to ``need`` in that way is kept, its bound at least its
    # mean (the search prunes by these bounds). Each company's own sum is tried as the
    # need: the boundary where a filter one point too strict drops it
    from itertools import combinations

    from ivrcli.search.words import way_companies

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.yaml"
        path.write_text(catalogue_yaml(companies), encoding="utf-8")
        memory = Catalogue.from_companies(*load([path], defaults=False))
    index = memory.index
    searcher = Searcher(memory, index, fuzzy=True)

    def near(word: str) -> dict[str, int]:
        return {m: s for m, s in searcher.matching(word).items() if m != word}

    kinds = sorted(set(span))
    for size in range(len(kinds) + 1):
        for chosen in combinations(kinds, size):
            by_near = frozenset(chosen)
            if any(not index.postings(w) for w in kinds if w not in by_near):
                continue
            sums: dict[int, int] = {}  # company -> its span words' sum, in this way
            for ci in range(len(index)):
                words = {w for t in index.terms_of(ci) for w in t.split()}
                best = [
                    (100 if w in words else 0)
                    if w not in by_near
                    else max((searcher.sim(w, v) for v in words if v != w), default=0)
                    for w in span
                ]
                if min(best) >= WORD_CUTOFF:
                    sums[ci] = sum(best)
            for need in {0, *sums.values()}:
                with patch.object(search_words, "DIRECT", direct):
                    kept = way_companies(index, span, by_near, near, need)
                for ci, total in sums.items():
                    if total >= need:
                        assert ci in kept, (span, by_near, need, ci)
                        assert kept[ci] >= total // len(span), (span, by_near, need, ci)


@given(
    st.text(alphabet="abcdexyz1", min_size=1, max_size=10),
    st.text(alphabet="abcdexyz1", min_size=1, max_size=10),
    st.sampled_from([50, 75]),
)
def test_no_word_near_enough_lacks_the_letters_it_needs(a: str, b: str, cutoff: int) -> None:
    from rapidfuzz import fuzz

    from ivrcli.search.near import LetterFilter

    if fuzz.ratio(a, b) >= cutoff:
        assert LetterFilter(a, cutoff).keeps(b)
        assert LetterFilter(a, cutoff).kept(b, len(b)) == [b]


@given(
    st.text(alphabet="abcdexyz1", min_size=1, max_size=8),
    st.integers(min_value=1, max_value=8),
    st.lists(st.text(alphabet="abcdexyz1", min_size=8, max_size=8), max_size=30),
    st.sampled_from([50, 75, 90]),
)
def test_the_letter_filter_keeps_the_same_words_at_c_speed(
    word: str, length: int, pool: list[str], cutoff: int
) -> None:
    from ivrcli.search.near import LetterFilter

    letters = LetterFilter(word, cutoff)
    words = [w[:length] for w in pool]
    assert letters.kept("\n".join(words), length) == [w for w in words if letters.keeps(w)]


def test_an_ancestor_steps_aside_only_for_its_own_descendants(tmp_path: Path) -> None:
    # pick compares ancestors within each company (thousands can tie at 100k): the line
    # of c0 steps aside for its own service, and c1's line, tied with both, stays
    from ivrcli.errors import Ambiguous
    from ivrcli.search.resolve import pick
    from ivrcli.search.routes import Candidate

    path = tmp_path / "tree.yaml"
    path.write_text(catalogue_yaml([(["kalo"], [["billing"]]), (["venor"], [["sales"]])]))
    memory = Catalogue.from_companies(*load([path], defaults=False))
    line, node = Candidate(0, 0, (), 90), Candidate(0, 0, (0,), 90)
    match = pick(memory, memory.index, [line, node, Candidate(1, 0, (), 80)], ["q"])
    assert match.candidate == node
    other = Candidate(1, 0, (), 90)
    with pytest.raises(Ambiguous) as tie:
        pick(memory, memory.index, [line, node, other], ["q"])
    assert [m.candidate for m in tie.value.candidates] == [node, other]


ascii_word = st.text(alphabet="abcdxz", min_size=1, max_size=9)
other_word = st.text(alphabet="abxאבג", min_size=1, max_size=7)  # Hebrew, and mixed


@given(
    names=st.lists(
        st.tuples(st.lists(ascii_word, min_size=1, max_size=3), st.lists(other_word, max_size=2)),
        min_size=1,
        max_size=12,
    ),
    word=st.one_of(ascii_word, other_word),
    cutoff=st.sampled_from([50, 75]),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_cached_scan_reads_what_the_built_one_does_and_misses_no_near_word(
    names: list[tuple[list[str], list[str]]], word: str, cutoff: int
) -> None:
    # the cache's scan (fixed-width slices of signature runs, the byte-level letter
    # filter) against the one built in memory, and both against rapidfuzz itself
    from rapidfuzz import fuzz

    lines = ["# FICTIONAL test data", "version: 1", "companies:"]
    for i, (name, aliases) in enumerate(names):
        lines += [
            f"  - id: c{i}",
            f"    name: '{' '.join(name)}'",
            f"    aliases: [{', '.join(repr(a) for a in aliases)}]",
            f"    lines: [{{id: main, number: '*55{i:02d}'}}]",
        ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "words.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        memory = Catalogue.from_companies(*load([path], defaults=False)).index
        open_catalogue([path])
        cached = open_catalogue([path]).index
        assert type(cached).__name__ == "CachedIndex"
        built = [w for group in memory.near(word, cutoff) for w in group]
        assert [w for group in cached.near(word, cutoff) for w in group] == built
    near = {v for v in memory.vocabulary() if fuzz.ratio(word, v) >= cutoff}
    assert near <= set(built)
