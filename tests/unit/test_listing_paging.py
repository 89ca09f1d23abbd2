"""Listing paging follows each portal's own scheme (``/page/N/``, ``/indeks/N``, ``?page=N``) one page on."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.discovery.listings import next_listing_page
from spiders.portals import AntaranewsSpider, DetikSpider, JagatbisnisSpider, KompasSpider

CASES = [
    (
        JagatbisnisSpider,
        "https://jagatbisnis.com/category/ekonomi/page/2/",
        # home paging in the header and an older page are not this listing's next page
        ["/page/3/", "/category/ekonomi/page/1/", "/category/ekonomi/page/3/", "/category/bisnis/page/3/"],
        "https://jagatbisnis.com/category/ekonomi/page/3/",
    ),
    (
        DetikSpider,
        "https://news.detik.com/indeks",
        ["https://news.detik.com/indeks/3", "https://news.detik.com/indeks/2"],
        "https://news.detik.com/indeks/2",
    ),
    (
        KompasSpider,
        "https://indeks.kompas.com/?site=news&page=4",
        ["?site=news&page=3", "?site=bola&page=5", "?site=news&page=5"],
        "https://indeks.kompas.com/?site=news&page=5",
    ),
    (AntaranewsSpider, "https://www.antaranews.com/terkini/7", ["/terkini/6", "/terkini/8"], None),
    (
        KompasSpider,
        "https://indeks.kompas.com/?site=news&page=4",
        # a trap's page number longer than int() reads (4,300 digits) is no page of the listing
        ["?site=news&page=" + "9" * 5000, "?site=news&page=5"],
        "https://indeks.kompas.com/?site=news&page=5",
    ),
]


@pytest.mark.parametrize(("spider_cls", "page", "links", "expected"), CASES)
def test_next_listing_page(spider_cls, page, links, expected, tmp_path):
    crawler = get_crawler(spider_cls, {"WARTA_DATA_DIR": str(tmp_path)})
    spider = crawler._create_spider()
    anchors = "".join(f'<a href="{href}">{i}</a>' for i, href in enumerate(links))
    response = HtmlResponse(page, body=f"<html><body>{anchors}</body></html>".encode(), request=Request(page))
    if spider_cls is AntaranewsSpider:
        expected = "https://www.antaranews.com/terkini/8"
    assert next_listing_page(response.selector, response.url, spider.profile) == expected
