"""The one spider behind every portal: requests from what discovery finds, items from what extraction reads.

Discovery (sitemaps, news sitemaps, feeds, paged listings, a backfill's day archives, the incremental
rules) is ``crawler.discovery``; extraction is ``crawler.extract``; the article state is the crawl's
``ArticleState`` component. What is left here is Scrapy's part: requests out, responses in, stats counted.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urljoin

from scrapy import Request, Spider
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.defaults import apply_warta_defaults
from crawler.discovery import (
    Cut,
    DiscoveryBounds,
    FetchPolicy,
    Found,
    Limits,
    Verdict,
    Window,
    feeds,
    listings,
    sitemaps,
)
from crawler.profiles import Profile, load_profile
from crawler.state.articles import ArticleStore
from crawler.state.component import ArticleState
from spiders.arguments import checked_url, refuse_unknown, url_on_site
from spiders.articles import ArticleCallbacks
from spiders.discovery_stats import DiscoveryStats


class PortalSpider(ArticleCallbacks, Spider):
    """Crawls one portal described by a profile.

    Arguments (``-a name=value``): ``base_url`` points the profile at another host (the demo portal, a
    staging copy); ``url`` fetches that one article page of the portal (on its origins) and nothing else;
    ``since`` and ``until`` (``YYYY-MM-DD``) backfill that window from date archives and sitemaps instead
    of following the news.
    """

    warta_portal: ClassVar[bool] = True
    profile_name: ClassVar[str] = ""

    def __init__(self, *args: Any, base_url: str | None = None, url: str | None = None, **kwargs: Any):
        since, until = kwargs.pop("since", None), kwargs.pop("until", None)
        refuse_unknown(kwargs)
        self.profile = self._resolve_profile(base_url)
        super().__init__(*args, **kwargs)
        self.allowed_domains = list(self.profile.domains)
        self.single_url = url_on_site(url, self.profile) if url else None
        self.window = Window.parse(since, until)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        apply_warta_defaults(settings)
        if not settings.getdict("FEEDS"):
            feed = {"format": "jsonlines", "encoding": "utf-8"}
            settings.set("FEEDS", {settings.get("WARTA_DEFAULT_FEED"): feed}, priority="spider")

    def _resolve_profile(self, base_url: str | None) -> Profile:
        profile = load_profile(self.profile_name)
        return profile.with_base_url(checked_url(base_url, "base_url")) if base_url else profile

    @property
    def data_dir(self) -> Path:
        """The one folder for state and exports (feed URIs name it); a setting, never a spider argument."""
        return Path(self.settings["WARTA_DATA_DIR"]).resolve()

    @cached_property
    def policy(self) -> FetchPolicy:
        """The incremental and backfill rules over the crawl's article store."""
        store, get = ArticleState.from_crawler(self.crawler).store, self.settings
        ttl, incremental = get.getfloat("WARTA_LISTING_TTL"), get.getbool("WARTA_INCREMENTAL")
        gone_ttl = get.getfloat("WARTA_GONE_SITEMAP_TTL")
        return FetchPolicy(
            store, incremental=incremental, listing_ttl=ttl, window=self.window, gone_ttl=gone_ttl
        )

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

    @property
    def store(self) -> ArticleStore:
        return self.policy.store

    # Discovery -------------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        if self.single_url:
            yield Request(self.single_url, callback=self.parse_article, dont_filter=True)
            return
        discovery = self.profile.discovery
        for url in self._due(*discovery.sitemaps, *discovery.news_sitemaps):
            if (request := self._sitemap_request(url, depth=0)) is not None:
                yield request
        if self.window:
            for url in self.window.archive_urls(self.profile):
                yield self._listing_request(url, url, 1)
            return
        for url in self._due(*discovery.feeds):
            yield Request(url, callback=self.parse_feed)
        for url in self._due(*discovery.listings):
            yield self._listing_request(url, url, 1)

    def _due(self, *paths: str) -> Iterator[str]:
        """The absolute URLs of these sitemaps, feeds or listings that were not read within the TTL."""
        for url in (urljoin(self.profile.base_url + "/", path) for path in paths):
            if self.policy.listing_due(url):
                yield url
            else:
                self.crawler.stats.inc_value("warta/incremental/listing_fresh")

    def _cut(self, cut: Cut, url: str) -> None:
        """Count what a discovery bound left out (``warta/discovery/cut/<reason>``); say so once a reason."""
        stat = f"warta/discovery/cut/{cut.value}"
        if not self.crawler.stats.get_value(stat):
            self.logger.warning(
                "Discovery bound %s reached: not following %s (and any more like it)", cut.value, url
            )
        self.crawler.stats.inc_value(stat)

    def _sitemap_request(self, url: str, depth: int) -> Request | None:
        """A sitemap ``depth`` index levels below a named one, unless it is gone or past a bound."""
        if self.policy.gone(url):
            self.crawler.stats.inc_value("warta/discovery/sitemap_gone_skipped")
            return None
        if (cut := self.bounds.sitemap(depth)) is not None:
            self._cut(cut, url)
            return None
        return Request(
            url, callback=self.parse_sitemap, errback=self.sitemap_failed, meta={"warta_sitemap_depth": depth}
        )

    def _listing_request(self, url: str, chain: str, number: int) -> Request:
        """Page ``number`` of the listing that starts at ``chain``. Next pages wait behind the articles
        already asked for (lower priority), so whether a page brought anything new is known by then."""
        return Request(
            url,
            callback=self.parse_listing,
            priority=0 if number == 1 else -1,
            meta={"warta_listing": (chain, number)},
        )

    def _article_requests(
        self, found: Iterable[Found], listing: tuple[str, int] | None = None
    ) -> Iterator[Request]:
        for article in found:
            verdict = self.policy.article(article)
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

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """robots.txt ``Sitemap:`` lines, a sitemap index's children, a (news) sitemap's articles."""
        self.store.mark_page(response.url)
        depth = response.meta.get("warta_sitemap_depth", 0)
        if response.url.endswith("/robots.txt"):
            for url in sitemaps.sitemaps_in_robots(response.body, response.url):
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
        if page.offsite:
            self.crawler.stats.inc_value("warta/discovery/offsite_skipped", page.offsite)
        self.discovery_stats.rejected("sitemap", response.url, page.rejected, len(page.articles))
        for url in page.children:
            if (request := self._sitemap_request(url, depth + 1)) is not None:
                yield request
        yield from self._article_requests(page.articles)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """An RSS or Atom feed: the links of its entries, with their dates as change signals."""
        if self._readable(response):
            page = feeds.scan_feed(response.body, response.url, self.profile)
            self.discovery_stats.rejected("feed", response.url, page.rejected, len(page.articles))
            yield from self._article_requests(page.articles)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """A home, category or archive page: its new article links, then its next page if it had any and
        no discovery bound stops the paging."""
        if not self._readable(response):
            return
        chain, number = response.meta.get("warta_listing", (response.url, 1))
        found = listings.read_listing(response.selector, response.url, self.profile)
        self.bounds.listing_page(chain, number, [article.url for article in found])
        requests = list(self._article_requests(found, (chain, number)))
        yield from requests
        if not self.policy.keep_paging(len(found), len(requests)):
            self.crawler.stats.inc_value("warta/incremental/listing_stopped")
            return
        if following := listings.next_listing_page(response.selector, response.url, self.profile):
            if (cut := self.bounds.next_page(chain, number)) is not None:
                self._cut(cut, following)
                return
            yield self._listing_request(following, chain, number + 1)

    def _readable(self, response: Response) -> bool:
        """A text listing or feed, now marked as read; anything else is counted and skipped."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("warta/skipped/not_text")
            return False
        self.store.mark_page(response.url)
        return True
