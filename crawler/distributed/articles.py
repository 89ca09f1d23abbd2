"""The article state in Redis: what every worker of every crawl has fetched and exported.

An ``crawler.state.articles.ArticleStore`` (exported articles, fetched article URLs with their change
signal, listing read times, sitemaps that answered 404), so the spider's incremental logic and
``DedupPipeline`` run unchanged on it: the Redis add-on names it in ``WARTA_ARTICLE_STORE``. Two
additions close the races two workers would otherwise have, since the store records an article only once
its export line is written: ``claim_body`` (one canonical URL per exact body, kept) and ``claim_export``
(one worker per canonical URL in this crawl), both atomic first-come claims made by
``pipelines.dedup_redis.RedisDedupPipeline``. The article state is kept across crawls; the last worker
out of a crawl removes only the claims.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from redis import Redis
from scrapy.crawler import Crawler

from crawler.distributed.keys import CrawlKeys
from crawler.distributed.run import shared_run
from crawler.state.articles import KnownArticle

logger = logging.getLogger(__name__)

# Keep the larger change signal, like the SQLite store's MAX(); '' stands for "no signal".
_MARK_FETCHED = """
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current == false or (ARGV[2] ~= '' and (current == '' or ARGV[2] > current)) then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
return 1
"""

_RELEASE_BODY = """
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1
"""


def _text(value: Any) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


class RedisArticleStore:
    """Exported articles, fetched article URLs and listing read times, shared by all workers."""

    def __init__(self, server: Redis, keys: CrawlKeys) -> None:
        self.server = server
        self.keys = keys

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisArticleStore:
        """The store of this worker's shared crawl: its Redis connection and keys."""
        run = shared_run(crawler)
        logger.info("article state in Redis under %s:*", run.keys.prefix)
        return cls(run.server, run.keys)

    # Exported articles -------------------------------------------------------------------------------

    def get(self, canonical_url: str) -> KnownArticle | None:
        raw = self.server.hget(self.keys.articles, canonical_url)
        if raw is None:
            return None
        try:
            entry = json.loads(raw)
            version = int(entry["version"])
            return KnownArticle(canonical_url, entry["fingerprint"], version, entry.get("modified"))
        except (ValueError, KeyError, TypeError):
            logger.warning("unreadable article state for %s: treated as unknown", canonical_url)
            return None

    def body_owner(self, fingerprint: str) -> str | None:
        return _text(self.server.hget(self.keys.bodies, fingerprint))

    def claim_body(self, fingerprint: str, canonical_url: str) -> tuple[str | None, bool]:
        """Atomically make ``canonical_url`` the owner of this body unless another URL already is: the
        owner, and whether this call made it the owner."""
        with self.server.pipeline(transaction=True) as pipe:
            pipe.hsetnx(self.keys.bodies, fingerprint, canonical_url)
            pipe.hget(self.keys.bodies, fingerprint)
            claimed, owner = pipe.execute()
        return _text(owner), bool(claimed)

    def release_body(self, fingerprint: str, canonical_url: str) -> None:
        """Undo a claim whose article was dropped after all, unless another URL owns the body by now."""
        self.server.eval(_RELEASE_BODY, 1, self.keys.bodies, fingerprint, canonical_url)

    def claim_export(self, canonical_url: str, worker: str) -> bool:
        """True when this worker may export ``canonical_url`` in this crawl (first claim wins)."""
        with self.server.pipeline(transaction=True) as pipe:
            pipe.hsetnx(self.keys.claims, canonical_url, worker)
            pipe.hget(self.keys.claims, canonical_url)
            _, owner = pipe.execute()
        return _text(owner) == worker

    def record(
        self,
        canonical_url: str,
        fingerprint: str,
        version: int,
        portal: str,
        date_modified: str | None,
        fetched_signal: str | None = None,
    ) -> None:
        entry = {"fingerprint": fingerprint, "version": version, "portal": portal, "modified": date_modified}
        with self.server.pipeline(transaction=True) as pipe:
            pipe.hset(self.keys.articles, canonical_url, json.dumps(entry))
            pipe.hsetnx(self.keys.bodies, fingerprint, canonical_url)
            pipe.execute()
        self.mark_fetched(canonical_url, fetched_signal)

    def __len__(self) -> int:
        return int(self.server.hlen(self.keys.articles))

    # Fetched article URLs (exported or dropped) ------------------------------------------------------

    def fetched_signal(self, canonical_url: str) -> tuple[bool, str | None]:
        raw = self.server.hget(self.keys.fetched, canonical_url)
        if raw is None:
            return False, None
        return True, (_text(raw) or None)

    def mark_fetched(self, canonical_url: str, signal: str | None) -> None:
        self.server.eval(_MARK_FETCHED, 1, self.keys.fetched, canonical_url, signal or "")

    # Listings, feeds and sitemaps --------------------------------------------------------------------

    def page_age(self, url: str) -> float | None:
        raw = self.server.hget(self.keys.pages, url)
        try:
            return time.time() - float(raw) if raw is not None else None
        except ValueError:
            return None

    def mark_page(self, url: str) -> None:
        with self.server.pipeline(transaction=True) as pipe:
            pipe.hset(self.keys.pages, url, repr(time.time()))
            pipe.hdel(self.keys.gone_pages, url)
            pipe.execute()

    def gone_age(self, url: str) -> float | None:
        raw = self.server.hget(self.keys.gone_pages, url)
        try:
            return time.time() - float(raw) if raw is not None else None
        except ValueError:
            return None

    def mark_gone(self, url: str) -> None:
        self.server.hset(self.keys.gone_pages, url, repr(time.time()))

    def close(self) -> None:
        self.server.close()
