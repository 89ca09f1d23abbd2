"""Portal profiles on their fixture pages: every field through the profile, the theme alone, the inserts
of each portal family and the portals' URL shapes (every profile as a spider: tests/e2e/test_commands.py).

Each ``tests/fixtures/portals/<name>/`` holds a full page written after the portal's own markup
(``article.html``) and what a reader of that page sees as the article (``expected.json``); ``leaks``
lists what must never reach the body (insert titles, ads, bylines, datelines, captions).
"""

from __future__ import annotations

import dataclasses
import html as htmllib
import json
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest
from cssselect import GenericTranslator, SelectorError
from parsel import Selector

from crawler.extract import extract, extract_article
from crawler.profiles import SELECTOR_FIELDS, load_profile, profile_for_url, profile_names

PORTALS = Path(__file__).parents[1] / "fixtures" / "portals"
FIXTURED = sorted(p.name for p in PORTALS.iterdir() if (p / "expected.json").is_file())
MAJOR = {"detik", "kompas", "tribunnews", "liputan6", "cnnindonesia", "kontan", "antaranews", "tempo"}
MAJOR |= {"okezone", "republika"}


def expected(name: str) -> dict:
    return json.loads((PORTALS / name / "expected.json").read_text(encoding="utf-8"))


def page(name: str, file: str = "article.html") -> str:
    return (PORTALS / name / file).read_text(encoding="utf-8")


def without_metadata(html: str) -> str:
    """The page with its JSON-LD and meta tags gone: only the theme (and so the profile) is left."""
    html = re.sub(r"<script type=\"application/ld\+json\">.*?</script>", "", html, flags=re.DOTALL)
    return re.sub(r"<meta\s[^>]*>", "", html)


@pytest.fixture(scope="module", params=FIXTURED)
def portal(request: pytest.FixtureRequest) -> tuple[str, dict, dict]:
    name = request.param
    exp = expected(name)
    return name, exp, extract_article(page(name), exp["url"], load_profile(name))


def test_at_least_eight_major_portals_have_a_profile_and_a_fixture() -> None:
    assert len(MAJOR & set(profile_names()) & set(FIXTURED)) >= 8


# ---- every profile file ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", profile_names())
def test_profile_file_is_complete_and_valid(name: str) -> None:
    profile = load_profile(name)
    assert profile.name == name
    assert profile_for_url(profile.base_url + "/") == profile, "base_url must sit on the profile's domains"
    ZoneInfo(profile.timezone)
    discovery = profile.discovery
    assert discovery.sitemaps + discovery.news_sitemaps + discovery.feeds + discovery.listings
    assert set(profile.selectors) <= set(SELECTOR_FIELDS)
    assert profile.selectors.get("body") and profile.selectors.get("headline")
    for field, selectors in profile.selectors.items():
        for css in selectors:
            try:
                GenericTranslator().css_to_xpath(css)
            except SelectorError as exc:  # pragma: no cover - the assertion message is the point
                pytest.fail(f"{name}: selectors.{field}: bad CSS {css!r}: {exc}")
    for pattern in profile.dateline_patterns:
        re.compile(pattern)


@pytest.mark.parametrize("name", FIXTURED)
def test_fixture_url_is_an_article_of_its_profile(name: str) -> None:
    url = expected(name)["url"]
    profile = profile_for_url(url)
    assert profile is not None and profile.name == name
    assert profile.is_article_url(url)


@pytest.mark.parametrize("name", FIXTURED)
def test_every_configured_selector_field_matches_its_fixture(name: str) -> None:
    """A profile that finds nothing on its own fixture would raise the drift alarm on day one."""
    sel = Selector(text=page(name))
    for field, selectors in load_profile(name).selectors.items():
        if selectors and field != "gallery":  # captions exist only on photo pages
            assert any(sel.css(css) for css in selectors), f"{name}: no selector of {field} matches"


@pytest.mark.parametrize("name", FIXTURED)
def test_expected_paragraphs_are_the_pages_own_text(name: str) -> None:
    """The expected body is read off the fixture, not invented: every paragraph is on the page."""
    text = " ".join(Selector(text=page(name)).css("body *::text").getall())
    text = " ".join(htmllib.unescape(text).split())
    flat = re.sub(r"\s+([,.])", r"\1", text)
    for paragraph in expected(name)["paragraphs"]:
        assert paragraph in text or paragraph in flat, paragraph[:60]


# ---- extraction through the profile ------------------------------------------------------------------
def test_body_is_exact(portal: tuple[str, dict, dict]) -> None:
    _, exp, item = portal
    assert item["extractedBy"] == "profile"
    assert item["articleBody"] == "\n\n".join(exp["paragraphs"])


def test_nothing_leaks_into_the_body(portal: tuple[str, dict, dict]) -> None:
    _, exp, item = portal
    for leak in exp["leaks"]:
        assert leak not in item["articleBody"], leak


def test_fields(portal: tuple[str, dict, dict]) -> None:
    name, exp, item = portal
    assert item["portal"] == name
    assert item["headline"] == exp["headline"]
    assert item["authors"] == exp["authors"]
    assert item["datePublished"] == exp["datePublished"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", item["datePublished"])
    assert item["section"] == exp["section"]
    assert item["tags"] == exp["tags"]
    assert item["dateline"] == exp["dateline"]
    assert item["reporterCodes"] == exp["reporterCodes"]
    assert item["mainImage"]["url"] == exp["mainImage"]
    assert item["inLanguage"] == "id"


def test_mentioned_dates_are_in_the_body_and_follow_the_year_rule(portal: tuple[str, dict, dict]) -> None:
    """DESIGN: a stated year is kept; a missing one puts the date on or before datePublished, unless
    its weekday fits the same day within the next 7 days and not the date before."""
    _, _, item = portal
    published = date.fromisoformat(item["datePublished"][:10])
    for mention in item["mentionedDates"]:
        assert mention["text"] in item["articleBody"]
        stated = re.search(r"\(\d{1,2}/\d{1,2}/(\d{4})\)", mention["text"])
        day = date.fromisoformat(mention["date"][:10])
        if stated:
            assert mention["date"][:4] == stated.group(1)
        elif day > published:
            assert mention["weekdayMatches"] is True
            assert day - published <= timedelta(days=7)
        else:
            assert published - day < timedelta(days=366)


def test_kontan_wednesday_after_the_article_is_this_year() -> None:
    """Kontan of Tuesday 2025-06-17 on a decision due ``Rabu (18/6)``: the next day, not 2024."""
    name = "kontan"
    exp = expected(name)
    item = extract_article(page(name), exp["url"], load_profile(name))
    assert item["datePublished"].startswith("2025-06-17")
    assert {"text": "Rabu (18/6)", "date": "2025-06-18", "weekdayMatches": True} in item["mentionedDates"]


# ---- the theme alone: JSON-LD and meta tags removed ---------------------------------------------------
@pytest.mark.parametrize("name", FIXTURED)
def test_theme_only_fields_come_from_the_profile_selectors(name: str) -> None:
    exp = expected(name)
    item = extract_article(without_metadata(page(name)), exp["url"], load_profile(name))
    assert item["extractedBy"] == "profile"
    assert item["articleBody"] == "\n\n".join(exp["paragraphs"])
    assert item["headline"] == exp["headline"]
    assert item["datePublished"] == exp["datePublishedVisible"]
    assert item["datePublishedSource"] == "visible"
    assert item["section"] == exp["section"]
    assert item["tags"] == exp["tags"]
    assert item["mainImage"] is not None


@pytest.mark.parametrize("name", FIXTURED)
def test_theme_only_authors(name: str) -> None:
    """Desk suffixes (detik), "Rep: X/ Red: Y" (republika) and the Pewarta block (antara) give names."""
    exp = expected(name)
    item = extract_article(without_metadata(page(name)), exp["url"], load_profile(name))
    assert item["authors"] == exp["authors"]


# ---- insert families (Baca Juga, video teasers, related links) in each portal's own markup ---------
# The profile's noise selectors that target the insert are switched off: the insert must still go, by
# its text. Families the extraction tests cover in synthetic markup are not repeated here.
INSERT_FAMILIES = [
    ("tribunnews", "p.baca", "own paragraph 'Baca juga: <a>' (tribun) and bullet '• <a>'"),
    ("liputan6", ".baca-juga-collections", "bare 'Baca Juga' heading then a list of titles (liputan6)"),
    ("republika", ".baca-juga", "bare 'Baca Juga' heading then a list of titles (republika)"),
    ("antaranews", ".baca-juga", "'Baca juga: ' in <span class=baca-juga><b> (antara)"),
    ("cnnindonesia", ".linksisip", "table.linksisip > div.lihatjg with 'Baca juga:' glued to the title"),
    ("kompas", None, "<p><strong>Baca juga: <a class=inner-link-baca-juga>"),
    ("kontan", None, "'Baca Juga: ' own paragraph and 'Selanjutnya: ' teaser at the end (kontan)"),
    ("tempo", None, "'Pilihan Editor: ' teaser at the end (tempo)"),
    ("okezone", None, "'Baca Juga:' in <strong> then the linked title (okezone)"),
]


@pytest.mark.parametrize(("name", "insert_selector", "family"), INSERT_FAMILIES)
def test_insert_family_goes_by_its_text(name: str, insert_selector: str | None, family: str) -> None:
    exp = expected(name)
    profile = load_profile(name)
    noise = tuple(s for s in profile.noise_selectors if s != insert_selector)
    assert insert_selector is None or len(noise) < len(profile.noise_selectors)
    item = extract_article(page(name), exp["url"], dataclasses.replace(profile, noise_selectors=noise))
    assert item["articleBody"] == "\n\n".join(exp["paragraphs"]), family


def test_kontan_amp_run_on_insert_inside_a_paragraph() -> None:
    url = "https://amp.kontan.co.id/news/ihsg-ditutup-menguat-064-ke-718612-pada-selasa-176"
    item = extract_article(page("kontan", "article-amp.html"), url, load_profile("kontan"))
    paragraphs = item["articleBody"].split("\n\n")
    assert paragraphs[1] == (
        "Nilai transaksi di Bursa Efek Indonesia (BEI) mencapai Rp 11,8 triliun. Pekan lalu indeks ditutup "
        "di 6.186,87. Investor asing mencatatkan beli bersih (net buy) Rp 412 miliar di seluruh pasar."
    )
    assert len(paragraphs) == 4
    assert "Baca Juga" not in item["articleBody"] and "IHSG Menguat 2,91%" not in item["articleBody"]
    assert item["dateline"] == "JAKARTA"  # the place only
    assert item["authors"] == ["Akhmad Suryahadi"]
    assert item["datePublished"] == "2025-06-17T16:05:19+07:00"


def test_kontan_amp_keeps_its_canonical_on_a_sibling_subdomain() -> None:
    url = "https://amp.kontan.co.id/news/ihsg-ditutup-menguat-064-ke-718612-pada-selasa-176"
    item = extract_article(page("kontan", "article-amp.html"), url, load_profile("kontan"))
    assert item["canonicalUrl"] == expected("kontan")["url"]


# ---- URL shapes ----------------------------------------------------------------------------------------
LISTINGS = {
    "detik": (
        "https://news.detik.com/indeks",
        {
            "https://news.detik.com/berita/d-7968345/bmkg-prediksi-hujan-lebat-guyur-jabodetabek-hingga-akhir-pekan",
            "https://news.detik.com/berita/d-7968201/polisi-tangkap-pelaku-curanmor-di-bekasi",
            "https://news.detik.com/internasional/d-7967999/iran-dan-israel-saling-serang-ini-kronologinya",
            "https://news.detik.com/jabodetabek/d-7967811/jalan-daan-mogot-tergenang-30-cm",
        },
    ),
    "kompas": (
        "https://indeks.kompas.com/?site=news",
        {
            "https://nasional.kompas.com/read/2025/05/28/13300061/dpr-setujui-revisi-uu-bumn-jadi-usul-inisiatif",
            "https://regional.kompas.com/read/2025/05/28/07450081/gempa-magnitudo-5-guncang-garut",
            "https://money.kompas.com/read/2025/05/25/090000526/erick-thohir-revisi-uu-bumn-perkuat-danantara",
            "https://www.kompas.com/tren/read/2025/05/28/061500965/jadwal-libur-sekolah-2025",
        },
    ),
    "antaranews": (
        "https://jatim.antaranews.com/terkini",
        {
            "https://jatim.antaranews.com/berita/912345/pemprov-jatim-salurkan-1500-ton-beras-untuk-stabilisasi-harga",
            "https://jatim.antaranews.com/berita/912001/kereta-tambahan-libur-sekolah",
            "https://www.antaranews.com/berita/4907233/bmkg-gempa-magnitudo-52-guncang-kabupaten-sukabumi",
        },
    ),
}


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_listing_page_article_links(name: str) -> None:
    """Exactly the article links of an index page pass the profile (not menus, tags, videos, photos)."""
    url, articles = LISTINGS[name]
    profile = load_profile(name)
    hrefs = Selector(text=page(name, "listing.html")).css("a::attr(href)").getall()
    links = {urljoin(url, href.strip()) for href in hrefs}
    found = {link for link in links if profile_for_url(link) == profile and profile.is_article_url(link)}
    assert found == articles


URL_SHAPES = {
    "detik": (
        [
            "https://finance.detik.com/berita-ekonomi-bisnis/d-5065025/bkpm-minta-tambahan-anggaran",
            "https://news.detik.com/berita/d-7968345/bmkg-prediksi-hujan/2",
            "https://news.detik.com/berita/3063437/polisi-tangkap-pelaku",  # 2015, no "d-"
        ],
        [
            "https://news.detik.com/indeks/2",
            "https://www.detik.com/tag/bmkg",
            "https://news.detik.com/berita",
        ],
    ),
    "kompas": (
        ["https://amp.kompas.com/nasional/read/2025/05/28/13300061/dpr-setujui-revisi"],
        [
            "https://www.kompas.com/tag/dpr",
            "https://nasional.kompas.com/",
            "https://indeks.kompas.com/?page=2",
        ],
    ),
    "tribunnews": (
        [
            "https://m.tribunnews.com/amp/nasional/2025/06/18/kpk-periksa-lima-saksi",
            "https://wartakota.tribunnews.com/2025/06/18/banjir-di-bekasi",
            "https://www.tribunnews.com/seleb/2025/06/18/ayu-ting-ting-umumkan-tanggal-pernikahan",
        ],
        [
            "https://www.tribunnews.com/tag/kpk",
            "https://www.tribunnews.com/index-news",
            "https://www.tribunnews.com/nasional",
        ],
    ),
    "liputan6": (
        [
            "https://www.liputan6.com/bisnis/read/6031000/harga-emas-naik",
            "https://www.liputan6.com/amp/6032145/polisi",
        ],
        [
            "https://www.liputan6.com/tag/kebakaran",
            "https://www.liputan6.com/news/peristiwa",
            "https://www.liputan6.com/indeks",
        ],
    ),
    "cnnindonesia": (
        ["https://www.cnnindonesia.com/nasional/20250618090000-20-1241000/jadwal-libur-sekolah-2025/amp"],
        [
            "https://www.cnnindonesia.com/ekonomi",
            "https://www.cnnindonesia.com/tag/bi-rate",
            "https://www.cnnindonesia.com/indeks",
        ],
    ),
    "kontan": (
        [
            "https://amp.kontan.co.id/news/ihsg-ditutup-menguat",
            "https://nasional.kontan.co.id/news/pemerintah-siapkan-bansos",
        ],
        [
            "https://www.kontan.co.id/tag/ihsg",
            "https://investasi.kontan.co.id/rubrik/17/market",
            "https://www.kontan.co.id/indeks",
        ],
    ),
    "antaranews": (
        [
            "https://www.antaranews.com/amp/berita/4907233/bmkg-gempa",
            "https://en.antaranews.com/berita/345678/indonesia-rice",
        ],
        [
            "https://jatim.antaranews.com/foto/911990/warga-antre",
            "https://jatim.antaranews.com/tag/harga-beras",
            "https://www.antaranews.com/terkini",
        ],
    ),
    "tempo": (
        [
            "https://bisnis.tempo.co/read/2019455/grab-dan-gojek-tanggapi",
            "https://www.tempo.co/politik/dpr-gelar-rapat-1234567",
        ],
        [
            "https://www.tempo.co/tag/ojek-online",
            "https://www.tempo.co/indeks",
            "https://www.tempo.co/penulis/dewi-nurita",
        ],
    ),
    "okezone": (
        [
            "https://news.okezone.com/read/2025/06/16/338/3147810/kebakaran-pasar-di-medan",
            "https://nasional.okezone.com/amp/2025/06/16/337/3147845/polri",
        ],
        [
            "https://www.okezone.com/tag/polri",
            "https://index.okezone.com/",
            "https://www.okezone.com/author/puteranegara-batubara",
        ],
    ),
    "republika": (
        [
            "https://khazanah.republika.co.id/berita/sy4ab1234/jadwal-puasa-arafah-2025",
            "https://news.republika.co.id/berita/nasional/umum/17/12/13/p0xyz1-judul-lama",
        ],
        [
            "https://republika.co.id/tag/mudik",
            "https://news.republika.co.id/nusantara",
            "https://republika.co.id/indeks",
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(URL_SHAPES))
def test_article_url_pattern_on_real_shapes(name: str) -> None:
    profile = load_profile(name)
    articles, others = URL_SHAPES[name]
    for url in articles:
        assert profile_for_url(url) == profile, url
        assert profile.is_article_url(url), url
    for url in others:
        assert not profile.is_article_url(url), url


# ---- detik's 2015 layout: the profile's fallback selectors --------------------------------------------
DETIK_2015 = (
    "http://news.detik.com/berita/3063437/kpk-periksa-dirut-pelindo-ii-terkait-pengadaan-mobile-crane"
)
DETIK_2015_PARAGRAPHS = [
    "Komisi Pemberantasan Korupsi memeriksa Direktur Utama PT Pelindo II terkait kasus dugaan korupsi "
    "pengadaan mobile crane. Ia diperiksa sebagai saksi untuk tersangka Ferialdy Noerlan.",
    '"Diperiksa sebagai saksi," kata Kepala Bagian Pemberitaan dan Publikasi KPK Priharsa Nugraha di '
    "Jakarta, Kamis (5/11/2015).",
    "Penyidik Bareskrim Polri sebelumnya telah menetapkan Ferialdy sebagai tersangka. Kerugian negara dalam "
    "kasus ini ditaksir mencapai Rp 45 miliar.",
    "Pengadaan sepuluh unit mobile crane itu dilakukan pada 2012. Sebagian alat tersebut diketahui tidak "
    "pernah dioperasikan.",
]


@pytest.fixture(scope="module")
def detik_2015() -> dict:
    return extract_article(page("detik", "article-2015.html"), DETIK_2015, load_profile("detik"))


def test_detik_2015_fields_through_fallback_selectors(detik_2015: dict) -> None:
    item = detik_2015
    assert item["extractedBy"] == "profile"
    assert item["headline"] == "KPK Periksa Dirut Pelindo II Terkait Pengadaan Mobile Crane"
    assert item["datePublished"] == "2015-11-05T10:08:58+07:00"
    assert item["section"] is None  # the breadcrumb is only "detikNews > Berita": no channel of its own
    assert item["tags"] == ["kpk", "pelindo ii", "mobile crane"]
    assert item["dateline"] == "Jakarta"
    assert item["reporterCodes"] == ["kha/nrl"]
    # the words, whatever the paragraph breaks
    assert " ".join(item["articleBody"].split()) == " ".join(" ".join(DETIK_2015_PARAGRAPHS).split())
    for leak in (
        "Baca Juga",
        "Bareskrim Sita Dokumen",
        "Ferialdy Noerlan Ditetapkan",
        "kha/nrl",
        "Ari Saputra",
    ):
        assert leak not in item["articleBody"]


def test_detik_2015_paragraphs_split_on_double_br(detik_2015: dict) -> None:
    assert detik_2015["articleBody"] == "\n\n".join(DETIK_2015_PARAGRAPHS)


def test_detik_2015_author_without_desk_suffix(detik_2015: dict) -> None:
    assert detik_2015["authors"] == ["Muhammad Taufiqqurahman"]


# ---- every link of every fixture page -----------------------------------------------------------------
NEVER_ARTICLES = re.compile(
    r"/(?:tag|penulis|author|editor|me|rubrik|search)/|/(?:indeks|index-news|terkini)/?$"
)


@pytest.mark.parametrize("name", FIXTURED)
def test_links_on_the_article_page_are_told_apart(name: str) -> None:
    """Menus, sections, tags, authors and indexes are never articles; the related articles are."""
    exp = expected(name)
    profile = load_profile(name)
    sel = Selector(text=page(name))
    links = {urljoin(exp["url"], href.strip()) for href in sel.css("a::attr(href)").getall()}
    ours = {link for link in links if profile_for_url(link) == profile}
    articles = {link for link in ours if profile.is_article_url(link)}
    for link in ours - articles:
        assert NEVER_ARTICLES.search(link) or link.count("/") <= 4, f"looks like an article: {link}"
    for link in articles:
        assert not NEVER_ARTICLES.search(link), link
        assert link.count("/") >= 4, link
    related = {
        urljoin(exp["url"], href)
        for href in sel.xpath(
            "//*[contains(translate(normalize-space(text()), 'BERITAKTU', 'beritaktu'), 'berita terkait')"
            " or contains(translate(normalize-space(text()), 'ARTIKELTU', 'artikeltu'), 'artikel terkait')]"
            "/following::a[1]/@href"
        ).getall()
    }
    assert related, "the fixture has a related-articles block"
    assert related <= articles


# ---- syndication: a tribun article republished from Kompas.com ----------------------------------------
def test_tribun_syndicated_article_source_and_byline_leave_the_body() -> None:
    url = "https://www.tribunnews.com/nasional/2025/06/19/bmkg-minta-warga-pesisir-waspada-banjir-rob-hingga-akhir-juni"
    item = extract_article(page("tribunnews", "article-syndicated.html"), url, load_profile("tribunnews"))
    assert item["source"] == "Kompas.com"
    assert item["dateline"] is None  # the brand alone: no place
    assert item["authors"] == ["Facundo Chrysnha Pradipha"]
    assert item["articleBody"] == (
        "Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) meminta warga pesisir utara Jawa mewaspadai "
        "banjir rob hingga akhir Juni 2025.\n\n"
        "Peringatan itu dikeluarkan karena fase bulan purnama bersamaan dengan pasang maksimum air laut.\n\n"
        "Wilayah yang berpotensi terdampak antara lain pesisir Jakarta Utara, Semarang, Pekalongan, "
        "dan Surabaya."
    )
    for leak in (
        "Artikel ini telah tayang",
        "Klik untuk baca",
        "Fika Nurul Ulya",
        "Sabrina Asril",
        "KPK Periksa",
    ):
        assert leak not in item["articleBody"]


# ---- profileMisses: what the drift alarm is told ------------------------------------------------------
@pytest.mark.parametrize("name", FIXTURED)
def test_no_profile_field_misses_on_its_own_fixture(name: str) -> None:
    exp = expected(name)
    for html in (page(name), without_metadata(page(name))):
        assert extract(html, exp["url"], load_profile(name)).profile_misses == []


# Portal facts with one default each: day archives, whole-article views, the article-page cap -------------


def test_portal_facts_have_one_default_each() -> None:
    from crawler.profiles import Discovery, Pagination, Profile, parse_profile

    bare = parse_profile({"name": "x", "base_url": "https://x.co.id"})
    adhoc = Profile(name="x", base_url="https://x.co.id")  # the generic ``portal`` spider's kind
    for profile in (bare, adhoc):
        assert profile.discovery.day_archive == Discovery.day_archive == "/%Y/%m/%d/"
        assert profile.pagination == Pagination() == Pagination(whole_view=None, max_pages=20)


def test_whole_article_views_come_from_the_profiles() -> None:
    views = {name: load_profile(name).pagination.whole_view for name in profile_names()}
    assert views["kompas"] == views["tribunnews"] == ("page", "all")
    assert views["detik"] == ("single", "1")
    assert all(view is None for name, view in views.items() if name not in {"kompas", "tribunnews", "detik"})


def test_detik_whole_view_is_its_own_article_url_on_detik_only() -> None:
    from crawler.urls import canonicalize

    article = "https://news.detik.com/berita/d-7971234/dpr-setujui-ruu"
    assert canonicalize(article + "?single=1") == article
    assert canonicalize("https://jagatbisnis.com/2023/03/15/a/?single=1").endswith("?single=1")


def test_new_profile_keys_are_read_and_checked() -> None:
    from crawler.profiles import ProfileError, parse_profile

    data = {
        "name": "x",
        "base_url": "https://x.co.id",
        "discovery": {"day_archive": "/arsip/%Y-%m-%d"},
        "pagination": {"whole_view": "showall=1", "max_pages": 5},
    }
    profile = parse_profile(data)
    assert profile.discovery.day_archive == "/arsip/%Y-%m-%d"
    assert (profile.pagination.whole_view, profile.pagination.max_pages) == (("showall", "1"), 5)
    for bad in ({"whole_view": "showall"}, {"whole_view": 1}, {"max_pages": 0}, {"max_pages": "5"}):
        with pytest.raises(ProfileError, match="pagination"):
            parse_profile({**data, "pagination": bad})
    with pytest.raises(ProfileError, match="day_archive"):
        parse_profile({**data, "discovery": {"day_archive": 3}})


def test_tribunnews_reads_the_text_block_where_its_wrapper_also_holds_the_photo_and_the_tags() -> None:
    """TribunSolo 2020 and tribunnews 2015 (written here): ``#article_con`` wraps the photo with its
    "lihat foto" caption, the text block and the tags with related links; the text block is the body."""
    story = "".join(
        f"<p>{text}</p>"
        for text in (
            "<strong>TRIBUNSOLO.COM, JAKARTA</strong> - Hingga kini masyarakat masih menunggu adanya vaksin "
            "untuk mengakhiri masa pandemi di seluruh daerah.",
            "Sebetulnya, menurut dokter ada cara lain yang bisa dilakukan masyarakat selagi menunggu vaksin "
            "yang aman dan teruji.",
        )
    )
    html = (
        "<html><head><title>Masker Kunci Selagi Menunggu Vaksin - TribunSolo.com</title></head><body>"
        "<div id='article'><h1 id='arttitle'>Masker Kunci Selagi Menunggu Vaksin</h1>"
        "<div id='article_con'><div id='artimg'><img src='/m.jpg'><small>lihat foto</small>"
        "<div class='ttl'>Tribun Jateng/Hermawan Handaka</div><div>Masker kini menjadi kebutuhan</div></div>"
        f"<div class='side-article txt-article'>{story}</div>"
        "<div class='side-article mb5'><h5 class='tagcloud3'><a href='/tag/vaksin'>Vaksin</a></h5>"
        "<h3>Berita Terkait</h3><ul><li><a href='/x'>Vaksin Tiba Pekan Depan di Solo</a></li></ul></div>"
        "</div></div></body></html>"
    )
    item = extract_article(html, "https://solo.tribunnews.com/2020/10/09/masker-kunci-selagi-menunggu-vaksin")
    assert item.extractedBy == "profile"
    assert item.dateline == "JAKARTA"
    assert item.articleBody.startswith("Hingga kini masyarakat") and item.articleBody.endswith("teruji.")


def test_detik_travel_2022_tag_list_inside_the_text_block_is_no_body_text() -> None:
    """detikTravel 2022 (written here): the tag list sits in ``.itp_bodycontent`` after the code."""
    html = (
        "<html><head><title>Turis Asing Tetap Datang ke Bali - detikTravel</title></head><body>"
        "<h1 class='detail__title'>Turis Asing Tetap Datang ke Bali</h1><div class='itp_bodycontent'>"
        "<p><strong>Denpasar</strong> - Pemerintah provinsi memastikan turis asing tetap datang meski aturan "
        "baru segera berlaku di seluruh Indonesia.</p><p>Kepala dinas pariwisata mengatakan jumlah kunjungan "
        "tidak turun selama sebulan terakhir, kata dia.</p><b>(wsw/wsw)</b><div class='detail_tag'>"
        + " ".join(
            f"<a href='https://www.detik.com/tag/{t.replace(' ', '-')}'>{t}</a>"
            for t in ("kuhp", "kitab undang undang hukum pidana", "pasal zina", "turis bali", "wisata bali")
        )
        + "</div></div></body></html>"
    )
    item = extract_article(
        html, "https://travel.detik.com/travel-news/d-6450000/turis-asing-tetap-datang-ke-bali"
    )
    assert item.extractedBy == "profile"
    assert item.articleBody.endswith("kata dia.") and item.reporterCodes == ["wsw/wsw"]
