"""``document.parse`` hands libxml2 the text's UTF-8 bytes (quicker than the str): the tree must be the
one the str gives, whatever the text holds and whatever charset the page declares."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from crawler.extract.document import _without_xml_declaration, parse

# the same parser reading the str itself: the reference tree
_PARSER = etree.HTMLParser(remove_comments=False, remove_pis=True, collect_ids=False, huge_tree=True)

PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<meta charset='iso-8859-1'>",
        "<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>",
        "<body class=x>",
        "<!-- catatan -->",
        "&eacute;&#233;&nbsp;",
        "Caf\u00e9 \u2014 na\u00efve \u4e2d\u6587 \U0001f600",
        "\ufeff",
        "\x0c\x01",
        "\x00",
        "\ufffe",
        "<script>var s = '</p>';</script>",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=25))
def test_the_utf8_parse_gives_the_tree_the_str_gives(parts: list[str]) -> None:
    text = "".join(parts)
    root = parse(text)
    bare = _without_xml_declaration(text).replace("\x00", "")  # a browser ignores a NUL in the text
    try:
        expected = etree.fromstring(bare, _PARSER) if bare and not bare.isspace() else None
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        expected = None
    assert (root is None) == (expected is None)
    if root is not None:
        assert etree.tostring(root) == etree.tostring(expected)
        given_bytes = parse(text, text.encode("utf-8"))  # the bytes the mojibake check made
        assert given_bytes is not None and etree.tostring(given_bytes) == etree.tostring(expected)
        assert [el.sourceline for el in root.iter()] == [el.sourceline for el in expected.iter()]


def test_a_lone_surrogate_is_read_as_a_replacement_character_not_the_end_of_the_page() -> None:
    """A str decoded with ``surrogateescape`` holds lone surrogates: libxml2 stopped at the first, and the
    article after it was lost (the page judged ``other``)."""
    text = (
        "<html><head><title>Harga cabai naik</title></head><body><article><h1>Harga cabai naik</h1>"
        "<p>Harga cabai rawit naik dua kali lipat, kata pedagang \udce9 di pasar induk.</p>"
        "<p>Pemerintah daerah berjanji menggelar operasi pasar mulai pekan depan.</p></article></body></html>"
    )
    root = parse(text)
    assert root is not None
    assert [p.text for p in root.iter("p")] == [
        "Harga cabai rawit naik dua kali lipat, kata pedagang \ufffd di pasar induk.",
        "Pemerintah daerah berjanji menggelar operasi pasar mulai pekan depan.",
    ]


def test_a_nul_in_the_text_is_no_character_of_the_article() -> None:
    """libxml2 reads a NUL as U+FFFD: a page padded with NUL bytes, or one between two paragraphs, gave the
    body a paragraph of replacement characters."""
    text = "<html><body><p>Paragraf satu.</p>\x00\x00<p>Paragraf\x00 dua.</p></body></html>\x00\x00"
    root = parse(text)
    assert root is not None
    assert "".join(root.itertext()) == "Paragraf satu.Paragraf dua."
