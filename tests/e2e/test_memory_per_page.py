"""Memory per page is bounded whatever the page: a crawl that meets a page of a million tags or an
article of 5 MB of text stays under ``PEAK_LIMIT`` of resident memory, and so does hashing such a text
for the near-duplicate index. Peak RSS is read from a child process (``ru_maxrss``): a memory bound,
not a timing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import FAST_LOCAL, ROOT, read_jsonl

PEAK_LIMIT_MB = 300
ARTICLE_PATH = "/2023/01/10/halaman-raksasa/"
_HEAD = (
    '<html><head><meta charset="utf-8"><title>Halaman raksasa</title></head><body>'
    '<h1 class="entry-title">Halaman raksasa</h1>'
    '<time class="entry-date published" datetime="2023-01-10T08:00:00+07:00">10 Januari 2023</time>'
    '<div class="entry-content">'
)
_SENTENCE = "Pemerintah daerah menyalurkan bantuan kepada warga yang terdampak banjir pada pekan ini. "
PAGES = {
    # 4 MB: a million tags
    "million_tags": _HEAD + "<p>a" * 1_000_000 + "</div></body></html>",
    # 5 MB of article text in 5,000 paragraphs: every paragraph is real text, the body is 5 MB
    "five_mb_text": _HEAD + ("<p>" + _SENTENCE * 12 + "</p>") * 5_000 + "</div></body></html>",
}

# Runs one command and prints the peak RSS (KB) of it and its children, so other tests' children in
# the same pytest worker do not count.
_MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(done.stderr)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
_CRAWL = "from scrapy.cmdline import execute; import sys; sys.argv[0] = 'scrapy'; execute()"
_HASH = """
from crawler.state.neardup import NearDupIndex
text = open(__import__("sys").argv[1], encoding="utf-8").read()
with NearDupIndex(__import__("sys").argv[2], threshold=0.5) as index:
    index.check_and_add("https://jagatbisnis.com/2023/01/10/raksasa/", text)
"""


def _peak_mb(*cmd: str, env: dict[str, str] | None = None) -> tuple[int, float, str]:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd], cwd=ROOT, capture_output=True, text=True, env=env
    )
    code, peak_kb = done.stdout.split()[-2:]
    return int(code), int(peak_kb) / 1024, done.stderr


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = self.server.page if self.path == ARTICLE_PATH else b"<h1>404</h1>"  # type: ignore[attr-defined]
        self.send_response(200 if self.path == ARTICLE_PATH else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def serve() -> Iterator:
    servers: list[ThreadingHTTPServer] = []

    def start(page: str) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.page = page.encode()  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_a_crawl_meeting_a_giant_page_stays_under_the_memory_bound(kind, serve, tmp_path: Path) -> None:
    base = serve(PAGES[kind])
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "WARTA_DATA_DIR": str(tmp_path / "data")}
    _, peak, log = _peak_mb(
        sys.executable,
        "-c",
        _CRAWL,
        "crawl",
        "jagatbisnis",
        *FAST_LOCAL,
        "-a",
        f"base_url={base}",
        "-a",
        f"url={base}{ARTICLE_PATH}",
        "-O",
        str(out),
        env=env,
    )
    assert "'finish_reason': 'finished'" in log, log[-3000:]
    print(f"{kind}: peak RSS {peak:.0f} MB")
    assert peak < PEAK_LIMIT_MB, f"peak RSS {peak:.0f} MB"
    # the peak the giant page made is in memusage/max though Scrapy's check runs every 60 s: it is read
    # once more as the spider closes (OwnMemoryUsage), and the run report says it
    stats = {name: int(n) for name, n in re.findall(r"'(memusage/\w+)': (\d+)", log)}
    assert stats["memusage/max"] > stats["memusage/startup"]
    report = json.loads(out.with_name("out.report.json").read_text())
    assert report["peak_memory_mb"] == round(stats["memusage/max"] / 2**20)
    if kind == "million_tags":  # read from its first tags, and counted
        assert "'warta/extract/cut_pages': 1" in log
    else:  # far longer than any article: dropped and counted, never hashed
        assert "'warta/dropped/body_too_large': 1" in log
        assert read_jsonl(out) == []


# Holds LAUNCHER_MB of resident memory, then runs the command: Linux's ru_maxrss, which Scrapy's memory
# extension reads, starts every process it launches at that peak (a test runner, a scheduler, a notebook).
LAUNCHER_MB = 300
_LARGE_LAUNCHER = f"""
import subprocess, sys
held = b"x" * ({LAUNCHER_MB} << 20)
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(done.stderr)
print(done.returncode)
"""


def test_a_crawl_launched_by_a_large_process_is_judged_by_its_own_memory(serve, tmp_path: Path) -> None:
    """A memory limit below the launcher's memory does not stop the crawl, and memusage/max is the
    crawl's: Scrapy's own extension stopped this crawl at its first check (memusage_exceeded)."""
    base = serve(_HEAD + ("<p>" + _SENTENCE * 3 + "</p>") * 6 + "</div></body></html>")  # an ordinary article
    env = {**os.environ, "WARTA_DATA_DIR": str(tmp_path / "data")}
    crawl = ["crawl", "jagatbisnis", *FAST_LOCAL, "-a", f"base_url={base}", "-a", f"url={base}{ARTICLE_PATH}"]
    limit = ["-s", f"MEMUSAGE_LIMIT_MB={LAUNCHER_MB - 100}", "-O", str(tmp_path / "out.jsonl")]
    done = subprocess.run(
        [sys.executable, "-c", _LARGE_LAUNCHER, sys.executable, "-c", _CRAWL, *crawl, *limit],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    log = done.stderr
    assert "'finish_reason': 'finished'" in log, log[-3000:]
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 1
    peak = int(re.search(r"'memusage/max': (\d+)", log)[1]) / 2**20
    assert 0 < peak < LAUNCHER_MB - 100


def test_hashing_a_5_mb_text_for_the_near_duplicate_index_stays_under_the_bound(tmp_path: Path) -> None:
    text = tmp_path / "body.txt"
    text.write_text(" ".join(f"kata{n % 5000} lain{n % 7}" for n in range(350_000)), encoding="utf-8")
    assert text.stat().st_size > 5_000_000
    code, peak, log = _peak_mb(sys.executable, "-c", _HASH, str(text), str(tmp_path / "neardup.sqlite"))
    assert code == 0, log[-3000:]
    assert peak < PEAK_LIMIT_MB, f"peak RSS {peak:.0f} MB"
