"""The Redis key names of one shared crawl, in one place so every worker agrees on them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CrawlKeys:
    """Keys of one spider's shared crawl under a prefix (``WARTA_REDIS_PREFIX``)."""

    prefix: str
    spider: str

    def _key(self, name: str) -> str:
        return f"{self.prefix}:{self.spider}:{name}"

    @property
    def requests(self) -> str:
        """The shared scheduler queue (scrapy-redis)."""
        return self._key("requests")

    @property
    def dupefilter(self) -> str:
        """Fingerprints of every request scheduled in this crawl (scrapy-redis)."""
        return self._key("dupefilter")

    @property
    def seeds(self) -> str:
        """JSON seed requests; operators may push more while the crawl runs."""
        return self._key("start_urls")

    @property
    def seeded(self) -> str:
        """Set by the one worker that pushed the spider's own seeds for this crawl."""
        return self._key("seeded")

    @property
    def workers(self) -> str:
        """Hash: worker id -> its last reported state."""
        return self._key("workers")

    @property
    def articles(self) -> str:
        """Dedup state, kept across crawls: canonical URL -> fingerprint, version."""
        return self._key("articles")

    @property
    def bodies(self) -> str:
        """Dedup state, kept across crawls: body fingerprint -> the canonical URL that owns it."""
        return self._key("bodies")

    @property
    def claims(self) -> str:
        """This crawl's exports: canonical URL -> the worker exporting it (one worker per article)."""
        return self._key("claims")

    @property
    def fetched(self) -> str:
        """Incremental state, kept across crawls: article URL -> change signal it was fetched under."""
        return self._key("fetched")

    @property
    def marks(self) -> str:
        """Kept across crawls: canonical URL -> an operator's change (``warta state``) that the article's
        next export completes: its kind and when it was made."""
        return self._key("marks")

    @property
    def unexported(self) -> str:
        """Kept across crawls: sorted set of the article URLs fetched and not exported since (dropped:
        empty, a duplicate, ...), scored by when, so ``warta state forget --since`` reaches them."""
        return self._key("unexported")

    @property
    def pages(self) -> str:
        """Incremental state, kept across crawls: listing, feed or sitemap URL -> when it was last read."""
        return self._key("pages")

    @property
    def gone_pages(self) -> str:
        """Incremental state, kept across crawls: sitemap URL -> when it last answered 404 or 410."""
        return self._key("gone_pages")

    @property
    def epoch(self) -> str:
        """This crawl's id, set by its first worker: gone or changed means Redis was reset under the crawl."""
        return self._key("epoch")

    @property
    def leases(self) -> str:
        """Requests a worker took from the queue and has not finished: ``<worker>#<n>`` -> score, request."""
        return self._key("leases")

    @property
    def seed_leases(self) -> str:
        """Seeds a worker took from the seed list and has not scheduled yet: ``<worker>#<n>`` -> seed."""
        return self._key("seed_leases")

    @property
    def recorded(self) -> str:
        """Canonical URLs whose export was recorded in this crawl (a dead worker's other claims are freed)."""
        return self._key("recorded")

    @property
    def state_id(self) -> str:
        """Kept across crawls: the id of this article state; gone means Redis lost it (see ``journal``)."""
        return self._key("state_id")

    @property
    def journals(self) -> str:
        """Kept across crawls: journal id -> where it is, and whether its records are in this state."""
        return self._key("journals")

    def crawl_scoped(self) -> list[str]:
        """What one crawl leaves behind and the last worker out removes (never the dedup state)."""
        scoped = [self.requests, f"{self.requests}:seq", self.dupefilter, self.seeded, self.claims]
        return [*scoped, self.epoch, self.leases, self.seed_leases, self.recorded]


def scheduler_key_templates(prefix: str) -> dict[str, str]:
    """scrapy-redis key settings (``%(spider)s`` templates) matching ``CrawlKeys``."""
    return {
        "SCHEDULER_QUEUE_KEY": f"{prefix}:%(spider)s:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:%(spider)s:dupefilter",
    }
