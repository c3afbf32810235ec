"""The compiled cache and the fast search paths never change an answer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUNDLED, EXAMPLE, REPO, ex, ivr
from ivrcli.catalogue.compiled import Catalogue
from ivrcli.catalogue.sources import load, open_catalogue
from ivrcli.catalogue.validate import check_file
from ivrcli.errors import Ambiguous, NoMatch
from ivrcli.model import public
from ivrcli.search.rank import Searcher
from ivrcli.search.resolve import parse_query, pick, search

QUERIES = [
    "example cable billing",
    "example cable",
    "exampel cable biling",
    "example leumi",
    "excable tech internet",
    "דוגמה חשבון",
    "example cable billing please",
    "exbank agent",
    "extelus billing",
    "zzzz",
    "example cable xyzzy",
    "example",
    "cable mobile",
]
BUNDLED_QUERIES = [
    "hot billing",
    "הוט חשבון",
    "hot mobile billing",
    "partner",
    "bezeq international",
    "bituach leumi",
    "bituach leumi pension",
    "pelephone",
    "bezeq",
    "bezek",
    "isracard",
    "leumi",
    "clalit human",
    "irs human",
    "cal lost card",
    "bank hapoalim",
    "hapoalim bank",
    "maccabi",
    "celcom tech",
    "t-mobile billing",
    "virgin media billing",
]


def answer(catalogue: Catalogue, words: list[str]) -> tuple[str, object]:
    """('ok', key) / ('ambiguous', keys) / ('none', None) through the fast path."""
    try:
        match = search(catalogue, catalogue.index, words)
    except Ambiguous as exc:
        return "ambiguous", sorted(m.candidate.key for m in exc.candidates)
    except NoMatch as exc:
        wanted = exc.extra.get("wanted")
        return ("wanted", wanted["id"]) if wanted else ("none", None)
    return "ok", (match.candidate.key, match.score, match.ignored)


def reference(
    catalogue: Catalogue, words: list[str], searcher: type[Searcher] = Searcher
) -> tuple[str, object]:
    """The full, exhaustive fuzzy scoring: every candidate scored, then picked."""
    query = parse_query(words)
    if not query.words:
        return "none", None
    found = searcher(catalogue, catalogue.index, fuzzy=True).candidates(query, exhaustive=True)
    if not found:
        return "none", None
    try:
        match = pick(catalogue, catalogue.index, found, words)
    except Ambiguous as exc:
        return "ambiguous", sorted(m.candidate.key for m in exc.candidates)
    except NoMatch as exc:
        return "wanted", exc.extra["wanted"]["id"]
    return "ok", (match.candidate.key, match.score, match.ignored)


@pytest.mark.parametrize(("path", "queries"), [(EXAMPLE, QUERIES), (BUNDLED, BUNDLED_QUERIES)])
def test_fast_search_equals_the_full_scoring(path: Path, queries: list[str]) -> None:
    companies, wanted = load([path], defaults=False)
    memory = Catalogue.from_companies(companies, wanted)
    open_catalogue([path])  # writes the cache
    cached = open_catalogue([path])
    assert cached is not None
    for query in queries:
        words = query.split()
        expected = reference(memory, words)
        assert answer(memory, words) == expected, query
        assert answer(cached, words) == expected, query


def test_fast_search_on_a_synthetic_catalogue(tmp_path: Path) -> None:
    big = tmp_path / "synthetic.yaml"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), "300", str(big)], check=True
    )
    catalogue = open_catalogue([big])
    names = [catalogue[i]["name"].lower().split() for i in range(0, 300, 37)]
    for first, second in names:
        for query in (
            [first, second],
            [first, second[:-1], "biling"],
            [first, "tech", "internet"],
            [second, "cancel"],
            [first[:4], "sales"],
        ):
            assert answer(catalogue, query) == reference(catalogue, query), query


def cache_files() -> list[Path]:
    return sorted((Path(os.environ["IVR_HOME"]) / "cache").glob("catalogue-*.bin"))


def test_same_answers_with_and_without_cache() -> None:
    first = ex(
        "find", "example", "cable", "billing", "--json", "--partial", "--at", "2026-11-25T10:00"
    )
    assert len(cache_files()) == 1
    second = ex(
        "find", "example", "cable", "billing", "--json", "--partial", "--at", "2026-11-25T10:00"
    )
    assert first.out == second.out
    for path in cache_files():
        path.unlink()
    third = ex(
        "find", "example", "cable", "billing", "--json", "--partial", "--at", "2026-11-25T10:00"
    )
    assert third.out == first.out


def test_cache_is_rebuilt_after_an_edit(tmp_path: Path) -> None:
    cat = tmp_path / "cat.yaml"
    cat.write_text(EXAMPLE.read_text().replace('"*1234"', '"*4321"'))
    assert ivr("find", "example", "cable", "--catalogue", str(cat)).out == "*4321\n"
    cat.write_text(EXAMPLE.read_text().replace('"*1234"', '"*9876"'))
    os.utime(cat, ns=(cat.stat().st_atime_ns, cat.stat().st_mtime_ns + 10**9))
    assert ivr("find", "example", "cable", "--catalogue", str(cat)).out == "*9876\n"
    assert len(cache_files()) == 1  # the stale file was replaced, not kept beside


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:20],  # truncated header
        lambda b: b"\x00" * len(b),  # zeroed
        lambda b: b[: len(b) - 200],  # truncated company blobs
        lambda b: b[: len(b) // 2] + b"\xff" * 64 + b[len(b) // 2 + 64 :],  # garbage inside
        lambda b: b"",  # empty
    ],
)
def test_cache_survives_corruption(damage: object) -> None:
    expected = ex("find", "example", "cable", "billing", "--json", "--partial").out
    [path] = cache_files()
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    for args in (("find", "example", "cable", "billing"), ("list",), ("show", "exbank")):
        result = ex(*args, "--json", "--partial") if args[0] == "find" else ex(*args, "--json")
        assert result.code == 0, (args, result.out)
        assert result.err == ""
    assert ex("find", "example", "cable", "billing", "--json", "--partial").out == expected


def test_unwritable_cache_dir_only_costs_speed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("IVR_HOME", str(blocker / "home"))
    result = ex("find", "example", "cable", "--plain")
    assert (result.code, result.out, result.err) == (0, "*1234\n", "")


@pytest.mark.parametrize("path", [EXAMPLE, BUNDLED])
def test_company_by_company_reading_equals_whole_file(path: Path) -> None:
    whole = check_file(path, chunked_min=10**12)
    chunked = check_file(path, chunked_min=0)
    assert not whole.problems
    assert [public(c) for c in chunked.companies] == [public(c) for c in whole.companies]
    assert chunked.companies == whole.companies


def test_chunked_reading_falls_back_to_located_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text().replace("name: Example Bank", "nme: Example Bank"))
    result = check_file(bad, chunked_min=0)
    line = bad.read_text().splitlines().index("    nme: Example Bank") + 1
    assert [str(p) for p in result.problems] == [
        f"{bad}:{line - 1}:5: missing required key 'name'",
        f"{bad}:{line}:5: unknown key 'nme' (did you mean 'name'?)",
    ]
    assert result.companies == []


def test_show_json_has_no_internal_keys() -> None:
    data = ex("show", "example-cable", "--json").json()
    text = str(data)
    assert "'_" not in text
    assert data["company"]["lines"][0]["number"] == "*1234"
    assert data["yours"] is False


def test_caches_of_two_catalogue_sets_live_side_by_side() -> None:
    ex("find", "example", "cable")
    ivr("find", "bezeq")
    assert len(cache_files()) == 2
    before = {p: p.stat().st_mtime_ns for p in cache_files()}
    ex("find", "example", "cable")
    ivr("find", "bezeq")
    assert {p: p.stat().st_mtime_ns for p in cache_files()} == before  # nothing rebuilt


def test_damage_that_still_decodes_is_caught_by_the_sums() -> None:
    """A changed letter inside a company blob is valid marshal: only its crc32 tells."""
    ex("find", "example", "cable", "--json")
    [path] = cache_files()
    data = path.read_bytes()
    assert data.count(b"Example Bank") >= 1
    path.write_bytes(data.replace(b"Example Bank", b"Exbmple Bank"))
    result = ex("show", "exbank", "--json")
    assert (result.code, result.err) == (0, "")
    assert result.json()["company"]["name"] == "Example Bank"
