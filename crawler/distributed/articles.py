"""The dedup state in Redis: the article store every worker shares, kept across crawls.

Same interface as ``crawler.state.articles.ArticleStore`` (``get``, ``body_owner``, ``record``, ``len``,
``close``) so the lead's ``DedupPipeline`` logic runs unchanged on top of it. One addition closes the race
two workers would otherwise have on identical bodies: ``claim_body`` is an atomic first-come claim.
"""

from __future__ import annotations

import json

from itemadapter import ItemAdapter
from redis import Redis
from scrapy.crawler import Crawler

from crawler.distributed.keys import DEFAULT_PREFIX, CrawlKeys
from crawler.state.articles import KnownArticle
from pipelines.dedup import DedupPipeline


class RedisArticleStore:
    """Canonical URLs and body fingerprints already exported, shared by all workers of all crawls."""

    def __init__(self, server: Redis, keys: CrawlKeys) -> None:
        self.server = server
        self.keys = keys

    def get(self, canonical_url: str) -> KnownArticle | None:
        raw = self.server.hget(self.keys.articles, canonical_url)
        if raw is None:
            return None
        try:
            entry = json.loads(raw)
            version = int(entry["version"])
            return KnownArticle(canonical_url, entry["fingerprint"], version, entry.get("modified"))
        except (ValueError, KeyError, TypeError):
            return None  # a damaged entry counts as unknown: the article is exported again

    def body_owner(self, fingerprint: str) -> str | None:
        owner = self.server.hget(self.keys.bodies, fingerprint)
        return owner.decode() if isinstance(owner, bytes) else owner

    def claim_body(self, fingerprint: str, canonical_url: str) -> str | None:
        """Atomically make ``canonical_url`` the owner of this body unless another URL already is."""
        with self.server.pipeline(transaction=True) as pipe:
            pipe.hsetnx(self.keys.bodies, fingerprint, canonical_url)
            pipe.hget(self.keys.bodies, fingerprint)
            _, owner = pipe.execute()
        return owner.decode() if isinstance(owner, bytes) else owner

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

    def close(self) -> None:
        self.server.close()


class RedisDedupPipeline(DedupPipeline):
    """``DedupPipeline`` on the shared Redis store; the body is claimed first so two workers never both
    export one body under two URLs."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisDedupPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        from scrapy_redis.connection import get_redis_from_settings

        settings = self.crawler.settings
        keys = CrawlKeys(settings.get("WARTA_REDIS_PREFIX") or DEFAULT_PREFIX, self.crawler.spider.name)
        self.store = RedisArticleStore(get_redis_from_settings(settings), keys)  # type: ignore[assignment]

    def process_item(self, item: object) -> object:
        adapter = ItemAdapter(item)
        fingerprint, canonical = adapter.get("fingerprint"), adapter.get("canonicalUrl")
        if fingerprint and canonical and isinstance(self.store, RedisArticleStore):
            self.store.claim_body(fingerprint, canonical)
        return super().process_item(item)
