"""Process-level tuning of a crawl: how often Python's cyclic garbage collector runs.

A crawl allocates and frees millions of short-lived containers (requests, responses, parsed pages, items),
so with Python's default (a collection every 700 net allocations) the collector ran ~2,500 times in a
10k-article crawl of the demo portal, each pass walking the crawl's long-lived objects (pending requests,
caches, the near-duplicate index): about 2.2 s of 45 s of CPU, ~5%. :class:`GarbageCollection` raises
the first generation's threshold to ``WARTA_GC_THRESHOLD`` (5000: ~0.2 s, the same cycles collected) and
moves what start-up built (modules, settings, profiles) out of the collector's reach (``gc.freeze``) once
the spider opens; both are undone when the engine stops. Reference counting still frees everything that
is not in a cycle at once; a cycle waits at most for the next collection of its generation.

At exit, Python's finalization runs the collector over the whole heap once more: ~0.2 s of CPU after a
2,000-article crawl, a third of a worker's close, only to find cycles the ending process would give back
anyway. ``skip_exit_collection`` (registered by ``scrapy crawl``, ``crawler/commands/crawl.py``) freezes
the heap as the last exit handler: everything not in a cycle is still freed, and its files flushed and
closed, by reference counting; garbage cycles are left to the operating system.
"""

from __future__ import annotations

import atexit
import gc

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


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


def skip_exit_collection() -> None:
    """Register, once, the heap's freeze at interpreter exit (see the module docstring): an exit handler,
    so a caller that runs the command in its own process (a test) keeps its collector until it exits."""
    global _exit_freeze_registered
    if not _exit_freeze_registered:
        _exit_freeze_registered = True
        atexit.register(gc.freeze)


_exit_freeze_registered = False
