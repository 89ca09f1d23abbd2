"""Pages whose tags nest deeper than libxml2's default limit (256 levels): a theme that leaves a tag open
in a loop reaches that easily, and the parser then dropped the rest of the page, article and all. They
are read whole up to the parser's raised limit (2048 levels); a page past even that is counted and
logged; every reader of nested text keeps to a bounded depth of Python calls."""

from __future__ import annotations

import logging

from lxml import etree
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.extract import extract
from crawler.extract.credits import _text_of
from crawler.extract.document import parse_page
from crawler.extract.generic_text import ParagraphReader
from crawler.extract.render import MAX_DEPTH, flat_text, render_blocks
from crawler.profiles import load_profile
from spiders.portals import JagatbisnisSpider
from tests.callbacks import drain

URL = "https://jagatbisnis.com/2023/03/15/harga-cabai-naik-jelang-ramadan/"
BODY = (
    "Harga cabai rawit di sejumlah pasar tradisional di Jakarta naik hingga Rp 80.000 per kilogram "
    "menjelang bulan Ramadan, menurut pantauan pedagang di Pasar Induk Kramat Jati."
)


def page(open_in_header: int) -> str:
    """A JagatBisnis article whose masthead leaves ``open_in_header`` menu ``<div>``s unclosed, so the
    article lies that many levels deeper (a browser shows it all the same)."""
    return f"""<html lang="id"><head><title>Harga Cabai Naik Jelang Ramadan - JagatBisnis</title></head>
<body><header class="jb-header"><nav class="jb-menu">{'<div class="menu-item">' * open_in_header}
<a href="/">Beranda</a></nav></header>
<article class="jb-post"><h1 class="jb-post__title">Harga Cabai Naik Jelang Ramadan</h1>
<span class="jb-post__date">Rabu, 15 Maret 2023 09:15 WIB</span>
<div class="jb-post__content"><p>{BODY}</p>
<p>Kepala Dinas Ketahanan Pangan mengatakan pasokan dari sentra produksi di Jawa Tengah berkurang karena
curah hujan yang tinggi dalam dua pekan terakhir.</p></div></article></body></html>"""


def chain(depth: int, leaf_text: str) -> etree._Element:
    """A ``<div>`` holding ``depth`` levels of ``<span>``, built without a parser (no limit applies)."""
    top = node = etree.Element("div")
    for _ in range(depth):
        node = etree.SubElement(node, "span")
    node.text = leaf_text
    node.tail = " after"
    etree.SubElement(node, "script").text = "var ad = 1;"
    return top


def test_an_article_below_300_unclosed_tags_is_read_whole_on_both_paths():
    for profile in (load_profile("jagatbisnis"), None):
        extraction = extract(page(300), URL, profile)
        assert BODY in extraction.item.articleBody
        assert extraction.item.pageType == "article"
        assert not extraction.too_deep


def test_a_page_nested_past_the_parser_limit_says_so():
    assert parse_page(page(300)).too_deep is False
    root, too_deep = parse_page(page(2100))
    assert too_deep is True
    assert BODY not in "".join(root.itertext())  # what lay below the limit was not read
    assert extract(page(2100), URL, load_profile("jagatbisnis")).too_deep is True
    assert parse_page("<html><body><p>x</p></body></html>").too_deep is False  # the log is the last run's


def test_readers_of_nested_text_take_the_deep_rest_as_one_run():
    top = chain(3 * MAX_DEPTH, "Harga cabai naik")
    text = " ".join(line.text for block in render_blocks(top) for line in block)
    assert text == "Harga cabai naik after"  # the script's text left out, the tail kept
    assert _text_of(top) == "Harga cabai naik after"
    (paragraph,) = ParagraphReader(top).read()
    assert paragraph.text == "Harga cabai naik after"


def test_flat_text_keeps_document_order_and_leaves_scripts_and_its_own_tail_out():
    root = etree.fromstring(
        "<div>a<b>b<script>s</script>c<i>d</i>e</b>f<!-- note -->g<style>x</style>h<br>i</div>tail",
        etree.HTMLParser(),
    )
    assert flat_text(root.find(".//div")) == "abcdefghi"


def test_the_crawl_counts_and_names_a_page_nested_past_the_parser_limit(tmp_path, caplog):
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_DATA_DIR": str(tmp_path)})
    crawler.stats.open_spider()
    spider = crawler._create_spider()
    crawler.spider = spider
    response = HtmlResponse(URL, body=page(2100).encode("utf-8"), encoding="utf-8", request=Request(URL))
    with caplog.at_level(logging.WARNING):
        drain(spider.parse_article(response))
    assert crawler.stats.get_value("warta/extract/too_deep_pages") == 1
    assert any(URL in r.getMessage() and "2048 levels" in r.getMessage() for r in caplog.records)
