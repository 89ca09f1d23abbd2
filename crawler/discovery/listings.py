"""Listing pages (home, category, index, day archive): their article links and their next page.

Each portal names its listing pages its own way (``/page/3/``, ``/indeks/3``, ``?site=news&page=3``): the
profile's ``discovery.listing_paging`` regexes, whose group 1 is the page number. The next page is the
link to the same listing one number on; the header's home paging and older pages are not it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from parsel import Selector

from crawler.discovery.found import Found, article_url
from crawler.profile_patterns import ProfilePattern
from crawler.profiles import Profile
from crawler.urls import join_url, same_site


def read_listing(page: Selector, url: str, profile: Profile) -> list[Found]:
    """The portal's article links on a listing page, in page order, each canonical URL once."""
    found: list[Found] = []
    seen: set[str] = set()
    for href in page.css("a::attr(href)").getall():
        canonical = article_url(href, url, profile)
        if canonical is not None and canonical not in seen:
            seen.add(canonical)
            found.append(Found(canonical))
    return found


def next_listing_page(page: Selector, url: str, profile: Profile) -> str | None:
    """The link to this listing's next page, or None on its last page."""
    patterns = profile.discovery.listing_paging_res
    here, current = listing_position(url, patterns)
    for href in page.css("link[rel=next]::attr(href), a::attr(href)").getall():
        target = join_url(url, href.strip())
        if target is None or not same_site(target, profile.origins):
            continue
        there, number = listing_position(target, patterns)
        if number == current + 1 and here & there:
            return target
    return None


# Feed types a page's head may name (``<link rel="alternate" type=…>``).
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})
# The most feeds taken from one page: a site's main feed and a few sections' (the page is outside input).
MAX_ADVERTISED_FEEDS = 4
# A feed of readers' comments (WordPress's ``/comments/feed/``) lists comments, not articles.
_COMMENTS_FEED = re.compile(r"/(?:comments|komentar)(?:/|$)", re.IGNORECASE)


def advertised_feeds(page: Selector, url: str, profile: Profile) -> list[str]:
    """The RSS and Atom feeds the page names (``<link rel="alternate" type="application/rss+xml">``) on
    the portal's own site, in page order, each once, at most ``MAX_ADVERTISED_FEEDS``. An empty ``href``
    (tempo names one), another site's feed and a comments feed are left out."""
    feeds: list[str] = []
    for link in page.xpath("//link[@href][@type]"):
        if len(feeds) >= MAX_ADVERTISED_FEEDS:
            break
        rel = (link.attrib.get("rel") or "").lower().split()
        kind = link.attrib["type"].strip().lower()
        href = link.attrib["href"].strip()
        if "alternate" not in rel or kind not in FEED_TYPES or not href:
            continue
        target = join_url(url, href)
        on_site = target is not None and same_site(target, profile.origins)
        if on_site and not _COMMENTS_FEED.search(urlsplit(target).path) and target not in feeds:
            feeds.append(target)
    return feeds


# The page number group 1 of a paging regex must hold: a link is outside input, ``int`` raises ValueError
# past 4,300 digits (``/page/999…9/``), and no listing has a billion pages.
_PAGE_NUMBER = re.compile(r"[0-9]{1,9}")


def listing_position(url: str, patterns: list[ProfilePattern]) -> tuple[set[str], int]:
    """A listing URL as (what it may be a page of, page number). ``/category/x/page/3/`` is a page of
    ``/category/x``, ``/indeks/2`` of ``/indeks``, ``/?site=news&page=2`` of ``/?site=news``; a URL with no
    page part, or a page part that is no page number, is page 1 of itself."""
    parts = urlsplit(url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    for pattern in patterns:
        if (match := pattern.search(target)) and _PAGE_NUMBER.fullmatch(match.group(1) or ""):
            whole = target[: match.start()] + target[match.end() :]
            number_only = target[: match.start(1)].rstrip("/") + target[match.end(1) :]
            return {whole.rstrip("/"), number_only.rstrip("/")}, int(match.group(1))
    return {target.rstrip("/")}, 1
