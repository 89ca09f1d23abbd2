"""The outbox: rows on their way to PostgreSQL, kept in one SQLite file under the data folder.

Why: the article state remembers an article once it is exported, and the next run skips it; a row that
only lived in memory when the database was down was lost for good. So every row is added here before its
item goes on to the export, and a row leaves the outbox only after PostgreSQL committed it. A kill
between that commit and the delete writes the row twice, which the sink's upsert makes harmless; never
zero times.

One file per spider, ``<data>/outbox/postgres-<spider>.sqlite``: the article state is per spider too,
so the run that is told "the next run writes them" is the next run of the same spider, and two spiders
scheduled side by side on one data folder never contend for, or rewrite, each other's rows. Several
processes on one file (workers of a shared crawl on one data folder) still work: SQLite serialises
them, and a row two of them write is one row in the table.

Reads come in batches, oldest first, so memory stays bounded however long the outage. A row the
database refused is marked with the reason instead of blocking the rows behind it, and tried again by
the next run (``retry_refused``), when the operator may have fixed what the database objected to.
Pure: stdlib only. Each ``Outbox`` is one SQLite connection; the pipeline adds through one while the
writer's thread reads and deletes through another (WAL lets them work side by side).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from crawler.state.sqlite import open_database, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS rows (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    payload TEXT NOT NULL,
    added   REAL NOT NULL,
    refused TEXT
);
CREATE INDEX IF NOT EXISTS rows_waiting ON rows (refused, id);
"""
_SPIDER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def outbox_path(data_dir: str | Path, spider: str, sink: str = "postgres") -> Path:
    """The spider's outbox file for one sink under the data folder."""
    if not _SPIDER_NAME.match(spider):
        raise ValueError(f"a spider name fit for a file name is needed for the outbox, got {spider!r}")
    return Path(data_dir).resolve() / "outbox" / f"{sink}-{spider}.sqlite"


@dataclass(frozen=True)
class Waiting:
    """One row in the outbox: its id (the order it was added in) and the payload to write."""

    id: int
    payload: str


@dataclass(frozen=True)
class Counts:
    """What the outbox holds: rows waiting to be written, and rows the database refused."""

    waiting: int
    refused: int


class Outbox:
    """Rows waiting for the database, durable once ``add`` returns."""

    def __init__(self, path: str | Path, busy_timeout: float = 30.0) -> None:
        self.path = Path(path)
        # A row is on disk (in the WAL) once add() returns; the writer's outbox is made in the reactor
        # thread and used by one worker thread at a time.
        self._db = open_database(self.path, _SCHEMA, timeout=busy_timeout)

    def add(self, payload: str) -> int:
        """Keep one row; its id."""
        cursor = self._db.execute("INSERT INTO rows (payload, added) VALUES (?, ?)", (payload, time.time()))
        return int(cursor.lastrowid or 0)

    def next_batch(self, limit: int) -> list[Waiting]:
        """The oldest rows still waiting (not refused), at most ``limit`` of them."""
        rows = self._db.execute(
            "SELECT id, payload FROM rows WHERE refused IS NULL ORDER BY id LIMIT ?", (max(1, limit),)
        ).fetchall()
        return [Waiting(row_id, payload) for row_id, payload in rows]

    def remove(self, ids: Iterable[int]) -> None:
        """Forget rows the database has committed, in one transaction."""
        ids = list(ids)
        if not ids:
            return
        with transaction(self._db):
            self._db.executemany("DELETE FROM rows WHERE id = ?", [(row_id,) for row_id in ids])

    def refuse(self, row_id: int, reason: str) -> None:
        """Set a row aside: the database refused it, and it must not block the rows behind it."""
        self._db.execute("UPDATE rows SET refused = ? WHERE id = ?", (reason, row_id))

    def retry_refused(self) -> int:
        """Put the rows refused by an earlier run back in line (a new run tries them again); how many."""
        return self._db.execute("UPDATE rows SET refused = NULL WHERE refused IS NOT NULL").rowcount

    def first_refusal(self) -> str | None:
        """Why the oldest refused row was refused, or None."""
        row = self._db.execute(
            "SELECT refused FROM rows WHERE refused IS NOT NULL ORDER BY id LIMIT 1"
        ).fetchone()
        return row[0] if row else None

    def counts(self) -> Counts:
        waiting, refused = self._db.execute(
            "SELECT count(*) FILTER (WHERE refused IS NULL), count(*) FILTER (WHERE refused IS NOT NULL)"
            " FROM rows"
        ).fetchone()
        return Counts(int(waiting), int(refused))

    def close(self) -> None:
        self._db.close()
