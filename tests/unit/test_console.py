"""The console in-process: one line per dropped item, Scrapy's chatter and stats dump held back unless the
run logs at DEBUG, the start line's words, and the root cause a failed start names."""

from __future__ import annotations

import logging

import pytest
from scrapy.exceptions import DropItem
from scrapy.settings import Settings
from scrapy.utils.log import logformatter_adapter
from scrapy.utils.misc import load_object
from scrapy.utils.test import get_crawler

from crawler.console import quiet
from crawler.console.logformat import OneLineLogFormatter
from crawler.console.progress import crawl_target
from crawler.console.root_cause import ErrorWatch, chain, describe, root_cause
from crawler.monitoring.report import progress_line
from spiders.portals import JagatbisnisSpider
from tests.unit.test_dedup_pipeline import STORY

URL = "https://jagatbisnis.com/2023/03/16/bi-naikkan-bunga/"


def _rendered(result: dict) -> tuple[int, str]:
    level, message, *args = logformatter_adapter(result)
    return level, message % args[0] if args else message


@pytest.fixture
def spider():
    crawler = get_crawler(JagatbisnisSpider)
    crawler.spider = crawler._create_spider()
    return crawler.spider


def test_a_dropped_item_is_one_line_with_its_url_and_reason_never_the_item(spider):
    item = {"url": URL, "canonicalUrl": URL, "articleBody": STORY + "\n\n" + STORY, "headline": "BI"}
    formatter = OneLineLogFormatter()
    level, line = _rendered(
        formatter.dropped(item, DropItem(f"unchanged: {URL}", log_level="INFO"), None, spider)
    )
    assert (level, line) == (logging.INFO, f"Dropped {URL}: unchanged")
    level, line = _rendered(
        formatter.dropped(item, DropItem(f"duplicate_body: {URL} repeats https://x/a\n"), None, spider)
    )
    assert level == logging.WARNING  # Scrapy's DEFAULT_DROPITEM_LOG_LEVEL when the drop names none
    assert line == f"Dropped {URL}: duplicate_body: {URL} repeats https://x/a"


def test_an_item_without_a_url_still_logs_one_line(spider):
    level, line = _rendered(OneLineLogFormatter().item_error(object(), ValueError("boom"), None, spider))
    assert (level, line) == (logging.ERROR, "Error processing ?")


@pytest.fixture
def restore_loggers():
    yield
    quiet.loud_loggers()


@pytest.mark.parametrize(
    ("logger", "message"),
    [
        ("scrapy.middleware", "Enabled %(componentname)ss:\n%(enabledlist)s"),
        ("scrapy.crawler", "Overridden settings:\n%(settings)s"),
        ("scrapy.extensions.logstats", "Crawled %(pages)d pages (at %(pagerate)d pages/min)"),
    ],
)
def test_scrapy_chatter_is_held_back_at_info_and_shown_at_debug(restore_loggers, caplog, logger, message):
    settings = Settings({"LOG_LEVEL": "INFO"})
    quiet.QuietConsole().update_settings(settings)
    assert settings.getbool("STATS_DUMP") is False
    caplog.set_level(logging.DEBUG)
    log = logging.getLogger(logger)
    args = {"componentname": "extension", "enabledlist": "[]", "settings": "{}", "pages": 1, "pagerate": 1}
    log.info(message, args)
    log.warning("Disabled %(clspath)s: %(eargs)s", {"clspath": "x", "eargs": "y"})  # warnings always pass
    assert [r.levelname for r in caplog.records] == ["WARNING"]

    caplog.clear()
    debug = Settings({"LOG_LEVEL": "DEBUG"})
    quiet.QuietConsole().update_settings(debug)
    assert debug.getbool("STATS_DUMP") is True
    log.info(message, args)
    assert len(caplog.records) == 1


def test_the_stats_dump_flag_on_the_command_line_wins(restore_loggers):
    settings = Settings({"LOG_LEVEL": "INFO"})
    settings.set("STATS_DUMP", True, priority="cmdline")
    quiet.QuietConsole().update_settings(settings)
    assert settings.getbool("STATS_DUMP") is True


def test_the_start_line_names_what_the_spider_crawls():
    crawler = get_crawler(JagatbisnisSpider)
    whole = crawler._create_spider(base_url="http://127.0.0.1:8000")
    assert crawl_target(whole) == "http://127.0.0.1:8000"
    backfill = get_crawler(JagatbisnisSpider)._create_spider(since="2023-01-01", until="2023-01-31")
    assert crawl_target(backfill) == "https://jagatbisnis.com, backfill 2023-01-01 to 2023-01-31"
    one = get_crawler(JagatbisnisSpider)._create_spider(url=URL)
    assert crawl_target(one) == f"one article, {URL}"


def test_the_progress_line_names_pages_rate_articles_errors_and_time():
    stats = {
        "downloader/response_count": 240,
        "warta/dropped": 3,
        "downloader/response_status_count/404": 2,
        "downloader/exception_type_count/twisted.internet.error.TimeoutError": 1,
    }
    assert progress_line(stats, 200, 120.0) == (
        "progress: 240 pages (120/min), 200 exported, 3 dropped, 3 errors, 120 s elapsed"
    )


def _failed_start() -> BaseException:
    """Scrapy raising about its own state while handling the real error, as its engine does when a
    component fails at open (the chain of a real failed start)."""
    try:
        try:
            raise ConnectionError("Error 111 connecting to 127.0.0.1:1. Connection refused.")
        except ConnectionError:
            load_object("not-a-path")  # raises ValueError inside scrapy/utils/misc.py
    except ValueError as follow_up:
        return follow_up
    raise AssertionError("load_object accepted a name without a dot")


def test_the_root_cause_is_the_error_scrapy_did_not_raise_about_itself():
    failure = _failed_start()
    assert isinstance(failure, ValueError)
    assert (
        describe(root_cause(failure))
        == "ConnectionError: Error 111 connecting to 127.0.0.1:1. Connection refused."
    )


def test_when_scrapy_raised_everything_the_innermost_error_is_named():
    try:
        try:
            load_object("first")
        except ValueError:
            load_object("second")
    except ValueError as exc:
        links = chain(exc)  # second's error, its cause inside Scrapy, first's error, its cause
        assert "'second'" in str(links[0]) and "'first'" in str(links[2])
        assert root_cause(exc) is links[-1] and len(links) == 4


def test_the_error_watch_names_the_cause_of_the_first_error_logged():
    with ErrorWatch() as errors:
        logging.getLogger("asyncio").error("Task exception was never retrieved", exc_info=_failed_start())
        logging.getLogger("scrapy.core.engine").error("a later error")
    assert errors.cause() == "ConnectionError: Error 111 connecting to 127.0.0.1:1. Connection refused."
    with ErrorWatch() as plain:
        logging.getLogger("crawler").error("cannot open %s:\n  %s", "state", "disk full")
    assert plain.cause() == "cannot open state: disk full"
    assert logging.getLogger().handlers.count(plain) == 0  # removed on exit


def test_a_quiet_run_never_builds_the_per_page_debug_records(restore_loggers, caplog):
    """The DEBUG records made for every response and item ("Crawled (200)", "Scraped from"): at INFO they
    are not even built; at DEBUG they are logged as Scrapy logs them."""
    quiet.QuietConsole().update_settings(Settings({"LOG_LEVEL": "INFO"}))
    for name in ("scrapy.core.engine", "scrapy.core.scraper"):
        assert not logging.getLogger(name).isEnabledFor(logging.DEBUG)
        assert logging.getLogger(name).isEnabledFor(logging.INFO)
    quiet.QuietConsole().update_settings(Settings({"LOG_LEVEL": "DEBUG"}))
    caplog.set_level(logging.DEBUG)
    logging.getLogger("scrapy.core.scraper").debug("Scraped from %(src)s", {"src": "<200 https://x.test/>"})
    assert [r.getMessage() for r in caplog.records] == ["Scraped from <200 https://x.test/>"]
