"""Compatibility layer for scrapy-redis 0.9.1 on Scrapy 2.19: four known facts, one small fix each.

1. Seeds are read only when the spider first goes idle. scrapy-redis' spiders pull their Redis seeds from
   ``start_requests()``, which Scrapy 2.13+ no longer calls (it calls ``start()``), so the first seeds wait
   for the first ``spider_idle``. Fix: ``crawl.SharedCrawl.process_start`` reads the seed queue at once.
2. With ``SCHEDULER_PERSIST=False`` the first worker to close wipes the shared queue and fingerprints for
   all. Fix: ``SharedScheduler`` never flushes on its own; only the last live worker out clears the crawl.
   ``SCHEDULER_PERSIST=True`` keeps the meaning "leave the crawl in Redis for a later resume".
3. A worker can quit while others still have work (the shared queue is empty for a moment while another
   worker is still parsing pages that will add requests). Fix: ``crawl.SharedCrawl`` keeps an idle worker
   open while any live worker is busy or the queue holds requests, and closes only after everything has
   been idle for ``WARTA_REDIS_IDLE_CONFIRM`` seconds.
4. The scheduler passes a deprecated ``spider=`` argument to the stats collector, a
   ``ScrapyDeprecationWarning`` on every request. Fix: ``SpiderlessStats`` drops that argument. Its
   ``open`` also calls the deprecated ``Spider.log()`` when it joins a crawl in progress, so
   ``SharedScheduler.open`` builds queue and dupefilter itself and logs through ``logging``.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.spiders import Spider
from scrapy.statscollectors import StatsCollector
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler

from crawler.distributed.run import SharedRun, shared_run

logger = logging.getLogger(__name__)


class SpiderlessStats:
    """Fact 4: the stats collector, minus the deprecated ``spider=`` keyword scrapy-redis still passes."""

    def __init__(self, stats: StatsCollector) -> None:
        self._stats = stats

    def inc_value(self, key: str, count: int = 1, start: int = 0, spider: Any = None) -> None:
        self._stats.inc_value(key, count, start)

    def set_value(self, key: str, value: Any, spider: Any = None) -> None:
        self._stats.set_value(key, value)

    def get_value(self, key: str, default: Any = None, spider: Any = None) -> Any:
        return self._stats.get_value(key, default)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stats, name)


class SharedScheduler(Scheduler):
    """The scrapy-redis scheduler, joined to the worker table (fact 2) and quiet on stats (fact 4)."""

    run: SharedRun

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        scheduler = super().from_crawler(crawler)
        scheduler.stats = SpiderlessStats(crawler.stats)
        scheduler.run = shared_run(crawler)
        # Fact 2: an individual worker never flushes on close; ``close`` decides who may.
        scheduler.persist = True
        return scheduler

    def open(self, spider: Spider) -> None:
        # The first live worker of a new crawl clears what a crashed crawl may have left behind.
        leftovers = [] if self.run.keep_queue else self.run.keys.crawl_scoped()
        others = self.run.registry.register(clear_when_alone=leftovers)
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server,
            spider=spider,
            key=self.queue_key % {"spider": spider.name},
            serializer=self.serializer,
        )
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        pending = len(self.queue)
        if pending:
            logger.info("joining a shared crawl with %d requests queued", pending)
        logger.info("worker %s joined the crawl (%d other live workers)", self.run.registry.me, others)

    def close(self, reason: str) -> None:
        crawl_keys = [] if self.run.keep_queue else self.run.keys.crawl_scoped()
        last_out = self.run.registry.leave(clear_when_last=crawl_keys)
        if self.stats:
            self.stats.set_value("warta/distributed/last_out", last_out)
