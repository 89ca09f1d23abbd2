"""What the run says is what the user got: a feed that failed is never counted as delivered.

Each test makes a feed fail as it fails for users (a full disk, an unwritable folder, a storage that is
disabled, an upload that fails at close, a stop before the end with ``-O``, a second run on the same
data folder), checks the exit code and the last line, then runs again with a working feed and checks
that the runs' exports together hold every article of the demo portal exactly once.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.state.articles import state_file
from crawler.state.lock import RunLock
from tests.conftest import FAST_LOCAL, IN_CI, ROOT, run_crawl

EXIT_CANNOT_START, EXIT_BAD_RUN = 1, 3


@pytest.fixture(scope="module")
def truth(demo_portal) -> set[str]:
    from demoportal.site import build_site
    from demoportal.truth import expected_items

    return {item["canonicalUrl"] for item in expected_items(build_site(), demo_portal.base_url)}


def crawl(demo_portal, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_crawl("jagatbisnis", "-a", f"base_url={demo_portal.base_url}", *args, data_dir=data_dir)


def urls_in(*paths: Path) -> list[str]:
    """The canonical URLs of every whole line of these JSON-lines files."""
    urls = []
    for path in paths:
        body = path.read_bytes().rpartition(b"\n")[0]
        urls += [json.loads(line)["canonicalUrl"] for line in body.split(b"\n") if line.strip()]
    return urls


def recorded(data_dir: Path) -> int:
    with sqlite3.connect(state_file(data_dir, "jagatbisnis")) as db:
        return db.execute("SELECT count(*) FROM articles").fetchone()[0]


def last_line(result: subprocess.CompletedProcess[str]) -> str:
    return result.stderr.strip().splitlines()[-1]


def assert_each_article_once(truth: set[str], *exports: Path) -> None:
    urls = urls_in(*exports)
    twice = {u for u in urls if urls.count(u) > 1}
    assert not twice, f"exported twice: {sorted(twice)[:5]}"
    assert set(urls) == truth, f"missing: {sorted(truth - set(urls))[:5]}"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 300 KB tmpfs: room for about a third of the demo portal's articles."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        reason = f"cannot mount a small tmpfs here: {made.stderr.decode(errors='replace').strip()}"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_fails_the_run_and_the_next_run_exports_what_was_lost(
    demo_portal, truth, tmp_path, small_disk
):
    full = small_disk / "articles.jsonl"
    first = crawl(demo_portal, tmp_path, "-O", str(full))
    assert first.returncode == EXIT_BAD_RUN, first.stderr[-3000:]
    assert "No space left on device" in last_line(first)
    kept = tmp_path / "written-before-the-disk-filled.jsonl"
    kept.write_bytes(full.read_bytes())
    assert kept.read_bytes().endswith(b"\n"), "the full file must end with a whole line"
    delivered = len(urls_in(kept))
    assert 0 < delivered < len(truth)
    assert recorded(tmp_path) == delivered, "the state counts articles the feed never took"

    second = crawl(demo_portal, tmp_path, "-O", str(tmp_path / "articles.jsonl"))
    assert second.returncode == 0, second.stderr[-3000:]
    assert len(urls_in(tmp_path / "articles.jsonl")) == len(truth) - delivered
    assert_each_article_once(truth, kept, tmp_path / "articles.jsonl")


def test_an_unwritable_export_folder_fails_the_run_and_records_nothing(demo_portal, truth, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the export folder should be\n")
    first = crawl(demo_portal, tmp_path, "-O", str(blocker / "articles.jsonl"))
    assert first.returncode == EXIT_BAD_RUN, first.stderr[-3000:]
    assert "could not be written" in last_line(first) and "Not a directory" in last_line(first)
    assert recorded(tmp_path) == 0
    assert "Traceback" not in first.stderr

    second = crawl(demo_portal, tmp_path, "-O", str(tmp_path / "articles.jsonl"))
    assert second.returncode == 0, second.stderr[-3000:]
    assert_each_article_once(truth, tmp_path / "articles.jsonl")


# Feeds whose storage library is not installed here: (URI, the library's module, why the crawl refuses).
UNSTORABLE_FEEDS = {
    # Scrapy disables its S3 storage without boto3
    "s3": (
        "s3://warta-test-bucket/articles.jsonl",
        "boto3",
        "its storage is disabled (missing boto3 library)",
    ),
    # Scrapy imports the GCS client only to store the file, after the crawl: Warta asks at start
    "gcs": (
        "gs://warta-test-bucket/articles.jsonl",
        "google.cloud.storage",
        "google-cloud-storage is not installed",
    ),
}


@pytest.mark.parametrize("storage", sorted(UNSTORABLE_FEEDS))
def test_a_feed_storage_without_its_library_refuses_to_start(storage, demo_portal, tmp_path):
    uri, module, why = UNSTORABLE_FEEDS[storage]
    try:
        importlib.import_module(module)
    except ImportError:
        pass
    else:
        pytest.skip(
            f"{module} is installed: the feed would be enabled (and would reach out to a public host)"
        )
    result = crawl(demo_portal, tmp_path, "-o", uri)
    assert result.returncode == EXIT_CANNOT_START, result.stderr[-3000:]
    assert last_line(result) == f"warta: cannot start jagatbisnis: the feed {uri} cannot be stored: {why}"
    assert "Crawled (200)" not in result.stderr
    assert not (tmp_path / "state").exists()


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_upload_that_fails_at_close_rolls_the_run_back(demo_portal, truth, tmp_path):
    """An FTP feed holds the articles in a temporary file until close; the upload fails (nobody listens):
    none of them was delivered, so the state forgets the run and the next run exports them all."""
    ftp = f"ftp://warta:secret@127.0.0.1:{closed_port()}/articles.jsonl"
    first = crawl(demo_portal, tmp_path, "-o", ftp)
    assert first.returncode == EXIT_BAD_RUN, first.stderr[-3000:]
    assert "failed to store" in last_line(first)
    assert f"'warta/state/rolled_back': {len(truth)}" in first.stderr
    assert recorded(tmp_path) == 0

    second = crawl(demo_portal, tmp_path, "-O", str(tmp_path / "articles.jsonl"))
    assert second.returncode == 0, second.stderr[-3000:]
    assert_each_article_once(truth, tmp_path / "articles.jsonl")


def kept_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("articles.*-*.jsonl"))


def test_a_run_stopped_by_a_closespider_limit_keeps_its_overwritten_export(demo_portal, truth, tmp_path):
    out = tmp_path / "articles.jsonl"
    first = crawl(demo_portal, tmp_path, "-s", "CLOSESPIDER_ITEMCOUNT=40", "-O", str(out))
    assert first.returncode == EXIT_BAD_RUN, first.stderr[-3000:]
    assert 40 <= len(urls_in(out)) < len(truth)

    second = crawl(demo_portal, tmp_path, "-O", str(out))
    assert second.returncode == 0, second.stderr[-3000:]
    kept = kept_files(tmp_path)
    assert [p.name.split("-")[0] for p in kept] == ["articles.closespider_itemcount"]
    assert_each_article_once(truth, *kept, out)


def test_a_run_stopped_by_sigterm_keeps_its_overwritten_export(demo_portal, truth, tmp_path):
    """A systemd stop: SIGTERM once, Scrapy shuts down gracefully (finish reason ``shutdown``). The crawl
    is slowed down (one request at a time, 50 ms apart) so the stop surely comes before its end."""
    out = tmp_path / "articles.jsonl"
    cmd = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "jagatbisnis",
        *FAST_LOCAL,
        "-a",
        f"base_url={demo_portal.base_url}",
    ]
    cmd += ["-s", "CONCURRENT_REQUESTS=1", "-s", "DOWNLOAD_DELAY=0.05", "-O", str(out)]
    env = {**os.environ, "WARTA_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        while proc.poll() is None and not (out.exists() and out.read_bytes().count(b"\n") >= 20):
            time.sleep(0.05)  # polling the export for the condition, not a delay to wait something out
        proc.send_signal(signal.SIGTERM)
        rest = proc.communicate(timeout=300)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == EXIT_BAD_RUN, rest[-3000:]
    assert "'finish_reason': 'shutdown'" in rest
    assert 20 <= len(urls_in(out)) < len(truth)

    second = crawl(demo_portal, tmp_path, "-O", str(out))
    assert second.returncode == 0, second.stderr[-3000:]
    kept = kept_files(tmp_path)
    assert [p.name.split("-")[0] for p in kept] == ["articles.shutdown"]
    assert_each_article_once(truth, *kept, out)


def test_a_second_run_on_the_same_data_folder_refuses_to_start(demo_portal, truth, tmp_path):
    """The lock is the same ``flock`` another run takes: held here, the crawl must not start, and must
    leave the holder's live ``-O`` file (with its ``.incomplete`` mark) where it is."""
    out = tmp_path / "articles.jsonl"
    out.write_text('{"canonicalUrl": "http://example.invalid/being-written"}\n')
    mark = tmp_path / "articles.jsonl.incomplete"
    mark.touch()
    holder = RunLock(state_file(tmp_path, "jagatbisnis", ".lock"), "jagatbisnis")
    try:
        refused = crawl(demo_portal, tmp_path, "-O", str(out))
    finally:
        holder.release()
    assert refused.returncode == EXIT_CANNOT_START, refused.stderr[-3000:]
    assert last_line(refused).startswith("warta: cannot start jagatbisnis: jagatbisnis is already running")
    assert "Traceback" not in refused.stderr
    assert out.read_text() == '{"canonicalUrl": "http://example.invalid/being-written"}\n'
    assert mark.exists() and kept_files(tmp_path) == []

    mark.unlink()  # the holder finished
    done = crawl(demo_portal, tmp_path, "-O", str(out))
    assert done.returncode == 0, done.stderr[-3000:]
    assert_each_article_once(truth, out)
