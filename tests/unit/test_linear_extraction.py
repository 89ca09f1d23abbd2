"""A page's extraction does work in proportion to its size: the places that did work in proportion to its
size once per hit (a table of years, a page of credit lines, a body of thousands of photos) now do it once
a page, and find exactly what they found before. Work is counted (walks of the text nodes), never timed;
each result is checked against the code it replaced, kept here as it was.
"""

from __future__ import annotations

import pytest
from lxml import etree

from crawler.extract import credits, date_lines, images, textscan
from crawler.extract.document import parse
from crawler.extract.people import credit_of_article

OLD_TEXTS = etree.XPath("//body//text()")
OLD_CAPTION_NEXT = etree.XPath(
    "following-sibling::*[1][contains(@class, 'cap')] | ../following-sibling::*[1][contains(@class, 'cap')]"
)
PARAGRAPH = "Harga beras medium di pasar tradisional naik menjadi Rp14.000 per kilogram pekan ini."


def _key(text: etree._ElementUnicodeResult) -> tuple:
    return (text.getparent(), text.is_tail, str(text))


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every walk of the body's text nodes to one of them (``textscan.text_at``'s first step) made while
    the test runs."""
    made: list[int] = []
    walk = textscan._first_body_text_at

    def counted(position: int) -> etree.XPath:
        made.append(position)
        return walk(position)

    monkeypatch.setattr(textscan, "_first_body_text_at", counted)
    return made


@pytest.mark.parametrize(
    "html",
    [
        "<html><body>" + "".join(f"<p>teks {i}<b>tebal</b>ekor</p>" for i in range(15)) + "</body></html>",
        # a second body after </html>: its texts are counted after the first body's
        "<html><body>" + "<p>a</p>" * 12 + "</body></html><body>" + "<p>b</p>" * 12 + "</body>",
        "<html><head><title>t</title></head></html>",  # no text in any body
    ],
)
def test_text_nodes_by_position_are_the_ones_counted_over_all_bodies(html: str) -> None:
    root = parse(html)
    nodes = textscan.TextNodes(root)
    for position in range(1, len(OLD_TEXTS(root)) + 3):  # past the walks, and past the last node
        expected = [_key(t) for t in textscan._text_at(position)(root)]
        assert [_key(t) for t in nodes.at(position)] == expected, position


def test_a_page_of_hundreds_of_credit_lines_is_walked_at_most_a_few_times(walks: list[int]) -> None:
    lines = "".join(
        f"<p>Penulis: Rina Marlina | Editor: Agus Salim</p><p>{PARAGRAPH}</p>" for _ in range(300)
    )
    root = parse(f"<html><body><article>{lines}</article></body></html>")
    found = credits._LABEL_TEXTS(root)
    assert [_key(t) for t in found] == [_key(t) for t in OLD_TEXTS(root) if t.startswith("Penulis")]
    assert len(found) == 300 and len(walks) <= textscan.MAX_WALKS
    assert credits.shown_credits(root, credit_of_article)[:2] == [
        ("author", "Rina Marlina"),
        ("editor", "Agus Salim"),
    ]


def test_a_table_of_years_without_a_date_line_is_walked_at_most_a_few_times(walks: list[int]) -> None:
    rows = "".join(f"<tr><td>Tahun {2000 + i % 20}</td><td>{i} ton</td></tr>" for i in range(400))
    root = parse(f"<html><body><article><p>{PARAGRAPH}</p><table>{rows}</table></article></body></html>")
    texts = textscan.body_texts(root)
    assert list(date_lines.scan_date_lines(root, "https://jagatbisnis.com/", None, texts)) == []
    assert len(walks) <= textscan.MAX_WALKS
    # and a date line after them all is still found
    line = "<p>Selasa, 15 Maret 2022 - 10:00 WIB</p>"
    root = parse(f"<html><body><article><table>{rows}</table>{line}<p>{PARAGRAPH}</p></article></body>")
    found = date_lines.scan_date_lines(root, "https://jagatbisnis.com/", None, textscan.body_texts(root))
    assert next(found) == "Selasa, 15 Maret 2022 - 10:00 WIB"


CAPTIONED = """<html><body><article>
<p><img src="/a.jpg"></p><p class="wp-caption-text">Foto di bawah paragraf</p>
<div><img src="/b.jpg"><!-- lazy --><span class="img-caption">Foto di sebelahnya</span></div>
<div><img src="/c.jpg"><?php echo 1; ?><span>bukan keterangan</span></div>
<img src="/d.jpg"><div class="caption">Foto sesudah gambar</div>
<img src="/e.jpg">
</article></body></html>"""


def test_the_caption_beside_an_image_is_the_element_xpath_names() -> None:
    more = "".join(f'<p><img src="/f{i}.jpg"></p><p class="cap">{i}</p>' for i in range(50))
    page = parse(CAPTIONED.replace("</article>", more + "</article>"))
    found = [images._captions_next(img) for img in page.iter("img")]
    assert found == [OLD_CAPTION_NEXT(img) for img in page.iter("img")]
    assert [[el.text for el in near] for near in found[:5]] == [
        ["Foto di bawah paragraf"],
        ["Foto di sebelahnya"],
        [],
        ["Foto sesudah gambar"],
        [],
    ]
