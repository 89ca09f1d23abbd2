"""The seed queue: start requests live in a Redis list that every worker reads from its first moment.

Entries are JSON: ``{"url": ..., "callback": "parse_feed", "errback": ..., "meta": {...}, "priority": 0}``
(callbacks are names of spider methods); a bare URL
string is accepted too (what scrapy-redis users push by hand). An entry that cannot become a request is
skipped and counted (``warta/distributed/bad_seed``), never a crash.

A seed a worker took stays leased to it (``<prefix>:<spider>:seed_leases``) until its request is in the
shared queue (``ack``): a worker killed in between loses none, another worker puts them back in the list
(``leases.reap``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from redis import Redis
from scrapy import Request, Spider
from scrapy.statscollectors import StatsCollector

from crawler.distributed.leases import give_back_unknown

logger = logging.getLogger(__name__)


def seed_to_json(request: Request) -> str | None:
    """A request as a JSON seed; None when it carries what JSON cannot hold (a lambda, a body)."""
    callback, errback = request.callback, request.errback
    if any(f is not None and not hasattr(f, "__self__") for f in (callback, errback)):
        return None  # only spider methods survive the trip between processes
    if request.method != "GET" or request.body:
        return None
    entry: dict[str, Any] = {"url": request.url, "priority": request.priority}
    if callback is not None:
        entry["callback"] = callback.__name__
    if errback is not None:
        entry["errback"] = errback.__name__
    if request.meta:
        entry["meta"] = request.meta
    if request.dont_filter:
        entry["dont_filter"] = True
    try:
        return json.dumps(entry, ensure_ascii=False)
    except (TypeError, ValueError):
        return None


def seed_from_json(raw: bytes | str, spider: Spider) -> Request | None:
    """A request back from a seed entry, with its callback resolved on this worker's spider."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    text = text.strip()
    try:
        entry = json.loads(text) if text.startswith("{") else {"url": text}
        url = entry["url"]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        callback = _callback(spider, entry.get("callback"), url)
        errback = getattr(spider, entry["errback"], None) if entry.get("errback") else None
        if callback is None or (entry.get("errback") and not callable(errback)):
            return None
        return Request(
            url,
            callback=callback,
            errback=errback,
            meta=dict(entry.get("meta") or {}),
            priority=int(entry.get("priority", 0)),
            dont_filter=bool(entry.get("dont_filter", False)),
        )
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def _callback(spider: Spider, name: str | None, url: str) -> Callable[..., Any] | None:
    if name:
        method = getattr(spider, name, None)
        return method if callable(method) else None
    # A bare URL: an article page if the profile says so, else a listing to read links from.
    profile = getattr(spider, "profile", None)
    if profile is not None and profile.is_article_url(url) and hasattr(spider, "parse_article"):
        return spider.parse_article
    return getattr(spider, "parse_listing", None) or getattr(spider, "parse", None)


# KEYS: the seed list, the seed leases; ARGV: batch size, lease field prefix, first lease number.
_TAKE = """
local raw = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #raw > 0 then redis.call('LTRIM', KEYS[1], #raw, -1) end
if KEYS[2] ~= '' then
  for i, seed in ipairs(raw) do redis.call('HSET', KEYS[2], ARGV[2] .. (tonumber(ARGV[3]) + i), seed) end
end
return raw
"""


class SeedQueue:
    """The Redis list of seeds of one shared crawl, plus the flag saying they were pushed."""

    def __init__(
        self, server: Redis, key: str, seeded_key: str, stats: StatsCollector, *, leases: str = ""
    ) -> None:
        self.server = server
        self.key = key
        self.seeded_key = seeded_key
        self.stats = stats
        self.leases = leases
        self.owner = "?"
        self._taken: list[str] = []
        self._count = 0
        self._take: Any = None

    def claim_seeding(self) -> bool:
        """True for exactly one worker of a crawl: the one that pushes the spider's own seeds. The flag
        names that worker, so a claim whose reply was lost (Redis set it, the worker timed out) is still
        this worker's when it asks again: with a bare flag no worker would have pushed the seeds."""
        if self.server.set(self.seeded_key, self.owner, nx=True):
            return True
        holder = self.server.get(self.seeded_key)
        return (holder.decode() if isinstance(holder, bytes) else holder) == self.owner

    def push(self, request: Request) -> bool:
        encoded = seed_to_json(request)
        if encoded is None:
            self.stats.inc_value("warta/distributed/seed_not_serialisable")
            return False
        self.server.rpush(self.key, encoded)
        self.stats.inc_value("warta/distributed/seeds_pushed")
        return True

    def pop(self, spider: Spider, batch: int) -> list[Request]:
        """Up to ``batch`` seeds, removed atomically so two workers never take the same one, and leased to
        this worker until ``ack``."""
        prefix = f"{self.owner}#s"
        keys = [self.key, self.leases]
        if self._take is None:  # by its hash after the first call: an idle worker asks every poll
            self._take = self.server.register_script(_TAKE)
        # Lease numbers are reserved before the call: a call whose reply is lost after Redis ran it leaves
        # leases this worker does not know of (``give_back_unknown``), never under a number it uses again.
        first, self._count = self._count, self._count + max(1, batch)
        raw_entries = self._take(keys=keys, args=[batch, prefix, first])
        if self.leases:
            self._taken += [f"{prefix}{first + i}" for i in range(1, len(raw_entries) + 1)]
        requests = []
        for raw in raw_entries:
            request = seed_from_json(raw, spider)
            if request is None:
                self.stats.inc_value("warta/distributed/bad_seed")
                logger.warning("skipped a seed that is not a usable request: %r", raw[:200])
                continue
            requests.append(request)
        if requests:
            self.stats.inc_value("warta/distributed/seeds_read", len(requests))
        return requests

    def ack(self) -> None:
        """The seeds taken so far are in the shared queue now (or were unusable): end their leases."""
        if self._taken:
            self.server.hdel(self.leases, *self._taken)
            self._taken = []

    def give_back_unknown(self) -> int:
        """Seeds leased to this worker by a call whose reply was lost go back to the list: how many."""
        if not self.leases:
            return 0
        return give_back_unknown(self.server, self.leases, self.owner, set(self._taken), seeds=self.key)

    def __len__(self) -> int:
        return int(self.server.llen(self.key))
