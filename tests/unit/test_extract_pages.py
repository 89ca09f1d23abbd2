"""Whole pages: generic fallback without a profile or after a theme change, listings and other pages
judged as non-articles, and bad input that must not crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.extract import extract_article
from crawler.profiles import load_profile
from tests.conftest import SHARED, needs_shared

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"
SEED_URL = "https://jagatbisnis.com/2022/03/15/china-sebut-rusia-bersedia-adakan-pembicaraan-perdamaian/"

PARAGRAPHS = [
    "Pemerintah Kota Cirebon menyiapkan posko pelayanan mudik di tujuh titik untuk mengantisipasi lonjakan "
    "pemudik selama libur sekolah. Posko mulai beroperasi pada Jumat (20/6/2025).",
    "Kepala Dinas Perhubungan Kota Cirebon Andi Armawan mengatakan, posko ditempatkan di pintu keluar tol, "
    "terminal, stasiun, dan sejumlah persimpangan padat di dalam kota.",
    "\u201cSetiap posko dijaga petugas gabungan dari Dishub, kepolisian, dan tenaga kesehatan. Kami juga "
    "menyiapkan ambulans di dua posko utama,\u201d kata Andi, Rabu (18/6/2025).",
    "Menurut Andi, arus kendaraan yang melintas di Kota Cirebon diperkirakan naik hingga 30 persen "
    "dibandingkan akhir pekan biasa.",
]


def news_site_page() -> str:
    """A portal with no profile and its own markup: the body must be found by the generic finder."""
    p = PARAGRAPHS
    return f"""<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>Pemkot Cirebon Siapkan Posko Mudik di Tujuh Titik | Warta Cirebon</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="2025-06-18T22:02:37+07:00">
</head><body>
<div class="topbar"><a href="/">Beranda</a> <a href="/daerah">Daerah</a>
<a href="/nasional">Nasional</a></div>
<div class="wrap"><div class="kolom-kiri">
<div class="judul-berita"><h1>Pemkot Cirebon Siapkan Posko Mudik di Tujuh Titik</h1></div>
<div class="info-berita">Rabu 18 Jun 2025 22:02 WIB · Rep: Lilis Sri Handayani/ Red: Budi</div>
<div class="isi-berita">
<p>WARTACIREBON.COM, CIREBON -- {p[0]}</p>
<div class="baca-juga"><h3>Baca Juga</h3>
<ul><li><a href="/a">Tol Cipali Padat Merayap Jelang Libur Sekolah</a></li>
<li><a href="/b">Stasiun Cirebon Tambah Perjalanan Kereta</a></li></ul></div>
<p>{p[1]}</p>
<p>{p[2]}</p>
<p>ADVERTISEMENT</p>
<p>SCROLL TO CONTINUE WITH CONTENT</p>
<p>{p[3]} (Lilis Sri Handayani)</p>
<p>Ikuti Whatsapp Channel Warta Cirebon</p>
</div></div>
<div class="kolom-kanan"><h3>Terpopuler</h3><ol><li><a href="/1">Banjir Rendam Tiga Desa di Indramayu</a></li>
<li><a href="/2">Harga Bawang Merah Turun di Pasar Kanoman</a></li></ol></div></div>
<div class="kaki">Hak cipta &copy; 2025 Warta Cirebon. Semua hak dilindungi.</div>
</body></html>"""


def test_page_without_a_profile_goes_generic() -> None:
    item = extract_article(news_site_page(), "https://www.wartacirebon.com/berita/2025/06/18/posko-mudik")
    assert item["extractedBy"] == "generic"
    assert item["portal"] == "wartacirebon.com"
    assert item["pageType"] == "article"
    assert item["headline"] == "Pemkot Cirebon Siapkan Posko Mudik di Tujuh Titik"
    assert item["articleBody"] == "\n\n".join(PARAGRAPHS)
    assert item["dateline"] == "CIREBON"
    assert item["reporterCodes"] == ["Lilis Sri Handayani"]
    assert item["datePublished"] == "2025-06-18T22:02:37+07:00"
    assert [m["text"] for m in item["mentionedDates"]] == ["Jumat (20/6/2025)", "Rabu (18/6/2025)"]


def test_theme_change_degrades_to_generic_instead_of_emptying_the_item() -> None:
    html = (FIXTURES / "seed_jnews.html").read_text(encoding="utf-8")
    # a redesign renames the content classes: no profile body selector matches any more
    html = html.replace('class="entry-content no-share"', 'class="artikel-isi"').replace(
        'class="content-inner "', 'class="artikel-teks"'
    )
    item = extract_article(html, SEED_URL, load_profile("jagatbisnis"))
    assert item["extractedBy"] == "generic"
    assert item["articleBody"] == (FIXTURES / "seed-expected-body.txt").read_text(encoding="utf-8").rstrip(
        "\n"
    )
    assert item["dateline"] is None  # the brand alone: no place
    assert item["reporterCodes"] == ["pia"]
    assert item["headline"] == "China Sebut Rusia Bersedia Adakan Pembicaraan Perdamaian"


def category_listing(body_class: str = "archive category category-ekonomi") -> str:
    cards = "".join(
        f"""<article class="post type-post"><h2 class="entry-title"><a href="/2025/06/{10 + i}/judul-{i}/">
Judul Berita Ekonomi Nomor {i} yang Cukup Panjang</a></h2>
<div class="entry-summary"><p>Ringkasan berita nomor {i} tentang perkembangan ekonomi daerah dan harga
bahan pokok yang terus bergerak sepanjang pekan ini menurut para pedagang.</p></div></article>"""
        for i in range(8)
    )
    return f"""<!doctype html><html lang="id"><head><title>Ekonomi Arsip - JagatBisnis</title>
<meta property="og:type" content="website"></head><body class="{body_class}">
<header><h1 class="page-title">Kategori: Ekonomi</h1></header><main>{cards}</main>
<nav class="pagination"><a class="next" href="/category/ekonomi/page/2/">Berikutnya</a></nav></body></html>"""


@pytest.mark.parametrize("body_class", ["archive category category-ekonomi", ""])
def test_listing_page_is_not_an_article(body_class: str) -> None:
    item = extract_article(category_listing(body_class), "https://jagatbisnis.com/category/ekonomi/")
    assert item["pageType"] == "listing"


REAL_HOME_PAGES = SHARED / "real-pages" / "listings"


@needs_shared("real-pages", "listings")
def test_a_real_front_page_whose_lead_teaser_reads_as_a_body_is_a_listing() -> None:
    """kompas.com of 2016: one lead teaser of 243 characters and no listing markup the shape rules know.
    An article removed and redirected home lands here: the teaser must not be exported as an article."""
    import gzip

    html = gzip.decompress((REAL_HOME_PAGES / "kompas-mainpage.html.gz").read_bytes())
    assert extract_article(html, "http://www.kompas.com/")["pageType"] == "listing"
    assert extract_article(html, "http://www.kompas.com/index.php")["pageType"] == "listing"


def test_a_wordpress_article_at_the_root_with_its_query_stays_an_article() -> None:
    html = news_site_page()
    assert extract_article(html, "https://www.kabar-daerah.example/?p=1234")["pageType"] == "article"


def test_a_feed_answered_where_a_page_was_expected_is_no_article() -> None:
    items = "".join(
        f"<item><title>Judul berita nomor {i} yang cukup panjang</title><link>https://jagatbisnis.com/2025/06/"
        f"1{i}/judul-{i}/</link><description>{PARAGRAPHS[i % 4]}</description></item>"
        for i in range(6)
    )
    feed = (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>JagatBisnis</title>{items}'
    )
    feed += "</channel></rss>"
    assert extract_article(feed, SEED_URL)["pageType"] == "other"


def test_static_page_is_other() -> None:
    html = """<html><head><title>Kontak - JagatBisnis</title><meta property="og:type" content="website">
</head><body class="page-template-default page"><h1 class="entry-title">Kontak</h1>
<div class="entry-content"><p>Email: redaksi@jagatbisnis.com</p></div></body></html>"""
    assert extract_article(html, "https://jagatbisnis.com/kontak/")["pageType"] == "other"


@pytest.mark.parametrize("html", ["", "   ", b"", "<html></html>", b"\x00\x01\x02\xff\xfe", "<<<>>>"])
def test_empty_or_broken_input_gives_an_empty_non_article(html: str | bytes) -> None:
    item = extract_article(html, SEED_URL)
    assert item["pageType"] != "article"
    assert item["articleBody"] == ""
    assert item["url"] == SEED_URL
    assert item["portal"] == "jagatbisnis"


def test_wrong_argument_types_are_clear_errors() -> None:
    with pytest.raises(TypeError, match="html must be str or bytes"):
        extract_article(None, SEED_URL)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="url"):
        extract_article("<p>x</p>", None)  # type: ignore[arg-type]


def test_bytes_are_decoded_by_declared_charset_or_given_encoding() -> None:
    html = (FIXTURES / "seed_newspaper.html").read_text(encoding="utf-8")
    latin = html.replace('<meta charset="UTF-8" />', '<meta charset="windows-1252" />')
    as_cp1252 = latin.encode("cp1252")
    expected = (FIXTURES / "seed-expected-body.txt").read_text(encoding="utf-8").rstrip("\n")
    assert extract_article(as_cp1252, SEED_URL)["articleBody"] == expected
    assert extract_article(as_cp1252, SEED_URL, encoding="cp1252")["articleBody"] == expected
    assert extract_article(html.encode("utf-8"), SEED_URL)["articleBody"] == expected


def test_xml_declaration_in_a_str_page() -> None:
    html = '<?xml version="1.0" encoding="utf-8"?>' + (FIXTURES / "seed_underscores.html").read_text(
        encoding="utf-8"
    )
    assert extract_article(html, SEED_URL)["reporterCodes"] == ["pia"]


def test_item_has_exactly_the_contract_fields() -> None:
    from itemadapter import ItemAdapter

    from crawler.items import EXPORT_FIELDS, INTERNAL_FIELDS

    html = (FIXTURES / "seed_jnews.html").read_bytes()
    item = extract_article(html, SEED_URL)
    assert list(ItemAdapter(item).field_names()) == EXPORT_FIELDS + INTERNAL_FIELDS
    produced_elsewhere = {"crawledAt", "version", "duplicateOf"}  # the spider and the dedup pipeline
    diagnostics = {"profileMisses", "dateDisagreements"}  # beside the item, in ``extract(...)``
    assert {name for name in produced_elsewhere | diagnostics if item[name] is not None} == set()
    assert item["pageType"] == "article" and item["fingerprint"] and item["headline"]


def test_page_wrapped_in_one_form_keeps_its_body() -> None:
    """ASP.NET portals wrap the whole page in <form id="aspnetForm">; that form is not noise."""
    page = (
        news_site_page()
        .replace("<body>", '<body><form id="aspnetForm" method="post">')
        .replace("</body>", "</form></body>")
    )
    item = extract_article(page, "https://www.wartacirebon.com/berita/2025/06/18/posko-mudik")
    assert item["articleBody"] == "\n\n".join(PARAGRAPHS)


@pytest.mark.parametrize(
    "bad",
    ["http://[::1", "http://[zz]/a.jpg", "\x00", "//", "javascript:alert(1)", "http://exa mple.com/a.jpg"],
)
def test_hostile_image_and_canonical_values_are_dropped_not_raised(bad: str) -> None:
    html = (
        f'<html><head><meta property="og:image" content="{bad}"><link rel="canonical" href="{bad}">'
        "</head><body><p>Isi berita singkat.</p></body></html>"
    )
    item = extract_article(html, SEED_URL)
    assert item["mainImage"] is None
    assert item["canonicalUrl"] == SEED_URL


def test_relative_image_path_is_made_absolute_and_escaped() -> None:
    html = '<html><head><meta property="og:image" content="/img/foto banjir.jpg"></head><body></body></html>'
    assert extract_article(html, SEED_URL)["mainImage"] == {
        "url": "https://jagatbisnis.com/img/foto%20banjir.jpg",
        "caption": None,
    }


@pytest.mark.parametrize(
    "html",
    [
        "<figcaption>Foto: Antara</figcaption>\x1f",
        "\x08<figcaption>Foto: Antara</figcaption>JagatBisnis.com -",
        "<p>Isi\x1f berita\x08 yang cukup panjang untuk dibaca.</p><script>x</script>\x0b ekor",
    ],
)
def test_control_characters_never_crash_and_never_reach_the_body(html: str) -> None:
    item = extract_article(html, SEED_URL)
    assert not any(ord(c) < 32 and c != "\n" for c in item["articleBody"])
