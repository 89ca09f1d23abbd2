"""Issue 12 item 9: sitemap and feed URLs the profile's article pattern rejects are counted, with examples.

And the shipped kompas, detik and antaranews patterns accept the real permalinks of 2015-2016
(``../shared/real-pages/truth.json``) and today's root ``/d-<id>/<slug>``.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from crawler.discovery import read_sitemap, scan_feed
from crawler.profiles import load_profile, profile_for_url
from tests.conftest import SHARED, needs_shared

REAL = SHARED / "real-pages" / "truth.json"
KOMPAS_2016 = [
    "/read/2015/11/04/21040031/Polres.Lhokseumawe.Serahkan.Anggota.Di.Minimi.ke.Kejaksaan",
    "/read/2016/02/16/14382361/Menteri.Yuddy.Ancam.PNS.yang.Rankingnya.Terendah.Akan.Dipangkas.",
    "/read/2016/02/16/14115471/Diancam.Lewat.Dunia.Maya.Mark.Zuckerberg.Sewa.16.Tukang.Pukul.",
    "/read/2016/02/23/16374618/samsul.arif.tak.beban.lawan.persib",
    "/read/2016/02/23/165200515/Merek.China.Serbu.Indonesia.Ini.Kata.Gaikindo",
]
# kompas's pattern before it was widened: lower-case hyphenated slugs only
NARROW = r"^/(?:[a-z0-9-]+/)?read/\d{4}/\d{2}/\d{2}/\d{6,}/[a-z0-9-]+/?$"
BASE = "https://nasional.kompas.com"


def _urlset(paths: list[str], news: bool = False) -> bytes:
    tag = "<news:news><news:publication_date>2016-02-16T14:38:00+07:00</news:publication_date></news:news>"
    rows = "".join(f"<url><loc>{BASE}{p}</loc>{tag if news else ''}</url>" for p in paths)
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
    return f"<?xml version='1.0'?><urlset {ns}>{rows}</urlset>".encode()


def test_sitemap_counts_the_urls_the_pattern_rejects() -> None:
    narrow = dataclasses.replace(load_profile("kompas"), article_url_pattern=NARROW)
    page = read_sitemap(_urlset([*KOMPAS_2016, "/read/2025/05/28/13300061/dpr-setujui-revisi"]), narrow)
    assert [f.url for f in page.articles] == [f"{BASE}/read/2025/05/28/13300061/dpr-setujui-revisi"]
    assert page.rejected.count == 5 and page.rejected.article_like == 5
    assert page.rejected.examples == [BASE + p for p in KOMPAS_2016[:3]]  # bounded
    assert page.rejected.share(len(page.articles)) == pytest.approx(5 / 6)


def test_pages_and_categories_are_counted_but_lose_no_article() -> None:
    profile = load_profile("kompas")
    page = read_sitemap(_urlset(["/tag/dpr", "/", "/about"]), profile)
    assert page.rejected.count == 3 and page.rejected.article_like == 0
    assert page.rejected.share(0) == 0.0


def test_a_news_sitemap_entry_is_an_article_whatever_its_shape() -> None:
    page = read_sitemap(_urlset(["/x"], news=True), load_profile("kompas"))
    assert page.rejected.article_like == 1


def test_feed_counts_the_entries_the_pattern_rejects() -> None:
    narrow = dataclasses.replace(load_profile("kompas"), article_url_pattern=NARROW)
    items = "".join(f"<item><link>{BASE}{p}</link></item>" for p in KOMPAS_2016[:2])
    page = scan_feed(f"<rss><channel>{items}</channel></rss>".encode(), f"{BASE}/feed", narrow)
    assert page.articles == [] and page.rejected.count == 2 and page.rejected.article_like == 2


@needs_shared("real-pages", "truth.json")
def test_the_shipped_patterns_accept_the_real_permalinks() -> None:
    truth = json.loads(REAL.read_text(encoding="utf-8"))
    urls = [v["url"] for k, v in truth.items() if k.split("-")[1] in ("kompas", "antara")]
    urls.append(truth["anpandu-detik-singlepage"]["url"])  # /read/2015/11/05/100026/3062623/323/<slug>
    urls += ["https://20.detik.com/d-5746542/slug-berita", "https://news.detik.com/berita/d-5746542/slug"]
    assert len(urls) == 13
    for url in urls:
        profile = profile_for_url(url)
        assert profile is not None and profile.is_article_url(url), url


def test_the_widened_patterns_still_refuse_what_is_no_article() -> None:
    kompas, detik = load_profile("kompas"), load_profile("detik")
    assert not kompas.is_article_url("https://nasional.kompas.com/read/2016/02/16/14382361/")
    for url in (
        "https://news.detik.com/d-5746542",
        "https://www.detik.com/tag/bmkg",
        "https://news.detik.com/indeks/2",
    ):
        assert not detik.is_article_url(url), url


def test_a_long_slug_served_as_an_html_file_looks_like_an_article():
    """kapanlagi (2016) names its articles ``/showbiz/film/indonesia/<long-slug>-82f43b.html``."""
    from crawler.discovery.found import looks_like_article

    page = (
        "http://www.kapanlagi.com/showbiz/film/indonesia/brandon-salim-makin-dekat-dengan-sivia-82f43b.html"
    )
    assert looks_like_article(page)
    assert not looks_like_article("http://www.kapanlagi.com/showbiz/film/index.html")
