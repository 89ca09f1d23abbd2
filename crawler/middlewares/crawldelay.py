"""robots.txt ``Crawl-delay``, which Scrapy's robots middleware reads but never applies.

When a host's robots.txt is parsed (Scrapy's ``robots_parsed`` signal) its ``Crawl-delay`` for our user
agent becomes the least delay of that host's download slot: the slot's delay is raised so that even its
random jitter never goes below it (``delay * (1 - jitter) >= Crawl-delay``), and it is raised again on
every request, since AutoThrottle lowers slot delays down to ``DOWNLOAD_DELAY``.
Capped at ``WARTA_CRAWL_DELAY_MAX`` seconds (counted) so a hostile robots.txt cannot stall a crawl.

The same signal names the host of a robots.txt read only in part (``robotstxt.BoundedRobotParser``):
counted as ``warta/robots/cut`` and logged once per host.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.http import Request

logger = logging.getLogger(__name__)


def least_slot_delay(crawl_delay: float, jitter: float) -> float:
    """The slot delay whose jittered value never drops below ``crawl_delay``."""
    return crawl_delay / (1 - jitter) if 0 < jitter < 1 else crawl_delay


class CrawlDelayMiddleware:
    """Applies each host's robots.txt ``Crawl-delay`` to its download slot (downloader middleware, 105)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.max_delay = crawler.settings.getfloat("WARTA_CRAWL_DELAY_MAX")
        self.user_agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get("USER_AGENT")
        self.delays: dict[str, float] = {}  # host -> its Crawl-delay
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlDelayMiddleware:
        return cls(crawler)

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        if (cut := getattr(robotparser, "cut", None)) is not None:
            self.crawler.stats.inc_value("warta/robots/cut")
            logger.warning(
                "robots.txt of %s is %d KiB: read its first %d KiB (WARTA_ROBOTSTXT_MAX_BYTES, RFC 9309's "
                "parsing limit), the rest ignored",
                urlsplit(request.url).netloc,
                cut[0] // 1024,
                cut[1] // 1024,
            )
        reader = getattr(robotparser, "crawl_delay", None)
        delay = reader(self.user_agent) if reader is not None else None
        if not delay or delay <= 0:
            return
        stats = self.crawler.stats
        if delay > self.max_delay:
            stats.inc_value("warta/robots/crawl_delay_capped")
            delay = self.max_delay
        host = urlsplit(request.url).hostname or ""
        self.delays[host] = float(delay)
        stats.max_value("warta/robots/crawl_delay", float(delay))
        self._apply(host)

    def process_request(self, request: Request, spider: Any = None) -> None:
        if not self.delays:  # the usual case, on every request: no robots.txt asked for a delay
            return
        host = urlsplit(request.url).hostname or ""
        if host in self.delays:
            self._apply(request.meta.get("download_slot", host))

    def _apply(self, key: str) -> None:
        downloader = getattr(getattr(self.crawler, "engine", None), "downloader", None)
        if downloader is None:
            return
        delay = self.delays.get(key)
        if delay is None:
            return
        slot = downloader.slots.get(key)
        if slot is None:  # not created yet: the slot is built from these settings
            downloader.per_slot_settings.setdefault(key, {})["delay"] = delay
            downloader.per_slot_settings[key]["jitter"] = 0.0
            return
        slot.delay = max(slot.delay, least_slot_delay(delay, slot.jitter))
