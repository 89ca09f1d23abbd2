"""Exit codes a scheduler can act on: ``scrapy crawl`` and the cron/systemd wrapper ``deploy/run-crawl.sh``.

0 a good run, 1 a crawl that could not start, 3 a run that finished badly (a monitor failed), 75 the
wrapper skipped a run because the previous one of that spider still holds its lock.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import FAST_LOCAL, ROOT, read_jsonl, run_crawl

WRAPPER = ROOT / "deploy" / "run-crawl.sh"
EXIT_BAD_RUN = 3
EXIT_LOCKED = 75

needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="the wrapper is a bash script")


@pytest.fixture(scope="module")
def blocked_portal() -> Iterator[object]:
    """The demo portal behind a WAF that answers 403 to every request, robots.txt included."""
    from demoportal.server import DemoServer

    with DemoServer(deny=403) as server:
        yield server


def run_wrapper(spider: str, *args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The wrapper as cron runs it: from another folder, with only the environment it is given."""
    full_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "WARTA_DATA_DIR": str(data_dir),
        "WARTA_PYTHON": sys.executable,
        **env,
    }
    cmd = [str(WRAPPER), spider, *args]
    return subprocess.run(cmd, cwd=data_dir.parent, env=full_env, capture_output=True, text=True, timeout=300)


def test_healthy_run_exits_zero(demo_portal, tmp_path: Path) -> None:
    result = run_crawl("jagatbisnis", "-a", f"base_url={demo_portal.base_url}", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "warta: the run failed" not in result.stderr
    exports = list((tmp_path / "exports").glob("jagatbisnis-*.jsonl"))
    assert len(exports) == 1 and read_jsonl(exports[0]), exports


def test_blocked_run_exits_non_zero_and_names_the_monitors(blocked_portal, tmp_path: Path) -> None:
    result = run_crawl("jagatbisnis", "-a", f"base_url={blocked_portal.base_url}", data_dir=tmp_path)
    assert result.returncode == EXIT_BAD_RUN, result.stderr[-3000:]
    verdict = [line for line in result.stderr.splitlines() if line.startswith("warta: the run failed")]
    assert len(verdict) == 1, result.stderr[-3000:]
    assert "items_exported" in verdict[0] and "http_403_rate" in verdict[0]
    assert re.search(r"unchanged: no request got a page \(HTTP 403 \d+\); http_403", verdict[0]), verdict[0]


def test_a_portal_that_refuses_every_connection_fails_the_run_naming_why(tmp_path: Path) -> None:
    """Nothing listens at the portal's address (a server down, a port misspelt): the last line says no
    request got an answer and how each failed, after retries."""
    result = run_crawl("jagatbisnis", "-a", "base_url=http://127.0.0.1:9", data_dir=tmp_path)
    assert result.returncode == EXIT_BAD_RUN, result.stderr[-3000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("warta: the run failed: monitors failed: items_exported: 0 exported"), last
    cause = r"unchanged: no request got an answer \(DownloadConnectionRefusedError \d+\)$"
    assert re.search(cause, last), last


# a home page linking six article pages
_HOME = "".join(f'<a href="/2023/01/1{n}/berita-nomor-{n}/">Berita {n}</a>' for n in range(6))
_CONSENT_WALL = (
    "<html><head><title>Persetujuan cookie</title></head><body><div class='consent'><p>Kami menggunakan"
    " cookie. Klik setuju untuk melanjutkan.</p><button>Setuju</button></div></body></html>"
)
_NEW_HOME = "<html><head><title>Portal baru</title></head><body><p>Segera hadir</p></body></html>"
# Portals that answer and still give no article (what each page answers, None: 404): the last line says why.
EMPTY_PORTALS = {
    # a redesign: the home page holds no article link, the sitemaps and feed the profile names are gone
    "moved": (
        lambda path: _NEW_HOME if path == "/" else None,
        "discovery found no article URL (sitemap_gone 2, feed_failed 1)",
    ),
    # every article page the home page links is a consent wall instead of the text
    "consent wall": (
        lambda path: _HOME if path == "/" else _CONSENT_WALL if path.startswith("/2023/") else None,
        "every article read was dropped (empty_body 6)",
    ),
}


class _EmptyPortal(BaseHTTPRequestHandler):
    """Answers each path with ``server.answer(path)``, or 404 for None."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        page = self.server.answer(self.path)  # type: ignore[attr-defined]
        body = (page or "Tidak ada").encode()
        self.send_response(404 if page is None else 200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.mark.parametrize("kind", sorted(EMPTY_PORTALS))
def test_a_portal_that_gives_no_article_fails_the_run_naming_why(kind: str, tmp_path: Path) -> None:
    answer, cause = EMPTY_PORTALS[kind]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EmptyPortal)
    server.answer = answer  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        result = run_crawl("jagatbisnis", "-a", f"base_url={base}", data_dir=tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == EXIT_BAD_RUN, result.stderr[-3000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.endswith(f"items_exported: 0 exported, 0 known and unchanged: {cause}"), last


def test_one_article_asked_for_that_is_gone_fails_the_run_saying_so(demo_portal, tmp_path: Path) -> None:
    url = f"{demo_portal.base_url}/2022/03/15/berita-yang-tidak-pernah-ada/"  # a mistyped -a url=
    result = run_crawl(
        "jagatbisnis", "-a", f"base_url={demo_portal.base_url}", "-a", f"url={url}", data_dir=tmp_path
    )
    assert result.returncode == EXIT_BAD_RUN, result.stderr[-3000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.endswith("0 known and unchanged: the article pages asked for are gone (404 or 410: 1)"), last


def test_crawl_that_cannot_start_exits_non_zero(tmp_path: Path) -> None:
    result = run_crawl("no_such_portal", data_dir=tmp_path)
    assert result.returncode == 1
    assert "Spider not found: no_such_portal" in result.stderr


@needs_bash
def test_wrapper_fails_loudly_and_keeps_the_log(blocked_portal, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    logs = data_dir / "logs" / "jagatbisnis"
    logs.mkdir(parents=True)
    for day in ("01", "02", "03"):  # earlier runs' logs; only the newest two may stay
        (logs / f"jagatbisnis-2026-01-{day}T00-00-00Z.log").write_text("old run\n", encoding="utf-8")

    result = run_wrapper(
        "jagatbisnis",
        "-a",
        f"base_url={blocked_portal.base_url}",
        *FAST_LOCAL,
        data_dir=data_dir,
        WARTA_KEEP_LOGS="2",
    )

    assert result.returncode == EXIT_BAD_RUN
    assert result.stdout == ""
    report = result.stderr
    assert f"FAILED with exit code {EXIT_BAD_RUN}" in report
    assert "Warta run of jagatbisnis: FAILED: items_exported, http_403_rate" in report
    log_line = next(line for line in report.splitlines() if line.startswith("log: "))
    this_log = Path(log_line.removeprefix("log: "))
    assert this_log.parent == logs
    assert "Spider closed (finished)" in this_log.read_text(encoding="utf-8")
    kept = sorted(p.name for p in logs.glob("jagatbisnis-*.log"))
    assert kept == ["jagatbisnis-2026-01-03T00-00-00Z.log", this_log.name]


@needs_bash
def test_wrapper_reports_a_run_stopped_by_sigterm(demo_portal, tmp_path: Path) -> None:
    """systemd's stop (or TimeoutStartSec) signals the whole group: a clean shutdown, exit 3, a report."""
    data_dir = tmp_path / "data"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "WARTA_DATA_DIR": str(data_dir)}
    env["WARTA_PYTHON"] = sys.executable
    # One request at a time, so the crawl is still going when the signal comes.
    cmd = [str(WRAPPER), "jagatbisnis", "-a", f"base_url={demo_portal.base_url}", *FAST_LOCAL]
    cmd += ["-s", "CONCURRENT_REQUESTS=1"]
    proc = subprocess.Popen(
        cmd,
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        # Signalled once an article is exported: the engine is running, not starting (a signal during
        # start-up closes the run with no finish reason at all, which exits 3 as well).
        exports = data_dir / "exports"
        while not any(p.stat().st_size for p in exports.glob("jagatbisnis-*.jsonl")):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no article exported"
            time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    assert proc.returncode == EXIT_BAD_RUN, stderr
    assert stdout == ""
    assert "finish reason shutdown" in stderr
    assert "warta: the run failed: finish reason 'shutdown'" in stderr


@needs_bash
def test_wrapper_passes_a_start_failure_through(tmp_path: Path) -> None:
    result = run_wrapper("no_such_portal", data_dir=tmp_path / "data")
    assert result.returncode == 1
    assert "FAILED with exit code 1" in result.stderr
    assert "Spider not found: no_such_portal" in result.stderr


@needs_bash
@pytest.mark.skipif(shutil.which("flock") is None, reason="flock(1) is not installed")
def test_wrapper_skips_a_run_while_the_previous_one_holds_the_lock(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    logs = data_dir / "logs" / "jagatbisnis"
    logs.mkdir(parents=True)
    with (logs / ".lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run_wrapper("jagatbisnis", data_dir=data_dir)
    assert result.returncode == EXIT_LOCKED
    assert "still running" in result.stderr
    assert not list(logs.glob("*.log")), "a skipped run must not start a crawl"


@needs_bash
@pytest.mark.parametrize("name", ["", "../../etc", "-a"])
def test_wrapper_without_a_spider_name_is_a_usage_error(name: str, tmp_path: Path) -> None:
    result = run_wrapper(name, data_dir=tmp_path / "data")
    assert result.returncode == 64
    assert "usage:" in result.stderr
    assert not (tmp_path / "data").exists(), "nothing may be written for a refused name"
