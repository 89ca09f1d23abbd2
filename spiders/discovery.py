"""The discovery side of a portal spider: sitemaps, feeds and listing pages to article requests.

What to read and what it holds is ``crawler.discovery`` (pure); this turns its answers into Scrapy requests,
keeps each source within its bounds (``DiscoveryBounds``) and counts what the monitors judge
(``spiders.discovery_stats``). Kept apart from ``spiders/base.py``, as the article side is in
``spiders/articles.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property
from itertools import islice
from urllib.parse import urljoin

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.discovery import DiscoveryBounds, Found, Limits, Verdict, feeds, listings, sitemaps
from crawler.monitoring.checks import ARTICLE_URLS_STAT
from spiders.discovery_stats import DiscoveryStats

VERDICT_BATCH = 256  # discovered articles whose verdicts are read from the store at once


def batched(items: Iterable[Found], size: int) -> Iterator[list[Found]]:
    """Lists of up to ``size`` items, in order (``itertools.batched`` came with Python 3.12)."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class DiscoveryCallbacks:
    """``parse_sitemap``, ``parse_feed``, ``parse_listing`` and their requests for ``PortalSpider`` (which
    gives ``profile``, ``policy``, ``store``, ``settings``, ``crawler`` and ``logger``)."""

    @cached_property
    def bounds(self) -> DiscoveryBounds:
        """How deep and how many sitemaps and listing pages a crawl reads (``crawler.discovery.bounds``)."""
        get = self.settings.getint
        limits = Limits(
            sitemap_depth=get("WARTA_SITEMAP_MAX_DEPTH"),
            sitemaps=get("WARTA_SITEMAP_MAX_COUNT"),
            listing_pages=get("WARTA_LISTING_MAX_PAGES"),
            stale_pages=get("WARTA_LISTING_STALE_PAGES"),
        )
        return DiscoveryBounds(limits)

    @cached_property
    def discovery_stats(self) -> DiscoveryStats:
        return DiscoveryStats(self.crawler.stats, self.profile, self.logger)

    def _sitemap_request(self, url: str, depth: int) -> Request | None:
        """A sitemap ``depth`` index levels below a named one, unless it is gone or past a bound."""
        if self.policy.gone(url):
            self.crawler.stats.inc_value("warta/discovery/sitemap_gone_skipped")
            return None
        if (cut := self.bounds.sitemap(depth)) is not None:
            self.discovery_stats.cut(cut, url)
            return None
        return Request(
            url, callback=self.parse_sitemap, errback=self.sitemap_failed, meta={"warta_sitemap_depth": depth}
        )

    def _due(self, *paths: str) -> Iterator[str]:
        """The absolute URLs of these sitemaps, feeds or listings (paths on the portal, or URLs) that were
        not read within the TTL."""
        for url in (urljoin(self.profile.base_url + "/", path) for path in paths):
            if self.policy.listing_due(url):
                yield url
            else:
                self.crawler.stats.inc_value("warta/incremental/listing_fresh")

    def _feed_request(self, url: str) -> Request:
        return Request(url, callback=self.parse_feed, errback=self.feed_failed)

    def _listing_request(self, url: str, chain: str, number: int) -> Request:
        """Page ``number`` of the listing that starts at ``chain``. Next pages wait behind the articles
        already asked for (lower priority), so whether a page brought anything new is known by then."""
        return Request(
            url,
            callback=self.parse_listing,
            errback=self.listing_failed,
            priority=0 if number == 1 else -1,
            meta={"warta_listing": (chain, number)},
        )

    def _article_requests(
        self, found: Iterable[Found], listing: tuple[str, int] | None = None
    ) -> Iterator[Request]:
        # The store is asked about a few hundred articles at a time (one round trip with Redis), and the
        # requests still go out as they are made.
        for batch in batched(found, VERDICT_BATCH):
            self.crawler.stats.inc_value(ARTICLE_URLS_STAT, len(batch))
            yield from self._requests_of(batch, self.policy.articles(batch), listing)

    def _requests_of(
        self, found: Iterable[Found], verdicts: Iterable[Verdict], listing: tuple[str, int] | None
    ) -> Iterator[Request]:
        for article, verdict in zip(found, verdicts, strict=True):
            if verdict.counted:
                self.crawler.stats.inc_value(f"warta/incremental/{verdict.value}")
            if verdict is Verdict.KNOWN and self.policy.exported_before(article.url):
                self.discovery_stats.known_article(article.url)
            if verdict.fetch:
                meta = {"warta_signal": article.signal, "sitemap_published": article.published}
                if self.bounds.first_request(article.url) and listing is not None:
                    meta["warta_listing_page"] = listing
                    self.bounds.asked(*listing)
                yield Request(article.url, self.parse_article, errback=self.article_failed, meta=meta)

    def sitemap_failed(self, failure: Failure) -> None:
        """A sitemap that is gone (404/410) is remembered, so the next runs do not ask for it again until
        ``WARTA_GONE_SITEMAP_TTL`` passes."""
        if failure.check(HttpError) and failure.value.response.status in (404, 410):
            self.store.mark_gone(failure.request.url)
            self.crawler.stats.inc_value("warta/discovery/sitemap_gone")
            return
        self.crawler.stats.inc_value("warta/discovery/sitemap_failed")
        self.logger.info("Sitemap not read: %s (%s)", failure.request.url, failure.getErrorMessage())

    def feed_failed(self, failure: Failure) -> None:
        """A feed that answered an error or none after its retries: counted (the run report names it) and
        asked for again next run, as it was not marked as read."""
        self.crawler.stats.inc_value("warta/discovery/feed_failed")
        self.logger.info("Feed not read: %s (%s)", failure.request.url, failure.getErrorMessage())

    def listing_failed(self, failure: Failure) -> None:
        """A listing page that answered an error or none after its retries: counted, its paging ends."""
        self.crawler.stats.inc_value("warta/discovery/listing_failed")
        self.logger.info("Listing not read: %s (%s)", failure.request.url, failure.getErrorMessage())

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """robots.txt ``Sitemap:`` lines, a sitemap index's children, a (news) sitemap's articles. Marked
        as read only once it could be read whole, so an unreadable or cut one is asked for again next run."""
        depth = response.meta.get("warta_sitemap_depth", 0)
        if response.url.endswith("/robots.txt"):
            self.store.mark_page(response.url)
            robots = sitemaps.read_robots(response.body, response.url)
            for value in robots.unreadable:  # the portal's to mend: asking again would not help
                self.crawler.stats.inc_value("warta/discovery/bad_robots_sitemap")
                self.logger.warning(
                    "Ignoring robots.txt Sitemap line that is no URL: %r (%s)", value, response.url
                )
            for url in robots.urls:
                if (request := self._sitemap_request(url, depth)) is not None:
                    yield request
            return
        limit = response.meta.get("download_maxsize", self.settings.getint("DOWNLOAD_MAXSIZE"))
        body = sitemaps.unpack(response.body, limit)  # a gzipped sitemap, at most as large as a download
        page = sitemaps.read_sitemap(body, self.profile) if body is not None else None
        if page is None or page.kind is None:
            self.crawler.stats.inc_value("warta/discovery/bad_sitemap")
            self.logger.warning("Ignoring unreadable sitemap %s", response.url)
            return
        if page.truncated:  # what it holds is read; the rest next run
            self.crawler.stats.inc_value("warta/discovery/sitemap_truncated")
            self.logger.warning(
                "Sitemap %s ends before its closing tag: read what comes before", response.url
            )
        else:
            self.store.mark_page(response.url)
        if page.offsite:
            self.crawler.stats.inc_value("warta/discovery/offsite_skipped", page.offsite)
        self.discovery_stats.rejected("sitemap", response.url, page.rejected, len(page.articles))
        for url in page.children:
            if (request := self._sitemap_request(url, depth + 1)) is not None:
                yield request
        yield from self._article_requests(page.articles)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """An RSS or Atom feed: the links of its entries, with their dates as change signals. Marked as
        read only once it could be read whole (an error page served with 200, or a feed cut short, is
        asked for again next run)."""
        if not self._text(response):
            return
        page = feeds.scan_feed(response.body, response.url, self.profile)
        if not page.readable:
            self.crawler.stats.inc_value("warta/discovery/bad_feed")
            self.logger.warning("Ignoring unreadable feed %s", response.url)
            return
        if page.truncated:  # what it holds is read; the rest next run, before it scrolls off the feed
            self.crawler.stats.inc_value("warta/discovery/feed_truncated")
            self.logger.warning("Feed %s ends before its closing tag: read what comes before", response.url)
        else:
            self.store.mark_page(response.url)
        self.discovery_stats.rejected("feed", response.url, page.rejected, len(page.articles))
        yield from self._article_requests(page.articles)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """A home, category or archive page: its new article links, then its next page if it had any and
        no discovery bound stops the paging."""
        if not self._text(response):
            return
        self.store.mark_page(response.url)
        chain, number = response.meta.get("warta_listing", (response.url, 1))
        if number == 1 and self.profile.discovery.advertised_feeds:
            yield from self._advertised_feed_requests(response)
        found = listings.read_listing(response.selector, response.url, self.profile)
        self.bounds.listing_page(chain, number, [article.url for article in found])
        requests = list(self._article_requests(found, (chain, number)))
        yield from requests
        if not self.policy.keep_paging(len(found), len(requests)):
            self.crawler.stats.inc_value("warta/incremental/listing_stopped")
            return
        if following := listings.next_listing_page(response.selector, response.url, self.profile):
            if (cut := self.bounds.next_page(chain, number)) is not None:
                self.discovery_stats.cut(cut, following)
                return
            yield self._listing_request(following, chain, number + 1)

    def _advertised_feed_requests(self, response: Response) -> Iterator[Request]:
        """The feeds a listing names in its head (counted as ``warta/discovery/feed_advertised``), unless
        read within the TTL, as a profile's own feeds."""
        feeds = listings.advertised_feeds(response.selector, response.url, self.profile)
        if feeds:
            self.crawler.stats.inc_value("warta/discovery/feed_advertised", len(feeds))
        for url in self._due(*feeds):
            yield self._feed_request(url)

    def _text(self, response: Response) -> bool:
        """Whether the response is text; anything else is counted as skipped."""
        if isinstance(response, TextResponse):
            return True
        self.crawler.stats.inc_value("warta/skipped/not_text")
        return False
