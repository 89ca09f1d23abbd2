"""Dedup across the workers of a shared crawl (``REDIS_URL``): the Redis add-on puts this pipeline in
place of ``DedupPipeline``; with the SQLite store it behaves as ``DedupPipeline`` does."""

from __future__ import annotations

import logging
import time
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.asyncio import sleep
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from crawler.distributed.articles import RedisArticleStore
from crawler.distributed.neardup import RedisNearDupStore
from crawler.distributed.workers import worker_id
from crawler.state.component import ArticleState
from crawler.state.neardup import DEFAULT_BANDS, NearDupIndex
from pipelines.dedup import DedupPipeline
from pipelines.drops import drop

logger = logging.getLogger(__name__)
ACK_POLL = 0.05  # seconds between two looks at the other workers' journal acknowledgements


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

    def __init__(self, crawler: Crawler, state: ArticleState) -> None:
        super().__init__(crawler, state)
        self.worker = worker_id(crawler)
        # (canonical URL, its known article, body fingerprint, the body's owner) of the item being checked
        self._read_ahead: tuple[str, Any, str, str | None] | None = None
        self._unacknowledged_export = False  # exporting although a live worker never acknowledged
        self._waiting_told = False
        self._held: list[Deferred[None]] = []  # items waiting for the acknowledgements, woken together
        self._watch: Deferred[None] | None = None  # the one watch waking them (held: a task is weakly kept)

    def _open_neardup(self) -> NearDupIndex:
        store = self.store
        if not isinstance(store, RedisArticleStore):
            return super()._open_neardup()
        return NearDupIndex(
            threshold=self.neardup_threshold,
            store=store.neardup_store(DEFAULT_BANDS),  # journaled, like the records
        )

    def _check_near_duplicate(self, adapter: ItemAdapter) -> None:
        if not isinstance(self.neardup.store, RedisNearDupStore):
            return super()._check_near_duplicate(adapter)
        canonical = adapter["canonicalUrl"]
        hashed = self.neardup.hash_text(adapter["articleBody"])
        if hashed is None:  # too short to judge
            return None
        earlier = self.neardup.add_then_match_earlier(canonical, hashed, {"portal": adapter["portal"]})
        return self._judge_near_duplicate(adapter, earlier)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        fingerprint, canonical = adapter.get("fingerprint"), adapter.get("canonicalUrl")
        store = getattr(self, "store", None)
        shared = isinstance(store, RedisArticleStore) and bool(fingerprint and canonical)
        if not shared:
            return super().process_item(item)
        if not self._unacknowledged_export and not store.peers_know_journal():
            return self._when_peers_know(item, store)
        self._settle_canonical(adapter)  # before the body is claimed under the URL it settles on
        canonical = adapter["canonicalUrl"]
        owner, claimed, known = store.claim_body_and_read(fingerprint, canonical)
        # What the checks of ``DedupPipeline.process_item`` read first, read with the claim: one round trip.
        self._read_ahead = (canonical, known, fingerprint, owner)
        try:
            item = super().process_item(item)
            if not store.claim_export(canonical, self.worker):
                raise drop(self.stats, "duplicate_url", f"{canonical} (exported by another worker)")
        except DropItem:
            if claimed:  # a dropped copy must not own the body: another portal's copy may still be kept
                store.release_body(fingerprint, canonical)
            raise
        finally:
            self._read_ahead = None
        return item

    def _known(self, canonical: str) -> Any:
        ahead = self._read_ahead
        if ahead is not None and ahead[0] == canonical:
            return ahead[1]
        return super()._known(canonical)

    def _body_owner(self, fingerprint: str) -> str | None:
        ahead = self._read_ahead
        if ahead is not None and ahead[2] == fingerprint:
            return ahead[3]
        return super()._body_owner(fingerprint)

    async def _when_peers_know(self, item: Any, store: RedisArticleStore) -> Any:
        """``process_item`` once every other live worker's journal lists this worker's
        (``RedisArticleStore.peers_know_journal``: at most a heartbeat after joining). Every item held
        meanwhile waits on one watch of the acknowledgements (``_release_when_peers_know``), so Redis is
        asked once a poll however many items arrive while the worker joins."""
        waiter: Deferred[None] = Deferred()
        self._held.append(waiter)
        if len(self._held) == 1:
            self._watch = deferred_from_coro(self._release_when_peers_know(store))
        await maybe_deferred_to_future(waiter)
        return self.process_item(item)

    async def _release_when_peers_know(self, store: RedisArticleStore) -> None:
        """Wake the held items once the acknowledgements are in (or the wait gave up), or hand them the
        error reading them raised (Redis gone): each item then fails as its own check would have."""
        try:
            await self._until_peers_know(store)
        except Exception:
            failure = Failure()
            held, self._held = self._held, []
            for waiter in held:
                waiter.errback(failure)
            return
        held, self._held = self._held, []
        for waiter in held:
            waiter.callback(None)

    async def _until_peers_know(self, store: RedisArticleStore) -> None:
        """Poll the acknowledgements every ``ACK_POLL`` s. A worker that beats without ever acknowledging
        (an older release) is waited for up to ``stale_after``; then the export goes on, logged and
        counted: after a later loss of Redis' state its articles could be exported again, as they could
        before journals were acknowledged."""
        assert store.run is not None
        if not self._waiting_told:
            self._waiting_told = True
            logger.info("exports wait until every live worker's journal lists this worker's (a heartbeat)")
        deadline = time.monotonic() + store.run.registry.stale_after
        while not store.peers_know_journal():
            if time.monotonic() >= deadline:
                if not self._unacknowledged_export:
                    self._unacknowledged_export = True
                    self.stats.inc_value("warta/distributed/journal_unacknowledged")
                    logger.warning(
                        "a live worker has not acknowledged this worker's journal in %.0f s (an older "
                        "release?): exporting anyway; should Redis lose the crawl's state, that worker "
                        "could export these articles again",
                        store.run.registry.stale_after,
                    )
                return
            await sleep(ACK_POLL)
