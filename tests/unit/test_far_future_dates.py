"""A date at the far end of the calendar (``9999-12-31T23:59:59``, .NET's DateTime.MaxValue, which some
CMSs write for "never modified" or "no date") is no date of the page: the article is extracted with its
other dates, instead of failing on a value that has no form in the portal's zone."""

from __future__ import annotations

import json

import pytest

from crawler.discovery.sitemaps import with_sitemap_date
from crawler.extract import extract_article

URL = "https://jagatbisnis.com/2023/03/15/harga-beras-naik-lagi/"
PARAGRAPH = "Harga beras di pasar induk Cipinang naik lagi pekan ini, menurut para pedagang di sana. "


def _page(modified: str) -> bytes:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Harga beras naik lagi",
        "datePublished": "2023-03-15T10:00:00+07:00",
        "dateModified": modified,
    }
    body = f"<p>{PARAGRAPH * 3}</p>" * 4
    return f"""<html><head><title>Harga beras naik lagi</title>
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body><h1>Harga beras naik lagi</h1><article>{body}</article></body></html>""".encode()


@pytest.mark.parametrize("modified", ["9999-12-31T23:59:59Z", "9999-12-31T23:59:59-05:00"])
def test_a_page_modified_at_the_end_of_the_calendar_keeps_its_published_date(modified: str) -> None:
    item = extract_article(_page(modified), URL)
    assert item.datePublished == "2023-03-15T10:00:00+07:00"
    assert item.dateModified is None


def test_a_news_sitemap_date_at_the_end_of_the_calendar_is_passed_over() -> None:
    item = {"url": URL, "datePublished": "2023-03-15", "datePublishedSource": "url"}
    assert with_sitemap_date(item, "9999-12-31T23:59:59Z", "Asia/Jakarta") == item
