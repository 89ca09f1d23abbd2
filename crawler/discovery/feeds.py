"""RSS and Atom feeds: each entry's article link, with its date as the change signal."""

from __future__ import annotations

from lxml import etree

from crawler.discovery.found import Found, article_url
from crawler.discovery.sitemaps import XML_PARSER
from crawler.profiles import Profile
from crawler.state.articles import change_signal

_ENTRIES = frozenset({"item", "entry"})
_DATES = frozenset({"updated", "pubDate", "published"})


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _link(entry: etree._Element) -> str:
    """The entry's link: RSS ``<link>`` text or Atom ``<link href>`` (no ``rel``, or ``alternate``),
    whichever comes first."""
    for child in entry:
        if _local(child.tag) != "link":
            continue
        rel = child.get("rel")
        href = child.get("href")
        if href is not None and rel in (None, "alternate"):
            return href.strip()
        if child.text is not None:
            return child.text.strip()
    return ""


def _stamp(entry: etree._Element) -> str | None:
    """The entry's first ``updated``, ``pubDate`` or ``published`` date, as written."""
    for child in entry:
        if _local(child.tag) in _DATES and child.text is not None:
            return child.text
    return None


def read_feed(body: bytes, url: str, profile: Profile) -> list[Found]:
    """The portal's articles among the feed's entries, in feed order, each URL once."""
    try:
        root = etree.fromstring(body, parser=XML_PARSER)
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    found: list[Found] = []
    seen: set[str] = set()
    for entry in root.iter():
        if _local(entry.tag) not in _ENTRIES:
            continue
        link = _link(entry)
        canonical = article_url(link, url, profile) if link else None
        if canonical is None or canonical in seen:
            continue
        seen.add(canonical)
        found.append(Found(canonical, change_signal(_stamp(entry))))
    return found
