"""The article side of a portal spider: an article page (and the rest of a multi-page article) to one item.

Kept apart from discovery (``spiders/base.py``). Pages are extracted by the crawl's page reader
(``crawler/extraction_workers.py``): in worker processes beside the crawl, or in its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.discovery.sitemaps import with_sitemap_date
from crawler.extract.pagination import merge_pages, page_of, single_page_url
from crawler.extraction_workers import WORKERS_STAT, InProcessReader, PageReading, Reader, open_reader
from crawler.items import ArticleItem
from crawler.middlewares.badresponse import count_bad
from crawler.monitoring.checks import FIRST_UNREAD_STAT, GONE_STAT, UNREAD_STAT
from crawler.urls import canonicalize

# Request meta a multi-page article carries from page to page (Scrapy's own keys stay with the response).
_CARRIED = ("warta_signal", "sitemap_published")


class ArticleCallbacks:
    """``parse_article`` and ``article_failed`` of ``PortalSpider`` (which gives ``profile``, ``store``,
    ``bounds``, ``extract_workers``, ``extract_timeout``, ``crawler`` and ``logger``)."""

    def article_failed(self, failure: Failure) -> None:
        """An article link that is gone (404/410) is remembered, so listings stop asking for it."""
        if listing := failure.request.meta.get("warta_listing_page"):
            self.bounds.answered(*listing, alive=False)
        if failure.request.meta.get("warta_pages") is not None:
            # the rest of an article already read (its next page or whole view): canonicalize folds that
            # URL into the article's own, so marking it would skip the article for good; next run asks again
            self.crawler.stats.inc_value("warta/pagination/followup_failed")
            self.logger.warning("Article left unexported, its next page failed: %s", failure.request.url)
            return
        if failure.check(HttpError) and failure.value.response.status in (404, 410):
            self.store.mark_fetched(canonicalize(failure.value.response.url), None)
            self.crawler.stats.inc_value(GONE_STAT)
            return
        url = (failure.request.meta.get("redirect_urls") or [failure.request.url])[0]  # the link followed
        self._count_lost("warta/articles/failed", "warta/articles/first_failed", url)
        self.logger.warning("Article not fetched: %s (%s)", url, failure.getErrorMessage())

    async def parse_article(self, response: Response) -> AsyncIterator[Request | ArticleItem]:
        """An article page: one item, however many pages the article spans; what cannot be read is
        counted, never fatal. An exception here (a bug the page found, or an extraction worker that died
        twice on it) is counted as an article not delivered, which fails the run
        (``crawler.monitoring.checks.delivery_checks``), then raised on to Scrapy, which logs it; the
        page is not marked fetched, so the next run reads it again."""
        try:
            async for output in self._read_article(response):
                yield output
        except Exception:
            self._count_lost(UNREAD_STAT, FIRST_UNREAD_STAT, response.url)
            raise

    def _count_lost(self, stat: str, first_stat: str, url: str) -> None:
        """One more article this run did not deliver, the first of them named in the run's verdict."""
        stats = self.crawler.stats
        stats.inc_value(stat)
        if stats.get_value(first_stat) is None:
            stats.set_value(first_stat, url)

    async def _read_article(self, response: Response) -> AsyncIterator[Request | ArticleItem]:
        if listing := response.meta.get("warta_listing_page"):
            self.bounds.answered(*listing, alive=isinstance(response, TextResponse))
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("warta/skipped/not_text")
            return
        pages: list[dict[str, Any]] | None = response.meta.get("warta_pages")
        if pages is None and (page := page_of(response.url)) is not None and page.number > 1:
            self.crawler.stats.inc_value("warta/pagination/not_first_page")
            return  # page 1 of the same article is (or will be) discovered on its own
        data, next_url = self._fields(response, await self._read(response))
        data["crawledAt"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if (following := self._next_page(response, pages, data, next_url)) is not None:
            yield following
            return
        if pages:
            data = merge_pages(pages[0], [*pages[1:], data])
            self.crawler.stats.inc_value("warta/pagination/merged_articles")
        yield ArticleItem(**data)

    page_reader: Reader | None = None  # where pages are extracted, once ``open_page_reader`` ran

    async def _read(self, response: TextResponse) -> PageReading:
        """The page read by the crawl's reader; in this process for a spider driven without an engine
        (``scrapy parse``, a test)."""
        if self.page_reader is None:
            self.page_reader = InProcessReader(self.profile, self.settings.getint("WARTA_EXTRACT_MAX_TAGS"))
        return await self.page_reader.read(response.text, response.url)

    def open_page_reader(self) -> None:
        """At ``spider_opened``: worker processes for extraction where ``WARTA_EXTRACT_WORKERS`` asks
        (``extract_workers`` and ``extract_timeout``, read as the spider was made)."""
        stats = self.crawler.stats
        self.page_reader = open_reader(
            self.extract_workers, self.settings, self.profile, stats.inc_value, timeout=self.extract_timeout
        )
        stats.set_value(WORKERS_STAT, self.extract_workers)
        if self.extract_workers:
            self.logger.info(
                "Extracting pages in %d worker process(es) beside the crawl", self.extract_workers
            )

    def close_page_reader(self) -> None:
        """At ``spider_closed``: the workers stop."""
        if self.page_reader is not None:
            self.page_reader.close()
            self.page_reader = None

    def _fields(self, response: TextResponse, reading: PageReading) -> tuple[dict[str, Any], str | None]:
        """The page's fields and its next page's URL, with what its reading found counted."""
        if reading.cut:  # a page of more tags than any article has: only its first ones were read
            self.crawler.stats.inc_value("warta/extract/cut_pages")
            max_tags = self.settings.getint("WARTA_EXTRACT_MAX_TAGS")
            self.logger.warning("Read only the first %d tags of %s", max_tags, response.url)
        if reading.too_deep:  # tags left open by the thousand: the parser stopped 2048 levels down
            self.crawler.stats.inc_value("warta/extract/too_deep_pages")
            self.logger.warning("Read %s only up to elements nested 2048 levels deep", response.url)
        if reading.mojibake_runs:  # text once decoded wrong and saved so: repaired, counted as bad
            count_bad(self.crawler.stats, "charset/mojibake")
        data = reading.data
        if data["dateDisagreements"]:  # its date sources (JSON-LD, meta, visible line, URL) are days apart
            self.crawler.stats.inc_value("warta/dates/sources_disagree")
        if raw := response.meta.get("sitemap_published"):
            data = with_sitemap_date(data, raw, self.profile.timezone)
        return data, reading.next_page

    def _next_page(
        self, response: Response, pages: list[dict[str, Any]] | None, data: dict, following: str | None
    ) -> Request | None:
        """The request for the rest of a multi-page article (``following`` is its next page, found by
        the extractor): its whole-article view if it has one, else that next page carrying the pages
        read so far. Follow-ups skip the incremental check, since ``canonicalize`` folds ``?page=all``
        into the article's own URL."""
        last = len(pages or []) + 1 >= self.profile.pagination.max_pages  # this page is the last one allowed
        if following is None or last or response.meta.get("warta_no_next"):
            return None
        carried = {k: v for k, v in response.meta.items() if k in _CARRIED}
        meta = {**carried, "warta_pages": [*(pages or []), data]}
        view = self.profile.pagination.whole_view
        if pages is None and (whole := single_page_url(response.url, response, whole_view=view)):
            self.crawler.stats.inc_value("warta/pagination/whole_view")
            following, meta = whole, {**carried, "warta_pages": [], "warta_no_next": True}
        else:
            self.crawler.stats.inc_value("warta/pagination/pages")
        return Request(
            following, callback=self.parse_article, errback=self.article_failed, dont_filter=True, meta=meta
        )
