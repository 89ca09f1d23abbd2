"""Process-level tuning of a crawl: how often Python's cyclic garbage collector runs (and not at exit),
freed heap memory given back to the system, a stats collector without Scrapy's per-access wrapper, and
memory figures that are the crawl's own.

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

:class:`HeapTrim`: memory the crawl frees in the middle of glibc's heap stays resident until something
is allocated there again. Arrays that grow as the crawl goes on (the near-duplicate band table, re-made
a little larger every 1024 articles; the signature sketches) leave holes their larger successors do not
fit, so the heap grows by what is freed: ~95 of the ~200 bytes of RSS the post-extraction path gained per
article from 16k to 40k articles, none of it Python objects (tracemalloc saw 0). ``malloc_trim`` hands
the free pages back (~0.2 ms a call) every ``WARTA_HEAP_TRIM_INTERVAL`` seconds; that path then gained
~108 bytes an article, what the band table and sketches hold. Off where the C library has no
``malloc_trim`` (musl, macOS).

It also fixes glibc's mmap threshold at ``WARTA_MMAP_THRESHOLD`` bytes (128 KiB, glibc's starting value)
once the spider opens. glibc raises that threshold to the size of every mmapped block freed, up to 32 MB,
so the growing arrays (band table, seen keys, sketches; 0.1-1 MB each at 50k articles, re-made larger as
the crawl goes on) moved from their own mappings, unmapped exactly when freed, into the heap, where the
holes they leave stay resident between trims. Fixed (50k-article runs of ``bench/crawl_speed.py``): peak
RSS 135.8-137.8 MB against 140.5-142.0, the RSS samples' scatter around the slope 0.54-0.82 MB against
0.70-0.90; the slope from 10k on (0.187-0.213 against 0.179-0.225) within one run's noise. A 1,000-article
crawl made 1,614 mmap calls against 1,532 (and 1,417 brk against 243, the heap's top given back sooner):
a few microseconds an article. Off at 0, and where the C library has no ``mallopt``.

:class:`PlainStatsCollector` (``STATS_CLASS``): Scrapy 2.19's stats collector reads every attribute of
itself through a Python ``__getattribute__`` that wraps its methods to warn about a deprecated ``spider``
argument (and tries, and fails, to find a cached wrapper for every plain attribute), some 2-3 µs a call,
a few dozen calls a page: ~1% of a crawl's CPU. Warta's code never passes ``spider``.

:class:`OwnMemoryUsage` (in the place of Scrapy's ``MemoryUsage``): Scrapy's reads the peak RSS from
``getrusage``'s ``ru_maxrss``, which Linux keeps across ``exec``: a crawl started by a process that once
held 400 MB (a test runner, a scheduler, a notebook) reports ``memusage/max`` of at least 400 MB from its
first check, and ``MEMUSAGE_LIMIT_MB`` below that stops it before it fetched anything. ``VmHWM`` in
``/proc/self/status`` is the same peak counted for this program only, from its start.
"""

from __future__ import annotations

import atexit
import ctypes
import gc
import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.extensions.memusage import MemoryUsage
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.asyncio import create_looping_call

from crawler.peak_memory import own_peak_rss

logger = logging.getLogger(__name__)


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


def _libc(name: str) -> Any | None:
    """A function of the C library (the process's own symbols hold it), or None where it has none."""
    try:
        return getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None


def malloc_trim() -> Any | None:
    """glibc's ``malloc_trim``, or None without it (musl, macOS)."""
    return _libc("malloc_trim")


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number


def mallopt() -> Any | None:
    """glibc's ``mallopt``, or None without it."""
    return _libc("mallopt")


class HeapTrim:
    """Gives the heap's free pages back to the system at an interval while the crawl runs, and keeps
    large blocks in their own mappings (a fixed mmap threshold)."""

    def __init__(self, interval: float, trim: Any, mmap_threshold: int = 0, set_option: Any = None) -> None:
        self.interval = interval
        self.trim = trim
        self.mmap_threshold = mmap_threshold
        self.set_option = set_option
        self.loop: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HeapTrim:
        interval = crawler.settings.getfloat("WARTA_HEAP_TRIM_INTERVAL")
        threshold = crawler.settings.getint("WARTA_MMAP_THRESHOLD")
        trim = malloc_trim() if interval > 0 else None
        set_option = mallopt() if threshold > 0 else None
        if trim is None and set_option is None:
            raise NotConfigured  # off, or not glibc
        heap = cls(interval, trim, threshold, set_option)
        crawler.signals.connect(heap.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(heap.engine_stopped, signal=signals.engine_stopped)
        return heap

    def spider_opened(self) -> None:
        if self.set_option is not None:
            self.set_option(M_MMAP_THRESHOLD, self.mmap_threshold)  # for the rest of the process
            self.set_option = None
        if self.loop is None and self.trim is not None:
            self.loop = create_looping_call(self.release)
            self.loop.start(self.interval, now=False)

    def release(self) -> None:
        self.trim(0)

    def engine_stopped(self) -> None:
        if self.loop is not None:
            if self.loop.running:
                self.loop.stop()
            self.loop = None


class PlainStatsCollector(MemoryStatsCollector):
    """Scrapy's ``MemoryStatsCollector`` with plain attribute access: the same stats, the same methods,
    without the deprecation wrapper around each call (a ``spider=`` argument is accepted and ignored, as
    Scrapy's methods do, but not warned about)."""

    __getattribute__ = object.__getattribute__


class OwnMemoryUsage(MemoryUsage):
    """Scrapy's memory-usage extension (``memusage/*`` stats, ``MEMUSAGE_LIMIT_MB``, ``MEMUSAGE_WARNING_MB``)
    measuring the crawl's own peak memory: Linux's ``VmHWM`` where the system has it, Scrapy's figure
    elsewhere (macOS resets its peak at ``exec``), and once more as the spider closes."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        # the peak so far is exact whenever it is read: once more at the close, the run's whole peak
        # lands in ``memusage/max`` (and the run report) however long the check interval
        crawler.signals.connect(self.update, signal=signals.spider_closed)

    def get_virtual_size(self) -> int:
        own = own_peak_rss()
        return own if own is not None else super().get_virtual_size()
