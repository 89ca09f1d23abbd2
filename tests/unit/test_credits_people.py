"""Credits and datelines on pages shaped like the real portals': authors are people only, organisational
credits go to ``authorsOrg``, editors to ``editors``, the dateline keeps the place and drops the brand,
reporter codes keep their printed form. The snippets are hand-written in the style of the pages; the last
test reads the real development pages from ``../shared`` (issue 13).
"""

from __future__ import annotations

import gzip
import json

import pytest

from crawler.extract import extract_article
from crawler.extract.byline import dateline_place, split_reporter_code, split_signature
from crawler.extract.credits import is_organisation, parse_credit
from tests.conftest import SHARED, needs_shared

PARAGRAPHS = (
    "Sebanyak 29 penerbangan dari dan menuju bandara itu dibatalkan menyusul ditutupnya operasional bandara "
    "akibat abu vulkanik erupsi gunung di pulau tersebut pada Kamis pagi.",
    "Kepala seksi humas bandara mengatakan pembatalan seluruh penerbangan itu dilakukan sejak pukul delapan "
    "pagi sampai keesokan harinya demi keselamatan para penumpang.",
    "Menurut dia, sebanyak 27 penerbangan domestik dan dua penerbangan internasional harus dialihkan ke "
    "bandara lain di provinsi tetangga selama penutupan berlangsung.",
)


def page(article: str, *, head: str = "", url: str = "https://www.contohberita.com/berita/1/contoh") -> dict:
    html = (
        f"<html lang='id'><head><title>Penerbangan Dibatalkan</title>{head}</head><body>"
        "<header><a href='/'>Contoh Berita</a></header>"
        f"<div class='content'><h1>Penerbangan Dibatalkan</h1>{article}</div>"
        "<aside class='sidebar'><ul><li><a href='/berita/2/lain'>Berita lain</a> Pewarta: Orang Lain</li>"
        "</ul></aside></body></html>"
    )
    return extract_article(html, url)


def body(*, first: str = "", last: str = "") -> str:
    paras = list(PARAGRAPHS)
    paras[0] = first + paras[0]
    paras[-1] = paras[-1] + last
    return "".join(f"<p>{p}</p>" for p in paras)


# ---- bylines -------------------------------------------------------------------------------------
def test_pewarta_with_two_people_and_an_editor_line_after_the_story() -> None:
    # antaranews 2016: "Pewarta: A dan B" above the story, "Editor: C" below it
    item = page(
        '<div class="byline">Pewarta: <span itemprop="author">Budisantoso Budiman dan Agus S</span></div>'
        + body()
        + '<p class="mt10">Editor: <span itemprop="editor">Ade Marboen</span></p>'
        + '<p class="date">COPYRIGHT &copy; <span>ANTARA</span> 2016</p>'
    )
    assert item["authors"] == ["Budisantoso Budiman", "Agus S"]
    assert item["editors"] == ["Ade Marboen"]
    assert item["authorsOrg"] == []


def test_jsonld_author_that_is_the_visible_editor_gives_way_to_the_byline() -> None:
    # antaranews 2017 / kompas 2025: JSON-LD names the editor as the author
    jsonld = (
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        '"headline":"Penerbangan Dibatalkan","author":{"@type":"Person","name":"B Kunto Wibisono"}}</script>'
    )
    item = page(
        '<div class="byline">Oleh <span itemprop="author">Desca Lidya Natalia</span></div>'
        + body()
        + '<p class="mt10">Editor: <span itemprop="editor">B Kunto Wibisono</span></p>',
        head=jsonld,
    )
    assert item["authors"] == ["Desca Lidya Natalia"]
    assert item["editors"] == ["B Kunto Wibisono"]


def test_one_person_who_writes_and_edits_stays_the_author() -> None:
    # liputan6 photo pages: the same person is the byline and, in the keywords, the editor
    jsonld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Penerbangan Dibatalkan",'
        '"author":[{"@type":"Person","name":"Arny Christika Putri"}],'
        '"keywords":["Photo:Showbiz","Editor:Arny Christika Putri","Grammy Awards"]}</script>'
    )
    item = page(body(), head=jsonld)
    assert item["authors"] == ["Arny Christika Putri"]
    assert item["editors"] == ["Arny Christika Putri"]


def test_publisher_as_meta_author_is_no_credit_and_the_table_row_names_writer_and_editor() -> None:
    # kompas 2016: <meta name="author" content="Kompas Cyber Media">; a table "Penulis | : Kontributor X, Y"
    item = page(
        body()
        + '<table class="grey"><tbody><tr><td>Penulis</td><td>: Kontributor Lhokseumawe, Masriadi </td></tr>'
        "<tr>\n  <td>Editor</td>\n  <td>: Ervan Hardoko</td>\n</tr></tbody></table>",
        head='<meta name="author" content="Kompas Cyber Media">',
        url="http://regional.kompas.com/read/2015/11/04/21040031/Polres.Serahkan",
    )
    assert item["authors"] == ["Masriadi"]
    assert item["authorsOrg"] == []
    assert item["editors"] == ["Ervan Hardoko"]


def test_company_in_meta_author_is_not_a_person() -> None:
    # viva 2016: meta author "PT. VIVA MEDIA BARU - VIVA.co.id", the byline "Oleh : <b>Maya Sofia</b>"
    item = page(
        '<div class="smalldesc"><div itemprop="author" class="author">Oleh : \n<b>Maya Sofia</b></div></div>'
        + body(),
        head='<meta content="PT. VIVA MEDIA BARU - VIVA.co.id" name="author" />',
        url="http://life.viva.co.id/showbiz/read/736460-contoh",
    )
    assert item["authors"] == ["Maya Sofia"]
    assert item["authorsOrg"] == []


def test_oleh_with_a_desk_code_and_laporan_wartawan() -> None:
    assert parse_credit("Oleh : Maya Sofia / FMB") == [("author", "Maya Sofia")]
    assert parse_credit("Laporan Wartawan TribunSolo.com, Ryantono Puji Santoso") == [
        ("author", "Ryantono Puji Santoso")
    ]
    assert parse_credit("Penulis: Ani Rahmawati | Editor: Budi Santoso") == [
        ("author", "Ani Rahmawati"),
        ("editor", "Budi Santoso"),
    ]
    assert parse_credit("Oleh karena itu, pemerintah menunda rencana tersebut.") == []


def test_laporan_wartawan_line_in_the_body_and_a_red_credit() -> None:
    item = page(
        "<p><strong>Laporan Wartawan TribunSolo.com, Ryantono Puji Santoso</strong></p>"
        + body()
        + '<div class="red"><span> </span> Red: Yudha Manggala P Putra</div>'
    )
    assert item["authors"] == ["Ryantono Puji Santoso"]
    assert item["editors"] == ["Yudha Manggala P Putra"]


def test_name_followed_by_its_role_and_a_role_list() -> None:
    # okezone 2015: <div>Dewi Kania</div><span>Jurnalis</span>; liputan6: <li>Editor</li><li>Iskandar</li>
    item = page(
        '<div class="detail-social-share-ab"><div class="autor"><div class="nmreporter">'
        "<div>Dewi Kania</div><span>Jurnalis</span></div></div></div>"
        + body()
        + '<ul class="read-page--credits__list"><li class="role">Editor</li>'
        '<li class="item"><a href="http://me.example.com/iskandar">Iskandar</a></li></ul>'
    )
    assert item["authors"] == ["Dewi Kania"]
    assert item["editors"] == ["Iskandar"]


def test_a_credits_list_of_profile_links_each_ending_with_its_role() -> None:
    """liputan6 2019-22 (written here): each credit is one link to the person's page, the name then the
    role in English; a link is otherwise no place for a credit, as a headline or a menu item shows."""

    def credit(handle: str, name: str, role: str) -> str:
        return (
            f'<li class="credits__item"><a class="credits__item-link" href="https://m.example.com/me/{handle}">'
            f'<picture><img src="/a.jpg" alt="{name}"></picture><span class="credits__item-label">'
            f'<span class="credits__item-name">{name}</span><span class="credits__item-role">{role}</span>'
            "</span></a></li>"
        )

    credits_list = (
        '<ul class="credits">'
        + credit("tommyk", "Tommy Kurnia", "Author")
        + credit("hariz", "Hariz Barak", "Editor")
        + "</ul>"
    )
    others = (
        '<ul class="menu"><li><a href="/redaksi">Editor</a></li>'
        '<li><a href="/berita/9/lain">Editor Senior Mundur dari Harian Nasional Setelah Tiga Puluh Tahun</a>'
        "</li></ul>"
    )
    item = page(body() + credits_list + others)
    assert item["authors"] == ["Tommy Kurnia"]
    assert item["editors"] == ["Hariz Barak"]


def test_a_site_team_in_the_author_meta_is_an_organisational_credit() -> None:
    """detik 2022 (written here): only ``<meta name="author" content="Tim detikBali">`` credits the story;
    the site itself named there would be the publisher, its team is a credit."""
    item = page(
        body(),
        head='<meta name="author" content="Tim detikBali">',
        url="https://travel.detik.com/travel-news/d-6450000/penerbangan-dibatalkan",
    )
    assert (item["authors"], item["authorsOrg"]) == ([], ["Tim detikBali"])


def test_co_authors_the_visible_credits_name_beside_the_page_datas_one_author() -> None:
    """liputan6 2015 (written here): JSON-LD names the first writer; the credits list, a role row then
    one row a name, names both, then the editor."""
    data = '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person", '
    data += '"name": "Silvanus Alvin"}}</script>'
    credits_list = (
        '<div class="credits-list"><ul><li class="role"><span>Author</span></li>'
        '<li><a href="http://me.example.com/silvanus"><span class="name">Silvanus Alvin</span></a></li>'
        '<li><a href="http://me.example.com/hanz"><span class="name">Hanz Jimenez Salim</span></a></li>'
        '<li class="role"><span>Editor</span></li>'
        '<li><a href="http://me.example.com/mevi"><span class="name">Mevi Linawati</span></a></li></ul></div>'
    )
    item = page(body() + credits_list, head=data)
    assert item["authors"] == ["Silvanus Alvin", "Hanz Jimenez Salim"]
    assert item["editors"] == ["Mevi Linawati"]


def test_a_byline_in_an_author_element_names_the_author() -> None:
    """suara 2015 (written here): ``<author>`` is no HTML element, but the page writes its byline in one."""
    item = page(
        '<div class="dateDetail"><span><author>Laban Laisila</author> : <time datetime="19 Jun 2015 | 13:06">'
        "19 Jun 2015 | 13:06</time></span></div>" + body()
    )
    assert item["authors"] == ["Laban Laisila"]


def test_team_credit_is_an_organisation() -> None:
    # detik 2023: the credit line names the desk's team, not a person
    item = page(
        '<div class="detail__author">Tim detikBali - detikBali</div>' + body(),
        url="https://www.detik.com/bali/berita/d-6900000/penerbangan-dibatalkan",
    )
    assert item["authors"] == []
    assert item["authorsOrg"] == ["Tim detikBali"]
    assert is_organisation("prwir")  # an account code printed in lower case (a PR wire's upload)
    # detik 2019 types its team credit a Person in JSON-LD: the brand after "Tim" still makes it a team
    assert is_organisation("Tim detikcom", declared_person=True)
    assert not is_organisation("Tim Childers", declared_person=True)
    assert not is_organisation("Agus S")


def test_photographer_is_the_author_of_a_photo_page_with_no_writer() -> None:
    item = page('<strong class="l_blue2_detik">Fotografer: Grandyos Zafna</strong>' + body())
    assert item["authors"] == ["Grandyos Zafna"]


def test_credits_of_other_stories_in_the_sidebar_are_not_the_articles() -> None:
    item = page(body())
    assert item["authors"] == [] and item["editors"] == []


# ---- end signatures ------------------------------------------------------------------------------
def test_end_signature_in_capitals_is_the_author_and_leaves_the_body() -> None:
    # tempo 2015: "… bisa dilakukan.<br /> <br /> <strong>DINI TEJA</strong></p>"
    item = page(body(last="<br /> <br /> <strong>DINI TEJA</strong>"))
    assert item["authors"] == ["DINI TEJA"]
    assert "DINI TEJA" not in item["articleBody"]
    assert item["articleBody"].endswith("selama penutupan berlangsung.")


def test_agency_signature_is_an_organisation() -> None:
    item = page(body() + "<p>&nbsp;</p><p><strong>ANTARA</strong></p><p>&nbsp;</p>")
    assert item["authors"] == []
    assert item["authorsOrg"] == ["ANTARA"]
    assert split_signature("Tamat.\nBERSAMBUNG") == ("Tamat.\nBERSAMBUNG", [])


# ---- datelines: the place only ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("Mataram, NTB (ANTARA News) - ", "Mataram, NTB"),
        ("ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) -- ", "ISTANBUL"),
        ("LHOKSEUMAWE, KOMPAS.com - ", "LHOKSEUMAWE"),
        ("Jakarta, KompasOtomotif - ", "Jakarta"),
        ("IHRAM.CO.ID, BANJARMASIH -- ", "BANJARMASIH"),
        ("<strong>VIVA.co.id</strong> - ", None),
    ],
)
def test_dateline_is_the_place_without_the_brand(opening: str, place: str | None) -> None:
    item = page(body(first=opening))
    assert item["dateline"] == place
    assert item["articleBody"].startswith("Sebanyak 29 penerbangan")


def test_brand_without_a_domain_is_known_from_the_site() -> None:
    assert dateline_place("Jakarta, Warta Kita", ["wartakita"]) == "Jakarta"
    assert dateline_place("Bandarlampung, Lampung", ["antaranews"]) == "Bandarlampung, Lampung"


def test_dateline_after_a_caption_line_at_the_top_of_the_body() -> None:
    # tempo 2015: the photo caption sits in the body container above "TEMPO.CO, Jakarta -"
    item = page(
        '<div class="deskripsi">Rektor UNY buka invitasi olahraga. Doc. uny.ac.id KOMUNIKA ONLINE</div>'
        + body(first="<strong>TEMPO.CO</strong>, <strong>Jakarta</strong> - ")
    )
    assert item["dateline"] == "Jakarta"
    assert item["articleBody"].startswith("Sebanyak 29 penerbangan")


def test_a_themes_header_lines_above_a_branded_dateline_leave_the_body() -> None:
    """viva 2015 (written here): the body's container also holds the summary, the date line, "Oleh : X"
    and the photo's caption; the story opens at "VIVA.co.id - "."""
    item = page(
        '<div class="isi"><p>Puluhan penumpang tertahan di bandara akibat abu vulkanik.</p>'
        "<p>Jum'at, 19 Juni 2015 | 13:12 WIB</p><p>Oleh : Adrianus Mandey</p>"
        "<p>Petugas memeriksa papan jadwal keberangkatan di terminal. (REUTERS/Chaiwat Subprasom)</p>"
        + body(first="VIVA.co.id - ")
        + "</div>",
        url="https://dunia.news.viva.co.id/news/read/640310-penerbangan-dibatalkan",
    )
    assert item["articleBody"].startswith("Sebanyak 29 penerbangan")
    assert item["authors"] == ["Adrianus Mandey"]


def test_short_opening_paragraphs_stay_when_no_branded_dateline_follows() -> None:
    """A story that opens with short lines (a quote, a question) keeps them: only a dateline naming the
    site's brand shows that the lines above it were the theme's."""
    opening = '<p>"Kami tidak punya pilihan lain."</p><p>Begitu kata kepala bandara, Kamis pagi.</p>'
    item = page(opening + body(first="Jakarta - "))
    assert item["articleBody"].startswith('"Kami tidak punya pilihan lain."')


# ---- reporter codes in their printed form --------------------------------------------------------
@pytest.mark.parametrize(
    ("last", "code"),
    [("<br><br>(Cas/Isk)", "Cas/Isk"), ("</p><p>(FHM)", "FHM"), (" (fyk/ash)", "fyk/ash")],
)
def test_reporter_code_keeps_its_printed_form(last: str, code: str) -> None:
    item = page(body(last=last))
    assert item["reporterCodes"] == [code]
    assert item["articleBody"].endswith("selama penutupan berlangsung.")


def test_acronym_inside_a_sentence_is_not_a_code() -> None:
    assert split_reporter_code("Dana itu dikelola PT Pertamina (PPATK)") == (
        "Dana itu dikelola PT Pertamina (PPATK)",
        None,
    )
    assert split_reporter_code("Kasus itu ditangani Komisi Pemberantasan Korupsi (KPK)")[1] is None


# ---- the real development pages -----------------------------------------------------------------------
REAL = SHARED / "real-pages"
PEOPLE_FIELDS = ("authors", "authorsOrg", "editors", "dateline")


def _real_pages() -> list[tuple[str, dict]]:
    return sorted(json.loads((REAL / "truth.json").read_text(encoding="utf-8")).items())


@needs_shared("real-pages", "truth.json")
def test_credit_fields_on_the_real_development_pages() -> None:
    """The credit fields right on at least 95% of the 26 real pages (the issue's goal); the dateline on
    24: two pages still miss it for reasons outside the dateline rule (a first paragraph the generic body
    finder drops, a dateline printed in bold with no dash)."""
    pages = _real_pages()
    right = dict.fromkeys(PEOPLE_FIELDS, 0)
    for page_id, truth in pages:
        html = gzip.decompress((REAL / "pages" / f"{page_id}.html.gz").read_bytes())
        item = extract_article(html, truth["url"])
        for name in PEOPLE_FIELDS:
            right[name] += item[name] == truth[name]
    accuracy = {name: right[name] / len(pages) for name in PEOPLE_FIELDS}
    goals = {"authors": 0.95, "authorsOrg": 0.95, "editors": 0.95, "dateline": 0.92}
    assert all(accuracy[name] >= goals[name] for name in PEOPLE_FIELDS), accuracy
