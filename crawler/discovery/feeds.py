"""RSS and Atom feeds: each entry's article link, with its date as the change signal."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from crawler.discovery.found import Found, Rejected, article_url, rejected_by_pattern
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


@dataclass
class FeedPage:
    """What one feed holds for this portal."""

    articles: list[Found] = field(default_factory=list)  # in feed order, each URL once
    rejected: Rejected = field(default_factory=Rejected)  # on-site entries the article pattern turned down


def read_feed(body: bytes, url: str, profile: Profile) -> list[Found]:
    """The portal's articles among the feed's entries, in feed order, each URL once."""
    return scan_feed(body, url, profile).articles


def scan_feed(body: bytes, url: str, profile: Profile) -> FeedPage:
    """The portal's articles among the feed's entries, and the on-site entries its pattern rejects
    (every feed entry is an article, so each counts as article-like)."""
    page = FeedPage()
    try:
        root = etree.fromstring(body, parser=XML_PARSER)
    except etree.XMLSyntaxError:
        return page
    if root is None:
        return page
    found, seen = page.articles, set[str]()
    for entry in root.iter():
        if _local(entry.tag) not in _ENTRIES:
            continue
        link = _link(entry)
        canonical = article_url(link, url, profile) if link else None
        if canonical is None and link and (rejected := rejected_by_pattern(link, url, profile)) is not None:
            page.rejected.add(rejected, article_like=True)
        if canonical is None or canonical in seen:
            continue
        seen.add(canonical)
        found.append(Found(canonical, change_signal(_stamp(entry))))
    return page
