"""What a portal spider's discovery tells the run monitors and the report: known articles, article URLs
the profile's pattern turned down, and what a discovery bound cut.

Kept apart from ``spiders/discovery.py``: that turns discovery into requests, this counts what the
``items_exported`` and ``discovery_rejected`` monitors judge (``crawler.monitoring.checks``) and the report
lists (``warta/discovery/cut/*``).
"""

from __future__ import annotations

import logging
from typing import Any

from crawler.discovery import Cut, Rejected
from crawler.profiles import Profile
from crawler.state.seen import SeenKeys, text_key


class DiscoveryStats:
    """One crawl's ``warta/incremental/known_articles`` and ``warta/discovery/rejected/*`` stats."""

    # Sitemaps and feeds whose rejected URLs are logged with examples; past this, they are only counted.
    rejected_warnings = 10

    def __init__(self, stats: Any, profile: Profile, logger: logging.LoggerAdapter | logging.Logger) -> None:
        self.stats = stats
        self.profile = profile
        self.logger = logger
        # Articles exported by earlier runs that this run found and left alone: every article of a
        # scheduled run, so kept as 8-byte keys of their canonical URLs (crawler/state/seen.py).
        self._known_articles = SeenKeys()
        self._rejected_warned = 0

    def known_article(self, url: str) -> None:
        """Counted once per article, and only for articles: the ``items_exported`` monitor's "known"."""
        if self._known_articles.add(text_key(url)):
            self.stats.set_value("warta/incremental/known_articles", len(self._known_articles))

    def rejected(self, kind: str, url: str, rejected: Rejected, accepted: int) -> None:
        """Count the on-site URLs the article pattern turned down (``warta/discovery/rejected/<kind>``),
        keep the worst source's share of lost articles for the ``discovery_rejected`` monitor, and log a
        few article-shaped examples (for the first ``rejected_warnings`` sources)."""
        if not rejected.count:
            return
        self.stats.inc_value(f"warta/discovery/rejected/{kind}", rejected.count)
        if not rejected.article_like:
            return  # tags, categories, static pages: not articles, nothing lost
        self.stats.inc_value("warta/discovery/rejected/article_like", rejected.article_like)
        share = round(rejected.share(accepted), 4)
        if share > self.stats.get_value("warta/discovery/rejected/worst_rate", 0.0):
            self.stats.set_value("warta/discovery/rejected/worst_rate", share)
            self.stats.set_value("warta/discovery/rejected/worst_source", url)
        if self._rejected_warned < self.rejected_warnings:
            self._rejected_warned += 1
            self.logger.warning(
                "%s %s: %d of %d article URLs do not fit the %s profile's article_url_pattern %r, e.g. %s",
                kind.capitalize(),
                url,
                rejected.article_like,
                rejected.article_like + accepted,
                self.profile.name,
                self.profile.article_url_pattern,
                ", ".join(rejected.examples),
            )

    def cut(self, cut: Cut, url: str) -> None:
        """Count what a discovery bound left out (``warta/discovery/cut/<reason>``); say so once a reason."""
        stat = f"warta/discovery/cut/{cut.value}"
        if not self.stats.get_value(stat):
            self.logger.warning(
                "Discovery bound %s reached: not following %s (and any more like it)", cut.value, url
            )
        self.stats.inc_value(stat)
