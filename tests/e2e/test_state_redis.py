"""``warta state forget|reexport`` on a shared crawl's article state in Redis: real crawls of the demo
portal by a Redis worker around the command, and the store's operator marks against what else writes the
state (a worker's journal written back, export recovery, a live crawl)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.e2e.test_distributed import redis_client, run_workers

ARTICLE = "https://jagatbisnis.com/2022/03/15/satu/"
OTHER = "https://jagatbisnis.com/2022/03/16/dua/"
OLD, OLDER = "https://jagatbisnis.com/2020/09/13/lama/", "https://jagatbisnis.com/2019/01/02/lebih-lama/"


@pytest.fixture
def prefix(redis_url: str) -> Iterator[str]:
    name = f"wartatest-{uuid.uuid4().hex[:10]}"
    yield name
    server = redis_client(redis_url)
    if keys := list(server.scan_iter(f"{name}:*")):
        server.delete(*keys)
    server.close()


def warta_state(redis_url: str, prefix: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The ``warta state`` command as an operator runs it against the shared crawl."""
    cmd = [sys.executable, "-m", "crawler.cli", "state", *args, "--spider", "jagatbisnis"]
    env = {**os.environ, "WARTA_REDIS_URL": redis_url}
    return subprocess.run(
        [*cmd, "--redis-prefix", prefix], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def crawl(redis_url: str, prefix: str, base_url: str, folder: Path) -> list[dict[str, Any]]:
    """One worker's crawl of the shared crawl; its exported items (the run must succeed)."""
    folder.mkdir()
    (run,) = run_workers(1, base_url, folder, {"REDIS_URL": redis_url, "WARTA_REDIS_PREFIX": prefix})
    assert run["code"] == 0, run["log"][-3000:]
    return run["items"]


def test_forget_and_reexport_change_what_the_next_shared_crawl_exports(redis_url, prefix, tmp_path):
    from demoportal.server import DemoServer

    with DemoServer() as portal:
        first = crawl(redis_url, prefix, portal.base_url, tmp_path / "first")
        assert len(first) > 100
        forgotten, again = first[0], first[1]

        done = warta_state(redis_url, prefix, "forget", "--url", forgotten["canonicalUrl"])
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("1 URLs of jagatbisnis forgotten in Redis at ")
        second = crawl(redis_url, prefix, portal.base_url, tmp_path / "second")
        assert [item["canonicalUrl"] for item in second] == [forgotten["canonicalUrl"]]
        assert second[0]["version"] == 1 and second[0]["articleBody"] == forgotten["articleBody"]

        done = warta_state(redis_url, prefix, "reexport", "--url", again["canonicalUrl"])
        assert done.returncode == 0, done.stderr
        third = crawl(redis_url, prefix, portal.base_url, tmp_path / "third")
        assert [item["canonicalUrl"] for item in third] == [again["canonicalUrl"]]
        assert third[0]["version"] == again["version"], "re-exported unchanged under the version it had"

        assert crawl(redis_url, prefix, portal.base_url, tmp_path / "fourth") == [], "each mark acts once"


def _store(redis_url: str, prefix: str) -> Any:
    from crawler.distributed.articles import RedisArticleStore
    from crawler.distributed.keys import CrawlKeys

    return RedisArticleStore(redis_client(redis_url), CrawlKeys(prefix, "jagatbisnis"))


def test_a_journal_written_back_does_not_bring_back_what_the_operator_forgot(redis_url, prefix):
    from crawler.distributed.journal import JournalArticle

    store = _store(redis_url, prefix)
    store.record(ARTICLE, "a" * 40, 1, "jagatbisnis", None, "2022-03-15T08:00:00+07:00")
    store.record(OTHER, "b" * 40, 1, "jagatbisnis", None, None)
    assert store.forget([ARTICLE]) == 1
    assert store.get(ARTICLE) is None and store.body_owner("a" * 40) is None
    assert store.fetched_signal(ARTICLE) == (False, None)

    # a worker that recorded the article during an outage writes its journal back after the forget
    written = JournalArticle(ARTICLE, "a" * 40, 1, "jagatbisnis", None, "2022-03-15T08:00:00+07:00")
    store._write_records([written], [(ARTICLE, "2022-03-15T08:00:00+07:00")], kind="replay")
    assert store.get(ARTICLE) is None and store.fetched_signal(ARTICLE) == (False, None)
    assert store.mark_of(ARTICLE).kind == "forget"

    # the article's next export is recorded as usual and completes the mark
    store.record(ARTICLE, "a" * 40, 1, "jagatbisnis", None, "2022-03-15T08:00:00+07:00")
    assert store.get(ARTICLE).version == 1 and store.mark_of(ARTICLE) is None
    store.close()


def test_a_reexport_mark_is_read_with_the_body_claim_and_kept_until_the_export(redis_url, prefix):
    store = _store(redis_url, prefix)
    store.record(ARTICLE, "a" * 40, 3, "jagatbisnis", None, None)
    assert store.mark_for_reexport([ARTICLE, OTHER]) == 1, "only an exported article is marked"
    assert store.mark_of(OTHER) is None
    owner, claimed, known = store.claim_body_and_read("a" * 40, ARTICLE)
    assert (owner, claimed) == (ARTICLE, False)
    assert known.reexport and known.next_version("a" * 40) == 3
    assert store.get(ARTICLE).reexport
    store.record(ARTICLE, "a" * 40, 3, "jagatbisnis", None, None)
    assert not store.get(ARTICLE).reexport
    store.close()


def test_export_recovery_reads_the_marks_of_the_redis_state(redis_url, prefix):
    from crawler.state.articles import operator_mark

    store = _store(redis_url, prefix)
    store.record(ARTICLE, "a" * 40, 1, "jagatbisnis", None, None)
    store.forget([ARTICLE])
    mark = operator_mark(store, ARTICLE)
    assert mark is not None and mark.kind == "forget" and mark.marked_at > 0
    store.close()


def test_a_window_selects_what_the_state_took_on_those_days(redis_url, prefix):
    from crawler.cli.state import window

    store = _store(redis_url, prefix)
    store.record(ARTICLE, "a" * 40, 1, "jagatbisnis", None, None)
    store.mark_fetched(OTHER, None)  # fetched and dropped
    server = redis_client(redis_url)
    entry = json.loads(server.hget(store.keys.articles, ARTICLE))
    server.hset(store.keys.articles, OLD, json.dumps({**entry, "at": 1_600_000_000.0}))  # 2020-09-13 UTC
    server.hset(store.keys.articles, OLDER, json.dumps({k: v for k, v in entry.items() if k != "at"}))
    assert store.urls_between(*window("2020-09-13", "2020-09-13"), exported_only=False) == [OLD]
    assert store.urls_between(*window("2020-09-14", None), exported_only=False) == [ARTICLE, OTHER]
    assert store.urls_between(*window("2020-09-14", None), exported_only=True) == [ARTICLE]

    store.record(OTHER, "b" * 40, 1, "jagatbisnis", None, None)  # exported after all
    assert store.urls_between(*window("2020-09-14", None), exported_only=False) == [ARTICLE, OTHER]
    assert server.zcard(store.keys.unexported) == 0
    server.close()
    store.close()


def test_the_state_of_a_live_shared_crawl_is_left_alone(redis_url, prefix):
    store = _store(redis_url, prefix)
    store.record(ARTICLE, "a" * 40, 1, "jagatbisnis", None, None)
    server = redis_client(redis_url)
    seconds, micros = server.time()
    worker = json.dumps({"busy": True, "at": seconds + micros / 1e6, "journals": "*"})
    server.hset(store.keys.workers, "host-1:4242", worker)
    refused = warta_state(redis_url, prefix, "forget", "--url", ARTICLE)
    assert refused.returncode == 1
    assert "a crawl of jagatbisnis is running on 1 worker(s) (host-1:4242)" in refused.stderr
    assert store.get(ARTICLE) is not None

    server.hset(store.keys.workers, "host-1:4242", json.dumps({**json.loads(worker), "at": 1.0}))
    done = warta_state(redis_url, prefix, "forget", "--url", ARTICLE)  # a dead worker's entry: no crawl
    assert done.returncode == 0, done.stderr
    assert store.get(ARTICLE) is None
    server.close()
    store.close()


def test_a_crawl_that_starts_while_the_state_is_changed_stops_the_change_at_the_next_batch(
    redis_url, prefix, monkeypatch
):
    """The command looks for live workers before it opens the store; a worker that joins after that look
    is seen by the next batch's own script, which changes nothing then (a join is a script too)."""
    from crawler.distributed import articles
    from crawler.distributed.articles import CrawlRunning
    from crawler.distributed.workers import WorkerRegistry

    store = _store(redis_url, prefix)
    for url in (ARTICLE, OTHER, OLD):
        store.record(url, url[-8:].rjust(40, "0"), 1, "jagatbisnis", None, None)
    monkeypatch.setattr(articles, "OPERATE_BATCH", 1)
    eval_ = store.server.eval
    joiner = WorkerRegistry(redis_client(redis_url), store.keys.workers, "host-2:777")

    def a_worker_joins_after_the_first_batch(*args: Any) -> Any:
        answer = eval_(*args)
        if joiner.epoch is None:
            joiner.register()
        return answer

    monkeypatch.setattr(store.server, "eval", a_worker_joins_after_the_first_batch)
    with pytest.raises(CrawlRunning) as stopped:
        store.forget([ARTICLE, OTHER, OLD])
    assert (stopped.value.changed, stopped.value.done, stopped.value.selected) == (1, 1, 3)
    assert "1 of 3 URLs were handled (1 changed), the rest left alone" in str(stopped.value)
    assert store.get(ARTICLE) is None
    assert store.get(OTHER) is not None and store.get(OLD) is not None
    assert store.mark_of(OTHER) is None
    joiner.server.close()
    store.close()


def test_a_prefix_nothing_was_crawled_under_has_no_state_to_change(redis_url, prefix):
    refused = warta_state(redis_url, prefix, "reexport", "--since", "2026-01-01")
    assert refused.returncode == 1
    assert refused.stderr.startswith("warta state: no state for jagatbisnis in Redis at ")
    assert f"under {prefix}:jagatbisnis:* (nothing was crawled with this prefix)" in refused.stderr


def test_an_unreachable_redis_is_named_in_one_line(tmp_path):
    import socket

    with socket.socket() as closed:  # a port nothing listens on once the socket is closed
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    refused = warta_state(f"redis://127.0.0.1:{port}/0", "warta", "forget", "--url", ARTICLE)
    assert refused.returncode == 1
    assert refused.stderr.startswith(
        f"warta state: Redis at redis://127.0.0.1:{port}/0 under warta:jagatbisnis:*"
    )
    assert "unreachable" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1


def test_a_state_redis_lost_brings_back_what_was_forgotten_and_says_so(redis_url, prefix, tmp_path, caplog):
    """Operator marks live in Redis alone: once Redis loses the state, a worker's journal written back makes
    a forgotten article known again, and the worker's warning tells the operator to run the command again
    (the README says the same)."""
    from crawler.distributed.articles import RedisArticleStore
    from crawler.distributed.journal import StateJournal
    from crawler.distributed.keys import CrawlKeys

    server = redis_client(redis_url)
    keys = CrawlKeys(prefix, "jagatbisnis")
    worker = RedisArticleStore(server, keys, journal=StateJournal(tmp_path / "journal.sqlite"))
    assert worker.reconcile() == (0, [])
    worker.record(ARTICLE, "a" * 40, 1, "jagatbisnis", None, None)
    assert _store(redis_url, prefix).forget([ARTICLE]) == 1
    assert worker.get(ARTICLE) is None

    with caplog.at_level("WARNING", logger="crawler.distributed.articles"):
        assert worker.reconcile() == (0, []), "the same state: nothing to write back"
    assert "run them again" not in caplog.text

    server.delete(*server.scan_iter(f"{prefix}:*"))  # Redis restarted empty
    with caplog.at_level("WARNING", logger="crawler.distributed.articles"):
        written, missing = worker.reconcile()
    assert (written, missing) == (1, [])
    assert worker.get(ARTICLE) is not None
    assert "`warta state forget|reexport` not yet acted on by an export" in caplog.text
    assert "run them again" in caplog.text
    server.close()
    worker.close()
