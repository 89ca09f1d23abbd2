"""HTTP server for the demo portal on 127.0.0.1, usable from the CLI and as a context manager in tests.

Per-instance behaviours live here: one article answers 500 on its first request, one sleeps
``slow_delay`` seconds; every request can be logged as a JSON line (method, path, status).

Options for later scenarios: ``now`` sets the site's clock (``advance``/``set_now`` or
``POST /__demo__/clock?advance=SECONDS`` move it: new posts appear, edits land, one post is re-published
under a new slug), ``deny`` answers every request with that status (a WAF that blocks the crawler),
``hostile`` adds crawl traps (endless calendar, ``?replytocom=`` variants, soft 404s whose relative link
grows the path) and answers every ``THROTTLE_EVERY``-th request with 429 and ``Retry-After``.
"""

from __future__ import annotations

import gzip
import json
import sys
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .routes import HTML, Response, Router
from .site import DEFAULT_SEED, Site, build_site
from .themes import get_theme

_COMPRESSIBLE = ("text/", "application/xml", "application/rss+xml")
# How the tests and benches crawl this server: it is our own, on loopback, so no politeness delay; and
# they read the crawl's counters from Scrapy's stats dump, which the quiet console writes only when asked.
CRAWL_FLAGS = (
    *("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"),
    *("-s", "LOG_LEVEL=INFO", "-s", "STATS_DUMP=True"),
)
CLOCK_PATH = "/__demo__/clock"
THROTTLE_EVERY = 9
# nginx's default gzip_comp_level. Python's default, 9, took 0.19 ms of the portal's CPU a page against
# 0.10 ms (rendering the page: 0.16 ms), CPU a crawl on the same machine then does not get.
GZIP_LEVEL = 1
# Connections the kernel holds for the portal before its thread accepts them (``_PortalHTTPServer``).
LISTEN_BACKLOG = 511


class _Handler(BaseHTTPRequestHandler):
    server_version = "nginx"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY on every accepted socket: headers and body go out as two writes, and on a kept-alive
    # connection Nagle's algorithm held the body back until the client's delayed ACK (~40 ms a request),
    # so every crawl of the portal measured that wait, not the crawler.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args) -> None:
        """Silence the default stderr log; the JSON request log replaces it."""

    def _answer(self, send_body: bool) -> None:
        demo: DemoServer = self.server.demo  # type: ignore[attr-defined]
        try:
            response = demo.respond(self.path)
        except Exception as exc:  # a bug in a page must not kill the server
            response = Response(500, HTML, f"<h1>500</h1><p>{type(exc).__name__}</p>".encode())
        body = response.body
        if (
            body
            and len(body) > 1024
            and "gzip" in self.headers.get("Accept-Encoding", "")
            and response.content_type.startswith(_COMPRESSIBLE)
        ):
            body = demo.compressed(body)
            response.headers["Content-Encoding"] = "gzip"
        # Logged before answering, so a client that has its answer also finds it in the log.
        demo.log_request_line(self.command, self.path, response.status)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        for k, v in response.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer(True)

    def do_POST(self) -> None:
        """Only the clock control answers POST; anything else is 405, as on a static WordPress page."""
        demo: DemoServer = self.server.demo  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        form = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        target = urlsplit(self.path)
        if target.path != CLOCK_PATH:
            status, body = 405, b""
        else:
            status, body = demo.clock_request(target.query + "&" + form)
        demo.log_request_line("POST", self.path, status)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self) -> None:
        self._answer(False)


class _PortalHTTPServer(ThreadingHTTPServer):
    """A crawler that hangs up mid-answer (a worker killed, a timeout, a crawl closing) is routine for a
    web server: it is not logged as an error, so a crawl's output keeps only what the crawl said."""

    daemon_threads = True
    # The listen backlog: nginx's default on Linux. Python's default, 5, overflowed whenever two crawlers
    # opened their connections at once (a shared crawl's workers), while the accepting thread waited for
    # the GIL: the kernel dropped the SYNs beyond it and each client tried again after its 1 s SYN timeout,
    # so a crawl of the portal measured a second's wait on some connections, not the crawler.
    request_queue_size = LISTEN_BACKLOG

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipe, ConnectionReset, ...
            return
        super().handle_error(request, client_address)


class DemoServer:
    """The portal on a free port of 127.0.0.1, served from a background thread.

    ``with DemoServer() as srv: srv.base_url``
    """

    def __init__(
        self,
        theme: str = "jagat",
        slow_delay: float = 2.0,
        request_log: str | Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        seed: int = DEFAULT_SEED,
        site: Site | None = None,
        now: datetime | None = None,
        deny: int | None = None,
        hostile: bool = False,
        portal: str = "jagatbisnis",
        split_pages: bool = False,
    ) -> None:
        self.theme = get_theme(theme)
        self.slow_delay = slow_delay
        self.request_log = Path(request_log) if request_log else None
        self.host, self.port = host, port
        self.site = site or build_site(seed, portal=portal, split_pages=split_pages)
        if now is not None:
            self.site = self.site.at(now)
        self.deny = deny
        self.hostile = hostile
        self.theme.hostile = hostile
        self._served = 0
        self.requests: list[dict] = []
        self._failed_once: set[str] = set()
        self._delayed: set[int] = set()  # handler threads whose current request was delayed
        self._lock = threading.Lock()
        self._httpd: _PortalHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._router: Router | None = None
        self.base_url = ""

    # ----- behaviour ---------------------------------------------------------------------------------
    def respond(self, target: str) -> Response:
        if self.deny:
            return Response(self.deny, HTML, b"<html><body><h1>Access denied</h1></body></html>")
        if self.hostile:
            with self._lock:
                self._served += 1
                throttled = self._served % THROTTLE_EVERY == 0
            if throttled:
                return Response(429, HTML, b"<h1>429 Too Many Requests</h1>", {"Retry-After": "1"})
        path = urlsplit(target).path
        if path == self.site.flaky_path:
            with self._lock:
                first = path not in self._failed_once
                self._failed_once.add(path)
            if first:
                return Response(500, HTML, b"<h1>500 Internal Server Error</h1>")
        if path == self.site.slow_path and self.slow_delay > 0:
            time.sleep(self.slow_delay)
            self._delayed.add(threading.get_ident())
        with self._lock:
            router = self._router
        assert router is not None
        return router.resolve(target)

    def compressed(self, body: bytes) -> bytes:
        """``body`` gzipped as nginx sends it (a subclass may keep what it compressed)."""
        return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)

    # ----- clock -------------------------------------------------------------------------------------
    def set_now(self, now: datetime) -> None:
        """Move the site's clock: later posts appear or vanish, edits land; pages and truth follow."""
        site = self.site.at(now)
        with self._lock:
            self.site = site
            if self.base_url:
                self._router = Router(site, self.theme, self.base_url)

    def advance(self, delta: timedelta | float) -> None:
        """Move the clock forward by ``delta`` (seconds or a timedelta)."""
        if not isinstance(delta, timedelta):
            delta = timedelta(seconds=delta)
        self.set_now(self.site.now + delta)

    def clock_request(self, query: str) -> tuple[int, bytes]:
        """``advance=SECONDS`` or ``now=ISO`` from the HTTP control; answers the new clock as JSON."""
        params = parse_qs(query)
        try:
            if "now" in params:
                when = datetime.fromisoformat(params["now"][0])
                if when.tzinfo is None:
                    raise ValueError("now needs a UTC offset")
                self.set_now(when)
            elif "advance" in params:
                self.advance(float(params["advance"][0]))
        except ValueError as exc:
            return 400, json.dumps({"error": str(exc)}).encode()
        body = {"now": self.site.now.isoformat(timespec="seconds"), "articles": len(self.site.articles)}
        return 200, json.dumps(body).encode()

    def log_request_line(self, method: str, path: str, status: int) -> None:
        entry: dict = {"method": method, "path": path, "status": status}
        with self._lock:
            if threading.get_ident() in self._delayed:
                self._delayed.discard(threading.get_ident())
                entry["delayed"] = self.slow_delay
            self.requests.append(entry)
            if self.request_log:
                with self.request_log.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps(entry) + "\n")

    # ----- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> DemoServer:
        httpd = _PortalHTTPServer((self.host, self.port), _Handler)
        httpd.demo = self  # type: ignore[attr-defined]
        self._httpd = httpd
        host, port = httpd.server_address[:2]
        self.port = port
        self.base_url = f"http://{host}:{port}"
        self._router = Router(self.site, self.theme, self.base_url)
        self._thread = threading.Thread(target=httpd.serve_forever, name="demoportal", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
