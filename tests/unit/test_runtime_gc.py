"""The garbage-collector tuning of a crawl (crawler/runtime.py): set when the spider opens, undone when
the engine stops, off at 0."""

from __future__ import annotations

import gc

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.runtime import GarbageCollection
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
