"""A worker's journal of the shared article state: merges like the Redis store, knows what Redis has not
taken yet, and keeps its id, its state id and the journals it heard of across reopenings."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crawler.distributed.journal import JournalArticle, JournalNearDup, StateJournal

URL = "https://jagatbisnis.com/2022/03/15/berita/"


def _article(version: int, fingerprint: str) -> JournalArticle:
    return JournalArticle(URL, fingerprint, version, "jagatbisnis", None, "2022-03-15T01:12:40Z")


def test_a_record_is_unsynced_until_redis_took_it_and_an_older_version_never_wins(tmp_path: Path):
    journal = StateJournal(tmp_path / "j.sqlite")
    assert journal.empty()
    journal.record(_article(2, "f2"), synced=False)  # Redis was away
    journal.record(_article(1, "f1"), synced=True)  # a late record of an older version changes nothing
    assert [(a.version, a.fingerprint) for a in journal.articles(unsynced_only=True)] == [(2, "f2")]
    assert list(journal.fetched_urls(unsynced_only=True)) == [(URL, "2022-03-15T01:12:40Z")]
    journal.synced("articles", URL)
    journal.synced("fetched", URL)
    assert list(journal.articles(unsynced_only=True)) == []
    assert [a.version for a in journal.articles(unsynced_only=False)] == [2]
    journal.record(_article(3, "f3"), synced=False)  # a new version Redis missed is unsynced again
    assert [a.version for a in journal.articles(unsynced_only=True)] == [3]


def test_fetched_keeps_the_latest_signal(tmp_path: Path):
    journal = StateJournal(tmp_path / "j.sqlite")
    journal.fetched(URL, "2022-03-15T01:12:40Z", synced=True)
    journal.fetched(URL, "2022-03-14T00:00:00Z", synced=True)
    journal.fetched(URL, None, synced=False)  # one mark Redis missed keeps the row unsynced
    assert list(journal.fetched_urls(unsynced_only=True)) == [(URL, "2022-03-15T01:12:40Z")]


def test_id_state_and_known_journals_survive_a_reopen(tmp_path: Path):
    path = tmp_path / "state" / "jagatbisnis.warta.redis-journal.sqlite"
    journal = StateJournal(path)
    journal.state_id = "s1"
    journal.remember_journals({"other": "host2:/data/state/j.sqlite"})
    journal.neardup(JournalNearDup(URL, "{}", b"\x01\x02", [7, 8]), synced=False)
    first_id = journal.journal_id
    journal.close()
    again = StateJournal(path)
    assert again.journal_id == first_id
    assert again.state_id == "s1"
    assert again.known_journals() == {"other": "host2:/data/state/j.sqlite", first_id: again.place}
    assert [(e.key, e.signature, e.bands) for e in again.neardups(unsynced_only=True)] == [
        (URL, b"\x01\x02", [7, 8])
    ]
    assert not again.empty()


def _refuse_writes_to(journal: StateJournal, table: str, when: str = "1") -> None:
    """Make SQLite refuse a write to ``table`` (where ``when`` holds), as a full disk or a kill mid-write
    would leave the statements after it undone."""
    for event in ("INSERT", "UPDATE"):
        journal._db.execute(
            f"CREATE TRIGGER refuse_{event.lower()}_{table} BEFORE {event} ON {table} WHEN {when}"
            " BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )


def test_an_article_and_its_fetched_mark_are_written_together_or_not_at_all(tmp_path: Path):
    journal = StateJournal(tmp_path / "j.sqlite")
    _refuse_writes_to(journal, "fetched")
    with pytest.raises(sqlite3.IntegrityError, match="refused"):
        journal.record(_article(1, "f1"), synced=False)
    assert list(journal.articles(unsynced_only=False)) == []
    assert journal.empty()


def test_marking_rows_synced_is_one_transaction(tmp_path: Path):
    journal = StateJournal(tmp_path / "j.sqlite")
    urls = [f"{URL}{i}/" for i in range(3)]
    for url in urls:
        journal.record(JournalArticle(url, "f", 1, "jagatbisnis", None, None), synced=False)
    _refuse_writes_to(journal, "articles", when=f"NEW.canonical_url = '{urls[-1]}'")
    with pytest.raises(sqlite3.IntegrityError, match="refused"):
        journal.synced("articles", *urls)
    assert sorted(a.canonical_url for a in journal.articles(unsynced_only=True)) == urls
