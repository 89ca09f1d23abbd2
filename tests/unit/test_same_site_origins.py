"""The one same-site rule reads scheme, host and port (issue 12, items 14 and 17): another port of the
portal's host is another site, unless the profile lists it; an IP host has no parent domain."""

from __future__ import annotations

import pytest
from parsel import Selector
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.discovery.listings import next_listing_page, read_listing
from crawler.discovery.sitemaps import read_sitemap
from crawler.extract import extract_article
from crawler.middlewares.badresponse import CountedRedirectMiddleware
from crawler.middlewares.offsite import SiteOffsiteMiddleware
from crawler.profiles import ProfileError, load_profile, parse_profile
from crawler.urls import canonicalize, host_on_site, pick_canonical, same_site, site_origins
from spiders.portals import JagatbisnisSpider

PORTAL = "http://127.0.0.1:8765"
OTHER = "http://127.0.0.1:8766"
DEMO = load_profile("jagatbisnis").with_base_url(PORTAL)
SENTENCE = "<p>Kalimat ke-{} dari berita ini cukup panjang untuk dibaca sebagai isi.</p>"
BODY = "".join(SENTENCE.format(i) for i in range(6))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{PORTAL}/2023/01/10/a/", True),
        ("HTTP://127.0.0.1:8765/2023/01/10/a/", True),
        (f"{OTHER}/2023/01/10/a/", False),
        ("http://127.0.0.1/2023/01/10/a/", False),  # port 80 is another port too
        ("https://127.0.0.1:8765/2023/01/10/a/", False),  # same port, other scheme
        ("http://127.0.0.2:8765/2023/01/10/a/", False),
    ],
)
def test_a_site_on_a_port_is_that_port_only(url: str, expected: bool) -> None:
    assert same_site(url, DEMO.origins) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.detik.com/berita/d-1/x", True),
        ("http://news.detik.com/berita/d-1/x", True),  # http:80 and https:443 are one site
        ("https://news.detik.com:443/berita/d-1/x", True),
        ("http://news.detik.com:80/berita/d-1/x", True),
        ("https://news.detik.com:8443/berita/d-1/x", False),
        ("http://news.detik.com:8080/berita/d-1/x", False),
        ("https://notdetik.com/berita/d-1/x", False),
    ],
)
def test_a_site_on_the_default_ports_is_both_default_ports_only(url: str, expected: bool) -> None:
    assert same_site(url, load_profile("detik").origins) is expected


def test_a_profile_lists_extra_origins() -> None:
    data = {"name": "x", "base_url": "https://x.example", "origins": ["https://x.example:8443/"]}
    profile = parse_profile(data)
    assert profile.origins == ("https://x.example", "https://x.example:8443")
    assert same_site("https://x.example:8443/a", profile.origins)
    assert not same_site("https://x.example:9443/a", profile.origins)
    with pytest.raises(ProfileError, match="origins"):
        parse_profile({**data, "origins": ["https://x.example/path"]})
    with pytest.raises(ProfileError, match="origins"):
        parse_profile({**data, "origins": ["ftp://x.example"]})
    # a profile pointed at another host (the demo portal) leaves the real host's extra origins behind
    assert profile.with_base_url(PORTAL).origins == (PORTAL,)


def test_origins_of_a_base_url() -> None:
    assert site_origins("https://www.kompas.com/", ["kompas.com"]) == ("https://kompas.com",)
    assert site_origins("https://kompas.com:443", ["kompas.com"]) == ("https://kompas.com",)
    assert site_origins("http://[::1]:8080", ["::1"]) == ("http://[::1]:8080",)
    assert same_site("http://[::1]:8080/a", site_origins("http://[::1]:8080", ["::1"]))
    assert not same_site("http://[::1]:8081/a", site_origins("http://[::1]:8080", ["::1"]))


# ---- discovery ---------------------------------------------------------------------------------------------
def test_listing_links_to_another_port_are_not_articles() -> None:
    html = f"""<a href="/2023/01/10/a/">A</a> <a href="{OTHER}/2023/01/10/b/">B</a>
    <a href="{OTHER}/page/2/">next elsewhere</a>"""
    found = read_listing(Selector(text=html), f"{PORTAL}/", DEMO)
    assert [f.url for f in found] == [f"{PORTAL}/2023/01/10/a/"]
    assert next_listing_page(Selector(text=html), f"{PORTAL}/", DEMO) is None


def test_sitemap_entries_on_another_port_are_offsite() -> None:
    xml = f"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>{PORTAL}/2023/01/10/a/</loc></url><url><loc>{OTHER}/2023/01/10/b/</loc></url></urlset>"""
    page = read_sitemap(xml.encode(), DEMO)
    assert [f.url for f in page.articles] == [f"{PORTAL}/2023/01/10/a/"]
    assert page.offsite == 1
    index = f"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>{OTHER}/sitemap.xml</loc></sitemap></sitemapindex>"""
    assert read_sitemap(index.encode(), DEMO).children == []


# ---- the canonical ---------------------------------------------------------------------------------------
def _page(canonical: str) -> str:
    return f"""<html><head><title>Harga Beras Naik</title><link rel="canonical" href="{canonical}"></head>
    <body><article><h1 class="entry-title">Harga Beras Naik</h1><div class="entry-content">{BODY}</div>
    </article></body></html>"""


@pytest.mark.parametrize("profile", [DEMO, None], ids=["profile", "generic"])
def test_a_canonical_on_another_port_is_refused(profile) -> None:
    url = f"{PORTAL}/2023/01/10/a/"
    assert extract_article(_page(f"{OTHER}/2023/01/10/b/"), url, profile)["canonicalUrl"] == url
    assert extract_article(_page(f"{PORTAL}/2023/01/10/b/"), url, profile)["canonicalUrl"] == (
        f"{PORTAL}/2023/01/10/b/"
    )


@pytest.mark.parametrize(
    ("page_url", "canonical"),
    [
        ("http://127.0.0.1:8765/2023/01/10/a/", "http://10.0.0.1:8765/2023/01/10/b/"),
        ("http://127.0.0.1:8765/2023/01/10/a/", "http://192.168.0.1:8765/2023/01/10/b/"),
        ("http://10.1.0.1/2023/01/10/a/", "http://172.16.0.1/2023/01/10/b/"),
        ("http://[::ffff:127.0.0.1]/2023/01/10/a/", "http://10.0.0.1/2023/01/10/b/"),
        ("http://[fe80::1]/2023/01/10/a/", "http://[fe80::2]/2023/01/10/b/"),
    ],
)
def test_ip_hosts_compare_whole(page_url: str, canonical: str) -> None:
    """``127.0.0.1`` once passed for the registrable domain ``0.1``, so ``10.0.0.1`` was "the same site"."""
    assert extract_article(_page(canonical), page_url)["canonicalUrl"] == canonicalize(page_url)
    profile = load_profile("jagatbisnis").with_base_url(page_url.split("/20")[0])
    assert extract_article(_page(canonical), page_url, profile)["canonicalUrl"] == canonicalize(page_url)


@pytest.mark.parametrize(
    ("host", "domain", "expected"),
    [
        ("10.0.0.1", "0.1", False),
        ("1.0.0.1", "0.0.1", False),
        ("evil.127.0.0.1", "127.0.0.1", False),
        ("::1", "::1", True),
        ("127.0.0.1", "127.0.0.1", True),
    ],
)
def test_ip_host_on_site(host: str, domain: str, expected: bool) -> None:
    assert host_on_site(host, domain) is expected


def test_pick_canonical_over_origins() -> None:
    page = f"{PORTAL}/2023/01/10/a/"
    assert pick_canonical(page, f"{OTHER}/2023/01/10/b/", DEMO.origins) == page
    assert pick_canonical(page, "/2023/01/10/b/", DEMO.origins) == f"{PORTAL}/2023/01/10/b/"


# ---- the Scrapy edge: the offsite filter and redirects --------------------------------------------------
@pytest.fixture
def crawler():
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_DATA_DIR": "/nonexistent"})
    crawler.spider = crawler._create_spider(base_url=PORTAL)
    return crawler


def test_the_offsite_filter_reads_the_port(crawler) -> None:
    from scrapy.exceptions import IgnoreRequest

    middleware = SiteOffsiteMiddleware.from_crawler(crawler)
    middleware.spider_opened(crawler.spider)
    middleware.process_request(Request(f"{PORTAL}/2023/01/10/a/"))
    for url in (f"{OTHER}/2023/01/10/a/", f"{OTHER}/robots.txt", "http://127.0.0.1/x"):
        with pytest.raises(IgnoreRequest, match="offsite"):
            middleware.process_request(Request(url))
    assert crawler.stats.get_value("offsite/filtered") == 3


def test_a_redirect_to_another_port_is_not_followed(crawler) -> None:
    middleware = CountedRedirectMiddleware.from_crawler(crawler)
    request = Request(f"{PORTAL}/2023/01/10/a/")
    elsewhere = {"Location": f"{OTHER}/2023/01/10/a/"}
    moved = HtmlResponse(request.url, status=301, headers=elsewhere, request=request)
    assert middleware.process_response(request, moved) is moved
    assert crawler.stats.get_value("warta/bad_response/redirect_offsite") == 1
    same = HtmlResponse(request.url, status=301, headers={"Location": "/2023/01/10/b/"}, request=request)
    assert isinstance(middleware.process_response(request, same), Request)
