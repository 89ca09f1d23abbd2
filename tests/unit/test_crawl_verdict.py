"""The ``crawl`` command's verdict: what it reads after the crawl, besides the monitors."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from crawler.commands.crawl import verdict


def _crawler(stats: dict) -> object:
    crawler = get_crawler(settings_dict={"WARTA_MONITOR_FINISH_REASONS": ["finished"]})
    crawler.stats.open_spider()
    for key, value in {"finish_reason": "finished", **stats}.items():
        crawler.stats.set_value(key, value)
    return crawler


def test_a_finished_run_with_every_monitor_passing_has_no_problem():
    assert verdict(_crawler({"feedexport/success_count/FileFeedStorage": 1})) == []


def test_a_feed_storage_that_failed_fails_the_run():
    """Scrapy's feed exporter logs a storage failure (a full disk, a refused upload) and goes on."""
    problems = verdict(_crawler({"feedexport/failed_count/FileFeedStorage": 1}))
    assert problems == ["feed exports failed to store: FileFeedStorage 1"]
