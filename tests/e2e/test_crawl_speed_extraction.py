"""bench/crawl_speed.py times the article callback's extraction by itself on the portal's own article pages:
the pages it reads are the articles the full crawl exports, each extracted through the spider's profile."""

from __future__ import annotations

from urllib.parse import urlsplit

from bench.crawl_speed import SPIDER, article_pages, extraction_alone
from crawler.extract.article import extract
from crawler.profiles import load_profile


def test_the_timed_pages_are_distinct_articles_the_profile_reads(demo_portal):
    pages = article_pages(demo_portal.base_url, 12)
    profile = load_profile(SPIDER).with_base_url(demo_portal.base_url)

    assert len({url for url, _ in pages}) == 12
    for url, html in pages:
        assert urlsplit(url).netloc == urlsplit(demo_portal.base_url).netloc
        assert profile.is_article_url(url)
        extraction = extract(html, url, profile)
        assert extraction.item.extractedBy == "profile"
        assert extraction.item.headline and extraction.item.articleBody


def test_the_figure_times_as_many_pages_as_asked(demo_portal):
    ms_a_page, read = extraction_alone(demo_portal.base_url, limit=5, passes=1)

    assert read == 5
    assert ms_a_page > 0
