"""A sitemap or feed cut short (a generator stopped by its time limit mid-way, as PHP's max_execution_time
does with a 200 already sent, or a file still being written) is read for what it holds, counted, and asked
for again next run: the parser recovers the entries before the cut, and nothing else told that the rest was
missing. A robots.txt ``Sitemap:`` line that is no URL is counted and named in the log."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request
from scrapy.http import TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from crawler.discovery import read_sitemap, scan_feed
from crawler.profiles import load_profile
from crawler.state.component import ArticleState
from spiders.portals import JagatbisnisSpider

SITEMAP = "https://jagatbisnis.com/post-sitemap.xml"
ENTRIES = "".join(
    f"<url><loc>https://jagatbisnis.com/2023/03/{day:02d}/berita-hari-{day}/</loc></url>\n"
    for day in range(1, 21)
)
WHOLE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{ENTRIES}</urlset>\n'
).encode()
# cut in the 8th entry, then the interpreter's own message
CUT = WHOLE[: WHOLE.index(b"berita-hari-8")] + b"<br />\n<b>Fatal error</b>: Maximum execution time exceeded"


FEED = "https://jagatbisnis.com/feed/"
FEED_ITEMS = "".join(
    f"<item><title>Berita {day}</title><link>https://jagatbisnis.com/2023/03/{day:02d}/berita-hari-{day}/</link>"
    f"<pubDate>Wed, {day:02d} Mar 2023 10:00:00 +0700</pubDate></item>\n"
    for day in range(1, 11)
)
WHOLE_FEED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<rss version="2.0"><channel><title>JagatBisnis</title>\n{FEED_ITEMS}</channel></rss>\n'
).encode()
CUT_FEED = WHOLE_FEED[: WHOLE_FEED.index(b"berita-hari-6")]


def _crawl(tmp_path: Path, body: bytes, url: str = SITEMAP):
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_DATA_DIR": str(tmp_path), "WARTA_RECORD_RUN": False})
    spider = crawler._create_spider()
    state = ArticleState.from_crawler(crawler)
    if url == FEED:
        requests = list(spider.parse_feed(XmlResponse(url, body=body, request=Request(url))))
    else:
        response_class = TextResponse if url.endswith("robots.txt") else XmlResponse
        requests = list(spider.parse_sitemap(response_class(url, body=body, request=Request(url))))
    return crawler, state, requests


def test_a_cut_sitemap_gives_what_it_holds_is_counted_and_asked_for_again(tmp_path: Path) -> None:
    page = read_sitemap(CUT, load_profile("jagatbisnis"))
    assert page.truncated and len(page.articles) == 7
    crawler, state, requests = _crawl(tmp_path, CUT)
    assert len(requests) == 7
    assert crawler.stats.get_value("warta/discovery/sitemap_truncated") == 1
    assert state.store.page_age(SITEMAP) is None  # not remembered as read: the next run reads it whole
    state.close()


def test_a_whole_sitemap_is_remembered_as_read(tmp_path: Path) -> None:
    assert not read_sitemap(WHOLE, load_profile("jagatbisnis")).truncated
    crawler, state, requests = _crawl(tmp_path, WHOLE + b"<!-- generated in 0.2 s -->\n")
    assert len(requests) == 20
    assert crawler.stats.get_value("warta/discovery/sitemap_truncated") is None
    assert state.store.page_age(SITEMAP) is not None
    state.close()


def test_a_utf16_sitemap_is_read_whole_and_a_cut_one_is_not() -> None:
    """Its closing tag is looked for in its text: in UTF-16 the bytes hold a NUL between the letters."""
    jagat = load_profile("jagatbisnis")
    whole = WHOLE.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    for codec in ("utf-16", "utf-16-le", "utf-16-be"):
        body = whole.encode(codec)
        page = read_sitemap(body, jagat)
        assert (len(page.articles), page.truncated) == (20, False), codec
        page = read_sitemap(whole[: whole.index("berita-hari-8")].encode(codec), jagat)
        assert (len(page.articles), page.truncated) == (7, True), codec


def test_a_cut_feed_gives_what_it_holds_is_counted_and_asked_for_again(tmp_path: Path) -> None:
    page = scan_feed(CUT_FEED, FEED, load_profile("jagatbisnis"))
    assert page.readable and page.truncated and len(page.articles) == 5
    crawler, state, requests = _crawl(tmp_path, CUT_FEED, FEED)
    assert len(requests) == 5
    assert crawler.stats.get_value("warta/discovery/feed_truncated") == 1
    assert state.store.page_age(FEED) is None  # not remembered as read: its later entries may scroll off
    state.close()


def test_a_whole_feed_is_remembered_as_read(tmp_path: Path) -> None:
    assert not scan_feed(WHOLE_FEED, FEED, load_profile("jagatbisnis")).truncated
    crawler, state, requests = _crawl(tmp_path, WHOLE_FEED, FEED)
    assert len(requests) == 10
    assert crawler.stats.get_value("warta/discovery/feed_truncated") is None
    assert state.store.page_age(FEED) is not None
    state.close()


def test_an_atom_and_an_rdf_feed_end_with_their_own_closing_tags() -> None:
    jagat = load_profile("jagatbisnis")
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        b'<link href="https://jagatbisnis.com/2023/03/01/berita-hari-1/"/></entry></feed>'
    )
    rdf = (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
        b"<item><link>https://jagatbisnis.com/2023/03/01/berita-hari-1/</link></item></rdf:RDF>"
    )
    for body, end in ((atom, b"</feed>"), (rdf, b"</rdf:RDF>")):
        assert not scan_feed(body, FEED, jagat).truncated
        assert scan_feed(body.removesuffix(end), FEED, jagat).truncated


def test_a_robots_sitemap_line_that_is_no_url_is_counted_and_the_others_followed(tmp_path: Path) -> None:
    robots_url = "https://jagatbisnis.com/robots.txt"
    body = (
        b"User-agent: *\n"
        b"Sitemap: https://jagatbisnis.com:443:/sitemap_index.xml\n"  # a port typo
        b"Sitemap: /post-sitemap.xml\n"
    )
    crawler, state, requests = _crawl(tmp_path, body, robots_url)
    assert [r.url for r in requests] == [SITEMAP]
    assert crawler.stats.get_value("warta/discovery/bad_robots_sitemap") == 1
    state.close()
