"""The near-duplicate index in Redis, so every worker of a shared crawl compares against every export.

A :class:`crawler.state.neardup.NearDupStore`: ``NearDupIndex`` hashes and verifies as on one machine,
only the documents live in Redis under ``<prefix>:neardup:*`` (shared by every spider of the prefix, as
the SQLite index is shared by every spider of a data folder, so copies across portals are found too; kept
across crawls, like the rest of the dedup state):

- ``keys``: canonical URL -> document id; ``seq``: the last id given (ids grow with insertion);
- ``meta`` / ``sigs``: document id -> ``[key, meta JSON]`` / compact signature;
- ``recs:<n>``: each document's record (id, band hashes, sketch), at a fixed place by id
  (``neardup_records``); ``records``: the id of this set of records, new when Redis lost them;
- ``params``: the hashing parameters, and ``layout`` (2: records).

An addition is one Lua script (id, document and record at once), so a reader never sees half a document.
Each worker keeps a copy of the records (``neardup_records.Mirror``) and reads only those added since it
last looked, so the candidates of a document are found in the worker, whatever the index holds: Redis'
work an article stays a few commands and a few records (before, the script parsed every id of twenty
band lists and read every candidate's signature, ~0.2 ms of Redis' thread at 2,000 demo articles and
~2 ms at 20,000). The dedup pipeline of a shared crawl adds first and then compares with the earlier
documents only: one script (``add_and_fetch_earlier``) adds and returns the records up to the new one;
the worker reads the documents whose sketch agrees enough (none, for most articles) in a second round
trip. With a journal (``journal.StateJournal``) each addition is also kept in the worker's data folder,
so an index Redis lost is rebuilt with the rest of the article state. The documents of a run's articles
that a feed failed to store are forgotten in both places (``remove``), as the SQLite index forgets them.

An index the version before left (``band:<n>`` hashes: band hash -> space-separated ids) is upgraded by
the first worker that uses it (``_upgrade``), and its parameters then name the layout: a worker of before
refuses it, as it refuses an index of other parameters. Segment keys are named in the scripts (from the
id they give), so the store needs one Redis server, not a cluster, as the rest of the shared crawl does.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from redis import Redis
from redis.exceptions import RedisError

from crawler.distributed.journal import JournalNearDup, StateJournal
from crawler.distributed.neardup_records import SEGMENT, Mirror, RecordLayout

logger = logging.getLogger(__name__)

LAYOUT = "2"  # ``params``' ``layout``: 2, records (``neardup_records``); none, band hash lists (before)

# The part of _ADD and _ADD_AND_FETCH_EARLIER that stores a new document: its id, key, meta, signature and
# record (``neardup_records``; the record's segment key is made here, from ARGV[5], once the id is known).
_STORE = """
local function store(id)
  redis.call('HSET', KEYS[1], ARGV[1], id)
  redis.call('HSET', KEYS[3], id, ARGV[2])
  redis.call('HSET', KEYS[4], id, ARGV[3])
  local segment, width = tonumber(ARGV[6]), tonumber(ARGV[7])
  local key, at = ARGV[5] .. math.floor((id - 1) / segment), ((id - 1) % segment) * width
  redis.call('SETRANGE', key, at, struct.pack('<I4', id) .. ARGV[4])
  redis.call('SET', KEYS[5], ARGV[8], 'NX')
end
"""

# KEYS: keys, seq, meta, sigs, records' state; ARGV: key, [key, meta] JSON, signature, record without its
# id, records' key prefix, SEGMENT, record width, a new state id (taken when the index has none)
_ADD = (
    _STORE
    + """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return false end
local id = redis.call('INCR', KEYS[2])
store(id)
return id
"""
)

# KEYS and ARGV as _ADD, then ARGV[9]: the last id whose record the worker holds, ARGV[10]: records to
# return at most. Adds the document unless its key is stored, then returns {added (0/1), its id, last,
# records, state}: the records of ids ARGV[9] + 1 .. last, one after the other (zeros for an id never
# written), last being its id - 1 or fewer (at most ARGV[10] records), and the records' state id (another
# than the worker's: Redis lost the index since, and the worker's records are of another one).
_ADD_AND_FETCH_EARLIER = (
    _STORE
    + """
local id = redis.call('HGET', KEYS[1], ARGV[1])
local added = 0
if id then
  id = tonumber(id)
else
  id = redis.call('INCR', KEYS[2])
  store(id)
  added = 1
end
local segment, width, held = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[9])
local last = math.max(held, math.min(id - 1, held + tonumber(ARGV[10])))
local parts, first = {}, held + 1
while first <= last do
  local n = math.floor((first - 1) / segment)
  local stop = math.min(last, (n + 1) * segment)
  local want = (stop - first + 1) * width
  local at = ((first - 1) % segment) * width
  local part = redis.call('GETRANGE', ARGV[5] .. n, at, at + want - 1)
  if #part < want then part = part .. string.rep('\\0', want - #part) end
  parts[#parts + 1] = part
  first = stop + 1
end
if added == 0 then redis.call('SET', KEYS[5], ARGV[8], 'NX') end  -- an index of before has none yet
return {added, id, last, table.concat(parts), redis.call('GET', KEYS[5])}
"""
)

# ARGV: records' key prefix, SEGMENT, record width, then records (each with its id): each is written where
# no record is yet, so of two workers upgrading one index at once the second changes nothing.
_WRITE_MISSING = """
local segment, width, written = tonumber(ARGV[2]), tonumber(ARGV[3]), 0
for i = 4, #ARGV do
  local id = struct.unpack('<I4', ARGV[i])
  local key, at = ARGV[1] .. math.floor((id - 1) / segment), ((id - 1) % segment) * width
  local held = redis.call('GETRANGE', key, at, at + 3)
  if #held < 4 or struct.unpack('<I4', held) == 0 then
    redis.call('SETRANGE', key, at, ARGV[i])
    written = written + 1
  end
end
return written
"""


# KEYS: keys, meta, sigs; ARGV: the keys to forget. Their records stay: a candidate whose signature is gone
# is never fetched (``fetch`` and ``add_and_fetch_earlier`` skip it), so never matched.
_REMOVE = """
local removed = 0
for i = 1, #ARGV do
  local id = redis.call('HGET', KEYS[1], ARGV[i])
  if id then
    redis.call('HDEL', KEYS[1], ARGV[i])
    redis.call('HDEL', KEYS[2], id)
    redis.call('HDEL', KEYS[3], id)
    removed = removed + 1
  end
end
return removed
"""


def _text(value: bytes | str | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


MAX_TAIL = 4096  # records one script returns at most (a worker far behind reads the rest in READ_CHUNKs)
READ_CHUNK = 16384  # records one GETRANGE reads (~2.4 MB at 20 bands)


class RedisNearDupStore:
    """Documents and records of a near-duplicate index in Redis (see the module docstring)."""

    def __init__(
        self, server: Redis, prefix: str, *, bands: int, journal: StateJournal | None = None
    ) -> None:
        self.server = server
        self.bands = bands
        self.journal = journal
        self._root = f"{prefix}:neardup"
        self._records = f"{self._root}:recs:"
        self._layout: RecordLayout | None = None
        self._mirror: Mirror | None = None
        self._add = server.register_script(_ADD)
        self._add_and_fetch = server.register_script(_ADD_AND_FETCH_EARLIER)
        self._remove = server.register_script(_REMOVE)
        self._write_missing = server.register_script(_WRITE_MISSING)

    def _key(self, name: str) -> str:
        return f"{self._root}:{name}"

    def _record_key(self, doc_id: int) -> tuple[str, int]:
        """The string holding ``doc_id``'s record, and where in it."""
        assert self._layout is not None
        return f"{self._records}{(doc_id - 1) // SEGMENT}", (doc_id - 1) % SEGMENT * self._layout.width

    def load_params(self) -> dict[str, int] | None:
        stored = self.server.hgetall(self._key("params"))
        params = {name.decode(): int(value) for name, value in stored.items() if name != b"layout"}
        return params or None

    def save_params(self, params: Mapping[str, int]) -> None:
        # Workers starting together write the same values; a different set is refused by the caller. The
        # layout goes with them: a worker of before finds a parameter it does not know and refuses the index.
        self.server.hset(self._key("params"), mapping={**params, "layout": LAYOUT})

    def contains(self, key: str) -> bool:
        return bool(self.server.hexists(self._key("keys"), key))

    def doc_id(self, key: str) -> int | None:
        found = self.server.hget(self._key("keys"), key)
        return None if found is None else int(found)

    # Records ------------------------------------------------------------------------------------------

    def _ready(self, signature: bytes | None = None) -> RecordLayout:
        """The record layout (from the first signature seen, or the index's ``num_perm``), once the index
        is in it: an index written by the version before is upgraded first (``_upgrade``)."""
        if self._layout is None:
            values = len(signature) // 2 if signature else self._stored_values()
            self._layout = RecordLayout(self.bands, values)
            self._upgrade()
        if signature is not None and len(signature) != 2 * self._layout.values:
            raise ValueError("signatures of different lengths")
        return self._layout

    def _stored_values(self) -> int:
        return (self.load_params() or {}).get("num_perm", 128)

    def _script_keys(self) -> list[str]:
        return [
            self._key("keys"),
            self._key("seq"),
            self._key("meta"),
            self._key("sigs"),
            self._key("records"),
        ]

    def _script_args(self, key: str, meta_json: str, signature: bytes, band_hashes: np.ndarray) -> list:
        layout = self._ready(signature)
        payload = json.dumps([key, meta_json], ensure_ascii=False)
        sketches = layout.sketches if self._mirror is None else self._mirror.sketches  # packs once a lookup
        body = layout.body(band_hashes, sketches.pack(signature))
        return [key, payload, signature, body, self._records, SEGMENT, layout.width, uuid.uuid4().hex]

    def _read(self, first: int, last: int) -> bytes:
        """The records of ids ``first .. last`` (zeros for an id never written)."""
        layout = self._ready()
        parts = []
        with self.server.pipeline(transaction=False) as pipe:
            start = first
            while start <= last:
                stop = min(last, start + READ_CHUNK - 1, ((start - 1) // SEGMENT + 1) * SEGMENT)
                key, at = self._record_key(start)
                pipe.getrange(key, at, at + (stop - start + 1) * layout.width - 1)
                parts.append(stop - start + 1)
                start = stop + 1
            found = pipe.execute()
        return b"".join(
            data.ljust(count * layout.width, b"\0") for data, count in zip(found, parts, strict=True)
        )

    def _sync(self, last: int | None = None) -> Mirror:
        """The worker's copy of the records, holding every id up to ``last`` (the last id given). A new
        copy is of the records' state id of now (a new index takes one): a script that answers with another
        tells the worker that Redis lost the index since (``add_and_fetch_earlier`` reads it anew)."""
        if self._mirror is None:
            state_key = self._key("records")
            self.server.set(state_key, uuid.uuid4().hex, nx=True)
            self._mirror = Mirror(self._ready(), _text(self.server.get(state_key)))
        mirror = self._mirror
        if last is None:
            seq, state = self.server.mget(self._key("seq"), self._key("records"))
            if _text(state) != mirror.state:  # Redis lost the index since: read it anew
                self._mirror = None
                return self._sync()
            last = int(seq or 0)
        if last > mirror.top:
            mirror.absorb(self._read(mirror.top + 1, last), through=last)
        return mirror

    def _upgrade(self) -> None:
        """An index written by the version before (band hash -> space-separated id lists, in ``band:<n>``
        hashes) gets a record for each of its documents, from those lists and their signatures; then the
        lists go. Every record is written only where none is, so workers upgrading at once agree. Until
        ``layout`` is set no worker compares (each upgrades first); once it is, a worker of before refuses
        the index (a parameter it does not know), so no document is added without a record."""
        params = self._key("params")
        if self.server.hget(params, "layout") is not None:
            return
        band_keys = [f"{self._root}:band:{n}" for n in range(self.bands)]
        if self.server.exists(band_keys[0]):
            written = self._records_from_lists(band_keys)
            logger.info("near-duplicate index in Redis upgraded to records: %d documents", written)
        if self.server.hlen(params):  # an index in use (a bare ``add``, as a replay, saves no parameters)
            self.server.hset(params, "layout", LAYOUT)
        self.server.delete(*band_keys)

    def _records_from_lists(self, band_keys: list[str]) -> int:
        layout = self._layout
        assert layout is not None
        rows: dict[int, np.ndarray] = {}
        for band, band_key in enumerate(band_keys):
            for value, ids in self.server.hscan_iter(band_key, count=1000):
                for doc_id in ids.split():
                    row = rows.get(int(doc_id))
                    if row is None:
                        row = rows[int(doc_id)] = np.zeros(self.bands, dtype=np.uint32)
                    row[band] = int(value)
        ids = sorted(rows)
        written = 0
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            signatures = self.server.hmget(self._key("sigs"), chunk)
            records = [
                layout.record(
                    doc_id,
                    layout.body(rows[doc_id], layout.sketches.pack(signature or bytes(2 * layout.values))),
                )
                for doc_id, signature in zip(chunk, signatures, strict=True)
                if signature is None or len(signature) == 2 * layout.values
            ]
            if records:
                written += int(self._write_missing(args=[self._records, SEGMENT, layout.width, *records]))
        return written

    # Documents ----------------------------------------------------------------------------------------

    def add(self, key: str, meta_json: str, signature: bytes, band_hashes: np.ndarray) -> int | None:
        args = self._script_args(key, meta_json, signature, band_hashes)
        doc_id = self._add(keys=self._script_keys(), args=args)
        self._journal(key, meta_json, signature, band_hashes)
        return None if doc_id is None else int(doc_id)

    def _journal(self, key: str, meta_json: str, signature: bytes, band_hashes: np.ndarray) -> None:
        """Keep an addition in the worker's journal once Redis took it (a failed one fails its item)."""
        if self.journal is not None:
            hashes = [int(h) for h in band_hashes.tolist()]
            self.journal.neardup(JournalNearDup(key, meta_json, bytes(signature), hashes), synced=True)

    def add_and_fetch_earlier(
        self, key: str, meta_json: str, signature: bytes, band_hashes: np.ndarray, threshold: float
    ) -> tuple[bool, list[tuple[int, str, str, bytes]]]:
        """``add``, then ``fetch`` of the documents stored before this one that share a band with it and
        whose signature is at least ``threshold`` similar to ``signature``. One atomic script adds the
        document and returns the records of the documents added since the worker last looked, up to this
        one: the worker then holds the record of every earlier document, and compares locally (band table
        and sketches). Only the few whose sketch agrees enough are read, in a second round trip (their
        record's bands checked, their signatures compared by the caller; one removed meanwhile is gone, as
        if removed before). Whether it was added, and those documents (as ``fetch`` gives them)."""
        args = self._script_args(key, meta_json, signature, band_hashes)
        mirror = self._sync() if self._mirror is None else self._mirror
        reply = self._add_and_fetch(keys=self._script_keys(), args=[*args, mirror.top, MAX_TAIL])
        added, doc_id, last, tail, state = reply
        self._journal(key, meta_json, signature, band_hashes)
        doc_id, last = int(doc_id), int(last)
        if _text(state) != mirror.state:  # Redis lost the index since this worker read it: read it anew
            logger.warning(
                "the near-duplicate index in Redis is not the one this worker read: reading it anew"
            )
            self._mirror = None
            mirror = self._sync(doc_id - 1)
        else:
            mirror.absorb(tail, through=last)
        if mirror.top < doc_id - 1:  # far behind: the rest of the earlier records, read as they stay
            self._sync(doc_id - 1)
        if added and mirror.top == doc_id - 1:
            mirror.add(doc_id, band_hashes, mirror.sketches.pack(signature))
        near = mirror.near(band_hashes, signature, threshold, below=doc_id)
        return bool(added), self._fetch_sharing(near.tolist(), band_hashes)

    def _fetch_sharing(
        self, doc_ids: list[int], band_hashes: np.ndarray
    ) -> list[tuple[int, str, str, bytes]]:
        """``fetch`` of those of ``doc_ids`` whose record shares one of ``band_hashes`` (the band table
        finds the documents of a bucket of each band hash), in one round trip."""
        if not doc_ids:
            return []
        layout = self._ready()
        with self.server.pipeline(transaction=False) as pipe:
            pipe.hmget(self._key("meta"), doc_ids)
            pipe.hmget(self._key("sigs"), doc_ids)
            self._queue_records(pipe, doc_ids)
            metas, signatures, *records = pipe.execute()
        found = []
        for doc_id, meta, signature, record in zip(doc_ids, metas, signatures, records, strict=True):
            if meta is not None and signature is not None and layout.shares_band(record, band_hashes):
                key, meta_json = json.loads(meta)
                found.append((doc_id, key, meta_json, signature))
        return found

    def remove(self, keys: Iterable[str]) -> int:
        """Forget the documents of a run's articles that were never delivered (a feed failed to store
        them): a copy fetched later must not be judged against an article nobody received. Gone from the
        journal too, so a rebuild of the index does not bring them back. How many Redis held."""
        keys = list(keys)
        if not keys:
            return 0
        index_keys = [self._key("keys"), self._key("meta"), self._key("sigs")]
        try:
            removed = int(self._remove(keys=index_keys, args=keys))
        except RedisError as error:  # the run fails anyway (its feed did); say what stays behind
            logger.warning(
                "could not remove %d undelivered articles from the near-duplicate index in Redis (%s): "
                "a copy of one of them fetched later is judged against it",
                len(keys),
                error,
            )
            return 0
        if self.journal is not None:
            self.journal.forget_neardups(keys)
        return removed

    def _queue_records(self, pipe: Any, doc_ids: list[int]) -> None:
        """A read of each of ``doc_ids``' records, added to ``pipe``."""
        width = self._ready().width
        for doc_id in doc_ids:
            key, at = self._record_key(doc_id)
            pipe.getrange(key, at, at + width - 1)

    def _sharing(self, doc_ids: list[int], band_hashes: np.ndarray) -> list[int]:
        """Those of ``doc_ids`` whose record shares one of ``band_hashes``."""
        if not doc_ids:
            return []
        layout = self._ready()
        with self.server.pipeline(transaction=False) as pipe:
            self._queue_records(pipe, doc_ids)
            records = pipe.execute()
        return [
            i for i, record in zip(doc_ids, records, strict=True) if layout.shares_band(record, band_hashes)
        ]

    def candidates(self, band_hashes: np.ndarray) -> set[int]:
        ids = self._sync().table.candidate_ids(band_hashes)
        return set(self._sharing(ids.tolist(), band_hashes))

    def candidates_near(self, band_hashes: np.ndarray, signature: bytes, threshold: float) -> list[int]:
        """The documents sharing a band whose sketch agrees with ``signature`` enough to match at
        ``threshold`` (sorted ids): every candidate that can, without reading the others' signatures."""
        self._ready(signature)
        near = self._sync().near(band_hashes, signature, threshold, below=2**32)
        return self._sharing(near.tolist(), band_hashes)

    def fetch(self, doc_ids: Iterable[int]) -> list[tuple[int, str, str, bytes]]:
        ids = sorted(doc_ids)
        if not ids:
            return []
        with self.server.pipeline(transaction=False) as pipe:
            pipe.hmget(self._key("meta"), ids)
            pipe.hmget(self._key("sigs"), ids)
            metas, signatures = pipe.execute()
        found = []
        for doc_id, meta, signature in zip(ids, metas, signatures, strict=True):
            if meta is not None and signature is not None:
                key, meta_json = json.loads(meta)
                found.append((doc_id, key, meta_json, signature))
        return found

    def count(self) -> int:
        return int(self.server.hlen(self._key("keys")))

    def commit(self) -> None:
        """Every addition is already in Redis."""

    def close(self) -> None:
        """The connection belongs to the shared run, which closes it."""
