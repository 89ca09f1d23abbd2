"""A portal with no profile is read through the feeds its start page names in its head too
(``<link rel="alternate" type="application/rss+xml">``), and its site is the domain its www host stands
for: on real home pages (viva, okezone, tempo) and through the ``portal`` spider's listing callback."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.discovery import read_listing
from crawler.discovery.listings import MAX_ADVERTISED_FEEDS, advertised_feeds
from crawler.profiles import load_profile
from crawler.state.component import ArticleState
from spiders.portal import GenericPortalSpider, profile_for_start_url

LISTINGS = Path(__file__).resolve().parents[3] / "shared" / "real-pages" / "listings"
WP_HEAD = """<html><head><title>Kabar Daerah</title>
<link rel="alternate" type="application/rss+xml" title="Kabar Daerah &raquo; Feed" href="https://www.kabardaerah.id/feed/">
<link rel="alternate" type="application/rss+xml" title="Kabar Daerah &raquo; Comments Feed" href="https://www.kabardaerah.id/comments/feed/">
<link rel="alternate" type="application/rss+xml" title="Ekonomi" href="/category/ekonomi/feed/">
<link rel="alternate" type="application/atom+xml" title="Atom" href="https://www.kabardaerah.id/feed/atom/">
<link rel="alternate" hreflang="en" type="text/html" href="https://en.kabardaerah.id/">
<link rel="alternate" type="application/rss+xml" title="Google News" href="https://news.google.com/rss/search?q=kabardaerah">
<link rel="alternate" type="application/rss+xml" title="Kosong" href="">
<link rel="stylesheet" type="text/css" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Feed again" href="https://www.kabardaerah.id/feed/">
</head><body><a href="/2024/05/02/banjir-rob-pesisir/">Banjir rob</a></body></html>"""


def _home_page(portal: str) -> Selector:
    path = LISTINGS / f"{portal}-mainpage.html.gz"
    if not path.is_file():
        pytest.skip(f"{path} is not on this machine")
    return Selector(body=gzip.decompress(path.read_bytes()))


def test_the_feeds_a_page_names_on_its_own_site_each_once():
    start = "https://www.kabardaerah.id/"
    feeds = advertised_feeds(Selector(text=WP_HEAD), start, profile_for_start_url(start))
    assert feeds == [
        "https://www.kabardaerah.id/feed/",
        "https://www.kabardaerah.id/category/ekonomi/feed/",
        "https://www.kabardaerah.id/feed/atom/",
    ]


def test_a_page_naming_many_feeds_gives_a_bounded_few():
    links = "".join(
        f'<link rel="alternate" type="application/rss+xml" href="/category/c{i}/feed/">' for i in range(50)
    )
    start = "https://www.kabardaerah.id/"
    feeds = advertised_feeds(
        Selector(text=f"<html><head>{links}</head></html>"), start, profile_for_start_url(start)
    )
    assert feeds == [f"https://www.kabardaerah.id/category/c{i}/feed/" for i in range(MAX_ADVERTISED_FEEDS)]


@pytest.mark.parametrize(
    ("portal", "start", "profile", "expected"),
    [
        # viva's feed is on rss.viva.co.id, the site www.viva.co.id stands for
        ("viva", "http://www.viva.co.id/", None, ["http://rss.viva.co.id/get/all"]),
        (
            "okezone",
            "http://www.okezone.com/",
            "okezone",
            ["http://sindikasi.okezone.com/index.php/rss/0/RSS2.0"],
        ),
        ("tempo", "https://www.tempo.co/", "tempo", []),  # its one feed link has an empty href
        ("liputan6", "http://www.liputan6.com/", "liputan6", []),  # names none
    ],
)
def test_the_feeds_real_home_pages_name(portal, start, profile, expected):
    shipped = load_profile(profile) if profile else profile_for_start_url(start)
    assert advertised_feeds(_home_page(portal), start, shipped) == expected


def test_a_www_start_url_takes_the_articles_of_the_sites_sub_domains():
    """www.viva.co.id links its articles on bola.viva.co.id, news.viva.co.id, …; the ``portal`` spider's
    profile of the host took 5 of them, the site's 20 and more."""
    start = "http://www.viva.co.id/"
    found = read_listing(_home_page("viva"), start, profile_for_start_url(start))
    assert len(found) >= 20
    assert all(f.url.split("/")[2].endswith(".viva.co.id") for f in found)
    assert profile_for_start_url("https://news.example.co.id/").domains == ("news.example.co.id",)


def test_the_portal_spider_reads_the_feeds_its_start_page_names(tmp_path: Path) -> None:
    start = "https://www.kabardaerah.id/"
    crawler = get_crawler(GenericPortalSpider, {"WARTA_DATA_DIR": str(tmp_path), "WARTA_RECORD_RUN": False})
    spider = crawler._create_spider(start_url=start)
    state = ArticleState.from_crawler(crawler)
    response = HtmlResponse(start, body=WP_HEAD.encode(), request=Request(start))
    requests = list(spider.parse_listing(response))
    feeds = [r.url for r in requests if r.callback == spider.parse_feed]
    assert feeds == [
        "https://www.kabardaerah.id/feed/",
        "https://www.kabardaerah.id/category/ekonomi/feed/",
        "https://www.kabardaerah.id/feed/atom/",
    ]
    assert all(r.errback == spider.feed_failed for r in requests if r.callback == spider.parse_feed)
    assert "https://www.kabardaerah.id/2024/05/02/banjir-rob-pesisir/" in [r.url for r in requests]
    assert crawler.stats.get_value("warta/discovery/feed_advertised") == 3
    # a second page of the listing names the same feeds: they are not asked for again from there
    page_two = HtmlResponse(
        start + "page/2/",
        body=WP_HEAD.encode(),
        request=Request(start + "page/2/", meta={"warta_listing": (start, 2)}),
    )
    assert not [r for r in spider.parse_listing(page_two) if r.callback == spider.parse_feed]
    state.close()


def test_a_shipped_profile_reads_only_the_feeds_it_lists(tmp_path: Path) -> None:
    from spiders.portals import JagatbisnisSpider

    crawler = get_crawler(JagatbisnisSpider, {"WARTA_DATA_DIR": str(tmp_path), "WARTA_RECORD_RUN": False})
    spider = crawler._create_spider()
    state = ArticleState.from_crawler(crawler)
    page = "https://jagatbisnis.com/"
    head = (
        '<html><head><link rel="alternate" type="application/rss+xml" href="/category/x/feed/"></head></html>'
    )
    response = HtmlResponse(page, body=head.encode(), request=Request(page))
    assert not [r for r in spider.parse_listing(response) if r.callback == spider.parse_feed]
    state.close()
