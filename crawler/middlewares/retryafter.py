"""``Retry-After`` on 429 and 503: the whole host waits as long as it asked before the retry goes out.

Scrapy's ``RetryMiddleware`` retries a 429 at once. This middleware runs just before it on the way back
(order 560) and, when the answer carries ``Retry-After`` (seconds or an HTTP date), raises the download
slot's delay to that many seconds, capped at ``WARTA_RETRY_AFTER_MAX``; the retry and every other
request to the host wait behind it. The slot's own delay comes back with the first good answer that
arrives once the wait is over (answers to requests sent before the 429 do not end the wait).
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import Any

from scrapy.http import Request, Response

THROTTLE_STATUSES = (429, 503)


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta seconds or an HTTP date); None when unreadable."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    """Slows the host's download slot to the server's ``Retry-After`` (downloader middleware, order 560)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("WARTA_RETRY_AFTER_MAX")
        # slot key -> (its delay before the server asked to wait, when the wait ends)
        self._saved: dict[str, tuple[float, float]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> RetryAfterMiddleware:
        return cls(crawler)

    def _slot(self, request: Request) -> tuple[str | None, Any]:
        key = request.meta.get("download_slot")
        engine = getattr(self.crawler, "engine", None)
        slots = getattr(getattr(engine, "downloader", None), "slots", {})
        return key, slots.get(key) if key is not None else None

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        key, slot = self._slot(request)
        if slot is None:
            return response
        if response.status in THROTTLE_STATUSES:
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
            if wait is None:
                return response
            stats = self.crawler.stats
            if wait > self.max_wait:
                stats.inc_value("warta/retry_after/capped")
                wait = self.max_wait
            original = self._saved[key][0] if key in self._saved else slot.delay
            now = monotonic()
            self._saved[key] = (original, now + wait)
            slot.delay = max(slot.delay, wait)
            slot.lastseen = now  # the wait starts now, whatever went out before
            stats.inc_value("warta/retry_after/honoured")
            stats.max_value("warta/retry_after/max_seconds", wait)
        elif response.status < 400 and key in self._saved and monotonic() >= self._saved[key][1]:
            slot.delay = self._saved.pop(key)[0]
        return response
