"""Process-level tuning of a crawl: how often Python's cyclic garbage collector runs, and a stats
collector without Scrapy's per-access wrapper.

A crawl allocates and frees millions of short-lived containers (requests, responses, parsed pages, items),
so with Python's default (a collection every 700 net allocations) the collector ran ~2,500 times in a
10k-article crawl of the demo portal, each pass walking the crawl's long-lived objects (pending requests,
caches, the near-duplicate index): about 2.2 s of 45 s of CPU, ~5%. :class:`GarbageCollection` raises
the first generation's threshold to ``WARTA_GC_THRESHOLD`` (5000: ~0.2 s, the same cycles collected) and
moves what start-up built (modules, settings, profiles) out of the collector's reach (``gc.freeze``) once
the spider opens; both are undone when the engine stops. Reference counting still frees everything that
is not in a cycle at once; a cycle waits at most for the next collection of its generation.

:class:`PlainStatsCollector` (``STATS_CLASS``): Scrapy 2.19's stats collector reads every attribute of
itself through a Python ``__getattribute__`` that wraps its methods to warn about a deprecated ``spider``
argument (and tries, and fails, to find a cached wrapper for every plain attribute), some 2-3 µs a call,
a few dozen calls a page: ~1% of a crawl's CPU. Warta's code never passes ``spider``.
"""

from __future__ import annotations

import gc

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import MemoryStatsCollector


class GarbageCollection:
    """Fewer, larger collections of the cyclic garbage collector while a crawl runs."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.before: tuple[int, int, int] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GarbageCollection:
        threshold = crawler.settings.getint("WARTA_GC_THRESHOLD")
        if threshold <= 0:
            raise NotConfigured  # Python's own thresholds
        tuning = cls(threshold)
        crawler.signals.connect(tuning.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(tuning.engine_stopped, signal=signals.engine_stopped)
        return tuning

    def spider_opened(self) -> None:
        if self.before is None:
            self.before = gc.get_threshold()
            gc.set_threshold(self.threshold, *self.before[1:])
            gc.freeze()

    def engine_stopped(self) -> None:
        if self.before is not None:
            gc.unfreeze()
            gc.set_threshold(*self.before)
            self.before = None


class PlainStatsCollector(MemoryStatsCollector):
    """Scrapy's ``MemoryStatsCollector`` with plain attribute access: the same stats, the same methods,
    without the deprecation wrapper around each call (a ``spider=`` argument is accepted and ignored, as
    Scrapy's methods do, but not warned about)."""

    __getattribute__ = object.__getattribute__
