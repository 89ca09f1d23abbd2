"""Bounds on discovery, so no site can keep a crawl reading sitemaps and listing pages for ever.

A sitemap index may name sitemap indexes without end, and a listing may link a next page from every page
(or fill every page with links to articles that are gone). Each discovery source has its bound, and
whatever a bound cuts is counted under a :class:`Cut` reason (``warta/discovery/cut/<reason>``):

- sitemaps: at most ``sitemap_depth`` levels of index below a sitemap the profile or robots.txt names,
  and at most ``sitemaps`` sitemap documents in one crawl;
- listings: at most ``listing_pages`` pages of one listing (a chain of next pages from one start page),
  and paging stops after ``stale_pages`` pages in a row that brought nothing new: no article link the
  crawl's listings had not shown before, or only links that all turned out gone (404, 410) or failed.

Pure: the spider feeds it what it reads and asks it before each sitemap and next listing page.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from crawler.state.seen import SeenKeys, text_key


class Cut(enum.Enum):
    """Why discovery did not follow a sitemap or a next listing page."""

    SITEMAP_DEPTH = "sitemap_depth"
    SITEMAP_COUNT = "sitemap_count"
    LISTING_PAGES = "listing_pages"
    LISTING_STALE = "listing_stale"


@dataclass(frozen=True)
class Limits:
    """The bounds, from ``WARTA_SITEMAP_MAX_DEPTH`` (0: only the named sitemaps), ``WARTA_SITEMAP_MAX_COUNT``,
    ``WARTA_LISTING_MAX_PAGES`` and ``WARTA_LISTING_STALE_PAGES`` (each 0: no limit)."""

    sitemap_depth: int
    sitemaps: int
    listing_pages: int
    stale_pages: int

    def __post_init__(self) -> None:
        if min(self.sitemap_depth, self.sitemaps, self.listing_pages, self.stale_pages) < 0:
            raise ValueError(f"discovery limits must be 0 or more: {self}")


@dataclass
class _Page:
    """One listing page: how many of its links were new to the crawl's listings, and how the article
    requests made from them ended."""

    new: int
    asked: int = 0
    alive: int = 0
    dead: int = 0

    @property
    def resolved(self) -> bool:
        return self.alive + self.dead >= self.asked

    @property
    def stale(self) -> bool:
        """Nothing new: no new link, or every article asked for from it is gone or failed."""
        return self.new == 0 or (self.asked > 0 and self.resolved and self.alive == 0)


@dataclass
class DiscoveryBounds:
    """What one crawl's discovery has read so far, against its limits."""

    limits: Limits
    sitemaps_read: int = 0
    # Article URLs shown by any listing page, and requested from any source: one per article of the crawl,
    # so kept as 8-byte keys (crawler/state/seen.py), not as strings.
    _listed: SeenKeys = field(default_factory=SeenKeys)
    _requested: SeenKeys = field(default_factory=SeenKeys)
    _chains: dict[str, dict[int, _Page]] = field(default_factory=dict)

    # Sitemaps ----------------------------------------------------------------------------------------
    def sitemap(self, depth: int) -> Cut | None:
        """Whether a sitemap ``depth`` index levels below a named one may be read; taken if so."""
        if depth > self.limits.sitemap_depth:
            return Cut.SITEMAP_DEPTH
        if self.limits.sitemaps and self.sitemaps_read >= self.limits.sitemaps:
            return Cut.SITEMAP_COUNT
        self.sitemaps_read += 1
        return None

    # Listings ----------------------------------------------------------------------------------------
    def first_request(self, url: str) -> bool:
        """True the first time the crawl asks for this article URL (from any source)."""
        return self._requested.add(text_key(url))

    def listing_page(self, chain: str, number: int, links: list[str]) -> None:
        """Page ``number`` of the listing that started at ``chain`` showed these article links."""
        new = sum(self._listed.add(text_key(url)) for url in links)
        self._chains.setdefault(chain, {})[number] = _Page(new)

    def asked(self, chain: str, number: int) -> None:
        """An article first requested from that listing page."""
        if (page := self._page(chain, number)) is not None:
            page.asked += 1

    def answered(self, chain: str, number: int, *, alive: bool) -> None:
        """How an article requested from that listing page ended: read (alive), or gone or failed."""
        if (page := self._page(chain, number)) is not None:
            if alive:
                page.alive += 1
            else:
                page.dead += 1

    def next_page(self, chain: str, number: int) -> Cut | None:
        """Whether to read the page after page ``number`` of this listing. Pages whose articles are still
        being fetched are not judged yet, so a streak of stale pages is cut a page or two late at worst."""
        if self.limits.listing_pages and number >= self.limits.listing_pages:
            return Cut.LISTING_PAGES
        if not self.limits.stale_pages:
            return None
        pages = self._chains.get(chain, {})
        streak = 0
        for n in range(number, 0, -1):
            page = pages.get(n)
            if page is None:
                break
            if not page.resolved and not page.stale:
                if streak:
                    break
                continue  # the newest pages, still answering
            if not page.stale:
                break
            streak += 1
            if streak >= self.limits.stale_pages:
                return Cut.LISTING_STALE
        return None

    def _page(self, chain: str, number: int) -> _Page | None:
        return self._chains.get(chain, {}).get(number)
