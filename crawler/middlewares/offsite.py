"""The off-site filter of every request, with Warta's same-site rule: scheme, host *and port*.

Scrapy's ``OffsiteMiddleware`` compares host names with ``allowed_domains`` and ignores ports, so a link,
a sitemap entry or a robots.txt ``Sitemap:`` line to another port of the portal's host would be fetched,
robots.txt of that port first. For a portal spider this filter asks ``crawler.urls.same_site`` over the
profile's origins (``Profile.origins``); it replaces Scrapy's at the same place (order 50, before the
robots.txt middleware, so nothing at all is asked of an off-site origin). Other spiders keep Scrapy's rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware

from crawler.profiles import is_portal_spider
from crawler.urls import same_site


def spider_site(spider: Any) -> Sequence[str] | None:
    """The origins a portal spider stays on, or None for another spider (Scrapy's ``allowed_domains``
    then decides, as Scrapy's own filter does)."""
    if spider is None or not is_portal_spider(type(spider)):
        return None
    profile = getattr(spider, "profile", None)
    return profile.origins if profile is not None else None


class SiteOffsiteMiddleware(OffsiteMiddleware):
    """Scrapy's offsite filter (same stats, same ``allow_offsite`` and ``dont_filter`` escapes), with the
    portal's origins instead of bare host names."""

    def should_follow(self, request: Request, spider: Spider) -> bool:
        site = spider_site(spider)
        if site is None:
            return super().should_follow(request, spider)
        return same_site(request.url, site)
