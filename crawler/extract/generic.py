"""Generic article-body finder for pages that have no portal profile.

The caller hands over a whole parsed page (scripts, styles and ads already pruned). We cut the page's
text into paragraphs the way a browser lays it out (block tags and ``<br>`` split, inline tags do not),
call a paragraph *prose* when it is long enough and mostly not link text, and then pick the element
whose paragraphs are the most prose and the least everything else (menus, link lists, bylines,
comments). Its paragraphs, minus the furniture themes nest inside articles (share bars, related
lists, captions), are the body.

Pure module: lxml only, no Scrapy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

__all__ = ["find_body_paragraphs"]

Element = lxml_html.HtmlElement

# Tags whose content never belongs to an article body.
_SKIP_TAGS = frozenset(
    [
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
    ]
)
# Tags that start a new paragraph; every other tag is read as inline text.
_BLOCK_TAGS = frozenset(
    [
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
        "figure",
        "hr",
        "address",
        "center",
        "details",
        "summary",
        "body",
        "html",
    ]
)
_HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
# Elements that hold a single paragraph; the body container is at least their parent.
_PARAGRAPH_TAGS = frozenset(["p", "li", "dt", "dd", "blockquote", "pre", "tr", "td", "th", *_HEADING_TAGS])
# Table cells stay on their row's line, separated by a space.
_CELL_TAGS = frozenset({"td", "th"})

# class/id tokens that mark furniture: one of these words as a whole part of the token (split on - and _).
_NEGATIVE_TOKEN = re.compile(
    r"(?:^|[-_])(comments?|commentlist|komentar|disqus|sidebar|related|recommend\w*|rekomendasi|terkait|"
    r"baca[-_]?juga|lihat[-_]?juga|lainnya|popular|populer|terpopuler|terbaru|pilihan|bagikan|trending|"
    r"share|sharing|sharebar|social|sosmed|newsletter|subscribe|subscription|signup|promo|"
    r"sponsored|advert\w*|ads?|adv|iklan|banner|breadcrumbs?|pagination|pager|navbar|nav|menu|footer|byline|"
    r"bio|caption|credits?|copyright|cookies?|popup|modal|outbrain|taboola|disclaimer|tags)(?:$|[-_])"
    r"|^widget"
)
# Tokens naming the article text itself; an element carrying one is never furniture.
_POSITIVE_TOKEN = re.compile(
    r"(article|entry|post|story|news|main|page|single)[-_]?(body|content|text|detail)|^content$|^article$",
)
# Class words WordPress derives from the post's own categories and tags; they say nothing about layout.
_TAXONOMY_CLASS = re.compile(r"^(tag|category|post_tag|format|post|type|status)-")
_SPACE = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")

# Deeper than this the reader stops splitting and reads the remaining subtree as one run of text.
MAX_DEPTH = 400
# A paragraph is prose when it has at least this many characters and little link text.
MIN_PROSE_CHARS = 25
MAX_PROSE_LINK_SHARE = 0.5
# What a character of link text outside prose, and of other short text, costs against one of prose.
LINK_COST = 1.0
SHORT_TEXT_COST = 0.1
# A container inside furniture (a long comment) loses to one outside with this share of its gain.
FURNITURE_ESCAPE_SHARE = 0.3
# Prose counts a little less for each level it sits below an element, so that of two elements holding
# the same article the tighter one wins, and a page of several stories does not elect their wrapper.
LEVEL_DECAY = 0.9


@dataclass
class _Paragraph:
    text: str
    link_chars: int
    kind: str  # "p", "h" (heading) or "li"
    owner: Element  # innermost block element holding the text
    furniture: bool  # inside an element whose class/id marks furniture
    prose: bool = field(init=False)

    def __post_init__(self) -> None:
        self.prose = (
            self.kind != "h"
            and len(self.text) >= MIN_PROSE_CHARS
            and self.link_chars <= MAX_PROSE_LINK_SHARE * len(self.text)
            and _looks_like_words(self.text)
        )


_LETTER_WORD = re.compile(r"[^\W\d_]{3,}")
_URL = re.compile(r"(?:https?://|www\.)\S+")
MIN_PROSE_WORDS = 1


def _looks_like_words(text: str) -> bool:
    """Running text has a word that is not capitalised; a date, byline, URL or title-case line has not.

    Scripts without case (Chinese, Japanese, Korean, Thai…) pass as they have no capitals.
    """
    words = _LETTER_WORD.findall(_URL.sub(" ", text))
    return sum(1 for word in words if not word[0].isupper()) >= MIN_PROSE_WORDS


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _is_furniture(el: Element) -> bool:
    """True when the element's class or id names page furniture (comments, share bar, related list…)."""
    hint = f"{el.get('class', '')} {el.get('id', '')}".lower()
    if not hint.strip():
        return False
    tokens = [token for token in hint.split() if not _TAXONOMY_CLASS.match(token)]
    if any(_POSITIVE_TOKEN.search(token) for token in tokens):
        return False
    return any(_NEGATIVE_TOKEN.search(token) for token in tokens)


def _is_hidden(el: Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style) and _HIDDEN_STYLE.search(style) is not None


class _ParagraphReader:
    """Cuts a subtree into paragraphs in page order, remembering where each one came from.

    ``mark_furniture`` also flags paragraphs under furniture below ``top`` (needed when reading the
    chosen container, not when scoring the whole page, which judges furniture per ancestor).
    """

    def __init__(self, top: Element, mark_furniture: bool = True) -> None:
        self.top = top
        self.mark_furniture = mark_furniture
        self.paragraphs: list[_Paragraph] = []
        self._buffer: list[str] = []
        self._link_chars = 0

    def read(self) -> list[_Paragraph]:
        self._visit(self.top, owner=self.top, in_link=False, furniture=False, depth=0)
        self._flush(self.top, "p", False)
        return self.paragraphs

    def _flush(self, owner: Element, kind: str, furniture: bool) -> None:
        if not self._buffer:
            return
        text = " ".join("".join(self._buffer).split())
        if text:
            self.paragraphs.append(_Paragraph(text, min(self._link_chars, len(text)), kind, owner, furniture))
        self._buffer = []
        self._link_chars = 0

    def _add(self, text: str | None, in_link: bool) -> None:
        if text:
            self._buffer.append(text)
            if in_link:
                self._link_chars += len(text.strip())

    def _visit(self, el: Element, owner: Element, in_link: bool, furniture: bool, depth: int) -> None:
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS or (el.attrib and _is_hidden(el)):
            return
        if tag == "br":
            self._flush(owner, "p", furniture)
            return
        if depth > MAX_DEPTH:  # pathological nesting: read the rest as one run of text
            self._add(el.text_content(), in_link or tag == "a")
            return
        is_block = tag in _BLOCK_TAGS
        if is_block:
            self._flush(owner, "p", furniture)
            owner = el
            if self.mark_furniture and not furniture and el is not self.top:
                furniture = _is_furniture(el)
        in_link = in_link or tag == "a"
        if tag in _CELL_TAGS:
            self._buffer.append(" ")
        self._add(el.text, in_link)
        for child in el:
            self._visit(child, owner, in_link, furniture, depth + 1)
            self._add(child.tail, in_link)
        if is_block:
            kind = "h" if tag in _HEADING_TAGS else "li" if tag == "li" else "p"
            self._flush(el, kind, furniture)


def _container_gains(paragraphs: list[_Paragraph]) -> dict[Element, float]:
    """Every element's prose characters minus the weighted count of all its other characters.

    Prose counts as noise for an element when a furniture element (comments, sidebar…) lies between
    the prose and that element, the element included; furniture further up (a page wrapper with
    a class like ``has-sidebar``) does not matter to it.
    """
    gains: dict[Element, float] = {}
    furniture_of: dict[Element, bool] = {}
    for paragraph in paragraphs:
        size = len(paragraph.text)
        bad = -(LINK_COST * paragraph.link_chars + SHORT_TEXT_COST * (size - paragraph.link_chars))
        if paragraph.prose:
            good = float(size - paragraph.link_chars)
        elif paragraph.kind == "h":
            good = 0.0
        else:
            good = bad
        crossed = False
        el = paragraph.owner
        while el is not None:
            if not crossed:
                flag = furniture_of.get(el)
                if flag is None:
                    flag = furniture_of[el] = _is_furniture(el)
                crossed = flag
            gains[el] = gains.get(el, 0.0) + (bad if crossed else good)
            if good > 0:
                good *= LEVEL_DECAY
            el = el.getparent()
    return gains


def _inside_furniture(el: Element) -> bool:
    return any(_is_furniture(up) for up in el.iterancestors() if up.tag not in ("html", "body"))


def _best_container(paragraphs: list[_Paragraph]) -> tuple[Element | None, dict[Element, float]]:
    """The element with the highest gain (see _container_gains), or None when nothing gains.

    When the winner sits inside furniture (the longest comment of a thread), the best element outside
    furniture wins instead if it is not much weaker; a page whose wrapper carries a furniture-like
    class keeps its winner because nothing outside competes.
    """
    gains = _container_gains(paragraphs)
    ranked = sorted((item for item in gains.items() if item[1] > 0), key=lambda item: item[1], reverse=True)
    if not ranked:
        return None, gains
    best, best_gain = ranked[0]
    if _inside_furniture(best):
        for el, gain in ranked[1:]:
            if gain < FURNITURE_ESCAPE_SHARE * best_gain:
                break
            if not _inside_furniture(el):
                best = el
                break
    # one paragraph is not a container: its siblings belong to the same text
    while best.tag in _PARAGRAPH_TAGS and best.getparent() is not None:
        best = best.getparent()
    return best, gains


def _sibling_parts(best: Element, gains: dict[Element, float]) -> list[Element]:
    """All blocks styled like the winner near it: an article cut into sections by figures or ads.

    Other elements with the winner's tag and class count when they hold a fair share of its gain,
    sit within SIBLING_SEARCH_LEVELS levels of it and are not inside furniture (a comment styled
    like the article). Parts come back in page order.
    """
    css_class = best.get("class")
    best_gain = gains.get(best, 0.0)
    if not css_class or best_gain <= 0 or not _TEXT_CLASS.search(css_class):
        return [best]
    candidates = [
        el
        for el, gain in gains.items()
        if el is not best
        and el.tag == best.tag
        and gain >= SIBLING_MIN_SHARE * best_gain
        and el.get("class") == css_class
    ]
    if not candidates:
        return [best]
    near = {up: level for level, up in enumerate(best.iterancestors()) if level < SIBLING_SEARCH_LEVELS}
    parts = [best]
    for el in candidates:
        meeting = next((up for up in el.iterancestors() if up in near), None)
        if meeting is not None and meeting.tag not in ("body", "html") and not _inside_furniture(el):
            parts.append(el)
    if len(parts) == 1:
        return parts
    outermost = [el for el in parts if not any(up in parts for up in el.iterancestors())]
    order = {el: index for index, el in enumerate(best.getroottree().getroot().iter())}
    return sorted(outermost, key=order.__getitem__)


SIBLING_MIN_SHARE = 0.25
# Only a class that names text (not layout such as ``l-container`` or ``col-md-8``) marks article parts.
_TEXT_CLASS = re.compile(r"content|body|text|article|entry|story|prose|paragraph", re.IGNORECASE)
SIBLING_SEARCH_LEVELS = 12


def _keep(paragraph: _Paragraph) -> bool:
    if paragraph.furniture:
        return False
    return paragraph.link_chars < len(paragraph.text) * 0.5


def _page_titles(root: Element, title: str | None) -> set[str]:
    """Normalised forms of the page's own title (og:title, <title> and its parts around separators)."""
    titles: set[str] = set()
    if title:
        titles.add(_norm_title(title))
    head = root.find("head") if root.tag == "html" else None
    values = _HEAD_TITLES(head) if head is not None else []
    if not values and not title:
        # only a <body> (or part of it) was handed over: its first real headline is the best guess
        headlines = (_fold(h1.text_content()) for h1 in root.iter("h1"))
        values = [text for text in headlines if len(text) >= 15][:1]
    for value in values:
        value = _norm_title(str(value))
        if value:
            titles.add(value)
            titles.update(part for part in _TITLE_SEPARATOR.split(value) if len(part) >= 15)
    return titles


_HEAD_TITLES = etree.XPath("meta[@property='og:title' or @name='twitter:title']/@content | title/text()")
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:·»]\s+")
_NON_WORD = re.compile(r"[\W_]+")


def _norm_title(text: str) -> str:
    return _NON_WORD.sub(" ", text).strip().lower()


def _is_title(paragraph: _Paragraph, titles: set[str]) -> bool:
    """The headline: a heading within the page title, or any line equal to it (``div.judul``)."""
    if not titles or paragraph.link_chars:
        return False
    text = _norm_title(paragraph.text)
    if not text:
        return False
    if text in titles:
        return True
    return paragraph.kind == "h" and len(text) >= 15 and any(text in title for title in titles)


def _is_standfirst(paragraph: _Paragraph) -> bool:
    """A long heading-styled summary under the headline, which belongs to the article text."""
    return paragraph.kind == "h" and len(paragraph.text) >= 100 and not paragraph.link_chars


def _trim(paragraphs: list[_Paragraph], titles: set[str]) -> list[_Paragraph]:
    """Cut what precedes the article text: everything up to the headline, then kicker/byline/date lines."""
    for index, paragraph in enumerate(paragraphs):
        if _is_title(paragraph, titles):
            before = paragraphs[:index]
            link_chars = sum(p.link_chars for p in before)
            # lead bullets above the headline stay; a teaser list above it (links) goes
            if link_chars > 0.2 * sum(len(p.text) for p in before) or not any(p.prose for p in before):
                paragraphs = paragraphs[index + 1 :]
            break
    first = next((i for i, p in enumerate(paragraphs) if p.prose or _is_standfirst(p)), None)
    if first is None:
        return paragraphs
    paragraphs = paragraphs[first:]
    # a heading after the last prose paragraph introduces comments or related links, not text
    last = max(i for i, p in enumerate(paragraphs) if p.prose or _is_standfirst(p))
    tail_heading = next((i for i in range(last + 1, len(paragraphs)) if paragraphs[i].kind == "h"), None)
    return paragraphs if tail_heading is None else paragraphs[:tail_heading]


def find_body_paragraphs(root: Element, *, title: str | None = None) -> list[str]:
    """Return the article body of a parsed page as paragraph texts in page order ([] if none found).

    ``title`` (the headline, when the caller knows it) helps cut teaser lists that precede the
    article inside its container; without it the page's <title> or og:title is used when ``root``
    holds the <head>, else the first long <h1>.
    """
    if not isinstance(root, etree._Element):
        raise TypeError(f"find_body_paragraphs needs a parsed lxml element, got {type(root).__name__}")
    container, gains = _best_container(_ParagraphReader(root, mark_furniture=False).read())
    if container is None:
        return []
    kept = [p for part in _sibling_parts(container, gains) for p in _ParagraphReader(part).read() if _keep(p)]
    return [p.text for p in _trim(kept, _page_titles(root, title))]
