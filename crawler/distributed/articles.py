"""The article state in Redis: what every worker of every crawl has fetched and exported.

Same interface as ``crawler.state.articles.ArticleStore`` (exported articles, fetched article URLs with
their change signal, listing read times), so the spider's incremental logic and the lead's
``DedupPipeline`` run unchanged on it: ``attach_shared_store`` puts it in place of the spider's SQLite
store. Two additions close the races two workers would otherwise have, since the store records an article
only once its export line is written: ``claim_body`` (one canonical URL per exact body, kept) and
``claim_export`` (one worker per canonical URL in this crawl), both atomic first-come claims made by
``RedisDedupPipeline``. The article state is kept across crawls; the last worker out of a crawl removes
only the claims.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from itemadapter import ItemAdapter
from redis import Redis
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.distributed.keys import CrawlKeys
from crawler.distributed.neardup import RedisNearDupStore
from crawler.distributed.workers import worker_id
from crawler.state.articles import KnownArticle
from crawler.state.neardup import DEFAULT_BANDS, NearDupIndex
from pipelines.dedup import DedupPipeline
from pipelines.drops import drop

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
    """``DedupPipeline`` made safe across processes: its check-then-record is not atomic, so the body is
    claimed before the checks and the canonical URL after them; a URL another worker already exports in
    this crawl (a redirect, an alias, the same page under two query strings) is dropped as
    ``duplicate_url``.

    The near-duplicate index is in Redis too (``RedisNearDupStore``), and an article enters it *before*
    the comparison: ids grow with insertion, so of two near-copies checked by two workers at the same
    moment each sees the other, and only the later one (the higher id) is judged a copy. Nothing is lost
    if the worker dies before the export: the same URL coming back is excluded from its own matches.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.worker = worker_id(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisDedupPipeline:
        return cls(crawler)

    def _open_neardup(self, spider: Any) -> NearDupIndex:
        store = spider.article_store
        if not isinstance(store, RedisArticleStore):
            return super()._open_neardup(spider)
        return NearDupIndex(
            threshold=self.neardup_threshold,
            store=RedisNearDupStore(store.server, store.keys.prefix, bands=DEFAULT_BANDS),
        )

    def _check_near_duplicate(self, adapter: ItemAdapter) -> None:
        if not isinstance(self.neardup.store, RedisNearDupStore):
            return super()._check_near_duplicate(adapter)
        canonical = adapter["canonicalUrl"]
        hashed = self.neardup.hash_text(adapter["articleBody"])
        if hashed is None:  # too short to judge
            return None
        self.neardup.add_hashed(canonical, hashed, {"portal": adapter["portal"]})
        mine = self.neardup.doc_id(canonical)
        earlier = [m for m in self.neardup.query_hashed(hashed, exclude=canonical) if m.doc_id < mine]
        return self._judge_near_duplicate(adapter, earlier)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        fingerprint, canonical = adapter.get("fingerprint"), adapter.get("canonicalUrl")
        store = getattr(self, "store", None)
        shared = isinstance(store, RedisArticleStore) and bool(fingerprint and canonical)
        if not shared:
            return super().process_item(item)
        _, claimed = store.claim_body(fingerprint, canonical)
        try:
            item = super().process_item(item)
            if not store.claim_export(canonical, self.worker):
                raise drop(self.stats, "duplicate_url", f"{canonical} (exported by another worker)")
        except DropItem:
            if claimed:  # a dropped copy must not own the body: another portal's copy may still be kept
                store.release_body(fingerprint, canonical)
            raise
        return item
