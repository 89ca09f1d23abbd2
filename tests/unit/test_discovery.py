"""Discovery on its own (no Scrapy): sitemaps, news sitemaps, gzip, robots.txt, feeds, listings, the
backfill window and the incremental rules, on the demo portal's own XML and on real portal home pages."""

from __future__ import annotations

import gzip
from datetime import date

import pytest
from parsel import Selector
from scrapy import Request
from scrapy.utils.sitemap import Sitemap

from crawler.discovery import (
    FetchPolicy,
    Found,
    Verdict,
    Window,
    read_feed,
    read_listing,
    read_sitemap,
    scan_feed,
)
from crawler.discovery.listings import advertised_feeds, next_listing_page
from crawler.discovery.sitemaps import sitemaps_in_robots, unpack, with_sitemap_date
from crawler.profiles import load_profile
from crawler.state.articles import SqliteArticleStore, change_signal
from tests.conftest import SHARED, needs_shared

BASE = "https://jagatbisnis.com"
JAGAT = load_profile("jagatbisnis")
LISTINGS = SHARED / "real-pages" / "listings"
needs_listings = needs_shared("real-pages", "listings")


@pytest.fixture(scope="module")
def site():
    from demoportal.site import build_site

    return build_site()


# Sitemaps ---------------------------------------------------------------------------------------------


def test_a_sitemap_index_gives_its_child_sitemaps_on_the_site(site):
    from demoportal.feeds import sitemap_index

    xml = sitemap_index(site, BASE).replace(
        "</sitemapindex>",
        "<sitemap><loc>https://elsewhere.example/sitemap.xml</loc></sitemap></sitemapindex>",
    )
    page = read_sitemap(xml.encode(), JAGAT)
    assert page.kind == "sitemapindex"
    assert page.children[0] == f"{BASE}/post-sitemap.xml"
    assert f"{BASE}/category-sitemap.xml" in page.children
    assert page.offsite == 1 and not page.articles


def test_a_post_sitemap_gives_what_scrapys_own_reader_gives(site):
    """The same article URLs as Scrapy's ``Sitemap`` with the profile's article rule, each with its
    ``lastmod`` as the change signal."""
    from demoportal.feeds import post_sitemap

    body = post_sitemap(site, BASE, 1).encode()
    page = read_sitemap(body, JAGAT)
    scrapys = [e for e in Sitemap(body) if JAGAT.is_article_url(e["loc"])]
    assert page.kind == "urlset" and len(page.articles) == len(scrapys) >= 100
    assert [f.url for f in page.articles] == [e["loc"] for e in scrapys]
    assert [f.signal for f in page.articles] == [change_signal(e["lastmod"]) for e in scrapys]
    assert all(f.published is None for f in page.articles)


def test_pages_categories_and_other_hosts_are_no_articles(site):
    from demoportal.feeds import category_sitemap, page_sitemap

    for xml in (page_sitemap(site, BASE), category_sitemap(site, BASE)):
        assert read_sitemap(xml.encode(), JAGAT).articles == []
    offsite = read_sitemap(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
        b"<loc>https://other.example/2023/03/15/berita/</loc></url></urlset>",
        JAGAT,
    )
    assert offsite.articles == [] and offsite.offsite == 1


def test_a_news_sitemap_gives_the_publication_date(site):
    from demoportal.feeds import news_sitemap

    page = read_sitemap(news_sitemap(site, BASE).encode(), JAGAT)
    first = page.articles[0]
    assert first.published is not None and first.published.startswith("2023-")
    assert first.signal == change_signal(first.published)


def test_the_latest_of_lastmod_and_publication_date_is_the_signal():
    xml = f"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc> {BASE}/2023/03/15/berita/?utm_source=x </loc><lastmod>2023-03-16T01:00:00+00:00</lastmod>
    <news:news><news:publication_date>2023-03-15T08:12:40+07:00</news:publication_date></news:news></url>
  <url><loc>{BASE}/2023/03/15/berita/</loc></url>
</urlset>"""
    (found,) = read_sitemap(xml.encode(), JAGAT).articles  # the same canonical URL counts once
    assert found == Found(f"{BASE}/2023/03/15/berita/", "2023-03-16T01:00:00Z", "2023-03-15T08:12:40+07:00")


def test_an_emoji_written_as_utf16_unit_references_leaves_the_document_readable():
    """``&#55357;&#56832;``, each UTF-16 unit of an emoji escaped alone (and a lone half, cut): libxml2
    kept such references as bytes lxml could not decode, and reading that text raised UnicodeDecodeError,
    which ended the whole sitemap or feed. The pair is read as its character, a lone half as U+FFFD."""
    first, emoji, cut = (
        f"{BASE}/2023/03/15/{slug}/" for slug in ("a", "senyum-&#55357;&#56832;", "b-&#xD83D;")
    )
    xml = f"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{first}</loc></url><url><loc>{emoji}</loc></url>
<url><loc>{cut}</loc><lastmod>2023-03-15&#xD83D;</lastmod></url></urlset>""".encode()
    expected = [first, f"{BASE}/2023/03/15/senyum-%F0%9F%98%80/", f"{BASE}/2023/03/15/b-%EF%BF%BD/"]
    assert [f.url for f in read_sitemap(xml, JAGAT).articles] == expected
    rss = "".join(f"<item><link>{url}</link></item>" for url in (first, emoji, cut))
    feed = f"<rss><channel>{rss}</channel></rss>".encode()
    assert [f.url for f in scan_feed(feed, f"{BASE}/feed/", JAGAT).articles] == expected


@pytest.mark.parametrize("body", [b"<html><body>Not found</body></html>", b"", b"\x00\x01garbage"])
def test_what_is_no_sitemap_says_so(body):
    assert read_sitemap(body, JAGAT).kind is None


def test_a_gzipped_sitemap_is_unpacked_within_the_size_limit(site):
    from demoportal.feeds import post_sitemap

    xml = post_sitemap(site, BASE, 1).encode()
    packed = gzip.compress(xml)
    assert unpack(packed, max_size=len(xml)) == xml
    assert unpack(packed, max_size=0) == xml  # 0: no limit, as DOWNLOAD_MAXSIZE=0
    assert unpack(packed, max_size=len(xml) - 1) is None  # a gzip bomb stops at the limit
    assert unpack(xml, max_size=10) == xml  # plain XML (already gunzipped by the HTTP layer) passes
    assert unpack(packed[:2] + b"\x00" * 20, max_size=1000) is None
    assert len(read_sitemap(unpack(packed, max_size=len(xml)), JAGAT).articles) >= 100


def test_a_gzipped_sitemap_of_several_members_is_read_whole(site):
    """A ``.xml.gz`` may be gzip members one after another (``cat a.gz b.gz``, a generator writing each
    batch as a member): ``gunzip`` and Scrapy read them all, so every article of the file is found."""
    from demoportal.feeds import post_sitemap

    xml = post_sitemap(site, BASE, 1).encode()
    half = xml.index(b"</url>", len(xml) // 2) + len(b"</url>")
    packed = gzip.compress(xml[:half]) + gzip.compress(xml[half:])
    assert unpack(packed, max_size=len(xml)) == xml
    assert unpack(packed + b"\n", max_size=len(xml)) == xml  # a byte after the last member changes nothing
    assert unpack(packed, max_size=len(xml) - 1) is None
    assert read_sitemap(unpack(packed, max_size=0), JAGAT).articles == read_sitemap(xml, JAGAT).articles


def test_robots_txt_sitemap_lines():
    robots = (
        b"User-agent: *\nDisallow: /wp-admin/\n\nSitemap: https://jagatbisnis.com/sitemap_index.xml\n"
        b"sitemap:/news-sitemap.xml\n  SITEMAP:  https://cdn.example/s.xml.gz  \n"
        b"Sitemap:\n# Sitemap: /x.xml\n"
    )
    assert sitemaps_in_robots(robots, f"{BASE}/robots.txt") == [
        f"{BASE}/sitemap_index.xml",
        f"{BASE}/news-sitemap.xml",
        "https://cdn.example/s.xml.gz",
    ]


def test_a_robots_sitemap_line_that_is_no_url_leaves_the_others():
    """``urljoin`` raises on a broken host: the line is left out, not the robots.txt's other sitemaps."""
    robots = b"Sitemap: http://[domain]/sitemap.xml\nSitemap: /post-sitemap.xml\n"
    assert sitemaps_in_robots(robots, f"{BASE}/robots.txt") == [f"{BASE}/post-sitemap.xml"]


@pytest.mark.parametrize(
    "line",
    [
        "Sitemap: https://jagatbisnis.com:443:/sitemap_index.xml",  # a port typo
        "Sitemap: https://jagatbisnis.com:99999/sitemap_index.xml",
        "Sitemap: https://jagatbisnis.com: /sitemap_index.xml",
    ],
)
def test_a_robots_sitemap_line_with_a_broken_port_leaves_the_others(line: str) -> None:
    """``urljoin`` reads such a line, Scrapy's ``Request`` refuses it (ValueError): it is left out, so the
    robots.txt callback goes on to the sitemaps after it."""
    robots = f"{line}\nSitemap: /post-sitemap.xml\n".encode()
    found = sitemaps_in_robots(robots, f"{BASE}/robots.txt")
    assert found == [f"{BASE}/post-sitemap.xml"]
    assert [Request(url).url for url in found] == found


def test_sitemaps_resolve_no_entity(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("RAHASIA")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{BASE}/2023/03/15/a&s;/</loc>'
        "</url></urlset>"
    )
    assert all("RAHASIA" not in f.url for f in read_sitemap(xml.encode(), JAGAT).articles)


# The sitemap's date on the item ---------------------------------------------------------------------------


def test_a_sitemap_date_replaces_a_permalink_day_only():
    raw = "2023-03-15T01:12:40Z"
    by_url = {"datePublished": "2023-03-15T00:00:00+07:00", "datePublishedSource": "url"}
    patched = with_sitemap_date(by_url, raw, "Asia/Jakarta")
    assert patched["datePublished"] == "2023-03-15T08:12:40+07:00"
    assert (patched["datePublishedSource"], patched["datePublishedRaw"]) == ("sitemap", raw)
    assert with_sitemap_date({"datePublished": None}, raw, "Asia/Jakarta")["datePublishedSource"] == "sitemap"
    from_jsonld = {"datePublished": "2023-03-10T09:15:00+07:00", "datePublishedSource": "jsonld"}
    assert with_sitemap_date(from_jsonld, raw, "Asia/Jakarta") == from_jsonld
    assert with_sitemap_date(by_url, "not a date", "Asia/Jakarta") == by_url
    # nor a date no page can have: a zero timestamp, a mistyped year
    undated = {"datePublished": None}
    for impossible in ("1970-01-01T00:00:00Z", "2999-03-15T01:12:40Z"):
        assert with_sitemap_date(undated, impossible, "Asia/Jakarta") == undated


# Feeds ----------------------------------------------------------------------------------------------------


def test_an_rss_feed_gives_its_articles_with_their_dates(site):
    from demoportal.feeds import FEED_SIZE, rss

    xml = rss(site, BASE, site.newest_first, "JagatBisnis", "/feed/")
    found = read_feed(xml.encode(), f"{BASE}/feed/", JAGAT)
    assert len(found) == FEED_SIZE
    assert found[0].url == BASE + site.newest_first[0].path
    assert found[0].signal == change_signal(site.newest_first[0].published.isoformat())


def test_an_atom_feed_uses_the_alternate_link_and_updated():
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link rel="self" href="{BASE}/feed/atom/"/>
  <entry><title>A</title><link rel="self" href="{BASE}/wp-json/1"/>
    <link rel="alternate" type="text/html" href="/2023/03/15/a/"/>
    <updated>2023-03-15T10:00:00+07:00</updated><published>2023-03-14T10:00:00+07:00</published></entry>
  <entry><title>B</title><link href="https://other.example/2023/03/15/b/"/></entry>
  <entry><title>C</title><link href="{BASE}/category/ekonomi/"/></entry>
</feed>"""
    assert read_feed(atom.encode(), f"{BASE}/feed/atom/", JAGAT) == [
        Found(f"{BASE}/2023/03/15/a/", "2023-03-15T03:00:00Z")
    ]


@pytest.mark.parametrize("body", [b"", b"<html><body><p>no feed</p></body></html>", b"not xml at all"])
def test_what_is_no_feed_gives_nothing(body):
    assert read_feed(body, f"{BASE}/feed/", JAGAT) == []
    assert not scan_feed(body, f"{BASE}/feed/", JAGAT).readable


def test_an_entry_linked_through_a_feed_service_gives_the_article_its_guid_or_origlink_names():
    rss = f"""<?xml version="1.0"?><rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
<channel><title>x</title>
<item><link>http://feeds.example-service.com/c/33613/s/4b3f909e/story01.htm</link>
  <guid isPermaLink="false">{BASE}/2023/03/15/a/</guid></item>
<item><link>http://feeds.example-service.com/~r/jb/~3/xyz/</link>
  <feedburner:origLink>{BASE}/2023/03/14/b/</feedburner:origLink><guid>tag:jb,2023:b</guid></item>
<item><link>http://feeds.example-service.com/c/1/story02.htm</link><guid>{BASE}/category/ekonomi/</guid></item>
</channel></rss>"""
    page = scan_feed(rss.encode(), f"{BASE}/feed/", JAGAT)
    assert page.readable
    assert [f.url for f in page.articles] == [f"{BASE}/2023/03/15/a/", f"{BASE}/2023/03/14/b/"]


@needs_listings
def test_a_real_2015_feed_that_links_every_entry_through_feedsportal():
    """detik's 2015 feed (saved as its home page): each <link> is a feedsportal redirect, the article
    is named only in <guid isPermaLink="false">."""
    body = gzip.decompress((LISTINGS / "detik-mainpage.html.gz").read_bytes())
    detik = load_profile("detik")
    page = scan_feed(body, "http://rss.detik.com/index.php/detikcom", detik)
    assert len(page.articles) == body.count(b"<item>") == 20
    assert all(detik.is_article_url(f.url) and ".detik.com/" in f.url for f in page.articles)


# Listings -------------------------------------------------------------------------------------------------


def test_a_listing_gives_each_article_link_once_in_page_order():
    html = f"""<html><body><a href="/2023/03/15/b/">B</a> <a href="/category/ekonomi/">Ekonomi</a>
    <a href="{BASE}/2023/03/14/a/?utm_source=home">A</a> <a href="/2023/03/15/b/#comments">B again</a>
    <a href="https://other.example/2023/03/15/c/">C</a> <a href="javascript:void(0)">x</a>
    <a href="http://jagatbisnis.com:99999/2023/03/15/d/">bad port</a></body></html>"""
    found = read_listing(Selector(text=html), f"{BASE}/", JAGAT)
    assert [f.url for f in found] == [f"{BASE}/2023/03/15/b/", f"{BASE}/2023/03/14/a/"]


def test_a_listing_link_that_is_no_url_is_passed_over():
    """A theme's unfilled ``http://[domain]/…`` in a feed link or a pager: the next good link counts."""
    html = """<html><head>
    <link rel="alternate" type="application/rss+xml" href="http://[domain]/feed/">
    <link rel="alternate" type="application/rss+xml" href="/feed/"></head>
    <body><a href="/2023/03/15/b/">B</a> <a href="http://[domain]/page/2/">2</a>
    <a href="/page/2/">2</a></body></html>"""
    page = Selector(text=html)
    assert advertised_feeds(page, f"{BASE}/", JAGAT) == [f"{BASE}/feed/"]
    assert next_listing_page(page, f"{BASE}/", JAGAT) == f"{BASE}/page/2/"
    assert [f.url for f in read_listing(page, f"{BASE}/", JAGAT)] == [f"{BASE}/2023/03/15/b/"]


def _home_page(portal: str) -> Selector:
    return Selector(body=gzip.decompress((LISTINGS / f"{portal}-mainpage.html.gz").read_bytes()))


@needs_listings
def test_a_real_home_page_gives_its_article_links():
    okezone = load_profile("okezone")
    found = read_listing(_home_page("okezone"), "http://www.okezone.com/", okezone)
    assert len(found) >= 20
    assert len({f.url for f in found}) == len(found)
    assert all(okezone.is_article_url(f.url) for f in found)


@needs_listings
@pytest.mark.parametrize(
    ("portal", "profile", "least"),
    [
        ("kompas", "kompas", 10),  # the 2016 home page links articles as /read/xml/<yyyy>/…
        ("tempo", "tempo", 70),  # columns and syndicated desks too: /read/caping/…, /read/bbc/world/…
    ],
)
def test_real_home_pages_give_every_kind_of_article_link_their_profile_knows(portal, profile, least):
    shipped = load_profile(profile)
    found = read_listing(_home_page(portal), shipped.base_url + "/", shipped)
    assert len(found) >= least
    assert all(shipped.is_article_url(f.url) for f in found)
    assert not [f.url for f in found if "/index.php/" in f.url or "/indeks/" in f.url]


@needs_listings
@pytest.mark.parametrize(
    ("portal", "profile"),
    [("kompas", "kompas"), ("okezone", "okezone"), ("tempo", "tempo"), ("tempoen", "tempo")],
)
def test_the_generic_pattern_on_real_home_pages_takes_what_the_portals_profile_takes(portal, profile):
    """What the ``portal`` spider fetches on a host with no profile, against what the profile written for
    it knows to be articles: every article, and no index or feed page (kompas's
    /indeks/index/news/sains, tempo's rss.tempo.co/index.php/teco/news/feed/start/0/limit/10)."""
    from crawler.profiles import Profile
    from spiders.portal import GENERIC_ARTICLE_PATH

    shipped = load_profile(profile)
    generic = Profile(
        portal, shipped.base_url, domains=shipped.domains, article_url_pattern=GENERIC_ARTICLE_PATH
    )
    home = _home_page(portal)
    by_profile = {f.url for f in read_listing(home, shipped.base_url + "/", shipped)}
    by_generic = {f.url for f in read_listing(home, shipped.base_url + "/", generic)}
    assert by_profile and by_generic == by_profile


@needs_listings
@pytest.mark.parametrize(
    ("portal", "host", "least"), [("liputan6", "liputan6.com", 50), ("viva", "viva.co.id", 20)]
)
def test_real_home_pages_through_the_generic_profile(portal, host, least):
    """The ``portal`` spider's profile for a host with no profile of its own."""
    from crawler.profiles import Profile
    from spiders.portal import GENERIC_ARTICLE_PATH

    profile = Profile(portal, f"http://www.{host}", domains=(host,), article_url_pattern=GENERIC_ARTICLE_PATH)
    found = read_listing(_home_page(portal), f"http://www.{host}/", profile)
    assert len(found) >= least
    assert all(f.url.split("/")[2].endswith(host) for f in found)


# The backfill window --------------------------------------------------------------------------------------


def test_a_window_from_the_spider_arguments():
    assert Window.parse(None, None) is None
    assert Window.parse("2022-12-28", "2023-01-04") == Window(date(2022, 12, 28), date(2023, 1, 4))
    assert Window.parse(None, "2023-01-04").start == date(1990, 1, 1)
    assert Window.parse("2023-01-01", None, today=date(2023, 1, 3)).end == date(2023, 1, 3)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        Window.parse("2023-02-30", None)
    with pytest.raises(ValueError, match="after"):
        Window.parse("2023-01-05", "2023-01-04")


def test_a_window_across_the_year_boundary_has_its_day_archives():
    window = Window(date(2022, 12, 30), date(2023, 1, 2))
    assert window.archive_urls(JAGAT) == [
        f"{BASE}/2022/12/30/",
        f"{BASE}/2022/12/31/",
        f"{BASE}/2023/01/01/",
        f"{BASE}/2023/01/02/",
    ]
    from dataclasses import replace

    no_archive = replace(JAGAT, discovery=replace(JAGAT.discovery, day_archive=""))
    assert window.archive_urls(no_archive) == []


def test_an_article_is_in_the_window_by_its_permalink_else_its_signal():
    window = Window(date(2023, 1, 1), date(2023, 1, 31))
    assert window.contains(f"{BASE}/2023/01/15/a/")
    assert not window.contains(f"{BASE}/2022/12/31/a/", "2023-01-15T00:00:00Z")  # the permalink wins
    assert window.contains("https://news.detik.com/berita/d-123/a", "2023-01-15T00:00:00Z")
    assert not window.contains("https://news.detik.com/berita/d-123/a", "2023-02-01T00:00:00Z")
    assert window.contains("https://news.detik.com/berita/d-123/a")  # nothing says: its page will
    assert window.contains(f"{BASE}/2023/02/30/a/")  # no such day: no evidence either way


# The incremental rules ------------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    store = SqliteArticleStore(tmp_path / "jagatbisnis.sqlite")
    yield store
    store.close()


def test_known_articles_are_fetched_again_only_when_their_signal_moved(store):
    policy = FetchPolicy(store, incremental=True, listing_ttl=0)
    url = f"{BASE}/2023/03/15/a/"
    assert policy.article(Found(url)) is Verdict.NEW
    store.mark_fetched(url, "2023-03-15T01:00:00Z")
    assert policy.article(Found(url)) is Verdict.KNOWN
    assert policy.article(Found(url, "2023-03-15T01:00:00Z")) is Verdict.KNOWN
    assert policy.article(Found(url, "2023-03-16T01:00:00Z")) is Verdict.CHANGED
    assert [v.fetch for v in Verdict] == [True, True, False, False]
    assert FetchPolicy(store, incremental=False, listing_ttl=0).article(Found(url)) is Verdict.NEW


def test_a_backfill_fetches_its_window_known_or_not_and_pages_on(store):
    window = Window(date(2023, 3, 1), date(2023, 3, 31))
    policy = FetchPolicy(store, incremental=True, listing_ttl=0, window=window)
    assert policy.article(Found(f"{BASE}/2023/04/01/a/")) is Verdict.OUTSIDE
    assert policy.keep_paging(found=10, due=0)
    scheduled = FetchPolicy(store, incremental=True, listing_ttl=0)
    assert not scheduled.keep_paging(found=10, due=0)
    assert scheduled.keep_paging(found=10, due=1) and scheduled.keep_paging(found=0, due=0)


def test_listings_are_due_again_after_their_ttl(store):
    url = f"{BASE}/feed/"
    assert FetchPolicy(store, incremental=True, listing_ttl=3600).listing_due(url)
    store.mark_page(url)
    assert not FetchPolicy(store, incremental=True, listing_ttl=3600).listing_due(url)
    assert FetchPolicy(store, incremental=True, listing_ttl=0).listing_due(url)
