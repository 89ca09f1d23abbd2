"""The fast credit scan finds exactly what the straightforward one found (issue 13's speed follow-up).

``credits.shown_credits`` used to ask lxml for every text node of the body as a node and match each
against the label pattern; ``textscan.OpeningScan`` matches all of them in one scan over their plain
strings and fetches only the hits. The look-aheads added to the credit regexes and the one-search
``people.credit_of_article`` must not change a result either. Each is checked here against a copy of the
code it replaced: on generated text (hypothesis) and on every real, fixture and demo-portal page.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from crawler.extract import credits, textscan
from crawler.extract.document import parse
from crawler.extract.people import _OTHER_STORIES, credit_of_article
from crawler.extract.textscan import OpeningScan

REPO = Path(__file__).resolve().parents[2]
REAL = REPO / ".." / "shared" / "real-pages"

# ---- the code replaced, as it was ------------------------------------------------------------------
OLD_LABEL_START = re.compile(rf"^\s*(?:{credits.LABELS}|laporan\s+wartawan)\b", re.IGNORECASE)
OLD_TEXTS = etree.XPath("//body//text()")
OLD_SEGMENTS = re.compile(
    rf"\s*\|\s*|\n|\s*/\s*(?=(?:{credits.LABELS})\s*:)|\s+(?=(?:editor|redaktur|penyunting)\s*:)",
    re.IGNORECASE,
)
OLD_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|&|/|\s-\s|\bdan\b|\band\b)\s*")
_OLD_WORD_SPLIT = re.compile(r"[\s_-]+")


def old_label_texts(root: etree._Element) -> list:
    return [t for t in OLD_TEXTS(root) if OLD_LABEL_START.match(t)]


def old_credit_of_article(node: etree._Element) -> bool:
    for el in node.iterancestors():
        if el.tag == "body":
            break
        if el.tag in ("aside", "nav", "footer"):
            return False
        attrs = (el.get("class") or "") + " " + (el.get("id") or "")
        if attrs.strip() and any(w.startswith(_OTHER_STORIES) for w in _OLD_WORD_SPLIT.split(attrs.lower())):
            return False
    return True


def old_shown_credits(root: etree._Element, keep: Callable[[etree._Element], bool]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    seen: set[etree._Element] = set()
    for text in old_label_texts(root):
        owner = text.getparent()
        if text.is_tail:
            owner = owner.getparent()
        if (
            owner is None
            or owner.tag in credits._NOT_TEXT
            or any(up.tag in credits._NOT_TEXT for up in owner.iterancestors())
        ):
            continue
        row = credits._row_of(owner)
        if row in seen or not keep(row):
            continue
        seen.add(row)
        out.extend(credits._credits_of_row(row, owner, str(text)))
    return out


def _node_key(text: etree._ElementUnicodeResult) -> tuple[object, bool, str]:
    return text.getparent(), text.is_tail, str(text)


# ---- generated text ----------------------------------------------------------------------------------
LABELS = [*credits._ROLE_OF_LABEL, "laporan wartawan", "laporan"]
# whitespace lxml keeps (the \x1c-\x1f separators are \s to Python), letters whose case folds onto the
# labels' letters (Kelvin sign, long s, dotted and dotless i), the separators and punctuation of credits
TRICKY = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\xa0\u2009\u3000\u212a\u017f\u0130\u0131:|/,.-_&;()"
piece = st.one_of(
    st.sampled_from(LABELS).map(str.upper),
    st.sampled_from(LABELS).map(str.title),
    st.sampled_from(LABELS),
    st.text(alphabet=TRICKY, max_size=3),
    st.text(alphabet="abcdefghijklmnoprstuwyABEKLOPRW dan", max_size=6),
    st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=4),
)
a_text = st.lists(piece, max_size=6).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(a_text, max_size=12))
def test_the_joined_scan_finds_the_texts_the_per_text_match_finds(texts: list[str]) -> None:
    scan = credits._LABEL_TEXTS
    assert all(scan.opens(t) == bool(OLD_LABEL_START.match(t)) for t in texts)
    assert scan.positions(texts) == [i for i, t in enumerate(texts, 1) if OLD_LABEL_START.match(t)]


def test_the_look_ahead_admits_every_character_a_label_can_open_with() -> None:
    """Every code point that the case-insensitive regex takes for a label's first letter (the Kelvin
    sign for "k", say) passes the look-ahead that rules out the other text nodes."""
    firsts = re.compile("|".join(sorted({label[0] for label in LABELS})), re.IGNORECASE)
    look = re.compile(f"[{re.escape(credits._LABEL_TEXTS.starts)}]", re.IGNORECASE)
    openers = [chr(cp) for cp in range(1, sys.maxunicode + 1) if firsts.fullmatch(chr(cp))]
    assert len(openers) > 20
    assert [c for c in openers if not look.fullmatch(c)] == []


@settings(max_examples=400, deadline=None)
@given(a_text)
def test_the_separator_look_aheads_split_as_before(line: str) -> None:
    assert credits._SEGMENTS.split(line) == OLD_SEGMENTS.split(line)
    assert credits._NAME_SEPARATORS.split(line) == OLD_NAME_SEPARATORS.split(line)


WORDS = st.text(alphabet="abcdeimnortuwyzKNRS _-\t\u0130\u03a3", max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["div", "section", "nav", "span"]), WORDS, WORDS), max_size=4))
def test_credit_of_article_judges_as_before(ancestors: list[tuple[str, str, str]]) -> None:
    body = etree.Element("body")
    node = body
    for tag, cls, ident in ancestors:
        node = etree.SubElement(node, tag, {"class": cls, "id": ident})
    line = etree.SubElement(node, "p")
    assert credit_of_article(line) == old_credit_of_article(line)


def test_an_opening_scan_returns_the_nodes_as_lxml_gives_them() -> None:
    """Text and tails, nested, outside <body> (not scanned) and in a second top-level <body>."""
    root = parse(
        "<html><head><title>Oleh</title></head><body><p> oleh A<b>x</b>Oleh B</p>"
        "<div>by<i>oleh</i></div></body></html><body><p>OLEH C</p></body>"
    )
    scan = OpeningScan("oleh", starts="o", flags=re.IGNORECASE)
    found = scan(root)
    assert [_node_key(t) for t in found] == [
        _node_key(t) for t in OLD_TEXTS(root) if re.match(r"\s*oleh", t, re.IGNORECASE)
    ]
    assert [str(t) for t in found] == [" oleh A", "Oleh B", "oleh", "OLEH C"]
    assert [t.is_tail for t in found] == [False, True, False, False]


# ---- every page at hand ----------------------------------------------------------------------------
def _pages() -> Iterator[tuple[str, str]]:
    for path in sorted((REPO / "tests" / "fixtures").rglob("*.html")):
        yield str(path.relative_to(REPO)), path.read_text(encoding="utf-8", errors="replace")
    if (REAL / "truth.json").is_file():
        for page_id in sorted(json.loads((REAL / "truth.json").read_text(encoding="utf-8"))):
            html = gzip.decompress((REAL / "pages" / f"{page_id}.html.gz").read_bytes())
            yield page_id, html.decode("utf-8", errors="replace")


def _demo_pages() -> list[tuple[str, str]]:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from extraction import load_demo_pages
    finally:
        sys.path.remove(str(REPO / "bench"))
    return [(url, html) for _, url, html, _ in load_demo_pages() or []]


def _check(name: str, html: str) -> None:
    root = parse(html)
    if root is None:
        return
    assert [_node_key(t) for t in credits._LABEL_TEXTS(root)] == [
        _node_key(t) for t in old_label_texts(root)
    ], name
    assert credits.shown_credits(root, credit_of_article) == old_shown_credits(root, old_credit_of_article), (
        name
    )


def test_every_fixture_and_real_page_gives_the_same_label_texts_and_credits() -> None:
    pages = list(_pages())
    assert len(pages) >= 10
    for name, html in pages:
        _check(name, html)


def test_every_demo_portal_page_gives_the_same_label_texts_and_credits() -> None:
    pytest.importorskip("demoportal.site")
    pages = _demo_pages()
    assert len(pages) >= 300
    for name, html in pages:
        _check(name, html)


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>a</p><p>b<i>c</i>d</p></body></html>",
        "<html><body><p>a</p>b</body></html><body><p>c</p>d</body>",  # a second body after </html>
        "<html><body></body><body>z</body></html>",  # an empty first body
        "<html><head><title>t</title></head></html>",  # no text in any body
    ],
)
def test_a_text_node_fetched_from_the_first_body_is_the_one_counted_over_all_bodies(html: str) -> None:
    root = parse(html)
    count = len(OLD_TEXTS(root))
    for position in range(1, count + 2):
        expected = [_node_key(t) for t in textscan._text_at(position)(root)]
        assert [_node_key(t) for t in textscan.text_at(root, position)] == expected, position
