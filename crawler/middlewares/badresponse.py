"""Every bad response counted by reason: ``warta/bad_response/<reason>`` and the total ``warta/bad_response``.

``BadResponseStats`` sits next to the engine (order 45, below the offsite filter), so it sees what is left
once retries, redirects and decompression are done: the final 4xx/5xx status, an empty 200, and the
download errors that were not retried away (timeouts, a body over ``DOWNLOAD_MAXSIZE``, a connection cut
mid-body, offsite or non-HTTP requests). Two failures are raised from inside Scrapy's own
``process_response`` and never reach it, so the subclasses below count them where they happen: the
redirect loop and the decompression bomb. The redirect subclass also refuses redirects off the site (another
host, or another port of the portal's host: ``crawler.urls.same_site`` over the profile's origins) or to a
non-HTTP scheme, before a request is built.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotSupported,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.http import Request, Response
from scrapy.statscollectors import StatsCollector
from twisted.internet.error import ConnectionLost, DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.web._newclient import ResponseFailed

from crawler.download_handler import HeadersTooLarge
from crawler.middlewares.offsite import spider_site
from crawler.urls import join_url, same_site

PREFIX = "warta/bad_response"
WEB_SCHEMES = ("http", "https")


def count_bad(stats: StatsCollector | None, reason: str) -> None:
    """Count one bad response under its reason and in the total."""
    if stats is None:
        return
    stats.inc_value(f"{PREFIX}/{reason}")
    stats.inc_value(PREFIX)


def exception_reason(exc: BaseException) -> str:
    """A short, stable reason for a download failure."""
    if isinstance(exc, (DownloadTimeoutError, TimeoutError, TCPTimedOutError)):
        return "timeout"
    if isinstance(exc, DownloadCancelledError):
        return "too_large"  # the HTTP handler cancels only over DOWNLOAD_MAXSIZE (declared or received)
    if isinstance(exc, DownloadFailedError):  # Scrapy's wrapper of Twisted's ResponseFailed
        exc = exc.__cause__ or exc
    if isinstance(exc, ResponseFailed) and any(r.check(HeadersTooLarge) for r in exc.reasons):
        return "headers_too_large"
    if isinstance(exc, (ResponseDataLossError, ResponseFailed, ConnectionLost, DownloadFailedError)):
        return "connection_lost"
    if isinstance(exc, DNSLookupError):
        return "dns"
    if isinstance(exc, (UnsupportedURLSchemeError, NotSupported)):
        return "bad_scheme"
    if isinstance(exc, IgnoreRequest):
        message = str(exc).lower()
        if "offsite" in message:
            return "offsite"
        if "robots.txt" in message:
            return "robots_disallowed"
        return "ignored"
    return f"exception/{type(exc).__name__}"


class BadResponseStats:
    """Counts final bad statuses, empty 200s and download errors (downloader middleware, order 45)."""

    def __init__(self, stats: StatsCollector | None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> BadResponseStats:
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        if response.status >= 400:
            count_bad(self.stats, f"http_{response.status}")
        elif response.status == 200 and (not response.body or response.body.isspace()):
            count_bad(self.stats, "empty_body")
        return response

    def process_exception(self, request: Request, exception: BaseException, spider: Any = None) -> None:
        count_bad(self.stats, exception_reason(exception))


class CountedRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, minus those that leave the site or the web, with loops counted.

    A redirect off the site (another host or port), to ``file:``/``javascript:``… or to a URL that cannot be
    read (``http://[x/``, where ``urljoin`` raises) is not followed: the 3xx response goes on to the spider
    middlewares, which ignore non-2xx pages, and the reason is counted.
    """

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Any:
        location = response.headers.get(b"Location")
        if location is not None and 300 <= response.status < 400:
            target = join_url(request.url, location.decode("latin-1").strip())
            if target is None:
                count_bad(self.crawler.stats, "redirect_bad_location")
                return response
            scheme = urlsplit(target).scheme.lower()
            if scheme not in WEB_SCHEMES:
                count_bad(self.crawler.stats, "redirect_bad_scheme")
                return response
            spider = self.crawler.spider
            allowed = spider_site(spider) or getattr(spider, "allowed_domains", None)
            if allowed and not same_site(target, allowed):
                count_bad(self.crawler.stats, "redirect_offsite")
                return response
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            count_bad(self.crawler.stats, "redirect_loop")
            raise


class CountedHttpCompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression (bounded by ``DOWNLOAD_MAXSIZE``), with the bombs it refuses counted."""

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Any:
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            count_bad(self.stats, "decompression_bomb")
            raise
