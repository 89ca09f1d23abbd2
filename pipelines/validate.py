"""Validation: only articles go on. Listings, tag pages and empty or headline-less pages are dropped.

How each exported article was extracted is counted once, by the run-health tally
(``crawler.monitoring.tally``), not here.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from pipelines.drops import drop


class ValidationPipeline:
    """Drops what is not an article, with the reason counted in the stats (``warta/dropped/<reason>``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.min_body_chars = crawler.settings.getint("WARTA_MIN_BODY_CHARS")
        self.max_body_chars = crawler.settings.getint("WARTA_MAX_BODY_CHARS")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        return cls(crawler)

    def process_item(self, item: object) -> object:
        adapter = ItemAdapter(item)
        url = adapter.get("url")
        page_type = adapter.get("pageType") or "article"
        if page_type != "article":
            raise drop(self.stats, f"not_article_{page_type}", str(url))
        if not (adapter.get("headline") or "").strip():
            raise drop(self.stats, "no_headline", str(url), log_level="WARNING")
        body = adapter.get("articleBody") or ""
        # a photo gallery's body is its captions, often shorter than any article's
        if adapter.get("kind") == "gallery" and body.strip():
            return item
        if len(body.strip()) < self.min_body_chars:
            raise drop(self.stats, "empty_body", str(url), log_level="WARNING")
        if self.max_body_chars and len(body) > self.max_body_chars:  # bounds memory downstream (near-dup)
            raise drop(self.stats, "body_too_large", str(url), log_level="WARNING")
        return item
