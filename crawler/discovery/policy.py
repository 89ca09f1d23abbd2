"""Whether to fetch: the incremental rules of scheduled runs, and a backfill's window.

A scheduled run fetches an article URL it fetched before only when a sitemap, news sitemap or feed now
gives it a later change signal than the one it was fetched under; listings, feeds and sitemaps are read
again once older than the listing TTL; a sitemap that answered 404 or 410 is not asked again until the
gone TTL passes; and listing paging stops at the first page whose article links are all known. A
backfill fetches only the articles of its window, known or not, and pages on.
"""

from __future__ import annotations

import enum

from crawler.discovery.backfill import Window
from crawler.discovery.found import Found
from crawler.state.articles import ArticleStore


class Verdict(enum.Enum):
    """Why an article is fetched or not (the non-trivial ones are counted in the crawl stats)."""

    NEW = "new"
    CHANGED = "refetch_changed"  # known, but its source gives a later change signal
    KNOWN = "skipped_known"  # known, and nothing says it changed
    OUTSIDE = "outside_window"  # not in the backfill window

    @property
    def fetch(self) -> bool:
        return self in (Verdict.NEW, Verdict.CHANGED)

    @property
    def counted(self) -> bool:
        """Counted as ``warta/incremental/<value>``: what the incremental rules decided."""
        return self in (Verdict.CHANGED, Verdict.KNOWN)


class FetchPolicy:
    """The incremental and backfill rules over an article store."""

    def __init__(
        self,
        store: ArticleStore,
        *,
        incremental: bool,
        listing_ttl: float,
        window: Window | None = None,
        gone_ttl: float = 0.0,
    ) -> None:
        self.store = store
        self.incremental = incremental
        self.listing_ttl = listing_ttl
        self.window = window
        self.gone_ttl = gone_ttl

    def gone(self, url: str) -> bool:
        """Whether a sitemap answered 404 or 410 within the gone TTL (0: never skipped), so it is not asked
        again yet: a portal's dead monthly sitemaps would otherwise cost a request each on every run."""
        if self.gone_ttl <= 0:
            return False
        age = self.store.gone_age(url)
        return age is not None and age < self.gone_ttl

    def listing_due(self, url: str) -> bool:
        """Listings, feeds and sitemaps expire after the listing TTL (0: always due); articles never do."""
        if self.listing_ttl <= 0:
            return True
        age = self.store.page_age(url)
        return age is None or age >= self.listing_ttl

    def article(self, found: Found) -> Verdict:
        """Whether to fetch a discovered article, and why."""
        return self.articles([found])[0]

    def articles(self, found: list[Found]) -> list[Verdict]:
        """:meth:`article` of each: a store that reads many fetched signals at once
        (``fetched_signals``, the shared Redis one: one round trip) is asked once for all of them."""
        verdicts: list[Verdict | None] = [self._outside(one) for one in found]
        asked = [one.url for one, verdict in zip(found, verdicts, strict=True) if verdict is None]
        many = getattr(self.store, "fetched_signals", None)
        if many is not None and len(asked) > 1:
            known = iter(many(asked))
        else:
            known = iter([self.store.fetched_signal(url) for url in asked])
        return [
            verdict if verdict is not None else self._verdict(one, *next(known))
            for one, verdict in zip(found, verdicts, strict=True)
        ]

    def _outside(self, found: Found) -> Verdict | None:
        """The verdict that needs no look at the store, if any."""
        if self.window is not None and not self.window.contains(found.url, found.signal):
            return Verdict.OUTSIDE
        if not self.incremental:
            return Verdict.NEW
        return None

    @staticmethod
    def _verdict(found: Found, seen: bool, stored: str | None) -> Verdict:
        if not seen:
            return Verdict.NEW
        if found.signal and (stored is None or found.signal > stored):
            return Verdict.CHANGED
        return Verdict.KNOWN

    def exported_before(self, url: str) -> bool:
        """Whether the store holds an exported article under this canonical URL: a known *article*, not
        merely a fetched URL (a 404 or a dropped copy is remembered as fetched too)."""
        return self.store.get(url) is not None

    def keep_paging(self, found: int, due: int) -> bool:
        """Whether to read a listing's next page after one with ``found`` article links, ``due`` of them to
        fetch: a scheduled run stops at a page of known articles only."""
        return not (found and not due and self.incremental and self.window is None)
