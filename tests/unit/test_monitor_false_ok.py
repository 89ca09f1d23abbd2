"""Issue 12 items 8 and 9: the monitors that keep a broken run from reading "OK".

``items_exported`` counts only articles exported by earlier runs (once each), never a URL merely fetched
before such as a 404; ``spider_exception_rate`` fails a run whose pages raise; ``discovery_rejected``
fails a run in which most of a sitemap's or feed's articles fail the profile's article pattern.
"""

from __future__ import annotations

from scrapy.settings import Settings

from crawler import settings as project_settings
from crawler.monitoring.checks import Thresholds, failed, run_checks
from crawler.monitoring.tally import ItemTally

LIMITS = Thresholds.from_settings(Settings({k: getattr(project_settings, k) for k in dir(project_settings)}))


def _failed(stats: dict) -> set[str]:
    stats = {"finish_reason": "finished", "downloader/response_count": 400, **stats}
    return {c.name for c in failed(run_checks(stats, ItemTally(), LIMITS))}


def test_a_404_linked_from_every_listing_page_is_no_known_article() -> None:
    """324 pages raised, nothing exported; one dead link was skipped 32 times as "known"."""
    assert "items_exported" in _failed({"warta/incremental/skipped_known": 32})


def test_articles_exported_before_count_as_found() -> None:
    assert "items_exported" not in _failed({"warta/incremental/known_articles": 5})
    assert "items_exported" not in _failed({"warta/dropped/unchanged": 1})


def test_pages_that_raise_fail_the_run() -> None:
    raised = {"spider_exceptions/count": 324, "spider_exceptions/ValueError": 324}
    assert "spider_exception_rate" in _failed(raised)
    check = next(
        c
        for c in run_checks({"downloader/response_count": 400, **raised}, ItemTally(), LIMITS)
        if c.name == "spider_exception_rate"
    )
    assert check.value == 0.81 and check.detail == "324 of 400 responses raised in the spider"
    assert "spider_exception_rate" not in _failed({"spider_exceptions/count": 1})


def test_a_sitemap_mostly_rejected_fails_the_run() -> None:
    stats = {
        "warta/discovery/rejected/article_like": 5,
        "warta/discovery/rejected/worst_rate": 0.8333,
        "warta/discovery/rejected/worst_source": "http://x/sitemap.xml",
    }
    assert "discovery_rejected" in _failed(stats)
    assert "discovery_rejected" not in _failed({**stats, "warta/discovery/rejected/worst_rate": 0.5})
    assert "discovery_rejected" not in _failed({"warta/discovery/rejected/sitemap": 40})


def test_sitemaps_a_discovery_bound_left_unread_fail_the_run_and_listing_cuts_do_not():
    def verdict(stats: dict) -> bool:
        checks = run_checks(stats, ItemTally(), LIMITS, has_profile=False)
        return next(c for c in checks if c.name == "sitemaps_unread").ok

    assert verdict({"warta/discovery/cut/listing_stale": 3, "warta/discovery/cut/listing_pages": 1})
    assert not verdict({"warta/discovery/cut/sitemap_count": 182})
    assert not verdict({"warta/discovery/cut/sitemap_depth": 1})


def test_an_item_a_pipeline_raised_on_fails_the_run():
    assert "item_errors" in _failed({"warta/items/pipeline_errors": 1})
    assert "item_errors" not in _failed({})
