"""The shared sink: every worker's articles land in one PostgreSQL table, upserted on (canonical URL,
version).

Enabled only when ``WARTA_POSTGRES_DSN`` is set (setting or environment variable); otherwise the pipeline
is skipped and psycopg is never imported. JSON-lines export stays the default and runs alongside.
Each row is committed before the item reaches the export and the article state (``WARTA_POSTGRES_BATCH``
= 1, the default), so a killed worker never leaves an exported, remembered article missing from the
table; a larger batch is faster and may lose up to that many rows on a kill. A batch the database
refuses is rolled back, logged and counted (``warta/postgres/failed``) instead of stopping the crawl,
and the ``sink_errors`` monitor fails the run.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)

_TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")

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


def postgres_dsn(settings: Any) -> str | None:
    """The DSN from the ``WARTA_POSTGRES_DSN`` setting, else the environment variable of that name."""
    return settings.get("WARTA_POSTGRES_DSN") or None


def _timestamp(value: object) -> datetime | None:
    """An ISO 8601 item date as a datetime; anything else is None (the raw text stays in ``item``)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def row_for(item: object, fields: list[str] | None = None) -> tuple[Any, ...]:
    """The column values of one item; ``item`` (jsonb) holds what the feed exports (``fields``, as in
    ``FEED_EXPORT_FIELDS``, a missing one as null), or the whole item when no field list is set."""
    adapter = ItemAdapter(item)
    data = {name: adapter.get(name) for name in fields} if fields else adapter.asdict()
    return (
        adapter["canonicalUrl"],
        int(adapter.get("version") or 1),
        adapter.get("portal") or "",
        adapter.get("url") or adapter["canonicalUrl"],
        adapter.get("headline"),
        _timestamp(adapter.get("datePublished")),
        adapter.get("fingerprint"),
        _timestamp(adapter.get("crawledAt")),
        json.dumps(data, ensure_ascii=False, default=str),
    )


class PostgresPipeline:
    """Upserts exported articles into ``WARTA_POSTGRES_TABLE`` (default ``articles``)."""

    def __init__(self, crawler: Crawler, dsn: str, table: str, batch_size: int) -> None:
        self.crawler = crawler
        self.fields = crawler.settings.getlist("FEED_EXPORT_FIELDS") or None
        self.stats = crawler.stats
        self.dsn = dsn
        self.table = table
        self.batch_size = max(1, batch_size)
        self.pending: list[tuple[Any, ...]] = []
        self.conn: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PostgresPipeline:
        settings = crawler.settings
        dsn = postgres_dsn(settings)
        if not dsn:
            raise NotConfigured  # silent: no sink configured is the normal case
        table = settings.get("WARTA_POSTGRES_TABLE")
        if not _TABLE_NAME.match(table):
            raise ValueError(f"WARTA_POSTGRES_TABLE must be a plain SQL identifier, got {table!r}")
        return cls(crawler, dsn, table, settings.getint("WARTA_POSTGRES_BATCH"))

    def _sql(self, template: str) -> Any:
        from psycopg import sql

        return sql.SQL(template).format(table=sql.Identifier(self.table))

    def open_spider(self) -> None:
        import psycopg

        self.conn = psycopg.connect(self.dsn, connect_timeout=10)
        with self.conn.transaction():
            self.conn.execute(self._sql(_CREATE))
        logger.info("PostgreSQL sink: table %s", self.table)

    def process_item(self, item: object) -> object:
        try:
            self.pending.append(row_for(item, self.fields))
        except (KeyError, TypeError, ValueError) as exc:
            self.stats.inc_value("warta/postgres/failed")
            logger.warning("PostgreSQL sink skipped an item it cannot store: %s", exc)
            return item
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        """Write the pending rows in one transaction; a refused batch is counted, not fatal."""
        if not self.pending or self.conn is None:
            return
        rows, self.pending = self.pending, []
        import psycopg

        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                cur.executemany(self._sql(_UPSERT), rows)
            self.stats.inc_value("warta/postgres/upserted", len(rows))
        except psycopg.Error as exc:
            self.stats.inc_value("warta/postgres/failed", len(rows))
            logger.error("PostgreSQL sink lost a batch of %d rows: %s", len(rows), exc)

    def close_spider(self) -> None:
        try:
            self.flush()
        finally:
            if self.conn is not None:
                self.conn.close()
                self.conn = None
