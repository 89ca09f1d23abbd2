"""A portal on 127.0.0.1 that is nothing but discovery traps, one kind per ``mode``:

- ``paging``: the home page shows two article links and a next page, and every ``/page/N/`` a next page
  and nothing else (the scheduled-run rule, stop at a page of known articles, never applies);
- ``gone_paging``: every ``/page/N/`` shows five new article links, all of them 404, and a next page;
- ``sitemap_chain``: ``/sitemap_index.xml`` names ``/sitemap-1.xml``, an index naming ``/sitemap-2.xml``, …;
- ``sitemap_wide``: ``/sitemap_index.xml`` names 200 sitemaps, each naming two article links.

Everything else (the news sitemap, the feed, every article) answers 404, so nothing is exported: the
tests look at what was requested and what the crawl counted as cut.
"""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_PAGE = re.compile(r"^/page/(\d+)/$")
_CHAIN = re.compile(r"^/sitemap-(\d+)\.xml$")
_INDEX = (
    '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</sitemapindex>'
)
_URLSET = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        trap: TrapPortal = self.server.trap  # type: ignore[attr-defined]
        path = urlsplit(self.path).path
        trap.log(path)
        answer = trap.answer(path)
        status, ctype, body = answer if answer else (404, "text/html", b"<h1>404 Not Found</h1>")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class TrapPortal:
    """``with TrapPortal("paging") as trap:`` the portal at ``trap.base_url``; ``trap.paths`` was asked."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.paths: list[str] = []
        self._lock = threading.Lock()
        self.base_url = ""

    def log(self, path: str) -> None:
        with self._lock:
            self.paths.append(path)

    def count(self, pattern: str) -> int:
        with self._lock:
            return sum(1 for path in self.paths if re.search(pattern, path))

    def answer(self, path: str) -> tuple[int, str, bytes] | None:
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        if self.mode in ("paging", "gone_paging") and (path == "/" or _PAGE.match(path)):
            return 200, "text/html; charset=utf-8", self._listing(path).encode()
        if self.mode == "sitemap_chain" and (path == "/sitemap_index.xml" or _CHAIN.match(path)):
            number = int(m.group(1)) if (m := _CHAIN.match(path)) else 0
            child = f"<sitemap><loc>{self.base_url}/sitemap-{number + 1}.xml</loc></sitemap>"
            return 200, "application/xml", _INDEX.format(child).encode()
        if self.mode == "sitemap_wide" and path == "/sitemap_index.xml":
            children = "".join(
                f"<sitemap><loc>{self.base_url}/sitemap-{n}.xml</loc></sitemap>" for n in range(1, 201)
            )
            return 200, "application/xml", _INDEX.format(children).encode()
        if self.mode == "sitemap_wide" and (m := _CHAIN.match(path)):
            urls = "".join(
                f"<url><loc>{self.base_url}/2023/02/01/peta-{m.group(1)}-{i}/</loc></url>" for i in range(2)
            )
            return 200, "application/xml", _URLSET.format(urls).encode()
        return None

    def _listing(self, path: str) -> str:
        number = int(m.group(1)) if (m := _PAGE.match(path)) else 1
        if self.mode == "paging":
            articles = ["/2023/02/01/satu/", "/2023/02/01/dua/"] if number == 1 else []
        else:
            articles = [f"/2023/02/01/hilang-{number}-{i}/" for i in range(5)]
        links = "".join(f'<a href="{a}">Berita</a>\n' for a in articles)
        return (
            f"<html><head><title>Indeks {number}</title></head><body>{links}"
            f'<a href="/page/{number + 1}/">Berikutnya</a></body></html>'
        )

    def start(self) -> TrapPortal:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.trap = self  # type: ignore[attr-defined]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> TrapPortal:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
