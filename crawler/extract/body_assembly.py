"""The article body of a page: the profile's body container when it holds text, else the generic finder.

Either way the paragraphs go through the same cleaning (``crawler.extract.clean``) with the profile's
noise markers and dateline patterns and the site's names, so both paths give the same kind of body.
"""

from __future__ import annotations

import copy

from lxml import etree

from crawler.extract import byline
from crawler.extract.clean import CleanBody, clean_blocks
from crawler.extract.generic import find_body
from crawler.extract.page import Page
from crawler.extract.prune import Irreversible, NoiseFilter, prune_for_a_while, prune_in_place
from crawler.extract.relink import with_links
from crawler.extract.render import Block, render_blocks


def assemble_body(page: Page, headline: str) -> tuple[CleanBody, str, int, list[etree._Element] | None]:
    """(clean body, ``profile`` or ``generic``, how many nodes the body selector matched, the blocks of
    the page the generic finder read the body's paragraphs from: None on the profile path, or where the
    finder read a copy of the page)."""
    profile = page.profile
    noise = (*(profile.noise_selectors if profile else ()), *page.layout.noise_selectors)
    containers = page.index.first_match(page.selectors.get("body", ())) if profile else []
    if containers:
        extra = [node for selector in noise for node in page.index.select(selector)]
        cleaned = clean_page_blocks(page, render_blocks(containers[0], NoiseFilter(extra)))
        if cleaned.paragraphs:
            return _with_code_after(cleaned, containers[0], 1), "profile", len(containers), None
    # the finder reads the page's <body> with its noise pruned: pruned in the page's own tree and put
    # back once read (a copy cost more to make and to free than the pruning); a copy where a text the
    # pruning overwrites could not be put back
    scope = page.body if page.body is not None else page.root
    try:
        edits = prune_for_a_while(scope, page.index.class_hits, page.index.id_values, noise)
    except Irreversible:
        edits = None
        scope = prune_in_place(copy.deepcopy(scope), noise, class_words=False)
    try:
        found = find_body(scope, title=headline or None)
        # the first paragraph's block: where relinking looks for it first
        blocks = with_links([p.text for p in found], scope, found[0].owner) if found else []
    finally:
        if edits is not None:
            edits.undo()
    cleaned = clean_page_blocks(page, blocks)
    if found:  # the last paragraph's block, or the container holding it, may be followed by the code
        cleaned = _with_code_after(cleaned, found[-1].owner, 2)
    owners = [p.owner for p in found] if edits is not None else None
    return cleaned, "generic", len(containers), owners


CODE_MAX_CHARS = 48  # a reporter code's element: "(kpl/pur/tch)", never a paragraph


def _with_code_after(cleaned: CleanBody, last: etree._Element, levels: int) -> CleanBody:
    """The reporter code printed just after the body's last block or one of its ``levels`` nearest
    ancestors, outside what was read as the body (okezone's ``<strong>(ren)</strong>`` after
    ``div#contentx``), when the body closed with none."""
    if cleaned.reporter_codes:
        return cleaned
    node: etree._Element | None = last
    for _ in range(levels + 1):
        if node is None or node.tag == "body":
            break
        tail = (node.tail or "").strip()
        if tail:
            code = byline.bare_reporter_code(tail) if len(tail) <= CODE_MAX_CHARS else None
        else:
            after = next((s for s in node.itersiblings() if isinstance(s.tag, str)), None)
            if after is None:
                node = node.getparent()
                continue
            code = _code_of(after)
        if code:
            cleaned.reporter_codes.append(code)
        break
    return cleaned


def _code_of(element: etree._Element) -> str | None:
    """The code an element shows when it shows nothing else (read no further than a code's length)."""
    text = ""
    for piece in element.itertext():
        text += piece
        if len(text) > CODE_MAX_CHARS:
            return None
    return byline.bare_reporter_code(" ".join(text.split()))


def clean_page_blocks(page: Page, blocks: list[Block], *, captions: bool = False) -> CleanBody:
    """``clean_blocks`` with what the page's profile and site add: noise markers, dateline patterns, and
    the site's names (a brand the dateline's place drops); ``captions``: a photo page's captions."""
    profile = page.profile
    return clean_blocks(
        blocks,
        markers=profile.noise_markers if profile else (),
        dateline_patterns=profile.dateline_patterns if profile else (),
        sites=page.sites,
        captions=captions,
    )
