"""The worker side of a shared crawl: seeds from Redis at start, a heartbeat, and a patient idle (the
shared article state is the store the add-on names in ``WARTA_ARTICLE_STORE``).

A spider middleware, so it sees the spider's own ``start()`` output: the one worker that claims the
seeding pushes those seeds to the Redis seed list, and every worker then reads that list immediately
(compat fact 1) and again whenever it goes idle. An idle worker stays open while another worker is busy
or the shared queue holds requests (compat fact 3).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.asyncio import CallLaterResult, call_later, create_looping_call

from crawler.distributed.run import shared_run

logger = logging.getLogger(__name__)


class SharedCrawl:
    """Seeds, heartbeat and the closing rule of one worker (settings ``WARTA_REDIS_*``)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.run = shared_run(crawler)
        # An idle worker moves this many seeds at once into the shared queue, which every worker takes from.
        self.batch = settings.getint("WARTA_REDIS_SEED_BATCH")
        # A busy worker takes seeds this few at a time: Scrapy reads start() only as fast as the worker
        # has room, so seeds held in one worker's start() would be out of the other workers' reach.
        concurrency = settings.getint("CONCURRENT_REQUESTS")
        self.start_batch = settings.getint("WARTA_REDIS_START_BATCH") or concurrency
        # False: crawl only what operators push to the seed list, never the spider's own start requests.
        self.own_seeds = settings.getbool("WARTA_REDIS_OWN_SEEDS")
        self.heartbeat_interval = settings.getfloat("WARTA_REDIS_HEARTBEAT")
        self.idle_confirm = settings.getfloat("WARTA_REDIS_IDLE_CONFIRM")
        self.poll_interval = settings.getfloat("WARTA_REDIS_IDLE_POLL")
        self._idle_since: float | None = None
        self._heartbeat: Any = None
        self._poke: CallLaterResult | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedCrawl:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """Push the spider's seeds if this worker is the crawl's seeder, then read the seed queue now,
        a few at a time, so the seeds stay shared until a worker has room for them."""
        seeds = self.run.seeds
        if self.own_seeds and seeds.claim_seeding():
            pushed = 0
            async for item_or_request in start:
                if isinstance(item_or_request, Request) and seeds.push(item_or_request):
                    pushed += 1
                else:
                    yield item_or_request  # an item, or a request JSON cannot carry: handle it here
            logger.info("pushed %d seeds to %s", pushed, seeds.key)
        while requests := seeds.pop(self.crawler.spider, max(1, self.start_batch)):
            for request in requests:
                yield request

    def spider_opened(self) -> None:
        self._heartbeat = create_looping_call(self._beat)
        self._heartbeat.start(self.heartbeat_interval, now=True)

    def _beat(self) -> None:
        engine = self.crawler.engine
        try:
            busy = engine is not None and engine.spider is not None and not engine.spider_is_idle()
            self.run.registry.report(busy=busy)
        except Exception:  # a Redis hiccup must not kill the heartbeat loop
            logger.warning("worker heartbeat failed", exc_info=True)

    def spider_idle(self) -> None:
        """Close only when seeds, queue and every live worker have been idle for ``idle_confirm``."""
        requests = self.run.seeds.pop(self.crawler.spider, self.batch)
        if requests:
            self._idle_since = None
            for request in requests:
                self.crawler.engine.crawl(request)
            raise DontCloseSpider
        self.run.registry.report(busy=False)
        if self._queue_length() > 0 or self.run.registry.any_other_busy():
            self._idle_since = None
            self._poke_soon()
            raise DontCloseSpider
        now = time.monotonic()
        if self._idle_since is None:
            self._idle_since = now
        if now - self._idle_since < self.idle_confirm:
            self._poke_soon()
            raise DontCloseSpider
        logger.info("shared crawl finished: queue empty and every worker idle")

    def _queue_length(self) -> int:
        key = self.run.keys.requests
        kind = self.run.server.type(key)
        kind = kind.decode() if isinstance(kind, bytes) else kind
        if kind == "zset":
            return int(self.run.server.zcard(key))
        if kind == "list":
            return int(self.run.server.llen(key))
        return 0

    def _poke_soon(self) -> None:
        """Look at the shared queue again in ``poll_interval`` s instead of the engine's 5 s heartbeat.

        Uses the engine's private slot; if a later Scrapy drops it, the 5 s heartbeat still works.
        """
        if self._poke is not None:
            self._poke.cancel()
        self._poke = call_later(self.poll_interval, self._wake_engine)

    def _wake_engine(self) -> None:
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()

    def spider_closed(self) -> None:
        if self._poke is not None:
            self._poke.cancel()
        if self._heartbeat is not None and self._heartbeat.running:
            self._heartbeat.stop()
