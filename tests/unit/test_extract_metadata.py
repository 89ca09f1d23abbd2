"""Metadata layers: JSON-LD (Yoast @graph), meta tags, profile selectors, generic rules; dates and zones."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.dates import parse_date
from crawler.extract import extract as extract_page
from crawler.extract import extract_article
from crawler.extract.people import MAX_LISTED_PEOPLE
from crawler.extract.taxonomy import MAX_KEYWORD_TERMS
from crawler.extract.when import read_date
from crawler.profiles import load_profile
from crawler.urls import canonicalize

URL = "https://jagatbisnis.com/2025/06/18/harga-beras-naik/"
BODY = (
    "<p>Harga beras medium di pasar tradisional naik menjadi Rp14.000 per kilogram pekan ini.</p>"
    "<p>Pedagang menyebut pasokan dari sentra produksi berkurang sejak awal bulan.</p>"
)


def page(*, head: str = "", meta_html: str = "", body: str = BODY, h1: str = "Harga Beras Naik") -> str:
    h1_html = f'<h1 class="entry-title">{h1}</h1>' if h1 else ""
    return f"""<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>Harga Beras Naik - JagatBisnis</title>
{head}</head><body class="single single-post"><main><article>{h1_html}
<div class="entry-meta">{meta_html}</div><div class="entry-content">{body}</div>
</article></main></body></html>"""


def jsonld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def extract(html: str, url: str = URL) -> dict:
    return extract_article(html, url, load_profile("jagatbisnis"))


# ---- dates ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        "Thu, 01 Jan 1970 07:00:00 +0700",  # a CMS's zero timestamp (republika's home page of 2015)
        "1970-01-01T00:00:00Z",
        "0001-01-01T00:00:00",  # .NET's least date
        "2099-06-18T07:30:12+07:00",  # a mistyped year: after the page was fetched
    ],
)
def test_a_date_no_page_can_have_gives_way_to_the_next_source(value: str) -> None:
    head = jsonld({"@type": "NewsArticle", "datePublished": value, "dateModified": value}) + (
        '<meta property="article:published_time" content="2025-06-18T07:30:12+07:00">'
    )
    reference = datetime(2025, 6, 19, 8, 0, tzinfo=UTC)
    item = extract_article(page(head=head), URL, load_profile("jagatbisnis"), reference=reference)
    assert item["datePublished"] == "2025-06-18T07:30:12+07:00"
    assert item["datePublishedSource"] == "meta"
    assert item["dateModified"] is None


def test_jsonld_beats_meta_when_both_agree_with_the_visible_line() -> None:
    head = jsonld({"@type": "NewsArticle", "datePublished": "2025-06-18T07:30:12+07:00"}) + (
        '<meta property="article:published_time" content="2025-06-18T07:30:40+07:00">'
    )
    item = extract(
        page(head=head, meta_html='<time class="entry-date published">Rabu, 18 Jun 2025 07:30 WIB</time>')
    )
    assert item["datePublished"] == "2025-06-18T07:30:12+07:00"
    assert item["datePublishedSource"] == "jsonld"
    assert item["datePublishedRaw"] == "2025-06-18T07:30:12+07:00"
    assert item["datePublishedPrecision"] == "second"


def test_the_visible_line_beats_disagreeing_jsonld_and_meta() -> None:
    """Issue 13: the date line shown to readers wins over a disagreeing machine value (this test asserted
    the opposite, JSON-LD first, before the cross-check)."""
    head = jsonld({"@type": "NewsArticle", "datePublished": "2025-06-18T07:30:00+07:00"}) + (
        '<meta property="article:published_time" content="2025-06-18T09:00:00+07:00">'
    )
    item = extract(
        page(head=head, meta_html='<time class="entry-date published">Rabu, 18 Jun 2025 10:00 WIB</time>')
    )
    assert item["datePublished"] == "2025-06-18T10:00:00+07:00"
    assert item["datePublishedSource"] == "visible"
    assert item["datePublishedRaw"] == "Rabu, 18 Jun 2025 10:00 WIB"
    assert item["datePublishedPrecision"] == "minute"


def test_sources_days_apart_are_counted_and_the_line_readers_see_wins() -> None:
    """JSON-LD says 15 June, the date line readers see and the permalink say 18 June: the line wins (it
    was JSON-LD before the cross-check of issue 13), and JSON-LD, more than a day away, is counted."""
    head = jsonld({"@type": "NewsArticle", "datePublished": "2025-06-15T07:30:00+07:00"})
    meta = '<span class="jb-post__date">Rabu, 18 Jun 2025 10:00 WIB</span>'
    extraction = extract_page(page(head=head, meta_html=meta), URL, load_profile("jagatbisnis"))
    item = extraction.item
    assert item["datePublished"] == "2025-06-18T10:00:00+07:00"
    assert item["datePublishedSource"] == "visible"
    assert extraction.date_disagreements == 1


@pytest.mark.parametrize(
    ("published", "url", "expected"),
    [
        ("2025-06-18T07:30:00+07:00", URL, 0),  # all three on the same day
        ("2025-06-17T23:50:00+07:00", URL, 0),  # ten minutes before the permalink's midnight: not a day
        ("2025-06-15T07:30:00+07:00", "https://jagatbisnis.com/harga-beras-naik/", 1),  # no permalink day
    ],
)
def test_date_disagreements_count_only_more_than_a_day(published: str, url: str, expected: int) -> None:
    head = jsonld({"@type": "NewsArticle", "datePublished": published})
    meta = '<span class="jb-post__date">Rabu, 18 Jun 2025 10:00 WIB</span>'
    extraction = extract_page(page(head=head, meta_html=meta), url, load_profile("jagatbisnis"))
    assert extraction.item["datePublished"] == "2025-06-18T10:00:00+07:00"  # the visible line (issue 13)
    assert extraction.date_disagreements == expected


def test_date_disagreements_only_when_asked() -> None:
    assert extract(page())["dateDisagreements"] is None  # the item alone does not report them
    assert extract_page("", URL).date_disagreements == 0


# a permalink without a day: these tests are about zones, not about a meta day far from the permalink's
UNDATED_URL = "https://jagatbisnis.com/harga-beras-naik/"


def test_utc_meta_value_is_expressed_in_the_portal_zone() -> None:
    head = '<meta property="article:published_time" content="2022-03-15T01:12:40+00:00">'
    item = extract(page(head=head), url=UNDATED_URL)
    assert item["datePublished"] == "2022-03-15T08:12:40+07:00"
    assert item["datePublishedSource"] == "meta"


def test_meta_offset_without_colon() -> None:
    head = '<meta property="article:published_time" content="2025-05-28T13:30:00+0700">'
    assert extract(page(head=head), url=UNDATED_URL)["datePublished"] == "2025-05-28T13:30:00+07:00"


def test_explicit_page_offset_is_kept() -> None:
    head = '<meta property="article:published_time" content="2025-06-18T09:15:00+08:00">'
    assert extract(page(head=head))["datePublished"] == "2025-06-18T09:15:00+08:00"


def test_wita_in_the_visible_line_sets_the_zone_of_every_date() -> None:
    head = jsonld(
        {
            "@type": "NewsArticle",
            "datePublished": "2022-11-22T17:34:39+07:00",
            "dateModified": "2022-11-23T02:00:00+00:00",
        }
    )
    meta = '<span class="jb-post__date">Selasa, 22 November 2022 - 18:34 WITA</span>'
    item = extract(page(head=head, meta_html=meta))
    assert item["datePublished"] == "2022-11-22T18:34:39+08:00"
    assert item["dateModified"] == "2022-11-23T10:00:00+08:00"


def test_visible_date_line_when_the_page_has_no_machine_date() -> None:
    meta = '<span class="jb-post__date">Rabu, 18 Jun 2025 07:30 WIB</span>'
    item = extract(page(meta_html=meta))
    assert item["datePublished"] == "2025-06-18T07:30:00+07:00"
    assert item["datePublishedSource"] == "visible"
    assert item["datePublishedRaw"] == "Rabu, 18 Jun 2025 07:30 WIB"


def test_url_day_is_the_last_resort_and_modified_stays_null() -> None:
    item = extract(page())
    assert item["datePublished"] == "2025-06-18"  # the day alone, no invented midnight (issue 13)
    assert item["datePublishedSource"] == "url"
    assert item["datePublishedPrecision"] == "day"
    assert item["dateModified"] is None
    assert item["dateModifiedRaw"] is None


def test_no_date_anywhere() -> None:
    item = extract(page(), url="https://jagatbisnis.com/harga-beras-naik/")
    assert item["datePublished"] is None
    assert item["datePublishedSource"] is None


def test_modified_from_diperbarui_line() -> None:
    meta = (
        '<span class="jb-post__date">Rabu, 18 Jun 2025 07:30 WIB</span>'
        "<span>Diperbarui 18 Jun 2025, 14:05 WIB</span>"
    )
    item = extract(page(meta_html=meta))
    assert item["dateModified"] == "2025-06-18T14:05:00+07:00"
    assert item["dateModifiedRaw"] == "18 Jun 2025, 14:05 WIB"


def test_modified_from_time_updated() -> None:
    meta = (
        '<time class="entry-date published" datetime="2025-06-18T07:30:00+07:00">18 Juni 2025</time>'
        '<time class="updated" datetime="2025-06-19T08:00:00+07:00">19 Juni 2025</time>'
    )
    item = extract(page(meta_html=meta))
    assert item["datePublishedSource"] == "visible"
    assert item["dateModified"] == "2025-06-19T08:00:00+07:00"


def test_mentioned_dates_take_their_year_from_date_published() -> None:
    head = '<meta property="article:published_time" content="2023-01-02T10:00:00+07:00">'
    body = "<p>Rapat terakhir digelar Jumat (30/12) dan dilanjutkan Senin (2/1) di Jakarta.</p>"
    item = extract(page(head=head, body=body), url="https://jagatbisnis.com/2023/01/02/rapat/")
    assert item["mentionedDates"] == [
        {"text": "Jumat (30/12)", "date": "2022-12-30", "weekdayMatches": True},
        {"text": "Senin (2/1)", "date": "2023-01-02", "weekdayMatches": True},
    ]


# ---- text metadata -------------------------------------------------------------------------------
YOAST = {
    "@context": "https://schema.org",
    "@graph": [
        {
            "@type": "NewsArticle",
            "@id": URL + "#article",
            "headline": "Harga Beras Medium Naik Jadi Rp14.000",
            "author": [{"@id": "https://jagatbisnis.com/#/schema/person/a"}, {"name": "Budi Santoso"}],
            "datePublished": "2025-06-18T07:30:00+07:00",
            "keywords": "Beras, Pangan, Inflasi",
            "articleSection": "Ekonomi",
            "image": {"@id": URL + "#primaryimage"},
        },
        {"@type": "Person", "@id": "https://jagatbisnis.com/#/schema/person/a", "name": "Ani Rahmawati"},
        {
            "@type": "ImageObject",
            "@id": URL + "#primaryimage",
            "url": "https://jagatbisnis.com/wp-content/uploads/2025/06/beras.jpg",
            "caption": "Pedagang beras di Pasar Induk Cipinang",
        },
    ],
}


def test_yoast_graph_fields_and_references() -> None:
    item = extract(page(head=jsonld(YOAST), h1="Judul Tema Berbeda"))
    assert item["headline"] == "Harga Beras Medium Naik Jadi Rp14.000"
    assert item["authors"] == ["Ani Rahmawati", "Budi Santoso"]
    assert item["tags"] == ["Beras", "Pangan", "Inflasi"]
    assert item["section"] == "Ekonomi"
    assert item["mainImage"] == {
        "url": "https://jagatbisnis.com/wp-content/uploads/2025/06/beras.jpg",
        "caption": "Pedagang beras di Pasar Induk Cipinang",
    }
    assert item["pageType"] == "article"


def test_malformed_jsonld_is_skipped_and_meta_takes_over() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
        '<meta property="article:published_time" content="2025-06-18T07:30:00+07:00">'
    )
    item = extract(page(head=head))
    assert item["datePublishedSource"] == "meta"
    assert item["headline"] == "Harga Beras Naik"


@pytest.mark.parametrize(
    "nested",
    [
        "[" * 100_000 + "]" * 100_000,  # a hostile page: deeper than Python's decoder follows
        '{"a": ' * 100_000 + "1" + "}" * 100_000,
    ],
)
def test_jsonld_nested_too_deep_to_decode_is_skipped_and_the_page_still_reads(nested: str) -> None:
    head = (
        f'<script type="application/ld+json">{nested}</script>'
        '<meta property="article:published_time" content="2025-06-18T07:30:00+07:00">'
    )
    item = extract(page(head=head))
    assert item["headline"] == "Harga Beras Naik"
    assert item["datePublishedSource"] == "meta"
    assert "Rp14.000" in item["articleBody"]


@pytest.mark.parametrize("odd", ["true", "1e400", "NaN", "-Infinity"])
def test_jsonld_values_that_are_no_text_leave_their_fields_to_the_page(odd: str) -> None:
    """``true`` or ``1e400`` in JSON-LD became "True", "inf" or "nan" as a description, an author or a
    language; the generic path reads JSON-LD first."""
    url = "https://berita.example/2025/06/18/harga-beras-naik/"  # no profile: the generic path
    values = ", ".join(f'"{name}": {odd}' for name in ("description", "inLanguage", "headline"))
    node = f'{{"@type": "NewsArticle", {values}, "author": {{"name": {odd}}}}}'
    head = f'<script type="application/ld+json">{node}</script>'
    item, without = extract_article(page(head=head), url, None), extract_article(page(), url, None)
    for name in ("description", "inLanguage", "headline", "authors"):
        assert item[name] == without[name], name


def test_title_sources_too_long_to_be_a_headline_leave_it_to_the_heading() -> None:
    url = "https://berita.example/2025/06/18/harga-beras-naik/"  # no profile: the generic path
    stuffed = "Harga beras naik lagi " * 500  # 11,000 characters
    head = jsonld({"@type": "NewsArticle", "headline": stuffed})
    head += f'<meta property="og:title" content="{stuffed}">'
    assert extract_article(page(head=head), url, None)["headline"] == "Harga Beras Naik"


def test_a_stuffed_keywords_meta_gives_at_most_a_hundred_tags_in_page_order() -> None:
    head = '<meta name="keywords" content="' + ", ".join(f"kata{i}" for i in range(5000)) + '">'
    assert extract(page(head=head))["tags"] == [f"kata{i}" for i in range(100)]


def test_editor_credits_in_nested_keyword_lists_are_read_in_page_order() -> None:
    """antara nests its keywords in a list (``[["News:", "Editor:…", …]]``): flattened in page order, a
    stuffed list too (its cost, once quadratic: ``jsonld_keywords`` in bench/hostile_scaling.py)."""
    keywords = [
        ["News:", ["Editor:Agus Salim", "beras"]],
        "Editor:Budi Santoso",
        *[f"kata{i}" for i in range(5_000)],
    ]
    head = jsonld({"@type": "NewsArticle", "keywords": keywords})
    assert extract(page(head=head))["editors"] == ["Agus Salim", "Budi Santoso"]


def test_stuffed_keyword_and_author_lists_are_read_up_to_their_bounds() -> None:
    """Half a million keywords or a hundred thousand JSON-LD authors cost seconds a page when every one
    was read: keywords are read up to ``MAX_KEYWORD_TERMS`` (an editor credit past it is not seen),
    a person list up to ``MAX_LISTED_PEOPLE``; the item keeps 100 of each anyway."""
    keywords = [f"kata{i}" for i in range(MAX_KEYWORD_TERMS)] + ["Editor:Agus Salim"]
    head = jsonld({"@type": "NewsArticle", "keywords": keywords})
    item = extract(page(head=head))
    assert item["tags"] == keywords[:100]
    assert item["editors"] == []
    syl = ["ra", "di", "su", "ka", "mi", "to", "na", "wi", "lo", "be", "ga", "pu"]
    names = [f"{a.title()}{b} {c.title()}{d}" for a, b, c, d in product(syl, syl, syl, "ny")]
    authors = [{"@type": "Person", "name": name} for name in names[: MAX_LISTED_PEOPLE + 10]]
    item = extract(page(head=jsonld({"@type": "NewsArticle", "author": authors})))
    assert item["authors"] == names[:100]


def test_machine_labels_more_links_and_sentences_are_no_tags() -> None:
    """A CMS's labels among the keywords, a "Lihat Semua" link in the tag block, a related story's title
    and teaser taken for a tag: none is a tag, and a block left with none gives way to the keywords."""
    keywords = ["Beras", "channel_other", "@river", "type_news", "Harga Pangan"]
    head = jsonld({"@type": "NewsArticle", "keywords": keywords})
    assert extract(page(head=head))["tags"] == ["Beras", "Harga Pangan"]
    block = (
        '<div class="tags"><a href="/tag/beras/">Beras</a><a href="/tag/">Lihat Semua</a>'
        '<a href="/tag/inflasi/">Inflasi</a></div>'
    )
    assert extract(page(body=BODY + block))["tags"] == ["Beras", "Inflasi"]
    teaser = (
        '<div class="tags"><a href="/2025/06/18/a/">Harga cabai di pasar induk naik lagi menjelang Lebaran '
        "Pedagang menyebut pasokan dari Jawa Tengah berkurang sejak awal bulan</a></div>"
    )
    assert extract(page(body=BODY + teaser, head=head))["tags"] == ["Beras", "Harga Pangan"]


def test_a_page_of_thousands_of_photos_gives_at_most_two_hundred_images_in_page_order() -> None:
    figures = "".join(
        f'<figure><img src="/wp-content/uploads/2025/06/pasar-induk-foto-{i}.jpg" alt="Pasar {i}">'
        f"<figcaption>Suasana pasar induk, foto {i}. (ANTARA/Aditya)</figcaption></figure>"
        for i in range(600)
    )
    images = extract(page(body=BODY + figures))["images"]
    assert [image["url"].rsplit("-", 1)[1] for image in images] == [f"{i}.jpg" for i in range(200)]
    assert images[7]["caption"] == "Suasana pasar induk, foto 7. (ANTARA/Aditya)"


def test_a_body_naming_thousands_of_dates_gives_at_most_two_hundred_mentions_in_body_order() -> None:
    lines = "".join(f"<p>Rapat ke-{i} digelar pada {1 + i % 28} Maret 2025.</p>" for i in range(500))
    mentions = extract(page(body=BODY + lines))["mentionedDates"]
    assert len(mentions) == 200
    assert [m["date"] for m in mentions[:3]] == ["2025-03-01", "2025-03-02", "2025-03-03"]


def test_a_page_crediting_thousands_of_organisations_keeps_at_most_a_hundred_in_page_order() -> None:
    credits = "".join(
        f'<p>Liputan pasar pekan ini. <a rel="author" href="/author/tim-{i}/">Tim Liputan{chr(65 + i % 26)}'
        f"{chr(65 + i // 26 % 26)}</a></p>"
        for i in range(400)
    )
    item = extract(page(body=BODY + credits))
    names = [f"Tim Liputan{chr(65 + i % 26)}{chr(65 + i // 26 % 26)}" for i in range(100)]
    assert item["authorsOrg"] == names and item["authors"] == []


def test_character_references_in_jsonld_and_twice_escaped_meta_are_put_back() -> None:
    """JSON-LD is raw text to the HTML parser, and CMSs write it HTML-escaped; a meta value escaped twice
    keeps one level: the item holds the characters, never ``&#8220;`` or ``&amp;``."""
    head = (
        '<meta name="description" content="Harga &amp;#8220;beras&amp;#8221; naik &amp;amp; stok turun">'
        '<meta property="og:image" content="https://jagatbisnis.com/foto.jpg?w=800&amp;region=id">'
        + jsonld(
            {
                "@type": "NewsArticle",
                "headline": "Harga &#8220;Beras&#8221; Naik &amp; Stok Turun",
                "author": {"@type": "Person", "name": "Ma&#039;ruf Hidayat"},
                "keywords": "beras, harga &amp; pasokan",
                "articleSection": "Ekonomi &amp; Bisnis",
            }
        )
    )
    item = extract(page(head=head, h1="Harga “Beras” Naik & Stok Turun"))
    assert item["headline"] == "Harga “Beras” Naik & Stok Turun"
    assert item["description"] == "Harga “beras” naik & stok turun"
    assert item["authors"] == ["Ma'ruf Hidayat"]
    assert item["tags"] == ["beras", "harga & pasokan"]
    assert item["section"] == "Ekonomi & Bisnis"
    # a reference needs its semicolon: a URL's ``&region=`` is no ``&reg`` (®)
    assert item["mainImage"]["url"] == "https://jagatbisnis.com/foto.jpg?w=800&region=id"


def test_a_description_too_long_to_be_one_gives_way_to_the_next_source() -> None:
    lead = "Harga beras medium di pasar tradisional naik menjadi Rp14.000 per kilogram pekan ini."
    stuffed = " ".join(["beras murah harga beras"] * 5_000)
    head = f'<meta name="description" content="{stuffed}"><meta property="og:description" content="{lead}">'
    assert extract(page(head=head))["description"] == lead
    only_stuffed = f'<meta name="description" content="{stuffed}">' + jsonld(
        {"@type": "NewsArticle", "description": stuffed}
    )
    assert extract(page(head=only_stuffed))["description"] is None


@pytest.mark.parametrize(
    ("credited", "authors"),
    [
        ("Rina Marlina, Kontributor Bogor", ["Rina Marlina"]),  # a CMS display name with its role
        ("Rina Marlina - Kontributor", ["Rina Marlina"]),
        ("Rina Marlina (Koresponden Bogor)", ["Rina Marlina"]),
        ("Wartawan: Rina Marlina", ["Rina Marlina"]),
        ("Rina Marlina | JagatBisnis", ["Rina Marlina"]),  # the site after the name
        ("admin", []),  # the CMS account that posted it: nobody's credit
        ("jbadmin", []),
    ],
)
def test_a_metadata_name_without_its_label_role_desk_or_account(credited: str, authors: list[str]) -> None:
    for head in (
        jsonld({"@type": "NewsArticle", "author": {"@type": "Person", "name": credited}}),
        f'<meta name="author" content="{credited}">',
    ):
        item = extract(page(head=head))
        assert (item["authors"], item["authorsOrg"]) == (authors, [])


def test_an_author_meta_too_long_to_be_a_name_is_no_author() -> None:
    head = f'<meta name="author" content="{"Nama " * 10_000}">' + jsonld({"@type": "NewsArticle"})
    assert extract(page(head=head))["authors"] == []
    head = '<meta name="author" content="Rina Marlina">'
    assert extract(page(head=head))["authors"] == ["Rina Marlina"]


def test_jsonld_with_trailing_comma_still_reads() -> None:
    head = (
        '<script type="application/ld+json">'
        '{"@type": "NewsArticle", "datePublished": "2025-06-18T07:30:00+07:00",}</script>'
    )
    assert extract(page(head=head))["datePublishedSource"] == "jsonld"


def test_meta_tags_layer() -> None:
    head = (
        '<meta property="og:title" content="Harga Beras Naik - JagatBisnis">'
        '<meta property="og:site_name" content="JagatBisnis">'
        '<meta property="og:description" content="Harga beras medium naik.">'
        '<meta property="article:section" content="Ekonomi">'
        '<meta property="article:tag" content="Beras"><meta property="article:tag" content="Pangan">'
        '<meta property="og:image" content="/wp-content/uploads/beras.jpg">'
        '<meta name="author" content="Ani Rahmawati">'
    )
    item = extract(page(head=head, h1=""))
    assert item["headline"] == "Harga Beras Naik"  # og:title without the site name
    assert item["description"] == "Harga beras medium naik."
    assert item["section"] == "Ekonomi"
    assert item["tags"] == ["Beras", "Pangan"]
    assert item["mainImage"] == {
        "url": "https://jagatbisnis.com/wp-content/uploads/beras.jpg",
        "caption": None,
    }
    assert item["authors"] == ["Ani Rahmawati"]


def test_profile_selectors_layer_when_there_is_no_metadata() -> None:
    meta = (
        '<span class="byline"><span class="author vcard"><a href="/author/ani/">Ani Rahmawati</a>'
        "</span></span>"
        '<span class="cat-links"><a href="/category/ekonomi/" rel="category tag">Ekonomi</a></span>'
        '<span class="tags-links"><a href="/tag/beras/" rel="tag">Beras</a>, '
        '<a href="/tag/pangan/" rel="tag">Pangan</a></span>'
        '<div class="post-thumbnail"><img data-src="/img/beras.jpg" src="data:image/gif;base64,R0lGOD"></div>'
    )
    item = extract(page(meta_html=meta))
    assert item["headline"] == "Harga Beras Naik"
    assert item["authors"] == ["Ani Rahmawati"]
    assert item["section"] == "Ekonomi"
    assert item["tags"] == ["Beras", "Pangan"]
    assert item["description"] is None


def test_author_prefixes_are_stripped_and_names_unique() -> None:
    meta = (
        '<span class="jb-post__author">Penulis: <a href="/a/">Ani Rahmawati</a> '
        '<a href="/a/">Ani Rahmawati</a></span>'
    )
    assert extract(page(meta_html=meta))["authors"] == ["Ani Rahmawati"]


@pytest.mark.parametrize(
    ("canonical", "expected"),
    [
        ('<link rel="canonical" href="/2025/06/18/harga-beras-naik/">', URL),
        (
            '<link rel="canonical" href="https://www.jagatbisnis.com/2025/06/18/harga-beras-naik/">',
            "https://www.jagatbisnis.com/2025/06/18/harga-beras-naik/",
        ),
        ('<link rel="canonical" href="https://agregator.example/jagat/harga-beras-naik/">', URL),
        ("", URL),
    ],
)
def test_canonical_url(canonical: str, expected: str) -> None:
    item = extract(page(head=canonical), url=URL + "?utm_source=twitter&utm_medium=social#komentar")
    assert item["canonicalUrl"] == expected
    assert item["url"] == URL + "?utm_source=twitter&utm_medium=social#komentar"


@pytest.mark.parametrize(
    "node",
    [
        {"@type": "NewsArticle", "datePublished": {"@id": "#x"}, "author": 5, "image": [1, 2], "keywords": 7},
        {"@type": "NewsArticle", "datePublished": ["2025-06-18T07:30:00+07:00"], "headline": {"name": 5}},
        {
            "@type": ["NewsArticle", "Thing"],
            "@graph": "tidak valid",
            "articleSection": True,
            "dateModified": {},
        },
        {"@type": 5, "author": [{"@id": "#tidak-ada"}], "image": {"url": 3}},
    ],
)
def test_odd_jsonld_values_never_crash(node: dict) -> None:
    item = extract(page(head=jsonld(node)))
    assert item["articleBody"].startswith("Harga beras medium")
    assert item["datePublished"] in ("2025-06-18T07:30:00+07:00", "2025-06-18")  # JSON-LD or URL day


@pytest.mark.parametrize(
    ("author_html", "names"),
    [
        (
            '<div class="byline"><div class="author">Firda Cynthia Anggrainy - detikNews</div></div>',
            ["Firda Cynthia Anggrainy"],
        ),
        (
            '<div class="byline"><div class="author">Rep: Lilis Sri Handayani/ Red: Fernan Rahadi</div>'
            "</div>",
            ["Lilis Sri Handayani"],
        ),
        (
            '<div class="byline"><div class="author">Pewarta: Willy Irawan<br>Editor: Didik Kusbiantoro<br>'
            "Copyright © ANTARA 2025</div></div>",
            ["Willy Irawan"],
        ),
        (
            '<span class="jb-post__author">Oleh <a href="/author/ani/">Ani Rahmawati</a></span>',
            ["Ani Rahmawati"],
        ),
        (  # the date line shares the author block's class: a date is nobody's name
            '<div class="author-name">RINA MARLINA</div><div class="author-name">18 JUN 2025</div>',
            ["RINA MARLINA"],
        ),
    ],
)
def test_author_names_from_byline_shaped_theme_text(author_html: str, names: list[str]) -> None:
    assert extract(page(meta_html=author_html))["authors"] == names


def test_canonical_on_a_sibling_subdomain_of_the_same_site_is_kept() -> None:
    head = '<link rel="canonical" href="https://investasi.kontan.co.id/news/ihsg-ditutup-menguat">'
    item = extract_article(page(head=head), "https://amp.kontan.co.id/news/ihsg-ditutup-menguat")
    assert item["canonicalUrl"] == "https://investasi.kontan.co.id/news/ihsg-ditutup-menguat"
    # a different site sharing only the country suffix is not the same site
    head = '<link rel="canonical" href="https://investasi.kompas.co.id/news/ihsg-ditutup-menguat">'
    item = extract_article(page(head=head), "https://amp.kontan.co.id/news/ihsg-ditutup-menguat")
    assert item["canonicalUrl"] == canonicalize("https://amp.kontan.co.id/news/ihsg-ditutup-menguat")


def test_profile_misses_name_the_fields_whose_selectors_stopped_matching() -> None:
    html = page(meta_html='<span class="jb-post__date">Rabu, 18 Jun 2025 07:30 WIB</span>')
    extraction = extract_page(html, URL, load_profile("jagatbisnis"))
    assert extraction.profile_misses == ["authors", "image", "modified", "section", "tags"]
    assert extraction.item["profileMisses"] is None  # the item alone does not report them
    redesign = html.replace('class="entry-content"', 'class="isi"').replace('class="entry-title"', "")
    missed = extract_page(redesign, URL, load_profile("jagatbisnis")).profile_misses
    assert {"body", "headline"} <= set(missed)
    assert extract_page(html, "https://contoh.example/a/").profile_misses == []


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2035, 12, 31)),
    st.sampled_from(["T", " "]),
    st.sampled_from(["", "Z", "+00:00", "+07:00", "+0800", "-05:00"]),
)
def test_machine_timestamps_read_fast_agree_with_the_date_engine(when: datetime, sep: str, zone: str) -> None:
    raw = when.replace(microsecond=0).isoformat(sep=sep) + zone
    engine = parse_date(raw, tz="Asia/Jakarta")
    ours = read_date(raw, tz="Asia/Jakarta", reference=None)
    assert engine is not None and ours is not None
    assert ours == engine  # the same instant
    if engine.utcoffset():
        assert ours.utcoffset() == engine.utcoffset()  # a stated offset is kept
    else:
        assert ours.utcoffset() == timedelta(hours=7)  # UTC is shown in the portal's zone


def test_impossible_year_is_left_to_the_date_engine_and_rejected() -> None:
    assert read_date("0225-06-18T10:00:00+07:00", tz="Asia/Jakarta", reference=None) is None


# ---- headline: a logo heading gives way ----------------------------------------------------------------
def _generic_page(h1: str, head: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY.split("</p><p>"))
    return f"""<!doctype html><html><head>{head}</head><body><header><h1>{h1}</h1></header>
<main><article>{paragraphs}</article></main></body></html>"""


GENERIC_URL = "https://www.indiapost.com/with-shattered-dreams-deportees-return-home-from-us/"


def test_a_logo_h1_naming_the_site_gives_way_to_og_title() -> None:
    head = (
        "<title>With shattered dreams, deportees return home from US | India Post</title>"
        '<meta property="og:title" content="With shattered dreams, deportees return home from US">'
    )
    item = extract_article(_generic_page("India Post", head), GENERIC_URL)
    assert item["headline"] == "With shattered dreams, deportees return home from US"


def test_a_logo_h1_naming_og_site_name_gives_way_to_the_title_without_it() -> None:
    head = (
        '<title>Sejarah Pecahnya Islam - Republika</title><meta property="og:site_name" content="Republika">'
    )
    item = extract_article(_generic_page("Republika", head), GENERIC_URL)
    assert item["headline"] == "Sejarah Pecahnya Islam"


@pytest.mark.parametrize(
    ("h1", "title"),
    [
        ("Royal Self-Indicting Arrogance", "Royal Self-Indicting Arrogance - Sputnik International"),
        ("Harga Beras Naik", "Harga Beras Naik"),  # a short headline that is the whole title
        ("India Post", "India Post"),  # nothing better on the page: the heading stays
    ],
)
def test_a_short_headline_that_is_the_article_title_stays(h1: str, title: str) -> None:
    item = extract_article(_generic_page(h1, f"<title>{title}</title>"), GENERIC_URL)
    assert item["headline"] == h1


@pytest.mark.parametrize("text", ["Harga naik", "Harga naik — kata pedagang “mahal”"])  # ASCII and not
def test_an_upper_case_attribute_name_is_still_found(text: str) -> None:
    """The quick "is this attribute anywhere on the page" look must not miss ``ITEMPROP=``."""
    meta = f'<span ITEMPROP="dateModified" CONTENT="2025-06-19T08:00:00+07:00">{text}</span>'
    item = extract(page(meta_html=meta))
    assert item["dateModified"] == "2025-06-19T08:00:00+07:00"


def test_a_canonical_pointing_at_the_home_page_is_not_trusted() -> None:
    """A theme bug that would merge every article into one: the page's own URL wins."""
    from crawler.extract import extract_article

    url = "https://jagatbisnis.com/2023/03/15/harga-cabai-naik/"
    html = (
        '<html><head><link rel="canonical" href="https://jagatbisnis.com/"></head><body><article>'
        "<h1>Harga Cabai Naik</h1><p>Harga cabai rawit di pasar tradisional Jakarta naik tajam pekan ini.</p>"
        "</article></body></html>"
    )
    assert extract_article(html, url)["canonicalUrl"] == url
