"""Give the generic finder's plain paragraphs their link ranges back.

``crawler.extract.generic.find_body_paragraphs`` returns strings. The cleaning rules cut a run-on
"Baca Juga: <a>title</a>" by its link and take back a dateline standing alone before the first
paragraph, so the paragraphs are matched against our own rendering of the subtree that holds them.
Only that subtree is rendered (found from a run of words of the first paragraph), not the page.
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.extract.byline import BARE_DATELINE
from crawler.extract.render import BLOCK_TAGS, Block, Line, fold, render_blocks

_TEXT_HOLDING = etree.XPath("descendant::text()[contains(., $words)]")
_STRING = etree.XPath("string()", smart_strings=False)
# characters lxml refuses in an XPath variable
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CONTAINER_CLIMB = 3  # levels above the first paragraph's block searched for the other paragraphs


def with_links(
    paragraphs: list[str], scope: etree._Element, near: etree._Element | None = None
) -> list[Block]:
    """The paragraphs as blocks of one line each; a line found in the rendered subtree keeps its links.
    ``paragraphs``: the finder's texts, one line each with its whitespace folded already (a rendered
    line's own form, so each is its own key). ``near``: an element inside ``scope`` likely to hold the
    first paragraph (the finder's block of it)."""
    order, rendered = _render_around(paragraphs, scope, near)
    blocks: list[Block] = [[rendered.get(text) or Line(fold(text).strip())] for text in paragraphs]
    # a dateline standing alone before the first paragraph is too short for the finder; take it back
    first = rendered.get(paragraphs[0]) if paragraphs else None
    if first is not None:
        at = next((i for i, line in enumerate(order) if line is first), 0)
        if at and BARE_DATELINE.match(order[at - 1].text):
            blocks.insert(0, [order[at - 1]])
    return blocks


def _render_around(
    paragraphs: list[str], scope: etree._Element, near: etree._Element | None = None
) -> tuple[list[Line], dict[str, Line]]:
    """Rendered lines of the smallest ancestor of the first paragraph that holds the last one, and
    those lines by their key (the last of equal ones)."""
    block = _block_of(paragraphs[0], scope, near)
    if block is not None:
        node = block.getparent()
        above = scope.getparent()  # the climb stays inside ``scope`` (a page's <body>, not <html>)
        for _ in range(CONTAINER_CLIMB):
            if node is None or node is above:
                break
            order = [line for b in render_blocks(node) for line in b]
            # a rendered line is folded and stripped (``render.Line``), as the paragraphs are
            keyed = {line.text: line for line in order}
            if paragraphs[-1] in keyed:
                return order, keyed
            node = node.getparent()
    order = [line for b in render_blocks(scope) for line in b]
    return order, {line.text: line for line in order}


def _block_of(
    paragraph: str, scope: etree._Element, near: etree._Element | None = None
) -> etree._Element | None:
    """The block element holding a paragraph, found from a few of its words in one text node (the only
    text node of ``scope`` holding them).

    Asking every text node of ``scope`` costs libxml2 a copy of each; the scope's whole text is one
    copy, and a probe it holds once is in at most one text node: found in ``near`` (a small subtree),
    that one is the only one; held by ``near``'s text but by none of its nodes, it is in none. Otherwise
    every text node is asked, as before.
    """
    words = paragraph.split()
    whole = None  # the scope's text (every text node, joined), read at the first probe
    for start in range(0, min(len(words), 24), 4):
        probe = " ".join(words[start : start + 3])
        if len(probe) < 12 or _NOT_XML.search(probe):
            continue
        if near is not None:
            if whole is None:
                whole = _STRING(scope)
            seen = whole.count(probe)
            if not seen:
                continue  # no text node holds it
            hits = _TEXT_HOLDING(near, words=probe) if seen == 1 else []
            if seen == 1 and not hits and probe in _STRING(near):
                continue  # its one occurrence runs across text nodes of ``near``: no text node holds it
            if len(hits) != 1:
                hits = _TEXT_HOLDING(scope, words=probe)
        else:
            hits = _TEXT_HOLDING(scope, words=probe)
        if len(hits) != 1:
            continue
        node = hits[0].getparent()
        if hits[0].is_tail:
            node = node.getparent()
        while node is not None and node.tag not in BLOCK_TAGS:
            node = node.getparent()
        return node
    return None
