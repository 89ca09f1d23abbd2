"""The article-permalink test of the ``portal`` spider (``ARTICLE_LIKE_PATH``, also how a sitemap's rejected
URLs are judged) reads a crawler trap's link in time that grows with its length, not with its square: a
relative link on a /read/ page (``href="read/x"``) resolves to /read/read/x on the next page, and a page
of such links, or a sitemap of them, held a callback for minutes."""

from __future__ import annotations

import time

import pytest

from crawler.discovery.found import looks_like_article
from crawler.profiles import parse_profile
from spiders.portal import GENERIC_ARTICLE_PATH

PORTAL = parse_profile(
    {"name": "x", "base_url": "https://x.example", "article_url_pattern": GENERIC_ARTICLE_PATH}
)


@pytest.mark.parametrize(
    "path",
    ["/" + "read/" * 8000, "/berita/a" * 8000, "/x/read" * 6000 + "/1", "/read/" + "a" * 40_000],
)
def test_a_trap_link_tens_of_kilobytes_long_is_judged_at_once(path: str) -> None:
    url = "https://x.example" + path
    started = time.perf_counter()
    assert not PORTAL.is_article_url(url)
    assert not looks_like_article(url)
    assert time.perf_counter() - started < 1.0  # 10-40 s each before (quadratic); milliseconds now


@pytest.mark.parametrize(
    ("path", "article"),
    [
        ("/read/2016/02/16/14382361/Menteri.Yuddy.Ancam.PNS", True),
        ("/news/berita/12345-judul-berita", True),  # the id under the second word
        ("/berita/read/daerah/harga-beras-naik", True),
        ("/read/read/read/abc", False),
        ("/indeks/index/news/sains", False),
        ("/news/feed/start/0/limit/10", False),
    ],
)
def test_the_permalinks_under_a_word_are_still_told_from_indexes(path: str, article: bool) -> None:
    assert looks_like_article("https://x.example" + path) is article
