"""Relinking the generic finder's paragraphs: the block of the first paragraph is the same whether the
search starts near it or asks every text node of the page."""

from __future__ import annotations

import pytest
from lxml import etree

from crawler.extract.relink import _block_of

PAGE = """<html><body>
<div class="teaser"><p>Presiden Joko Widodo meresmikan jalan tol baru</p></div>
<article><div class="content">
 <p>Presiden Joko Widodo meresmikan jalan tol baru di Semarang, Jawa Tengah, pada Senin pagi.</p>
 <p>Peresmian itu <b>dihadiri gubernur</b> dan para bupati dari seluruh provinsi hari itu.</p>
 <p>Jalan tol <a href="/x">sepanjang 40 kilometer</a> itu dibangun selama dua tahun terakhir.</p>
</div></article>
<footer><p>Tentang kami: redaksi menerima surat pembaca setiap hari kerja.</p></footer>
</body></html>"""


@pytest.mark.parametrize(
    "paragraph",
    [
        # the first probe is in two text nodes, the second only in the article
        "Presiden Joko Widodo meresmikan jalan tol baru di Semarang, Jawa Tengah, pada Senin pagi.",
        # the first probe spans a <b>: in no text node
        "Peresmian itu dihadiri gubernur dan para bupati dari seluruh provinsi hari itu.",
        "Jalan tol sepanjang 40 kilometer itu dibangun selama dua tahun terakhir.",
        "Tentang kami: redaksi menerima surat pembaca setiap hari kerja.",
        "Kalimat yang tidak ada di halaman ini sama sekali.",
    ],
)
def test_block_of_near_any_element_agrees_with_the_whole_scope(paragraph: str) -> None:
    body = etree.fromstring(PAGE, etree.HTMLParser()).find("body")
    expected = _block_of(paragraph, body)
    for near in body.iter():
        assert _block_of(paragraph, body, near) is expected, near.tag
