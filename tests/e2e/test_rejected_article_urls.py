"""Issue 12 item 9 as an operator sees it: real kompas permalinks of 2015-2016 in a sitemap, served on
loopback with the real pages. A profile whose article pattern rejects them exits 3 with the rejected URLs
counted and a few logged; the shipped kompas profile, widened to the real shapes, fetches them all.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED, needs_shared, run_crawl

REAL = SHARED / "real-pages"
SHIPPED = ROOT / "crawler" / "portals"
EXIT_BAD_RUN = 3
NARROW = r"^/(?:[a-z0-9-]+/)?read/\d{4}/\d{2}/\d{2}/\d{6,}/[a-z0-9-]+/?$"  # kompas's pattern before


def _pages() -> dict[str, bytes]:
    """Path -> page: the five real kompas articles at their own paths, and the first again under a
    lower-case slug that the narrow pattern accepts (1 of 6 accepted)."""
    truth = json.loads((REAL / "truth.json").read_text(encoding="utf-8"))
    pages = {}
    for key, fields in sorted(truth.items()):
        if key.startswith("anpandu-kompas-"):
            path = re.sub(r"^https?://[^/]+", "", fields["url"])
            pages[path] = gzip.decompress((REAL / "pages" / f"{key}.html.gz").read_bytes())
    pages["/read/2016/02/16/14382362/menteri-yuddy-ancam-pns"] = pages[min(pages)]
    return pages


class _Site(ThreadingHTTPServer):
    def __init__(self, pages: dict[str, bytes]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages = pages
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        rows = "".join(f"<url><loc>{self.base_url}{path}</loc></url>" for path in pages)
        ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
        self.sitemap = f'<?xml version="1.0"?><urlset xmlns="{ns}">{rows}</urlset>'.encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Site

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/sitemap.xml":
            status, kind, body = 200, "application/xml", self.server.sitemap
        elif self.path in self.server.pages:
            status, kind, body = 200, "text/html", self.server.pages[self.path]
        else:
            status, kind, body = 404, "text/html", b"<h1>404</h1>"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def kompas_2016() -> Iterator[_Site]:
    site = _Site(_pages())
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    yield site
    site.shutdown()
    site.server_close()


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    """The shipped profiles; kompas discovers through /sitemap.xml only, and ``kompas_narrow`` is the same
    profile with the pattern kompas had before it accepted the real shapes."""
    folder = tmp_path / "portals"
    shutil.copytree(SHIPPED, folder)
    text = (folder / "kompas.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(news_sitemaps|feeds|listings) = .*$", r"\1 = []", text)
    (folder / "kompas.toml").write_text(text, encoding="utf-8")
    narrow = re.sub(r"(?m)^article_url_pattern = .*$", lambda _: f"article_url_pattern = '{NARROW}'", text)
    narrow = narrow.replace('name = "kompas"', 'name = "kompas_narrow"')
    (folder / "kompas_narrow.toml").write_text(narrow, encoding="utf-8")
    return folder


def _crawl(spider: str, site: _Site, profile_dir: Path, data_dir: Path):
    env = {"WARTA_PROFILES_DIR": str(profile_dir)}
    return run_crawl(spider, "-a", f"base_url={site.base_url}", data_dir=data_dir, env=env)


def _report(data_dir: Path, spider: str) -> dict:
    (path,) = (data_dir / "exports").glob(f"{spider}-*.report.json")
    return json.loads(path.read_text(encoding="utf-8"))


@needs_shared("real-pages", "truth.json")
def test_a_pattern_that_rejects_most_of_a_sitemap_fails_the_run(
    kompas_2016: _Site, profile_dir: Path, tmp_path: Path
) -> None:
    result = _crawl("kompas_narrow", kompas_2016, profile_dir, tmp_path)
    assert result.returncode == EXIT_BAD_RUN, result.stderr[-3000:]
    verdict = result.stderr.strip().splitlines()[-1]
    assert verdict.startswith("warta: the run failed") and "discovery_rejected" in verdict
    assert "'warta/discovery/rejected/sitemap': 5" in result.stderr
    warnings = [line for line in result.stderr.splitlines() if "do not fit the kompas_narrow profile" in line]
    assert len(warnings) == 1 and "WARNING" in warnings[0] and "5 of 6 article URLs" in warnings[0]
    assert "/read/2015/11/04/21040031/Polres.Lhokseumawe" in warnings[0]
    report = _report(tmp_path, "kompas_narrow")
    (check,) = [c for c in report["monitors"] if c["name"] == "discovery_rejected"]
    assert check["value"] == pytest.approx(5 / 6, abs=1e-3) and check["limit"] == 0.5
    assert report["outcomes"]["exported"] <= 1


@needs_shared("real-pages", "truth.json")
def test_the_shipped_kompas_profile_takes_the_real_permalinks(
    kompas_2016: _Site, profile_dir: Path, tmp_path: Path
) -> None:
    result = _crawl("kompas", kompas_2016, profile_dir, tmp_path)
    assert "warta/discovery/rejected" not in result.stderr, result.stderr[-3000:]
    report = _report(tmp_path, "kompas")
    assert "discovery_rejected" not in report["failed_monitors"]
    # all six fetched and read; the copy under a second URL is exported or dropped as a duplicate body,
    # whichever of the two is read first
    outcomes = report["outcomes"]
    assert outcomes["exported"] + outcomes["dropped"] == 6 and outcomes["exported"] >= 5, outcomes
