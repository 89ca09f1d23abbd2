"""The article state in Redis: what every worker of every crawl has fetched and exported.

Same interface as ``crawler.state.articles.ArticleStore`` (exported articles, fetched article URLs with
their change signal, listing read times), so the spider's incremental logic and the lead's
``DedupPipeline`` run unchanged on it: ``attach_shared_store`` puts it in place of the spider's SQLite
store. One addition closes the race two workers would otherwise have on identical bodies:
``claim_body`` is an atomic first-come claim, made by ``RedisDedupPipeline`` before the usual checks.
Kept across crawls; the last worker out of a crawl never removes it.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from itemadapter import ItemAdapter
from redis import Redis
from scrapy.crawler import Crawler

from crawler.distributed.keys import CrawlKeys
from crawler.state.articles import KnownArticle
from pipelines.dedup import DedupPipeline

logger = logging.getLogger(__name__)

# Keep the larger change signal, like the SQLite store's MAX(); '' stands for "no signal".
_MARK_FETCHED = """
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current == false or (ARGV[2] ~= '' and (current == '' or ARGV[2] > current)) then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
return 1
"""


def _text(value: Any) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


class RedisArticleStore:
    """Exported articles, fetched article URLs and listing read times, shared by all workers."""

    def __init__(self, server: Redis, keys: CrawlKeys) -> None:
        self.server = server
        self.keys = keys

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

    def claim_body(self, fingerprint: str, canonical_url: str) -> str | None:
        """Atomically make ``canonical_url`` the owner of this body unless another URL already is."""
        with self.server.pipeline(transaction=True) as pipe:
            pipe.hsetnx(self.keys.bodies, fingerprint, canonical_url)
            pipe.hget(self.keys.bodies, fingerprint)
            _, owner = pipe.execute()
        return _text(owner)

    def record(
        self, canonical_url: str, fingerprint: str, version: int, portal: str, date_modified: str | None
    ) -> None:
        entry = {"fingerprint": fingerprint, "version": version, "portal": portal, "modified": date_modified}
        with self.server.pipeline(transaction=True) as pipe:
            pipe.hset(self.keys.articles, canonical_url, json.dumps(entry))
            pipe.hsetnx(self.keys.bodies, fingerprint, canonical_url)
            pipe.execute()

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
        self.server.hset(self.keys.pages, url, repr(time.time()))

    def close(self) -> None:
        self.server.close()


def attach_shared_store(crawler: Crawler, server: Redis, keys: CrawlKeys) -> bool:
    """Give the spider the shared store in place of its own; False if the spider keeps no article state.

    The spider exposes its store as ``article_store`` (a cached property), so setting the attribute
    before the crawl opens is enough for the spider and the dedup pipeline to use Redis.
    """
    spider = crawler.spider
    if spider is None or not hasattr(type(spider), "article_store"):
        return False
    spider.article_store = RedisArticleStore(server, keys)
    return True


class RedisDedupPipeline(DedupPipeline):
    """``DedupPipeline`` with the body claimed first, so two workers never both export one body under two
    URLs (the check-then-record of the base class is not atomic across processes)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisDedupPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        fingerprint, canonical = adapter.get("fingerprint"), adapter.get("canonicalUrl")
        store = getattr(self, "store", None)
        if fingerprint and canonical and isinstance(store, RedisArticleStore):
            store.claim_body(fingerprint, canonical)
        return super().process_item(item)
