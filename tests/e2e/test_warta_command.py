"""The ``warta`` command and the console, run as a person runs them: ``warta demo`` (what ``make.py demo``
runs) prints a screenful ending with the export's path; ``warta crawl`` keeps ``scrapy crawl``'s exit
codes; a failed run's last line names the root cause; dropped items are one line each; ``warta state``
re-exports and forgets across real crawls."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, read_jsonl

# make.py demo adds at most three lines of its own before `warta demo` runs, on its first run only
# ("creating .venv", the pip upgrade, the requirements install); the whole must stay under 20 lines.
MAKE_SETUP_LINES = 3
SCREENFUL = 20
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]
TIMEOUT = 300


def warta(*args: str, data_dir: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """``warta ARGS`` (``python -m crawler.cli``), output as a terminal shows it: stderr and stdout in
    one stream, in order."""
    full_env = {**os.environ, **env}
    full_env.pop("WARTA_LOG_LEVEL", None)
    if data_dir is not None:
        full_env["WARTA_DATA_DIR"] = str(data_dir)
    cmd = [sys.executable, "-m", "crawler.cli", *args]
    return subprocess.run(
        cmd,
        cwd=ROOT,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=TIMEOUT,
    )


def test_warta_demo_fits_a_screen_and_ends_with_the_export_path(tmp_path):
    folder = tmp_path / "demo"
    done = warta("demo", "--data-dir", str(folder))
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout[-3000:]
    assert len(lines) + MAKE_SETUP_LINES < SCREENFUL, done.stdout
    last = re.fullmatch(r"(\d+) articles exported to (\S+?)(?:; run report: (\S+))?", lines[-1])
    assert last, lines[-1]
    export = Path(last.group(2))
    assert export == (folder / "articles.jsonl").resolve()
    assert len(read_jsonl(export)) == int(last.group(1)) > 0
    assert last.group(3) and Path(last.group(3)).exists()
    assert any(line.endswith(f"Crawling jagatbisnis: {lines[0].split()[-1]} -> {export}") for line in lines)
    for chatter in ("Overridden settings", "Enabled extensions", "Dumping Scrapy stats", "Versions:"):
        assert chatter not in done.stdout
    # A second demo empties its own folder; a folder it did not make is refused.
    assert warta("demo", "--data-dir", str(folder)).returncode == 0
    assert len(read_jsonl(export)) == int(last.group(1))
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    refused = warta("demo", "--data-dir", str(foreign))
    assert refused.returncode == 1 and "choose another --data-dir" in refused.stdout
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_warta_crawl_keeps_the_exit_codes_and_a_bad_runs_last_line_says_why(demo_portal, tmp_path):
    base = ["crawl", "jagatbisnis", "-a", f"base_url={demo_portal.base_url}", *FAST]
    good = warta(*base, "-O", str(tmp_path / "good.jsonl"), data_dir=tmp_path / "good")
    assert good.returncode == 0, good.stdout[-3000:]
    assert read_jsonl(tmp_path / "good.jsonl")
    bad = warta(*base, "-s", "WARTA_MONITOR_MIN_ITEMS=100000", data_dir=tmp_path / "bad")
    assert bad.returncode == 3
    assert bad.stdout.splitlines()[-1].startswith(
        "warta: the run failed: monitors failed: items_exported: 324 exported, "
    )
    unknown = warta("crawl", "no-such-spider", data_dir=tmp_path / "unknown")
    assert unknown.returncode == 1
    assert unknown.stdout.splitlines()[-1] == "KeyError: 'Spider not found: no-such-spider'"


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_crawl_that_cannot_start_names_the_root_cause_last(demo_portal, tmp_path):
    port = _closed_port()
    done = warta(
        "crawl",
        "jagatbisnis",
        "-a",
        f"base_url={demo_portal.base_url}",
        data_dir=tmp_path,
        WARTA_REDIS_URL=f"redis://127.0.0.1:{port}/0",
    )
    assert done.returncode == 1
    assert "Engine slot not assigned" in done.stdout  # Scrapy's follow-up error comes first ...
    last = done.stdout.splitlines()[-1]  # ... and the cause is the last line
    assert last.startswith("warta: cannot start jagatbisnis: redis.exceptions.ConnectionError: ")
    assert f"127.0.0.1:{port}" in last


def test_the_stats_dump_is_there_at_debug(demo_portal, tmp_path):
    done = warta(
        "crawl",
        "jagatbisnis",
        "-a",
        f"base_url={demo_portal.base_url}",
        *FAST,
        "-L",
        "DEBUG",
        data_dir=tmp_path,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "Dumping Scrapy stats" in done.stdout and "Enabled extensions" in done.stdout


def test_a_rerun_logs_each_dropped_article_as_one_line(demo_portal, tmp_path):
    base = ["crawl", "jagatbisnis", "-a", f"base_url={demo_portal.base_url}", *FAST]
    first = warta(*base, "-O", str(tmp_path / "first.jsonl"), data_dir=tmp_path / "data")
    assert first.returncode == 0, first.stdout[-3000:]
    exported = read_jsonl(tmp_path / "first.jsonl")
    again = warta(
        *base,
        "-s",
        "WARTA_INCREMENTAL=False",
        "-O",
        str(tmp_path / "again.jsonl"),
        data_dir=tmp_path / "data",
    )
    assert again.returncode == 0, again.stdout[-3000:]
    drops = [line for line in again.stdout.splitlines() if "] INFO: Dropped " in line]
    assert len(drops) == len(exported)  # every article fetched again, each dropped as unchanged, once
    urls = {item["url"] for item in exported}
    for line in drops:
        url, reason = line.split("] INFO: Dropped ", 1)[1].rsplit(": ", 1)
        assert url in urls and reason == "unchanged"
    body_line = exported[0]["articleBody"].split("\n\n")[0]
    assert body_line not in again.stdout  # no item is logged whole


def _crawl(portal, tmp_path: Path, name: str) -> list[dict]:
    out = tmp_path / f"{name}.jsonl"
    done = warta(
        "crawl",
        "jagatbisnis",
        "-a",
        f"base_url={portal.base_url}",
        *FAST,
        "-O",
        str(out),
        data_dir=tmp_path / "data",
    )
    assert done.returncode == 0, done.stdout[-3000:]
    return read_jsonl(out)


def test_reexport_and_forget_change_what_the_next_crawl_exports(demo_portal, tmp_path):
    first = _crawl(demo_portal, tmp_path, "first")
    assert len(first) > 2
    assert _crawl(demo_portal, tmp_path, "unchanged") == []  # a scheduled run: nothing new
    picked, forgotten = first[0], first[1]
    state = ["--spider", "jagatbisnis", "--data-dir", str(tmp_path / "data")]
    marked = warta("state", "reexport", "--url", picked["url"], *state)
    assert marked.returncode == 0 and "1 URLs of jagatbisnis marked for re-export" in marked.stdout
    again = _crawl(demo_portal, tmp_path, "reexported")
    assert [(i["canonicalUrl"], i["version"], i["articleBody"]) for i in again] == [
        (picked["canonicalUrl"], picked["version"], picked["articleBody"])
    ]
    assert warta("state", "forget", "--url", forgotten["url"], *state).returncode == 0
    assert [(i["canonicalUrl"], i["version"]) for i in _crawl(demo_portal, tmp_path, "forgot")] == [
        (forgotten["canonicalUrl"], 1)
    ]
    assert _crawl(demo_portal, tmp_path, "after") == []  # each change is done once
