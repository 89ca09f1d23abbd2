"""Each worker's own durable copy of what it wrote to the shared article state, to rebuild it after a reset.

Redis may keep nothing on disk: restarted, it comes back empty, and the next crawl would export again every
article the state no longer knows. So each worker also writes every record it makes (exported articles,
fetched URLs, near-duplicate index entries) to a SQLite file in its own data folder
(``<data>/state/<spider>.<prefix>.redis-journal.sqlite``), marked synced when Redis took it.

- Redis is written first: a dead worker's export claims are judged by whether its records reached Redis
  (``leases``), so the moment between an export line and its record in Redis is kept as short as it can
  be. A kill between the two writes leaves the journal one record short, which matters only if Redis is
  reset later too.
- A record Redis did not take (an outage) stays unsynced and is written again when Redis is back, or at
  the worker's next start.
- The journal remembers the id of the Redis state it was written to (``<prefix>:<spider>:state_id``). A
  worker that finds that id gone (Redis lost the state) or changed (another worker rebuilt it) writes its
  whole journal into the state again; every write merges (the larger version, the later signal, the first
  body owner), so the journals of all workers, replayed in any order, give back the union.
- Redis lists every journal that took part (``<prefix>:<spider>:journals``) and each journal keeps a copy of
  that list. The worker that rebuilds a lost state marks the journals it knows of as missing until each
  has been replayed; while any is missing no worker crawls (exit 3, the message names where they are), so
  an article one worker exported is never exported again by another that did not know of it.

Listing read times and gone sitemaps are not journaled: after a reset the next crawl reads every listing
and asks each gone sitemap once more, which costs requests, never articles.
"""

from __future__ import annotations

import json
import socket
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.state.sqlite import open_database, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    canonical_url TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, version INTEGER NOT NULL,
    portal TEXT NOT NULL, date_modified TEXT, signal TEXT, synced INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS fetched (canonical_url TEXT PRIMARY KEY, signal TEXT, synced INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS neardup (
    key TEXT PRIMARY KEY, meta_json TEXT NOT NULL, signature BLOB NOT NULL, bands TEXT NOT NULL,
    synced INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS journals (journal_id TEXT PRIMARY KEY, place TEXT NOT NULL);
"""

_RECORD = """INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(canonical_url) DO UPDATE SET
    fingerprint = excluded.fingerprint, version = excluded.version, portal = excluded.portal,
    date_modified = excluded.date_modified, signal = excluded.signal, synced = excluded.synced
    WHERE excluded.version >= articles.version"""

_FETCHED = """INSERT INTO fetched VALUES (?, ?, ?) ON CONFLICT(canonical_url) DO UPDATE SET
    signal = COALESCE(MAX(excluded.signal, fetched.signal), excluded.signal, fetched.signal),
    synced = MIN(excluded.synced, fetched.synced)"""


@dataclass(frozen=True)
class JournalArticle:
    canonical_url: str
    fingerprint: str
    version: int
    portal: str
    date_modified: str | None
    signal: str | None
    fetched_url: str | None = None  # where the page was fetched, when it claimed another canonical URL


@dataclass(frozen=True)
class JournalNearDup:
    key: str
    meta_json: str
    signature: bytes
    bands: list[int]


class StateJournal:
    """The SQLite journal of one worker's data folder for one spider (see the module docstring)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db = open_database(self.path, _SCHEMA)
        self._db.execute("INSERT OR IGNORE INTO meta VALUES ('journal_id', ?)", (uuid.uuid4().hex,))
        self.journal_id = self._meta("journal_id") or ""
        # Where an operator finds this journal: the machine and the file.
        self.place = f"{socket.gethostname()}:{self.path.resolve()}"

    def _meta(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    @property
    def state_id(self) -> str | None:
        """The id of the Redis state this journal was last written to."""
        return self._meta("state_id")

    @state_id.setter
    def state_id(self, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('state_id', ?)", (value,))

    def empty(self) -> bool:
        return not any(
            self._db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
            for table in ("articles", "fetched", "neardup")
        )

    # Writes (``synced``: Redis took it already) ---------------------------------------------------------

    def record(self, article: JournalArticle, *, synced: bool) -> None:
        """An exported article, and that it was fetched under its signal (one transaction)."""
        a, flag = article, int(synced)
        with transaction(self._db):
            self._db.execute(
                _RECORD,
                (a.canonical_url, a.fingerprint, a.version, a.portal, a.date_modified, a.signal, flag),
            )
            self._db.execute(_FETCHED, (a.fetched_url or a.canonical_url, a.signal, flag))

    def fetched(self, canonical_url: str, signal: str | None, *, synced: bool) -> None:
        self._db.execute(_FETCHED, (canonical_url, signal, int(synced)))

    def neardup(self, entry: JournalNearDup, *, synced: bool) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO neardup VALUES (?, ?, ?, ?, ?)",
            (entry.key, entry.meta_json, entry.signature, json.dumps(entry.bands), int(synced)),
        )

    def forget_neardups(self, keys: Iterable[str]) -> None:
        """Near-duplicate entries of articles never delivered, removed from Redis too."""
        with transaction(self._db):
            self._db.executemany("DELETE FROM neardup WHERE key = ?", ((key,) for key in keys))

    def synced(self, table: str, *keys: str) -> None:
        """Redis took these rows, written again from here (one transaction for all of them)."""
        column = "key" if table == "neardup" else "canonical_url"
        with transaction(self._db):
            self._db.executemany(f"UPDATE {table} SET synced = 1 WHERE {column} = ?", ((k,) for k in keys))

    # Reads, for a replay ------------------------------------------------------------------------------

    def articles(self, *, unsynced_only: bool) -> Iterator[JournalArticle]:
        where = " WHERE synced = 0" if unsynced_only else ""
        query = "SELECT canonical_url, fingerprint, version, portal, date_modified, signal FROM articles"
        for row in self._db.execute(query + where).fetchall():
            yield JournalArticle(*row)

    def fetched_urls(self, *, unsynced_only: bool) -> Iterator[tuple[str, str | None]]:
        where = " WHERE synced = 0" if unsynced_only else ""
        yield from self._db.execute("SELECT canonical_url, signal FROM fetched" + where).fetchall()

    def neardups(self, *, unsynced_only: bool) -> Iterator[JournalNearDup]:
        where = " WHERE synced = 0" if unsynced_only else ""
        query = "SELECT key, meta_json, signature, bands FROM neardup"
        for key, meta_json, signature, bands in self._db.execute(query + where).fetchall():
            yield JournalNearDup(key, meta_json, bytes(signature), json.loads(bands))

    # The journals of the state ------------------------------------------------------------------------

    def known_journals(self) -> dict[str, str]:
        """Every journal (id -> place) this one knows took part in the state, itself included."""
        known = dict(self._db.execute("SELECT journal_id, place FROM journals").fetchall())
        return {**known, self.journal_id: self.place}

    def remember_journals(self, journals: dict[str, str]) -> None:
        with transaction(self._db):
            self._db.executemany("INSERT OR REPLACE INTO journals VALUES (?, ?)", journals.items())

    def close(self) -> None:
        self._db.close()


def journal_entry(place: str, *, merged: bool) -> str:
    """The value stored per journal in Redis' list of journals."""
    return json.dumps({"place": place, "merged": merged})


def read_entry(raw: Any) -> tuple[str, bool]:
    """(place, merged) from a Redis journal entry; an unreadable one counts as merged (not ours)."""
    try:
        entry = json.loads(raw)
        return str(entry["place"]), bool(entry["merged"])
    except (ValueError, KeyError, TypeError):
        return "?", True
