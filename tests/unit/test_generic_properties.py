"""Properties of the generic body finder on generated pages: it never crashes and never invents text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from crawler.extract.generic import find_body_paragraphs

WORDS = st.sampled_from(
    [
        "pemerintah",
        "Jakarta",
        "harga",
        "naik",
        "kata",
        "menteri",
        "Senin",
        "(14/3)",
        "Baca",
        "juga:",
        "di",
        "dan",
    ]
)
TEXT = st.lists(WORDS, min_size=0, max_size=30).map(" ".join)
TAGS = st.sampled_from(["div", "p", "span", "a", "strong", "section", "ul", "li", "h2", "table", "td", "br"])
CLASSES = st.sampled_from(["", "content", "sidebar", "comments", "entry-content", "baca-juga", "menu"])


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(TAGS)
    if tag == "br":
        return "<br>"
    css = draw(CLASSES)
    attrs = f' class="{css}"' if css else ""
    children = []
    if depth < 4:
        children = draw(st.lists(fragments(depth + 1), max_size=4))
    inner = draw(TEXT) + "".join(f"{child}{draw(TEXT)}" for child in children)
    return f"<{tag}{attrs}>{inner}</{tag}>"


@settings(max_examples=60, deadline=None)
@given(st.lists(fragments(), min_size=1, max_size=5))
def test_output_is_page_text_in_page_order(parts: list[str]) -> None:
    root = lxml_html.document_fromstring("<html><body>" + "".join(parts) + "</body></html>")
    page_words = " ".join(root.text_content().split())
    body = find_body_paragraphs(root)
    position = 0
    for paragraph in body:
        assert paragraph == " ".join(paragraph.split()) and paragraph  # folded, never empty
        for word in paragraph.split():
            found = page_words.find(word, position)
            assert found >= 0, f"{word!r} is not in the page after position {position}"
            position = found


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_without_crash(text: str) -> None:
    try:
        root = lxml_html.document_fromstring(f"<html><body><div>{text}</div></body></html>")
    except Exception:  # lxml refuses some inputs (control characters); that is the parser's error
        return
    assert isinstance(find_body_paragraphs(root), list)
