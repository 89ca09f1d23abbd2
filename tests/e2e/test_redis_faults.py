"""Distributed crawls under Redis faults, against a Redis of the test's own (tests/throwaway_redis.py).

- Redis killed mid-crawl and restarted empty: both workers fail the run (exit 3, the reset named on the last
  line); the next crawl exports exactly the articles still missing, none twice.
- Redis gone for good: the workers stop within the outage bound (exit 3, "Redis at … unreachable for …").
- A worker SIGKILLed mid-crawl: the other re-queues its in-flight requests; the union of the exports is the
  whole demo portal, none twice.

The portal answers nothing until both workers joined, then holds article pages after the first
``HOLD_AFTER`` until the test opens the valve: the fault lands while requests are in flight, whatever the
machine's speed. Every wait is on a condition (held requests, export lines, exit codes).
"""

# The fixture ``truth_urls`` comes from test_distributed; the tests' parameters "redefine" it.
# ruff: noqa: F811

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from demoportal.server import DemoServer
from tests.conftest import FAST_LOCAL, ROOT
from tests.e2e.test_distributed import GATE_SECONDS, REDIS_ADDON, _path, start_worker, truth_urls  # noqa: F401
from tests.throwaway_redis import ThrowawayRedis

ARTICLE = re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+/$")
HOLD_AFTER = 60  # article pages answered before the valve closes
WAIT = 240  # seconds: the longest any condition may take on a loaded machine


def wait_for(condition: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def complete_lines(path: Path) -> list[dict]:
    """An export's articles: the lines that end with a newline (a killed writer may leave half a line)."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.split("\n")[:-1] if line.strip()]


class ValvePortal(DemoServer):
    """The demo portal, gated until ``workers`` joined the crawl, then holding article pages (every page
    but robots.txt with ``hold_all``) after the first ``hold_after`` articles until the valve opens."""

    def __init__(
        self,
        redis_url: str,
        prefix: str,
        workers: int,
        hold_after: int,
        hold_all: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.hold_all = hold_all
        import redis

        self.table = redis.Redis.from_url(redis_url)
        self.table_key = f"{prefix}:jagatbisnis:workers"
        self.workers = workers
        self.hold_after = hold_after
        self.gate = threading.Event()
        self.valve = threading.Event()
        self.counter = threading.Lock()
        self.answered = 0
        self.held = 0

    def respond(self, target: str) -> Any:
        deadline = time.monotonic() + GATE_SECONDS
        while not self.gate.is_set() and time.monotonic() < deadline:
            if self.table.hlen(self.table_key) >= self.workers:
                self.gate.set()
            else:
                time.sleep(0.05)
        path = target.split("?", 1)[0]
        if path == "/robots.txt":
            # Never held: Scrapy's robots middleware asks for it on a worker's first request and keeps that
            # worker's leased requests waiting for it. A worker slow to start (a loaded machine) would
            # have its robots.txt held at the valve, and its leases never reach it.
            return super().respond(target)
        article = bool(ARTICLE.match(path))
        if article or (self.hold_all and self.answered >= self.hold_after):
            with self.counter:
                self.answered += article
                hold = self.answered > self.hold_after or (not article and self.answered >= self.hold_after)
                self.held += hold
            if hold:
                self.valve.wait(timeout=WAIT)
        return super().respond(target)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[ThrowawayRedis]:
    with ThrowawayRedis(tmp_path / "redis") as server:
        yield server


@pytest.fixture
def prefix() -> str:
    return f"wartafault-{uuid.uuid4().hex[:8]}"


def worker_settings(redis_url: str, prefix: str, **extra: Any) -> dict[str, str]:
    settings = {
        "REDIS_URL": redis_url,
        "WARTA_REDIS_PREFIX": prefix,
        "DOWNLOAD_TIMEOUT": str(WAIT + 60),  # a held page must not time out
    }
    return {**settings, **{name: str(value) for name, value in extra.items()}}


def start_workers(
    n: int, base_url: str, tmp: Path, settings: dict[str, str], tag: str = "worker"
) -> list[tuple[Path, subprocess.Popen[str]]]:
    """``n`` workers, each with its data folder ``tmp/data<i>`` (kept from one crawl to the next)."""
    return [start_one(i, base_url, tmp, settings, tag) for i in range(n)]


def start_one(
    i: int, base_url: str, tmp: Path, settings: dict[str, str], tag: str
) -> tuple[Path, subprocess.Popen[str]]:
    export = tmp / f"{tag}{i}.jsonl"
    return export, start_worker(base_url, export, tmp / f"data{i}", settings)


def journals_known(data: Path) -> int:
    """How many workers' journals the journal in ``data`` has heard of (0 before it exists)."""
    for path in (data / "state").glob("*.redis-journal.sqlite"):
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                return int(db.execute("SELECT count(*) FROM journals").fetchone()[0])
        except sqlite3.Error:  # created but its tables not yet
            return 0
    return 0


def finish(export: Path, proc: subprocess.Popen[str], timeout: float = WAIT) -> dict[str, Any]:
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        code = None
    log = export.with_suffix(".log").read_text(encoding="utf-8")
    return {"code": code, "items": complete_lines(export), "log": log, "last": _last_line(log)}


def _last_line(log: str) -> str:
    lines = [line for line in log.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def exported_paths(*exports: list[dict]) -> list[str]:
    return [_path(item["canonicalUrl"]) for items in exports for item in items]


def test_redis_restarted_empty_mid_crawl_fails_the_run_and_the_next_crawl_fills_the_gap(
    redis_server: ThrowawayRedis, prefix: str, tmp_path: Path, truth_urls: set[str]
) -> None:
    settings = worker_settings(redis_server.url, prefix)
    with ValvePortal(redis_server.url, prefix, 2, HOLD_AFTER) as portal:
        procs = start_workers(2, portal.base_url, tmp_path, settings)
        # Both workers at work, some articles exported, more in flight at the valve.
        wait_for(lambda: portal.held >= 4, "requests held at the valve")
        wait_for(lambda: sum(len(complete_lines(e)) for e, _ in procs) >= HOLD_AFTER // 2, "first exports")
        redis_server.restart()  # SIGKILL, then an empty server on the same port
        portal.valve.set()
        first = [finish(export, proc) for export, proc in procs]
        for worker in first:
            assert worker["code"] == 3, worker["log"][-3000:]
            assert "was reset" in worker["last"], worker["last"]
        before = exported_paths(*(w["items"] for w in first))
        assert len(before) == len(set(before)), "an article was exported twice in the crawl"
        assert set(before) < truth_urls

        # The next crawl, on the same Redis and data folders: exactly the missing articles.
        portal.hold_after = 10**6
        nxt = [finish(e, p) for e, p in start_workers(2, portal.base_url, tmp_path, settings, tag="next")]
    for worker in nxt:
        assert worker["code"] == 0, worker["log"][-3000:]
    after = exported_paths(*(w["items"] for w in nxt))
    assert len(after) == len(set(after)), "the next crawl exported an article twice"
    twice = set(before) & set(after)
    assert not twice, f"{len(twice)} articles exported again by the next crawl, e.g. {sorted(twice)[:3]}"
    assert set(before) | set(after) == truth_urls, (
        f"missing: {sorted(truth_urls - set(before) - set(after))[:5]}"
    )


def test_redis_gone_for_good_stops_the_workers_within_the_bound(
    redis_server: ThrowawayRedis, prefix: str, tmp_path: Path, truth_urls: set[str]
) -> None:
    bound = 5
    settings = worker_settings(redis_server.url, prefix, WARTA_REDIS_OUTAGE_MAX=bound)
    with ValvePortal(redis_server.url, prefix, 2, HOLD_AFTER) as portal:
        procs = start_workers(2, portal.base_url, tmp_path, settings)
        wait_for(lambda: portal.held >= 4, "requests held at the valve")
        # What the reset below tests presumes: each worker has heard of the other's journal (the worker
        # table is read on a heartbeat; a Redis gone before that leaves nothing to name).
        wait_for(
            lambda: all(journals_known(tmp_path / f"data{i}") >= 2 for i in range(2)),
            "each worker's journal knowing the other's",
        )
        redis_server.kill()
        portal.valve.set()
        # Far more than the bound (slow starts on a loaded machine), far less than a hang.
        gone = [finish(export, proc, timeout=WAIT) for export, proc in procs]
        portal.hold_after = 10**6
        for worker in gone:
            assert worker["code"] == 3, worker["log"][-3000:]
            assert re.search(
                rf"Redis at redis://127\.0\.0\.1:{redis_server.port}/0 unreachable for {bound} s: ",
                worker["last"],
            ), worker["last"]
        before = exported_paths(*(w["items"] for w in gone))
        assert len(before) == len(set(before))

        # Redis comes back empty. Worker 0 writes back its records and names worker 1's journal, which is
        # still missing; worker 1 writes back its own, and crawls exactly what neither exported.
        redis_server.start()
        blocked = finish(*start_one(0, portal.base_url, tmp_path, settings, tag="next"))
        assert blocked["code"] == 3, blocked["log"][-3000:]
        assert "data1" in blocked["last"] and blocked["items"] == [], blocked["last"]
        done = finish(*start_one(1, portal.base_url, tmp_path, settings, tag="next"))
    assert done["code"] == 0, done["log"][-3000:]
    after = exported_paths(done["items"])
    assert not set(before) & set(after), "articles exported before the outage were exported again"
    assert len(after) == len(set(after))
    assert set(before) | set(after) == truth_urls


def test_a_killed_worker_loses_none_of_its_in_flight_requests(
    redis_server: ThrowawayRedis, prefix: str, tmp_path: Path, truth_urls: set[str]
) -> None:
    # The dead worker's leases are taken over this soon (the default, 30 s, only makes the test slower).
    # Each worker sends every request it takes at once (concurrency = the per-host limit), so a request
    # leased is a request held at the valve once the worker handled everything before it.
    settings = worker_settings(
        redis_server.url, prefix, WARTA_REDIS_WORKER_STALE_AFTER=5, CONCURRENT_REQUESTS=8
    )
    leases = redis.Redis.from_url(redis_server.url)
    request_log = tmp_path / "requests.jsonl"
    with ValvePortal(
        redis_server.url, prefix, 2, HOLD_AFTER, hold_all=True, request_log=request_log
    ) as portal:
        procs = start_workers(2, portal.base_url, tmp_path, settings)
        # More held than one worker may have in flight: both workers have requests at the valve. Every
        # lease is a held request: no worker is in the middle of handling a page (of writing an export
        # line and recording it), so the kill takes exactly the requests in flight.
        wait_for(
            lambda: portal.held >= 8 + 1 and leases.hlen(f"{prefix}:jagatbisnis:leases") == portal.held,
            "both workers' requests held at the valve, everything else handled",
        )
        (victim_export, victim), (survivor_export, survivor) = procs
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=60)
        portal.valve.set()
        kept = finish(survivor_export, survivor)
    assert kept["code"] == 0, kept["log"][-3000:]
    assert "took over the work of 1 dead worker(s)" in kept["log"]
    killed = complete_lines(victim_export)
    exported = exported_paths(killed, kept["items"])
    doubled = {path: n for path, n in Counter(exported).items() if n > 1}
    assert not doubled, f"exported twice: {doubled}"
    lost = sorted(truth_urls - set(exported))
    assert set(exported) == truth_urls, f"{len(lost)} lost with the killed worker, e.g. {lost[:3]}"


def test_redis_hung_for_a_while_the_workers_wait_and_resume(
    redis_server: ThrowawayRedis, prefix: str, tmp_path: Path, truth_urls: set[str]
) -> None:
    """Redis stops answering (SIGSTOP) while every page is held at the valve, then answers again with all
    it held: the workers pause, resume and finish the crawl; nothing is lost, nothing doubled."""
    settings = worker_settings(
        redis_server.url, prefix, WARTA_REDIS_SOCKET_TIMEOUT=1, WARTA_REDIS_OUTAGE_MAX=120
    )
    with ValvePortal(redis_server.url, prefix, 2, HOLD_AFTER, hold_all=True) as portal:
        procs = start_workers(2, portal.base_url, tmp_path, settings)
        wait_for(lambda: portal.held >= 8 + 1, "both workers' requests held at the valve")
        redis_server.pause()
        logs = [export.with_suffix(".log") for export, _ in procs]
        wait_for(lambda: all("unreachable" in log.read_text(encoding="utf-8") for log in logs), "both paused")
        redis_server.resume()
        wait_for(lambda: all("reachable again" in log.read_text(encoding="utf-8") for log in logs), "resumed")
        portal.valve.set()
        first = [finish(export, proc) for export, proc in procs]
        portal.hold_after = 10**6
        nxt = finish(*start_one(0, portal.base_url, tmp_path, settings, tag="next"))
    for worker in first:
        # A page whose callback ran while Redis hung is lost to that run, which then says so.
        assert worker["code"] == 0 or "failed while Redis" in worker["last"], worker["log"][-3000:]
    assert nxt["code"] == 0, nxt["log"][-3000:]
    exported = exported_paths(*(w["items"] for w in first), nxt["items"])
    doubled = {path: n for path, n in Counter(exported).items() if n > 1}
    assert not doubled, f"exported twice: {doubled}"
    assert set(exported) == truth_urls


def test_a_worker_whose_feed_fails_at_close_leaves_its_articles_to_the_next_crawl(
    redis_server, prefix, demo_portal, truth_urls, tmp_path
):
    """A worker of a shared crawl writes a local file and an FTP feed, which holds the articles until
    close; the upload fails (nobody listens). The worker held its records until then: none reaches the
    shared state, the run fails naming the upload, and the next crawl exports every article again."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = worker_settings(redis_server.url, prefix)
    base = [sys.executable, "-m", "scrapy", "crawl", "jagatbisnis", "-a", f"base_url={demo_portal.base_url}"]
    base += [*FAST_LOCAL, *REDIS_ADDON]
    base += [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]
    env = {**os.environ, "WARTA_DATA_DIR": str(tmp_path / "data")}

    def crawl(*feeds: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*base, *feeds], cwd=ROOT, env=env, capture_output=True, text=True, timeout=WAIT + 60
        )

    first = crawl("-o", str(tmp_path / "first.jsonl"), "-o", f"ftp://warta:secret@127.0.0.1:{port}/a.jsonl")
    assert first.returncode == 3, first.stderr[-3000:]
    assert "failed to store" in _last_line(first.stderr)
    exported = complete_lines(tmp_path / "first.jsonl")
    assert {_path(item["canonicalUrl"]) for item in exported} == truth_urls
    assert f"'warta/state/rolled_back': {len(exported)}" in first.stderr

    second = crawl("-O", str(tmp_path / "second.jsonl"))
    assert second.returncode == 0, second.stderr[-3000:]
    again = exported_paths(complete_lines(tmp_path / "second.jsonl"))
    assert sorted(again) == sorted(truth_urls), "articles the failed upload never got are not exported again"
