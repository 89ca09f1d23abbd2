"""The console's start line and its progress line, for Warta's portal spiders.

At open: ``Crawling <spider>: <what> -> <export>`` (the portal's base URL, one article's URL or a backfill
window, and where the articles go). Every ``WARTA_PROGRESS_INTERVAL`` seconds (0: never):
``crawler.monitoring.report.progress_line`` (pages, rate, exported, dropped, errors, elapsed). Independent of
the monitors, so a run with them switched off still shows progress. A command that only looks at pages
(``scrapy parse``, ``check``, ``fetch``, ``shell``: ``crawler/runmode.py``) prints neither.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.extensions.feedexport import FeedExporter
from scrapy.spiders import Spider
from scrapy.utils.asyncio import create_looping_call

from crawler.exports.delivery import DELIVERED_STAT
from crawler.monitoring.extension import is_portal_spider, local_path
from crawler.monitoring.report import progress_line
from crawler.runmode import records_run

logger = logging.getLogger(__name__)


def crawl_target(spider: Spider) -> str:
    """What the spider crawls, in words: one article, a backfill window, or the portal's base URL."""
    single = getattr(spider, "single_url", None)
    if single:
        return f"one article, {single}"
    base = spider.profile.base_url
    window = getattr(spider, "window", None)
    if window:
        return f"{base}, backfill {window.start.isoformat()} to {window.end.isoformat()}"
    return base


def export_targets(crawler: Crawler) -> list[str]:
    """The run's feeds: local files as absolute paths, other storages as their URI."""
    feeds = crawler.get_extension(FeedExporter)
    targets = []
    for slot in getattr(feeds, "slots", []):
        path = local_path(str(slot.uri))
        targets.append(str(path.resolve()) if path is not None else str(slot.uri))
    return targets


class ConsoleProgress:
    """Start line and periodic progress line of a portal spider's run."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self._loop: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConsoleProgress:
        if not records_run(crawler.settings):
            raise NotConfigured
        interval = crawler.settings.getfloat("WARTA_PROGRESS_INTERVAL")
        if interval < 0:
            raise ValueError(f"WARTA_PROGRESS_INTERVAL must be 0 or more seconds, got {interval}")
        progress = cls(crawler, interval)
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        return progress

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        if not is_portal_spider(spider):
            return
        exports = ", ".join(export_targets(self.crawler)) or "no feed"
        logger.info("Crawling %s: %s -> %s", spider.name, crawl_target(spider), exports)
        if self.interval > 0:
            self._loop = create_looping_call(self.log_progress)
            self._loop.start(self.interval, now=False)

    def log_progress(self) -> None:
        stats = self.crawler.stats.get_stats()
        # Articles the feeds took (crawler/exports/delivery.py), not those merely scraped.
        exported = int(stats.get(DELIVERED_STAT, stats.get("item_scraped_count", 0)))
        logger.info(progress_line(stats, exported, time.monotonic() - self.started))

    def spider_closed(self, spider: Spider) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
