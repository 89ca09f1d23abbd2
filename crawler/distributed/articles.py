"""The article state in Redis: what every worker of every crawl has fetched and exported.

An ``crawler.state.articles.ArticleStore`` (exported articles, fetched article URLs with their change
signal, listing read times, sitemaps that answered 404), so the spider's incremental logic and
``DedupPipeline`` run unchanged on it: the Redis add-on names it in ``WARTA_ARTICLE_STORE``. Two
additions close the races two workers would otherwise have, since the store records an article only once
its export line is written: ``claim_body`` (one canonical URL per exact body, kept) and ``claim_export``
(one worker per canonical URL in this crawl), both atomic first-come claims made by
``pipelines.dedup_redis.RedisDedupPipeline``. The article state is kept across crawls; the last worker
out of a crawl removes only the claims.

Each record is written to Redis, then to the worker's own journal (``journal.StateJournal``): a
record Redis did not take during an outage is written when it is back, and a state Redis lost (restarted
empty, flushed) is rebuilt from every worker's journal (``reconcile``). An export claim is refused once
the crawl's run epoch is gone from Redis (``RedisReset``): after a reset the store would know nothing, and
a claim granted then could export an article a second time.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from typing import Any

from redis import Redis
from redis.exceptions import RedisError
from scrapy.crawler import Crawler

from crawler.distributed.journal import (
    JournalArticle,
    JournalNearDup,
    StateJournal,
    journal_entry,
    read_entry,
)
from crawler.distributed.keys import CrawlKeys
from crawler.distributed.link import RedisReset, WorkerReaped
from crawler.distributed.neardup import RedisNearDupStore
from crawler.distributed.run import SharedRun, shared_run
from crawler.distributed.workers import ACK
from crawler.state.articles import FORGET, REEXPORT, KnownArticle, Mark, state_file

logger = logging.getLogger(__name__)

# Records and fetched marks in one script, so one call is one round trip (a script run in a redis-py
# pipeline costs a second one, SCRIPT EXISTS, before every pipeline). KEYS: articles, bodies, recorded,
# fetched, marks, unexported. ARGV: the write's kind ("record": articles exported in this crawl, counted as
# recorded; "fetched": fetched marks; "replay": a journal's records written back), the time, the number of
# articles, then six values per article (URL, entry JSON, version, fingerprint, the URL it was fetched at,
# its signal), then (URL, signal) per fetched mark. A replayed record never replaces a later version
# another worker recorded, nor brings back what an operator forgot since (a URL with a mark is left to its
# next export); a fetched mark keeps the larger change signal ('' stands for "no signal"); an export
# completes the article's operator mark and takes its URLs out of ``unexported``, where a fetched mark
# puts its URL with the time.
_WRITE = """
local function mark(url, signal)
  local current = redis.call('HGET', KEYS[4], url)
  if current == false or (signal ~= '' and (current == '' or signal > current)) then
    redis.call('HSET', KEYS[4], url, signal)
  end
end
local replay = ARGV[1] == 'replay'
local function operated(url)
  return replay and redis.call('HEXISTS', KEYS[5], url) == 1
end
local count = tonumber(ARGV[3])
for i = 4, 3 + count * 6, 6 do
  local url = ARGV[i]
  if not operated(url) then
    local current = redis.call('HGET', KEYS[1], url)
    local newer = false
    if current then
      local ok, entry = pcall(cjson.decode, current)
      local version = ok and type(entry) == 'table' and tonumber(entry.version)
      newer = version and version > tonumber(ARGV[i + 2])
    end
    if not newer then redis.call('HSET', KEYS[1], url, ARGV[i + 1]) end
    redis.call('HSETNX', KEYS[2], ARGV[i + 3], url)
    if ARGV[1] == 'record' then
      redis.call('SADD', KEYS[3], url)
      redis.call('HDEL', KEYS[5], url)
    end
    mark(ARGV[i + 4], ARGV[i + 5])
    redis.call('ZREM', KEYS[6], url, ARGV[i + 4])
  end
end
for i = 4 + count * 6, #ARGV, 2 do
  if not operated(ARGV[i]) then
    mark(ARGV[i], ARGV[i + 1])
    redis.call('ZADD', KEYS[6], ARGV[2], ARGV[i])
  end
end
return 1
"""

# KEYS: bodies, articles, marks; ARGV: body fingerprint, canonical URL. Claims the body for the URL unless
# another URL owns it: {1 when this call claimed it else 0, the owner, the article known under the URL or
# nil, its operator mark or nil}. A script, not a MULTI of four commands: one reply to read instead of six.
_CLAIM_BODY = """
local claimed = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
local owner = redis.call('HGET', KEYS[1], ARGV[1])
return {claimed, owner, redis.call('HGET', KEYS[2], ARGV[2]), redis.call('HGET', KEYS[3], ARGV[2])}
"""

# KEYS: articles, bodies, fetched, marks, unexported, the worker table; ARGV: the mark's JSON, "forget" or
# "reexport", how recent a heartbeat keeps a worker live (seconds), then URLs. Forget: a URL the state knows
# (exported or only fetched) loses its article, the body it owns and its fetched mark. Reexport: an exported
# article loses its fetched mark (the next run that finds it fetches it). Either way the URL is marked.
# Returns how many URLs changed, or -1, changing nothing, while a worker is live: a worker joins the table
# in a script too, so a crawl that starts while the command runs stops the command at its next batch.
_OPERATE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local table_ = redis.call('HGETALL', KEYS[6])
for i = 2, #table_, 2 do
  local ok, state = pcall(cjson.decode, table_[i])
  local at = ok and type(state) == 'table' and tonumber(state.at)
  if at and now - at <= tonumber(ARGV[3]) then return -1 end
end
local changed = 0
for i = 4, #ARGV do
  local url = ARGV[i]
  local entry = redis.call('HGET', KEYS[1], url)
  local act = entry ~= false
  if ARGV[2] == 'forget' then
    act = act or redis.call('HEXISTS', KEYS[3], url) == 1
    if entry then
      local ok, decoded = pcall(cjson.decode, entry)
      local fingerprint = ok and type(decoded) == 'table' and decoded.fingerprint
      if type(fingerprint) == 'string' and redis.call('HGET', KEYS[2], fingerprint) == url then
        redis.call('HDEL', KEYS[2], fingerprint)
      end
      redis.call('HDEL', KEYS[1], url)
    end
  end
  if act then
    redis.call('HDEL', KEYS[3], url)
    redis.call('ZREM', KEYS[5], url)
    redis.call('HSET', KEYS[4], url, ARGV[1])
    changed = changed + 1
  end
end
return changed
"""

# KEYS: claims, epoch, the worker table; ARGV: URL, worker, the worker's run epoch. -1: the epoch is gone
# (Redis was reset); -2: the worker is not in the table (another worker took it for dead and reaped it).
_CLAIM_EXPORT = """
if redis.call('GET', KEYS[2]) ~= ARGV[3] then return -1 end
if redis.call('HEXISTS', KEYS[3], ARGV[2]) == 0 then return -2 end
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return 1 end
return 0
"""

# KEYS: state_id, journals; ARGV: a new state id, then (journal id, entry) pairs. Creates the state id
# unless another worker did, listing the known journals as not merged yet; returns the state id.
_NEW_STATE = """
local current = redis.call('GET', KEYS[1])
if current then return current end
redis.call('SET', KEYS[1], ARGV[1])
for i = 2, #ARGV, 2 do redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 1]) end
return ARGV[1]
"""

REPLAY_BATCH = 500

# The kinds of ``_write_records``: an export of this crawl, a fetched mark, a journal written back.
RECORD, FETCHED, REPLAY = "record", "fetched", "replay"

# How many URLs an operator's change (``warta state``) sends to Redis in one script call.
OPERATE_BATCH = 500

_RELEASE_BODY = """
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1
"""


def _text(value: Any) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


# Operator marks live only in Redis (a worker's journal holds what the worker wrote, not what an operator
# changed): a state Redis lost took with it the marks no export had acted on yet, and the journals written
# back bring those articles back as known.
_MARKS_LOST = (
    "; Redis lost the state, and with it any `warta state forget|reexport` not yet acted on by an export: "
    "the articles those commands named are known again, so run them again"
)


def _read_mark(canonical_url: str, raw: Any) -> Mark | None:
    """The operator mark of a raw ``marks`` entry (None: no mark, or unreadable)."""
    if raw is None:
        return None
    try:
        entry = json.loads(raw)
        return Mark(str(entry["kind"]), float(entry["at"]))
    except (ValueError, KeyError, TypeError):
        logger.warning("unreadable operator mark for %s: ignored", canonical_url)
        return None


class CrawlRunning(RuntimeError):
    """A worker of the crawl became live while ``forget`` or ``reexport`` was changing its state: the
    batches before it were changed, the rest not."""

    def __init__(self, changed: int, done: int, selected: int) -> None:
        super().__init__(
            f"a worker of the crawl started while the state was being changed: {done} of {selected} URLs "
            f"were handled ({changed} changed), the rest left alone; run the command again between crawls"
        )
        self.changed = changed
        self.done = done
        self.selected = selected


class RedisArticleStore:
    """Exported articles, fetched article URLs and listing read times, shared by all workers; with a
    journal (a worker of a shared crawl) every record is also kept in the worker's data folder."""

    def __init__(
        self,
        server: Redis,
        keys: CrawlKeys,
        *,
        journal: StateJournal | None = None,
        run: SharedRun | None = None,
        worker_stale_after: float = 30.0,
    ) -> None:
        self.server = server
        self.keys = keys
        # how recent a heartbeat keeps a worker live (WARTA_REDIS_WORKER_STALE_AFTER): forget and reexport
        # change nothing while one is
        self.worker_stale_after = worker_stale_after
        self.journal = journal
        self.run = run
        self._write = server.register_script(_WRITE)
        self._claim = server.register_script(_CLAIM_EXPORT)
        self._claim_body = server.register_script(_CLAIM_BODY)
        self._journals_seen = -1
        # how many journals the crawl's list held once this worker's was in it, and whether every other
        # live worker's journal has copied that many since (``peers_know_journal``)
        self._journal_rank = 0
        self._peers_know = False
        self._held: list[JournalArticle] | None = None  # records waiting for feeds stored at close

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisArticleStore:
        """The store of this worker's shared crawl: its Redis connection and keys, and its journal."""
        run = shared_run(crawler)
        # One journal per Redis prefix: records written under another prefix belong to another state.
        suffix = f".{run.keys.prefix}.redis-journal.sqlite"
        path = state_file(crawler.settings["WARTA_DATA_DIR"], crawler.spidercls.name, suffix)
        logger.info("article state in Redis under %s:*, journal %s", run.keys.prefix, path)
        store = cls(run.server, run.keys, journal=StateJournal(path), run=run)
        run.store = store
        return store

    # Exported articles -------------------------------------------------------------------------------

    def get(self, canonical_url: str) -> KnownArticle | None:
        with self.server.pipeline(transaction=False) as pipe:
            pipe.hget(self.keys.articles, canonical_url)
            pipe.hget(self.keys.marks, canonical_url)
            raw, mark = pipe.execute()
        return self._known(canonical_url, raw, mark)

    @staticmethod
    def _known(canonical_url: str, raw: Any, mark: Any = None) -> KnownArticle | None:
        """The article of a raw ``articles`` entry and its raw operator mark (None: unknown, or
        unreadable)."""
        if raw is None:
            return None
        try:
            entry = json.loads(raw)
            version = int(entry["version"])
            operated = _read_mark(canonical_url, mark)
            reexport = operated is not None and operated.kind == REEXPORT
            return KnownArticle(
                canonical_url, entry["fingerprint"], version, entry.get("modified"), reexport=reexport
            )
        except (ValueError, KeyError, TypeError):
            logger.warning("unreadable article state for %s: treated as unknown", canonical_url)
            return None

    def body_owner(self, fingerprint: str) -> str | None:
        return _text(self.server.hget(self.keys.bodies, fingerprint))

    def claim_body(self, fingerprint: str, canonical_url: str) -> tuple[str | None, bool]:
        """Atomically make ``canonical_url`` the owner of this body unless another URL already is: the
        owner, and whether this call made it the owner."""
        owner, claimed, _ = self.claim_body_and_read(fingerprint, canonical_url)
        return owner, claimed

    def claim_body_and_read(
        self, fingerprint: str, canonical_url: str
    ) -> tuple[str | None, bool, KnownArticle | None]:
        """``claim_body``, and the article known under ``canonical_url``, in the same round trip (the
        dedup pipeline needs all three for every item)."""
        keys = [self.keys.bodies, self.keys.articles, self.keys.marks]
        claimed, owner, raw, mark = self._claim_body(keys=keys, args=[fingerprint, canonical_url])
        return _text(owner), bool(claimed), self._known(canonical_url, raw, mark)

    def release_body(self, fingerprint: str, canonical_url: str) -> None:
        """Undo a claim whose article was dropped after all, unless another URL owns the body by now."""
        self.server.eval(_RELEASE_BODY, 1, self.keys.bodies, fingerprint, canonical_url)

    def claim_export(self, canonical_url: str, worker: str) -> bool:
        """True when this worker may export ``canonical_url`` in this crawl (first claim wins). Raises
        ``RedisReset`` when the crawl's run epoch is gone: Redis no longer knows what was exported; and
        ``WorkerReaped`` when another worker took this one for dead (a stall longer than its heartbeat
        allows): the reap gave its requests back and freed its claims once, so a claim made after it would
        outlive this worker and make the page's next fetch a "duplicate" of an export that never was."""
        epoch = self.run.registry.epoch if self.run is not None else None
        if epoch is not None:
            assert self.run is not None
            keys = [self.keys.claims, self.keys.epoch, self.run.registry.key]
            answer = int(self._claim(keys=keys, args=[canonical_url, worker, epoch]))
            if answer == -1:
                self.run.link.reset_seen("the run epoch is gone")
                raise RedisReset(f"Redis was reset: {canonical_url} not exported")
            if answer == -2:
                raise WorkerReaped(f"this worker was taken for dead: {canonical_url} left to the others")
            return answer == 1
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
        fetched_url: str | None = None,
    ) -> None:
        article = JournalArticle(
            canonical_url, fingerprint, version, portal, date_modified, fetched_signal, fetched_url
        )
        if self._held is not None:  # the run's feeds store at close: recorded once they did
            self._held.append(article)
            return
        self._record_now(article)

    def _record_now(self, article: JournalArticle) -> None:
        if self.journal is None:
            self._write_records([article], [], kind=RECORD)
            return
        try:
            self._write_records([article], [], kind=RECORD)
        except RedisError as error:  # kept in the journal, written when Redis is back
            logger.debug("record of %s left in the journal: %s", article.canonical_url, error)
            self.journal.record(article, synced=False)
            return
        self.journal.record(article, synced=True)

    # One run's records, held while a feed keeps its articles until close (``RunJournal``) ---------------

    def begin_run(self) -> None:
        self._held = None

    def awaits_store(self) -> None:
        """A feed of this worker (S3, GCS, FTP, a compressed file) holds the articles until it is stored at
        close: the records wait in this worker until then, so a failed store, or a kill before it, leaves
        nothing in the shared state that claims them delivered (the next crawl exports them again)."""
        if self._held is None:
            self._held = []

    def commit_run(self) -> None:
        """The feeds were stored: the held records go to Redis and the journal."""
        held, self._held = self._held or [], None
        for article in held:
            self._record_now(article)

    def rollback_run(self) -> list[str]:
        """A feed failed to store the run's articles: its held records are dropped; their URLs."""
        held, self._held = self._held or [], None
        return [article.canonical_url for article in held]

    def _write_records(
        self, articles: list[JournalArticle], fetched: list[tuple[str, str | None]], *, kind: str
    ) -> None:
        """Articles (each also fetched under its signal) and fetched URLs into Redis: one script, one round
        trip. ``kind``: ``RECORD``, ``FETCHED`` or ``REPLAY`` (see ``_WRITE``)."""
        now = round(time.time(), 3)
        args: list[Any] = [kind, now, len(articles)]
        for a in articles:
            entry = {"fingerprint": a.fingerprint, "version": a.version, "portal": a.portal}
            entry["modified"] = a.date_modified
            entry["at"] = now  # when the state took it: ``warta state --since/--until`` selects by it
            fetched_at = a.fetched_url or a.canonical_url  # a claimed canonical is not fetched itself
            args += [a.canonical_url, json.dumps(entry), a.version, a.fingerprint, fetched_at, a.signal or ""]
        for url, signal in fetched:
            args += [url, signal or ""]
        keys = [self.keys.articles, self.keys.bodies, self.keys.recorded, self.keys.fetched, self.keys.marks]
        self._write(keys=[*keys, self.keys.unexported], args=args)

    def __len__(self) -> int:
        return int(self.server.hlen(self.keys.articles))

    # Fetched article URLs (exported or dropped) ------------------------------------------------------

    def fetched_signal(self, canonical_url: str) -> tuple[bool, str | None]:
        raw = self.server.hget(self.keys.fetched, canonical_url)
        if raw is None:
            return False, None
        return True, (_text(raw) or None)

    def fetched_signals(self, canonical_urls: list[str]) -> list[tuple[bool, str | None]]:
        """``fetched_signal`` of each URL, in one round trip (a sitemap's articles)."""
        if not canonical_urls:
            return []
        raws = self.server.hmget(self.keys.fetched, canonical_urls)
        return [(False, None) if raw is None else (True, _text(raw) or None) for raw in raws]

    def mark_fetched(self, canonical_url: str, signal: str | None) -> None:
        if self.journal is None:
            self._write_records([], [(canonical_url, signal)], kind=FETCHED)
            return
        try:
            self._write_records([], [(canonical_url, signal)], kind=FETCHED)
        except RedisError as error:  # kept in the journal, written when Redis is back
            logger.debug("fetched mark of %s left in the journal: %s", canonical_url, error)
            self.journal.fetched(canonical_url, signal, synced=False)
            return
        self.journal.fetched(canonical_url, signal, synced=True)

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

    # Operators' changes (``warta state``, between crawls) --------------------------------------------

    def mark_of(self, canonical_url: str) -> Mark | None:
        return _read_mark(canonical_url, self.server.hget(self.keys.marks, canonical_url))

    def known_urls(self, urls: list[str]) -> list[str]:
        """Those of ``urls`` the state knows, exported or only fetched."""
        with self.server.pipeline(transaction=False) as pipe:
            for url in urls:
                pipe.hexists(self.keys.articles, url)
                pipe.hexists(self.keys.fetched, url)
            found = pipe.execute()
        return [url for i, url in enumerate(urls) if found[2 * i] or found[2 * i + 1]]

    def urls_between(self, start: float, end: float, *, exported_only: bool) -> list[str]:
        """Canonical URLs of the articles the state took in [start, end) (their last export; a journal's
        record written back after an outage counts when it was written back), and unless ``exported_only``
        the article URLs last fetched then and not exported since. Articles recorded before their entries
        kept a time (Warta before 2026-12) are never selected."""
        found = set()
        for raw_url, raw in self.server.hscan_iter(self.keys.articles, count=1000):
            try:
                at = float(json.loads(raw)["at"])
            except (ValueError, KeyError, TypeError):
                continue
            if start <= at < end:
                found.add(str(_text(raw_url)))
        if not exported_only:
            upper = "+inf" if end == float("inf") else f"({end!r}"
            fetched = self.server.zrangebyscore(self.keys.unexported, start, upper)
            found.update(str(_text(url)) for url in fetched)
        return sorted(found)

    def forget(self, urls: list[str]) -> int:
        """The state forgets these URLs (exported articles, the bodies they own, fetched pages): the next
        run that finds them fetches them and exports them as new. Marked, so neither export recovery nor a
        worker's journal written back restores them from a record made before. How many were known."""
        return self._operate(urls, FORGET)

    def mark_for_reexport(self, urls: list[str]) -> int:
        """The next run that finds these exported articles fetches them and exports them again, even
        unchanged (under the version they had). How many were exported articles."""
        return self._operate(urls, REEXPORT)

    def _operate(self, urls: list[str], kind: str) -> int:
        mark = json.dumps({"kind": kind, "at": time.time()})
        k = self.keys
        keys = [k.articles, k.bodies, k.fetched, k.marks, k.unexported, k.workers]
        changed = 0
        for start in range(0, len(urls), OPERATE_BATCH):
            batch = urls[start : start + OPERATE_BATCH]
            done = int(
                self.server.eval(_OPERATE, len(keys), *keys, mark, kind, self.worker_stale_after, *batch)
            )
            if done < 0:
                raise CrawlRunning(changed, start, len(urls))
            changed += done
        return changed

    # The journal: rebuilding what Redis lost -------------------------------------------------------------

    def neardup_store(self, bands: int) -> RedisNearDupStore:
        """The shared near-duplicate index, its additions journaled like the records."""
        return RedisNearDupStore(self.server, self.keys.prefix, bands=bands, journal=self.journal)

    def reconcile(self) -> tuple[int, list[str]]:
        """Bring this worker's records into the Redis state: those Redis did not take, or all of them when
        the state is not the one the journal was written to (Redis lost it, or another worker rebuilt it).
        Returns how many articles were written back and the places of journals the state still misses."""
        journal = self.journal
        if journal is None:
            return 0, []
        current = _text(self.server.get(self.keys.state_id))
        mine = journal.state_id
        if current is not None and current == mine:
            written = self.replay(unsynced_only=True)
        elif mine is None and journal.empty():  # a new worker: nothing to give back
            current = current if current is not None else self._new_state({})
            written = 0
        else:
            lost = current is None
            others = {k: v for k, v in journal.known_journals().items() if k != journal.journal_id}
            current = self._new_state(others)
            written = self.replay(unsynced_only=False)
            logger.warning(
                "the article state in Redis is not the one this worker's journal was written to: wrote back "
                "%d articles from %s%s",
                written,
                journal.path,
                _MARKS_LOST if lost else "",
            )
        journal.state_id = current
        self.server.hset(self.keys.journals, journal.journal_id, journal_entry(journal.place, merged=True))
        missing = self.sync_journals(force=True)
        self._journal_rank, self._peers_know = self._journals_seen, False
        return written, missing

    def _new_state(self, journals: dict[str, str]) -> str:
        pairs = [x for jid, place in journals.items() for x in (jid, journal_entry(place, merged=False))]
        keys = [self.keys.state_id, self.keys.journals]
        return str(_text(self.server.eval(_NEW_STATE, len(keys), *keys, uuid.uuid4().hex, *pairs)))

    def sync_journals(self, *, force: bool = False) -> list[str]:
        """Copy Redis' list of journals into this one (when it changed); the places not merged yet."""
        if self.journal is None:
            return []
        if not force and int(self.server.hlen(self.keys.journals)) == self._journals_seen:
            return []
        entries = {_text(k): read_entry(v) for k, v in self.server.hgetall(self.keys.journals).items()}
        self._journals_seen = len(entries)
        self.journal.remember_journals({str(k): place for k, (place, _) in entries.items()})
        return sorted(place for place, merged in entries.values() if not merged)

    def journal_ack(self) -> str:
        """What this worker's heartbeat says its journal knows (``workers.ACK``): the state it was written
        to and how many of the crawl's journals it has copied; ``*`` without a journal."""
        state = self.journal.state_id if self.journal is not None else None
        ack = f"{state}:{max(self._journals_seen, 0)}"
        return ack if state is not None and ACK.fullmatch(ack) else "*"

    def peers_know_journal(self) -> bool:
        """Whether every other live worker's journal lists this worker's: only then may it export.

        A worker learns of another's journal on its heartbeat (``sync_journals``). Had this worker exported
        before another wrote its journal down, and Redis then lost the state, that other worker could be
        the first to start again and rebuild the state from its journal alone: it would not know this
        journal was missing and would export this worker's articles a second time. So a worker exports
        only once each live other worker's heartbeat acknowledged (``workers.ACK``) as many journals of the
        same state as the list held when this worker joined it: at most a heartbeat after joining. A worker
        that stops beating leaves the live set after ``stale_after`` and is waited for no longer."""
        if self._peers_know or self.journal is None or self.run is None:
            return True
        state = self.journal.state_id
        for ack in self.run.registry.acknowledgements().values():
            if ack == "*":
                continue
            acked_state, _, count = (ack or "").partition(":")
            if acked_state != state or not count.isdigit() or int(count) < self._journal_rank:
                return False
        self._peers_know = True
        return True

    def replay(self, *, unsynced_only: bool) -> int:
        """Write the journal's records (all, or only those Redis did not take) into Redis; every write
        merges, so replaying what Redis already holds changes nothing. Returns the articles written."""
        journal = self.journal
        if journal is None:
            return 0
        articles = list(journal.articles(unsynced_only=unsynced_only))
        for start in range(0, len(articles), REPLAY_BATCH):
            self._write_records(articles[start : start + REPLAY_BATCH], [], kind=REPLAY)
        fetched = list(journal.fetched_urls(unsynced_only=unsynced_only))
        for start in range(0, len(fetched), REPLAY_BATCH):
            self._write_records([], fetched[start : start + REPLAY_BATCH], kind=REPLAY)
        self._replay_neardup(list(journal.neardups(unsynced_only=unsynced_only)))
        journal.synced("articles", *(article.canonical_url for article in articles))
        journal.synced("fetched", *(url for url, _ in fetched))
        return len(articles)

    def _replay_neardup(self, entries: list[JournalNearDup]) -> None:
        import numpy as np

        assert self.journal is not None
        stores: dict[int, RedisNearDupStore] = {}
        for entry in entries:
            bands = len(entry.bands)
            store = stores.setdefault(bands, RedisNearDupStore(self.server, self.keys.prefix, bands=bands))
            store.add(entry.key, entry.meta_json, entry.signature, np.array(entry.bands, dtype=np.uint32))
        self.journal.synced("neardup", *(entry.key for entry in entries))

    def close(self) -> None:
        if self.journal is not None:
            self.journal.close()
        self.server.close()
