"""How every SQLite file of the data folder is opened (article state, near-duplicate index, the Redis
workers' journals, the sink's outbox): one place for the settings their durability rests on.

Autocommit (``isolation_level=None``): a write is durable once its call (or its explicit transaction)
returns. WAL with ``synchronous=NORMAL``: a reader never blocks the writer, and a process killed at any
point loses no committed write (only a power cut may lose the last ones). ``check_same_thread=False``:
each file is used by one thread at a time, but not always the one that opened it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def open_database(path: str | Path, schema: str, *, timeout: float = 5.0) -> sqlite3.Connection:
    """The database at ``path`` (its folder made), with ``schema`` applied."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=timeout)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(schema)
    return db
