"""Compatibility layer for scrapy-redis 0.9.1 on Scrapy 2.19: five known facts, one small fix each.

1. Seeds are read only when the spider first goes idle. scrapy-redis' spiders pull their Redis seeds from
   ``start_requests()``, which Scrapy 2.13+ no longer calls (it calls ``start()``), so the first seeds wait
   for the first ``spider_idle``. Fix: ``middleware.SharedCrawl.process_start`` reads the seed queue at once.
2. With ``SCHEDULER_PERSIST=False`` the first worker to close wipes the shared queue and fingerprints for
   all. Fix: ``SharedScheduler`` never flushes on its own; only the last live worker out clears the crawl.
   ``SCHEDULER_PERSIST=True`` keeps the meaning "leave the crawl in Redis for a later resume".
3. A worker can quit while others still have work (the shared queue is empty for a moment while another
   worker is still parsing pages that will add requests). Fix: ``middleware.SharedCrawl`` keeps an idle worker
   open while the crawl holds work anywhere, queued, leased, seeded or with a busy worker, in one atomic
   look (``quiet``), and closes at the first look that finds none (or after ``WARTA_REDIS_IDLE_CONFIRM``).
4. The scheduler passes a deprecated ``spider=`` argument to the stats collector, a
   ``ScrapyDeprecationWarning`` on every request. Fix: ``SpiderlessStats`` drops that argument. Its
   ``open`` also calls the deprecated ``Spider.log()`` when it joins a crawl in progress, so
   ``SharedScheduler.open`` builds queue and dupefilter itself and logs through ``logging``.
5. When the scheduler hands out nothing but then reports pending requests, Scrapy's engine asks it again
   only on its 5 s heartbeat. A shared queue another worker fills between a worker's empty pop and that
   check (a crawl's start: the seeder queues its sitemaps' articles) left the worker waiting 5 s for its
   first request in 2 of 11 rounds of ``bench/scale.py``. Fix: ``SharedScheduler.has_pending_requests``,
   finding requests queued, asks the engine to look again within ``WARTA_REDIS_IDLE_POLL`` seconds
   (``SharedRun.look_again``, the idle worker's own poke).
"""

from __future__ import annotations

import itertools
import logging
from collections import deque
from typing import Any

from redis.exceptions import RedisError
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.spiders import Spider
from scrapy.statscollectors import StatsCollector
from scrapy.utils.misc import load_object
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from crawler.commands.crawl import FAILURE_STAT
from crawler.distributed.leases import in_flight, release
from crawler.distributed.queue import LeasedLifoPriorityQueue, LifoPriorityQueue
from crawler.distributed.run import SharedRun, shared_run

logger = logging.getLogger(__name__)

# Requests a worker yielded pushed to Redis at most this many a script (a sitemap yields thousands).
PUSH_BATCH = 500


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
    """The scrapy-redis scheduler, joined to the worker table (fact 2) and quiet on stats (fact 4); its
    requests are leased (``queue.LeasedLifoPriorityQueue``) and it rides out a Redis outage: while the link
    is down it hands out nothing and keeps the requests the spider yields in memory, in order, until Redis
    is back (``flush``); the article state is reconciled with the worker's journal before it joins."""

    run: SharedRun
    crawler: Crawler
    one_step: bool  # dupefilter, queue and pop in one round trip (``_push_outgoing``)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        run = shared_run(crawler)
        scheduler = super().from_crawler(crawler)  # reads scrapy-redis' settings, checks Redis answers
        scheduler.server.close()
        scheduler.server = run.server  # one guarded connection for the whole worker
        scheduler.stats = SpiderlessStats(crawler.stats)
        scheduler.run = run
        scheduler.crawler = crawler
        # Fact 2: an individual worker never flushes on close; ``close`` decides who may.
        scheduler.persist = True
        scheduler.waiting = deque()  # (request, passed the dupefilter) while Redis cannot take them
        # One-step push: (request, fingerprint or None, encoded) until the worker's next pop or flush.
        scheduler.outgoing = deque()
        scheduler.joined = False
        scheduler.one_step = False
        run.scheduler = scheduler
        return scheduler

    def open(self, spider: Spider) -> None:
        self.spider = spider
        if not self._reconcile_state():
            return  # the middleware closes the spider once it is open (``SharedCrawl.spider_opened``)
        # The first live worker of a new crawl clears what a crashed crawl may have left behind.
        leftovers = [] if self.run.keep_queue else self.run.keys.crawl_scoped()
        others = self.run.registry.register(clear_when_alone=leftovers)
        self.joined = True
        self.queue = load_object(self.queue_cls)(
            server=self.server,
            spider=spider,
            key=self.queue_key % {"spider": spider.name},
            serializer=self.serializer,
        )
        if isinstance(self.queue, LeasedLifoPriorityQueue):
            self.queue.lease_to(self.run.registry.me, self.run.keys.leases)
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
            self.df.server.close()
            self.df.server = self.server
        # scrapy-redis' own fingerprint set, with our queue: both in one script (``_push_outgoing``). A
        # dupefilter of another kind (a Bloom filter, another ``request_seen``) keeps its own calls.
        self.one_step = (
            isinstance(self.queue, LifoPriorityQueue)
            and isinstance(self.df, RFPDupeFilter)
            and type(self.df).request_seen is RFPDupeFilter.request_seen
        )
        pending = len(self.queue)
        if pending:
            logger.info("joining a shared crawl with %d requests queued", pending)
        logger.info("worker %s joined the crawl (%d other live workers)", self.run.registry.me, others)

    def _reconcile_state(self) -> bool:
        """Before joining: the article state must hold this worker's records (``journal``), and no
        worker's records may be missing from a state Redis lost, or articles would be exported again.
        False when some are: the run fails with ``run.blocked`` as its root cause, before it crawls."""
        store = self.run.store
        if store is None:
            return True
        written, missing = store.reconcile()
        if written:
            self.stats.set_value("warta/distributed/journal_written_back", written)
        if missing:
            message = (
                f"the article state in Redis at {self.run.where} was lost (Redis restarted empty or "
                f"flushed) and is rebuilt from each worker's journal: this worker wrote back its {written} "
                f"articles; still missing the journals {', '.join(missing)}. Start a worker there once "
                f"(it writes its journal back), or accept that their articles may be exported again: "
                f"redis-cli -u {self.run.where} DEL {self.run.keys.journals}"
            )
            self.stats.set_value(FAILURE_STAT, message)
            logger.error(message)
            self.run.blocked = message
            return False
        return True

    # Requests --------------------------------------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        """Queue ``request`` in the shared queue. With the one-step push it is fingerprinted and encoded
        now (a request the queue cannot store fails here, alone) and waits in this worker until its next
        pop, or the next ``flush`` (every heartbeat, before any lease or seed lease ends), and goes with it:
        one round trip for all the requests a page yielded and the next pop. So the answer is True even
        for a request whose fingerprint turns out to be seen (logged as filtered when it is pushed), as
        for a request kept while Redis is down."""
        if self.one_step:
            fingerprint = None if request.dont_filter else self.df.request_fingerprint(request)
            self.outgoing.append((request, fingerprint, self.queue.encode(request)))
            return True
        if self.waiting or not self.run.link.up:
            self.waiting.append((request, False))
            return True
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
        except RedisError:
            self.waiting.append((request, False))
            return True
        try:
            self.queue.push(request)
        except RedisError:
            self.waiting.append((request, True))
            return True
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def _push_outgoing(self, *, pop: bool) -> tuple[int, Request | None]:
        """The outgoing requests through the dupefilter into the queue, in order, ``PUSH_BATCH`` a round
        trip, the last one with the pop when ``pop``: how many were queued, and the request popped. A batch
        that fails stays outgoing (queued wholly or not at all), the batches before it are gone."""
        queued_count = 0
        while True:
            batch = list(itertools.islice(self.outgoing, PUSH_BATCH))
            last = len(batch) == len(self.outgoing)
            entries = [(request.priority, fingerprint, encoded) for request, fingerprint, encoded in batch]
            queued, popped = self.queue.push_unseen(entries, self.df.key, pop=pop and last)
            for _ in batch:
                self.outgoing.popleft()
            for (request, _, _), pushed in zip(batch, queued, strict=True):
                if pushed:
                    self.stats.inc_value("scheduler/enqueued/redis")
                    queued_count += 1
                else:
                    self.df.log(request, self.spider)
            if last:
                return queued_count, popped

    def flush(self) -> int:
        """Push the requests yielded since the last pop (one-step push) or kept while Redis was down, in
        order; stops at the first that fails again. How many were queued."""
        if self.one_step:
            return self._push_outgoing(pop=False)[0] if self.outgoing else 0
        pushed = 0
        while self.waiting:
            request, checked = self.waiting[0]
            if not checked and not request.dont_filter and self.df.request_seen(request):
                self.waiting.popleft()
                continue
            self.waiting[0] = (request, True)
            self.queue.push(request)
            self.waiting.popleft()
            self.stats.inc_value("scheduler/enqueued/redis")
            pushed += 1
        return pushed

    def next_request(self) -> Request | None:
        if not self.joined or not self.run.link.up:
            return None
        try:
            if not self.outgoing:
                return super().next_request()
            request = self._push_outgoing(pop=True)[1]
        except RedisError:
            return None
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        if not self.joined:
            return False
        if self.waiting or self.outgoing or not self.run.link.up:
            return True
        try:
            queued = len(self) > 0
        except RedisError:
            return True
        if queued and self.run.look_again is not None:
            self.run.look_again()  # fact 5: else the engine asks for them only on its 5 s heartbeat
        return queued

    def give_back_unknown(self) -> int:
        """Requests Redis leased to this worker by a pop whose reply was lost go back to the queue."""
        if not self.joined or not isinstance(getattr(self, "queue", None), LeasedLifoPriorityQueue):
            return 0
        return self.queue.give_back_unknown()

    def settle(self) -> int:
        """End the leases of requests this worker has handled (called on its heartbeat). The requests they
        yielded are pushed first: a lease ends only once its request's requests are in the shared queue."""
        if not isinstance(getattr(self, "queue", None), LeasedLifoPriorityQueue) or not self.run.link.up:
            return 0
        self.flush()
        return self.queue.settle(in_flight(self.crawler))

    def close(self, reason: str) -> None:
        if not self.joined:
            return
        if not self.run.link.up or self.run.link.reset:
            # Nothing to give back to a Redis that is gone, or lost the crawl; when it is only gone, this
            # worker's entry goes stale and another worker puts back what it held.
            logger.warning("left the shared crawl without telling Redis at %s", self.run.where)
            return
        try:
            self.settle()
            registry = self.run.registry
            handed_back = release(self.server, self.run.keys, registry.me, registry.stale_after)
            if handed_back.requests or handed_back.seeds:
                logger.info(
                    "put %d requests and %d seeds back in the shared queue",
                    handed_back.requests,
                    handed_back.seeds,
                )
            crawl_keys = [] if self.run.keep_queue else self.run.keys.crawl_scoped()
            last_out = registry.leave(clear_when_last=crawl_keys)
        except RedisError as error:
            logger.warning("could not leave the shared crawl cleanly: %s", error)
            return
        if self.stats:
            self.stats.set_value("warta/distributed/last_out", last_out)
