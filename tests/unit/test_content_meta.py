"""The Kompas Gramedia network's pages (kompas.com, tribunnews.com and its regional sites) name their
tags and editor in the CMS's own meta family, ``content_tag`` and ``content_editor``: when the page shows
no tag list or editor credit (an AMP view, an older or a regional theme) they give the tags and the
editor, after the layers the page has of its own."""

from __future__ import annotations

import pytest

from crawler.extract import extract_article
from crawler.profiles import load_profile

URL = "https://nasional.kompas.com/read/2025/05/28/13300061/dpr-setujui-revisi-uu-bumn-jadi-usul-inisiatif"
GENERIC_URL = "https://www.tribunlampung.co.id/2025/05/28/dpr-setujui-revisi-uu-bumn-jadi-usul-inisiatif"
META = """<meta name="content_author" content="Vitorio Mantalean">
<meta name="content_editor" content="Dani Prabowo">
<meta name="content_tag" content="revisi UU BUMN, DPR, rapat paripurna">"""


def page(head: str, shown: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="UTF-8">
<title>DPR Setujui Revisi UU BUMN Jadi Usul Inisiatif - Kompas.com</title>{head}
<meta property="article:published_time" content="2025-05-28T13:30:00+0700"></head>
<body><div class="header"><a href="/">Kompas.com</a></div>
<div class="read__content"><h1 class="read__title">DPR Setujui Revisi UU BUMN Jadi Usul Inisiatif</h1>
<div class="read__credit"><div class="read__credit__item" id="penulis">Penulis
<a href="/tag/vitorio-mantalean">Vitorio Mantalean</a></div>{shown}</div>
<div class="read__content clearfix">
<p>JAKARTA, KOMPAS.com - Rapat Paripurna DPR menyetujui revisi Undang-Undang BUMN menjadi RUU usul inisiatif
DPR, Selasa (28/5/2025).</p>
<p>Sembilan fraksi menyatakan setuju revisi dibahas lebih lanjut bersama pemerintah dalam masa sidang ini.</p>
<p>Ketua DPR Puan Maharani memimpin rapat yang dihadiri lebih dari separuh anggota dewan tersebut.</p>
</div></div></body></html>"""


@pytest.mark.parametrize("profile", ["kompas", None])
def test_content_tag_and_content_editor_fill_what_the_page_does_not_show(profile: str | None) -> None:
    url = URL if profile else GENERIC_URL
    item = extract_article(page(META), url, load_profile(profile) if profile else None)
    assert item["tags"] == ["revisi UU BUMN", "DPR", "rapat paripurna"]
    assert item["editors"] == ["Dani Prabowo"]
    assert item["authors"] == ["Vitorio Mantalean"]


def test_a_shown_editor_and_the_keywords_meta_come_first() -> None:
    shown = '<div class="read__credit__item" id="editor">Editor <a href="/tag/bayu">Bayu Galih</a></div>'
    head = META + '<meta name="keywords" content="revisi UU BUMN, Puan Maharani">'
    item = extract_article(page(head, shown), GENERIC_URL)
    assert (item["editors"], item["tags"]) == (["Bayu Galih"], ["revisi UU BUMN", "Puan Maharani"])


def test_a_comma_list_of_editors_is_each_of_them() -> None:
    head = META.replace('content="Dani Prabowo"', 'content="Dani Prabowo, Bayu Galih"')
    assert extract_article(page(head), GENERIC_URL)["editors"] == ["Dani Prabowo", "Bayu Galih"]


def test_the_writers_tag_page_link_is_no_tag() -> None:
    """kompas links its writer to ``/tag/<name>``: on a page with no tag source but such links, the
    credit's link is not read as the story's tag."""
    head = '<meta name="content_author" content="Vitorio Mantalean">'
    assert extract_article(page(head), GENERIC_URL)["tags"] == []
