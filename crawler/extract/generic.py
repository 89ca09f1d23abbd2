"""Generic article-body finder for pages that have no portal profile.

The caller hands over a parsed page (scripts, styles and ads already pruned). The page's text is cut
into paragraphs the way a browser lays it out (``generic_text``); the element holding the most prose
and the least of everything else (menus, link lists, bylines, comments, other stories) is chosen
(``generic_container``, with furniture class names from ``generic_furniture``). Its paragraphs minus
the furniture themes nest inside articles, link inserts, and what stands before the headline or
after the last heading are the body.

Pure: lxml only, no Scrapy.
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.extract import byline
from crawler.extract.generic_container import best_container, sibling_parts
from crawler.extract.generic_text import Element, Paragraph, ParagraphReader, paragraphs_within

__all__ = ["find_body", "find_body_paragraphs"]

# Plain (non-link) characters that make a link-rich paragraph a sentence rather than a link list.
KEEP_MIN_PLAIN_CHARS = 40
# Share of link text above the headline that marks what precedes it as a teaser list.
TEASER_LINK_SHARE = 0.2

_HEAD_TITLES = etree.XPath("meta[@property='og:title' or @name='twitter:title']/@content | title/text()")
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:·»]\s+")
_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")  # a run of what ``_NON_WORD`` leaves: a normalised title's first word
# A dateline on a line of its own, ending with its dash: ``Jakarta -``, ``JAKARTA, KOMPAS.com –``.
_DATELINE_ALONE = re.compile(r"^[^\s\-–—].{1,60}?\s?(?:-{1,2}|–|—)$")


def find_body_paragraphs(root: Element, *, title: str | None = None) -> list[str]:
    """Return the article body of a parsed page as paragraph texts in page order ([] if none found).

    ``title`` (the headline, when the caller knows it) helps cut teaser lists that precede the
    article inside its container; without it the page's <title> or og:title is used when ``root``
    holds the <head>, else the first long <h1>.
    """
    return [p.text for p in find_body(root, title=title)]


def find_body(root: Element, *, title: str | None = None) -> list[Paragraph]:
    """``find_body_paragraphs`` as paragraphs: each with the block that holds it (``owner``)."""
    if not isinstance(root, etree._Element):
        raise TypeError(f"find_body_paragraphs needs a parsed lxml element, got {type(root).__name__}")
    reader = ParagraphReader(root, mark_furniture=False)
    container, gains = best_container(reader.read())
    if container is None:
        return []
    kept = []
    for part in sibling_parts(container, gains):
        read = paragraphs_within(reader, part)  # from the reading made, where it reads the same
        kept += [p for p in (ParagraphReader(part).read() if read is None else read) if _keep(p)]
    return _trim(kept, _page_titles(root, title))


def _keep(paragraph: Paragraph) -> bool:
    """Not furniture, and not mostly link text unless the words around the links make a sentence.

    A related-article insert (``Baca juga: <a>title</a>``) has a label of a few characters around its
    link; a sentence with several linked names has much more plain text.
    """
    if paragraph.furniture:
        return False
    plain = len(paragraph.text) - paragraph.link_chars
    return paragraph.link_chars < plain or plain >= KEEP_MIN_PLAIN_CHARS


def _trim(paragraphs: list[Paragraph], titles: set[str]) -> list[Paragraph]:
    """Cut what is not article text at the ends: teasers up to the headline, kicker, byline and date
    lines before the first prose paragraph, and everything from a heading after the last one."""
    openings = {title.split(" ", 1)[0] for title in titles}
    for index, paragraph in enumerate(paragraphs):
        if _is_title(paragraph, titles, openings):
            before = paragraphs[:index]
            link_chars = sum(p.link_chars for p in before)
            # lead bullets above the headline stay; a teaser list above it (links) goes
            if link_chars > TEASER_LINK_SHARE * sum(len(p.text) for p in before) or not any(
                p.prose for p in before
            ):
                paragraphs = paragraphs[index + 1 :]
            break
    first = next((i for i, p in enumerate(paragraphs) if p.prose or _is_standfirst(p)), None)
    if first is None:
        return paragraphs
    if first > 0 and _DATELINE_ALONE.match(paragraphs[first - 1].text):
        # detik: ``<strong>Jakarta</strong> -`` stands before the first <p>; it opens that paragraph
        lead = paragraphs[first]
        joined = f"{paragraphs[first - 1].text} {lead.text}"
        paragraphs[first] = Paragraph(joined, lead.link_chars, lead.kind, lead.owner, lead.furniture)
    paragraphs = paragraphs[first:]
    # a heading after the last prose paragraph introduces comments or related links, not text
    last = max(i for i, p in enumerate(paragraphs) if p.prose or _is_standfirst(p))
    tail_heading = next((i for i in range(last + 1, len(paragraphs)) if paragraphs[i].kind == "h"), None)
    if tail_heading is None:
        return paragraphs
    # the story's reporter code may close the container after that list (kapanlagi's "(kpl/pur/tch)")
    code = next(
        (p for p in paragraphs[tail_heading + 1 :] if p.kind != "h" and byline.bare_reporter_code(p.text)),
        None,
    )
    return paragraphs[:tail_heading] + ([code] if code is not None else [])


def _is_standfirst(paragraph: Paragraph) -> bool:
    """A long heading-styled summary under the headline, which belongs to the article text."""
    return paragraph.kind == "h" and len(paragraph.text) >= 100 and not paragraph.link_chars


def _page_titles(root: Element, title: str | None) -> set[str]:
    """Normalised forms of the page's own title (og:title, <title> and its parts around separators)."""
    titles: set[str] = set()
    if title:
        titles.add(_norm_title(title))
    head = root.find("head") if root.tag == "html" else None
    values = _HEAD_TITLES(head) if head is not None else []
    if not values and not title:
        # only a <body> (or part of it) was handed over: its first real headline is the best guess
        headlines = (" ".join("".join(h1.itertext()).split()) for h1 in root.iter("h1"))
        values = [text for text in headlines if len(text) >= 15][:1]
    for value in values:
        titles.add(_norm_title(str(value)))
        parts = (_norm_title(part) for part in _TITLE_SEPARATOR.split(str(value)))
        titles.update(part for part in parts if len(part) >= 15)
    titles.discard("")
    return titles


def _norm_title(text: str) -> str:
    return _NON_WORD.sub(" ", text).strip().lower()


def _is_title(paragraph: Paragraph, titles: set[str], openings: set[str]) -> bool:
    """The headline: a heading within the page title, or any line equal to it (``div.judul``).

    ``openings``: the titles' first words. A line other than a heading is normalised whole only when its
    own first word is one of them: the paragraphs of a page before the headline, or of one without it,
    are passed over on a look at their first word."""
    if not titles or paragraph.link_chars:
        return False
    if paragraph.kind != "h":
        first = _WORD.search(paragraph.text)
        if first is None or first.group().lower() not in openings:
            return False
    text = _norm_title(paragraph.text)
    if not text:
        return False
    if text in titles:
        return True
    return paragraph.kind == "h" and len(text) >= 15 and any(text in title for title in titles)
