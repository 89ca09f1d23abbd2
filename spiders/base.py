"""The one spider behind every portal: discovery from a profile, extraction by the pure library.

Discovery uses Scrapy's own ``SitemapSpider`` for sitemap indexes and post sitemaps, plus news sitemaps,
the profile's feeds and paged listings, and (for a backfill) date archives. Scheduled runs are incremental:
an article URL fetched before is not fetched again unless a sitemap ``lastmod``, a news-sitemap date or a
feed date says it changed, and listing paging stops at the first page that holds only known articles.
Article pages go to ``crawler.extract.extract``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

from itemadapter import ItemAdapter
from lxml import etree
from scrapy import Request, signals
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.spiders import SitemapSpider
from twisted.python.failure import Failure

from crawler.dates import to_iso
from crawler.extract import extract
from crawler.extract.pagination import merge_pages, page_of, single_page_url
from crawler.extract.when import read_date
from crawler.items import ArticleItem
from crawler.profiles import Profile, load_profile
from crawler.state.articles import ArticleStore, change_signal
from crawler.urls import canonicalize, same_site

MAX_ARTICLE_PAGES = 20
_URL_DATE = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/")
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
# Sitemaps are parsed without entities or network access, whatever they declare.
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


class _ArticleUrlRule:
    """A ``sitemap_rules`` matcher that asks the profile, since its pattern applies to the path only."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def search(self, url: str) -> bool:
        return self.profile.is_article_url(url)


# What ``-a`` may set. Scrapy turns any other argument into a spider attribute (``name`` would move the
# state and export paths), so the rest are refused; ``_job`` is the job id scrapyd passes.
SPIDER_ARGUMENTS = ("base_url", "url", "since", "until")
_TOLERATED = frozenset({"_job"})


class PortalSpider(SitemapSpider):
    """Crawls one portal described by a profile.

    Arguments (``-a name=value``): ``base_url`` points the profile at another host (the demo portal, a
    staging copy); ``url`` fetches that one article page and nothing else; ``since`` and ``until``
    (``YYYY-MM-DD``) backfill that window from date archives and sitemaps instead of following the news.
    """

    profile_name: ClassVar[str] = ""
    sitemap_rules: ClassVar[list[tuple[Any, str]]] = []

    def __init__(
        self,
        *args: Any,
        base_url: str | None = None,
        url: str | None = None,
        since: str | None = None,
        until: str | None = None,
        **kwargs: Any,
    ):
        unknown = sorted(set(kwargs) - _TOLERATED)
        if unknown:
            accepted = ", ".join(SPIDER_ARGUMENTS)
            raise ValueError(f"unknown spider argument(s) {', '.join(unknown)}; accepted: {accepted}")
        profile = self._resolve_profile(base_url)
        self.profile = profile
        self.sitemap_rules = [(_ArticleUrlRule(profile), "parse_article")]
        super().__init__(*args, **kwargs)
        self.allowed_domains = list(profile.domains)
        self.single_url = checked_url(url, "url") if url else None
        self.window = _window(since, until)
        self.sitemap_urls = [self._absolute(u) for u in profile.discovery.sitemaps]
        self.news_sitemap_urls = [self._absolute(u) for u in profile.discovery.news_sitemaps]

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._close_state, signal=signals.spider_closed)
        return spider

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        if not settings.getdict("FEEDS"):
            feed = {"format": "jsonlines", "encoding": "utf-8"}
            settings.set("FEEDS", {settings.get("WARTA_DEFAULT_FEED"): feed}, priority="spider")

    def _resolve_profile(self, base_url: str | None) -> Profile:
        profile = load_profile(self.profile_name)
        if base_url:
            profile = profile.with_base_url(checked_url(base_url, "base_url"))
        return profile

    @property
    def data_dir(self) -> Path:
        """The one folder for state and exports; a setting, never a spider argument."""
        return Path(self.settings.get("WARTA_DATA_DIR", "data")).resolve()

    @cached_property
    def article_store(self) -> ArticleStore:
        """The embedded store of this spider, shared with the dedup pipeline."""
        path = (self.data_dir / "state" / f"{self.name}.sqlite").resolve()
        if not path.is_relative_to(self.data_dir):
            raise ValueError(f"spider name {self.name!r} would put the state outside {self.data_dir}")
        return ArticleStore(path)

    def _close_state(self) -> None:
        if "article_store" in self.__dict__:
            self.article_store.close()

    @property
    def incremental(self) -> bool:
        return self.settings.getbool("WARTA_INCREMENTAL", True)

    def _absolute(self, path_or_url: str) -> str:
        return urljoin(self.profile.base_url + "/", path_or_url)

    # Discovery -------------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        if self.single_url:
            yield Request(self.single_url, callback=self.parse_article, dont_filter=True)
            return
        for url in self.sitemap_urls:
            if self._listing_due(url):
                yield Request(url, callback=self._parse_sitemap)
        for url in self.news_sitemap_urls:
            if self._listing_due(url):
                yield Request(url, callback=self.parse_news_sitemap)
        if self.window:
            for day in _days(*self.window):
                yield Request(self._absolute(day.strftime("/%Y/%m/%d/")), callback=self.parse_listing)
            return
        for feed in self.profile.discovery.feeds:
            if self._listing_due(self._absolute(feed)):
                yield Request(self._absolute(feed), callback=self.parse_feed)
        for listing in self.profile.discovery.listings:
            if self._listing_due(self._absolute(listing)):
                yield Request(self._absolute(listing), callback=self.parse_listing)

    def _listing_due(self, url: str) -> bool:
        """Listings, feeds and sitemaps expire after ``WARTA_LISTING_TTL`` seconds; articles never do."""
        ttl = self.settings.getfloat("WARTA_LISTING_TTL", 0)
        age = self.article_store.page_age(url) if ttl > 0 else None
        if age is not None and age < ttl:
            self.crawler.stats.inc_value("warta/incremental/listing_fresh")
            return False
        return True

    def _should_fetch(self, canonical: str, signal: str | None) -> bool:
        """False for an article fetched before that nothing says changed, or outside a backfill window."""
        if self.window and not self._in_window(canonical, signal):
            return False
        if not self.incremental:
            return True
        seen, stored = self.article_store.fetched_signal(canonical)
        if not seen:
            return True
        if signal and (stored is None or signal > stored):
            self.crawler.stats.inc_value("warta/incremental/refetch_changed")
            return True
        self.crawler.stats.inc_value("warta/incremental/skipped_known")
        return False

    def _article_request(self, url: str, signal: str | None = None, **meta: Any) -> Request | None:
        canonical = canonicalize(url)
        if not self._should_fetch(canonical, signal):
            return None
        return Request(
            canonical,
            callback=self.parse_article,
            errback=self.article_failed,
            meta={"warta_signal": signal, **meta},
        )

    def article_failed(self, failure: Failure) -> None:
        """An article link that is gone (404/410) is remembered, so listings stop asking for it."""
        if failure.check(HttpError):
            response = failure.value.response
            if response.status in (404, 410):
                self.article_store.mark_fetched(canonicalize(response.url), None)
                self.crawler.stats.inc_value("warta/articles/gone")
                return
        self.crawler.stats.inc_value("warta/articles/failed")
        self.logger.info("Article not fetched: %s (%s)", failure.request.url, failure.getErrorMessage())

    def _in_window(self, url: str, signal: str | None) -> bool:
        assert self.window
        if match := _URL_DATE.search(urlsplit(url).path):
            day = date(*map(int, match.groups()))
        elif signal:
            day = date.fromisoformat(signal[:10])
        else:
            return True
        return self.window[0] <= day <= self.window[1]

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Same-site entries only; known articles whose ``lastmod`` did not move are left out."""
        for entry in entries:
            loc = entry.get("loc", "")
            if not same_site(loc, self.allowed_domains):
                self.crawler.stats.inc_value("warta/discovery/offsite_skipped")
                continue
            if not self.profile.is_article_url(loc):
                yield entry  # a child sitemap of an index, or a page the rules will ignore
                continue
            canonical, signal = canonicalize(loc), change_signal(entry.get("lastmod"))
            if self._should_fetch(canonical, signal):
                self._sitemap_signals[canonical] = signal
                yield {**entry, "loc": canonical}

    @cached_property
    def _sitemap_signals(self) -> dict[str, str | None]:
        return {}

    def _parse_sitemap(self, response: Response) -> Iterable[Request]:
        """Scrapy's sitemap handling, with each article's ``lastmod`` carried on its request."""
        self.article_store.mark_page(response.url)
        for request in super()._parse_sitemap(response):
            if request.callback == self.parse_article:
                signal = self._sitemap_signals.pop(request.url, None)
                request = request.replace(meta={**request.meta, "warta_signal": signal})
            yield request

    def parse_news_sitemap(self, response: Response) -> Iterator[Request]:
        """A news sitemap, read here since Scrapy's sitemap reader drops ``news:publication_date``."""
        self.article_store.mark_page(response.url)
        try:
            root = etree.fromstring(response.body, parser=_XML_PARSER)
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            self.crawler.stats.inc_value("warta/discovery/bad_sitemap")
            self.logger.warning("Ignoring unreadable news sitemap %s", response.url)
            return
        for url_el in root.iter("{*}url"):
            loc = (url_el.findtext("{*}loc") or "").strip()
            published = url_el.findtext(f"{{{_NEWS_NS}}}news/{{{_NEWS_NS}}}publication_date")
            lastmod = url_el.findtext("{*}lastmod")
            if not (same_site(loc, self.allowed_domains) and self.profile.is_article_url(loc)):
                continue
            signal = max(filter(None, (change_signal(published), change_signal(lastmod))), default=None)
            request = self._article_request(loc, signal, sitemap_published=(published or "").strip() or None)
            if request is not None:
                yield request

    def _article_links(self, urls: Iterable[str], base: str) -> tuple[list[Request], int]:
        """Requests for the article links among ``urls``, and how many article links there were."""
        requests, found = [], set()
        for href in urls:
            url = urljoin(base, href.strip())
            if same_site(url, self.allowed_domains) and self.profile.is_article_url(url):
                canonical = canonicalize(url)
                if canonical in found:
                    continue
                found.add(canonical)
                if (request := self._article_request(canonical)) is not None:
                    requests.append(request)
        return requests, len(found)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """A home, category or archive page: its new article links, then its next page if it had any."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("warta/skipped/not_text")
            return
        self.article_store.mark_page(response.url)
        requests, found = self._article_links(response.css("a::attr(href)").getall(), response.url)
        yield from requests
        if found and not requests and self.incremental and not self.window:
            self.crawler.stats.inc_value("warta/incremental/listing_stopped")
            return
        if (following := self._next_listing_page(response)) is not None:
            yield Request(following, callback=self.parse_listing)

    def _next_listing_page(self, response: TextResponse) -> str | None:
        """The link to this listing's next page: the profile's paging patterns with the next number."""
        patterns = self.profile.discovery.listing_paging_res
        here, current = _listing_page(response.url, patterns)
        for href in response.css("link[rel=next]::attr(href), a::attr(href)").getall():
            url = urljoin(response.url, href.strip())
            if not same_site(url, self.allowed_domains):
                continue
            there, number = _listing_page(url, patterns)
            if number == current + 1 and here & there:
                return url
        return None

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """An RSS or Atom feed: the links of its entries, with their dates as change signals."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("warta/skipped/not_text")
            return
        self.article_store.mark_page(response.url)
        selector = response.selector
        selector.remove_namespaces()
        for entry in selector.xpath("//item | //entry"):
            link = entry.xpath("link/text() | link[not(@rel) or @rel='alternate']/@href").get("").strip()
            url = urljoin(response.url, link)
            if not (link and same_site(url, self.allowed_domains) and self.profile.is_article_url(url)):
                continue
            stamp = entry.xpath("updated/text() | pubDate/text() | published/text()").get()
            if (request := self._article_request(url, change_signal(stamp))) is not None:
                yield request

    # Articles -------------------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Request | ArticleItem]:
        """An article page: one item, however many pages the article spans; what cannot be read is
        counted, never fatal."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("warta/skipped/not_text")
            return
        pages: list[dict[str, Any]] | None = response.meta.get("warta_pages")
        if pages is None and (page := page_of(response.url)) is not None and page.number > 1:
            self.crawler.stats.inc_value("warta/pagination/not_first_page")
            return  # page 1 of the same article is (or will be) discovered on its own
        extraction = extract(response.text, response.url, self.profile)
        data = dict(ItemAdapter(extraction.item))
        data.update(profileMisses=extraction.profile_misses, dateDisagreements=extraction.date_disagreements)
        next_url = extraction.next_page
        if data["dateDisagreements"]:
            # The page's date sources (JSON-LD, meta, visible line, permalink) are days apart.
            self.crawler.stats.inc_value("warta/dates/sources_disagree")
        if data.get("datePublishedSource") in (None, "url") and response.meta.get("sitemap_published"):
            self._date_from_sitemap(data, response.meta["sitemap_published"])
        data["crawledAt"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        following = self._next_page(response, pages, data, next_url)
        if following is not None:
            yield following
            return
        if pages:
            data = merge_pages(pages[0], [*pages[1:], data])
            self.crawler.stats.inc_value("warta/pagination/merged_articles")
        yield ArticleItem(**data)

    def _next_page(
        self, response: Response, pages: list[dict[str, Any]] | None, data: dict, following: str | None
    ) -> Request | None:
        """The request for the rest of a multi-page article (``following`` is its next page, found by
        the extractor): its whole-article view if it has one, else that next page carrying the pages
        read so far. Follow-ups skip the incremental check, since ``canonicalize`` folds ``?page=all``
        into the article's own URL."""
        if response.meta.get("warta_no_next") or len(pages or []) >= MAX_ARTICLE_PAGES:
            return None
        if following is None:
            return None
        # Only our own keys travel on: Scrapy's (retry, redirect, depth) belong to this response.
        carried = {k: v for k, v in response.meta.items() if k in ("warta_signal", "sitemap_published")}
        meta = {**carried, "warta_pages": [*(pages or []), data]}
        if pages is None and (whole := single_page_url(response.url, response)):
            self.crawler.stats.inc_value("warta/pagination/whole_view")
            meta = {**carried, "warta_pages": [], "warta_no_next": True}
            return Request(
                whole, callback=self.parse_article, errback=self.article_failed, dont_filter=True, meta=meta
            )
        self.crawler.stats.inc_value("warta/pagination/pages")
        return Request(
            following, callback=self.parse_article, errback=self.article_failed, dont_filter=True, meta=meta
        )

    def _date_from_sitemap(self, data: dict[str, Any], raw: str) -> None:
        when = read_date(raw, tz=self.profile.timezone, reference=None)
        if when is not None:
            data.update(datePublished=to_iso(when), datePublishedRaw=raw, datePublishedSource="sitemap")


def checked_url(url: str, name: str) -> str:
    """A spider argument that must be an absolute http(s) URL; anything else is a clear error."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"-a {name}= must be an absolute http(s) URL, got {url!r}")
    return url.strip()


def _window(since: str | None, until: str | None) -> tuple[date, date] | None:
    """The backfill window from ``-a since=YYYY-MM-DD -a until=YYYY-MM-DD`` (either may be left out)."""
    if not (since or until):
        return None
    try:
        start = date.fromisoformat(since) if since else date(1990, 1, 1)
        end = date.fromisoformat(until) if until else datetime.now(UTC).date()
    except ValueError as exc:
        raise ValueError(f"-a since= / -a until= must be YYYY-MM-DD: {exc}") from None
    if start > end:
        raise ValueError(f"-a since={since} is after -a until={until}")
    return start, end


def _listing_page(url: str, patterns: list[re.Pattern[str]]) -> tuple[set[str], int]:
    """A listing URL as (what it may be a page of, page number). ``/category/x/page/3/`` is a page of
    ``/category/x``, ``/indeks/2`` of ``/indeks``, ``/?site=news&page=2`` of ``/?site=news``; a URL with no
    page part is page 1 of itself."""
    parts = urlsplit(url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    for pattern in patterns:
        if match := pattern.search(target):
            whole = target[: match.start()] + target[match.end() :]
            number_only = target[: match.start(1)].rstrip("/") + target[match.end(1) :]
            return {whole.rstrip("/"), number_only.rstrip("/")}, int(match.group(1))
    return {target.rstrip("/")}, 1


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)
