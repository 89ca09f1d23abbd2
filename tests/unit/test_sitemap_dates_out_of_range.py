"""A sitemap or feed date outside the calendar the engine reads (an empty date that a .NET site writes as
``0001-01-01T00:00:00+07:00``, DateTime.MinValue with the server's offset) is no change signal: its entry
is kept without one, instead of the whole document failing on a date with no UTC form."""

from __future__ import annotations

import pytest

from crawler.discovery import read_sitemap, scan_feed
from crawler.profiles import load_profile
from crawler.state.articles import change_signal

JAGAT = load_profile("jagatbisnis")
ARTICLE = "https://jagatbisnis.com/2023/03/15/harga-beras-naik-lagi/"
NEXT = "https://jagatbisnis.com/2023/03/16/harga-cabai-turun/"


@pytest.mark.parametrize(
    "raw",
    [
        "0001-01-01T00:00:00+07:00",  # DateTime.MinValue east of UTC: before year 1 in UTC
        "9999-12-31T23:59:59-05:00",  # DateTime.MaxValue west of UTC: after year 9999
        "0001-01-01T00:00:00Z",  # would print as 1-01-01T00:00:00Z, shorter than a date
        "0099-05-01T00:00:00+00:00",
    ],
)
def test_an_iso_date_outside_the_engines_years_is_no_signal(raw: str) -> None:
    assert change_signal(raw) is None


def test_a_sitemap_with_an_empty_dotnet_lastmod_keeps_all_its_articles() -> None:
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{ARTICLE}</loc><lastmod>0001-01-01T00:00:00+07:00</lastmod></url>
<url><loc>{NEXT}</loc><lastmod>2023-03-16T10:00:00+07:00</lastmod></url>
</urlset>""".encode()
    page = read_sitemap(xml, JAGAT)
    assert [(f.url, f.signal) for f in page.articles] == [(ARTICLE, None), (NEXT, "2023-03-16T03:00:00Z")]


def test_a_feed_with_an_empty_dotnet_date_keeps_all_its_articles() -> None:
    xml = f"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<entry><link href="{ARTICLE}"/><updated>0001-01-01T00:00:00+07:00</updated></entry>
<entry><link href="{NEXT}"/><updated>2023-03-16T10:00:00+07:00</updated></entry>
</feed>""".encode()
    page = scan_feed(xml, "https://jagatbisnis.com/feed/atom/", JAGAT)
    assert [(f.url, f.signal) for f in page.articles] == [(ARTICLE, None), (NEXT, "2023-03-16T03:00:00Z")]
