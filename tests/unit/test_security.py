"""Never trespass: spider arguments cannot move files out of the data folder, XML and HTML parsing never
resolve external entities, robots.txt ``Disallow`` and ``Crawl-delay`` are honoured.

Off-site links and redirects, and non-HTTP schemes, are covered by the crawl of the hostile server
(tests/test_hostile.py: its trap host must see no request) and by the redirect middleware tests.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import parsel
import pytest
from lxml import etree
from scrapy.utils.sitemap import Sitemap

from crawler.extract import extract_article
from tests.conftest import run_crawl
from tests.hostile.server import BILLION_LAUGHS, EXTERNAL_ENTITIES, HostileServer

PASSWD_MARK = "root:x:0:0"
SECRET = "RAHASIA-jangan-dibaca-7c1f"


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


# Spider arguments and the data folder -------------------------------------------------------------------


@pytest.mark.parametrize(
    "argument",
    [
        "name=../../escaped",
        "name=/tmp/escaped-abs",
        "state=../escaped",
        "data_dir={outside}",
        "article_store=x",
    ],
)
def test_spider_arguments_cannot_write_outside_the_data_folder(demo_portal, tmp_path, argument):
    data_dir, outside = tmp_path / "data", tmp_path / "outside"
    data_dir.mkdir()
    outside.mkdir()
    before = files_under(Path("/tmp").resolve()) if "/tmp/escaped" in argument else set()
    result = run_crawl(
        "jagatbisnis",
        "-a",
        f"base_url={demo_portal.base_url}",
        "-a",
        f"url={demo_portal.base_url}/",
        "-a",
        argument.format(outside=outside),
        data_dir=data_dir,
        timeout=120,
    )
    written = files_under(tmp_path) - files_under(data_dir)
    assert not written, f"{argument} wrote outside the data folder: {sorted(map(str, written))}"
    if before:
        assert not {p for p in files_under(Path("/tmp").resolve()) - before if "escaped" in p.name}
    assert result.returncode != 0
    assert "unknown spider argument" in result.stderr


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


# robots.txt ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/wp-admin/", "/?s=rupiah", "/search/rupiah/"])
def test_robots_disallow_is_honoured(demo_portal, tmp_path, path):
    url = demo_portal.base_url + path
    result = run_crawl(
        "jagatbisnis",
        "-a",
        f"base_url={demo_portal.base_url}",
        "-a",
        f"url={url}",
        data_dir=tmp_path,
        timeout=120,
    )
    assert "'robotstxt/forbidden': 1" in result.stderr
    assert "'warta/bad_response/robots_disallowed': 1" in result.stderr
    asked = [entry["path"] for entry in demo_portal.requests]
    assert path not in asked


def test_robots_crawl_delay_is_honoured(tmp_path):
    with HostileServer(robots_extra="Crawl-delay: 1\n") as server:
        result = run_crawl(
            "jagatbisnis",
            "-a",
            f"base_url={server.base_url}",
            "-s",
            "CLOSESPIDER_PAGECOUNT=5",
            "-s",
            "WARTA_MONITORS_ENABLED=False",
            data_dir=tmp_path,
            timeout=120,
        )
        times = [t for t, path in server.requests]
    assert "'warta/robots/crawl_delay': 1.0" in result.stderr, result.stderr[-3000:]
    assert len(times) >= 4
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    # The robots.txt request comes first; every request after it waits out the Crawl-delay.
    assert min(gaps) >= 0.95, gaps
