"""Multi-page articles: find the next page, the whole-article view, and merge page items into one.

Portals split long articles over pages in a few URL forms: a query parameter (``?page=2``, kompas,
tribunnews, okezone), a trailing path number (``/slug/2/`` WordPress ``<!--nextpage-->``,
``/d-123/slug/2`` detik), and a whole-article view (``?page=all`` kompas and tribunnews, ``?single=1``
detik: the profile's ``pagination.whole_view``). Pages link onwards with ``rel=next``, a "Halaman
selanjutnya" / "Next" anchor, or bare page numbers.

The one rule that keeps this safe: a link counts as the next page only when it leads to the *same
article* (same host and path once the page marker is removed) at exactly the following page number.
That rejects "Berita Selanjutnya" links to other articles, kontan's ``Selanjutnya: <title>`` teasers and
the ``<link rel=next>`` old WordPress versions put on every post pointing at the next post.

Pure module: parsel and the standard library only, no Scrapy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree
from parsel import Selector

from crawler.extract.clean import fingerprint, word_count
from crawler.profiles import Pagination
from crawler.urls import join_url, leads_nowhere

__all__ = ["PageRef", "merge_pages", "next_page_url", "page_of", "single_page_url"]

# Query parameters that number the pages of one article.
PAGE_PARAMS = ("page", "halaman", "hal", "pg")
# Query parameters that ask for the whole article on one page, and the value that does it.
WHOLE_PARAMS = {"page": "all", "halaman": "all", "single": "1", "showall": "1"}

# ``/slug/2``, ``/slug/2/``, ``/page/2/``: a short number as the last path segment.
_PATH_PAGE = re.compile(r"^(?P<base>.*?/)(?:page/)?(?P<n>\d{1,3})/?$")
# Anchor text that announces the next page of the same article.
_NEXT_TEXT = re.compile(
    r"^(?:halaman\s+|laman\s+)?(?:selanjutnya|berikutnya|lanjut(?:kan)?|next(?:\s+page)?)\b"
    r"|^(?:[»›>→]\s*)+$",
    re.IGNORECASE,
)
_ARROWS = str.maketrans("", "", "»«›‹<>→←")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class PageRef:
    """Where a URL sits in a multi-page article: the article's key (host, path without the page marker)
    and its page number, 1 for an unnumbered URL and ``None`` for the whole-article view."""

    key: tuple[str, str]
    number: int | None


def _host(netloc: str) -> str:
    """Host and port, lower-cased, without credentials or a leading ``www.``."""
    host = netloc.lower().rsplit("@", 1)[-1]
    return host.removeprefix("www.")


def page_of(url: str) -> PageRef | None:
    """The article key and page number of a URL, or None for a URL that is not http(s)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    number: int | None = 1
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        name = name.lower()
        if WHOLE_PARAMS.get(name) == value.lower():
            number = None
        elif name in PAGE_PARAMS and value.isdigit():
            number = int(value)
    path = parts.path or "/"
    m = _PATH_PAGE.match(path)
    if m and m.group("base") != "/":
        path = m.group("base")
        if number == 1:
            number = int(m.group("n"))
    return PageRef((_host(parts.netloc), path.rstrip("/") or "/"), number)


def _selector(html_or_selector: Any) -> Selector:
    """A parsel Selector from HTML text/bytes, a Selector, or anything with one (a Scrapy response)."""
    if isinstance(html_or_selector, Selector):
        return html_or_selector
    if isinstance(html_or_selector, bytes):
        return Selector(body=html_or_selector)
    if isinstance(html_or_selector, str):
        return Selector(text=html_or_selector)
    inner = getattr(html_or_selector, "selector", None)
    if isinstance(inner, Selector):
        return inner
    raise TypeError(f"expected HTML text, bytes or a parsel Selector, got {type(html_or_selector).__name__}")


def _absolute(href: str | None, base: str) -> str | None:
    if not href:
        return None
    href = href.strip()
    if leads_nowhere(href):
        return None
    url = join_url(base, href)
    parts = urlsplit(url) if url is not None else None
    if parts is None or parts.scheme not in ("http", "https"):
        return None
    return urlunsplit(parts._replace(fragment=""))


def _announces_next(text: str) -> bool:
    """True for the text of a next-page link: "Halaman selanjutnya »", "Next ›", a bare "»"."""
    bare = text.translate(_ARROWS).strip()
    return bool(_NEXT_TEXT.search(bare or text))


@lru_cache(maxsize=128)
def _names_page(number: int) -> Callable[[str], re.Match[str] | None]:
    """A quick test that an href could name page ``number``: as the last path segment or as a page
    parameter's value (what :func:`page_of` reads). Article links carry dates full of digits, so
    looking for the digits alone would parse nearly every link of the page."""
    names = "|".join(PAGE_PARAMS)
    return re.compile(
        rf"(?:^|[/\s])(?:page/)?0*{number}/?(?:[?#]|\s*$)|[?&](?:{names})=0*{number}(?:[&#]|\s*$)",
        re.IGNORECASE,
    ).search


@lru_cache(maxsize=128)
def _may_name_page(number: int) -> Callable[[str], re.Match[str] | None]:
    """What every href :func:`_names_page` accepts holds: the number, then the end of the href (after an
    optional ``/`` and spaces), a query, a fragment or the next parameter. Searched in one href, or in all
    hrefs of a page at once, each followed by a NUL (which no attribute value holds): a pattern that
    starts with the number itself is found at C speed, while ``_names_page``'s leading alternatives try
    every position."""
    return re.compile(rf"{number}(?:/?(?:[?#]|\s*(?:\x00|$))|&)").search


# Every href of the page (those of ``<a>`` and ``<link rel=next>`` among them), as plain strings.
_HREFS = etree.XPath("//*/@href", smart_strings=False)


def next_page_url(html_or_selector: Any, url: str, *, max_pages: int = Pagination.max_pages) -> str | None:
    """The URL of the page after ``url`` of the same article, or None on the last (or only) page, and
    from page ``max_pages`` on (the profile's ``pagination.max_pages``: more is a listing or a trap).
    The page comes as HTML text or bytes, a parsel Selector, a Scrapy response or a parsed lxml tree.

    Candidates in order of trust: ``rel=next`` links, anchors reading "Halaman selanjutnya" / "Next" /
    "»", then any anchor. The first that leads to this article's next page number wins. Called on every
    article page, so hrefs that cannot name the next page number are ruled out before any URL parsing.
    """
    here = page_of(url)
    if here is None or here.number is None or here.number >= max_pages:
        return None
    if isinstance(html_or_selector, etree._Element):
        root = html_or_selector  # an lxml tree already parsed (``crawler.extract.extract(...).next_page``)
    else:
        root = _selector(html_or_selector).root
    if not hasattr(root, "xpath"):  # a text-only selector: no links
        return None
    # most pages are the only page of their article: when no href could name the next page, say so
    # from one search over all of them, before walking the links and parsing URLs
    may_name = _may_name_page(here.number + 1)
    if not may_name("\x00".join([*_HREFS(root), ""])):
        return None
    names_page = _names_page(here.number + 1)
    # one walk over the links, not an XPath search of the whole tree for each kind
    base_href: str | None = None
    marked: list[str] = []  # rel=next, in document order
    anchors: list[tuple[etree._Element, str]] = []  # <a> whose href could name the next page
    for el in root.iter("a", "link", "base"):
        href = el.get("href")
        if href is None:
            continue
        if el.tag == "base":
            base_href = href if base_href is None else base_href
            continue
        if "next" in (el.get("rel") or "").split():
            marked.append(href)
        if el.tag == "a" and may_name(href) and names_page(href):  # the quick search rules out most
            anchors.append((el, href))
    base = (join_url(url, base_href) if base_href is not None else None) or url

    def leads_on(href: str) -> str | None:
        if not href or not names_page(href):
            return None
        target = _absolute(href, base)
        ref = page_of(target) if target else None
        return target if ref is not None and ref.key == here.key and ref.number == here.number + 1 else None

    for href in marked:
        if target := leads_on(href):
            return target
    qualifying = [(a, t) for a, href in anchors if (t := leads_on(href))]
    for anchor, target in qualifying:
        if _announces_next(_SPACE.sub(" ", " ".join(anchor.itertext())).strip()):
            return target
    return qualifying[0][1] if qualifying else None


def _with_param(url: str, name: str, value: str) -> str:
    """The URL with every page-numbering parameter removed and ``name=value`` set."""
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in PAGE_PARAMS and k.lower() not in WHOLE_PARAMS
    ]
    query.append((name, value))
    path = parts.path or "/"
    m = _PATH_PAGE.match(path)
    if m and m.group("base") != "/":
        # ``/slug/2/`` pages a ``/slug/`` article, ``/slug/2`` a ``/slug`` one
        path = m.group("base") if path.endswith("/") else m.group("base").rstrip("/")
    return urlunsplit(parts._replace(path=path, query=urlencode(query), fragment=""))


def single_page_url(
    url: str, html_or_selector: Any = None, *, whole_view: tuple[str, str] | None = None
) -> str | None:
    """The whole-article view of a multi-page article (``?page=all``, ``?single=1``), or None.

    The page's own link to that view ("Tampilkan semua") wins when the page is given; otherwise
    ``whole_view``, the query parameter the portal's profile says serves the whole article
    (``pagination.whole_view``), names it. None when ``url`` already is that view or the portal has
    none: then follow ``next_page_url`` and ``merge_pages`` instead.
    """
    here = page_of(url)
    if here is None or here.number is None:
        return None
    if html_or_selector is not None:
        sel = _selector(html_or_selector)
        for anchor in sel.css("a[href]"):
            target = _absolute(anchor.attrib.get("href"), url)
            if target is None:
                continue
            ref = page_of(target)
            if ref is not None and ref.key == here.key and ref.number is None:
                return target
    if whole_view is not None:
        return _with_param(url, *whole_view)
    return None


# ---- merging -------------------------------------------------------------------------------------
_LIST_FIELDS = ("authors", "tags", "reporterCodes")
_REPEAT_MIN_CHARS = 40  # a repeated paragraph this long on a later page is the lead shown again


def merge_pages(first: dict, others: list[dict]) -> dict:
    """One item from the items of an article's pages, bodies joined in page order.

    The first page gives identity and metadata; later pages add their paragraphs (a long paragraph
    already seen, such as a lead repeated on every page, is not added twice), authors, tags and
    reporter codes not yet listed, their images (by URL), their date mentions, and any field the first
    page left empty. Pages with no body are skipped. ``fingerprint`` and ``wordCount`` are recomputed for
    the joined body.
    """
    if not isinstance(first, dict):
        raise TypeError(f"merge_pages: first page must be a dict, got {type(first).__name__}")
    merged = dict(first)
    paragraphs = [p for p in (first.get("articleBody") or "").split("\n\n") if p.strip()]
    seen = {p for p in paragraphs if len(p) >= _REPEAT_MIN_CHARS}
    lists = {name: list(first.get(name) or []) for name in _LIST_FIELDS}
    mentions = list(first.get("mentionedDates") or [])
    images = list(first.get("images") or [])
    for index, page in enumerate(others, start=2):
        if not isinstance(page, dict):
            raise TypeError(f"merge_pages: page {index} must be a dict, got {type(page).__name__}")
        body = page.get("articleBody") or ""
        if not body.strip():
            continue
        for paragraph in body.split("\n\n"):
            if not paragraph.strip() or paragraph in seen:
                continue
            paragraphs.append(paragraph)
            if len(paragraph) >= _REPEAT_MIN_CHARS:
                seen.add(paragraph)
        for name, values in lists.items():
            values.extend(v for v in page.get(name) or [] if v not in values)
        mentions.extend(m for m in page.get("mentionedDates") or [] if m not in mentions)
        shown = {image.get("url") for image in images}
        images.extend(i for i in page.get("images") or [] if i.get("url") not in shown)
        for name, value in page.items():
            if name not in merged or merged[name] in (None, "", []):
                merged[name] = value
    merged["articleBody"] = "\n\n".join(paragraphs)
    for name, values in lists.items():
        if name in merged or values:
            merged[name] = values
    if "mentionedDates" in merged or mentions:
        merged["mentionedDates"] = mentions
    if "images" in merged or images:
        merged["images"] = images
    if "fingerprint" in merged:
        merged["fingerprint"] = fingerprint(merged["articleBody"])
    if "wordCount" in merged:
        merged["wordCount"] = word_count(merged["articleBody"])
    return merged
