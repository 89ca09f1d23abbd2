"""``render.fold`` skips its search for invisible characters in printable text: that holds only while
every character it removes is unprintable."""

from __future__ import annotations

from crawler.extract.render import _INVISIBLE, fold


def test_every_removed_character_is_unprintable() -> None:
    assert all(not chr(code).isprintable() for code in _INVISIBLE)


def test_invisible_characters_leave_text_in_any_script() -> None:
    assert fold("“Kata\u200bkunci”\u00ad dan\ufeff\n  caf\u00e9 ") == "“Katakunci” dan café "
    assert fold("Jakarta \u2014 hari\x07 ini") == "Jakarta \u2014 hari ini"


def test_a_leaf_renders_as_its_walk_does() -> None:
    """``render_text`` reads a childless element's own text without the block walk: the same text."""
    from lxml import etree

    from crawler.extract.render import render_blocks, render_text

    def walked(element: etree._Element) -> str:
        return " ".join(line.text for block in render_blocks(element) for line in block)

    texts = [
        "",
        " ",
        "\n\t ",
        "\u00a0",
        "\u3000",
        "&nbsp;",
        " Jakarta ",
        "Kata\u200bkunci\u00ad",
        "a\u00a0 b\n c",
    ]
    tags = ["a", "span", "time", "strong", "p", "div", "script", "br", "img"]
    leaves = [etree.Comment(" x "), etree.Element("br")]
    leaves += etree.HTML("<p><span>\x07 Hari\x01 ini </span><b>  &nbsp;Kamis&amp;nbsp;</b></p>").iter(
        "span", "b"
    )
    for tag in tags:
        for text in texts:
            leaf = etree.Element(tag)
            leaf.text = text
            leaf.tail = " tail"
            leaves.append(leaf)
    for leaf in leaves:
        assert render_text(leaf) == walked(leaf), (leaf.tag, leaf.text)
