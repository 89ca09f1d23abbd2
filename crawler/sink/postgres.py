"""Writing the outbox to PostgreSQL: blocking calls, run in a worker thread by ``pipelines/postgres.py``.

Rows go in batches, oldest first, each batch one transaction of idempotent upserts keyed on (canonical
URL, version); the batch leaves the outbox only after the commit. Two kinds of failure are told apart:

- connection trouble (the server stopped or restarting, unreachable, refusing logins: psycopg's
  ``OperationalError`` and ``InterfaceError``) leaves every row in the outbox; ``Drained.error`` says why,
  on one line, and the caller tries again later;
- a refusal (a value the database cannot store, a table of another shape) is narrowed down to its rows by
  writing the batch row by row; those are set aside in the outbox with the reason, so they neither block
  the rows behind them nor get lost, and the next run tries them again.

psycopg is imported only when a writer is made (a DSN is set).
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.sink.outbox import Outbox, Waiting

TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")

_CREATE = """
CREATE TABLE IF NOT EXISTS {table} (
    canonical_url  text        NOT NULL,
    version        integer     NOT NULL,
    portal         text        NOT NULL,
    url            text        NOT NULL,
    headline       text,
    date_published timestamptz,
    fingerprint    text,
    crawled_at     timestamptz,
    item           jsonb       NOT NULL,
    stored_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (canonical_url, version)
)
"""

_UPSERT = """
INSERT INTO {table} (canonical_url, version, portal, url, headline, date_published, fingerprint,
                     crawled_at, item)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (canonical_url, version) DO UPDATE SET
    portal = EXCLUDED.portal, url = EXCLUDED.url, headline = EXCLUDED.headline,
    date_published = EXCLUDED.date_published, fingerprint = EXCLUDED.fingerprint,
    crawled_at = EXCLUDED.crawled_at, item = EXCLUDED.item, stored_at = now()
"""


# A NUL character as JSON writes it (``\u0000``, not after an escaped backslash): PostgreSQL's jsonb refuses
# it ("unsupported Unicode escape sequence"), and a page can carry one into an item (a JSON-LD date
# ``"2023-03-15T10:00:00+07:00\u0000"`` is read, and kept as its raw text). Such a row would be refused on
# every try, failing every run; the character is left out of the stored item instead.
_NUL_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")


def one_line(exc: BaseException) -> str:
    """An error as one line (libpq's messages span several), for logs and the run's last line."""
    lines = (" ".join(line.split()) for line in str(exc).splitlines())
    return "; ".join(line for line in lines if line) or type(exc).__name__


def _timestamp(value: object) -> datetime | None:
    """An ISO 8601 item date as a datetime; anything else is None (the raw text stays in ``item``)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def row_for(data: Mapping[str, Any]) -> tuple[Any, ...]:
    """The column values of one exported item (a mapping of its exported fields); ``item`` (jsonb) holds
    all of them. Raises KeyError, TypeError or ValueError for an item that cannot be a row."""
    canonical = data["canonicalUrl"]
    if not isinstance(canonical, str) or not canonical:
        raise ValueError(f"canonicalUrl must be a non-empty string, got {canonical!r}")
    return (
        canonical,
        int(data.get("version") or 1),
        data.get("portal") or "",
        data.get("url") or canonical,
        data.get("headline"),
        _timestamp(data.get("datePublished")),
        data.get("fingerprint"),
        _timestamp(data.get("crawledAt")),
        _NUL_ESCAPE.sub(r"\1", json.dumps(data, ensure_ascii=False, default=str)),
    )


@dataclass
class Drained:
    """What one ``drain`` did."""

    written: int = 0
    refused: int = 0
    refusal: str | None = None  # why the first refused row was refused
    error: str | None = None  # connection trouble, on one line: the rows wait for the next try
    connected: bool = False  # a new connection was opened
    more: bool = False  # rows were left for the next call (batch budget or deadline)


class PostgresWriter:
    """Empties one outbox into one table. Not thread-safe: one ``drain`` at a time."""

    def __init__(
        self, dsn: str, table: str, outbox_file: str | Path, batch_size: int, connect_timeout: float
    ) -> None:
        if not TABLE_NAME.match(table):
            raise ValueError(f"WARTA_POSTGRES_TABLE must be a plain SQL identifier, got {table!r}")
        import psycopg
        from psycopg import sql

        self._psycopg = psycopg
        self.dsn = dsn
        self.table = table
        self.batch_size = max(1, batch_size)
        self.connect_timeout = connect_timeout
        self.outbox = Outbox(outbox_file)
        self._create = sql.SQL(_CREATE).format(table=sql.Identifier(table))
        self._upsert = sql.SQL(_UPSERT).format(table=sql.Identifier(table))
        self.conn: Any = None

    def _trouble(self, exc: BaseException) -> bool:
        """Whether an error is about the connection (try later) rather than about the rows."""
        psycopg = self._psycopg
        broken = self.conn is not None and (self.conn.broken or self.conn.closed)
        return broken or isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError)

    def _connect(self, deadline: float | None) -> None:
        timeout = self.connect_timeout
        if deadline is not None:
            timeout = min(timeout, max(0.0, deadline - time.monotonic()))
        # libpq waits at least 2 s; a fraction would be read as "no limit".
        conn = self._psycopg.connect(self.dsn, connect_timeout=max(2, round(timeout)), autocommit=True)
        try:
            with conn.transaction():
                conn.execute(self._create)
        except BaseException:
            conn.close()
            raise
        self.conn = conn

    def _drop_connection(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(self._psycopg.Error):
                self.conn.close()
            self.conn = None

    def drain(self, deadline: float | None = None, max_batches: int | None = None) -> Drained:
        """Write waiting rows until the outbox has none, ``max_batches`` batches were written, or the
        ``deadline`` (a ``time.monotonic()`` value) passed. Never raises for database trouble."""
        result = Drained()
        psycopg = self._psycopg
        try:
            if self.conn is None or self.conn.closed or self.conn.broken:
                self.conn = None
                self._connect(deadline)
                result.connected = True
            batches = 0
            while True:
                if (deadline is not None and time.monotonic() >= deadline) or (
                    max_batches is not None and batches >= max_batches
                ):
                    result.more = bool(self.outbox.next_batch(1))
                    break
                batch = self.outbox.next_batch(self.batch_size)
                if not batch:
                    break
                self._write(batch, result)
                batches += 1
        except psycopg.Error as exc:
            # Only connection trouble gets here (_write handles refusals); the rows stay in the outbox.
            result.error = one_line(exc)
            self._drop_connection()
        return result

    def _write(self, batch: list[Waiting], result: Drained) -> None:
        rows: list[tuple[Waiting, tuple[Any, ...]]] = []
        for waiting in batch:
            try:
                rows.append((waiting, row_for(json.loads(waiting.payload))))
            except (KeyError, TypeError, ValueError) as exc:  # an outbox row no database could take
                self._refuse(waiting, f"not a row: {one_line(exc)}", result)
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                cur.executemany(self._upsert, [row for _, row in rows])
        except self._psycopg.Error as exc:
            if self._trouble(exc):
                raise
            self._write_one_by_one(rows, result)
            return
        self.outbox.remove(waiting.id for waiting, _ in rows)
        result.written += len(rows)

    def _write_one_by_one(self, rows: list[tuple[Waiting, tuple[Any, ...]]], result: Drained) -> None:
        """The database refused a batch: write its rows one at a time, setting aside those it refuses."""
        for waiting, row in rows:
            try:
                with self.conn.transaction():
                    self.conn.execute(self._upsert, row)
            except self._psycopg.Error as exc:
                if self._trouble(exc):
                    raise
                self._refuse(waiting, one_line(exc), result)
            else:
                self.outbox.remove([waiting.id])
                result.written += 1

    def _refuse(self, waiting: Waiting, reason: str, result: Drained) -> None:
        self.outbox.refuse(waiting.id, reason)
        result.refused += 1
        result.refusal = result.refusal or reason

    def close(self) -> None:
        self._drop_connection()
        self.outbox.close()
