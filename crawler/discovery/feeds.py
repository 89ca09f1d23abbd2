"""RSS and Atom feeds: each entry's article link, with its date as the change signal."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from crawler.discovery.found import Found, Rejected, article_url, rejected_by_pattern
from crawler.discovery.sitemaps import is_cut_short, xml_root
from crawler.profiles import Profile
from crawler.state.articles import change_signal

_ENTRIES = frozenset({"item", "entry"})
_DATES = frozenset({"updated", "pubDate", "published"})
# where an entry keeps its article's address when its link goes through a feed service
_FALLBACK_LINKS = ("origLink", "guid")
# the root of a document that is a feed: RSS 2.0, Atom, RSS 1.0 (RDF)
_FEED_ROOTS = frozenset({"rss", "feed", "RDF"})


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _links(entry: etree._Element) -> Iterator[str]:
    """The entry's article URLs, best first: its link (RSS ``<link>`` text, or Atom ``<link href>`` with no
    ``rel`` or ``alternate``, whichever comes first), then the original a redirecting feed service keeps
    (``feedburner:origLink``), then a ``<guid>`` that is a web address. Feeds of 2015 (detik through
    feedsportal) link every entry through the service and name the article only in the guid."""
    link = ""
    for child in entry:
        if _local(child.tag) != "link":
            continue
        rel = child.get("rel")
        href = child.get("href")
        if href is not None and rel in (None, "alternate"):
            link = href.strip()
            break
        if child.text is not None:
            link = child.text.strip()
            break
    if link:
        yield link
    for name in _FALLBACK_LINKS:
        for child in entry:
            text = (child.text or "").strip() if _local(child.tag) == name else ""
            if text.startswith(("http://", "https://")) and text != link:
                yield text


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
    readable: bool = False  # the body was an RSS, Atom or RDF feed (an error page or HTML is not)
    truncated: bool = False  # the feed ends before its closing tag: only the entries before the cut


def read_feed(body: bytes, url: str, profile: Profile) -> list[Found]:
    """The portal's articles among the feed's entries, in feed order, each URL once."""
    return scan_feed(body, url, profile).articles


def scan_feed(body: bytes, url: str, profile: Profile) -> FeedPage:
    """The portal's articles among the feed's entries, and the on-site entries its pattern rejects
    (every feed entry is an article, so each counts as article-like)."""
    page = FeedPage()
    root = xml_root(body)
    if root is None or _local(root.tag) not in _FEED_ROOTS:
        return page
    page.readable = True
    page.truncated = is_cut_short(body, root)
    found, seen = page.articles, set[str]()
    for entry in root.iter():
        if _local(entry.tag) not in _ENTRIES:
            continue
        first, canonical = "", None
        for link in _links(entry):
            first = first or link
            if (canonical := article_url(link, url, profile)) is not None:
                break
        if canonical is None and first and (rejected := rejected_by_pattern(first, url, profile)) is not None:
            page.rejected.add(rejected, article_like=True)
        if canonical is None or canonical in seen:
            continue
        seen.add(canonical)
        found.append(Found(canonical, change_signal(_stamp(entry))))
    return page
