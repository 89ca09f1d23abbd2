"""A hostile copy of the demo portal on 127.0.0.1: every good article, plus everything that goes wrong.

The demo portal's ``--hostile`` mode has crawl traps, soft 404s and 429s. This server adds the rest of the
list a production crawler meets, mixed among the demo portal's own articles (served unchanged, so the
demo truth still holds): article-shaped URLs (listed in an extra post sitemap and linked from the home
page) that answer with malformed or truncated HTML, a cut connection, a body over the size limit (with and
without ``Content-Length``), a gzip bomb, redirect loops, redirects to another host and to ``file:``,
403, 429 with ``Retry-After``, 500, a silent server, a trickling server, PNG bytes labelled
``text/html`` and an empty 200; sitemaps with an entity-expansion bomb and with external entities; links
with ``javascript:``, ``file:``, ``mailto:`` and another host. Two good articles are served with a wrong
charset label (the seed, whose text has curly quotes, as UTF-8 labelled windows-1252; another as
windows-1252 labelled UTF-8), and one good article answers 429 with ``Retry-After`` once.

A second server, the *trap*, stands for every other host: the tests assert it is never asked anything.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from demoportal.routes import Router
from demoportal.site import Site, build_site
from demoportal.themes import get_theme

DAY = "/2023/01/10/"
HOSTILE_PATHS = {
    "malformed": DAY + "html-rusak/",
    "truncated": DAY + "html-terpotong/",
    "cut_connection": DAY + "koneksi-putus/",
    "too_large": DAY + "terlalu-besar/",
    "too_large_unsized": DAY + "terlalu-besar-tanpa-panjang/",
    "gzip_bomb": DAY + "bom-gzip/",
    "redirect_loop": DAY + "putar-putar/",
    "redirect_offsite": DAY + "ke-situs-lain/",
    "redirect_file": DAY + "ke-berkas/",
    "forbidden": DAY + "dilarang/",
    "throttled": DAY + "sibuk/",
    "server_error": DAY + "galat-server/",
    "silent": DAY + "diam/",
    "trickle": DAY + "menetes/",
    "binary": DAY + "gambar/",
    "empty": DAY + "kosong/",
}
BAD_LINKS = ("javascript:alert(document.cookie)", "file:///etc/passwd", "mailto:redaksi@jagatbisnis.com")
OVERSIZE = 9 * 1024 * 1024  # over the crawler's DOWNLOAD_MAXSIZE of 8 MiB
BOMB_SIZE = 200 * 1024 * 1024  # 200 MiB of zeros, about 200 KiB compressed
RETRY_AFTER = 2
SILENT_SECONDS = 8.0  # longer than the test's DOWNLOAD_TIMEOUT
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE urlset [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <url><loc>{base}/2023/01/11/tawa-&lol9;/</loc></url>
</urlset>
"""
EXTERNAL_ENTITIES = """<?xml version="1.0"?>
<!DOCTYPE urlset [
 <!ENTITY passwd SYSTEM "file:///etc/passwd">
 <!ENTITY remote SYSTEM "{trap}/xxe.dtd">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <url><loc>{base}/2023/01/12/&passwd;/</loc></url>
 <url><loc>{base}/2023/01/12/&remote;/</loc></url>
</urlset>
"""


def _hostile_sitemap(base: str) -> str:
    urls = "".join(f" <url><loc>{base}{path}</loc></url>\n" for path in HOSTILE_PATHS.values())
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'


class _Trap(BaseHTTPRequestHandler):
    """Any request here is a trespass: logged, answered with a page full of article links."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        body = b'<html><body><a href="/2023/01/01/curian/">curian</a></body></html>'
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # kept-alive answers without the ~40 ms delayed-ACK wait
    server_version = "nginx"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    # ---- plumbing -------------------------------------------------------------------------------------
    def _send(
        self, status: int, body: bytes, ctype: str = "text/html; charset=UTF-8", **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        hostile: HostileServer = self.server.hostile  # type: ignore[attr-defined]
        for name in hostile.new_cookie_names():  # an ad script's visitor ids: new names on every answer
            self.send_header("Set-Cookie", f"{name}=1; Path=/")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        hostile: HostileServer = self.server.hostile  # type: ignore[attr-defined]
        hostile.log(self.path)
        sent = self.headers.get("Cookie")
        hostile.most_cookies_sent = max(hostile.most_cookies_sent, len(sent.split(";")) if sent else 0)
        # The crawler giving up on a slow or oversized answer is expected.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route(hostile)

    def _route(self, h: HostileServer) -> None:
        path = urlsplit(self.path).path
        special = getattr(self, "_" + h.kind_of(path), None) if h.kind_of(path) else None
        if special is not None:
            special(h)
            return
        if path == h.throttled_good_path and h.first_visit(path):
            self._send(429, b"<h1>429 Too Many Requests</h1>", Retry_After=str(RETRY_AFTER))
            return
        if path == "/sitemap_index.xml":
            index = h.router.resolve(self.path).body.decode()
            extra = "".join(
                f"\t<sitemap><loc>{h.base_url}/{name}</loc></sitemap>\n"
                for name in ("hostile-sitemap.xml", "laughs-sitemap.xml", "xxe-sitemap.xml")
            )
            self._send(
                200, index.replace("</sitemapindex>", extra + "</sitemapindex>").encode(), "application/xml"
            )
            return
        if path == "/hostile-sitemap.xml":
            self._send(200, _hostile_sitemap(h.base_url).encode(), "application/xml")
            return
        if path == "/laughs-sitemap.xml":
            self._send(200, BILLION_LAUGHS.replace("{base}", h.base_url).encode(), "application/xml")
            return
        if path == "/xxe-sitemap.xml":
            xml = EXTERNAL_ENTITIES.replace("{base}", h.base_url).replace("{trap}", h.trap_url)
            self._send(200, xml.encode(), "application/xml")
            return
        answer = h.router.resolve(self.path)
        body, ctype = answer.body, answer.content_type
        if path == "/robots.txt" and h.robots_extra:
            body = body.replace(b"User-agent: *\n", b"User-agent: *\n" + h.robots_extra.encode())
        elif path == "/":
            links = [*BAD_LINKS, f"{h.trap_url}/2023/01/01/curian/"]
            links += [h.base_url + p for p in HOSTILE_PATHS.values()]
            anchors = "".join(f'<a href="{link}">tautan</a>\n' for link in links)
            body = body.replace(b"</body>", anchors.encode() + b"</body>")
        elif path == h.seed_path:  # UTF-8 bytes, labelled windows-1252 in the header and the page
            body = body.replace(b'<meta charset="UTF-8">', b'<meta charset="windows-1252">')
            ctype = "text/html; charset=windows-1252"
        elif path == h.cp1252_path:  # windows-1252 bytes labelled UTF-8
            body = body.decode("utf-8").encode("cp1252", errors="xmlcharrefreplace")
        self._send(answer.status, body, ctype, **answer.headers)

    # ---- the hostile answers ------------------------------------------------------------------------
    def _malformed(self, h: HostileServer) -> None:
        page = b"<html><head><title>Rusak</ti<body><div><p>Paragraf <b>tanpa <i>penutup<div></p></span>"
        self._send(200, page + b"<script>var x = '</div>" + b"<p>" * 5000 + b"\x00\xff\xfe")

    def _truncated(self, h: HostileServer) -> None:
        page = h.router.resolve(h.sample_path).body
        self._send(200, page[: len(page) // 3])

    def _cut_connection(self, h: HostileServer) -> None:
        page = h.router.resolve(h.sample_path).body
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page[: len(page) // 2])
        self.wfile.flush()
        self.close_connection = True

    def _too_large(self, h: HostileServer) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Content-Length", str(OVERSIZE))
        self.end_headers()
        self._stream(OVERSIZE)

    def _too_large_unsized(self, h: HostileServer) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self._stream(OVERSIZE)

    def _stream(self, size: int) -> None:
        chunk = b"<p>" + b"isi " * 16383 + b"</p>"
        sent = 0
        while sent < size:
            self.wfile.write(chunk)
            sent += len(chunk)

    def _gzip_bomb(self, h: HostileServer) -> None:
        self._send(200, h.bomb, Content_Encoding="gzip")

    def _redirect_loop(self, h: HostileServer) -> None:
        query = urlsplit(self.path).query
        n = int(query[2:]) + 1 if query.startswith("n=") and query[2:].isdigit() else 1
        self._send(302, b"", Location=f"{h.base_url}{HOSTILE_PATHS['redirect_loop']}?n={n}")

    def _redirect_offsite(self, h: HostileServer) -> None:
        self._send(301, b"", Location=f"{h.trap_url}/2023/01/01/curian/")

    def _redirect_file(self, h: HostileServer) -> None:
        self._send(302, b"", Location="file:///etc/passwd")

    def _forbidden(self, h: HostileServer) -> None:
        self._send(403, b"<h1>403 Forbidden</h1>")

    def _throttled(self, h: HostileServer) -> None:
        self._send(429, b"<h1>429 Too Many Requests</h1>", Retry_After="1")

    def _server_error(self, h: HostileServer) -> None:
        self._send(500, b"<h1>500 Internal Server Error</h1>")

    def _silent(self, h: HostileServer) -> None:
        time.sleep(SILENT_SECONDS)
        self.close_connection = True

    def _trickle(self, h: HostileServer) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        for _ in range(int(SILENT_SECONDS / 0.2)):
            self.wfile.write(b"<")
            self.wfile.flush()
            time.sleep(0.2)
        self.close_connection = True

    def _binary(self, h: HostileServer) -> None:
        self._send(200, PNG)

    def _empty(self, h: HostileServer) -> None:
        self._send(200, b"")


class HostileServer:
    """``with HostileServer() as srv:`` the portal at ``srv.base_url``, the trap at ``srv.trap_url``."""

    def __init__(self, site: Site | None = None, robots_extra: str = "", cookies_per_answer: int = 0) -> None:
        self.site = site or build_site()
        self.robots_extra = robots_extra  # lines added to the demo robots.txt's ``User-agent: *`` group
        self.cookies_per_answer = cookies_per_answer  # tracking cookies of new names set by every answer
        self._cookies_set = 0
        self.most_cookies_sent = 0  # the most cookies one request sent back
        self.requests: list[tuple[float, str]] = []  # (monotonic time, path) of every request
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self.bomb = gzip.compress(b"\0" * BOMB_SIZE, compresslevel=9, mtime=0)
        self.seed_path = self.site.seed_article.path
        plain = [a for a in self.site.articles if a.path not in (self.seed_path, self.site.slow_path)]
        self.cp1252_path = plain[10].path
        self.throttled_good_path = plain[20].path
        self.sample_path = plain[30].path
        self._kinds = {path: kind for kind, path in HOSTILE_PATHS.items()}
        self._servers: list[ThreadingHTTPServer] = []
        self.base_url = self.trap_url = ""

    @property
    def trap_hits(self) -> list[str]:
        return list(self._servers[1].hits) if len(self._servers) > 1 else []  # type: ignore[attr-defined]

    def kind_of(self, path: str) -> str | None:
        return self._kinds.get(path)

    def new_cookie_names(self) -> list[str]:
        with self._lock:
            first = self._cookies_set
            self._cookies_set += self.cookies_per_answer
        return [f"_vid{n}" for n in range(first, first + self.cookies_per_answer)]

    def first_visit(self, path: str) -> bool:
        with self._lock:
            first = path not in self._seen
            self._seen.add(path)
            return first

    def log(self, path: str) -> None:
        with self._lock:
            self.requests.append((time.monotonic(), path))

    def start(self) -> HostileServer:
        hostile = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
        # The trap answers on another host name of this machine: off-site for a crawl of 127.0.0.1.
        trap = ThreadingHTTPServer(("127.0.0.1", 0), _Trap)
        trap.hits = []  # type: ignore[attr-defined]
        hostile.hostile = self  # type: ignore[attr-defined]
        for server in (hostile, trap):
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
        self._servers = [hostile, trap]
        self.base_url = f"http://127.0.0.1:{hostile.server_address[1]}"
        self.trap_url = f"http://localhost:{trap.server_address[1]}"
        self.router = Router(self.site, get_theme("jagat"), self.base_url)
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
