"""How every SQLite file of the data folder is opened (article state, near-duplicate index, the Redis
workers' journals, the sink's outbox): one place for the settings their durability rests on.

Autocommit (``isolation_level=None``): a write is durable once its call (or its explicit transaction)
returns. WAL with ``synchronous=NORMAL``: a reader never blocks the writer, and a process killed at any
point loses no committed write (only a power cut may lose the last ones). ``check_same_thread=False``:
each file is used by one thread at a time, but not always the one that opened it.

``temp_store=MEMORY``: the sub-journal of a savepoint (the article state's one write within a group
commit) and a statement's journal stay in memory. By default SQLite spills either to a new file in
/var/tmp once it passes 64 KiB, and a record whose write splits a page or two does: a 500-article demo
crawl created 29 such files and made ~16 page writes (``pwrite``) an article into them until each
group's commit. Nothing durable lives there: both journals only undo a statement or savepoint of an open
transaction, which a killed process loses with the transaction anyway.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def open_database(path: str | Path, schema: str, *, timeout: float = 5.0) -> sqlite3.Connection:
    """The database at ``path`` (its folder made), with ``schema`` applied."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=timeout)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA temp_store=MEMORY")
    db.executescript(schema)
    return db


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One transaction, committed at the end or rolled back on an error. These connections autocommit,
    where ``with db`` alone opens none: each statement inside it would be committed on its own."""
    with db:
        db.execute("BEGIN")
        yield
