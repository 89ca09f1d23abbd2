"""Never trespass, in-process: XML and HTML parsing never resolve external entities nor expand them.

Spider arguments that would move files out of the data folder, robots.txt ``Disallow`` and ``Crawl-delay``
are crawled for real in tests/e2e/test_security_crawl.py; off-site links and redirects, and non-HTTP
schemes, are covered by the crawl of the hostile server (tests/e2e/test_hostile.py: its trap host must see
no request) and by the redirect middleware tests.
"""

from __future__ import annotations

from pathlib import Path

import parsel
import pytest
from lxml import etree
from scrapy.utils.sitemap import Sitemap

from crawler.extract import extract_article
from tests.hostile.server import BILLION_LAUGHS, EXTERNAL_ENTITIES

PASSWD_MARK = "root:x:0:0"
SECRET = "RAHASIA-jangan-dibaca-7c1f"


# External entities and entity expansion -------------------------------------------------------------------


@pytest.fixture
def secret_file(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


def _xxe(secret: Path) -> bytes:
    xml = EXTERNAL_ENTITIES.replace("{base}", "https://jagatbisnis.com").replace(
        "{trap}", "http://127.0.0.1:9"
    )
    return xml.replace("file:///etc/passwd", secret.as_uri()).encode()


def test_scrapy_sitemap_reader_resolves_no_entity(secret_file):
    locs = [entry["loc"] for entry in Sitemap(_xxe(secret_file))]
    assert not any(SECRET in loc for loc in locs)
    laughs = [
        entry.get("loc", "") for entry in Sitemap(BILLION_LAUGHS.replace("{base}", "https://x").encode())
    ]
    assert sum(len(loc) for loc in laughs) < 1000  # "lol" not expanded a billion times


def test_news_sitemap_parser_resolves_no_entity(secret_file):
    from crawler.discovery.sitemaps import XML_PARSER as _XML_PARSER

    root = etree.fromstring(_xxe(secret_file), parser=_XML_PARSER)
    assert SECRET not in etree.tostring(root, encoding="unicode", method="text")
    laughs = etree.fromstring(BILLION_LAUGHS.replace("{base}", "https://x").encode(), parser=_XML_PARSER)
    assert len(etree.tostring(laughs)) < 10_000


def test_feed_selector_resolves_no_entity(secret_file):
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY s SYSTEM "{secret_file.as_uri()}">]>'
        "<rss><channel><item><title>&s;</title><link>https://jagatbisnis.com/2023/01/01/a/</link></item>"
        "</channel></rss>"
    )
    selector = parsel.Selector(text=feed, type="xml")
    assert SECRET not in "".join(selector.xpath("//text()").getall())


def test_article_extraction_resolves_no_entity(secret_file):
    page = (
        f'<!DOCTYPE html [<!ENTITY s SYSTEM "{secret_file.as_uri()}">]>\n<html><head><title>Judul &s;</title>'
        '</head><body><article><h1>Judul &s;</h1><div class="entry-content">'
        + "<p>Paragraf berita yang cukup panjang untuk dibaca sebagai isi artikel &s; di sini.</p>" * 5
        + "</div></article></body></html>"
    )
    item = extract_article(page, "https://jagatbisnis.com/2023/01/01/judul/")
    assert SECRET not in repr(item)
