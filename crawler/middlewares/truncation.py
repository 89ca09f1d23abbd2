"""HTML cut short with a matching ``Content-Length`` (a crashed upstream, a full disk, a proxy that gave up).

The download looks complete, so Scrapy passes it on; read as an article it exports part of the body,
under the page's own ``rel=canonical``, and the whole page fetched later is then dropped as a copy. A page
that opens ``<html>`` or ``<body>`` but closes neither is retried like a 5xx (``RETRY_TIMES``); if it
stays cut it is handed on as a plain (non-text) response, which the spider skips and counts, instead of
becoming a partial article. Counted as ``warta/bad_response/truncated_html``.
"""

from __future__ import annotations

import re
from typing import Any

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import HtmlResponse, Request, Response

from crawler.middlewares.badresponse import count_bad

TAIL_BYTES = 4096
_OPENS = re.compile(rb"<(html|body)[\s>]", re.IGNORECASE)
_CLOSES = re.compile(rb"</(html|body)\s*>", re.IGNORECASE)


def is_truncated_html(body: bytes) -> bool:
    """True when the page opens ``<html>``/``<body>`` and closes neither. The close is looked for in the
    last few kilobytes first; real pages also put kilobytes of scripts after ``</html>``, so only a page
    whose tail holds no close pays for a search of the whole body."""
    if not _OPENS.search(body[: TAIL_BYTES * 4]) or _CLOSES.search(body[-TAIL_BYTES:]):
        return False
    return not _CLOSES.search(body)


class TruncatedHtmlMiddleware:
    """Retries, then refuses, HTML that stops before its end (downloader middleware, order 565)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> TruncatedHtmlMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Any:
        if response.status != 200 or not isinstance(response, HtmlResponse):
            return response
        if not is_truncated_html(response.body):
            return response
        count_bad(self.crawler.stats, "truncated_html")
        retry = get_retry_request(request, spider=self.crawler.spider, reason="truncated_html")
        if retry is not None:
            return retry
        return Response(
            response.url,
            status=response.status,
            headers=response.headers,
            body=response.body,
            flags=[*response.flags, "truncated"],
            request=response.request,
        )
