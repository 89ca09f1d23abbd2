"""The worker side of a shared crawl: seeds from Redis at start, a heartbeat, a patient idle, and what
the worker does when Redis goes away (the shared article state is the store the add-on names in
``WARTA_ARTICLE_STORE``).

A spider middleware, so it sees the spider's own ``start()`` output: the one worker that claims the
seeding pushes those seeds to the Redis seed list, and every worker then reads that list immediately
(compat fact 1) and again whenever it goes idle. An idle worker stays open while the crawl holds work
anywhere: a seed, a queued or leased request, a busy worker (``quiet``, compat fact 3); it looks again
every ``WARTA_REDIS_IDLE_POLL`` seconds.

The heartbeat also ends the leases of handled requests, gives a dead worker's work back to the crawl
(``leases.reap``) and notices a reset (the run epoch gone). It listens to the Redis link
(``link.RedisLink``): an outage pauses the engine; Redis back resumes it, after the requests and records
kept meanwhile are written; Redis gone for ``WARTA_REDIS_OUTAGE_MAX`` seconds, or reset, ends the run
with the root cause as its verdict (``FAILURE_STAT``, exit 3). Pages and items that failed on Redis while
it was away fail the run too, even when Redis came back: they are fetched by the next run.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from redis.exceptions import RedisError
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.utils.asyncio import CallLaterResult, call_later, create_looping_call
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import Deferred

from crawler.commands.crawl import FAILURE_STAT
from crawler.distributed.leases import reap
from crawler.distributed.link import WorkerReaped
from crawler.distributed.quiet import look
from crawler.distributed.run import shared_run
from crawler.distributed.workers import Heartbeat
from crawler.monitoring.checks import SHARED_EXPORTED_STAT

logger = logging.getLogger(__name__)

LOST_TO_REDIS_STAT = "warta/distributed/lost_to_redis"
# An idle worker that finds the crawl held open looks for leases of its own it does not know of at most
# this often (seconds): one HKEYS of each lease hash.
ORPHAN_CHECK_INTERVAL = 2.0


class SharedCrawl:
    """Seeds, heartbeat, the closing rule and the outage policy of one worker (settings ``WARTA_REDIS_*``)."""

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
        self._waiters: list[Deferred[bool]] = []
        # After an outage every other worker's heartbeat looks old: none is taken for dead before they had
        # WARTA_REDIS_WORKER_STALE_AFTER seconds to beat again.
        self._reap_after = float("-inf")
        self.failing = False
        self._orphans_after = float("-inf")
        self.run.link.listeners.append(self)
        self.run.look_again = self._poke_soon
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)
        crawler.signals.connect(self.item_error, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedCrawl:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """Push the spider's seeds if this worker is the crawl's seeder, then read the seed queue now,
        a few at a time, so the seeds stay shared until a worker has room for them."""
        seeds = self.run.seeds
        if self.own_seeds and await self._redis(seeds.claim_seeding):
            pushed = 0
            async for item_or_request in start:
                if isinstance(item_or_request, Request) and await self._redis(seeds.push, item_or_request):
                    pushed += 1
                else:
                    yield item_or_request  # an item, or a request JSON cannot carry: handle it here
            logger.info("pushed %d seeds to %s", pushed, seeds.key)
        while requests := await self._redis(seeds.pop, self.crawler.spider, max(1, self.start_batch)):
            for request in requests:
                yield request
            # The engine scheduled each request before asking for the next: pushed, they are in the queue.
            await self._redis(self._ack_seeds)

    def _ack_seeds(self) -> None:
        """End the leases of the seeds taken so far, once the requests the scheduler made of them are in
        the shared queue (it keeps a worker's requests until its next pop: ``SharedScheduler.flush``)."""
        if self.run.scheduler is not None:
            self.run.scheduler.flush()
        self.run.seeds.ack()

    async def _redis(self, call: Any, *args: Any) -> Any:
        """``call(*args)``, waiting out a Redis outage; None once the run is failing."""
        while not self.failing:
            try:
                return call(*args)
            except RedisError:
                if self.run.link.up and not self.failing:
                    raise  # not an outage (the link would be down): an error Scrapy reports
                if not await self._until_up():
                    return None
        return None

    async def _until_up(self) -> bool:
        """Wait until Redis is back (True) or the run is failing (False)."""
        if self.run.link.up and not self.failing:
            return True
        waiter: Deferred[bool] = Deferred()
        self._waiters.append(waiter)
        return bool(await maybe_deferred_to_future(waiter))

    def _wake_waiters(self, up: bool) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            waiter.callback(up)

    def spider_opened(self) -> None:
        if self.run.blocked:
            self.failing = True
            raise CloseSpider("redis_state_incomplete")
        self._heartbeat = create_looping_call(self._beat)
        self._heartbeat.start(self.heartbeat_interval, now=True)

    def _beat(self) -> None:
        if not self.run.link.up or self.failing:
            return  # the link is probing; nothing to tell Redis now
        engine = self.crawler.engine
        try:
            busy = engine is not None and engine.spider is not None and not engine.spider_is_idle()
            # the journal copies the crawl's list of journals before the beat acknowledges it: another
            # worker exports only once every live one's journal lists its own (``peers_know_journal``)
            if self.run.store is not None:
                self.run.store.sync_journals()
            beat = self.run.registry.report(busy=busy, journals=self._journal_ack())
            if beat is Heartbeat.RESET:
                self.run.link.reset_seen("the run epoch is gone")
                return
            if beat is Heartbeat.REAPED:
                self._reaped()
                return
            if self.run.scheduler is not None:
                self.run.scheduler.settle()
            self._reap()
        except RedisError as error:  # an outage is the link's business (it was told of it)
            if self.run.link.up:
                logger.warning("worker heartbeat failed: %s", error, exc_info=True)

    def _journal_ack(self) -> str:
        return self.run.store.journal_ack() if self.run.store is not None else "*"

    def _give_back_unknown(self) -> None:
        """Leases Redis holds under this worker's name from a call whose reply was lost (an outage) go
        back to the crawl (``leases.give_back_unknown``): the crawl would otherwise wait for them forever."""
        scheduler = self.run.scheduler
        given = scheduler.give_back_unknown() if scheduler is not None else 0
        given += self.run.seeds.give_back_unknown()
        if given:
            self.crawler.stats.inc_value("warta/distributed/lost_replies_given_back", given)
            logger.warning("gave back %d leases whose Redis reply was lost in an outage", given)

    def _reaped(self) -> None:
        self._fail(
            f"this worker was taken for dead (no heartbeat for {self.run.registry.stale_after:g} s) "
            "and its requests were given to other workers",
            "worker_reaped",
        )

    def _reap(self) -> None:
        registry = self.run.registry
        if time.monotonic() < self._reap_after:
            return
        reaped = reap(self.run.server, self.run.keys, registry.me, registry.stale_after)
        if reaped:
            stats = self.crawler.stats
            for name in ("workers", "requests", "seeds", "claims"):
                stats.inc_value(f"warta/distributed/reaped/{name}", getattr(reaped, name))
            logger.warning(
                "took over the work of %d dead worker(s): %d requests and %d seeds back in the queue, "
                "%d export claims freed",
                reaped.workers,
                reaped.requests,
                reaped.seeds,
                reaped.claims,
            )

    def spider_idle(self) -> None:
        """Close once the shared crawl is quiet (``quiet.look``: no seed, queued or leased request, no busy
        worker) and has stayed so for ``idle_confirm`` seconds (0 by default: the look is atomic)."""
        if not self.run.link.up or self.failing:
            raise DontCloseSpider
        try:
            requests = self.run.seeds.pop(self.crawler.spider, self.batch)
            if requests:
                self._idle_since = None
                for request in requests:
                    self.crawler.engine.crawl(request)
                self._ack_seeds()
                raise DontCloseSpider
            if self.run.registry.report(busy=False, journals=self._journal_ack()) is Heartbeat.RESET:
                self.run.link.reset_seen("the run epoch is gone")
                raise DontCloseSpider
            if self.run.scheduler is not None:
                self.run.scheduler.settle()
            self._reap()
            # Leased requests are still work: a live worker's are being handled, a dead worker's come back
            # to the queue once its heartbeat is old enough. One atomic look (``quiet``).
            registry = self.run.registry
            if not look(self.run.server, self.run.keys, registry.me, registry.stale_after).quiet:
                self._idle_since = None
                if time.monotonic() >= self._orphans_after:  # what holds the crawl open may be ours
                    self._orphans_after = time.monotonic() + ORPHAN_CHECK_INTERVAL
                    self._give_back_unknown()
                self._poke_soon()
                raise DontCloseSpider
        except RedisError:
            self._idle_since = None
            self._poke_soon()
            raise DontCloseSpider from None
        now = time.monotonic()
        if self._idle_since is None:
            self._idle_since = now
        if now - self._idle_since < self.idle_confirm:
            self._poke_soon()
            raise DontCloseSpider
        logger.info("shared crawl finished: queue empty and every worker idle")
        try:  # what the whole crawl delivered: a worker the others left nothing to do is not an empty run
            exported = int(self.run.server.scard(self.run.keys.recorded))
        except RedisError:
            return
        self.crawler.stats.set_value(SHARED_EXPORTED_STAT, exported)

    def _poke_soon(self) -> None:
        """Look at the shared queue again in ``poll_interval`` s instead of the engine's 5 s heartbeat (a
        look already on its way is not put off). The idle worker asks, and so does the scheduler when it
        has queued requests it did not hand out (``compat`` fact 5).

        Uses the engine's private slot; if a later Scrapy drops it, the 5 s heartbeat still works.
        """
        if self._poke is None:
            self._poke = call_later(self.poll_interval, self._wake_engine)

    def _wake_engine(self) -> None:
        self._poke = None
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()

    # The Redis link's events -------------------------------------------------------------------------

    def redis_down(self) -> None:
        self.crawler.stats.inc_value("warta/distributed/redis_outages")
        if self.crawler.engine is not None:
            self.crawler.engine.pause()

    def redis_up(self, seconds: float) -> None:
        self.crawler.stats.max_value("warta/distributed/redis_outage_seconds", round(seconds, 1))
        self._reap_after = time.monotonic() + self.run.registry.stale_after
        try:
            if self.run.scheduler is not None:
                self.run.scheduler.flush()
            self._give_back_unknown()
            if self.run.store is not None:
                self.run.store.replay(unsynced_only=True)
        except RedisError:  # down again: the link is probing once more
            return
        self._wake_waiters(True)
        if self.crawler.engine is not None:
            self.crawler.engine.unpause()
            self._wake_engine()

    def redis_gone(self, message: str) -> None:
        self._fail(message, "redis_unreachable")

    def redis_reset(self, detail: str) -> None:
        if self.crawler.engine is not None:
            self.crawler.engine.pause()
        written, missing = 0, []
        try:
            if self.run.store is not None:
                written, missing = self.run.store.reconcile()
        except RedisError as error:
            detail += f"; writing the journal back failed too ({error})"
        message = (
            f"Redis at {self.run.where} was reset while the crawl ran ({detail}): this worker wrote back "
            f"its {written} articles from its journal; the run is incomplete, the next run fetches what is "
            f"missing"
        )
        if missing:
            message += f" once the journals {', '.join(missing)} are written back (start a worker there)"
        self._fail(message, "redis_reset")

    def _fail(self, message: str, reason: str) -> None:
        """End this worker's run with ``message`` as its root cause (exit 3)."""
        if self.failing:
            return
        self.failing = True
        stats = self.crawler.stats
        if not stats.get_value(FAILURE_STAT):
            stats.set_value(FAILURE_STAT, message)
        logger.error("stopping this worker: %s", message)
        self._wake_waiters(False)
        self.run.link.stop()
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=reason))

    # Work lost to a Redis outage ---------------------------------------------------------------------

    def spider_error(self, failure: Any, response: Any = None, spider: Any = None) -> None:
        if failure.check(RedisError):
            self.crawler.stats.inc_value(LOST_TO_REDIS_STAT)

    def item_error(self, item: Any, response: Any = None, spider: Any = None, failure: Any = None) -> None:
        if failure is not None and failure.check(WorkerReaped):  # its page went back to the crawl
            self._reaped()
        elif failure is not None and failure.check(RedisError):
            self.crawler.stats.inc_value(LOST_TO_REDIS_STAT)

    def spider_closed(self) -> None:
        if self._poke is not None:
            self._poke.cancel()
        if self._heartbeat is not None and self._heartbeat.running:
            self._heartbeat.stop()
        self.run.link.stop()
        self._wake_waiters(False)
        stats = self.crawler.stats
        lost = stats.get_value(LOST_TO_REDIS_STAT)
        if lost and not stats.get_value(FAILURE_STAT):
            stats.set_value(
                FAILURE_STAT,
                f"{lost} pages or items failed while Redis at {self.run.where} was unreachable; the next run "
                f"fetches them",
            )
