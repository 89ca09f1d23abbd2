"""The real ``scrapy crawl`` with its pages extracted in a worker process: the same export as extraction
in the crawl's own process, and a worker killed in the middle of a crawl costs no article."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.extraction_workers import can_fork
from tests.conftest import FAST_LOCAL, ROOT, read_jsonl, run_crawl
from tests.processes import children_of, has_ended

pytestmark = pytest.mark.skipif(not can_fork(), reason="extraction workers are forked (Linux)")


def _truth(base_url: str) -> list[str]:
    from demoportal.site import build_site
    from demoportal.truth import expected_items

    return [item["canonicalUrl"] for item in expected_items(build_site(), base_url)]


def _stat(log: str, name: str) -> int | None:
    found = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(found.group(1)) if found else None


def _without_crawl_time(items: list[dict]) -> dict[str, dict]:
    return {item["canonicalUrl"]: {k: v for k, v in item.items() if k != "crawledAt"} for item in items}


def test_a_worker_process_exports_what_the_crawl_process_itself_does(demo_portal, tmp_path):
    exports = {}
    for workers in (1, 0):
        data_dir = tmp_path / f"workers-{workers}"
        out = data_dir / "out.jsonl"
        done = run_crawl(
            "jagatbisnis",
            *("-a", f"base_url={demo_portal.base_url}", "-O", str(out)),
            *("-s", f"WARTA_EXTRACT_WORKERS={workers}"),
            data_dir=data_dir,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        assert _stat(done.stderr, "warta/extract/workers") == workers
        assert _stat(done.stderr, "warta/extract/worker_restarts") is None
        exports[workers] = _without_crawl_time(read_jsonl(out))
    assert set(exports[1]) == set(_truth(demo_portal.base_url))
    assert exports[1] == exports[0]


def _wait_for(what: str, condition, proc: subprocess.Popen | None = None, timeout: float = 120):
    """What ``condition`` gives once it gives something; an error if ``proc`` ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := condition():
            return found
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the crawl ended (exit {proc.returncode}) before {what}")
        time.sleep(0.05)
    raise AssertionError(f"no {what} within {timeout} s")


def _crawl_signalling_worker(base_url: str, tmp_path: Path, sig: signal.Signals, *settings: str) -> tuple:
    """A crawl whose extraction worker gets ``sig`` once 20 articles are out; its exit code, log, worker."""
    out, log = tmp_path / "out.jsonl", tmp_path / "crawl.log"
    cmd = [
        *(sys.executable, "-m", "scrapy", "crawl", "jagatbisnis", *FAST_LOCAL),
        *("-a", f"base_url={base_url}", "-O", str(out)),
        # slow enough that the signal lands while most articles are still to come
        *("-s", "WARTA_EXTRACT_WORKERS=1", "-s", "DOWNLOAD_DELAY=0.02", "-s", "CONCURRENT_REQUESTS=2"),
        *(arg for setting in settings for arg in ("-s", setting)),
    ]
    env = {**os.environ, "WARTA_DATA_DIR": str(tmp_path / "data")}
    with log.open("w") as sink:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
        try:
            _wait_for("20 exported articles", lambda: len(read_jsonl(out)) >= 20, proc)
            (worker,) = _wait_for("extraction worker", lambda: children_of(proc.pid), proc)
            os.kill(worker, sig)
            proc.wait(timeout=300)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    text = log.read_text()
    assert proc.returncode == 0, text[-3000:]
    urls = [item["canonicalUrl"] for item in read_jsonl(out)]
    assert len(urls) == len(set(urls))
    assert set(urls) == set(_truth(base_url))
    assert _stat(text, "warta/extract/worker_restarts") == 1
    assert _stat(text, "warta/articles/unread") is None
    return text, worker


def test_a_worker_killed_mid_crawl_is_replaced_and_every_article_delivered(demo_portal, tmp_path):
    """SIGKILL, as the kernel's OOM killer sends: the pages it was reading are read again in a new
    worker, the run exports every article once and says OK, and the restart is counted and logged."""
    text, _ = _crawl_signalling_worker(demo_portal.base_url, tmp_path, signal.SIGKILL)
    assert "An extraction worker died" in text
    assert "extraction workers replaced: 1 (their pages read again; see the log)" in text  # run summary


def test_a_crawl_killed_outright_takes_its_worker_with_it_and_the_next_run_starts(demo_portal, tmp_path):
    """SIGKILL to the crawl alone: its worker, forked with the run lock's file open, must not outlive it
    (it would wait for pages forever and hold the lock: every later run refused as already running)."""
    data_dir, out = tmp_path / "data", tmp_path / "out.jsonl"
    cmd = [
        *(sys.executable, "-m", "scrapy", "crawl", "jagatbisnis", *FAST_LOCAL),
        *("-a", f"base_url={demo_portal.base_url}", "-O", str(out)),
        *("-s", "WARTA_EXTRACT_WORKERS=1", "-s", "DOWNLOAD_DELAY=0.02", "-s", "CONCURRENT_REQUESTS=2"),
    ]
    env = {**os.environ, "WARTA_DATA_DIR": str(data_dir)}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for("an exported article", lambda: len(read_jsonl(out)) >= 1, proc)
        (worker,) = _wait_for("extraction worker", lambda: children_of(proc.pid), proc)
    finally:
        proc.kill()
        proc.wait()
    _wait_for("the worker's end", lambda: has_ended(worker))
    again = run_crawl(
        "jagatbisnis",
        *("-a", f"base_url={demo_portal.base_url}", "-O", str(tmp_path / "again.jsonl")),
        data_dir=data_dir,
    )
    assert again.returncode == 0, again.stderr[-3000:]
    assert "already running" not in again.stderr


def test_a_worker_stopped_mid_crawl_is_killed_after_the_timeout_and_every_article_delivered(
    demo_portal, tmp_path
):
    """SIGSTOP, as a worker that no longer runs (stuck on a lock, a page the parser never finishes): past
    WARTA_EXTRACT_TIMEOUT it is killed, its pages are read in a new worker, and the run says OK only because
    every article was delivered; without the timeout the crawl would wait for it without end."""
    text, worker = _crawl_signalling_worker(
        demo_portal.base_url, tmp_path, signal.SIGSTOP, "WARTA_EXTRACT_TIMEOUT=5"
    )
    assert _stat(text, "warta/extract/worker_timeouts") == 1
    assert "took over 5 s in an extraction worker (WARTA_EXTRACT_TIMEOUT): its workers are killed" in text
    assert "extraction workers replaced: 1, 1 hung past WARTA_EXTRACT_TIMEOUT" in text  # run summary
    assert has_ended(worker)


# ``scrapy crawl`` whose extraction never returns for one page (as for a page the parser never finishes):
# read_page is replaced before the crawl starts, and the forked workers inherit the replacement.
_HANGS_ON_ONE_PAGE = """
import sys, time
import crawler.extraction_workers as workers
real = workers.read_page
def hangs(html, url, profile, max_tags):
    if url == HANGING:
        time.sleep(3600)
    return real(html, url, profile, max_tags)
workers.read_page = hangs
from scrapy.cmdline import execute
sys.argv[0] = "scrapy"
execute()
"""


def test_a_page_that_hangs_every_worker_fails_the_run_naming_it_and_the_rest_is_delivered(
    demo_portal, tmp_path
):
    """What the run says is what the user got: a page lost after two timeouts is counted as not delivered,
    the run exits 3 with that as its verdict, and every other article is exported."""
    truth = _truth(demo_portal.base_url)
    hanging = truth[len(truth) // 2]
    script = f"HANGING = {hanging!r}" + _HANGS_ON_ONE_PAGE
    out = tmp_path / "out.jsonl"
    cmd = [
        *(sys.executable, "-c", script, "crawl", "jagatbisnis", *FAST_LOCAL),
        *("-a", f"base_url={demo_portal.base_url}", "-O", str(out)),
        *("-s", "WARTA_EXTRACT_WORKERS=1", "-s", "WARTA_EXTRACT_TIMEOUT=2"),
    ]
    env = {**os.environ, "WARTA_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 3, done.stderr[-3000:]
    exported = [item["canonicalUrl"] for item in read_jsonl(out)]
    assert sorted(exported) == sorted(url for url in truth if url != hanging)
    assert _stat(done.stderr, "warta/articles/unread") == 1
    assert _stat(done.stderr, "warta/extract/worker_timeouts") == 2
    last = done.stderr.strip().splitlines()[-1]
    assert "unread_articles" in last and hanging in last, last


@pytest.mark.parametrize(
    ("setting", "reason"),
    [
        (
            "WARTA_EXTRACT_WORKERS=two",
            "WARTA_EXTRACT_WORKERS must be a number of processes or 'auto', not 'two'",
        ),
        ("WARTA_EXTRACT_TIMEOUT=0", "WARTA_EXTRACT_TIMEOUT must be a positive number of seconds, not '0'"),
    ],
)
def test_a_worker_setting_that_cannot_be_met_stops_the_crawl_before_it_opens(
    demo_portal, tmp_path, setting, reason
):
    """A mistyped value is the user's to mend: no crawl with extraction quietly kept in one process."""
    done = run_crawl(
        "jagatbisnis",
        *("-a", f"base_url={demo_portal.base_url}", "-O", str(tmp_path / "out.jsonl")),
        *("-s", setting),
        data_dir=tmp_path / "data",
    )
    assert done.returncode == 1, done.stderr[-3000:]
    last = done.stderr.strip().splitlines()[-1]
    assert last == f"warta: cannot start jagatbisnis: {reason}"
    assert read_jsonl(tmp_path / "out.jsonl") == []
