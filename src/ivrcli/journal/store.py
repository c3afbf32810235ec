"""The call journal: one SQLite file under ``IVR_HOME``, one row per call.

The file is mode 0600 in a 0700 directory, in WAL mode with a 10 s busy
timeout, so two ``ivr`` processes that record at once both land. The schema
carries its version in ``PRAGMA user_version`` and grows only through
:data:`MIGRATIONS`, applied in order inside one transaction; a file written by
a newer ``ivr`` is refused rather than guessed at. A file that is not a
healthy SQLite database is an error naming it, and it is left byte for byte
as it was (no write, no ``-wal``/``-shm`` next to it) for the user to recover.

Error messages name the file and the cause, never a row's contents (the rep,
reference and note are the user's own words).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ivrcli.journal.files import check_existing, corrupt, create_private, database_error
from ivrcli.journal.migrations import prepare
from ivrcli.journal.record import OUTCOMES, CallRecord

if TYPE_CHECKING:
    import sqlite3

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

_COLUMNS = (
    "id, company_id, company_name, service, number, started, waited_seconds,"
    " total_seconds, outcome, rep, reference, note, over_limit, keys, keys_ok, topic, line_id"
)


def _to_us(moment: datetime) -> int:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("journal times must be timezone-aware")
    return (moment - _EPOCH) // _MICROSECOND


def _bool(value: bool | None) -> int | None:
    return None if value is None else int(value)


class Journal:
    """An open journal; use :meth:`open`, preferably as a context manager."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    @classmethod
    def open(cls, path: Path | None = None) -> Journal:
        """Open (creating and migrating as needed) the journal at ``path``.

        Default: :func:`ivrcli.paths.journal_path`. StateError when the file is
        corrupt, newer than this ``ivr`` or the location is not writable.
        """
        import sqlite3

        if path is None:
            from ivrcli.paths import journal_path

            path = journal_path()
        create_private(path)
        check_existing(path)
        try:
            db = sqlite3.connect(path, timeout=10.0, isolation_level=None)
        except sqlite3.Error as exc:
            raise database_error(path, exc) from None
        try:
            db.execute("PRAGMA busy_timeout = 10000")
            prepare(path, db)
        except BaseException as exc:
            db.close()
            if isinstance(exc, sqlite3.Error):
                raise database_error(path, exc) from None
            raise
        return cls(path, db)

    @classmethod
    def existing(cls, path: Path | None = None) -> Journal | None:
        """The journal at ``path`` opened as :meth:`open` opens it, or None when there is
        none yet: reading the journal never creates it (nor ``IVR_HOME``)."""
        import os

        if path is None:
            from ivrcli.paths import journal_path

            path = journal_path()
        return cls.open(path) if os.path.lexists(path) else None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def schema_version(self) -> int:
        return int(self._query("PRAGMA user_version")[0][0])

    def record(self, rec: CallRecord) -> int:
        """Store ``rec`` (``started`` must be aware) and return its row id."""
        if rec.outcome is not None and rec.outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES} (see check_outcome)")
        params = (
            rec.company_id,
            rec.company_name,
            rec.service,
            rec.number,
            rec.started.isoformat(),
            _to_us(rec.started),
            rec.waited_seconds,
            rec.total_seconds,
            rec.outcome,
            rec.rep,
            rec.reference,
            rec.note,
            _bool(rec.over_limit),
            rec.keys,
            _bool(rec.keys_ok),
            rec.topic,
            rec.line_id,
        )
        import sqlite3

        try:
            cursor = self._db.execute(
                "INSERT INTO calls (company_id, company_name, service, number, started,"
                " started_us, waited_seconds, total_seconds, outcome, rep, reference, note,"
                " over_limit, keys, keys_ok, topic, line_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                params,
            )
        except sqlite3.IntegrityError:
            raise ValueError("a call record breaks the journal's constraints") from None
        except sqlite3.Error as exc:
            raise database_error(self.path, exc) from None
        row_id = cursor.lastrowid
        assert row_id is not None
        return row_id

    def history(
        self, company_ids: Collection[str] | None = None, since: datetime | None = None
    ) -> list[CallRecord]:
        """Calls newest first (by start time, then id), optionally filtered.

        ``company_ids``: only these companies (an empty collection gives []);
        ``since``: only calls started at or after this aware moment.
        """
        where: list[str] = []
        params: list[object] = []
        if company_ids is not None:
            ids = sorted(set(company_ids))
            if not ids:
                return []
            where.append(f"company_id IN ({', '.join('?' * len(ids))})")
            params.extend(ids)
        if since is not None:
            where.append("started_us >= ?")
            params.append(_to_us(since))
        sql = f"SELECT {_COLUMNS} FROM calls"  # noqa: S608 - only fixed column names
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY started_us DESC, id DESC"
        return [self._row(row) for row in self._query(sql, params)]

    def call(self, call_id: int) -> CallRecord | None:
        """The call with this id, or None."""
        sql = f"SELECT {_COLUMNS} FROM calls WHERE id = ?"  # noqa: S608 - fixed column names
        rows = self._query(sql, [call_id])
        return self._row(rows[0]) if rows else None

    def _query(self, sql: str, params: Iterable[object] = ()) -> list[Any]:
        import sqlite3

        try:
            return self._db.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            raise database_error(self.path, exc) from None

    def _row(self, row: tuple[Any, ...]) -> CallRecord:
        (id_, company_id, company_name, service, number, started, waited, total) = row[:8]
        outcome, rep, reference, note, over_limit, keys, keys_ok, topic, line_id = row[8:]
        try:
            moment = datetime.fromisoformat(started)
        except (TypeError, ValueError):
            raise corrupt(self.path, f"row {id_} has a bad start time") from None
        return CallRecord(
            company_id=company_id,
            company_name=company_name,
            service=service,
            number=number,
            started=moment,
            waited_seconds=waited,
            total_seconds=total,
            outcome=outcome,
            rep=rep,
            reference=reference,
            note=note,
            over_limit=None if over_limit is None else bool(over_limit),
            id=id_,
            keys=keys,
            keys_ok=None if keys_ok is None else bool(keys_ok),
            topic=topic,
            line_id=line_id,
        )
