"""The ``crawl`` command's verdict: what it reads after the crawl, besides the monitors."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from crawler.commands.crawl import verdict


def _crawler(stats: dict, **settings: object) -> object:
    crawler = get_crawler(settings_dict={"WARTA_MONITOR_FINISH_REASONS": ["finished"], **settings})
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


def test_items_lost_on_the_way_fail_the_run_with_the_monitors_off():
    """Turning the end-of-run monitors off turns off judgement (coverage, rates), not delivery: an item a
    pipeline raised on, or a row the sink could not write, still fails the run."""
    problems = verdict(_crawler({"warta/items/pipeline_errors": 2}))
    assert problems == ["2 items a pipeline raised on, never exported (see the log)"]
    problems = verdict(_crawler({"warta/sink/pending": 3, "warta/sink/last_error": "connection refused"}))
    waiting = "3 rows wait in the outbox for PostgreSQL (connection refused); the next run writes them"
    assert problems == [waiting]
    # The monitors judged (and listed it among their failures): said once.
    judged = {"warta/items/pipeline_errors": 2, "warta/monitors/failed": 1}
    assert verdict(_crawler({**judged, "warta/monitors/failed_names": "item_errors"})) == [
        "monitors failed: item_errors"
    ]


def test_articles_found_and_not_fetched_fail_the_run_with_the_monitors_off():
    """An article page that failed after the retries is one the user does not get: with the monitors off
    it still fails the run, unless ``WARTA_MONITOR_MAX_UNFETCHED_RATE`` accepts that many."""
    unfetched = {
        "warta/articles/failed": 2,
        "warta/articles/first_failed": "http://portal.test/2022/03/15/a/",
        "downloader/request_count": 100,
    }
    problems = verdict(_crawler(unfetched))
    assert problems == [
        "2 article pages failed after retries (100 requests), first http://portal.test/2022/03/15/a/: "
        "the next run asks again"
    ]
    assert verdict(_crawler(unfetched, WARTA_MONITOR_MAX_UNFETCHED_RATE=0.05)) == []


def test_articles_the_schema_refused_fail_the_run():
    """With ``WARTA_VALIDATE_SCHEMA`` on, an article whose line the schema refuses is dropped, not
    exported: found and not delivered, so the run fails and names the first one."""
    refused = {
        "warta/dropped/schema_invalid": 1,
        "warta/schema/first_invalid": "http://portal.test/a/: 'headline' is a required property",
    }
    assert verdict(_crawler(refused)) == [
        "1 articles failed the JSON Schema and were not exported (WARTA_VALIDATE_SCHEMA), first "
        "http://portal.test/a/: 'headline' is a required property: a bug to report; the next run fetches them"
        " again"
    ]


def test_a_profile_pattern_past_its_time_bound_fails_the_run_naming_the_profile_as_the_cause():
    """Scrapy counts a callback's exception by its class: each listing, sitemap or article a runaway
    profile pattern ended is a page the user does not get, on every run until the profile is mended."""
    problems = verdict(_crawler({"spider_exceptions/count": 2, "spider_exceptions/PatternTimeout": 2}))
    assert problems == [
        "2 pages were left unread because a profile pattern backtracked past its time bound (the log names "
        "the pattern and the text): mend the profile"
    ]


def test_a_crawl_stopped_before_it_closed_says_so_and_how_to_resume():
    """A second Ctrl-C forces Scrapy's unclean shutdown: the spider never closes, so no finish reason is
    set. The last line said ``finish reason None``, which names no cause; it says what happened and what
    the next run does (the records of the exported articles are committed at exit: ``pipelines/dedup.py``)."""
    problems = verdict(_crawler({"finish_reason": None}))
    assert len(problems) == 1
    assert problems[0].startswith("the crawl was stopped before it could close (a second Ctrl-C or SIGTERM")
    assert "None" not in problems[0]
    assert problems[0].endswith("the articles exported so far are recorded, the next run exports the rest")
