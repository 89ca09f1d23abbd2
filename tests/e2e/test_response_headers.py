"""A response's headers are bounded as its body is: real crawls against a server that answers an article
with megabytes of header lines (one at a time, or one header folded over thousands of lines) before its
page, and with the few kilobytes of headers real servers send."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from tests.conftest import read_jsonl, run_crawl

HEADER_LINES = {
    "lines": b"X-Trace: 0123456789abcdef0123456789abcdef\r\n",
    "folded": b"    0123456789abcdef0123456789abcdef continued\r\n",  # continuation lines of one header
}


class HeaderServer:
    """Serves one demo article whose answer carries ``header_bytes`` of extra header lines; 404 elsewhere.
    ``sent`` is how many bytes of the article's answer went out before the client went away."""

    def __init__(self, header_bytes: int, kind: str = "lines") -> None:
        self.header_bytes, self.kind = header_bytes, kind
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        from demoportal.routes import Router
        from demoportal.site import build_site
        from demoportal.themes import get_theme

        site = build_site()
        article = next(a for a in site.articles if a.path not in (site.seed_article.path, site.slow_path))
        self.path = article.path
        self.page = Router(site, get_theme("jagat"), self.base_url).resolve(self.path).body
        self.sent = 0
        self.finished = threading.Event()

    def _answer(self, conn: socket.socket) -> None:
        with conn, suppress(OSError):
            request = conn.recv(65536)
            if not request.startswith(f"GET {self.path} ".encode()):
                conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                return
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n"
            if self.kind == "folded":
                head += b"X-Folded: start\r\n"
            line = HEADER_LINES[self.kind]
            chunk = line * (65536 // len(line))
            conn.sendall(head)
            self.sent = len(head)
            while self.sent < self.header_bytes:
                conn.sendall(chunk)
                self.sent += len(chunk)
            conn.sendall(
                f"Content-Length: {len(self.page)}\r\nConnection: close\r\n\r\n".encode() + self.page
            )
            self.sent += len(self.page)
            self.finished.set()

    def _serve(self) -> None:
        with suppress(OSError):
            while True:
                conn, _ = self.listener.accept()
                threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    @contextmanager
    def running(self) -> Iterator[HeaderServer]:
        threading.Thread(target=self._serve, daemon=True).start()
        try:
            yield self
        finally:
            self.listener.close()


def crawl_article(server: HeaderServer, data_dir: Path) -> tuple[object, list[dict]]:
    out = data_dir / "out.jsonl"
    result = run_crawl(
        "jagatbisnis",
        "-a",
        f"base_url={server.base_url}",
        "-a",
        f"url={server.base_url}{server.path}",
        "-O",
        str(out),
        data_dir=data_dir,
        timeout=180,
    )
    return result, read_jsonl(out) if out.exists() else []


@pytest.mark.parametrize("kind", ["lines", "folded"])
def test_an_answer_with_megabytes_of_headers_is_given_up_counted_and_fails_the_run(tmp_path, kind):
    with HeaderServer(64 * 1024 * 1024, kind).running() as server:
        result, items = crawl_article(server, tmp_path)
        sent, finished = server.sent, server.finished.is_set()
    assert result.returncode == 3, result.stderr[-3000:]
    assert items == []
    assert "'warta/bad_response/headers_too_large': 1" in result.stderr
    assert f"first {server.base_url}{server.path}" in result.stderr.splitlines()[-1]
    # the crawler stopped reading near the 256 KiB bound: the server never got its 64 MB out (what it
    # sent is the bound plus what the kernel's socket buffers took, a few MB)
    assert not finished and sent < 32 * 1024 * 1024


def test_an_answer_with_the_headers_real_servers_send_is_read(tmp_path):
    with HeaderServer(24 * 1024).running() as server:
        result, items = crawl_article(server, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert [item["url"] for item in items] == [server.base_url + server.path]
    assert "headers_too_large" not in result.stderr
