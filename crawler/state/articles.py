"""The article store: what earlier runs fetched and exported, so scheduled runs do only what is new.

It remembers, per canonical URL, the body fingerprint and version last exported and the change signal
(sitemap ``lastmod``, news-sitemap or feed date, else the page's own dates) it was fetched under; which
canonical URL first exported each exact body; when each listing, feed or sitemap was last read; and which
sitemaps answered 404 or 410, and when (so the next runs skip them until ``WARTA_GONE_SITEMAP_TTL`` passes).

:class:`ArticleStore` is what the spider, the dedup pipeline and export recovery rely on;
:class:`SqliteArticleStore` keeps it in one SQLite file per spider under the data folder, and
``crawler.distributed.articles.RedisArticleStore`` in Redis for several workers. The setting
``WARTA_ARTICLE_STORE`` names the one a crawl uses (``crawler/state/component.py`` opens it). Pure: no
Scrapy import (``from_crawler`` only reads the crawler's settings and spider name).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from crawler.dates import parse_date
from crawler.dates.calendar_rules import MAX_YEAR, MIN_YEAR
from crawler.state.lock import RunLock
from crawler.state.sqlite import open_database, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    canonical_url TEXT PRIMARY KEY,
    fingerprint   TEXT NOT NULL,
    version       INTEGER NOT NULL,
    portal        TEXT NOT NULL,
    date_modified TEXT,
    first_seen    REAL NOT NULL,
    last_seen     REAL NOT NULL,
    run_id        TEXT
);
CREATE TABLE IF NOT EXISTS bodies (
    fingerprint   TEXT PRIMARY KEY,
    canonical_url TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS fetched (
    canonical_url TEXT PRIMARY KEY,
    signal        TEXT,
    fetched_at    REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS pages (
    url        TEXT PRIMARY KEY,
    fetched_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS gone_pages (
    url     TEXT PRIMARY KEY,
    gone_at REAL NOT NULL
);
-- The open run's records, undone when its feeds fail to store them (see ``SqliteArticleStore.begin_run``):
-- the article and fetched rows each URL had before the run (NULL: none), and the bodies it claimed.
CREATE TABLE IF NOT EXISTS run_journal (
    canonical_url TEXT PRIMARY KEY,
    article       TEXT,
    fetched       TEXT
);
CREATE TABLE IF NOT EXISTS run_bodies (fingerprint TEXT PRIMARY KEY);
-- One row while a run is open: its id, and whether its records wait for a feed stored at close.
CREATE TABLE IF NOT EXISTS open_run (
    run_id       TEXT PRIMARY KEY,
    awaits_store INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS marks (
    canonical_url TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    marked_at     REAL NOT NULL
);
"""
# An operator's mark (``warta state``), kept until the article is exported again: ``forget`` (the state
# forgot the article) or ``reexport`` (export it again even if unchanged).
FORGET, REEXPORT = "forget", "reexport"

_JOURNAL_BEFORE_RECORD = """INSERT OR IGNORE INTO run_journal VALUES (?,
    (SELECT json_array(fingerprint, version, portal, date_modified, first_seen, last_seen, run_id)
     FROM articles WHERE canonical_url = ?),
    (SELECT json_array(signal, fetched_at) FROM fetched WHERE canonical_url = ?))"""

# A fetched URL keeps the latest change signal it was ever fetched under.
_MARK_FETCHED = """INSERT INTO fetched VALUES (?, ?, ?) ON CONFLICT(canonical_url) DO UPDATE SET
    signal = COALESCE(MAX(excluded.signal, fetched.signal), excluded.signal, fetched.signal),
    fetched_at = excluded.fetched_at"""


def change_signal(text: str | None) -> str | None:
    """A date from a sitemap, feed or page as a sortable UTC string, or None when there is none.

    An ISO date outside the engine's years (``MIN_YEAR``-``MAX_YEAR``) is none either: a .NET site's empty
    ``lastmod`` reads ``0001-01-01T00:00:00+07:00``, which has no UTC form (``astimezone`` overflows), and a
    year below 1000 would print without its leading zeros and sort wrong."""
    if not text:
        return None
    try:  # the item's own dates and most sitemap dates are ISO 8601 with an offset: no engine needed
        when = datetime.fromisoformat(text)
    except ValueError:
        when = None
    if when is not None and not MIN_YEAR <= when.year <= MAX_YEAR:
        return None
    if when is None or when.tzinfo is None:
        when = parse_date(text)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if when else None


def item_signal(item: Mapping[str, Any], fetched_under: str | None = None) -> str | None:
    """The change signal to remember for a fetched article: the latest of the one it was fetched under
    (sitemap lastmod, news-sitemap or feed date) and the page's own modified and published dates."""
    candidates = (
        fetched_under,
        change_signal(item.get("dateModified")),
        change_signal(item.get("datePublished")),
    )
    return max(filter(None, candidates), default=None)


@dataclass(frozen=True)
class KnownArticle:
    """What the store remembers of one exported canonical URL."""

    canonical_url: str
    fingerprint: str
    version: int
    date_modified: str | None
    run_id: str | None = None
    reexport: bool = False
    """Marked by ``warta state reexport``: the next fetch is exported even if its body is unchanged."""

    def next_version(self, fingerprint: str) -> int:
        """The version an export of ``fingerprint`` gets: the same one when a marked article is exported
        again with the body it had, the next one when the body changed."""
        if self.reexport and fingerprint == self.fingerprint:
            return self.version
        return self.version + 1


@dataclass(frozen=True)
class Mark:
    """An operator's change to the state that the next export of the article completes."""

    kind: str
    marked_at: float


def crawled_after(crawled_at: object, moment: float) -> bool:
    """Whether an export line's ``crawledAt`` (``2026-11-28T11:47:05Z``) is at or after ``moment`` (epoch
    seconds); False when it has none or it does not parse."""
    if not isinstance(crawled_at, str):
        return False
    try:
        when = datetime.fromisoformat(crawled_at.replace("Z", "+00:00"))
    except ValueError:
        return False
    if when.tzinfo is None:
        return False
    return when.timestamp() >= int(moment)


def operator_mark(store: Any, canonical_url: str) -> Mark | None:
    """The article's pending mark; None when it has none or the store keeps no marks."""
    reader = getattr(store, "mark_of", None)
    return reader(canonical_url) if reader is not None else None


@runtime_checkable
class ArticleStore(Protocol):
    """Exported articles, fetched article URLs (with the change signal they were fetched under) and
    listing read times: everything incremental crawling and dedup ask of the state."""

    def get(self, canonical_url: str) -> KnownArticle | None: ...

    def body_owner(self, fingerprint: str) -> str | None:
        """The canonical URL that first exported this exact body, if any."""
        ...

    def record(
        self,
        canonical_url: str,
        fingerprint: str,
        version: int,
        portal: str,
        date_modified: str | None,
        fetched_signal: str | None = None,
        fetched_url: str | None = None,
    ) -> None:
        """Remember an exported article (once its export line is written) and that it was fetched: at
        ``fetched_url`` when the page claimed another canonical URL (``rel=canonical``), so the page at
        the claimed URL is still fetched on its own and a hostile claim cannot hide it."""
        ...

    def __len__(self) -> int: ...

    def fetched_signal(self, canonical_url: str) -> tuple[bool, str | None]:
        """Whether the URL was fetched to completion before, and the change signal it was fetched under."""
        ...

    def mark_fetched(self, canonical_url: str, signal: str | None) -> None: ...

    def page_age(self, url: str) -> float | None:
        """Seconds since the listing, feed or sitemap was last read, or None if never."""
        ...

    def mark_page(self, url: str) -> None:
        """The listing, feed or sitemap was read now (and is no longer gone)."""
        ...

    def gone_age(self, url: str) -> float | None:
        """Seconds since the sitemap (or listing, feed) last answered 404 or 410, or None if it did not."""
        ...

    def mark_gone(self, url: str) -> None:
        """The sitemap (or listing, feed) answered 404 or 410 now."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class RunJournal(Protocol):
    """A store whose records of one run can be undone: an article counts as delivered only once the
    feeds took it, so when a feed fails to store the run's articles, their records are rolled back."""

    def begin_run(self) -> None:
        """Records from now on belong to the run and are journaled."""
        ...

    def awaits_store(self) -> None:
        """The run's records are delivered only when its feeds are stored at close: a run that never
        closes (killed) is rolled back when the store is next opened."""
        ...

    def commit_run(self) -> None: ...

    def rollback_run(self) -> list[str]:
        """Undo the run's records; the canonical URLs that were new in it (so other indexes drop them)."""
        ...


def state_file(data_dir: str | Path, spider_name: str, suffix: str = ".sqlite") -> Path:
    """``<data_dir>/state/<spider_name><suffix>``, refused when the name would lead outside the data folder
    (a spider name is a class attribute, but a path made from it is checked all the same)."""
    root = Path(data_dir).resolve()
    path = (root / "state" / f"{spider_name}{suffix}").resolve()
    if not path.is_relative_to(root / "state"):
        raise ValueError(f"spider name {spider_name!r} would put the state outside {root}")
    return path


class SqliteArticleStore:
    """Exported articles, fetched article URLs and listing fetch times, in a SQLite file."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> SqliteArticleStore:
        """The spider's own file under ``WARTA_DATA_DIR``, held by this run alone (``RunLock``: a second
        run of the spider on the folder refuses to start)."""
        data_dir, name = crawler.settings["WARTA_DATA_DIR"], crawler.spidercls.name
        lock = RunLock(state_file(data_dir, name, ".lock"), name)
        try:
            store = cls(state_file(data_dir, name))
        except BaseException:
            lock.release()
            raise
        store._lock = lock
        return store

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db = open_database(self.path, _SCHEMA)  # autocommit: a record is durable once it returns
        # Which run exported a row: a second copy within one run is told apart from a later run's.
        self.run_id = uuid.uuid4().hex
        self._journaling = False
        self._grouped = False  # group commit (``group_commits``): writes join one open transaction
        self.uncommitted = 0  # records written since the last commit
        self._lock: RunLock | None = None
        self.settled_on_open = self._settle_unfinished_run()

    # Exported articles -------------------------------------------------------------------------------

    def get(self, canonical_url: str) -> KnownArticle | None:
        row = self._db.execute(
            "SELECT a.canonical_url, a.fingerprint, a.version, a.date_modified, a.run_id, m.kind IS NOT NULL"
            " FROM articles a LEFT JOIN marks m ON m.canonical_url = a.canonical_url AND m.kind = ?"
            " WHERE a.canonical_url = ?",
            (REEXPORT, canonical_url),
        ).fetchone()
        return KnownArticle(*row[:5], reexport=bool(row[5])) if row else None

    def body_owner(self, fingerprint: str) -> str | None:
        """The canonical URL that first exported this exact body, if any."""
        row = self._db.execute(
            "SELECT canonical_url FROM bodies WHERE fingerprint = ?", (fingerprint,)
        ).fetchone()
        return row[0] if row else None

    def record(
        self,
        canonical_url: str,
        fingerprint: str,
        version: int,
        portal: str,
        date_modified: str | None,
        fetched_signal: str | None = None,
        fetched_url: str | None = None,
    ) -> None:
        """Remember an exported article, and that it was fetched under ``fetched_signal`` (call it once
        the export line is written), at ``fetched_url`` (default: the canonical URL)."""
        now = time.time()
        fetched_at = fetched_url or canonical_url
        with self._write():  # all or nothing: the three tables and the run's journal
            if self._journaling:
                for url in dict.fromkeys((canonical_url, fetched_at)):
                    self._db.execute(_JOURNAL_BEFORE_RECORD, (url, url, url))
            self._db.execute(
                """INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(canonical_url) DO UPDATE SET fingerprint = excluded.fingerprint,
                   version = excluded.version, date_modified = excluded.date_modified,
                   last_seen = excluded.last_seen, run_id = excluded.run_id""",
                (canonical_url, fingerprint, version, portal, date_modified, now, now, self.run_id),
            )
            claimed = self._db.execute(
                "INSERT OR IGNORE INTO bodies VALUES (?, ?)", (fingerprint, canonical_url)
            ).rowcount
            if claimed and self._journaling:
                self._db.execute("INSERT OR IGNORE INTO run_bodies VALUES (?)", (fingerprint,))
            self._db.execute(_MARK_FETCHED, (fetched_at, fetched_signal, now))
            self._db.execute("DELETE FROM marks WHERE canonical_url = ?", (canonical_url,))
        self.uncommitted += 1

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    # Fetched article URLs (exported or dropped) ------------------------------------------------------

    def fetched_signal(self, canonical_url: str) -> tuple[bool, str | None]:
        """Whether the URL was fetched to completion before, and the change signal it was fetched under."""
        row = self._db.execute(
            "SELECT signal FROM fetched WHERE canonical_url = ?", (canonical_url,)
        ).fetchone()
        return (True, row[0]) if row else (False, None)

    def mark_fetched(self, canonical_url: str, signal: str | None) -> None:
        with self._write():
            self._db.execute(_MARK_FETCHED, (canonical_url, signal, time.time()))

    # Listings, feeds and sitemaps --------------------------------------------------------------------

    def page_age(self, url: str) -> float | None:
        """Seconds since the listing, feed or sitemap was last read, or None if never."""
        row = self._db.execute("SELECT fetched_at FROM pages WHERE url = ?", (url,)).fetchone()
        return time.time() - row[0] if row else None

    def mark_page(self, url: str) -> None:
        with self._write():
            self._db.execute(
                "INSERT INTO pages VALUES (?, ?)"
                " ON CONFLICT(url) DO UPDATE SET fetched_at = excluded.fetched_at",
                (url, time.time()),
            )
            self._db.execute("DELETE FROM gone_pages WHERE url = ?", (url,))

    def gone_age(self, url: str) -> float | None:
        row = self._db.execute("SELECT gone_at FROM gone_pages WHERE url = ?", (url,)).fetchone()
        return time.time() - row[0] if row else None

    def mark_gone(self, url: str) -> None:
        with self._write():
            self._db.execute(
                "INSERT INTO gone_pages VALUES (?, ?)"
                " ON CONFLICT(url) DO UPDATE SET gone_at = excluded.gone_at",
                (url, time.time()),
            )

    # Group commit ------------------------------------------------------------------------------------

    def group_commits(self) -> None:
        """From now on writes join one open transaction, made durable by :meth:`commit` (the dedup
        pipeline commits every few records and at close): one commit per article cost more than the
        record itself. Only records of lines already in the export are ever written, so a kill loses
        records that export recovery redoes from the export's last lines (``crawler/exports/recovery.py``)
        and fetch marks that only make the next run fetch a page again."""
        self._grouped = True

    def commit(self) -> None:
        """Make every write so far durable."""
        if self._db.in_transaction:
            self._db.execute("COMMIT")
        self.uncommitted = 0

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write, all or nothing: its own transaction, or a savepoint in the group's open one."""
        if not self._grouped:
            with transaction(self._db):
                yield
            return
        if not self._db.in_transaction:
            self._db.execute("BEGIN")
        self._db.execute("SAVEPOINT write")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK TO write")
            self._db.execute("RELEASE write")
            raise
        self._db.execute("RELEASE write")

    # The run's journal -------------------------------------------------------------------------------

    def begin_run(self) -> None:
        self.commit()
        with transaction(self._db):
            self._clear_journal()
            self._db.execute("INSERT INTO open_run VALUES (?, 0)", (self.run_id,))
        self._journaling = True

    def awaits_store(self) -> None:
        with self._write():
            self._db.execute("UPDATE open_run SET awaits_store = 1 WHERE run_id = ?", (self.run_id,))
        self.commit()  # durable before any record it covers

    def commit_run(self) -> None:
        self.commit()
        with transaction(self._db):
            self._clear_journal()
        self._journaling = False

    def rollback_run(self) -> list[str]:
        self.commit()  # the group's records are journaled: undone with the rest
        with transaction(self._db):
            new = self._undo_journal()
            self._clear_journal()
        self._journaling = False
        return new

    def _undo_journal(self) -> list[str]:
        new = []
        rows = self._db.execute("SELECT canonical_url, article, fetched FROM run_journal").fetchall()
        for canonical, article, fetched in rows:
            if article is None:
                new.append(canonical)
                self._db.execute("DELETE FROM articles WHERE canonical_url = ?", (canonical,))
            else:
                self._db.execute(
                    "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (canonical, *json.loads(article)),
                )
            if fetched is None:
                self._db.execute("DELETE FROM fetched WHERE canonical_url = ?", (canonical,))
            else:
                self._db.execute(
                    "INSERT OR REPLACE INTO fetched VALUES (?, ?, ?)", (canonical, *json.loads(fetched))
                )
        self._db.execute("DELETE FROM bodies WHERE fingerprint IN (SELECT fingerprint FROM run_bodies)")
        return new

    def _clear_journal(self) -> None:
        self._db.execute("DELETE FROM run_journal")
        self._db.execute("DELETE FROM run_bodies")
        self._db.execute("DELETE FROM open_run")

    def _settle_unfinished_run(self) -> tuple[str, list[str]] | None:
        """A run that never closed (killed): its records stand when its lines went straight to local
        files (export recovery checks their last lines), and are undone when they waited for a feed
        stored at close, which never happened. The outcome and the URLs undone, or None."""
        row = self._db.execute("SELECT run_id, awaits_store FROM open_run").fetchone()
        if row is None:
            return None
        if not row[1]:
            self.commit_run()
            return ("kept", [])
        return ("rolled_back", self.rollback_run())

    # Operators' changes (``warta state``, between crawls) --------------------------------------------

    def mark_of(self, canonical_url: str) -> Mark | None:
        row = self._db.execute(
            "SELECT kind, marked_at FROM marks WHERE canonical_url = ?", (canonical_url,)
        ).fetchone()
        return Mark(*row) if row else None

    def known_urls(self, urls: list[str]) -> list[str]:
        """Those of ``urls`` the state knows, exported or only fetched."""
        query = (
            "SELECT 1 FROM articles WHERE canonical_url = ?1"
            " UNION SELECT 1 FROM fetched WHERE canonical_url = ?1"
        )
        return [url for url in urls if self._db.execute(query, (url,)).fetchone()]

    def urls_between(self, start: float, end: float, *, exported_only: bool) -> list[str]:
        """Canonical URLs last exported (or, unless ``exported_only``, last fetched) in [start, end)."""
        query = "SELECT canonical_url FROM articles WHERE last_seen >= ? AND last_seen < ?"
        if not exported_only:
            query += " UNION SELECT canonical_url FROM fetched WHERE fetched_at >= ? AND fetched_at < ?"
        params = (start, end) if exported_only else (start, end, start, end)
        return sorted(row[0] for row in self._db.execute(query, params))

    def forget(self, urls: list[str]) -> int:
        """The state forgets these URLs (exported articles, their bodies, fetched pages): the next run
        that finds them fetches them and exports them as new. Marked, so export recovery does not restore
        them from an export line written before. How many were known."""
        return self._change(urls, FORGET, ("articles", "bodies", "fetched"))

    def mark_for_reexport(self, urls: list[str]) -> int:
        """The next run that finds these exported articles fetches them and exports them again, even
        unchanged (under the version they had). How many were exported articles."""
        exported = [url for url in urls if self.get(url) is not None]
        self._change(exported, REEXPORT, ("fetched",))
        return len(exported)

    def _change(self, urls: list[str], kind: str, tables: tuple[str, ...]) -> int:
        known = self.known_urls(urls)
        now = time.time()
        with self._write():
            for url in known:
                for table in tables:
                    self._db.execute(f"DELETE FROM {table} WHERE canonical_url = ?", (url,))
                self._db.execute(
                    "INSERT INTO marks VALUES (?, ?, ?) ON CONFLICT(canonical_url) DO UPDATE SET"
                    " kind = excluded.kind, marked_at = excluded.marked_at",
                    (url, kind, now),
                )
        return len(known)

    def close(self) -> None:
        self.commit()
        self._db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None
