"""The one spider behind every portal: discovery from a profile, extraction by the pure library.

Discovery uses Scrapy's own ``SitemapSpider`` for sitemaps (index, post and news sitemaps), plus the
profile's feeds and paged listings. Article pages go to ``crawler.extract.extract_article``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.spiders import SitemapSpider

from crawler.extract import extract_article
from crawler.items import ArticleItem
from crawler.profiles import Profile, load_profile
from crawler.urls import canonicalize, same_site

_PAGING = re.compile(r"/page/(\d+)/?$")


class _ArticleUrlRule:
    """A ``sitemap_rules`` matcher that asks the profile, since its pattern applies to the path only."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def search(self, url: str) -> bool:
        return self.profile.is_article_url(url)


class PortalSpider(SitemapSpider):
    """Crawls one portal described by a profile.

    Arguments (``-a name=value``): ``base_url`` points the profile at another host (the demo portal, a
    staging copy); ``url`` fetches that one article page and nothing else.
    """

    profile_name: ClassVar[str] = ""
    sitemap_rules: ClassVar[list[tuple[Any, str]]] = []

    def __init__(self, *args: Any, base_url: str | None = None, url: str | None = None, **kwargs: Any):
        profile = self._resolve_profile(base_url)
        self.profile = profile
        self.sitemap_rules = [(_ArticleUrlRule(profile), "parse_article")]
        super().__init__(*args, **kwargs)
        self.allowed_domains = list(profile.domains)
        self.single_url = checked_url(url, "url") if url else None
        self.sitemap_urls = [
            self._absolute(u) for u in profile.discovery.sitemaps + profile.discovery.news_sitemaps
        ]

    def _resolve_profile(self, base_url: str | None) -> Profile:
        profile = load_profile(self.profile_name)
        if base_url:
            profile = profile.with_base_url(checked_url(base_url, "base_url"))
        return profile

    @property
    def data_dir(self) -> Path:
        """The one folder for state and exports; a setting, never a spider argument."""
        return Path(self.settings.get("WARTA_DATA_DIR", "data")).resolve()

    def _absolute(self, path_or_url: str) -> str:
        return urljoin(self.profile.base_url + "/", path_or_url)

    async def start(self) -> AsyncIterator[Any]:
        if self.single_url:
            yield Request(self.single_url, callback=self.parse_article, dont_filter=True)
            return
        for url in self.sitemap_urls:
            yield Request(url, callback=self._parse_sitemap)
        for feed in self.profile.discovery.feeds:
            yield Request(self._absolute(feed), callback=self.parse_feed)
        for listing in self.profile.discovery.listings:
            yield Request(self._absolute(listing), callback=self.parse_listing)

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Keep same-site entries; article URLs are canonicalised so every source yields one request."""
        for entry in entries:
            loc = entry.get("loc", "")
            if not same_site(loc, self.allowed_domains):
                self.crawler.stats.inc_value("warta/discovery/offsite_skipped")
                continue
            if self.profile.is_article_url(loc):
                entry = {**entry, "loc": canonicalize(loc)}
            yield entry

    def _article_links(self, urls: Iterable[str], base: str) -> Iterator[Request]:
        for href in urls:
            url = urljoin(base, href.strip())
            if same_site(url, self.allowed_domains) and self.profile.is_article_url(url):
                yield Request(canonicalize(url), callback=self.parse_article)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """A home, category or archive page: its article links, then its next page."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("warta/skipped/not_text")
            return
        yield from self._article_links(response.css("a::attr(href)").getall(), response.url)
        for href in response.css(
            "link[rel=next]::attr(href), a.next::attr(href), a[rel=next]::attr(href)"
        ).getall():
            url = urljoin(response.url, href)
            if same_site(url, self.allowed_domains) and _PAGING.search(urlsplit(url).path):
                yield Request(url, callback=self.parse_listing)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """An RSS or Atom feed: the links of its entries."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("warta/skipped/not_text")
            return
        selector = response.selector
        selector.remove_namespaces()
        links = selector.xpath(
            "//item/link/text() | //entry/link[not(@rel) or @rel='alternate']/@href"
        ).getall()
        yield from self._article_links(links, response.url)

    def parse_article(self, response: Response) -> Iterator[ArticleItem]:
        """An article page: one item, however broken the page; what cannot be read is counted."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("warta/skipped/not_text")
            return
        data = extract_article(response.text, response.url, self.profile)
        data["crawledAt"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        yield ArticleItem(**data)


def checked_url(url: str, name: str) -> str:
    """A spider argument that must be an absolute http(s) URL; anything else is a clear error."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"-a {name}= must be an absolute http(s) URL, got {url!r}")
    return url.strip()
