"""``crawler.extract.selectors.PageIndex`` answers every CSS selector as lxml's own ``cssselect`` does.

The index is a home-made matcher (one pass over the page's class and id values instead of one tree scan
per selector), so it is checked against ``lxml.cssselect.CSSSelector`` with cssselect's HTML translator:
on every fixture page and real page for every selector the profiles and the generic extractor use, and on
generated markup for generated selectors within the subset the matcher answers itself (tags, classes,
ids, attribute tests, descendant and child combinators); anything else goes to the XPath fallback.
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.cssselect import CSSSelector

from crawler.extract import selectors
from crawler.extract.document import decode, parse
from crawler.extract.page import GENERIC_SELECTORS
from crawler.extract.selectors import PageIndex, parse_chain, wanted_names
from crawler.profiles import all_profiles

TESTS = Path(__file__).resolve().parents[1]
REAL_PAGES = TESTS.parent.parent / "shared" / "real-pages" / "pages"
PAGES = sorted(TESTS.glob("fixtures/**/*.html")) + sorted(REAL_PAGES.glob("*.html.gz"))


def _selectors() -> list[str]:
    found: set[str] = {s for group in GENERIC_SELECTORS.values() for s in group}
    for profile in all_profiles():
        found.update(s for group in profile.selectors.values() for s in group)
        found.update(profile.noise_selectors)
    return sorted(found)


SELECTORS = _selectors()


@cache
def _lxml(selector: str) -> CSSSelector:
    return CSSSelector(selector, translator="html")


def _read(path: Path) -> str:
    data = path.read_bytes()
    return decode(gzip.decompress(data) if path.suffix == ".gz" else data)


def _agrees(root: etree._Element, selectors: list[str], source: str | None) -> None:
    index = PageIndex(root, wanted_names(selectors), source)
    for selector in selectors:
        want = _lxml(selector)(root)
        got = index.select(selector)
        assert got == want, (selector, [etree.tostring(e)[:80] for e in (set(got) ^ set(want))][:3])


def test_the_selectors_are_many_and_mostly_answered_by_the_index():
    assert len(SELECTORS) > 50
    assert sum(parse_chain(s) is not None for s in SELECTORS) > 0.9 * len(SELECTORS)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_profile_and_generic_selector_on_a_page(path):
    text = _read(path)
    root = parse(text)
    assert root is not None
    _agrees(root, SELECTORS, text)
    _agrees(root, SELECTORS, None)  # without the page text: no shortcut from it


# ---- generated markup and selectors ---------------------------------------------------------------------
TAGS = ["div", "p", "span", "a", "time", "article", "main", "section"]
CLASSES = ["entry", "entry-content", "meta", "author", "Date", "x_y"]
IDS = ["main", "content", "m"]
ATTRS = ["rel", "itemprop", "data-x", "datetime"]
VALUES = ["author", "date", "datePublished", "author name", "a-b", ""]


# Strategies are built once: hypothesis validates each strategy object on its first draw, which would
# otherwise cost more than drawing the examples.
_TAG = st.sampled_from(TAGS)
_CLASS_LIST = st.lists(st.sampled_from(CLASSES), max_size=3)
_CLASS_SEPARATOR = st.sampled_from([" ", "  ", "\t"])
_ONE_IN_FIVE = st.integers(0, 4)
_ID = st.sampled_from(IDS)
_ATTR_NAMES = st.lists(st.sampled_from(ATTRS), max_size=2, unique=True)
_VALUE = st.sampled_from(VALUES)


@cache
def _children(depth: int) -> st.SearchStrategy[list[etree._Element]]:
    return st.lists(_element(depth), max_size=3)


@st.composite
def _element(draw: st.DrawFn, depth: int = 0) -> etree._Element:
    el = etree.Element(draw(_TAG))
    classes = draw(_CLASS_LIST)
    if classes:
        el.set("class", draw(_CLASS_SEPARATOR).join(classes))
    if draw(_ONE_IN_FIVE) == 0:
        el.set("id", draw(_ID))
    for name in draw(_ATTR_NAMES):
        el.set(name, draw(_VALUE))
    if depth < 3:
        for child in draw(_children(depth + 1)):
            el.append(child)
    return el


_COMPOUND_TAG = st.sampled_from(["", "*", *TAGS])
_COMPOUND_CLASSES = st.lists(st.sampled_from(CLASSES), max_size=2)
_ONE_IN_FOUR = st.integers(0, 3)
_ATTR_NAME = st.sampled_from(ATTRS)
_ATTR_OP = st.sampled_from(["", "=", "~=", "^=", "$=", "*=", "|="])
_COMBINATOR = st.sampled_from([" ", " > "])


@st.composite
def _compound(draw: st.DrawFn) -> str:
    tag = draw(_COMPOUND_TAG)
    parts = [f".{c}" for c in draw(_COMPOUND_CLASSES)]
    if draw(_ONE_IN_FOUR) == 0:
        parts.append(f"#{draw(_ID)}")
    if draw(st.booleans()):
        name = draw(_ATTR_NAME)
        op = draw(_ATTR_OP)
        parts.append(f"[{name}]" if not op else f"[{name}{op}'{draw(_VALUE)}']")
    return (tag + "".join(parts)) or "*"


_COMPOUNDS = st.lists(_compound(), min_size=1, max_size=3)


@st.composite
def _selector(draw: st.DrawFn) -> str:
    compounds = draw(_COMPOUNDS)
    out = compounds[0]
    for compound in compounds[1:]:
        out += draw(_COMBINATOR) + compound
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(_element(), min_size=1, max_size=3), st.lists(_selector(), min_size=1, max_size=5))
def test_generated_selectors_on_generated_markup(children, selectors):
    body = etree.Element("body")
    for child in children:
        body.append(child)
    html = etree.Element("html")
    html.append(body)
    source = etree.tostring(html, encoding="unicode", method="html")
    root = parse(source)
    _agrees(root, selectors, source)
    _agrees(root, selectors, None)


def test_class_lookups_kept_between_pages_answer_each_page_and_wanted_set():
    """The class strings a theme repeats from page to page are looked up once per process: a later page,
    or another portal's selectors asking for other names, still gets its own elements, and the kept
    strings are plain ones (lxml's would keep the first page's tree alive)."""
    markup = '<html><body><div class="jb-post post"><p class="jb-post__content x">{}</p></div></body></html>'
    first, second = parse(markup.format("satu")), parse(markup.format("dua"))
    jagat = (frozenset({"jb-post", "jb-post__content"}), frozenset())
    other = (frozenset({"post", "x"}), frozenset())
    one = PageIndex(first, jagat, remember=True)
    two = PageIndex(second, jagat, remember=True)
    assert [el.get("class") for el in one.by_class["jb-post"]] == ["jb-post post"]
    assert two.by_class["jb-post__content"][0].text == "dua"
    three = PageIndex(second, other, remember=True)
    assert [el.tag for el in three.by_class["post"]] == ["div"]
    assert [el.text for el in three.by_class["x"]] == ["dua"]
    assert "jb-post" not in three.by_class
    assert all(type(key) is str for key in selectors._CLASS_HITS)


_HELD_VALUE = st.text(st.sampled_from("abtgKİı \n-"), max_size=8)


@given(
    st.lists(_HELD_VALUE, max_size=12),
    st.lists(st.text("abtg", min_size=1, max_size=3), max_size=3),
    st.booleans(),
)
def test_holding_finds_the_values_a_test_of_each_finds(values, words, lower):
    """``holding``'s one search of the joined values gives the values, in order and each once, that a
    test of each value gives (a letter lower-cased to two, 'İ', included)."""
    expected = [v for v in values if any(w in (v.lower() if lower else v) for w in words)]
    assert selectors.holding(values, words, lower=lower) == expected
