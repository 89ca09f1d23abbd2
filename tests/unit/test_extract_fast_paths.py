"""The extractor's fast paths give what their plain definitions give (issue 15 item 5: speed, same output)."""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from crawler.extract.clean import count_and_fingerprint, fingerprint, word_count
from crawler.extract.credits import _LABEL_TEXTS
from crawler.extract.document import parse
from crawler.extract.page import Marked, _marks
from crawler.extract.selectors import PageIndex, _attr_ok, _passing
from crawler.extract.textscan import body_texts

# the definition of a word: a whitespace-separated run holding a letter or digit
_WORD = re.compile(r"[^\s\w]*[^\W_]\S*")

BODIES = [
    "",
    "satu dua tiga",
    "JAKARTA, KOMPAS.com - Harga naik 1,5 persen (pia)",
    "— • - __ _a_ ‘kutip’ “Rp1,5” ... x",
    "ﬁrma Ä ä\u00a0nbsp\tTab\nbaris\u2003em İstanbul",
    "(*/win) [ian] (mea/mea) 100% 3/4 -- ___",
]


@pytest.mark.parametrize("body", BODIES)
def test_word_count_and_fingerprint_are_their_definitions(body: str) -> None:
    assert word_count(body) == len(_WORD.findall(body))
    expected = hashlib.sha1(" ".join(body.lower().split()).encode("utf-8")).hexdigest()
    assert fingerprint(body) == expected
    assert count_and_fingerprint(body) == (word_count(body), expected)


@given(st.text(alphabet="aZ9_-.()&*'é²٣中 \u00a0\n\u0301\u200b", max_size=40))
def test_word_count_is_its_definition_on_any_text(body: str) -> None:
    """The count's own pattern starts only where a whitespace run ends: the definition's tried every
    position of a run of punctuation again (quadratic on a page of ``&&&…``)."""
    assert word_count(body) == len(_WORD.findall(body))


PAGE = """<html><body class="single post">
<div class="a b" id="main"><p class="a">one</p><p class="b c">two</p><p class="a">three</p>
<nav class="breadcrumbs active"><a rel="category tag" href="/c/">C</a><a rel="tag" href="/t/">T</a></nav>
<div class="post-tags"><a href="/t/x/" rel="tag nofollow">X</a></div>
<span class="jb-post__date" itemprop="datePublished">Senin, 14 Maret 2022</span>
<div class="menu-item active">Home</div><div id="breadcrumb-2">B</div></div></body></html>"""


@pytest.mark.parametrize(
    "op,value",
    [
        ("*=", "dat"),
        ("*=", ""),
        ("~=", "tag"),
        ("~=", "nofollow"),
        ("=", "tag"),
        ("exists", ""),
        ("^=", "cat"),
        ("$=", "tag"),
        ("|=", "category"),
    ],
)
def test_attribute_tests_written_out_are_attr_ok(op: str, value: str) -> None:
    root = parse(PAGE)
    for name in ("rel", "class", "itemprop"):
        values = PageIndex(root).attr_values(name)
        assert _passing(values, op, value) == [v for v in values if _attr_ok(v, op, value)]


def test_class_index_and_select_cache_are_the_plain_lookups() -> None:
    root = parse(PAGE)
    index = PageIndex(root, (frozenset({"a", "b", "c"}), frozenset({"main"})), PAGE)
    for name in ("a", "b", "c"):
        assert index.by_class[name] == [el for el in root.iter() if name in (el.get("class") or "").split()]
    first = index.select(".a")
    assert index.select(".a") is first  # asked twice, read once
    assert first == [el for el in root.iter() if "a" in (el.get("class") or "").split()]


def test_marks_read_once_per_string_are_the_per_value_marks() -> None:
    root = parse(PAGE)
    values = [*etree.XPath("//@class")(root), *etree.XPath("//@id")(root)]
    marked = Marked.of(values)
    nav, tags = root.find(".//nav"), root.find(".//div[@class='post-tags']")
    assert marked.breadcrumbs == [nav, root.find(".//div[@id='breadcrumb-2']")]
    assert marked.tag_blocks == [tags]
    assert marked.active == [nav, root.find(".//div[@class='menu-item active']")]
    assert [_marks(v) for v in ("breadcrumbs active", "post-tags", "a b", "menu-item active")] == [5, 2, 0, 4]


def test_label_scan_without_the_text_list_finds_the_same_nodes() -> None:
    html = (
        "<html><body><div><span>Penulis: Ani</span> teks <b>Editor</b>: Budi"
        "<p>oleh karena itu</p></div></body></html>"
    )
    root = parse(html)
    with_list = _LABEL_TEXTS(root, body_texts(root))
    without = _LABEL_TEXTS(root)
    assert [str(t) for t in without] == [str(t) for t in with_list]
    assert [(t.getparent(), t.is_tail) for t in without] == [(t.getparent(), t.is_tail) for t in with_list]


def _fold_by_definition(text: str) -> str:
    """``render.fold`` by its definition: character references left in the text put back (``&nbsp;`` a
    space), invisible characters out, runs of whitespace folded, a leading or trailing one kept as one
    space."""
    from crawler.extract.render import _HAS_INVISIBLE, _INVISIBLE, put_back_references

    text = put_back_references(text)
    if _HAS_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    words = text.split()
    if not words:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + " ".join(words) + (" " if text[-1].isspace() else "")


def test_fold_returning_folded_text_as_it_is_keeps_to_its_definition() -> None:
    import random

    from crawler.extract.render import fold

    pieces = ["a", "é", " ", "  ", "\n", "\t", "\r", "\xa0", "\u2003", "\u3000", "\u2028", "\x85", "\x0b"]
    pieces += ["&nbsp;", "&", "x&#160y", "&quot;", "&#8220;", "&amp;", "\u200b", "\u00ad", "\x1c"]
    rng = random.Random(15)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert fold(text) == _fold_by_definition(text), repr(text)


def test_date_line_scan_over_the_text_list_finds_the_lines_its_own_scan_finds() -> None:
    """``Page.body_texts`` holds plain strings: the date-line scan fetches its few candidates as nodes
    by position, and finds what its own XPath scan finds (the comment's line left out as before)."""
    from crawler.extract.date_lines import scan_date_lines

    html = (
        "<html><body><div class='meta'><span>Rabu, 2 November 2022 - 18:12 WIB</span></div>"
        "<p>Teks 2022 yang panjang</p><div><b>Diunggah</b> Senin, 20 Maret 2023 10:20 WIB</div>"
        "<div class='comment'><time>02/11/2022 pukul 10.15</time></div>"
        "<script>var d = '2022';</script><p>Selasa, 14 Maret 2023 - 10:05 WIB</p></body></html>"
    )
    root = parse(html)
    url = "https://example.com/2022/11/02/a/"
    own = list(scan_date_lines(root, url, None))
    assert own == list(scan_date_lines(root, url, None, body_texts(root)))
    assert own[0] == "Rabu, 2 November 2022 - 18:12 WIB"
    assert own[-1] == "Selasa, 14 Maret 2023 - 10:05 WIB"
    assert len(own) == 3  # the line after a bold label: a text node that is a tail, read in its parent


def test_an_attribute_written_in_capitals_is_found() -> None:
    """``attr_values`` reads the tree, where the parser wrote the name in lower case: a name the page's
    text spells in capitals only is found as one written in lower case is."""
    page = (
        "<html><body><article><p>“Kami siap,” kata Menteri.</p>"
        '<a ITEMPROP="author" href="/penulis/ani">Ani Rahmawati</a></article></body></html>'
    )
    root = parse(page)
    found = PageIndex(root, source=page).attr_values("itemprop")
    assert [v.getparent().text for v in found] == ["Ani Rahmawati"]
    assert PageIndex(root, source=page).attr_values("rel") == []
