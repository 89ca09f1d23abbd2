"""Dedup: one story, one export — within a run and across scheduled runs.

- the same canonical URL with the same body is dropped (``unchanged``), unless ``warta state reexport``
  marked it (then it is exported again under the same ``version``); with a changed body it is a new
  version, exported again with ``version`` + 1;
- an identical body under another URL is dropped (``duplicate_body``);
- a near-duplicate (the story re-published under a new slug, or lightly edited) is dropped when the first
  copy is from the same portal (``near_duplicate``) and kept with ``duplicateOf`` when it is from another.
- a page whose ``rel=canonical`` names another URL claims that URL; the claim stands when that URL is
  a known article with the same body, or a query variant of the page's own path; otherwise (a known
  article with another body, another path never read) the claimer keeps its own URL and both are kept
  (``canonical_conflict``), so a hostile page cannot replace or suppress an article. When the claimed
  URL's own page turns up later in the same run with another body, it is exported too, as the next
  version of its URL (the page at a URL speaks for that URL).

Nothing is remembered until the feeds took the article (``item_delivered``, sent by
``crawler.exports.delivery.DeliveringFeedExporter`` once every feed wrote its line), so a crawl killed
in between, or a feed that could not write, fetches and exports the article again instead of losing it.
The run's records are journaled: when a feed that holds articles until close (S3, FTP, a compressed
file) fails to store them, or the run is killed before, they are rolled back (``feeds_settled``).
Dropped articles are remembered as fetched, so the next run does not fetch them; those the JSON Schema
refused (a bug of ours, not of the article) are not, so the run after the fix exports them.

Records are committed in groups (``WARTA_STATE_COMMIT_EVERY`` articles, and at least every
``WARTA_STATE_COMMIT_SECONDS`` while the crawl runs, and at close), the near-duplicate index with them:
each line is in its export before its record is written, so a kill loses only records of the export's
last lines, which export recovery (``crawler/exports/recovery.py``) redoes when the next run opens.
"""

from __future__ import annotations

import atexit
import logging
from typing import Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.asyncio import create_looping_call

from crawler.exports.delivery import feeds_settled, item_delivered
from crawler.exports.recovery import TAIL_LINES, unreadable_feeds
from crawler.runmode import records_run
from crawler.state.articles import ArticleStore, RunJournal, item_signal
from crawler.state.component import ArticleState
from crawler.state.neardup import Hashed, Match, NearDupIndex, default_path
from crawler.urls import canonicalize
from pipelines.drops import drop, fetched_again

CANONICAL_CONFLICT_STAT = "warta/items/canonical_conflict"
logger = logging.getLogger(__name__)


def same_path(one: str, other: str) -> bool:
    """The same page address but for its query: the claim of a view on itself."""
    return urlsplit(one)[:3] == urlsplit(other)[:3]


def own_url(adapter: ItemAdapter) -> str:
    """The canonical form of the URL the page was fetched at (its ``canonicalUrl`` when it has none)."""
    try:
        return canonicalize(adapter.get("url"))  # kept by crawler.urls: computed once an article
    except (TypeError, ValueError):
        return adapter["canonicalUrl"]


class DedupPipeline:
    """Drops copies by canonical URL, exact body and near-duplicate body; numbers edited versions.

    Off (``NotConfigured``) for a spider that keeps no article state, and under a command that keeps no
    records (``scrapy parse --pipelines``: the near-duplicate index is a file of the data folder)."""

    def __init__(self, crawler: Crawler, state: ArticleState) -> None:
        self.crawler = crawler
        self.state = state
        self.stats = crawler.stats
        settings = crawler.settings
        self.neardup_enabled = settings.getbool("WARTA_NEARDUP_ENABLED")
        self.neardup_threshold = settings.getfloat("WARTA_NEARDUP_THRESHOLD")
        # recovery redoes at most TAIL_LINES lost records: a larger group could lose more than it finds
        self.commit_every = min(max(1, settings.getint("WARTA_STATE_COMMIT_EVERY")), TAIL_LINES)
        if unreadable_feeds(settings):
            # ... and redoes none from a feed it cannot read back (CSV, XML, stdout, a JSON-lines feed whose
            # fields leave out the fingerprint): each record committed, a kill loses at most the one in hand
            self.commit_every = 1
        # a group waits at most this long: it bounds how long the near-duplicate index, which other
        # spiders' runs of the data folder share, stays locked for writing
        self.commit_seconds = settings.getfloat("WARTA_STATE_COMMIT_SECONDS")
        self._grouped = False
        self._committer: Any = None
        self.store: ArticleStore | None = None
        self.neardup: NearDupIndex | None = None
        self._this_run: set[str] = set()
        # MinHash of each item between its near-duplicate check and its export, so it is computed once.
        self._hashes: dict[str, Hashed] = {}
        # Canonical URLs exported this run by a page that claimed them (rel=canonical naming another URL).
        self._claimed: set[str] = set()
        self._awaits_store = False
        crawler.signals.connect(self.item_delivered, signal=item_delivered)
        crawler.signals.connect(self.feeds_settled, signal=feeds_settled)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.commit, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        if not records_run(crawler.settings):
            raise NotConfigured
        return cls(crawler, ArticleState.from_crawler(crawler))

    def open_spider(self) -> None:
        self.store = self.state.store
        if self.neardup_enabled:
            self.neardup = self._open_neardup()
        if isinstance(self.store, RunJournal):
            settled = getattr(self.store, "settled_on_open", None)
            if settled and settled[0] == "rolled_back":
                # an earlier run's undoing: this run is not the one that failed to deliver
                self._undo(
                    settled[1], "a run killed before its feeds were stored", "warta/resume/rolled_back"
                )
            self.store.begin_run()
        group_commits = getattr(self.store, "group_commits", None)
        if group_commits is not None and self.commit_every > 1:
            group_commits()
            self._grouped = True
            atexit.register(self._commit_left_open)

    def _commit_left_open(self) -> None:
        """At the exit of a process whose crawl never closed (a second Ctrl-C or SIGTERM: Scrapy stops
        the reactor where it is), commit the open group: its records are of lines the feeds already hold.
        Left to SQLite's rollback, a next run writing another file (``-o day-$(date +%F).jsonl``)
        exported those articles again, as recovery reads back only the feeds it writes itself."""
        try:
            self.commit()
        except Exception:  # at exit, a store closed or broken meanwhile keeps what it has
            logger.debug("could not commit the state at exit", exc_info=True)

    def spider_opened(self, spider: Any = None) -> None:
        """Commit a group at least every ``WARTA_STATE_COMMIT_SECONDS`` while the crawl runs, items or
        not (0: by count alone, and at close)."""
        if self._grouped and self._committer is None and self.commit_seconds > 0:
            self._committer = create_looping_call(self.commit)
            self._committer.start(self.commit_seconds, now=False)

    def commit(self, spider: Any = None) -> None:
        """Make the state's and the near-duplicate index's writes so far durable."""
        if self._grouped and self.store is not None:
            self.store.commit()  # type: ignore[attr-defined]
        if self.neardup is not None:
            self.neardup.flush()

    def _stop_committing(self) -> None:
        if self._committer is not None:
            if self._committer.running:
                self._committer.stop()
            self._committer = None

    def _open_neardup(self) -> NearDupIndex:
        """Shared by every spider of the data folder: copies across portals are found too."""
        path = default_path(self.crawler.settings["WARTA_DATA_DIR"])
        every = self.commit_every if self._grouped_store() else 1
        return NearDupIndex(path, threshold=self.neardup_threshold, commit_every=every)

    def _grouped_store(self) -> bool:
        return hasattr(self.store, "group_commits") and self.commit_every > 1

    def close_spider(self) -> None:
        self._stop_committing()
        self.commit()
        atexit.unregister(self._commit_left_open)
        if self.store is not None:
            self.stats.set_value("warta/state/articles_known", len(self.store))

    def feeds_settled(self, failed: list[str], revoked: bool, spider: Any = None) -> None:
        """Every feed is closed: the run's records stand, or go when a feed failed to store them."""
        if isinstance(self.store, RunJournal):  # both stores: SQLite journals the run, Redis holds it
            if revoked:
                self._undo(self.store.rollback_run(), "a feed failed to store them")
            else:
                self.store.commit_run()
        if self.neardup is not None:
            self.neardup.close()
            self.neardup = None

    def engine_stopped(self) -> None:
        """Without ``feeds_settled`` (the feed exporter failed while closing), the run stays open in the
        store and the next run settles it when it opens the store; the index is closed here."""
        self._stop_committing()
        if self.neardup is not None:
            self.neardup.close()
            self.neardup = None

    def _undo(self, canonicals: list[str], why: str, stat: str = "warta/state/rolled_back") -> None:
        """Records rolled back: those articles were never delivered; the next run exports them."""
        self.stats.inc_value(stat, len(canonicals))
        if canonicals:
            logger.error(
                "%d articles are not counted as delivered (%s): they will be exported again",
                len(canonicals),
                why,
            )
        if self.neardup is not None:
            self.neardup.remove(canonicals)

    def process_item(self, item: Any) -> Any:
        assert self.store is not None
        adapter = ItemAdapter(item)
        self._settle_canonical(adapter)
        canonical, fingerprint = adapter["canonicalUrl"], adapter["fingerprint"]
        known = self._known(canonical)
        if self._exported_this_run(canonical, known) and not self._reclaimed(adapter, known):
            raise drop(self.stats, "duplicate_url", canonical)
        if known is not None and known.fingerprint == fingerprint and not known.reexport:
            raise drop(self.stats, "unchanged", canonical)
        owner = self._body_owner(fingerprint)
        if owner is not None and owner != canonical:
            raise drop(self.stats, "duplicate_body", f"{canonical} repeats {owner}")
        adapter["duplicateOf"] = None
        if known is None and self.neardup is not None:
            self._check_near_duplicate(adapter)
        adapter["version"] = known.next_version(fingerprint) if known is not None else 1
        if known is not None:
            changed = known.fingerprint != fingerprint  # else re-exported on an operator's mark
            self.stats.inc_value("warta/items/updated" if changed else "warta/items/reexported")
        return item

    def _known(self, canonical: str) -> Any:
        """The store's article under ``canonical`` (a shared store reads it with the body claim)."""
        assert self.store is not None
        return self.store.get(canonical)

    def _body_owner(self, fingerprint: str) -> str | None:
        """The canonical URL that owns this body in the store, if any."""
        assert self.store is not None
        return self.store.body_owner(fingerprint)

    def _settle_canonical(self, adapter: ItemAdapter) -> None:
        """A claim on a known article with another body is refused: the page keeps its own URL. So is a
        claim on another path the state never read: nothing says the two pages are one article, and a
        hostile page would otherwise put its body under an article's URL before that article is read.
        (Should the pages agree, the second one read is dropped as ``duplicate_body``.) A claim on a
        variant of the page's own path (a query such as ``?page=all``) stands."""
        assert self.store is not None
        canonical, own = adapter["canonicalUrl"], own_url(adapter)
        if own == canonical:
            return
        known = self.store.get(canonical)
        if known is None:
            if same_path(own, canonical) or self.store.fetched_signal(canonical)[0]:
                return
            self._conflict(f"{adapter['url']} names {canonical}, another page not read yet")
        elif known.fingerprint == adapter["fingerprint"]:
            return
        else:
            self._conflict(f"{adapter['url']} names {canonical}, a known article with another body")
        adapter["canonicalUrl"] = own

    def _reclaimed(self, adapter: ItemAdapter, known: Any) -> bool:
        """True when this page is the one at a URL another page claimed earlier in this run, with another
        body: exported as that URL's next version, instead of dropped as its copy."""
        canonical = adapter["canonicalUrl"]
        if canonical not in self._claimed or own_url(adapter) != canonical:
            return False
        if known is not None and known.fingerprint == adapter["fingerprint"]:
            return False
        self._claimed.discard(canonical)
        self._conflict(f"{canonical} was claimed earlier in this run by a page with another body")
        return True

    def _conflict(self, detail: str) -> None:
        self.stats.inc_value(CANONICAL_CONFLICT_STAT)
        logger.warning("Canonical conflict: %s; both kept", detail)

    def _exported_this_run(self, canonical: str, known: Any) -> bool:
        """The SQLite store tags each row with its run, so nothing grows in memory as a crawl goes on;
        a store without run tags (Redis) falls back to a set of this run's URLs."""
        run_id = getattr(self.store, "run_id", None)
        if run_id is not None:
            return known is not None and known.run_id == run_id
        if canonical in self._this_run:
            return True
        self._this_run.add(canonical)
        return False

    def _check_near_duplicate(self, adapter: ItemAdapter) -> None:
        assert self.neardup is not None
        hashed = self.neardup.hash_text(adapter["articleBody"])
        if hashed is None:  # too short to judge
            return
        matches = self.neardup.query_hashed(hashed, exclude=adapter["canonicalUrl"])
        if not matches:
            self._hashes[adapter["canonicalUrl"]] = hashed  # added once the line is exported
            return
        self._judge_near_duplicate(adapter, matches)

    def _judge_near_duplicate(self, adapter: ItemAdapter, matches: list[Match]) -> None:
        """A copy of the earliest match: dropped within its portal, kept with ``duplicateOf`` across."""
        if not matches:
            return
        first = min(matches, key=lambda m: m.doc_id)
        if first.portal == adapter["portal"]:
            raise drop(self.stats, "near_duplicate", f"{adapter['canonicalUrl']} repeats {first.key}")
        adapter["duplicateOf"] = first.key
        self.stats.inc_value("warta/items/cross_portal_duplicate")

    def item_delivered(
        self, item: Any, response: Response | None, spider: Any = None, awaits_store: bool = False
    ) -> None:
        """The feeds took the article: now the state may remember it."""
        assert self.store is not None
        if awaits_store and not self._awaits_store and isinstance(self.store, RunJournal):
            self._awaits_store = True
            self.store.awaits_store()
        adapter = ItemAdapter(item)
        canonical, own = adapter["canonicalUrl"], own_url(adapter)
        self.store.record(
            canonical,
            adapter["fingerprint"],
            adapter["version"],
            adapter["portal"],
            adapter.get("dateModified"),
            item_signal(adapter, self._fetched_under(response)),
            fetched_url=own,
        )
        if own != canonical:
            self._claimed.add(canonical)
        self._index(adapter)
        if self._grouped and self.store.uncommitted >= self.commit_every:  # type: ignore[attr-defined]
            self.commit()

    def _index(self, adapter: ItemAdapter) -> None:
        """Add a new article to the near-duplicate index: a second file, written after the state; a kill
        in between is mended by export recovery, which indexes the new articles of the last lines."""
        hashed = self._hashes.pop(adapter["canonicalUrl"], None)
        if self.neardup is not None and hashed is not None:
            self.neardup.add_hashed(adapter["canonicalUrl"], hashed, {"portal": adapter["portal"]})

    def item_dropped(self, item: Any, response: Response, exception: Exception, spider: Any = None) -> None:
        """A dropped article was still fetched: the next run need not fetch it again, unless the drop
        was our bug's and not the article's (``pipelines.drops.FETCHED_AGAIN``)."""
        adapter = ItemAdapter(item)
        self._hashes.pop(adapter.get("canonicalUrl"), None)
        if not fetched_again(exception):
            self._mark_fetched(adapter, response)

    def _mark_fetched(self, adapter: ItemAdapter, response: Response | None) -> None:
        canonical = adapter.get("canonicalUrl")
        if not canonical:
            return
        assert self.store is not None
        self.store.mark_fetched(canonical, item_signal(adapter, self._fetched_under(response)))

    @staticmethod
    def _fetched_under(response: Response | None) -> str | None:
        """The sitemap, news-sitemap or feed date the article was requested under."""
        return response.meta.get("warta_signal") if response is not None else None
