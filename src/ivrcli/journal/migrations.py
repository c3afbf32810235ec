"""The journal's schema: checked, switched to WAL and migrated before anything is written.

The schema carries its version in ``PRAGMA user_version`` and grows only
through :data:`MIGRATIONS`, applied in order inside one transaction; a file
written by a newer ``ivr`` is refused rather than guessed at.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from ivrcli.errors import StateError
from ivrcli.journal.files import corrupt

if TYPE_CHECKING:
    import sqlite3

#: Applied in order; migration N leaves the file at ``user_version`` N. Append only.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """
        CREATE TABLE calls (
            id INTEGER PRIMARY KEY,
            company_id TEXT NOT NULL,
            company_name TEXT NOT NULL,
            service TEXT,
            number TEXT NOT NULL,
            started TEXT NOT NULL,
            started_us INTEGER NOT NULL,
            waited_seconds INTEGER CHECK (waited_seconds >= 0),
            total_seconds INTEGER CHECK (total_seconds >= 0),
            outcome TEXT
                CHECK (outcome IN ('resolved', 'unresolved', 'callback', 'dropped')),
            rep TEXT,
            reference TEXT,
            note TEXT,
            over_limit INTEGER CHECK (over_limit IN (0, 1))
        )
        """,
    ),
    (
        "CREATE INDEX calls_started ON calls (started_us)",
        "CREATE INDEX calls_company ON calls (company_id, started_us)",
    ),
    (
        "ALTER TABLE calls ADD COLUMN keys TEXT",
        "ALTER TABLE calls ADD COLUMN keys_ok INTEGER CHECK (keys_ok IN (0, 1))",
        "ALTER TABLE calls ADD COLUMN topic TEXT",
        "ALTER TABLE calls ADD COLUMN line_id TEXT",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def prepare(path: Path, db: sqlite3.Connection) -> None:
    """Make an open journal ready: sound, not newer than this ivr, in WAL mode, current."""
    _check_sound(path, db)
    _refuse_newer(path, db)
    _use_wal(db)
    _migrate(path, db)


def _check_sound(path: Path, db: sqlite3.Connection) -> None:
    """``PRAGMA quick_check`` before anything is written (about 1 ms per 1,000 calls).

    Without it a damaged b-tree would only show when read, and an insert that
    misses the damage would write into the damaged file.
    """
    verdict = db.execute("PRAGMA quick_check(1)").fetchone()
    if verdict is None or verdict[0] != "ok":
        raise corrupt(path, "the integrity check failed")


def _refuse_newer(path: Path, db: sqlite3.Connection) -> None:
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise _newer(path, version)


def _newer(path: Path, version: int) -> StateError:
    return StateError(
        f"{path}: the journal was written by a newer ivr (schema {version}, this ivr"
        f" knows {SCHEMA_VERSION}); upgrade ivr to read it. It was left as it is"
    )


def _use_wal(db: sqlite3.Connection, patience: float = 10.0) -> None:
    """Switch a new file to WAL (persistent, so a no-op afterwards).

    The switch needs an exclusive lock and SQLite reports "locked" at once,
    without its busy handler, when another ivr is creating the same file; so
    it is retried here for as long as the busy timeout would have waited.
    """
    import sqlite3

    deadline = time.monotonic() + patience
    delay = 0.005
    while db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.1)
        else:
            return  # done, or a filesystem without WAL support: keep its mode


def _migrate(path: Path, db: sqlite3.Connection) -> None:
    """Apply the missing migrations in one write transaction (a no-op when current)."""
    if int(db.execute("PRAGMA user_version").fetchone()[0]) == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        # re-read under the write lock: another ivr may have migrated meanwhile
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise _newer(path, version)
        for step in MIGRATIONS[version:]:
            for statement in step:
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
