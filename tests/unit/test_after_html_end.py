"""Markup after a page's ``</html>``: a host's tracking script, or the whole page a second time from a
proxy that sent the body twice. libxml2 makes it a second top-level ``<html>``; a browser reads it into
the body. Extraction reads one tree as the browser does, never raising on such a page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from crawler.extract import extract
from crawler.extract.document import parse_page
from crawler.extract.selectors import PageIndex

PORTALS = Path(__file__).resolve().parents[1] / "fixtures" / "portals"
FIELDS = ("headline", "articleBody", "authors", "editors", "section", "tags", "datePublished", "mainImage")


def fixture(portal: str) -> tuple[str, str]:
    """(html, url) of a portal's saved article page."""
    expected = json.loads((PORTALS / portal / "expected.json").read_text(encoding="utf-8"))
    return (PORTALS / portal / "article.html").read_text(encoding="utf-8"), expected["url"]


SAVED = sorted(p.name for p in PORTALS.iterdir() if (p / "article.html").is_file())


@pytest.mark.parametrize("portal", SAVED)
def test_a_page_served_twice_gives_the_item_of_the_page_once(portal: str) -> None:
    """Every profile's selectors met the second copy through document-wide lookups, outside the first
    root's page order: a KeyError before."""
    html, url = fixture(portal)
    once, twice = extract(html, url).item, extract(html + html, url).item
    assert {f: getattr(twice, f) for f in FIELDS} == {f: getattr(once, f) for f in FIELDS}
    assert once.articleBody


def test_markup_after_the_end_of_the_page_joins_its_body_as_a_browser_reads_it() -> None:
    html = """<!doctype html><html lang="id"><head><title>Harga cabai naik</title></head>
<body><div class="menu"><a href="/ekonomi">Ekonomi</a></div><p>Harga cabai rawit naik.</p></body></html>
<!-- served by cache-07 -->
<html lang="en"><div class="menu"><a href="/promo">Promo</a></div><script>var t = 1;</script>"""
    root = parse_page(html).root
    assert root is not None
    assert root.getnext() is None or not isinstance(root.getnext().tag, str)  # one element at the top
    assert root.get("lang") == "id"
    body = root.find("body")
    assert [a.get("href") for a in body.iter("a")] == ["/ekonomi", "/promo"]
    assert body.find("div[last()]/script") is not None
    assert len(root.xpath("//html")) == 1 and not root.xpath("//body//head | //body//body")
    # a selector reaching both copies orders its matches along the one tree
    index = PageIndex(root, (frozenset({"menu"}), frozenset()))
    assert [a.text for a in index.select(".menu a")] == ["Ekonomi", "Promo"]


def test_a_page_ending_at_its_end_tag_is_left_as_parsed() -> None:
    html = "<html><body><p>Satu paragraf.</p></body></html>\n<!-- 0.12 s -->"
    root = parse_page(html).root
    assert root is not None
    assert [el.tag for el in root.iter(etree.Element)] == ["html", "body", "p"]


def test_links_that_are_no_urls_are_read_as_no_links() -> None:
    """A template's unfilled ``http://[domain]/…`` links (``urljoin`` raises on the host): in a card beside
    a date line, and naming the article's next page. The article reads as if they were absent; before,
    the extraction raised ValueError and the crawl lost the article."""
    html = """<html lang="id"><head><title>Harga cabai naik jelang Lebaran</title></head><body>
<div class="card"><span>Senin, 14 Maret 2022 10:00 WIB</span>
<a href="http://[domain]/2022/03/14/minyak-turun/">Harga minyak goreng turun lagi di pasar</a></div>
<article><h1>Harga cabai naik jelang Lebaran</h1><div class="date">Selasa, 15 Maret 2022 09:00 WIB</div>
<p>JAKARTA - Harga cabai rawit di pasar induk naik dua kali lipat dalam sepekan terakhir, kata pedagang.</p>
<p>Pemerintah daerah berjanji menggelar operasi pasar mulai pekan depan untuk menahan kenaikan harga.</p>
<a href="http://[domain]/2022/03/15/harga-cabai-naik/2/">2</a></article></body></html>"""
    extraction = extract(html, "https://kabarkota.example/2022/03/15/harga-cabai-naik/")
    assert extraction.item.headline == "Harga cabai naik jelang Lebaran"
    assert extraction.item.datePublished == "2022-03-15T09:00:00+07:00"
    assert extraction.next_page is None
