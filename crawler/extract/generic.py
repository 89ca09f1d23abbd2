"""Generic article-body finder for pages that have no portal profile.

The caller hands over a whole parsed page (scripts, styles and ads already pruned). We score every
block of running text, let the scores flow up to the containers that hold them, pick the container
that holds the most prose, and read its paragraphs in page order while skipping page furniture
(share bars, related-article lists, comments, captions) that themes nest inside the article.

Pure module: lxml only, no Scrapy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import html as lxml_html

__all__ = ["find_body_paragraphs"]

# Tags whose content never belongs to an article body.
_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "canvas",
        "button",
        "select",
        "option",
        "input",
        "textarea",
        "form",
        "nav",
        "aside",
        "footer",
        "figcaption",
        "object",
        "embed",
        "video",
        "audio",
        "map",
        "head",
        "title",
        "meta",
        "link",
    }
)
# Tags that start a new paragraph.
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "figure",
        "hr",
        "address",
        "center",
        "details",
        "summary",
    }
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Blocks whose text is scored as prose.
_PROSE_TAGS = frozenset({"p", "pre", "blockquote", "td", "dd"})

_NEGATIVE_HINT = re.compile(
    r"comment|disqus|sidebar|side-bar|widget|related|recommend|terkait|baca-?juga|lainnya|popular|populer|"
    r"trending|share|sharing|social|sosmed|newsletter|subscribe|signup|promo|sponsor|advert|iklan|banner|"
    r"breadcrumb|pagination|pager|navbar|menu|footer|masthead|byline|author-?bio|tags?-?(list|links|box)|"
    r"post-?tags|caption|credit|copyright|modal|popup|cookie|rating|toolbar|print|hidden|outbrain|taboola",
    re.IGNORECASE,
)
_POSITIVE_HINT = re.compile(
    r"article|entry|post-?(body|content|text)|story|content|detail|read__content|isi|berita|main|text",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_MIN_PROSE_CHARS = 25


@dataclass
class _Paragraph:
    text: str
    link_chars: int
    kind: str  # "p", "h" (heading) or "li"


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _hint_of(el: lxml_html.HtmlElement) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _is_hidden(el: lxml_html.HtmlElement) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style) and re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", style) is not None


def _class_weight(el: lxml_html.HtmlElement) -> float:
    hint = _hint_of(el)
    if not hint.strip():
        return 0.0
    weight = 0.0
    if _NEGATIVE_HINT.search(hint):
        weight -= 25.0
    if _POSITIVE_HINT.search(hint):
        weight += 25.0
    return weight


def _text_and_links(el: lxml_html.HtmlElement) -> tuple[str, int]:
    """Visible text of an element and how many of its characters sit inside links."""
    parts: list[str] = []
    link_chars = 0
    for node in el.iter():
        if not isinstance(node.tag, str) or node.tag in _SKIP_TAGS:
            continue
        if node.tag == "a":
            link_chars += len(_fold(node.text_content()))
    text = _fold(el.text_content())
    parts.append(text)
    return text, min(link_chars, len(text))


def _score_containers(root: lxml_html.HtmlElement) -> dict[lxml_html.HtmlElement, float]:
    """Give each container a score from the prose blocks it holds (nearer holders get more)."""
    scores: dict[lxml_html.HtmlElement, float] = {}
    for el in root.iter(*_PROSE_TAGS, "div"):
        if el.tag == "div":
            # a div counts as prose only when it holds text directly (Indonesian portals use <div>+<br>)
            direct = _fold((el.text or "") + "".join((c.tail or "") for c in el))
            if len(direct) < _MIN_PROSE_CHARS:
                continue
            text = direct
            link_chars = 0
        else:
            text, link_chars = _text_and_links(el)
        if len(text) < _MIN_PROSE_CHARS:
            continue
        gain = 1.0 + text.count(",") + min(len(text) / 100.0, 3.0)
        gain *= 1.0 - link_chars / max(len(text), 1)
        holder = el if el.tag == "div" else el.getparent()
        share = 1.0
        depth = 0
        while holder is not None and depth < 3:
            scores[holder] = scores.get(holder, 0.0) + gain * share
            holder = holder.getparent()
            share /= 2.0
            depth += 1
    return scores


def _link_density(el: lxml_html.HtmlElement) -> float:
    text, links = _text_and_links(el)
    return links / len(text) if text else 1.0


def _best_container(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    scores = _score_containers(root)
    best = None
    best_score = 0.0
    for el, score in scores.items():
        final = (score + _class_weight(el)) * (1.0 - _link_density(el))
        if final > best_score:
            best, best_score = el, final
    return best


def _walk_paragraphs(container: lxml_html.HtmlElement) -> Iterator[_Paragraph]:
    """Read a container's text as paragraphs: blocks and <br> split, inline text is kept."""
    buffer: list[str] = []
    link_chars = 0

    def flush(kind: str = "p") -> Iterator[_Paragraph]:
        nonlocal buffer, link_chars
        text = _fold("".join(buffer))
        if text:
            yield _Paragraph(text, min(link_chars, len(text)), kind)
        buffer = []
        link_chars = 0

    def visit(el: lxml_html.HtmlElement, in_link: bool) -> Iterator[_Paragraph]:
        nonlocal link_chars
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP_TAGS or _is_hidden(el):
            return
        if el is not container and tag in _BLOCK_TAGS and _NEGATIVE_HINT.search(_hint_of(el)):
            return
        if tag == "br":
            yield from flush()
            return
        is_block = tag in _BLOCK_TAGS
        if is_block:
            yield from flush()
        if el.text:
            buffer.append(el.text)
            if in_link or tag == "a":
                link_chars += len(_fold(el.text))
        for child in el:
            yield from visit(child, in_link or tag == "a")
            if child.tail:
                buffer.append(child.tail)
                if in_link or tag == "a":
                    link_chars += len(_fold(child.tail))
        if is_block:
            kind = "h" if tag in _HEADING_TAGS else "li" if tag == "li" else "p"
            yield from flush(kind)

    yield from visit(container, False)
    yield from flush()


def _keep(paragraph: _Paragraph) -> bool:
    return paragraph.link_chars < len(paragraph.text) * 0.5


def find_body_paragraphs(root: lxml_html.HtmlElement) -> list[str]:
    """Return the article body of a parsed page as paragraph texts in page order ([] if none found)."""
    container = _best_container(root)
    if container is None:
        return []
    return [p.text for p in _walk_paragraphs(container) if _keep(p)]
