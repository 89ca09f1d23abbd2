"""``scrapy crawl portal -a start_url=…``: any portal, with or without a profile.

A host that a shipped profile covers uses that profile; any other gets a profile made on the spot
(robots.txt sitemaps, the start page as a listing and the feeds it names in its head, a permissive article
URL pattern) and the generic extraction path.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response

from crawler.discovery.found import ARTICLE_LIKE_PATH
from crawler.items import ArticleItem
from crawler.profiles import Discovery, Profile, profile_for_url
from crawler.runmode import CommandPage
from spiders.arguments import checked_url
from spiders.base import PortalSpider

# Article permalinks seen across portals (a date in the path, a long numeric id, or a long slug).
GENERIC_ARTICLE_PATH = ARTICLE_LIKE_PATH


def profile_for_start_url(start_url: str) -> Profile:
    """The shipped profile covering the host, else an ad-hoc one that relies on the generic extractor."""
    shipped = profile_for_url(start_url)
    if shipped is not None:
        return shipped
    parts = urlsplit(start_url)
    base_url = f"{parts.scheme}://{parts.netloc}"
    host = parts.hostname or ""
    return Profile(
        name=host or "portal",
        base_url=base_url,
        # www.viva.co.id links its articles on bola.viva.co.id, news.viva.co.id, …: the site is the domain
        # the www host stands for, sub-domains included (a host other than www stays as it is)
        domains=(host.removeprefix("www.") if host.count(".") >= 2 else host,),
        article_url_pattern=GENERIC_ARTICLE_PATH,
        discovery=Discovery(sitemaps=("/robots.txt",), listings=(start_url,), advertised_feeds=True),
    )


class GenericPortalSpider(PortalSpider):
    """Crawls the portal behind ``-a start_url=…`` (or one page with ``-a url=…``)."""

    name = "portal"

    def __init__(self, *args: Any, start_url: str | None = None, url: str | None = None, **kwargs: Any):
        # A look command's page (scrapy parse --spider=portal URL) stands for both.
        name, given = ("start_url", start_url) if start_url else ("url", url or CommandPage.url)
        if not given:
            raise ValueError("the portal spider needs -a start_url=https://… or -a url=https://…")
        self._start_url = checked_url(given, name)
        super().__init__(*args, url=url, **kwargs)

    async def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Request | ArticleItem]:
        """A page named on the command line (``scrapy parse --spider=portal URL``): an article page. No
        contracts: the portal spider has no profile of its own, so no page for ``scrapy check`` to read."""
        async for output in self.parse_article(response):
            yield output

    def _resolve_profile(self, base_url: str | None) -> Profile:
        profile = profile_for_start_url(self._start_url)
        return profile.with_base_url(checked_url(base_url, "base_url")) if base_url else profile
