"""Extraction in worker processes beside the crawl: the same item as in the crawl's own process, a dead
worker replaced and its page read again, a page that kills workers given up on, and ``auto``'s choice."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path

import pytest
from scrapy.settings import Settings

import crawler.extraction_workers as workers
from crawler.extraction_workers import (
    RESTART_STAT,
    TIMEOUT_STAT,
    ExtractionFailed,
    ExtractionWorkerLost,
    WorkerPoolReader,
    read_page,
    read_timeout,
    workers_wanted,
)
from crawler.profile_patterns import PatternTimeout
from crawler.profiles import load_profile
from tests.processes import children_of, has_ended
from tests.unit.test_spider_article import PAGE

pytestmark = pytest.mark.skipif(not workers.can_fork(), reason="worker processes are forked (Linux)")

URL = "https://jagatbisnis.com/2023/03/15/harga-cabai-naik-jelang-ramadan/"
POISON = "https://jagatbisnis.com/2023/03/15/halaman-yang-membunuh-pembacanya/"


def _pool(counted: list[str], timeout: float = 60.0) -> WorkerPoolReader:
    return WorkerPoolReader(1, load_profile("jagatbisnis"), 50_000, timeout=timeout, count=counted.append)


def _read(reader: WorkerPoolReader, url: str, html: str = PAGE):
    async def once():
        return await reader.read(html, url)

    return asyncio.run(once())


def test_a_worker_reads_a_page_as_the_crawl_process_does():
    reader = _pool(counted := [])
    try:
        there = _read(reader, URL)
    finally:
        reader.close()
    here = read_page(PAGE, URL, load_profile("jagatbisnis"), 50_000)
    assert there == here
    assert there.data["headline"] == "Harga Cabai Naik Jelang Ramadan"
    assert there.data["articleBody"].startswith("Harga cabai rawit di sejumlah pasar")
    assert counted == []


def test_a_worker_killed_between_pages_is_replaced_and_the_next_page_read():
    before = set(children_of(os.getpid()))
    reader = _pool(counted := [])
    try:
        assert _read(reader, URL).data["headline"]
        (worker,) = set(children_of(os.getpid())) - before
        os.kill(worker, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):  # the pool reaped it already
            os.waitid(os.P_PID, worker, os.WEXITED | os.WNOWAIT)
        assert _read(reader, URL).data["headline"] == "Harga Cabai Naik Jelang Ramadan"
    finally:
        reader.close()
    assert counted == [RESTART_STAT]


def test_a_page_that_kills_its_worker_twice_is_given_up_and_the_crawl_reads_on(monkeypatch):
    def dies_on_poison(html, url, profile, max_tags):  # as a worker killed for memory on that page
        if url == POISON:
            sys.stdout.flush()
            os._exit(137)
        return read_page(html, url, profile, max_tags)

    monkeypatch.setattr(workers, "read_page", dies_on_poison)  # forked workers inherit it
    reader = _pool(counted := [])
    try:
        with pytest.raises(ExtractionWorkerLost, match=r"died twice reading .*membunuh"):
            _read(reader, POISON)
        assert _read(reader, URL).data["headline"] == "Harga Cabai Naik Jelang Ramadan"
    finally:
        reader.close()
    assert counted == [RESTART_STAT, RESTART_STAT]


def test_a_page_that_hangs_its_worker_is_given_up_after_two_timeouts_and_the_crawl_reads_on(monkeypatch):
    """A page the parser never finishes (or a worker stuck on a lock) would hold its callback, and with it
    the crawl's end, for ever: past the timeout the worker is killed and the page read once more."""
    before = set(children_of(os.getpid()))

    def hangs_on_poison(html, url, profile, max_tags):
        if url == POISON:
            time.sleep(3600)
        return read_page(html, url, profile, max_tags)

    monkeypatch.setattr(workers, "read_page", hangs_on_poison)  # forked workers inherit it
    reader = _pool(counted := [], timeout=2.0)
    try:
        with pytest.raises(ExtractionWorkerLost, match=r"died twice reading .*membunuh"):
            _read(reader, POISON)
        assert _read(reader, URL).data["headline"] == "Harga Cabai Naik Jelang Ramadan"
        assert len(set(children_of(os.getpid())) - before) == 1, "the hung workers are gone"
    finally:
        reader.close()
    assert counted == [TIMEOUT_STAT, RESTART_STAT, TIMEOUT_STAT, RESTART_STAT]


def test_pages_queued_behind_a_hung_one_are_read_and_only_the_hung_one_is_lost(monkeypatch):
    """Killing the pool fails every read waiting in it: those behind the page that hung are read again in
    the next pool without being held against them, so one hostile page costs the crawl that page alone."""

    def hangs_on_poison(html, url, profile, max_tags):
        if url == POISON:
            time.sleep(3600)
        return read_page(html, url, profile, max_tags)

    async def together(reader: WorkerPoolReader) -> list:
        poison = asyncio.ensure_future(reader.read(PAGE, POISON))
        await asyncio.sleep(0)  # the hung page is handed over first: the others queue behind it
        others = [reader.read(PAGE, f"{URL}?halaman={n}") for n in range(3)]
        return await asyncio.gather(poison, *others, return_exceptions=True)

    monkeypatch.setattr(workers, "read_page", hangs_on_poison)
    reader = _pool(counted := [], timeout=2.0)
    try:
        lost, *read = asyncio.run(together(reader))
    finally:
        reader.close()
    assert isinstance(lost, ExtractionWorkerLost)
    assert [r.data["headline"] for r in read] == ["Harga Cabai Naik Jelang Ramadan"] * 3
    assert counted.count(TIMEOUT_STAT) == 2


def test_a_stopped_worker_is_killed_after_the_timeout_and_its_page_read_in_a_new_one():
    before = set(children_of(os.getpid()))
    reader = _pool(counted := [], timeout=3.0)
    try:
        (worker,) = set(children_of(os.getpid())) - before
        os.kill(worker, signal.SIGSTOP)  # a worker that no longer runs: swapped out, stopped, deadlocked
        assert _read(reader, URL).data["headline"] == "Harga Cabai Naik Jelang Ramadan"
        assert worker not in children_of(os.getpid())
    finally:
        reader.close()
    assert counted == [TIMEOUT_STAT, RESTART_STAT]


def test_a_worker_stopped_when_the_crawl_ends_is_killed_instead_of_awaited_for_ever(monkeypatch):
    """The pool's own shutdown joins its workers without a bound: a stopped one would hold the crawl's
    exit for ever (nothing was being read, so no read timed out)."""
    monkeypatch.setattr(workers, "STOP_GRACE", 1.0)
    before = set(children_of(os.getpid()))
    reader = _pool(counted := [])
    assert _read(reader, URL).data["headline"] == "Harga Cabai Naik Jelang Ramadan"
    (worker,) = set(children_of(os.getpid())) - before
    os.kill(worker, signal.SIGSTOP)
    reader.close()
    assert has_ended(worker)
    assert counted == []


def test_a_worker_reaped_by_another_thread_counts_as_ended():
    """The pool's own thread joins its workers as it shuts down and may reap one while the close waits
    for it: that worker has ended. Asked through ``join`` and ``is_alive`` it looked alive (a reaped pid
    cannot be asked again), so a normal close logged a worker that "did not end within 10 s" and sent
    SIGKILL to a pid the system may have given to another process since."""
    ended = multiprocessing.get_context("fork").Process(target=int)
    ended.start()
    os.waitpid(ended.pid, 0)  # reaped behind the Process object's back, as the pool's thread does
    assert ended.is_alive()  # what the close asked before
    assert workers.still_running([ended], 10.0) == []


def test_a_stopped_process_is_still_running_after_the_wait():
    stopped = multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,))
    stopped.start()
    try:
        os.kill(stopped.pid, signal.SIGSTOP)
        assert workers.still_running([stopped], 0.2) == [stopped]
    finally:
        stopped.kill()
        stopped.join()
    assert workers.still_running([stopped], 10.0) == []


@pytest.mark.parametrize("value", [0, -5, "sixty", "inf", "nan"])
def test_a_timeout_that_is_no_positive_number_is_refused(value):
    with pytest.raises(ValueError, match="WARTA_EXTRACT_TIMEOUT must be a positive number of seconds"):
        read_timeout(Settings({"WARTA_EXTRACT_TIMEOUT": value}))
    assert read_timeout(Settings({"WARTA_EXTRACT_TIMEOUT": "2.5"})) == 2.5


def test_an_extraction_error_in_a_worker_reaches_the_crawl_as_itself(monkeypatch):
    """Scrapy counts a callback's exception by its type (``spider_exceptions/PatternTimeout`` fails the
    run with its own verdict), so a worker's error must cross the pipe as that type, not break the pool."""

    def slow_pattern(html, url, profile, max_tags):
        raise PatternTimeout("(a+)+$", "a" * 40 + "b", 0.5)

    monkeypatch.setattr(workers, "read_page", slow_pattern)
    reader = _pool(counted := [])
    try:
        with pytest.raises(PatternTimeout, match=r"profile pattern '\(a\+\)\+\$' took over 0.50 s") as raised:
            _read(reader, URL)
    finally:
        reader.close()
    assert (raised.value.pattern, raised.value.seconds) == ("(a+)+$", 0.5)
    assert counted == []  # the pool was not taken for broken


def test_an_error_that_cannot_cross_the_pipe_arrives_named(monkeypatch):
    class Unpicklable(ValueError):
        def __init__(self, first: str, second: str) -> None:
            super().__init__(f"{first} and {second}")

    def fails(html, url, profile, max_tags):
        raise Unpicklable("tanggal", "jam")

    monkeypatch.setattr(workers, "read_page", fails)
    reader = _pool(counted := [])
    try:
        with pytest.raises(ExtractionFailed, match="Unpicklable: tanggal and jam"):
            _read(reader, URL)
    finally:
        reader.close()
    assert counted == []


@pytest.mark.parametrize(
    ("given", "cores", "wanted"),
    [
        ({}, 2, 1),
        ({}, 16, 1),  # the crawl's own process, not extraction, sets the pace past one worker
        ({}, 1, 0),
        ({"DOWNLOAD_DELAY": 0.25}, 8, 0),  # a polite crawl waits on the portal, not on its CPU
        ({"REDIS_URL": "redis://127.0.0.1:6379"}, 8, 0),  # more crawl workers, one a core
        ({"WARTA_RECORD_RUN": False}, 8, 0),  # scrapy parse: one page
        ({"WARTA_EXTRACT_WORKERS": "3"}, 1, 3),
        ({"WARTA_EXTRACT_WORKERS": 0}, 8, 0),
    ],
)
def test_auto_gives_one_worker_where_a_second_core_is_free(monkeypatch, given, cores, wanted):
    monkeypatch.setattr(workers, "_asyncio_reactor", lambda: True)
    monkeypatch.setattr(workers, "usable_cores", lambda: cores)
    settings = Settings({"WARTA_EXTRACT_WORKERS": "auto", "DOWNLOAD_DELAY": 0, **given})
    assert workers_wanted(settings) == wanted


def _write(path: Path, text: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    for name, value in (line.split("=") for line in text.split(";")):
        (path / name).write_text(value + "\n")


@pytest.mark.parametrize(
    ("membership", "files", "cores"),
    [
        ("0::/\n", {}, 8),  # no quota anywhere: the CPUs it may run on
        ("0::/kubepods/pod1/ctr\n", {"kubepods/pod1/ctr": "cpu.max=150000 100000"}, 1),  # 1.5 cores
        (
            "0::/kubepods/pod1/ctr\n",  # the container sets none, its pod 2 cores
            {"kubepods/pod1/ctr": "cpu.max=max 100000", "kubepods/pod1": "cpu.max=200000 100000"},
            2,
        ),
        (
            "4:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n",  # cgroup v1, docker --cpus=4
            {"cpu,cpuacct/docker/abc": "cpu.cfs_quota_us=400000;cpu.cfs_period_us=100000"},
            4,
        ),
        ("1:cpu:/\n", {"cpu": "cpu.cfs_quota_us=-1;cpu.cfs_period_us=100000"}, 8),  # v1, no quota
        ("not a cgroup line\n0::/\n", {"": "cpu.max=50000 100000"}, 1),  # half a core: one at least
    ],
)
def test_usable_cores_are_the_cpus_less_a_containers_quota(monkeypatch, tmp_path, membership, files, cores):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)))
    for folder, text in files.items():
        _write(tmp_path / folder, text)
    assert workers.usable_cores(tmp_path, membership) == cores


def test_auto_gives_none_under_a_reactor_without_an_asyncio_loop(monkeypatch):
    monkeypatch.setattr(workers, "_asyncio_reactor", lambda: False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert workers_wanted(Settings({"WARTA_EXTRACT_WORKERS": "auto", "DOWNLOAD_DELAY": 0})) == 0


def test_a_workers_setting_that_is_no_number_is_refused():
    with pytest.raises(ValueError, match="WARTA_EXTRACT_WORKERS must be a number of processes or 'auto'"):
        workers_wanted(Settings({"WARTA_EXTRACT_WORKERS": "two"}))
