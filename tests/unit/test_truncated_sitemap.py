"""A sitemap cut short (a generator stopped by its time limit mid-way, as PHP's max_execution_time does with
a 200 already sent, or a file still being written) is read for what it holds, counted, and asked for again
next run: the parser recovers the entries before the cut, and nothing else told that the rest was missing."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from crawler.discovery import read_sitemap
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


def _crawl(tmp_path: Path, body: bytes):
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_DATA_DIR": str(tmp_path), "WARTA_RECORD_RUN": False})
    spider = crawler._create_spider()
    state = ArticleState.from_crawler(crawler)
    requests = list(spider.parse_sitemap(XmlResponse(SITEMAP, body=body, request=Request(SITEMAP))))
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
