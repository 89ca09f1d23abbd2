"""The feed callback: a feed is read and remembered; what is no feed (an error page served with 200, a
CDN's HTML challenge) is counted, logged and asked for again next run, never taken for an empty feed."""

from __future__ import annotations

import asyncio
from pathlib import Path

from scrapy import Request
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler.state.component import ArticleState
from spiders.portals import JagatbisnisSpider

FEED = "https://jagatbisnis.com/feed/"
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>JagatBisnis</title>
<item><link>https://jagatbisnis.com/2023/03/15/a/</link>
<pubDate>Wed, 15 Mar 2023 10:00:00 +0700</pubDate></item>
</channel></rss>"""


def _spider(tmp_path: Path):
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_DATA_DIR": str(tmp_path), "WARTA_RECORD_RUN": False})
    spider = crawler._create_spider()
    state = ArticleState.from_crawler(crawler)  # an empty state kept in memory
    return crawler, spider, state


def test_a_feed_gives_its_articles_and_is_remembered_as_read(tmp_path: Path) -> None:
    crawler, spider, state = _spider(tmp_path)
    requests = list(spider.parse_feed(XmlResponse(FEED, body=RSS)))
    assert [r.url for r in requests] == ["https://jagatbisnis.com/2023/03/15/a/"]
    assert state.store.page_age(FEED) is not None
    assert crawler.stats.get_value("warta/discovery/bad_feed") is None
    state.close()


def test_an_error_page_where_the_feed_should_be_is_counted_and_asked_for_again(tmp_path: Path) -> None:
    crawler, spider, state = _spider(tmp_path)
    challenge = b"<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>"
    assert list(spider.parse_feed(HtmlResponse(FEED, body=challenge))) == []
    assert crawler.stats.get_value("warta/discovery/bad_feed") == 1
    assert state.store.page_age(FEED) is None  # not remembered as read: the next run asks again
    state.close()


def _failure(url: str) -> Failure:
    failure = Failure(TimeoutError("took longer than 30.0 seconds"))
    failure.request = Request(url)  # type: ignore[attr-defined]  # as Scrapy hands it to an errback
    return failure


async def _collect(spider) -> list[Request]:
    return [request async for request in spider.start()]


def test_a_feed_or_listing_that_failed_is_counted_and_named_in_the_report(tmp_path: Path) -> None:
    crawler, spider, state = _spider(tmp_path)
    starts = asyncio.run(_collect(spider))
    feeds = [r for r in starts if r.callback == spider.parse_feed]
    listings = [r for r in starts if r.callback == spider.parse_listing]
    assert feeds and all(r.errback == spider.feed_failed for r in feeds)
    assert listings and all(r.errback == spider.listing_failed for r in listings)
    spider.feed_failed(_failure(feeds[0].url))
    spider.listing_failed(_failure(listings[0].url))
    stats = crawler.stats.get_stats()
    assert (stats["warta/discovery/feed_failed"], stats["warta/discovery/listing_failed"]) == (1, 1)
    assert state.store.page_age(feeds[0].url) is None  # asked for again next run
    state.close()


def test_discovery_counts_the_article_urls_it_finds_from_none(tmp_path: Path) -> None:
    """What the verdict reads to tell a run whose sources named no article (a redesign) from one that read
    no source: 0 once discovery starts, then every article URL a source names."""
    crawler, spider, state = _spider(tmp_path)
    asyncio.run(_collect(spider))
    assert crawler.stats.get_value("warta/discovery/article_urls") == 0
    list(spider.parse_feed(XmlResponse(FEED, body=RSS)))
    assert crawler.stats.get_value("warta/discovery/article_urls") == 1
    state.close()


def test_a_worker_of_a_shared_crawl_does_not_claim_that_discovery_found_nothing(tmp_path: Path) -> None:
    """Its sources are read by whichever worker takes them: its own count proves nothing."""
    crawler = get_crawler(
        JagatbisnisSpider,
        {"WARTA_DATA_DIR": str(tmp_path), "WARTA_RECORD_RUN": False, "REDIS_URL": "redis://127.0.0.1:9/0"},
    )
    spider = crawler._create_spider()
    asyncio.run(_collect(spider))
    assert crawler.stats.get_value("warta/discovery/article_urls") is None
