"""Monitors on real crawls: a good run exits 0, bad ones exit non-zero and name the failed monitors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler import settings as project_settings
from tests.conftest import FAST_LOCAL, ROOT, read_jsonl

MONITOR = "crawler.monitoring.extension.RunMonitor"
# What the lead's settings will hold; passed explicitly so the tests work before and after that change.
EXTENSIONS = json.dumps({**project_settings.EXTENSIONS, MONITOR: 900})


# -s cannot set COMMANDS_MODULE (Scrapy loads commands before it reads -s), so set it as settings.py will.
RUN_WITH_OUR_COMMANDS = (
    "import sys\n"
    "from scrapy.cmdline import execute\n"
    "from scrapy.utils.project import get_project_settings\n"
    "settings = get_project_settings()\n"
    "settings.set('COMMANDS_MODULE', 'crawler.commands', priority='project')\n"
    "execute(['scrapy', *sys.argv[1:]], settings)\n"
)


def judged_crawl(
    base_url: str, export: Path, data_dir: Path, *settings: str
) -> subprocess.CompletedProcess[str]:
    """``scrapy crawl jagatbisnis`` with the project's crawl command and the monitor extension."""
    args = ["crawl", "jagatbisnis", "-a", f"base_url={base_url}", "-O", str(export), *FAST_LOCAL]
    args += ["-s", f"EXTENSIONS={EXTENSIONS}"]
    for setting in settings:
        args += ["-s", setting]
    env = {**os.environ, "WARTA_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-c", RUN_WITH_OUR_COMMANDS, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


# ----- real crawls: a good run exits 0, bad ones exit non-zero -----------------------------------------
def test_a_good_crawl_exits_zero_and_logs_progress(demo_portal, tmp_path):
    export = tmp_path / "articles.jsonl"
    result = judged_crawl(demo_portal.base_url, export, tmp_path / "data", "WARTA_PROGRESS_INTERVAL=1")
    assert result.returncode == 0, result.stderr[-4000:]
    assert "progress: " in result.stderr
    report = json.loads((tmp_path / "articles.report.json").read_text(encoding="utf-8"))
    assert report["ok"] is True
    assert report["outcomes"]["exported"] == len(read_jsonl(export)) > 0


def test_a_theme_the_profile_does_not_know_fails_the_run(tmp_path):
    from demoportal.server import DemoServer

    export = tmp_path / "drift.jsonl"
    with DemoServer(theme="drift") as server:
        result = judged_crawl(server.base_url, export, tmp_path / "data")
    assert result.returncode == 3, result.stderr[-4000:]
    assert "generic_fallback_jagatbisnis" in result.stderr
    report = json.loads((tmp_path / "drift.report.json").read_text(encoding="utf-8"))
    assert "generic_fallback_jagatbisnis" in report["failed_monitors"]


class _Forbidden(BaseHTTPRequestHandler):
    """A portal that answers 403 to everything, as a WAF does to a blocked crawler."""

    def do_GET(self) -> None:
        body = b"<html><body><h1>403 Forbidden</h1><p>Access denied.</p></body></html>"
        self.send_response(403)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def forbidden_portal() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Forbidden)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_portal_answering_403_fails_the_run(forbidden_portal, tmp_path):
    result = judged_crawl(forbidden_portal, tmp_path / "blocked.jsonl", tmp_path / "data")
    assert result.returncode == 3, result.stderr[-4000:]
    report = json.loads((tmp_path / "blocked.report.json").read_text(encoding="utf-8"))
    assert {"http_403_rate", "items_exported"} <= set(report["failed_monitors"])
    assert report["errors"]["http_status"]["403"] == report["pages"] > 0


def test_a_crawl_that_did_not_finish_fails_on_its_finish_reason(demo_portal, tmp_path):
    result = judged_crawl(
        demo_portal.base_url, tmp_path / "cut.jsonl", tmp_path / "data", "CLOSESPIDER_ITEMCOUNT=5"
    )
    assert result.returncode == 3, result.stderr[-4000:]
    last = result.stderr.strip().splitlines()[-1]
    # the setting that accepts it is named: a sample crawl's limit set on purpose goes there
    assert "finish reason 'closespider_itemcount' (WARTA_MONITOR_FINISH_REASONS accepts: finished)" in last
    accepted = judged_crawl(
        demo_portal.base_url,
        tmp_path / "cut2.jsonl",
        tmp_path / "data2",
        "CLOSESPIDER_ITEMCOUNT=5",
        "WARTA_MONITOR_FINISH_REASONS=finished,closespider_itemcount",
    )
    assert accepted.returncode == 0, accepted.stderr[-4000:]
