"""The SQLite store's run journal and run lock: a run's records can be undone, one run at a time."""

from __future__ import annotations

import pytest

from crawler.errors import CannotStart
from crawler.state.articles import SqliteArticleStore, state_file
from crawler.state.lock import RunLock

URL_A = "https://jagatbisnis.com/2022/03/15/harga-cabai-naik/"
URL_B = "https://jagatbisnis.com/2022/03/16/rupiah-menguat/"


def record(store: SqliteArticleStore, url: str, fingerprint: str, version: int = 1) -> None:
    store.record(url, fingerprint, version, "jagatbisnis", None, "2022-03-15T01:00:00Z")


def test_a_rolled_back_run_leaves_the_store_as_it_was(tmp_path):
    path = tmp_path / "state.sqlite"
    store = SqliteArticleStore(path)
    record(store, URL_A, "body-a-1")
    before = store.get(URL_A)
    store.close()

    store = SqliteArticleStore(path)
    store.begin_run()
    record(store, URL_A, "body-a-2", version=2)  # an edited article, exported again
    record(store, URL_B, "body-b-1")  # a new one
    assert store.get(URL_A).version == 2 and store.body_owner("body-b-1") == URL_B
    assert store.rollback_run() == [URL_B]
    assert store.get(URL_A) == before
    assert store.get(URL_B) is None
    assert store.body_owner("body-a-2") is None and store.body_owner("body-b-1") is None
    assert store.body_owner("body-a-1") == URL_A
    assert store.fetched_signal(URL_B) == (False, None)
    assert store.fetched_signal(URL_A) == (True, "2022-03-15T01:00:00Z")
    store.close()


def test_a_committed_run_keeps_its_records(tmp_path):
    store = SqliteArticleStore(tmp_path / "state.sqlite")
    store.begin_run()
    record(store, URL_A, "body-a-1")
    store.commit_run()
    assert store.rollback_run() == []  # nothing journaled any more
    assert store.get(URL_A).fingerprint == "body-a-1"
    store.close()


def test_a_killed_run_that_waited_for_an_upload_is_undone_when_the_store_reopens(tmp_path):
    path = tmp_path / "state.sqlite"
    store = SqliteArticleStore(path)
    store.begin_run()
    store.awaits_store()
    record(store, URL_A, "body-a-1")
    store._db.close()  # killed: neither committed nor rolled back

    reopened = SqliteArticleStore(path)
    assert reopened.settled_on_open == ("rolled_back", [URL_A])
    assert reopened.get(URL_A) is None
    reopened.close()


def test_a_killed_run_that_wrote_local_files_keeps_its_records(tmp_path):
    path = tmp_path / "state.sqlite"
    store = SqliteArticleStore(path)
    store.begin_run()
    record(store, URL_A, "body-a-1")
    store._db.close()

    reopened = SqliteArticleStore(path)
    assert reopened.settled_on_open == ("kept", [])
    assert reopened.get(URL_A) is not None
    assert SqliteArticleStore(path).settled_on_open is None
    reopened.close()


def test_a_second_holder_of_the_run_lock_is_refused_with_the_first_ones_pid(tmp_path):
    path = state_file(tmp_path, "jagatbisnis", ".lock")
    first = RunLock(path, "jagatbisnis")
    with pytest.raises(CannotStart, match=r"jagatbisnis is already running on the data folder .* \(pid \d+"):
        RunLock(path, "jagatbisnis")
    first.release()
    RunLock(path, "jagatbisnis").release()  # free again once released


def test_grouped_records_are_read_back_at_once_and_durable_only_once_committed(tmp_path):
    """Group commit: a record is seen by the run's own reads before its commit; a kill before the commit
    loses the group (export recovery redoes it from the export), never a committed record."""
    path = tmp_path / "state.sqlite"
    store = SqliteArticleStore(path)
    store.begin_run()
    store.group_commits()
    record(store, URL_A, "body-a-1")
    store.commit()
    record(store, URL_B, "body-b-1")
    store.mark_page("https://jagatbisnis.com/")
    assert store.get(URL_B).fingerprint == "body-b-1" and store.body_owner("body-b-1") == URL_B
    assert store.uncommitted == 1
    store._db.close()  # killed before the group's commit

    reopened = SqliteArticleStore(path)
    assert reopened.get(URL_A).fingerprint == "body-a-1"
    assert reopened.get(URL_B) is None and reopened.body_owner("body-b-1") is None
    assert reopened.page_age("https://jagatbisnis.com/") is None
    reopened.close()


def test_a_failed_write_in_a_group_leaves_the_rest_of_the_group(tmp_path):
    store = SqliteArticleStore(tmp_path / "state.sqlite")
    store.group_commits()
    record(store, URL_A, "body-a-1")
    with pytest.raises(Exception, match="NOT NULL"):
        store.record(URL_B, None, 1, "jagatbisnis", None)  # type: ignore[arg-type]
    assert store.get(URL_B) is None and store.fetched_signal(URL_B) == (False, None)
    store.close()  # commits the group
    reopened = SqliteArticleStore(tmp_path / "state.sqlite")
    assert reopened.get(URL_A).fingerprint == "body-a-1"
    reopened.close()


def test_undoing_a_grouped_run_undoes_its_uncommitted_records_too(tmp_path):
    store = SqliteArticleStore(tmp_path / "state.sqlite")
    store.begin_run()
    store.group_commits()
    record(store, URL_A, "body-a-1")
    store.commit()
    record(store, URL_B, "body-b-1")
    assert sorted(store.rollback_run()) == [URL_A, URL_B]
    assert store.get(URL_A) is None and store.get(URL_B) is None
    store.close()
