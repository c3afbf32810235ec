"""The call journal: durations, round trips, private files, migrations, damage, concurrency."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ivrcli.errors import StateError, UsageError
from ivrcli.journal.migrations import MIGRATIONS, SCHEMA_VERSION
from ivrcli.journal.record import OUTCOMES, CallRecord, check_outcome, parse_duration, stats
from ivrcli.journal.store import Journal
from ivrcli.output.json import call as call_json
from ivrcli.output.text import CSV_COLUMNS, csv_row
from ivrcli.paths import journal_path

IL = timezone(timedelta(hours=2))
IL_SUMMER = timezone(timedelta(hours=3))


def call(
    company_id: str = "example-cable",
    started: datetime | None = None,
    waited: int | None = 300,
    over_limit: bool | None = False,
    **kw: object,
) -> CallRecord:
    fields: dict[str, object] = {
        "company_id": company_id,
        "company_name": company_id.replace("-", " ").title(),
        "service": "Billing › Disputes",
        "number": "*1234",
        "started": started or datetime(2026, 11, 20, 9, 30, 15, 123456, tzinfo=IL),
        "waited_seconds": waited,
        "total_seconds": None if waited is None else waited + 600,
        "outcome": "callback",
        "rep": "Dana",
        "reference": "81734",
        "note": "technician after 4pm",
        "over_limit": over_limit,
    }
    fields.update(kw)
    return CallRecord(**fields)  # type: ignore[arg-type]


def side_files(path: Path) -> list[Path]:
    return [p for p in (Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


# -- durations -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("7m", 420),
        ("1h5m", 3900),
        ("1h", 3600),
        ("2m30s", 150),
        ("45", 45),
        ("0", 0),
        ("1H5M", 3900),
        ("  7M ", 420),
        ("1h 5m", 3900),
        ("90m", 5400),
        ("168h", 7 * 24 * 3600),
    ],
)
def test_parse_duration_accepts(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    "text",
    ["", "   ", "-5m", "-45", "abc", "5x", "m", "h5", "5m1h", "1.5m", "7m7m", "169h", "604801"],
)
def test_parse_duration_refuses_with_examples(text: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_duration(text)
    assert info.value.exit_code == 2
    assert "90s" in info.value.message
    assert "1h5m" in info.value.message


@given(st.integers(0, 167), st.integers(0, 59), st.integers(0, 59))
def test_parse_duration_reads_every_hms(h: int, m: int, s: int) -> None:
    assert parse_duration(f"{h}h{m}m{s}s") == h * 3600 + m * 60 + s


def shortest(seconds: int) -> str:
    """The shortest way to write a duration: 0s, 45s, 7m, 1h5m, 2m30s."""
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    text = (f"{h}h" if h else "") + (f"{m}m" if m else "") + (f"{s}s" if s else "")
    return text or "0s"


@given(st.integers(0, 7 * 24 * 3600))
def test_shortest_duration_round_trips(seconds: int) -> None:
    assert parse_duration(shortest(seconds)) == seconds


def test_check_outcome() -> None:
    assert check_outcome(" Resolved ") == "resolved"
    assert OUTCOMES == ("resolved", "unresolved", "callback", "dropped")
    with pytest.raises(UsageError, match="resolved, unresolved, callback, dropped"):
        check_outcome("fixed")


# -- records -------------------------------------------------------------------


def test_record_history_round_trip_keeps_every_field() -> None:
    original = call()
    with Journal.open() as journal:
        row_id = journal.record(original)
        (back,) = journal.history()
    assert row_id == back.id == 1
    assert back == CallRecord(**{**original.__dict__, "id": row_id})
    assert back.started.utcoffset() == timedelta(hours=2)
    assert back.started.isoformat() == "2026-11-20T09:30:15.123456+02:00"


def test_nulls_and_booleans_round_trip() -> None:
    bare = call(
        waited=None,
        over_limit=None,
        service=None,
        outcome=None,
        rep=None,
        reference=None,
        note=None,
    )
    with Journal.open() as journal:
        journal.record(bare)
        journal.record(call(over_limit=True, rep="", note="שלום, line 2\nline 3"))
        over, none = journal.history()
    assert none.over_limit is None
    assert none.waited_seconds is None
    assert none.total_seconds is None
    assert none.service is none.rep is none.reference is none.note is none.outcome is None
    assert over.over_limit is True
    assert over.rep == ""
    assert over.note == "שלום, line 2\nline 3"


def test_history_is_newest_first_by_instant_then_id() -> None:
    base = datetime(2026, 7, 1, 12, 0, tzinfo=IL_SUMMER)
    with Journal.open() as journal:
        first = journal.record(call(started=base))
        # 11:30+02:00 is 12:30+03:00: later, although its wall-clock text sorts first
        later = journal.record(call(started=datetime(2026, 7, 1, 11, 30, tzinfo=IL)))
        same_a = journal.record(call(started=base + timedelta(hours=2)))
        same_b = journal.record(call(started=base + timedelta(hours=2)))
        order = [rec.id for rec in journal.history()]
    assert order == [same_b, same_a, later, first]


def test_history_filters_by_company_and_since() -> None:
    day = datetime(2026, 11, 1, 10, 0, tzinfo=IL)
    with Journal.open() as journal:
        for offset, company in enumerate(["hot", "bezeq", "hot", "partner", "hot"]):
            journal.record(call(company, started=day + timedelta(days=offset)))
        only_hot = journal.history(company_ids=["hot"])
        two = journal.history(company_ids={"hot", "partner"})
        recent = journal.history(since=day + timedelta(days=2))
        both = journal.history(company_ids=("hot",), since=day + timedelta(days=1))
        assert journal.history(company_ids=[]) == []
        assert journal.history(company_ids=["nobody"]) == []
    assert [r.company_id for r in only_hot] == ["hot"] * 3
    assert [r.started.day for r in only_hot] == [5, 3, 1]
    assert [r.company_id for r in two] == ["hot", "partner", "hot", "hot"]
    assert [r.started.day for r in recent] == [5, 4, 3]
    assert [r.started.day for r in both] == [5, 3]
    with Journal.open() as journal:
        since_utc = journal.history(since=datetime(2026, 11, 4, 8, 0, tzinfo=UTC))
    assert [r.started.day for r in since_utc] == [5, 4]  # 10:00+02:00 is 08:00Z


def test_naive_times_and_unknown_outcomes_are_refused() -> None:
    with Journal.open() as journal:
        with pytest.raises(ValueError, match="timezone-aware"):
            journal.record(call(started=datetime(2026, 1, 1, 9, 0)))
        with pytest.raises(ValueError, match="timezone-aware"):
            journal.history(since=datetime(2026, 1, 1))
        with pytest.raises(ValueError, match="outcome"):
            journal.record(call(outcome="Resolved"))
        assert journal.history() == []


def test_as_json_has_exactly_the_contract_keys() -> None:
    with Journal.open() as journal:
        journal.record(call(over_limit=True))
        (rec,) = journal.history()
    data = call_json(rec)
    assert set(data) == {
        "id",
        "company",
        "service",
        "number",
        "started",
        "waited_seconds",
        "total_seconds",
        "outcome",
        "rep",
        "reference",
        "note",
        "over_limit",
        "keys",
        "keys_ok",
        "topic",
        "line_id",
    }
    assert data["company"] == {"id": "example-cable", "name": "Example Cable"}
    assert data["started"] == "2026-11-20T09:30:15.123456+02:00"
    assert data["over_limit"] is True
    assert data["number"] == "*1234"
    assert datetime.fromisoformat(data["started"]) == rec.started


def test_csv_row_follows_csv_columns() -> None:
    rec = call(over_limit=None, note='said "soon", maybe', id=7)
    row = csv_row(rec)
    assert len(row) == len(CSV_COLUMNS)
    assert CSV_COLUMNS[:3] == ("id", "company_id", "company_name")
    assert "company" not in CSV_COLUMNS
    by_column = dict(zip(CSV_COLUMNS, row, strict=True))
    flat = call_json(rec)
    company = flat.pop("company")
    assert set(by_column) == set(flat) | {"company_id", "company_name"}
    assert by_column["company_id"] == company["id"]
    assert by_column["company_name"] == company["name"]
    assert by_column["id"] == "7"
    assert by_column["started"] == flat["started"]
    assert by_column["waited_seconds"] == "300"
    assert by_column["over_limit"] == ""
    assert csv_row(call(over_limit=True))[CSV_COLUMNS.index("over_limit")] == "true"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([CSV_COLUMNS, row])
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [list(CSV_COLUMNS), row]


def test_stats_median_and_over_limit() -> None:
    records = [
        call("hot", waited=100, over_limit=False),
        call("hot", waited=500, over_limit=True),
        call("hot", waited=400, over_limit=True),
        call("hot", waited=None, over_limit=None, outcome="dropped"),
        call("bezeq", waited=30, over_limit=False),
        call("bezeq", waited=45, over_limit=None),
        call("foreign", waited=None, over_limit=None),
    ]
    result = stats(records)
    assert list(result) == ["hot", "bezeq", "foreign"]
    assert result["hot"] == {"calls": 4, "median_wait": 400, "over_limit": 2}
    assert isinstance(result["hot"]["median_wait"], int)
    assert result["bezeq"] == {"calls": 2, "median_wait": 37.5, "over_limit": 0}
    assert result["foreign"] == {"calls": 1, "median_wait": None, "over_limit": 0}
    assert stats([]) == {}


# -- the file ------------------------------------------------------------------


def test_default_location_and_private_modes() -> None:
    with Journal.open() as journal:
        journal.record(call())
        assert journal.path == journal_path()
        assert Path(os.environ["IVR_HOME"]) in journal.path.parents
        for side in side_files(journal.path):
            assert stat.S_IMODE(side.stat().st_mode) == 0o600
    assert stat.S_IMODE(journal_path().stat().st_mode) == 0o600
    assert stat.S_IMODE(journal_path().parent.stat().st_mode) == 0o700


def test_wal_mode_user_version_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "j.sqlite3"
    with Journal.open(path) as journal:
        assert journal.schema_version() == SCHEMA_VERSION == len(MIGRATIONS) >= 2
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert {"calls", "calls_started", "calls_company"} <= names
    finally:
        db.close()


def test_migrations_are_idempotent_and_keep_rows(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        journal.record(call())
    with Journal.open(path) as journal:
        assert journal.schema_version() == SCHEMA_VERSION
        assert len(journal.history()) == 1
        journal.record(call())
    with Journal.open(path) as journal:
        assert [r.id for r in journal.history()] == [2, 1]


def test_an_older_schema_is_migrated_forward(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    db = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Journal.open(path) as journal:
        assert journal.schema_version() == SCHEMA_VERSION
        journal.record(call())
        assert len(journal.history()) == 1


def test_a_journal_of_schema_2_gains_the_keys_columns_with_no_call_lost(tmp_path: Path) -> None:
    """Issue 14's migration: keys, keys_ok, topic and line_id, added in place."""
    path = tmp_path / "j.sqlite3"
    db = sqlite3.connect(path)
    for step in MIGRATIONS[:2]:
        for statement in step:
            db.execute(statement)
    db.execute("PRAGMA user_version = 2")
    for n in range(3):
        db.execute(
            "INSERT INTO calls (company_id, company_name, service, number, started, started_us,"
            " waited_seconds, total_seconds, outcome, rep, reference, note, over_limit)"
            " VALUES ('bezeq', 'Bezeq', NULL, '199', ?, ?, ?, NULL, NULL, 'Dana', NULL, ?, 0)",
            (f"2026-11-2{n}T09:00:00+02:00", 1_795_000_000_000_000 + n, 60 * n, f"call {n}"),
        )
    db.commit()
    db.close()
    with Journal.open(path) as journal:
        assert journal.schema_version() == SCHEMA_VERSION == 3
        old = journal.history()
        assert [r.note for r in old] == ["call 2", "call 1", "call 0"]
        assert {(r.keys, r.keys_ok, r.topic, r.line_id) for r in old} == {(None, None, None, None)}
        journal.record(call(keys="2, ID#", keys_ok=False, topic="billing", line_id="main"))
        newest = journal.history()[0]
    assert (newest.keys, newest.keys_ok, newest.topic, newest.line_id) == (
        "2, ID#",
        False,
        "billing",
        "main",
    )


def test_a_newer_journal_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        journal.record(call())
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StateError, match="written by a newer ivr") as info:
        Journal.open(path)
    assert str(path) in info.value.message
    assert path.read_bytes() == before


def _truncated_real_db(path: Path, keep: int | None) -> None:
    """A real journal cut to ``keep`` bytes (None: half; -1: whole)."""
    with Journal.open(path) as journal:
        for _ in range(40):
            journal.record(call(note="x" * 200))
    data = path.read_bytes()
    assert len(data) > 4 * 4096
    if keep != -1:
        path.write_bytes(data[: len(data) // 2 if keep is None else keep])


@pytest.mark.parametrize(
    "damage",
    [
        "not-a-database",
        "half-a-header",
        "truncated-real-db",
        "header-only-real-db",
        "garbage-page",
    ],
)
def test_a_damaged_journal_is_refused_and_left_untouched(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "journal.sqlite3"
    if damage == "not-a-database":
        path.write_bytes(b"not a database" * 100)
    elif damage == "half-a-header":
        path.write_bytes(b"SQLite format 3\x00" + b"\x10\x00")
    elif damage == "truncated-real-db":
        _truncated_real_db(path, None)
    elif damage == "header-only-real-db":
        _truncated_real_db(path, 100)
    else:  # a sound header, a b-tree page overwritten: only SQLite itself can tell
        _truncated_real_db(path, -1)
        data = bytearray(path.read_bytes())
        data[4096:8192] = b"\xff" * 4096
        path.write_bytes(bytes(data))
    os.chmod(path, 0o644)
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    with pytest.raises(StateError) as info:
        Journal.open(path)
    message = info.value.message
    assert "\n" not in message
    assert str(path) in message
    assert "move it away to start a new journal" in message
    assert "left as it is" in message
    assert info.value.exit_code == 1
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == mtime
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert side_files(path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.sqlite3"]


def test_an_empty_file_becomes_a_journal(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    path.touch()
    with Journal.open(path) as journal:
        journal.record(call())
        assert len(journal.history()) == 1


def test_an_unwritable_location_is_a_state_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("i am a file")
    with pytest.raises(StateError, match="cannot write the journal here") as info:
        Journal.open(blocker / "journal.sqlite3")
    assert str(blocker) in info.value.message
    assert blocker.read_text() == "i am a file"
    directory = tmp_path / "dir.sqlite3"
    directory.mkdir()
    with pytest.raises(StateError, match="cannot write the journal here"):
        Journal.open(directory)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permission bits")
def test_a_read_only_directory_is_a_state_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        with pytest.raises(StateError, match="cannot write the journal here"):
            Journal.open(locked / "journal.sqlite3")
    finally:
        locked.chmod(0o700)


def test_errors_never_repeat_what_the_user_wrote(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        journal.record(call(rep="Dana Secret", reference="REF-81734", note="private words"))
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(StateError) as info:
        Journal.open(path)
    for words in ("Dana Secret", "REF-81734", "private words"):
        assert words not in info.value.message


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timedelta, timezone
    from pathlib import Path
    from ivrcli.journal.record import CallRecord
    from ivrcli.journal.store import Journal

    who = sys.argv[2]
    start = datetime(2026, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=2)))
    with Journal.open(Path(sys.argv[1])) as journal:
        for n in range(50):
            journal.record(CallRecord(
                company_id=who, company_name=who, service=None, number="*1234",
                started=start + timedelta(seconds=n), waited_seconds=n,
                total_seconds=n + 1, outcome=None, rep=None, reference=None,
                note=str(n), over_limit=None,
            ))
    """
)


def test_two_concurrent_writers_both_land(tmp_path: Path) -> None:
    path = tmp_path / "shared" / "journal.sqlite3"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), who],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for who in ("alpha", "beta")
    ]
    for writer in writers:
        _out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
    with Journal.open(path) as journal:
        rows = journal.history()
    assert len(rows) == 100
    assert len({r.id for r in rows}) == 100
    for who in ("alpha", "beta"):
        notes = sorted(int(r.note or "-1") for r in rows if r.company_id == who)
        assert notes == list(range(50))
