"""Real portal pages through the real crawl: ``../shared/real-pages`` served on 127.0.0.1, one port a portal,
each page at its real path, beside the portal's home page, a robots.txt and a sitemap listing the pages.

Each portal is crawled twice: by its profile's spider (``-a base_url=``) where the portal has a profile, and
by ``portal`` (``-a start_url=``, which must find the sitemap through robots.txt). Then:
- every article page is exported (the pages the code of today loses are strict xfails that name why, so
  the test flips when the fix lands and the entry must go);
- the per-field accuracy of the exported lines, scored by bench/realpages.py's rules, stays at or above
  the figures recorded in ``RATCHET`` (measured on this crawl): a field Warta gets right today stays right,
  and when a change improves a figure, raise it here.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import pytest

from bench.realpages import DEFAULT_PAGES, FIELDS, RealPage, figures, load_pages, prediction_of
from crawler.profiles import load_profile, profile_names
from tests.conftest import IN_CI, read_jsonl, run_crawl

if not (DEFAULT_PAGES / "truth.json").is_file():
    if IN_CI:
        pytest.fail(f"{DEFAULT_PAGES} is required in CI", pytrace=False)
    pytest.skip(
        f"{DEFAULT_PAGES} is not on this machine (it ships beside the repository)", allow_module_level=True
    )

PAGES = load_pages(DEFAULT_PAGES)
PORTALS = sorted({p.portal for p in PAGES})
# The home page of each portal, from listings/ (antaranews saved it as "antara").
HOME = {portal: {"antaranews": "antara"}.get(portal, portal) for portal in PORTALS}
SPIDERS = ("profile", "portal")

# The pages the crawl of today does not export, and why. A strict xfail: the test fails once the page is
# exported, and its entry goes.
# (The liputan6 photo gallery served here from 127.0.0.1 is exported: its og:url names the photo host.)
NOT_EXPORTED: dict[tuple[str, str], str] = {}

# Per-field accuracy of each crawl's export over the pages it should export (every page for ``portal``,
# the pages of portals with a profile for ``profile``), scored by bench/realpages.py; a page not exported
# has every field wrong. ``leaks`` is a ceiling, everything else a floor.
RATCHET: dict[str, dict[str, float]] = {
    "profile": {
        "headline": 1.0,
        "authors": 1.0,
        "authorsOrg": 1.0,
        "editors": 1.0,
        "datePublished": 1.0,
        "dateMinute": 1.0,
        "section": 1.0,
        "tags": 1.0,
        "dateline": 1.0,
        "inLanguage": 1.0,
        "kind": 1.0,
        "all_fields": 1.0,
        "body_f1": 0.9975,
        "leaks": 0,
        "reporterCode": 1.0,
    },
    "portal": {
        "headline": 1.0,
        "authors": 1.0,
        "authorsOrg": 1.0,
        "editors": 1.0,
        "datePublished": 1.0,
        "dateMinute": 1.0,
        "section": 0.8846,
        "tags": 0.9615,
        "dateline": 1.0,
        "inLanguage": 1.0,
        "kind": 1.0,
        "all_fields": 0.986,
        "body_f1": 0.9956,
        "leaks": 0,
        "reporterCode": 1.0,
    },
}


# ---- the portals, served --------------------------------------------------------------------------------
@dataclass
class Portal:
    """One portal's pages on their own loopback port."""

    name: str
    base: str
    pages: list[RealPage]


def _routes(portal: str, base: str, pages: list[RealPage]) -> dict[str, tuple[bytes, str]]:
    """Path -> (body, content type): the pages, the home page, robots.txt and the sitemap wherever the
    profile looks for one. No Content-Type charset: each page declares its own, as the portal's did."""
    import gzip

    home = gzip.decompress((DEFAULT_PAGES / "listings" / f"{HOME[portal]}-mainpage.html.gz").read_bytes())
    urls = "".join(f"<url><loc>{escape(base + p.path)}</loc></url>" for p in pages)
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()
    routes = {p.path: (p.raw, "text/html") for p in pages}
    routes["/"] = (home, "text/html")
    routes["/robots.txt"] = (f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n".encode(), "text/plain")
    sitemap_paths = {"/sitemap.xml"}
    if portal in profile_names():
        discovery = load_profile(portal).discovery
        sitemap_paths.update(p for p in (*discovery.sitemaps, *discovery.news_sitemaps) if p.startswith("/"))
        routes.update((p, (home, "text/html")) for p in discovery.listings if p.startswith("/"))
    routes.update((p, (sitemap, "application/xml")) for p in sitemap_paths if p != "/robots.txt")
    return routes


def _serve(routes: dict[str, tuple[bytes, str]]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = routes.get(urlsplit(self.path).path)
            body, kind = found or (b"not here", "text/plain")
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture(scope="module")
def portals() -> Iterator[dict[str, Portal]]:
    servers, served = [], {}
    try:
        for name in PORTALS:
            server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
            base = f"http://127.0.0.1:{server.server_address[1]}"
            pages = [p for p in PAGES if p.portal == name]
            server.RequestHandlerClass = _serve(_routes(name, base, pages))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
            served[name] = Portal(name, base, pages)
        yield served
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


# ---- the crawls ---------------------------------------------------------------------------------------
def _crawl(spider: str, portal: Portal, workdir: Path) -> list[dict]:
    out = workdir / "items.jsonl"
    if spider == "profile":
        args: tuple[str, ...] = (portal.name, "-a", f"base_url={portal.base}")
    else:
        args = ("portal", "-a", f"start_url={portal.base}/")
    # The run-health monitors would fail the exit code on these pages (the profiles of 2016 fall back to
    # the generic path everywhere): what the crawl exports is what this test checks.
    monitors_off = ("-s", "WARTA_MONITORS_ENABLED=False")
    result = run_crawl(*args, *monitors_off, "-O", str(out), data_dir=workdir, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    return read_jsonl(out)


def _once(done: Path, make: Callable[[], None], timeout: float = 600) -> None:
    """Run ``make`` in one pytest-xdist worker only (``mkdir`` is the lock); the others wait for it and
    fail as it failed."""
    lock, failed = done.with_suffix(".lock"), done.with_suffix(".failed")
    try:
        lock.mkdir(parents=True)
    except FileExistsError:
        deadline = time.monotonic() + timeout
        while not done.exists():
            assert not failed.exists(), failed.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, f"another worker did not finish {done}"
            time.sleep(0.5)
        return
    try:
        make()
    except BaseException as error:
        failed.write_text(f"{type(error).__name__}: {error}", encoding="utf-8")
        raise
    done.touch()


@pytest.fixture(scope="module")
def exported(portals: dict[str, Portal], tmp_path_factory: pytest.TempPathFactory) -> Callable:
    """``exported(spider)``: page id -> exported line, for every portal that spider crawls; each crawl runs
    once per test session, shared by the xdist workers through their common temporary folder."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    shared = shared / "realpages-crawls"
    cache: dict[str, dict[str, dict]] = {}

    def by_page(spider: str) -> dict[str, dict]:
        if spider in cache:
            return cache[spider]
        lines: list[dict] = []
        for portal in portals.values():
            if spider == "profile" and portal.name not in profile_names():
                continue
            workdir = shared / f"{spider}-{portal.name}"
            _once(workdir / "done", lambda w=workdir, p=portal: _keep(_crawl(spider, p, w), w))
            lines += read_jsonl(workdir / "kept.jsonl")
        paths = {(p.portal, p.path): p.id for p in PAGES}
        portal_of = {portal.base: portal.name for portal in portals.values()}
        found: dict[str, dict] = {}
        for line in lines:
            split = urlsplit(line["url"])
            base = f"{split.scheme}://{split.netloc}"
            page_id = paths.get((line.get("_portal") or portal_of.get(base, ""), split.path))
            if page_id:
                found.setdefault(page_id, line)
        cache[spider] = found
        return found

    return by_page


def _keep(lines: list[dict], workdir: Path) -> None:
    """The crawl's lines, each tagged with the portal it was served as (ports differ between workers)."""
    import json

    portal = workdir.name.split("-", 1)[1]
    with (workdir / "kept.jsonl").open("w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(json.dumps({**line, "_portal": portal}, ensure_ascii=False) + "\n")


def _expected_pages(spider: str) -> list[RealPage]:
    if spider == "profile":
        return [p for p in PAGES if p.portal in profile_names()]
    return PAGES


# ---- the tests ----------------------------------------------------------------------------------------
def _export_cases() -> Iterator[object]:
    for spider in SPIDERS:
        for page in _expected_pages(spider):
            reason = NOT_EXPORTED.get((spider, page.id))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(spider, page.id, id=f"{spider}-{page.id}", marks=marks)


@pytest.mark.parametrize(("spider", "page_id"), list(_export_cases()))
def test_every_article_page_is_exported(exported: Callable, spider: str, page_id: str) -> None:
    assert page_id in exported(spider), f"{page_id} was not exported by the {spider} crawl"


@pytest.mark.parametrize("spider", SPIDERS)
@pytest.mark.parametrize("figure", [*FIELDS, "all_fields", "body_f1", "leaks"])
def test_field_accuracy_of_the_crawl_does_not_fall(exported: Callable, spider: str, figure: str) -> None:
    pages = _expected_pages(spider)
    lines = exported(spider)
    measured = figures(pages, [prediction_of(lines[p.id]) if p.id in lines else None for p in pages])
    floor = RATCHET[spider].get(figure)
    assert floor is not None, f"record {spider}/{figure} = {measured[figure]} in RATCHET"
    if figure == "leaks":
        assert measured[figure] <= floor
    else:
        assert measured[figure] >= floor, f"{spider} crawl: {figure} fell from {floor} to {measured[figure]}"
