"""Discovery: from a portal's sitemaps, feeds and listing pages to the article URLs worth fetching.

Pure: no Scrapy import. The spider hands in what it downloaded (bytes or a parsed page, and its URL) and
turns what comes out into requests:

- ``sitemaps``: sitemap indexes, sitemaps and news sitemaps (gzipped or not) and robots.txt ``Sitemap:``
  lines, read without entities or network access;
- ``feeds``: RSS and Atom entries with their dates;
- ``listings``: a home, category or archive page's article links and its next page;
- ``backfill``: the ``since``/``until`` window and its day archives;
- ``policy``: whether an article or a listing is due, given what the article store remembers;
- ``bounds``: how deep and how many sitemaps and listing pages one crawl reads, and what was cut.

Every article comes out as a :class:`Found`: its canonical URL with the change signal that may make a
known article worth fetching again. A sitemap or feed also says which of its on-site URLs the profile's
article pattern turned down (:class:`Rejected`), so a pattern that no longer fits is seen, not silent.
"""

from crawler.discovery.backfill import Window
from crawler.discovery.bounds import Cut, DiscoveryBounds, Limits
from crawler.discovery.feeds import FeedPage, read_feed, scan_feed
from crawler.discovery.found import Found, Rejected
from crawler.discovery.listings import next_listing_page, read_listing
from crawler.discovery.policy import FetchPolicy, Verdict
from crawler.discovery.sitemaps import (
    RobotsSitemaps,
    SitemapPage,
    read_robots,
    read_sitemap,
    sitemaps_in_robots,
    unpack,
)

__all__ = [
    "Cut",
    "DiscoveryBounds",
    "FeedPage",
    "FetchPolicy",
    "Found",
    "Limits",
    "Rejected",
    "RobotsSitemaps",
    "SitemapPage",
    "Verdict",
    "Window",
    "next_listing_page",
    "read_feed",
    "read_listing",
    "read_robots",
    "read_sitemap",
    "scan_feed",
    "sitemaps_in_robots",
    "unpack",
]
