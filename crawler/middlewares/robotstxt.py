"""robots.txt read up to a parsing limit, as RFC 9309 (section 2.5) lets a crawler do.

Scrapy hands the whole robots.txt (up to ``DOWNLOAD_MAXSIZE``, 8 MB here) to Protego, and every request
to that host is then checked against every rule: ~1 µs a wildcard rule, so an 8 MB file of them cost
~4 s to parse, in the reactor, and ~100 ms a request, more than fetching and reading the page. The RFC
asks crawlers to parse at least 500 KiB; Google reads that much and ignores the rest. ``BoundedRobotParser``
(``ROBOTSTXT_PARSER``) does the same with ``WARTA_ROBOTSTXT_MAX_BYTES``: the file is cut after its last
whole line within the limit (a rule cut in half would say something else); the parser keeps what it cut
(``cut``), and ``crawldelay.CrawlDelayMiddleware``, which hears of every robots.txt parsed with its
request, counts it (``warta/robots/cut``) and logs it with the host. The first 500 KiB of rules cost at
most ~0.3 s to parse and ~10 ms a request, on a file no real site serves.
"""

from __future__ import annotations

from typing import Any

from scrapy.robotstxt import ProtegoRobotParser


def within_limit(body: bytes, limit: int) -> bytes:
    """``body`` up to its last line break within ``limit`` bytes (the whole of it when it fits; 0: no
    limit). A file whose first line alone is longer gives nothing: no line of it is read whole."""
    if limit <= 0 or len(body) <= limit:
        return body
    end = max(body.rfind(b"\n", 0, limit), body.rfind(b"\r", 0, limit))
    return body[: end + 1]


class BoundedRobotParser(ProtegoRobotParser):
    """Scrapy's Protego parser over the first ``WARTA_ROBOTSTXT_MAX_BYTES`` of the file; ``cut`` is
    (the file's size, the bytes read) when it was cut, else None."""

    cut: tuple[int, int] | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, robotstxt_body: bytes) -> BoundedRobotParser:
        limit = crawler.settings.getint("WARTA_ROBOTSTXT_MAX_BYTES") if crawler else 0
        read = within_limit(robotstxt_body, limit)
        parser = super().from_crawler(crawler, read)
        if len(read) < len(robotstxt_body):
            parser.cut = (len(robotstxt_body), len(read))
        return parser
