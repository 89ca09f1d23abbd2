"""Multi-page articles: next page, whole-article view and merging, on real portal page shapes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parsel import Selector

from crawler.extract.pagination import merge_pages, next_page_url, page_of, single_page_url
from crawler.profiles import Pagination, load_profile

PORTALS = Path(__file__).parents[1] / "fixtures" / "portals"
KOMPAS = "https://nasional.kompas.com/read/2025/05/28/13300061/dpr-setujui-revisi-uu-bumn-jadi-usul-inisiatif"
TRIBUN = (
    "https://www.tribunnews.com/nasional/2025/06/18/"
    "kpk-periksa-lima-saksi-kasus-korupsi-pengadaan-lahan-di-jakarta-timur"
)
OKEZONE = (
    "https://nasional.okezone.com/read/2025/06/16/337/3147845/polri-bentuk-satgas-pangan-jelang-iduladha"
)
DETIK = (
    "https://news.detik.com/berita/d-7968345/bmkg-prediksi-hujan-lebat-guyur-jabodetabek-hingga-akhir-pekan"
)
KONTAN = "https://investasi.kontan.co.id/news/ihsg-ditutup-menguat-064-ke-718612-pada-selasa-176"


def fixture(portal: str, name: str = "article.html") -> str:
    return (PORTALS / portal / name).read_text(encoding="utf-8")


# ---- next_page_url ---------------------------------------------------------------------------------


def test_kompas_page_one_links_page_two():
    assert next_page_url(fixture("kompas"), KOMPAS) == KOMPAS + "?page=2"


def test_kompas_last_page_has_no_next_even_with_links_back_to_page_one():
    assert next_page_url(fixture("kompas", "article-page2.html"), KOMPAS + "?page=2") is None


def test_tribun_halaman_selanjutnya():
    assert next_page_url(fixture("tribunnews"), TRIBUN) == TRIBUN + "?page=2"


def test_okezone_pages_and_previous_link_not_taken_for_next():
    assert next_page_url(fixture("okezone"), OKEZONE) == OKEZONE + "?page=2"
    assert next_page_url(fixture("okezone", "article-page2.html"), OKEZONE + "?page=2") is None


def test_single_page_articles_have_no_next_page():
    # detik links "Berita Sebelumnya" and related articles; kontan closes with "Selanjutnya: <title>"
    assert next_page_url(fixture("detik"), DETIK) is None
    assert next_page_url(fixture("kontan"), KONTAN) is None


def test_the_extractor_finds_the_next_page_in_its_own_tree():
    """The spider asks ``extract`` for the next page rather than parsing the page twice."""
    from crawler.extract import extract, extract_article

    for portal, url in (("kompas", KOMPAS), ("tribunnews", TRIBUN), ("detik", DETIK), ("kontan", KONTAN)):
        assert extract(fixture(portal), url).next_page == next_page_url(fixture(portal), url)
    assert extract(fixture("kompas"), KOMPAS).next_page == KOMPAS + "?page=2"
    assert extract("", KOMPAS).next_page is None
    with pytest.raises(KeyError):  # not an item field: it travels beside the item
        extract_article(fixture("kompas"), KOMPAS)["nextPage"]


def test_accepts_a_parsel_selector_and_bytes():
    html = fixture("kompas")
    assert next_page_url(Selector(text=html), KOMPAS) == KOMPAS + "?page=2"
    assert next_page_url(html.encode("utf-8"), KOMPAS) == KOMPAS + "?page=2"


def test_wordpress_nextpage_path_form():
    url = "https://jagatbisnis.com/2022/03/15/china-sebut-rusia-bersedia/"
    html = """<article><div class="entry-content"><p>Paragraf pertama.</p>
    <div class="page-links">Halaman: <span>1</span> <a href="/2022/03/15/china-sebut-rusia-bersedia/2/">2</a>
    <a href="/2022/03/15/china-sebut-rusia-bersedia/3/">3</a></div></div></article>"""
    assert next_page_url(html, url) == url + "2/"
    page2 = url + "2/"
    assert next_page_url(html, page2) == url + "3/"
    assert next_page_url(html, url + "3/") is None


def test_detik_path_number_form_with_relative_link():
    html = '<div class="detail__anchor-numb"><a href="bmkg-prediksi/2">Halaman selanjutnya</a></div>'
    url = "https://news.detik.com/berita/d-7968345/bmkg-prediksi"
    assert next_page_url(html, url) == "https://news.detik.com/berita/d-7968345/bmkg-prediksi/2"


def test_rel_next_to_another_post_is_not_a_page():
    # WordPress before 4.x: <link rel='next'> in the head of every post names the next *post*
    other = "https://jagatbisnis.com/2022/03/16/harga-emas-naik/"
    html = f"""<head><link rel='next' title='Harga Emas Naik' href='{other}'/></head>
    <body><p>Isi.</p><a href="{other}">Berikutnya »</a></body>"""
    assert next_page_url(html, "https://jagatbisnis.com/2022/03/15/china-sebut/") is None


def test_next_link_to_a_page_further_on_is_not_the_next_page():
    html = '<a rel="next" href="https://x.co.id/news/a?page=3">3</a>'
    assert next_page_url(html, "https://x.co.id/news/a") is None
    assert next_page_url(html, "https://x.co.id/news/a?page=2") == "https://x.co.id/news/a?page=3"


def test_whole_view_and_non_http_urls_have_no_next():
    html = fixture("kompas")
    assert next_page_url(html, KOMPAS + "?page=all") is None
    assert next_page_url(html, "ftp://nasional.kompas.com/read/x") is None


def test_bad_input_is_a_clear_error():
    with pytest.raises(TypeError, match="HTML text"):
        next_page_url(42, KOMPAS)


# ---- single_page_url -------------------------------------------------------------------------------


def test_kompas_show_all_link_from_the_page():
    assert single_page_url(KOMPAS, fixture("kompas")) == KOMPAS + "?page=all"


def whole_view(portal: str) -> tuple[str, str] | None:
    return load_profile(portal).pagination.whole_view


def test_known_portals_without_the_page():
    assert single_page_url(TRIBUN, whole_view=whole_view("tribunnews")) == TRIBUN + "?page=all"
    assert single_page_url(KOMPAS + "?page=2", whole_view=whole_view("kompas")) == KOMPAS + "?page=all"
    assert single_page_url(DETIK + "/2", whole_view=whole_view("detik")) == DETIK + "?single=1"


def test_no_whole_view_for_other_portals_or_the_view_itself():
    assert single_page_url(OKEZONE, fixture("okezone"), whole_view=whole_view("okezone")) is None
    assert single_page_url(KOMPAS + "?page=all", whole_view=whole_view("kompas")) is None
    assert single_page_url(DETIK + "?single=1", whole_view=whole_view("detik")) is None


def test_page_of_forms():
    assert page_of(KOMPAS + "?page=2").number == 2
    assert page_of(KOMPAS + "?page=all").number is None
    assert page_of("https://jagatbisnis.com/2022/03/15/slug/3/").number == 3
    assert page_of("https://jagatbisnis.com/2022/03/15/slug/").number == 1
    assert page_of(KOMPAS + "?page=2").key == page_of("https://" + KOMPAS[len("https://") :]).key
    assert page_of("mailto:redaksi@kompas.com") is None


# ---- merge_pages -----------------------------------------------------------------------------------


def _page(body: str, **fields) -> dict:
    return {
        "articleBody": body,
        "authors": [],
        "tags": [],
        "reporterCodes": [],
        "mentionedDates": [],
        **fields,
    }


def test_merge_joins_bodies_in_order_and_fills_fields():
    first = _page(
        "Paragraf satu halaman pertama yang cukup panjang untuk dihitung.\n\nParagraf dua.",
        headline="Judul",
        authors=["Ani"],
        tags=[],
        section=None,
        fingerprint="x",
        mentionedDates=[{"text": "Senin (16/6/2025)", "date": "2025-06-16", "weekdayMatches": True}],
    )
    second = _page(
        "Paragraf satu halaman pertama yang cukup panjang untuk dihitung.\n\n"
        "Paragraf tiga.\n\nParagraf empat.",
        headline="Judul - Halaman 2",
        authors=["Ani", "Budi"],
        tags=["polri"],
        section="Nasional",
        reporterCodes=["Arief Setyadi"],
    )
    third = _page("", headline="kosong")
    merged = merge_pages(first, [second, third])
    assert merged["articleBody"] == (
        "Paragraf satu halaman pertama yang cukup panjang untuk dihitung.\n\n"
        "Paragraf dua.\n\nParagraf tiga.\n\nParagraf empat."
    )
    assert merged["headline"] == "Judul"
    assert merged["authors"] == ["Ani", "Budi"]
    assert merged["tags"] == ["polri"]
    assert merged["section"] == "Nasional"
    assert merged["reporterCodes"] == ["Arief Setyadi"]
    assert [m["text"] for m in merged["mentionedDates"]] == ["Senin (16/6/2025)"]
    from crawler.extract import fingerprint

    assert merged["fingerprint"] == fingerprint(merged["articleBody"])
    assert first["articleBody"].count("\n\n") == 1  # inputs untouched


def test_merge_adds_later_pages_images_once_and_counts_the_joined_words():
    lead = {"url": "https://okezone.com/a/lead.jpg", "caption": "Lead"}
    first = _page("Satu dua tiga empat.", images=[lead], wordCount=4, fingerprint="x")
    second = _page(
        "Lima enam tujuh.",
        images=[lead, {"url": "https://okezone.com/a/kedua.jpg", "caption": None}],  # the lead shown again
        wordCount=3,
    )
    merged = merge_pages(first, [second])
    assert merged["images"] == [lead, {"url": "https://okezone.com/a/kedua.jpg", "caption": None}]
    assert merged["wordCount"] == 7
    assert first["images"] == [lead]  # inputs untouched


def test_merge_with_no_other_pages_is_the_first_page():
    first = _page("Satu.\n\nDua.", headline="Judul")
    assert merge_pages(first, []) == first


def test_merge_rejects_non_dict_pages():
    with pytest.raises(TypeError, match="page 2"):
        merge_pages(_page("Satu."), ["not a page"])


# ---- whole chain on the portal fixtures: extract each page, follow next, merge -------------------------


def _crawl_pages(portal: str, url: str, files: list[str]) -> dict:
    """What the spider does: extract page 1, follow next_page_url to each later page, merge."""
    from itemadapter import ItemAdapter

    from crawler.extract import extract_article
    from crawler.profiles import load_profile

    profile = load_profile(portal)
    pages = {url: fixture(portal, files[0])}
    current, html = url, pages[url]
    items = [dict(ItemAdapter(extract_article(html, url, profile)))]
    for name in files[1:]:
        current = next_page_url(html, current)
        assert current is not None
        html = fixture(portal, name)
        items.append(dict(ItemAdapter(extract_article(html, current, profile))))
    assert next_page_url(html, current) is None
    return merge_pages(items[0], items[1:])


def test_kompas_two_pages_become_one_item():
    merged = _crawl_pages("kompas", KOMPAS, ["article.html", "article-page2.html"])
    paragraphs = merged["articleBody"].split("\n\n")
    assert len(paragraphs) == 8
    assert paragraphs[5].startswith("Menurut dia, pembahasan ditargetkan rampung")
    assert paragraphs[6].startswith("Dalam draf revisi, DPR mengusulkan")
    assert paragraphs[7] == (
        "Pemerintah akan menyiapkan daftar inventarisasi masalah (DIM) setelah menerima surat resmi dari DPR."
    )
    assert "Baca juga" not in merged["articleBody"]
    assert merged["canonicalUrl"] == KOMPAS
    assert merged["dateline"] == "JAKARTA"  # the place only
    assert merged["authors"] == ["Vitorio Mantalean", "Adhyasta Dirgantara"]


def test_okezone_reporter_code_on_the_last_page_reaches_the_item():
    merged = _crawl_pages("okezone", OKEZONE, ["article.html", "article-page2.html"])
    paragraphs = merged["articleBody"].split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[-1] == (
        "Satgas Pangan juga akan berkoordinasi dengan Badan Pangan Nasional dan pemerintah daerah untuk "
        "memastikan stok daging sapi mencukupi hingga hari raya."
    )
    assert merged["reporterCodes"] == ["Arief Setyadi"]
    assert merged["dateline"] == "JAKARTA"
    assert "Halaman" not in merged["articleBody"]


# ---- the safety rule as a property -----------------------------------------------------------------------
_SLUGS = st.sampled_from(["polri-bentuk-satgas", "harga-emas-naik", "bmkg-prediksi-hujan"])
_HOSTS = st.sampled_from(
    ["https://nasional.okezone.com", "https://www.kompas.com", "https://jagatbisnis.com"]
)


def _page_url(host: str, slug: str, number: int | None, form: str) -> str:
    base = f"{host}/read/2025/06/16/{slug}"
    if number is None:
        return base + "?page=all"
    if number == 1:
        return base + ("/" if form == "path" else "")
    return f"{base}/{number}/" if form == "path" else f"{base}?page={number}"


_LINK = st.tuples(
    _HOSTS, _SLUGS, st.one_of(st.none(), st.integers(1, 60)), st.sampled_from(["path", "query"])
)
_TEXT = st.sampled_from(["Halaman selanjutnya", "Next »", "»", "2", "Baca juga", "Berikutnya", ""])
_REL = st.sampled_from(['rel="next" ', ""])


@settings(max_examples=300, deadline=None)
@given(
    here=st.tuples(_HOSTS, _SLUGS, st.integers(1, 55), st.sampled_from(["path", "query"])),
    links=st.lists(st.tuples(_LINK, _TEXT, _REL), max_size=8),
)
def test_next_page_is_always_the_same_article_one_page_on(here, links) -> None:
    url = _page_url(*here)
    anchors = "".join(f'<a {rel}href="{_page_url(*link)}">{text}</a>' for link, text, rel in links)
    found = next_page_url(f"<html><body><article>{anchors}</article></body></html>", url)
    current = page_of(url)
    wanted = {
        _page_url(*link)
        for link, _, _ in links
        if page_of(_page_url(*link)).key == current.key
        and page_of(_page_url(*link)).number == current.number + 1
    }
    if current.number >= Pagination.max_pages:
        assert found is None
    elif wanted:
        assert found in wanted
    else:
        assert found is None


@settings(max_examples=400, deadline=None)
@given(
    prefix=st.sampled_from(["", "https://www.kompas.com", "//www.kompas.com", " "]),
    segments=st.lists(st.sampled_from(["read", "2025", "05", "28", "berita-dpr", "page"]), max_size=4),
    number=st.integers(2, 60),  # a next page is page 2 or later; any URL without a marker is page 1
    zeros=st.sampled_from(["", "0", "00"]),
    form=st.sampled_from(["path", "path/", "query"]),
    name=st.sampled_from(["page", "Page", "halaman", "HAL", "pg", "p"]),
    extra=st.sampled_from(["", "?utm_source=x", "#top", "&s=1"]),
)
def test_the_quick_href_test_never_rules_out_a_page_link(prefix, segments, number, zeros, form, name, extra):
    """``next_page_url`` skips hrefs its quick test rules out: whatever ``page_of`` reads as page N
    must pass that test for N."""
    from urllib.parse import urljoin

    from crawler.extract.pagination import _names_page

    path = "/".join(segments)
    if form == "query":
        href = f"{prefix}/{path}?{name}={zeros}{number}{extra}"
    else:
        href = f"{prefix}/{path}/{zeros}{number}{'/' if form == 'path/' else ''}{extra.replace('&', '?')}"
    ref = page_of(urljoin(KOMPAS, href.strip()))
    if ref is not None and ref.number == number:
        assert _names_page(number)(href)


_HREF_PIECE = st.one_of(
    st.text(alphabet="0123456789/?#&= \t\napgehlPAGE.-x\u00a0", max_size=12),
    st.sampled_from(["/", " ", "page/", "?page=", "&hal=", "?PG=", "2025/05/", "berita-"]),
)


@settings(max_examples=500, deadline=None)
@given(
    hrefs=st.lists(
        st.tuples(_HREF_PIECE, st.sampled_from(["", "0", "00"]), _HREF_PIECE), min_size=1, max_size=6
    ),
    number=st.integers(2, 60),
    at=st.integers(0, 5),
)
def test_the_page_wide_href_test_never_rules_out_what_the_quick_test_accepts(hrefs, number, at):
    """``next_page_url`` gives up on a page when the search over all its hrefs at once finds nothing:
    that search must find every href ``_names_page`` accepts."""
    from crawler.extract.pagination import _may_name_page, _names_page

    texts = [
        f"{before}{zeros}{number if i == at % len(hrefs) else ''}{after}"
        for i, (before, zeros, after) in enumerate(hrefs)
    ]
    if any(_names_page(number)(text) for text in texts):
        assert _may_name_page(number)("\x00".join([*texts, ""]))


def test_a_page_whose_hrefs_cannot_name_the_next_page_has_none_and_one_that_can_is_read():
    """Both sides of the page-wide test: dated article links only, then the same page with a page link."""
    links = "".join(f'<a href="/2025/05/{day:02d}/berita-{day}/">Berita {day}</a>' for day in range(1, 29))
    url = "https://jagatbisnis.com/2025/05/12/harga-cabai/"
    assert next_page_url(f"<html><body>{links}</body></html>", url) is None
    paged = f'<html><body>{links}<a href="/2025/05/12/harga-cabai/2/">Halaman selanjutnya</a></body></html>'
    assert next_page_url(paged, url) == "https://jagatbisnis.com/2025/05/12/harga-cabai/2/"


def test_a_link_that_is_no_url_is_no_next_page():
    """A theme's unfilled ``http://[domain]/…`` (``urljoin`` raises on its host) among the page links, or
    as the page's ``<base href>``: the link is passed over, the page's own links still lead on."""
    url = "https://jagatbisnis.com/2022/03/15/china-sebut-rusia-bersedia/"
    links = '<a href="http://[domain]/2022/03/15/china-sebut-rusia-bersedia/2/">2</a> <a href="2/">2</a>'
    assert next_page_url(f"<article><p>Paragraf.</p>{links}</article>", url) == url + "2/"
    broken_base = '<html><head><base href="http://[domain]/"></head><body><a href="2/">2</a></body></html>'
    assert next_page_url(broken_base, url) == url + "2/"
