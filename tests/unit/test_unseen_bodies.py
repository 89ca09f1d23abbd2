"""Body and date rules found on real portal pages outside the development set, each shaped here like the
markup it was found in (written for these tests, not copied)."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from crawler.extract import byline, extract_article
from crawler.extract.generic import find_body_paragraphs
from crawler.extract.generic_text import ParagraphReader


def body_of(page: str) -> list[str]:
    return find_body_paragraphs(lxml_html.document_fromstring(page))


# a CMS that pretty-prints its templates: the tag links inside the lead run over several indented lines
PRETTY_PRINTED_LEAD = """<html><head><title>Jadwal Final Liga: Tuan Rumah Turunkan Tim Inti</title></head>
<body><h1>Jadwal Final Liga: Tuan Rumah Turunkan Tim Inti</h1>
<div class="detail__body-text">
\t\t\t\t\t\t\t<strong>Bandung</strong> -
\t\t\t\t\t\t\t<p>
\t\t\t\t\t\t\t\t<a href="/tag/final-liga">Final
\t\t\t\t\t\t\t\t\tliga musim ini</a>
\t\t\t\t\t\t\t\tdigelar malam ini di
\t\t\t\t\t\t\t\t<a
\t\t\t\t\t\t\t\t\thref="/tag/stadion-utama">stadion
\t\t\t\t\t\t\t\t\tutama kota. </a>Susunan pemainnya sudah
\t\t\t\t\t\t\t\tkeluar,<a
\t\t\t\t\t\t\t\t\thref="/tag/andi-saputra">
\t\t\t\t\t\t\t\t\tAndi Saputra </a>jadi cadangan.
\t\t\t\t\t\t\t</p>
<p>Pertandingan akan dimulai pukul 19.30 WIB dan disiarkan langsung oleh dua stasiun televisi nasional
sejak sore hari.</p>
<p>Pelatih tuan rumah memilih formasi yang sama dengan laga sebelumnya, dengan tiga gelandang di lini
tengah dan dua pemain sayap yang cepat.</p>
</div></body></html>"""


def test_link_text_counts_as_the_reader_sees_it() -> None:
    """Link text is measured with its whitespace folded, as the paragraph's own text is: the tabs and
    newlines of a pretty-printed anchor made a sentence with three tag links look like a link list."""
    root = lxml_html.document_fromstring(PRETTY_PRINTED_LEAD)
    lead = next(p for p in ParagraphReader(root).read() if p.text.startswith("Final liga"))
    linked = len("Final liga musim ini") + len("stadion utama kota.") + len("Andi Saputra")
    assert lead.link_chars == linked


def test_pretty_printed_lead_with_tag_links_stays_in_the_body() -> None:
    body = body_of(PRETTY_PRINTED_LEAD)
    assert body[0].startswith("Bandung - Final liga musim ini digelar malam ini")
    assert len(body) == 3


def _article(url: str, body: str, lang: str = "en") -> str:
    return f"""<html lang="{lang}"><head><title>Storm cuts power to coastal towns</title></head><body>
<h1>Storm cuts power to coastal towns</h1>
<div class="story-content">{body}</div>
<div class="footer-links"><a href="/about">About us</a> <a href="/contact">Contact</a></div></body></html>"""


ENGLISH_STORY = """
<p>A storm cut power to thousands of homes along the coast on Friday, the utility company said, and crews
were working through the night to restore it.</p>
<p>The company said most customers should have electricity again by Sunday, although some villages in the
hills may wait longer because fallen trees block the roads.</p>
<p>Schools in the worst-hit districts will stay closed on Monday, the education office said. (ant)</p>
"""


def test_an_english_bare_related_label_leaves_with_its_list() -> None:
    """``Read also:`` over a list of linked titles is the English "Baca juga" label: the list goes as link
    text, and the label must not stay as the story's last line (nor hide the reporter code before it)."""
    for label in ("Read also:", "Also read:", "See also", "READ MORE:"):
        related = f"""<div style="width:500px">{label}<ul><li><span>·</span>
<a href="/news/2015/06/18/flood-warning.html">Flood warning issued for river towns</a></li></ul></div>"""
        item = extract_article(
            _article("https://www.example-daily.com/news/storm", ENGLISH_STORY + related),
            "https://www.example-daily.com/news/storm",
        )
        paragraphs = item.articleBody.split("\n")
        assert (
            paragraphs[-1]
            == "Schools in the worst-hit districts will stay closed on Monday, the education office said."
        )
        assert item.reporterCodes == ["ant"]


def test_read_more_inside_a_sentence_stays() -> None:
    story = (
        "<p>Officials asked residents to read more about the evacuation routes on the city website"
        " before the weekend.</p>"
    )
    item = extract_article(
        _article("https://www.example-daily.com/news/storm", ENGLISH_STORY + story),
        "https://www.example-daily.com/news/storm",
    )
    assert item.articleBody.endswith("on the city website before the weekend.")


@pytest.mark.parametrize(
    ("paragraph", "rest", "code"),
    [
        # Media Indonesia closes a story with its desk code: a letter, a dash and a number
        ("Wisuda ditutup dengan doa bersama. (E-2)", "Wisuda ditutup dengan doa bersama.", "E-2"),
        ("Harga cabai turun di pasar induk. (Ant/Z-9)", "Harga cabai turun di pasar induk.", "Ant/Z-9"),
        # a regional portal: a press release's stars, then the reporter who sent it
        ("(***/Jenly Wenur)", "", "***/Jenly Wenur"),
        ("Rapat ditutup siang itu. (*/Rina Marlina)", "Rapat ditutup siang itu.", "*/Rina Marlina"),
    ],
)
def test_more_reporter_code_shapes_close_a_story(paragraph: str, rest: str, code: str) -> None:
    assert byline.split_reporter_code(paragraph) == (rest, code)


@pytest.mark.parametrize(
    "paragraph",
    [
        # a group's or a product's name in brackets at the end of an unfinished sentence is text
        "Pertemuan itu dihadiri negara anggota Kelompok Dua Puluh (G-20)",
        "Pesawat itu bermesin ganda buatan Boeing (B-52)",
        "Warga diminta melapor jika melihat (*/Rina Marlina",
    ],
)
def test_a_dash_number_name_in_an_open_sentence_is_no_code(paragraph: str) -> None:
    assert byline.split_reporter_code(paragraph) == (paragraph, None)


def test_a_signature_line_of_stars_and_a_name_leaves_the_body() -> None:
    story = """<p>Pemerintah kabupaten meminta warga yang tidak berkepentingan meninggalkan kawasan kebun raya
sebelum penertiban dimulai pekan depan, kata asisten sekretaris daerah.</p>
<p>Bupati akan berkoordinasi lagi dengan kepolisian resor untuk meminta perpanjangan tugas anggota di
kawasan tambang tersebut, tutupnya.</p>
<p>(***/Jenly Wenur)</p>"""
    url = "https://www.berita-daerah.example/forkopimda-koordinasi/"
    item = extract_article(_article(url, story).replace('lang="en"', 'lang="id"'), url)
    assert item.articleBody.endswith("kawasan tambang tersebut, tutupnya.")
    assert item.reporterCodes == ["***/Jenly Wenur"]


BLOGGER_POST = """<html><head><title>Menkeu Minta MK Tolak Uji Materi - Warta Rakyat</title>
<link href='https://www.warta-rakyat.example/2020/10/menkeu-minta-mk-tolak.html' rel='canonical'/></head>
<body><div class='outer-wrapper'><div class='main-wrapper'>
<div class='main section' id='main'><div class='widget Blog' data-version='1' id='Blog1'>
<div class='blog-posts hfeed'><div class="date-outer">
<h2 class='date-header'><span>9 Oktober 2020</span></h2>
<div class="date-posts"><div class='post-outer'><div class='post hentry'>
<h1 class='post-title entry-title'>Menkeu Minta MK Tolak Uji Materi</h1>
<div class='postmeta'><span class='clock'><a class='updated' href='#' rel='bookmark'>
<abbr class='updated' title='2020-10-09T10:10:00+07:00'>9 Oktober 2020</abbr></a></span></div>
<div class='post-body entry-content'>
WARTA.CO - Pemerintah meminta Mahkamah Konstitusi menolak permohonan uji materi atas undang-undang
penanganan pandemi yang diajukan sejumlah warga.<br/><br/>
Menteri Keuangan sebagai wakil pemerintah memberikan sejumlah alasan kenapa permohonan itu perlu ditolak
dalam sidang yang digelar secara daring.<br/><br/>
"Undang-undang itu sama sekali tidak merugikan hak konstitusional para pemohon," kata dia.
</div></div></div></div></div></div></div></div>
<div class='sidebar section' id='sidebar'><div class='widget PopularPosts' id='PopularPosts1'>
<h2>Terpopuler</h2><ul><li><a href='/2020/10/lain.html'>Berita lain yang ramai dibaca</a>
<span class='date'>8 Oktober 2020</span></li></ul></div></div>
</div></div></body></html>"""


def test_a_blogger_post_widget_is_the_article_not_chrome() -> None:
    """Blogger wraps every post in ``div.widget.Blog#Blog1``: its day header is the article's date line
    (shown as a day only), where a sidebar widget's dates are not."""
    url = "https://www.warta-rakyat.example/2020/10/menkeu-minta-mk-tolak.html"
    item = extract_article(BLOGGER_POST, url)
    assert item.datePublished == "2020-10-09"
    assert item.articleBody.startswith("Pemerintah meminta Mahkamah Konstitusi")


ENGLISH_GLOBE = """<html lang="en"><head><title>Bill to weaken graft agency stirs rift</title></head><body>
<h1>Bill to weaken graft agency stirs rift</h1><div class="entry-content">
<p>{first}</p>
<p>Officials at the palace insisted on Thursday that the president had no plans to revise the law this year,
and said the bill had been submitted without his knowledge.</p></div></body></html>"""


@pytest.mark.parametrize(
    ("opening", "dateline"),
    [
        # The Jakarta Globe: the place in bold, closed by a full stop, then the story's first sentence
        ("<strong>Jakarta.</strong> ", "Jakarta"),
        ("<b>Bandar Lampung.</b> ", "Bandar Lampung"),
    ],
)
def test_a_bold_place_closed_by_a_full_stop_is_a_dateline(opening: str, dateline: str) -> None:
    sentence = "A bill submitted to parliament has served to highlight the growing rift in the coalition."
    url = "https://www.globe-daily.example/news/bill-weaken-graft-agency/"
    item = extract_article(ENGLISH_GLOBE.format(first=opening + sentence), url)
    assert item.articleBody.startswith(sentence)
    assert item.dateline == dateline


@pytest.mark.parametrize(
    "first",
    [
        "<strong>Dr.</strong> Smith told the hearing that the bill had been drafted in a hurry last month.",
        "<strong>Breaking.</strong> the hearing was adjourned after the bill was read for the first time.",
        "<strong>Jakarta</strong> is where the bill was drafted, officials said at the hearing on Thursday.",
    ],
)
def test_bold_words_that_are_no_place_and_full_stop_stay(first: str) -> None:
    url = "https://www.globe-daily.example/news/bill-weaken-graft-agency/"
    item = extract_article(ENGLISH_GLOBE.format(first=first), url)
    assert item.dateline is None
    assert item.articleBody.startswith(first.replace("<strong>", "").replace("</strong>", ""))
