"""Where a page keeps its dates: the JSON-LD and meta values, the visible date lines, a "Diperbarui" line.

``crawler.extract.when`` reads and cross-checks what is gathered here (``crawler.dates.precedence`` holds
the rules); ``crawler.extract.date_lines`` finds the visible line no selector names.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import TYPE_CHECKING

from lxml import etree

from crawler.extract.date_lines import is_teaser, scan_date_lines
from crawler.extract.render import fold
from crawler.extract.when import ZONE_NAMES, FoundDate, PublishedDate, first_date, zone_named_in
from crawler.vocabulary import UPDATED_LABEL

if TYPE_CHECKING:
    from crawler.extract.page import Page

PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dtk:publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "date",
    "content_publisheddate",
)
# the creation time some CMSs write beside a wrong datePublished (detik: `dateCreated` = the visible line)
CREATED_META = ("datecreated", "dc.date.created")
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "lastmod", "last-modified")
_UPDATED_LINE = etree.XPath(
    "//body/descendant::text()[contains(., 'iperbarui')][not(parent::script or parent::style)]"
)


# the zones of Indonesia's central and eastern time by the offset a machine value writes (``+08:00``)
_OFFSET_ZONES = {"+08:00": ZONE_NAMES["WITA"], "+09:00": ZONE_NAMES["WIT"]}


def page_zone(page: Page) -> str | None:
    """The zone the visible date line states (WIB/WITA/WIT), which every date is shown in; without one, the
    central or eastern zone a published meta or JSON-LD value states by its offset (beritamanado writes
    ``article:published_time`` at ``+08:00`` beside a UTC JSON-LD value, which then is shown in WITA too,
    not in the portal's WIB)."""
    for node in page.nodes("published"):
        zone = zone_named_in(page.rendered(node))
        if zone:
            return zone
    article, webpage = page.meta.article, page.meta.webpage
    machine = chain(
        (v for name in PUBLISHED_META for v in page.meta.all(name)),
        (article.get("datePublished"), webpage.get("datePublished")),
    )
    return next((zone for value in machine if (zone := _zone_of_offset(value))), None)


def _zone_of_offset(value: object) -> str | None:
    """The central or eastern Indonesian zone a machine date's offset names (``…T14:58:53+08:00``)."""
    if not isinstance(value, str):
        return None
    tail = value.strip()[-6:]
    if tail[3:4] != ":":  # ``+0800``
        tail = f"{tail[1:4]}:{tail[4:]}"
    return _OFFSET_ZONES.get(tail)


def published_date(page: Page) -> PublishedDate:
    """The published date, cross-checked among every source (``crawler.dates.precedence``)."""
    article, webpage = page.meta.article, page.meta.webpage
    sources = {
        "jsonld": lambda: [article.get("datePublished"), webpage.get("datePublished")],
        "meta": lambda: (v for name in PUBLISHED_META for v in page.meta.all(name)),
        "visible": lambda: _published_lines(page),
    }
    refiners = {
        "jsonld": lambda: [article.get("dateCreated"), webpage.get("dateCreated")],
        "meta": lambda: (v for name in CREATED_META for v in page.meta.all(name)),
    }
    return PublishedDate(sources, page.date_reads, url=page.url, refiners=refiners)


def modified_date(page: Page) -> FoundDate | None:
    """The first modification date that parses: JSON-LD, meta, the visible line or a "Diperbarui" text."""
    article, webpage = page.meta.article, page.meta.webpage
    return first_date(
        {
            "jsonld": lambda: [article.get("dateModified"), webpage.get("dateModified")],
            "meta": lambda: (v for name in MODIFIED_META for v in page.meta.all(name)),
            # lazily: the "Diperbarui" text search runs only when no modified line parsed
            "visible": lambda: chain(_visible(page, "modified"), _updated_lines(page)),
        },
        page.date_reads,
    )


def _visible(page: Page, name: str) -> Iterator[str]:
    for node in page.nodes(name):
        yield node.get("datetime") or node.get("content") or page.rendered(node)


def _published_lines(page: Page) -> Iterator[str]:
    """The date lines the selectors find, other articles' teaser cards left out; then, lazily, the
    lines a scan of the page finds (``crawler.extract.date_lines``) for themes no selector knows."""
    for node in page.nodes("published"):
        if not is_teaser(node, page.url):
            yield node.get("datetime") or node.get("content") or page.rendered(node)
    for line in scan_date_lines(page.root, page.url, page.reference, page.body_texts):
        if not UPDATED_LABEL.match(line):  # "Diperbarui …" printed before the published line
            yield line


def _updated_lines(page: Page) -> Iterator[str]:
    if page.source and "iperbarui" not in page.source:
        return
    for text in _UPDATED_LINE(page.root):
        line = fold(text).strip()
        if label := UPDATED_LABEL.match(line):
            yield line[label.end() :]
