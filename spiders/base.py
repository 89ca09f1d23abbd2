"""The one spider behind every portal: requests from what discovery finds, items from what extraction reads.

Discovery (sitemaps, news sitemaps, feeds, paged listings, a backfill's day archives, the incremental
rules) is ``crawler.discovery``; extraction is ``crawler.extract``; the article state is the crawl's
``ArticleState`` component. What is left here is Scrapy's part: requests out, responses in, stats counted.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.settings import BaseSettings

from crawler.defaults import (
    apply_warta_defaults,
    deliver_through_warta,
    leave_out_remote_control,
    measure_own_memory,
)
from crawler.discovery import FetchPolicy, Window
from crawler.errors import CannotStart
from crawler.extraction_workers import read_timeout, workers_wanted
from crawler.items import ArticleItem
from crawler.monitoring.checks import ARTICLE_URLS_STAT
from crawler.profiles import Profile, ProfileError, load_profile
from crawler.runmode import CommandPage, records_run
from crawler.state.articles import ArticleStore
from crawler.state.component import ArticleState
from crawler.urls import same_site
from spiders.arguments import checked_url, refuse_unknown, url_on_site
from spiders.articles import ArticleCallbacks
from spiders.discovery import DiscoveryCallbacks


class PortalSpider(DiscoveryCallbacks, ArticleCallbacks, Spider):
    """Crawls one portal described by a profile.

    Arguments (``-a name=value``): ``base_url`` points the profile at another host (the demo portal, a
    staging copy); ``url`` fetches that one article page of the portal (on its origins) and nothing else;
    ``since`` and ``until`` (``YYYY-MM-DD``) backfill that window from date archives and sitemaps instead
    of following the news.
    """

    warta_portal: ClassVar[bool] = True
    profile_name: ClassVar[str] = ""
    extract_workers = 0  # extraction worker processes (``WARTA_EXTRACT_WORKERS``), set in ``from_crawler``
    extract_timeout = 60.0  # seconds a page may take in one (``WARTA_EXTRACT_TIMEOUT``), set there too

    def __init__(self, *args: Any, base_url: str | None = None, url: str | None = None, **kwargs: Any):
        since, until = kwargs.pop("since", None), kwargs.pop("until", None)
        refuse_unknown(kwargs)
        self.profile = self._resolve_profile(base_url)
        super().__init__(*args, **kwargs)
        self.allowed_domains = list(self.profile.domains)
        self.single_url = url_on_site(url, self.profile) if url else None
        self.window = Window.parse(since, until)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        try:  # a setting that cannot be met stops the crawl before it opens, in one line
            spider.extract_workers = workers_wanted(crawler.settings)
            spider.extract_timeout = read_timeout(crawler.settings)
        except ValueError as problem:
            raise CannotStart(str(problem)) from None
        crawler.signals.connect(spider.open_page_reader, signal=signals.spider_opened)
        crawler.signals.connect(spider.close_page_reader, signal=signals.spider_closed)
        return spider

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        apply_warta_defaults(settings)
        measure_own_memory(settings)
        if not records_run(settings):
            return  # a look at pages: no default export, and an -o file is Scrapy's plain feed
        deliver_through_warta(settings)
        leave_out_remote_control(settings)
        if not settings.getdict("FEEDS"):
            feed = {"format": "jsonlines", "encoding": "utf-8"}
            settings.set("FEEDS", {settings.get("WARTA_DEFAULT_FEED"): feed}, priority="spider")

    @classmethod
    def handles_request(cls, request: Request) -> bool:
        """A page on the profile's site, so ``scrapy parse|fetch|shell URL`` finds its spider alone."""
        try:
            return bool(cls.profile_name) and same_site(request.url, load_profile(cls.profile_name).origins)
        except ProfileError:
            return False

    def _resolve_profile(self, base_url: str | None) -> Profile:
        profile = load_profile(self.profile_name)
        if base_url:
            return profile.with_base_url(checked_url(base_url, "base_url"))
        return self._pointed_at_page(profile)

    def _pointed_at_page(self, profile: Profile) -> Profile:
        """The profile, served where the page a look command names is, when that is elsewhere."""
        page = CommandPage.url
        if not page or same_site(page, profile.origins):
            return profile
        parts = urlsplit(checked_url(page, "url"))
        origin = f"{parts.scheme}://{parts.netloc}"
        self.logger.info("%s: reading %s as served at %s (as -a base_url= would)", self.name, page, origin)
        return profile.with_base_url(origin)

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

    @property
    def store(self) -> ArticleStore:
        return self.policy.store

    async def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Request | ArticleItem]:
        """A page named on the command line (``scrapy parse URL``, ``scrapy check``): an article page.

        @check_page
        @returns items 1 1
        @returns requests 0 0
        @fills url canonicalUrl portal headline articleBody datePublished inLanguage
        @extracted_by profile
        """
        async for output in self.parse_article(response):
            yield output

    async def start(self) -> AsyncIterator[Any]:
        if self.single_url:
            yield Request(self.single_url, self.parse_article, errback=self.article_failed, dont_filter=True)
            return
        if not self.settings.get("REDIS_URL"):
            # none found yet: the verdict can tell a run whose discovery found none from one that read no
            # source (not in a shared crawl: its sources are read by whichever worker takes them)
            self.crawler.stats.set_value(ARTICLE_URLS_STAT, 0)
        discovery = self.profile.discovery
        for url in self._due(*discovery.sitemaps, *discovery.news_sitemaps):
            if (request := self._sitemap_request(url, depth=0)) is not None:
                yield request
        if self.window:
            for url in self.window.archive_urls(self.profile):
                yield self._listing_request(url, url, 1)
            return
        for url in self._due(*discovery.feeds):
            yield self._feed_request(url)
        for url in self._due(*discovery.listings):
            yield self._listing_request(url, url, 1)
