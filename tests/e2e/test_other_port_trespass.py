"""Another port of the portal's host is another site (issue 12, items 14 and 16): a real crawl of a portal
on 127.0.0.1 whose robots.txt, sitemap index, sitemap, home page, 301 and rel=canonical point at a second
server on another port of 127.0.0.1 asks that server nothing at all (not even its robots.txt) and exports
nothing from it; ``-a url=`` on that port is refused before anything is fetched."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import read_jsonl, run_crawl

DAY = "/2023/01/10/"
VOCABULARY = (
    "harga beras naik pasar tradisional jakarta pemerintah menteri petani gudang bulog stok impor panen "
    "musim hujan kenaikan pedagang pembeli rupiah kilogram operasi pasar distribusi daerah provinsi"
)


def _paragraph(slug: str, number: int) -> str:
    """Words of its own for every article, so no two are near-duplicates of each other."""
    pick, words = random.Random(f"{slug}-{number}"), VOCABULARY.split()
    return " ".join(pick.choice(words) for _ in range(60)).capitalize() + "."


def _article(slug: str, canonical: str) -> bytes:
    return f"""<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>Berita {slug} - JagatBisnis</title><link rel="canonical" href="{canonical}">
<meta property="article:published_time" content="2023-01-10T08:00:00+07:00"></head>
<body class="single single-post"><main><article><h1 class="entry-title">Berita {slug}</h1>
<div class="entry-meta"><time class="entry-date published" datetime="2023-01-10T08:00:00+07:00">
10 Januari 2023</time></div>
<div class="entry-content"><p>{_paragraph(slug, 1)}</p><p>{_paragraph(slug, 2)}</p></div>
</article></main></body></html>""".encode()


@dataclass
class TwoPorts:
    """The portal and, on another port of the same host, a server that must never be asked anything."""

    portal: str = ""
    other: str = ""
    hits: dict[str, list[str]] = field(default_factory=lambda: {"portal": [], "other": []})

    def respond(self, which: str, path: str) -> tuple[int, dict[str, str], bytes]:
        self.hits[which].append(path)
        here, there = (self.portal, self.other) if which == "portal" else (self.other, self.portal)
        xml = {"Content-Type": "application/xml"}
        if path == "/robots.txt":
            return 200, {}, f"User-agent: *\nAllow: /\nSitemap: {there}/sitemap_index.xml\n".encode()
        if path == "/sitemap_index.xml":
            entries = "".join(
                f"<sitemap><loc>{base}/post-sitemap.xml</loc></sitemap>" for base in (here, there)
            )
            return 200, xml, f'<sitemapindex xmlns="{SITEMAP_NS}">{entries}</sitemapindex>'.encode()
        if path == "/post-sitemap.xml":
            entries = f"<url><loc>{here}{DAY}lewat-sitemap/</loc></url>"
            entries += f"<url><loc>{there}{DAY}sitemap-seberang/</loc></url>"
            return 200, xml, f'<urlset xmlns="{SITEMAP_NS}">{entries}</urlset>'.encode()
        if path == "/":
            links = [f"{DAY}lewat-beranda/", f"{DAY}pindah/", f"{DAY}kanonik-seberang/"]
            links += [f"{there}{DAY}beranda-seberang/", f"{there}/page/2/"]
            html = "".join(f'<a href="{link}">tautan</a> ' for link in links)
            return 200, {}, f"<html><body>{html}</body></html>".encode()
        if path == f"{DAY}pindah/":
            return 301, {"Location": f"{there}{DAY}tujuan-pindah/"}, b""
        if path.startswith(DAY):
            slug = path.strip("/").rsplit("/", 1)[-1]
            canonical = f"{there}{DAY}korban/" if slug == "kanonik-seberang" else f"{here}{path}"
            return 200, {}, _article(slug, canonical)
        return 404, {}, b"<html><body>404</body></html>"


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _handler(ports: TwoPorts, which: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            status, headers, body = ports.respond(which, self.path)
            self.send_response(status)
            headers = {"Content-Type": "text/html; charset=utf-8", **headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def two_ports() -> Iterator[TwoPorts]:
    ports = TwoPorts()
    servers = {which: ThreadingHTTPServer(("127.0.0.1", 0), _handler(ports, which)) for which in ports.hits}
    ports.portal = f"http://127.0.0.1:{servers['portal'].server_address[1]}"
    ports.other = f"http://127.0.0.1:{servers['other'].server_address[1]}"
    for server in servers.values():
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield ports
    finally:
        for server in servers.values():
            server.shutdown()
            server.server_close()


@pytest.mark.parametrize("spider", ["jagatbisnis", "portal"])
def test_nothing_is_asked_of_another_port(two_ports: TwoPorts, tmp_path: Path, spider: str) -> None:
    out = tmp_path / "items.jsonl"
    where = ["-a", f"base_url={two_ports.portal}"] if spider != "portal" else []
    where += ["-a", f"start_url={two_ports.portal}/"] if spider == "portal" else []
    result = run_crawl(spider, *where, "-O", str(out), data_dir=tmp_path / "data", timeout=120)
    assert two_ports.hits["other"] == [], result.stderr[-3000:]
    items = read_jsonl(out)
    assert items, result.stderr[-3000:]
    for item in items:
        assert item["url"].startswith(two_ports.portal + "/"), item["url"]
        assert item["canonicalUrl"].startswith(two_ports.portal + "/"), item["canonicalUrl"]
    exported = {item["canonicalUrl"].removeprefix(two_ports.portal) for item in items}
    assert f"{DAY}lewat-beranda/" in exported and f"{DAY}kanonik-seberang/" in exported
    assert f"{DAY}pindah/" in two_ports.hits["portal"]
    assert "'warta/bad_response/redirect_offsite': 1" in result.stderr
    if spider == "jagatbisnis":  # the generic profile reads no sitemap index, only robots.txt
        assert f"{DAY}lewat-sitemap/" in exported


def test_a_single_url_on_another_port_is_refused(two_ports: TwoPorts, tmp_path: Path) -> None:
    url = f"{two_ports.other}{DAY}beranda-seberang/"
    where = ["-a", f"base_url={two_ports.portal}", "-a", f"url={url}"]
    result = run_crawl("jagatbisnis", *where, data_dir=tmp_path, timeout=120)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert "not on the jagatbisnis portal" in last and f"scrapy crawl portal -a url={url}" in last
    assert two_ports.hits == {"portal": [], "other": []}
