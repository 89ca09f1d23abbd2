"""The article's own visible date line where no selector finds it, and the teaser test for any candidate.

Old and unknown themes print the date line in an element no date selector names (``div.msmall.grey``,
``span.newsdetail-schedule-new``, ``div.tanggal``), and their sidebars print other articles' date lines
in the same shape. The scan reads short text elements that are a whole date line with a time (a weekday,
a date, a time, a zone, little else) in document order and skips teasers: a line whose smallest
enclosing block is a small card holding a link to another article (``<span class="date">…</span>
<h6><a href="/read/…">Another story</a></h6>``). Pure: lxml only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from lxml import etree

from crawler.dates.fastpath import parse_fast
from crawler.extract.render import render_text
from crawler.extract.textscan import TextNodes
from crawler.urls import join_url

# a date line is short and mostly date: `Selasa, 23 Februari 2016 15:06 WIB | 998 Views`
MAX_LINE_CHARS = 80
MAX_LINE_WORDS = 6
# a teaser card: the line's smallest enclosing block is this short and links a headline of this many words
MAX_CARD_CHARS = 500
MIN_HEADLINE_WORDS = 4
_CLIMB = 3
_JAKARTA = ZoneInfo("Asia/Jakarta")  # only whether the line parses counts here, not its zone

# short text nodes holding a year's first digits; the cheap tests first, all in C
_YEAR_TEXT = etree.XPath(
    f"//body/descendant::text()[string-length() < {MAX_LINE_CHARS * 2}]"
    "[contains(., '19') or contains(., '20')]"
)
_NEVER_ARTICLE = frozenset({"script", "style", "noscript", "template", "aside", "nav", "footer"})
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")
_COMMENTS = re.compile(r"comment|komentar|disqus", re.IGNORECASE)


def scan_date_lines(
    root: etree._Element, page_url: str, reference: datetime | None, texts: list | None = None
) -> Iterator[str]:
    """The text of each element, in document order, that reads as the article's own date line with a
    time; teasers, comment blocks and page chrome left out. Lazy: a caller taking the first pays for no
    more. ``texts``: the body's texts when already read (``textscan.body_texts``): the short ones
    holding a year are found there and fetched as nodes, instead of a scan of their own."""
    seen: set[etree._Element] = set()
    if texts is None:
        candidates = _YEAR_TEXT(root)
    else:
        nodes = TextNodes(root)
        candidates = (
            node
            for position, t in enumerate(texts, 1)
            if len(t) < MAX_LINE_CHARS * 2 and ("19" in t or "20" in t) and _YEAR.search(t)
            for node in nodes.at(position)
        )
    for text in candidates:
        if len(text) > MAX_LINE_CHARS * 2 or not _YEAR.search(text):
            continue
        node = text.getparent()
        if node is not None and text.is_tail:  # text after a child element belongs to that child's parent
            node = node.getparent()
        if node is None or node in seen or node.tag in _NEVER_ARTICLE:
            continue
        seen.add(node)
        if _text_length(node, MAX_LINE_CHARS) > MAX_LINE_CHARS:  # before anything is rendered
            continue
        line = render_text(node)
        if not is_date_line(line, reference) or _in_chrome(node) or is_teaser(node, page_url):
            continue
        yield line


def is_date_line(line: str, reference: datetime | None = None) -> bool:
    """A short text that is a date with a time and little else, in a form the fast parser knows (the
    forms portals print; dateparser's long tail is not worth its cost on every short text of a page)."""
    if not line or len(line) > MAX_LINE_CHARS or len(_WORD.findall(line)) > MAX_LINE_WORDS:
        return False
    parsed = parse_fast(line, reference, _JAKARTA)
    # a value with a reason: a time in a zone two places share (`7:04 pm CST`), still a line with a time
    return parsed is not None and parsed.value is not None and (parsed.has_time or parsed.reason is not None)


def is_teaser(node: etree._Element, page_url: str) -> bool:
    """True when ``node`` (a date line) belongs to a card about another article: its smallest enclosing
    block with more than the line itself is short and links a headline elsewhere, or the whole card is
    that link (``<a href=…><time …>21 Des 2021</time><span>Headline …</span></a>``: liputan6's "berita
    pilihan" boxes)."""
    own = _text_length(node, MAX_CARD_CHARS)
    for link in node.iterancestors("a"):  # the nearest link around the line, if any
        if _links_headline_elsewhere(link, page_url, own):
            return True
        break
    card = node
    for _ in range(_CLIMB):
        card = card.getparent()
        if card is None:
            return False
        length = _text_length(card, MAX_CARD_CHARS)
        if length > own + 8:
            break
    else:
        return False
    if length > MAX_CARD_CHARS:
        return False
    here: tuple[str, str] | None = None
    # the card's ``<a href>`` descendants and their string values, walked rather than asked of XPath
    # (two XPath calls cost more than a small card's walk)
    for link in card.iterdescendants("a"):
        href = link.get("href")
        if href is None or len("".join(link.itertext()).split()) < MIN_HEADLINE_WORDS:
            continue
        target = join_url(page_url, href.strip()) or ""
        here = here or _page_key(page_url)
        if target.startswith(("http://", "https://")) and _page_key(target) != here:
            return True
    return False


def _links_headline_elsewhere(link: etree._Element, page_url: str, own: int) -> bool:
    """Whether a link around a date line is a card's headline link to another page: it holds a headline
    beside the line (not only an archive day, ``<a href="/2021/12/20/">20 Des 2021</a>``) and leads
    elsewhere (a theme's permalink around its own date leads here)."""
    href = link.get("href")
    length = _text_length(link, MAX_CARD_CHARS)
    if href is None or length > MAX_CARD_CHARS or length <= own + 8:
        return False
    if len("".join(link.itertext()).split()) < MIN_HEADLINE_WORDS + 3:
        return False
    target = join_url(page_url, href.strip()) or ""
    return target.startswith(("http://", "https://")) and _page_key(target) != _page_key(page_url)


def _text_length(node: etree._Element, cap: int) -> int:
    """The length of ``node``'s text without its runs of whitespace, counted only up to past ``cap`` (a
    date line's parent may be the whole article)."""
    total = 0
    for text in node.itertext():
        total += len(text.strip())
        if total > cap:
            break
    return total


def _page_key(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return (parts.hostname or "").removeprefix("www."), parts.path.rstrip("/")


def _in_chrome(node: etree._Element) -> bool:
    """Inside a script, an aside, a menu, a footer or a comment block: never the article's date line."""
    for up in node.iterancestors():
        if up.tag in _NEVER_ARTICLE:
            return True
        marks = f"{up.get('class') or ''} {up.get('id') or ''}"
        if marks.strip() and _COMMENTS.search(marks):
            return True
    return False
