"""SIGKILL at several points of a crawl, then the same command again: nothing lost, nothing twice.

The first run kills itself (``tests/hostile/killswitch.py``) during discovery, right after an export line
is written but before the state records it, or in the middle of writing a line. The second run is the
same command. Across both runs' exports every article of the demo portal's truth appears exactly once,
and no export keeps a cut line.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler import settings
from crawler.scheduler import OPEN_MARKER
from crawler.state.neardup import default_path
from tests.conftest import FAST_LOCAL, ROOT

KILL_SETTINGS = "tests.hostile.kill_settings"
COMMIT_EVERY = settings.WARTA_STATE_COMMIT_EVERY  # records a kill may leave uncommitted


def resume_stat(log: str, name: str) -> int:
    """A ``warta/resume/<name>`` count from the stats a run dumped in its log."""
    found = re.search(rf"'warta/resume/{name}': (\d+)", log)
    assert found, f"no warta/resume/{name} in the stats"
    return int(found.group(1))


def complete_lines(path: Path) -> tuple[list[dict], bytes]:
    """The articles of an export (lines ending in a newline) and whatever unterminated tail follows."""
    body, _, tail = path.read_bytes().rpartition(b"\n")
    items = [json.loads(line) for line in body.split(b"\n") if line.strip()]
    return items, tail


def crawl_command(
    data_dir: Path, base_url: str, *extra: str, kill_at: str | None = None
) -> tuple[list, dict]:
    env = {**os.environ, "WARTA_DATA_DIR": str(data_dir), "SCRAPY_SETTINGS_MODULE": KILL_SETTINGS}
    env.pop("WARTA_TEST_KILL_AT", None)
    if kill_at:
        env["WARTA_TEST_KILL_AT"] = kill_at
    cmd = [sys.executable, "-m", "scrapy", "crawl", "jagatbisnis", *FAST_LOCAL, "-a", f"base_url={base_url}"]
    return [*cmd, "-s", f"JOBDIR={data_dir / 'job'}", *extra], env


def crawl(
    data_dir: Path, base_url: str, *extra: str, kill_at: str | None = None
) -> subprocess.CompletedProcess:
    cmd, env = crawl_command(data_dir, base_url, *extra, kill_at=kill_at)
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def killed_from_outside(data_dir: Path, base_url: str, lines: int) -> int:
    """Start the crawl and SIGKILL it from this process once its export holds ``lines`` lines."""
    cmd, env = crawl_command(data_dir, base_url)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while proc.poll() is None:
            exports = list(data_dir.glob("exports/*.jsonl"))
            if exports and exports[0].read_bytes().count(b"\n") >= lines:
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.02)
        return proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.fixture(scope="module")
def truth(demo_portal) -> set[str]:
    from demoportal.site import build_site
    from demoportal.truth import expected_items

    return {item["canonicalUrl"] for item in expected_items(build_site(), demo_portal.base_url)}


def exports_of(folder: Path) -> list[Path]:
    """Every JSON-lines export the runs left: default feeds, -o/-O files and killed runs' kept files."""
    return sorted(p for p in folder.rglob("*.jsonl") if "job" not in p.parts)


@pytest.mark.parametrize(
    ("kill_at", "feed_option"),
    [
        ("response:3", None),  # robots.txt and the first sitemaps: discovery only, nothing exported
        ("item:40", None),  # line 40 is in the export, the state does not know it yet
        ("torn:90", "-o"),  # half of line 90 is in the file; the next run appends to the same file
        ("item:120", "-O"),  # the next run overwrites the file: the killed run's lines must survive
        ("index:60", None),  # article 60 is recorded in the state but not yet in the near-duplicate index
    ],
)
def test_killed_crawl_resumes_without_loss_or_duplicates(demo_portal, truth, tmp_path, kill_at, feed_option):
    extra = (feed_option, str(tmp_path / "articles.jsonl")) if feed_option else ()
    first = crawl(tmp_path, demo_portal.base_url, *extra, kill_at=kill_at)
    assert first.returncode == -signal.SIGKILL, first.stderr[-3000:]
    assert (tmp_path / "job" / OPEN_MARKER).exists(), "the killed run should leave its job open"
    before = sum(len(complete_lines(p)[0]) for p in exports_of(tmp_path))
    assert before < len(truth)

    second = crawl(tmp_path, demo_portal.base_url, *extra)
    assert second.returncode == 0, second.stderr[-3000:]

    urls: list[str] = []
    for path in exports_of(tmp_path):
        items, tail = complete_lines(path)
        assert tail == b"", f"{path.name} keeps a cut line after the resumed run"
        urls += [item["canonicalUrl"] for item in items]
    duplicates = {u for u in urls if urls.count(u) > 1}
    assert not duplicates, f"exported twice: {sorted(duplicates)[:5]}"
    assert set(urls) == truth, f"missing: {sorted(truth - set(urls))[:5]}"
    assert "'warta/resume/unclean_jobdir_discarded': 1" in second.stderr
    if kill_at.startswith("item"):
        # the killed line and the rest of its commit group: recorded from the export by recovery
        assert 1 <= resume_stat(second.stderr, "exports_recorded") <= COMMIT_EVERY
    if kill_at.startswith("torn"):
        assert "'warta/resume/cut_lines_removed': 1" in second.stderr
    if feed_option == "-O":
        assert "'warta/resume/killed_exports_kept': 1" in second.stderr
    if kill_at.startswith("index"):
        assert 1 <= resume_stat(second.stderr, "neardup_indexed") <= COMMIT_EVERY
        sixtieth = complete_lines(exports_of(tmp_path)[0])[0][59]["canonicalUrl"]
        with sqlite3.connect(default_path(tmp_path)) as db:
            held = db.execute("SELECT count(*) FROM neardup_docs WHERE key = ?", (sixtieth,)).fetchone()[0]
        assert held == 1, "the article killed before its index entry is not in the near-duplicate index"
    # The job finished: its requests are cleared, so the same command later crawls again.
    assert not (tmp_path / "job" / "requests.seen").exists()
    assert not (tmp_path / "job" / OPEN_MARKER).exists()


def test_killed_from_outside_while_exporting(demo_portal, truth, tmp_path):
    """A kill -9 from another process at whatever point the crawl is at once 150 lines are out."""
    assert killed_from_outside(tmp_path, demo_portal.base_url, lines=150) == -signal.SIGKILL
    second = crawl(tmp_path, demo_portal.base_url)
    assert second.returncode == 0, second.stderr[-3000:]
    urls = [item["canonicalUrl"] for path in exports_of(tmp_path) for item in complete_lines(path)[0]]
    assert len(urls) == len(set(urls)), "an article was exported twice"
    assert set(urls) == truth
    assert all(complete_lines(path)[1] == b"" for path in exports_of(tmp_path))


def test_a_finished_overwritten_export_is_not_kept(demo_portal, tmp_path):
    """-O after a run that finished (its report is newer than its export) overwrites, as Scrapy does."""
    out = tmp_path / "articles.jsonl"
    for _ in range(2):
        done = crawl(tmp_path, demo_portal.base_url, "-O", str(out), "-a", f"url={demo_portal.base_url}/")
        assert done.returncode in (0, 3), done.stderr[-2000:]
    assert [p.name for p in exports_of(tmp_path)] == ["articles.jsonl"]


def canonicals(path: Path) -> list[str]:
    return [item["canonicalUrl"] for item in complete_lines(path)[0]]


def test_a_kill_between_two_feeds_leaves_the_article_to_both(demo_portal, truth, tmp_path):
    """Killed after the JSON-lines feed took the 40th article and before the Zyte feed did: recovery
    records only what both feeds hold, so the next run exports the 40th again, to both (a duplicate in
    the first, not a loss in the second), and the articles before it to neither."""
    own, zyte = tmp_path / "articles.jsonl", tmp_path / "zyte.jl"
    feeds = ("-o", str(own), "-o", f"{zyte}:zyte_jsonlines")
    # groups by count alone: a timed commit after the 39th record would leave recovery nothing to redo
    by_count = ("-s", "WARTA_STATE_COMMIT_SECONDS=0")
    first = crawl(tmp_path, demo_portal.base_url, *feeds, *by_count, kill_at="between:40")
    assert first.returncode == -signal.SIGKILL, first.stderr[-3000:]
    fortieth = canonicals(own)[39]
    assert len(canonicals(own)) == 40 and len(canonicals(zyte)) == 39

    second = crawl(tmp_path, demo_portal.base_url, *feeds)
    assert second.returncode == 0, second.stderr[-3000:]
    assert sorted(canonicals(zyte)) == sorted(truth), "an article is missing from or twice in the Zyte feed"
    in_own = canonicals(own)
    assert set(in_own) == truth
    assert sorted(u for u in set(in_own) if in_own.count(u) > 1) == [fortieth]
    assert 1 <= resume_stat(second.stderr, "exports_recorded") <= COMMIT_EVERY


def test_a_killed_run_with_a_feed_stored_at_close_is_exported_again(demo_portal, truth, tmp_path):
    """An FTP feed holds the articles in a temporary file until close; killed before, it never got
    them, though the local feed beside it did. The state undoes the run and recovery does not record the
    local lines: the next run exports every article."""
    with socket.socket() as sock:  # a loopback port nobody listens on: the upload never happens anyway
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    local = tmp_path / "articles.jsonl"
    first = crawl(
        tmp_path,
        demo_portal.base_url,
        *("-o", str(local), "-o", f"ftp://warta:secret@127.0.0.1:{port}/articles.jsonl"),
        kill_at="item:40",
    )
    assert first.returncode == -signal.SIGKILL, first.stderr[-3000:]
    assert len(canonicals(local)) == 40

    again = tmp_path / "again.jsonl"
    second = crawl(tmp_path, demo_portal.base_url, "-o", str(again))
    assert second.returncode == 0, second.stderr[-3000:]
    assert resume_stat(second.stderr, "rolled_back") >= 1
    assert resume_stat(second.stderr, "exports_recorded") == 0
    assert sorted(canonicals(again)) == sorted(truth)


def test_a_kill_with_a_feed_recovery_cannot_read_back_exports_only_the_article_in_hand_again(
    demo_portal, truth, tmp_path
):
    """``FEED_EXPORT_FIELDS`` without the fingerprint (a consumer that wants text only): recovery cannot
    record a line from the export, so the records of the uncommitted group (here articles 33 to 40) were
    lost silently to a kill and those articles exported twice, with a resumed run that exits 0. With such
    a feed the state commits each record: only the article the kill caught between its line and its
    record (the 40th) is exported again."""
    out = tmp_path / "articles.jsonl"
    extra = ("-o", str(out), "-s", "FEED_EXPORT_FIELDS=url,canonicalUrl,headline,articleBody")
    by_count = ("-s", "WARTA_STATE_COMMIT_SECONDS=0")  # groups by count alone, as in the test above
    first = crawl(tmp_path, demo_portal.base_url, *extra, *by_count, kill_at="item:40")
    assert first.returncode == -signal.SIGKILL, first.stderr[-3000:]
    assert "fingerprint" not in complete_lines(out)[0][0]
    fortieth = canonicals(out)[39]

    second = crawl(tmp_path, demo_portal.base_url, *extra)
    assert second.returncode == 0, second.stderr[-3000:]
    urls = canonicals(out)
    assert set(urls) == truth
    assert sorted(u for u in set(urls) if urls.count(u) > 1) == [fortieth]


def test_ctrl_c_twice_then_a_run_with_another_file_exports_no_article_again(demo_portal, truth, tmp_path):
    """A second Ctrl-C stops the reactor where it is: the process exits without closing the crawl. The
    records of the open commit group (articles 33 to 40 here) were lost with it, and a next run writing
    another file (``-o day-$(date +%F).jsonl`` from cron), whose recovery cannot read the first file,
    exported them again. The group is committed at exit: nothing twice, nothing missing, and the
    interrupted run's last line says what happened."""
    first_out, second_out = tmp_path / "day-1.jsonl", tmp_path / "day-2.jsonl"
    by_count = ("-s", "WARTA_STATE_COMMIT_SECONDS=0")  # groups by count alone, as in the tests above
    first = crawl(tmp_path, demo_portal.base_url, "-o", str(first_out), *by_count, kill_at="interrupt:40")
    assert first.returncode == 3, first.stderr[-3000:]
    assert "Received SIGINT twice, forcing unclean shutdown" in first.stderr
    assert (
        first.stderr.strip()
        .splitlines()[-1]
        .startswith("warta: the run failed: the crawl was stopped before it could close")
    )
    assert 40 <= len(canonicals(first_out)) < len(truth)

    second = crawl(tmp_path, demo_portal.base_url, "-o", str(second_out))
    assert second.returncode == 0, second.stderr[-3000:]
    urls = canonicals(first_out) + canonicals(second_out)
    assert sorted(u for u in set(urls) if urls.count(u) > 1) == []
    assert set(urls) == truth
