"""Scrapy's HTTP/1.1 download handler with a bound on a response's headers.

``DOWNLOAD_MAXSIZE`` bounds a response's body; nothing bounded its headers: Twisted's parser keeps every
header line it is sent, as does a header folded over any number of continuation lines. A server that
answered with 200 MB of header lines before its body took a crawl to 544 MB of RSS for that one response
(the download timeout ends it after 30 s, time enough for gigabytes on a fast link). Real servers send a
few kilobytes; ``BoundedHeadersDownloadHandler`` (``DOWNLOAD_HANDLERS`` for http and https) gives up on a
response whose status line and headers pass ``WARTA_MAX_HEADER_BYTES``: the download fails like a lost
connection (``HeadersTooLarge`` inside Twisted's ``ResponseFailed``), is retried as one, and is counted as
``warta/bad_response/headers_too_large``; an article lost so fails the run.

It reaches into Scrapy 2.19's HTTP/1.1 handler (its connection pool's protocol factory and the lenient
response parser it swaps in), which only replaces the parser's class: this does the same with a subclass.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
    _LenientHTTPClientParser,
)


class HeadersTooLarge(Exception):
    """A response's status line and headers passed ``WARTA_MAX_HEADER_BYTES``."""


class _BoundedHeadersParser(_LenientHTTPClientParser):
    """Scrapy's lenient response parser, counting the bytes of the lines it reads (the status line and
    the headers: the body is read raw, not by lines)."""

    max_header_bytes = 0
    header_bytes = 0

    def lineReceived(self, line: bytes) -> None:
        self.header_bytes += len(line) + 1
        if 0 < self.max_header_bytes < self.header_bytes:
            raise HeadersTooLarge(f"response headers over {self.max_header_bytes} bytes")
        super().lineReceived(line)


class _BoundedHeadersProtocol(_LenientHTTP11ClientProtocol):
    max_header_bytes = 0

    def request(self, request: Any) -> Any:
        answer = super().request(request)
        parser = self._parser  # made by the request, before any byte of the response arrives
        assert parser is not None
        parser.__class__ = _BoundedHeadersParser
        parser.max_header_bytes = self.max_header_bytes
        return answer


class _BoundedHeadersFactory(_LenientHTTP11ClientFactory):
    def __init__(self, quiescentCallback: Any, metadata: Any, *, max_header_bytes: int) -> None:
        super().__init__(quiescentCallback, metadata)
        self.max_header_bytes = max_header_bytes

    def buildProtocol(self, addr: Any) -> _BoundedHeadersProtocol:
        protocol = _BoundedHeadersProtocol(self._quiescentCallback)
        protocol.max_header_bytes = self.max_header_bytes
        return protocol


class BoundedHeadersDownloadHandler(HTTP11DownloadHandler):
    """``HTTP11DownloadHandler`` whose responses may hold at most ``WARTA_MAX_HEADER_BYTES`` of status
    line and headers (0: no bound)."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        limit = crawler.settings.getint("WARTA_MAX_HEADER_BYTES")
        if limit > 0:  # the pool calls its factory with (quiescentCallback, metadata)
            self._pool._factory = partial(_BoundedHeadersFactory, max_header_bytes=limit)
