"""The spider's article callback: stats it keeps about what the page said."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from spiders.portals import JagatbisnisSpider
from tests.callbacks import drain

PAGE = """<html lang="id"><head><title>Harga Cabai Naik Jelang Ramadan - JagatBisnis</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Harga Cabai Naik Jelang Ramadan", "datePublished": "2023-03-10T09:15:00+07:00"}</script>
</head><body><article class="jb-post"><h1 class="jb-post__title">Harga Cabai Naik Jelang Ramadan</h1>
<span class="jb-post__date">Rabu, 15 Maret 2023 09:15 WIB</span>
<div class="jb-post__content">
<p>JagatBisnis.com – Harga cabai rawit di sejumlah pasar tradisional di Jakarta naik hingga Rp 80.000 per
kilogram menjelang bulan Ramadan, menurut pantauan pedagang di Pasar Induk Kramat Jati.</p>
<p>Kepala Dinas Ketahanan Pangan mengatakan pasokan dari sentra produksi di Jawa Tengah berkurang karena
curah hujan yang tinggi dalam dua pekan terakhir. (pia)</p>
</div></article></body></html>"""


def _crawl_one(url: str, body: str, tmp_path) -> tuple[list, object]:
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_DATA_DIR": str(tmp_path)})
    crawler.stats.open_spider()
    spider = crawler._create_spider()
    crawler.spider = spider
    response = HtmlResponse(url, body=body.encode("utf-8"), encoding="utf-8", request=Request(url))
    out = drain(spider.parse_article(response))
    return out, crawler.stats


def test_date_sources_days_apart_are_counted(tmp_path):
    url = "https://jagatbisnis.com/2023/03/15/harga-cabai-naik-jelang-ramadan/"
    (item,), stats = _crawl_one(url, PAGE, tmp_path)
    # the line readers see (and the permalink) win over a JSON-LD value five days away
    assert item["datePublished"] == "2023-03-15T09:15:00+07:00"
    assert item["dateDisagreements"] >= 1
    assert stats.get_value("warta/dates/sources_disagree") == 1


def test_agreeing_date_sources_count_nothing(tmp_path):
    url = "https://jagatbisnis.com/2023/03/10/harga-cabai-naik-jelang-ramadan/"
    agreeing = PAGE.replace("Rabu, 15 Maret 2023", "Jumat, 10 Maret 2023")
    (item,), stats = _crawl_one(url, agreeing, tmp_path)
    assert item["dateDisagreements"] == 0
    assert stats.get_value("warta/dates/sources_disagree") is None


def test_a_news_sitemap_date_beats_the_permalink_day(tmp_path):
    """A page with no date of its own: the news sitemap's UTC time, shown in the portal's zone."""
    url = "https://jagatbisnis.com/2023/03/15/harga-cabai-naik-jelang-ramadan/"
    undated = PAGE.replace('"datePublished": "2023-03-10T09:15:00+07:00"', '"author": "Redaksi"').replace(
        '<span class="jb-post__date">Rabu, 15 Maret 2023 09:15 WIB</span>', ""
    )
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_DATA_DIR": str(tmp_path)})
    spider = crawler._create_spider()
    request = Request(url, meta={"sitemap_published": "2023-03-15T01:12:40Z"})
    response = HtmlResponse(url, body=undated.encode("utf-8"), encoding="utf-8", request=request)
    (item,) = drain(spider.parse_article(response))
    assert item["datePublished"] == "2023-03-15T08:12:40+07:00"
    assert item["datePublishedSource"] == "sitemap"


def test_a_page_with_mojibake_is_repaired_and_counted_as_a_bad_response(tmp_path):
    url = "https://jagatbisnis.com/2023/03/15/harga-cabai-naik-jelang-ramadan/"
    saved_wrong = PAGE.replace("Kramat Jati", "Kramat Jati “KJ”").replace(
        "“KJ”", "\u00e2\u20ac\u0153KJ\u00e2\u20ac\x9d"
    )
    (item,), stats = _crawl_one(url, saved_wrong, tmp_path)
    assert "Pasar Induk Kramat Jati “KJ”." in item["articleBody"]
    assert stats.get_value("warta/bad_response/charset/mojibake") == 1
    assert stats.get_value("warta/bad_response") == 1


def test_a_clean_page_counts_no_mojibake(tmp_path):
    url = "https://jagatbisnis.com/2023/03/15/harga-cabai-naik-jelang-ramadan/"
    _, stats = _crawl_one(url, PAGE, tmp_path)
    assert stats.get_value("warta/bad_response/charset/mojibake") is None


def test_no_spider_callback_is_a_generator_returning_a_value():
    """Scrapy's per-response check is off (``WARN_ON_GENERATOR_RETURN_VALUE``): the same check, once,
    over every generator method of the portal spiders (a returned value would be lost silently)."""
    import inspect

    from scrapy.utils.misc import is_generator_with_return_value

    from spiders.base import PortalSpider
    from spiders.portal import GenericPortalSpider

    generators = {
        name: method
        for cls in (PortalSpider, GenericPortalSpider, JagatbisnisSpider)
        for name, method in inspect.getmembers(cls, inspect.isgeneratorfunction)
    }
    assert "parse_listing" in generators  # the check sees the spiders' generator callbacks
    returning = [name for name, method in generators.items() if is_generator_with_return_value(method)]
    assert returning == []


def test_an_article_page_that_raises_is_counted_as_not_delivered_and_raised_on(tmp_path, monkeypatch):
    """A bug a page finds in the extractor loses that article: counted (the run's delivery check fails on
    it, naming the page), raised on to Scrapy, which logs it, and not marked fetched in the state."""
    import pytest

    from crawler.monitoring.checks import delivery_checks, failed
    from crawler.urls import canonicalize

    url = "https://jagatbisnis.com/2023/03/15/harga-cabai-naik-jelang-ramadan/"

    def broken(*args, **kwargs):
        raise RecursionError("a page nested past what a reader follows")

    monkeypatch.setattr("crawler.extraction_workers.extract", broken)
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_DATA_DIR": str(tmp_path)})
    crawler.stats.open_spider()
    spider = crawler._create_spider()
    crawler.spider = spider
    response = HtmlResponse(url, body=PAGE.encode("utf-8"), encoding="utf-8", request=Request(url))
    with pytest.raises(RecursionError):
        drain(spider.parse_article(response))
    assert crawler.stats.get_value("warta/articles/unread") == 1
    (check,) = [c for c in failed(delivery_checks(crawler.stats.get_stats())) if c.name == "unread_articles"]
    assert url in check.detail
    assert spider.store.fetched_signal(canonicalize(url))[0] is False
