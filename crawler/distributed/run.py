"""One worker's handle on the shared crawl: the Redis connection and its link, the keys, the worker table,
the seeds.

The scheduler, the ``SharedCrawl`` middleware and the article store are built separately by Scrapy; all ask
``shared_run`` for the same per-crawler object, so they agree on the worker id and share one Redis
connection, whose outages one ``link.RedisLink`` tracks for all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from redis import Redis
from scrapy.crawler import Crawler

from crawler.distributed.keys import CrawlKeys
from crawler.distributed.link import RedisLink, RedisReset, guarded_client, plain_client, where
from crawler.distributed.seeds import SeedQueue
from crawler.distributed.workers import WorkerRegistry, worker_id

if TYPE_CHECKING:
    from crawler.distributed.articles import RedisArticleStore
    from crawler.distributed.compat import SharedScheduler


@dataclass
class SharedRun:
    """Everything one worker needs to take part in a shared crawl."""

    server: Redis
    keys: CrawlKeys
    registry: WorkerRegistry
    seeds: SeedQueue
    keep_queue: bool  # SCHEDULER_PERSIST: leave queue and fingerprints for a later resume
    link: RedisLink
    where: str  # the Redis URL, without credentials, for messages
    store: RedisArticleStore | None = None  # set when the article state is the Redis store
    scheduler: SharedScheduler | None = None  # set when the scheduler is the shared one
    blocked: str | None = None  # why this worker may not crawl (a lost state not rebuilt yet)
    # asks the engine to look at the shared queue again soon (set by ``middleware.SharedCrawl``)
    look_again: Callable[[], None] | None = None
    _probe_client: Any = field(default=None, repr=False)


_RUNS: WeakKeyDictionary[Crawler, SharedRun] = WeakKeyDictionary()


def shared_run(crawler: Crawler) -> SharedRun:
    """The per-crawler handle, created on first use."""
    run = _RUNS.get(crawler)
    if run is None:
        settings = crawler.settings
        server = guarded_client(settings)
        spider_name = crawler.spidercls.name
        keys = CrawlKeys(settings.get("WARTA_REDIS_PREFIX"), spider_name)
        registry = WorkerRegistry(
            server,
            keys.workers,
            worker_id(crawler),
            stale_after=settings.getfloat("WARTA_REDIS_WORKER_STALE_AFTER"),
            epoch_key=keys.epoch,
        )
        seeds = SeedQueue(server, keys.seeds, keys.seeded, crawler.stats, leases=keys.seed_leases)
        seeds.owner = registry.me
        holder: list[SharedRun] = []
        link = RedisLink(
            where(settings),
            outage_max=settings.getfloat("WARTA_REDIS_OUTAGE_MAX"),
            max_delay=settings.getfloat("WARTA_REDIS_RETRY_MAX_DELAY"),
            probe=lambda: _probe(holder[0], settings),
        )
        server.link = link  # type: ignore[attr-defined]
        keep = settings.getbool("SCHEDULER_PERSIST")
        run = SharedRun(server, keys, registry, seeds, keep, link, where(settings))
        holder.append(run)
        _RUNS[crawler] = run
    return run


def _probe(run: SharedRun, settings: Any) -> None:
    """Run in a thread while the link is down: raises while Redis is unreachable or lost the crawl."""
    if run._probe_client is None:
        run._probe_client = plain_client(settings)
    client = run._probe_client
    client.ping()
    epoch = run.registry.epoch
    if epoch is not None:
        found = client.get(run.keys.epoch)
        if (found.decode() if isinstance(found, bytes) else found) != epoch:
            raise RedisReset("the run epoch is gone: Redis was restarted empty or flushed")
