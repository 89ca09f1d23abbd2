"""The garbage-collector tuning of a crawl (crawler/runtime.py): set when the spider opens, undone when
the engine stops, off at 0; and the plain stats collector."""

from __future__ import annotations

import gc

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.runtime import M_MMAP_THRESHOLD, GarbageCollection, HeapTrim, PlainStatsCollector, malloc_trim
from spiders.portals import JagatbisnisSpider


def test_the_threshold_holds_while_the_crawl_runs_and_python_s_comes_back():
    before = gc.get_threshold()
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_GC_THRESHOLD": 4321})
    tuning = GarbageCollection.from_crawler(crawler)
    tuning.spider_opened()
    try:
        assert gc.get_threshold() == (4321, *before[1:])
        assert gc.get_freeze_count() > 0  # start-up objects out of the collector's passes
    finally:
        tuning.engine_stopped()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_zero_keeps_python_s_collector():
    with pytest.raises(NotConfigured):
        GarbageCollection.from_crawler(get_crawler(JagatbisnisSpider, {"WARTA_GC_THRESHOLD": 0}))


def test_the_exit_collection_is_skipped_by_one_exit_handler_and_only_at_exit(monkeypatch):
    import crawler.runtime as runtime

    registered: list[object] = []
    monkeypatch.setattr(runtime.atexit, "register", registered.append)
    monkeypatch.setattr(runtime, "_exit_freeze_registered", False)
    runtime.skip_exit_collection()
    runtime.skip_exit_collection()
    assert registered == [gc.freeze]
    assert gc.get_freeze_count() == 0  # this process keeps its collector until it exits


def test_the_plain_stats_collector_keeps_the_same_stats():
    """``STATS_CLASS``: Scrapy's memory stats collector without its per-call wrapper, the same values."""
    crawler = get_crawler(JagatbisnisSpider)
    plain, scrapy_s = PlainStatsCollector(crawler), MemoryStatsCollector(crawler)
    for stats in (plain, scrapy_s):
        stats.inc_value("a")
        stats.inc_value("a", 2)
        stats.set_value("b", "x")
        stats.max_value("c", 3)
        stats.max_value("c", 1)
        stats.min_value("d", 3)
        stats.min_value("d", 1)
    assert plain.get_stats() == scrapy_s.get_stats() == {"a": 3, "b": "x", "c": 3, "d": 1}
    assert plain.get_value("a") == 3 and plain.get_value("missing", 7) == 7


def test_the_heap_is_trimmed_while_the_crawl_runs_and_not_after():
    """``HeapTrim`` calls ``malloc_trim`` at its interval between the spider's opening and the engine's
    stop; off at 0 (with the mmap threshold off too) or without glibc."""
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_HEAP_TRIM_INTERVAL": 10})
    if malloc_trim() is None:
        pytest.skip("this C library has no malloc_trim")
    heap = HeapTrim.from_crawler(crawler)
    calls: list[int] = []
    heap.trim = calls.append
    heap.release()
    assert calls == [0]
    with pytest.raises(NotConfigured):
        HeapTrim.from_crawler(
            get_crawler(JagatbisnisSpider, {"WARTA_HEAP_TRIM_INTERVAL": 0, "WARTA_MMAP_THRESHOLD": 0})
        )


def test_the_mmap_threshold_is_fixed_once_when_the_spider_opens():
    """``WARTA_MMAP_THRESHOLD``: large blocks keep their own mappings (glibc's threshold stops rising);
    set once, at the spider's opening; the trim alone when it is 0, nothing when both are off."""
    if malloc_trim() is None:
        pytest.skip("this C library has no mallopt")
    settings = {"WARTA_HEAP_TRIM_INTERVAL": 0, "WARTA_MMAP_THRESHOLD": 131072}
    heap = HeapTrim.from_crawler(get_crawler(JagatbisnisSpider, settings))
    options: list[tuple[int, int]] = []
    heap.set_option = lambda name, value: options.append((name, value))
    heap.spider_opened()
    heap.spider_opened()
    assert options == [(M_MMAP_THRESHOLD, 131072)] and heap.loop is None
    trim_only = HeapTrim.from_crawler(
        get_crawler(JagatbisnisSpider, {"WARTA_HEAP_TRIM_INTERVAL": 10, "WARTA_MMAP_THRESHOLD": 0})
    )
    assert trim_only.set_option is None and trim_only.trim is not None
    with pytest.raises(NotConfigured):
        HeapTrim.from_crawler(
            get_crawler(JagatbisnisSpider, {"WARTA_HEAP_TRIM_INTERVAL": 0, "WARTA_MMAP_THRESHOLD": 0})
        )
