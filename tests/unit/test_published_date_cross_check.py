"""datePublished cross-checked on pages shaped like the real ones of issue 13 (written here, not copied):
a false `Z`, a sidebar article's time in meta, a 2014 meta value on a 2020 page, a date line without zone
and nothing else, a day known only from the permalink, teaser cards before the article's own line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import jsonschema
import pytest

from crawler.dates import choose_published
from crawler.dates.precedence import DateCandidate
from crawler.extract import extract, extract_article
from crawler.extract.when import MAX_YEARLESS_LINES, DateReads, PublishedDate
from crawler.items import article_schema

WIB = timezone(timedelta(hours=7))
BODY = (
    "<p>Pemerintah daerah menyiapkan anggaran tambahan untuk perbaikan jalan yang rusak akibat banjir "
    "pekan lalu di sejumlah kecamatan.</p><p>Kepala dinas mengatakan pekerjaan dimulai bulan depan dan "
    "ditargetkan selesai sebelum akhir tahun anggaran berjalan.</p>"
)


def page(head: str = "", top: str = "", side: str = "", title: str = "Jalan Rusak Segera Diperbaiki") -> str:
    """An old portal layout: a sidebar of teaser cards, then the article with its date line."""
    return f"""<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>
{head}</head><body><div id="wrap"><div class="kolom-kanan">{side}</div>
<div class="kolom-konten">{top}<h2 class="judul">{title}</h2><div class="isi">{BODY}</div></div>
</div></body></html>"""


def jsonld(published: str) -> str:
    data = {"@type": "NewsArticle", "datePublished": published}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def teaser(when: str, slug: str) -> str:
    return (
        f'<div class="kolom-300"><div class="tanggal">{when}</div><div class="judul-kolom">'
        f'<a href="http://news.example.co.id/read/2015/11/04/{slug}">Menteri Tinjau Lokasi Banjir di '
        "Tiga Kecamatan</a></div><div>Ringkasan berita lain yang singkat.</div></div>"
    )


# ---- a false Z -------------------------------------------------------------------------------------------
DETIK_2015 = "http://inet.detik.com/read/2015/11/05/100026/3062623/323/jalan-rusak-segera-diperbaiki"


@pytest.mark.parametrize(
    "url",
    [
        DETIK_2015,
        # no profile: the generic date selectors must not take the head's <meta itemprop="datePublished">
        # for the line readers see
        "http://inet.example-news.co.id/read/2015/11/05/100026/3062623/323/jalan-rusak-segera-diperbaiki",
    ],
)
def test_a_z_whose_wall_clock_is_the_visible_wib_minute_is_read_as_wib(url: str) -> None:
    """detik 2015: `pubdate` 10:08:58 labelled Z under `05/11/2015 10:08 WIB`: seven hours wrong as UTC."""
    head = (
        '<meta name="pubdate" content="2015-11-05 T10:08:58Z" itemprop="datePublished" />'
        '<meta content="2015-11-05 T10:00:26Z" itemprop="dateCreated" />'
    )
    item = extract_article(page(head, top='<div class="date">Kamis, 05/11/2015 10:08 WIB</div>'), url)
    assert item.datePublished == "2015-11-05T10:08:58+07:00"
    assert (item.datePublishedSource, item.datePublishedRaw) == ("meta", "2015-11-05 T10:08:58Z")
    assert item.datePublishedPrecision == "second"


def test_a_true_utc_value_still_agrees_with_the_visible_line() -> None:
    head = jsonld("2016-02-16T02:10:56Z")
    top = '<time class="read-page__datetime">16 Feb 2016, 09:10 WIB</time>'
    item = extract_article(page(head, top), "http://tekno.example.com/read/2436773/jalan-rusak")
    assert (item.datePublished, item.datePublishedSource) == ("2016-02-16T09:10:56+07:00", "jsonld")


# ---- a sidebar article's time in meta ---------------------------------------------------------------------
DETIK_FOTO = "http://finance.detik.com/readfoto/2016/02/23/153201/3149106/461/1/jalan-rusak-segera-diperbaiki"
SIDEBAR = "".join(
    f'<li><span class="date">Selasa, 23/02/2016 {t} WIB</span><h6><a href="http://finance.detik.com/read/'
    f'2016/02/23/{t.replace(":", "")}00/31491{i}/4/berita-lain-{i}">Harga Cabai di Pasar Induk Turun Lagi</a>'
    "</h6></li>"
    for i, t in enumerate(["16:10", "16:00", "15:44"])
)


@pytest.mark.parametrize(
    ("created", "expected", "source", "precision"),
    [
        # dateCreated agrees with the line to the minute: it gives the seconds
        (
            '<meta content="2016-02-23 T15:32:01Z" itemprop="dateCreated" />',
            "2016-02-23T15:32:01+07:00",
            "meta",
            "second",
        ),
        # nothing agrees: the line readers see wins, at its minute
        ("", "2016-02-23T15:32:00+07:00", "visible", "minute"),
    ],
)
def test_the_visible_line_wins_over_a_sidebar_articles_time_in_meta(
    created: str, expected: str, source: str, precision: str
) -> None:
    head = '<meta name="pubdate" content="2016-02-23 T16:00:20Z" itemprop="datePublished" />' + created
    html = page(
        head, top='<div class="date">\n  Selasa, 23/02/2016 15:32 WIB\n</div>', side=f"<ul>{SIDEBAR}</ul>"
    )
    item = extract_article(html, DETIK_FOTO)
    assert (item.datePublished, item.datePublishedSource, item.datePublishedPrecision) == (
        expected,
        source,
        precision,
    )


# ---- a 2014 datePublished on a 2020 page ------------------------------------------------------------------
STALE = jsonld("2014-03-02T10:00:00+07:00")
URL_2020 = "https://www.example.co.id/berita/2020/12/14/jalan-rusak-segera-diperbaiki"


def test_a_2014_datepublished_on_a_2020_page_loses_to_the_visible_line() -> None:
    top = '<div class="date-detail">Senin, 14 Desember 2020 | 09:45 WIB</div>'
    extraction = extract(page(STALE, top), URL_2020)
    item = extraction.item
    assert (item.datePublished, item.datePublishedSource) == ("2020-12-14T09:45:00+07:00", "visible")
    assert extraction.date_disagreements == 1  # the stale JSON-LD, counted for the crawl stats


def test_a_2014_datepublished_loses_to_the_permalink_day_which_stays_a_day() -> None:
    item = extract_article(page(STALE), URL_2020)
    assert (item.datePublished, item.datePublishedSource, item.datePublishedPrecision) == (
        "2020-12-14",
        "url",
        "day",
    )


def test_a_visible_line_days_from_the_permalink_is_outvoted_by_an_agreeing_machine_value() -> None:
    """A line that is neither the permalink's day nor the CMS's is not the article's own."""
    head = '<meta property="article:published_time" content="2020-12-14T09:45:10+07:00">'
    top = '<div class="date">Kamis, 10 Desember 2020 | 18:00 WIB</div>'
    item = extract_article(page(head, top), URL_2020)
    assert (item.datePublished, item.datePublishedSource) == ("2020-12-14T09:45:10+07:00", "meta")


# ---- a date line without zone and nothing else (kapanlagi) -------------------------------------------------
def test_a_date_line_without_zone_in_an_unnamed_element_is_read_in_the_portal_zone() -> None:
    top = (
        '<div id="newsdetail-right-new"><a href="/showbiz/film/indonesia" class="newsdetail-categorylink">'
        "FILM INDONESIA</a>"
        '<span class="newsdetail-schedule-new">Kamis, 05 November 2015 11:52</span>'
        '<span class="newsdetail-schedule-new">&nbsp;|&nbsp;</span><h2 class="newsdetail-celebrity">Brandon'
        "</h2></div>"
    )
    url = "http://www.example.com/showbiz/film/indonesia/jalan-rusak-segera-diperbaiki-82f43b.html"
    item = extract_article(page(top=top), url)
    assert (item.datePublished, item.datePublishedSource, item.datePublishedPrecision) == (
        "2015-11-05T11:52:00+07:00",
        "visible",
        "minute",
    )
    assert item.datePublishedRaw == "Kamis, 05 November 2015 11:52"


def test_a_machine_offset_fills_in_the_zone_a_line_leaves_out() -> None:
    head = '<meta property="article:published_time" content="2015-11-05T11:52:30+08:00">'
    top = '<span class="schedule">Kamis, 05 November 2015 11:52</span>'
    item = extract_article(page(head, top), "https://www.example.com/berita/jalan-rusak-82f43b.html")
    assert item.datePublished == "2015-11-05T11:52:30+08:00"


# ---- teaser cards and date lines no selector names ------------------------------------------------------
def test_teaser_cards_before_the_article_are_not_its_date_line() -> None:
    """English Tempo 2015: the sidebar's cards come first in the page, each with its own `div.tanggal`."""
    side = teaser("Wednesday, 04 November 2015 | 19:14", "a") + teaser(
        "Wednesday, 04 November 2015 | 18:58", "b"
    )
    top = '<div class="tanggal">Wednesday, 04 November, 2015 |  07:28 WIB</div>'
    url = "http://en.example.co/read/news/2015/11/04/055715684,uk.html/Road-Repairs"
    item = extract_article(page(top=top, side=side), url)
    assert (item.datePublished, item.datePublishedSource) == ("2015-11-04T07:28:00+07:00", "visible")


def linked_card(when: str, iso: str, href: str, headline: str) -> str:
    """A card that is one link: the date and the headline inside the ``<a>`` (liputan6 2021's "berita
    pilihan" box, written here)."""
    return (
        f'<div class="snippet"><a href="{href}" class="snippet__link"><div class="snippet__label-time">'
        f'<span class="snippet__label">berita pilihan</span><div class="snippet__date">'
        f'<time class="timeago" datetime="{iso}">{when}</time></div></div>'
        f'<span class="snippet__title">{headline}</span></a></div>'
    )


def test_a_card_that_is_one_link_around_its_date_is_another_articles_date() -> None:
    """The sidebar card's ``<time datetime>`` (the first on the page, a day later) was taken for the
    article's visible line and beat the JSON-LD and the header's own line."""
    side = linked_card(
        "21 Des 2021 08:30",
        "2021-12-21T08:30:57+07:00",
        "https://www.example-news.com/bisnis/read/4804400/pertumbuhan-ekonomi-2022-sulit-diprediksi",
        "Dahlan Iskan: Tak Ada yang Bisa Prediksi Tepat Pertumbuhan Ekonomi 2022",
    )
    top = '<p class="header__byline">Oleh Giovani pada 20 Des 2021, 09:59 WIB</p>'
    url = "https://www.example-news.com/tekno/read/4804339/jalan-rusak-segera-diperbaiki"
    item = extract_article(page(jsonld("2021-12-20T09:59:55+07:00"), top=top, side=side), url)
    assert item.datePublished == "2021-12-20T09:59:55+07:00"


def test_the_articles_own_date_inside_its_permalink_is_still_its_date() -> None:
    """A theme's permalink around its own date (WordPress' ``rel=bookmark``) leads to the page itself."""
    url = "https://www.example.co.id/2021/12/20/jalan-rusak-segera-diperbaiki/"
    top = (
        f'<a href="{url}" rel="bookmark"><time class="entry-date" datetime="2021-12-20T09:59:00+07:00">'
        "Senin, 20 Desember 2021 09:59</time></a>"
    )
    item = extract_article(page(top=top), url)
    assert (item.datePublished, item.datePublishedSource) == ("2021-12-20T09:59:00+07:00", "visible")


def test_a_date_line_in_a_share_bar_without_date_class_is_found() -> None:
    """kompas 2016: the line sits in `div.social` (page chrome to the generic selectors), no date class."""
    top = (
        '<h4 class="breadcrump"><a href="http://bola.example.com">Bola</a> / '
        '<a href="http://bola.example.com/liga">Liga Indonesia</a></h4>'
        '<div class="social clearfix"><div class="msmall grey">Selasa, 23 Februari 2016 | 16:37 WIB</div>'
        '<ul class="social__wrap"><li><a href="javascript:void(0);">Bagikan</a></li></ul></div>'
    )
    url = "http://bola.example.com/read/2016/02/23/16374618/jalan.rusak.segera.diperbaiki"
    item = extract_article(page(top=top), url)
    assert (item.datePublished, item.datePublishedSource) == ("2016-02-23T16:37:00+07:00", "visible")


# ---- a day known only from the permalink ------------------------------------------------------------------
def test_a_day_known_only_from_the_permalink_is_exported_as_a_day_and_validates() -> None:
    item = extract_article(page(), "https://www.example.co.id/2025/06/18/jalan-rusak-segera-diperbaiki/")
    assert (item.datePublished, item.datePublishedPrecision) == ("2025-06-18", "day")
    pattern = article_schema()["properties"]["datePublished"]
    for value in ("2025-06-18", "2025-06-18T07:30:00+07:00", None):
        jsonschema.validate(value, pattern)
    for bad in ("2025-06-18T00:00", "18-06-2025", "2025-06-18T07:30:00Z"):
        assert not jsonschema.Draft202012Validator(pattern).is_valid(bad), bad
    assert set(article_schema()["properties"]["datePublishedPrecision"]["enum"]) >= {
        "day",
        "minute",
        "second",
    }


def test_a_date_line_without_time_gives_a_day_refined_by_an_agreeing_machine_value() -> None:
    top = '<div class="date">Selasa, 23 Februari 2016</div>'
    url = "https://www.example.co.id/berita/jalan-rusak-segera-diperbaiki"
    assert extract_article(page(top=top), url).datePublished == "2016-02-23"
    head = '<meta property="article:published_time" content="2016-02-23T15:06:12+07:00">'
    assert extract_article(page(head, top), url).datePublished == "2016-02-23T15:06:12+07:00"


# ---- the precedence function itself ------------------------------------------------------------------------
def test_refiners_neither_stand_alone_nor_count_as_disagreements() -> None:
    created = DateCandidate(
        "meta", "x", datetime(2016, 2, 23, 8, 32, 1, tzinfo=UTC), utc_label=True, refines_only=True
    )
    assert choose_published([created]).value is None
    line = DateCandidate("visible", "y", datetime(2014, 3, 2, 10, 0, tzinfo=WIB), "minute")
    choice = choose_published([created, line])
    assert (choice.source, choice.precision, choice.disagreements) == ("visible", "minute", [])


def test_legacy_tuples_keep_working_with_the_permalink_as_a_day() -> None:
    choice = choose_published([("url", "2025/06/18", datetime(2025, 6, 18, tzinfo=WIB))])
    assert (choice.source, choice.precision) == ("url", "day")
    assert json.dumps(choice.value.isoformat()) == '"2025-06-18T00:00:00+07:00"'


# ---- a zone the engine does not read ---------------------------------------------------------------------
def test_a_line_in_a_zone_not_read_states_its_day_only() -> None:
    """`7:04 pm CST` (US Central or China?) read as WIB is hours wrong: the line gives its day, never a
    made-up instant."""
    top = '<div class="timestamp">Nov. 18, 2019 7:04 pm CST</div>'
    item = extract_article(page(top=top), "https://www.example.com/news/jalan-rusak-segera-diperbaiki.html")
    assert (item.datePublished, item.datePublishedPrecision) == ("2019-11-18", "day")


def test_a_line_in_us_eastern_time_keeps_its_instant() -> None:
    """`7:04 pm ET` in November is EST: the instant with the offset the page states, to the minute."""
    top = '<div class="timestamp">Nov. 18, 2019 7:04 pm ET</div>'
    item = extract_article(page(top=top), "https://www.example.com/news/jalan-rusak-segera-diperbaiki.html")
    assert (item.datePublished, item.datePublishedPrecision) == ("2019-11-18T19:04:00-05:00", "minute")


def test_a_meta_tag_counts_under_each_of_its_names() -> None:
    """`property="article:modified" itemprop="dateModified"`: a dateModified under either vocabulary."""
    head = (
        '<meta property="article:published" itemprop="datePublished dateCreated"'
        ' content="2019-11-19T11:00:09Z">'
        '<meta property="article:modified" itemprop="dateModified" content="2019-11-19T11:30:08Z">'
    )
    item = extract_article(page(head), "https://www.example.co.id/berita/jalan-rusak-segera-diperbaiki")
    assert item.datePublished == "2019-11-19T18:00:09+07:00"
    assert item.dateModified == "2019-11-19T18:30:08+07:00"


# ---- which visible line is the published one --------------------------------------------------------
# liputan6 shape: "Diperbarui" printed before "Diterbitkan", both <time> elements classed `updated`
LABELLED_LINES = (
    '<div class="read-page--header--author">'
    '<time class="read-page--header--author__modified-time updated" datetime="2025-06-18 14:05:31">'
    "Diperbarui 18 Jun 2025, 14:05 WIB</time>"
    '<time class="read-page--header--author__datetime updated" datetime="2025-06-18 09:12:05">'
    "Diterbitkan 18 Jun 2025, 09:12 WIB</time></div>"
)
URL_NO_DAY = "https://www.example-berita.co.id/news/read/6032145/jalan-rusak-segera-diperbaiki"


def test_the_line_labelled_published_wins_over_the_update_line_printed_first() -> None:
    item = extract_article(page(top=LABELLED_LINES), URL_NO_DAY)
    assert (item.datePublished, item.datePublishedSource) == ("2025-06-18T09:12:05+07:00", "visible")
    assert item.dateModified == "2025-06-18T14:05:31+07:00"


def test_an_update_line_found_by_the_scan_is_not_the_published_date() -> None:
    """No date class at all: the page scan finds both lines; the labelled update is passed over."""
    top = (
        '<div class="info"><span class="x1">Diperbarui 18 Jun 2025, 14:05 WIB</span></div>'
        '<div class="info"><span class="x2">Diterbitkan 18 Jun 2025, 09:12 WIB</span></div>'
    )
    head = '<meta property="article:published_time" content="2025-06-18T02:12:05+00:00">'
    item = extract_article(page(head, top), URL_NO_DAY)
    assert item.datePublished == "2025-06-18T09:12:05+07:00"


# ---- a visible line that states no year -------------------------------------------------------------
REFERENCE = datetime(2026, 12, 6, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize("card", ["18 Nov", "2 jam lalu"])
def test_a_sidebar_line_without_its_year_never_outvotes_the_pages_machine_date(card: str) -> None:
    """Sidebar cards print `18 Nov` or `2 jam lalu` in a date-classed element before the article: read
    against the crawl's clock, they would make a 2019 story a 2026 one."""
    side = f'<ul><li><span class="item__date">{card}</span> <a href="/x">Berita lain</a></li></ul>'
    head = jsonld("2019-11-19T13:16:49+07:00")
    item = extract_article(page(head, side=side), URL_NO_DAY, reference=REFERENCE)
    assert (item.datePublished, item.datePublishedSource) == ("2019-11-19T13:16:49+07:00", "jsonld")


def test_a_line_without_its_year_still_dates_a_page_with_no_machine_value() -> None:
    top = '<div class="date">Kamis, 3 Des 09:45 WIB</div>'
    item = extract_article(page(top=top), URL_NO_DAY, reference=REFERENCE)
    assert (item.datePublished, item.datePublishedSource) == ("2026-12-03T09:45:00+07:00", "visible")


def test_a_page_of_endless_yearless_cards_is_read_only_so_far() -> None:
    """Each yearless line is parsed twice; a page of thousands stops being searched after a few."""
    cards = "".join(
        f'<li><span class="date">{i % 23 + 1} jam lalu</span> <a href="/x{i}">Lain</a></li>'
        for i in range(3000)
    )
    top = '<div class="date">Kamis, 3 Des 2026 09:45 WIB</div>'  # after every card: never reached
    head = jsonld("2026-12-03T09:45:10+07:00")
    seen: list[str] = []
    reads = DateReads(tz="Asia/Jakarta", reference=REFERENCE)
    original = reads.needs_reference

    def counting(raw: str) -> bool:
        seen.append(raw)
        return original(raw)

    reads.needs_reference = counting  # type: ignore[method-assign]
    sources = {
        "jsonld": lambda: ["2026-12-03T09:45:10+07:00"],
        "visible": lambda: (f"{i % 23 + 1} jam lalu" for i in range(3000)),
    }
    found = PublishedDate(sources, reads, url=URL_NO_DAY).found
    assert found is not None and found.source == "jsonld"
    assert len(seen) == MAX_YEARLESS_LINES
    item = extract_article(page(head, top, side=f"<ul>{cards}</ul>"), URL_NO_DAY, reference=REFERENCE)
    assert item.datePublishedSource == "jsonld"


def test_a_utc_value_is_shown_in_the_central_zone_another_machine_value_states() -> None:
    """beritamanado 2020 (written here): the JSON-LD value in UTC, ``article:published_time`` at +08:00,
    a visible line with the day only: the date is shown in WITA, the page's own offset, not in WIB."""
    head = jsonld("2020-10-09T06:58:53+00:00") + (
        '<meta property="article:published_time" content="2020-10-09T14:58:53+08:00">'
    )
    top = '<div class="tanggal">Jumat, 9 Oktober 2020</div>'
    item = extract_article(page(head, top=top), "https://manado.example-news.com/2020/10/09/jalan-rusak/")
    assert item.datePublished == "2020-10-09T14:58:53+08:00"
