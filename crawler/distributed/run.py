"""One worker's handle on the shared crawl: the Redis connection, the keys, the worker table, the seeds.

The scheduler and the ``SharedCrawl`` middleware are built separately by Scrapy; both ask ``shared_run``
for the same per-crawler object, so they agree on the worker id and share one Redis connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

from redis import Redis
from scrapy.crawler import Crawler
from scrapy_redis.connection import get_redis_from_settings

from crawler.distributed.keys import CrawlKeys
from crawler.distributed.seeds import SeedQueue
from crawler.distributed.workers import WorkerRegistry, worker_id


@dataclass
class SharedRun:
    """Everything one worker needs to take part in a shared crawl."""

    server: Redis
    keys: CrawlKeys
    registry: WorkerRegistry
    seeds: SeedQueue
    keep_queue: bool  # SCHEDULER_PERSIST: leave queue and fingerprints for a later resume


_RUNS: WeakKeyDictionary[Crawler, SharedRun] = WeakKeyDictionary()


def shared_run(crawler: Crawler) -> SharedRun:
    """The per-crawler handle, created on first use."""
    run = _RUNS.get(crawler)
    if run is None:
        settings = crawler.settings
        server = get_redis_from_settings(settings)
        spider_name = crawler.spidercls.name
        keys = CrawlKeys(settings.get("WARTA_REDIS_PREFIX"), spider_name)
        registry = WorkerRegistry(
            server,
            keys.workers,
            worker_id(crawler),
            stale_after=settings.getfloat("WARTA_REDIS_WORKER_STALE_AFTER"),
        )
        seeds = SeedQueue(server, keys.seeds, keys.seeded, crawler.stats)
        run = SharedRun(server, keys, registry, seeds, keep_queue=settings.getbool("SCHEDULER_PERSIST"))
        _RUNS[crawler] = run
    return run
