"""The embedded article store: what earlier runs exported, so scheduled runs export only what is new.

One SQLite file per spider under the data folder. It remembers, per canonical URL, the body fingerprint
and version last exported, and which canonical URL first exported each exact body. Pure: no Scrapy import.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    canonical_url TEXT PRIMARY KEY,
    fingerprint   TEXT NOT NULL,
    version       INTEGER NOT NULL,
    portal        TEXT NOT NULL,
    date_modified TEXT,
    first_seen    REAL NOT NULL,
    last_seen     REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS bodies (
    fingerprint   TEXT PRIMARY KEY,
    canonical_url TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class KnownArticle:
    """What the store remembers of one canonical URL."""

    canonical_url: str
    fingerprint: str
    version: int
    date_modified: str | None


class ArticleStore:
    """Canonical URLs and body fingerprints already exported, in a SQLite file that survives restarts."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: autocommit, so every record is durable once the call returns.
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def get(self, canonical_url: str) -> KnownArticle | None:
        row = self._db.execute(
            "SELECT canonical_url, fingerprint, version, date_modified FROM articles WHERE canonical_url = ?",
            (canonical_url,),
        ).fetchone()
        return KnownArticle(*row) if row else None

    def body_owner(self, fingerprint: str) -> str | None:
        """The canonical URL that first exported this exact body, if any."""
        row = self._db.execute(
            "SELECT canonical_url FROM bodies WHERE fingerprint = ?", (fingerprint,)
        ).fetchone()
        return row[0] if row else None

    def record(
        self, canonical_url: str, fingerprint: str, version: int, portal: str, date_modified: str | None
    ) -> None:
        now = time.time()
        with self._db:  # one transaction for both tables
            self._db.execute("BEGIN")
            self._db.execute(
                """INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(canonical_url) DO UPDATE SET fingerprint = excluded.fingerprint,
                   version = excluded.version, date_modified = excluded.date_modified,
                   last_seen = excluded.last_seen""",
                (canonical_url, fingerprint, version, portal, date_modified, now, now),
            )
            self._db.execute("INSERT OR IGNORE INTO bodies VALUES (?, ?)", (fingerprint, canonical_url))

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def close(self) -> None:
        self._db.close()
