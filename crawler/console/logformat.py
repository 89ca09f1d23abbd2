"""Scrapy's log messages about items, one line each: a dropped item is its URL and the reason, never the
whole item (a rerun that drops every article as unchanged would otherwise log megabytes)."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.http import Request, Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from scrapy.spiders import Spider
from twisted.python.failure import Failure

# The loggers Scrapy sends the records of ``crawled`` and ``scraped`` to.
_ENGINE = logging.getLogger("scrapy.core.engine")
_SCRAPER = logging.getLogger("scrapy.core.scraper")


def item_url(item: Any) -> str:
    """The item's URL (its canonical one when it has no fetched URL), or ``?`` for an item without one."""
    try:
        adapter = ItemAdapter(item)
    except TypeError:
        return "?"
    return str(adapter.get("url") or adapter.get("canonicalUrl") or "?")


def one_line(text: object) -> str:
    """Any message folded to one line, so one log record is one console line."""
    return " ".join(str(text).split())


class OneLineLogFormatter(LogFormatter):
    """``LOG_FORMATTER``: dropped and failed items logged as one line naming the URL and the reason.

    The level of a drop stays Scrapy's (``DropItem(log_level=...)``, else ``DEFAULT_DROPITEM_LOG_LEVEL``);
    counted drops set their own in ``pipelines/drops.py``.
    """

    def crawled(self, request: Request, response: Response, spider: Spider) -> LogFormatterResult | None:
        """Scrapy's "Crawled (200)" record, built only when its logger logs DEBUG: a quiet run
        (``crawler/console/quiet.py``) would drop it, and building it (the referer read and decoded) is
        work done for every response."""
        if not _ENGINE.isEnabledFor(logging.DEBUG):
            return None
        return super().crawled(request, response, spider)

    def scraped(
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult | None:
        """Scrapy's "Scraped from" record, only when its logger logs DEBUG (as ``crawled``)."""
        if not _SCRAPER.isEnabledFor(logging.DEBUG):
            return None
        return super().scraped(item, response, spider)

    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        url, reason = item_url(item), one_line(exception)
        # Counted drops read "<reason>: <detail>"; a detail that only repeats the URL is left out.
        reason = reason.removesuffix(f": {url}")
        return {
            "level": result["level"],
            "msg": "Dropped %(url)s: %(reason)s",
            "args": {"url": url, "reason": reason},
        }

    def item_error(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        result = super().item_error(item, exception, response, spider)
        # The traceback still follows (Scrapy passes exc_info): that is the cause, the item is not.
        return {"level": result["level"], "msg": "Error processing %(url)s", "args": {"url": item_url(item)}}
