"""The near-duplicate index in Redis, so every worker of a shared crawl compares against every export.

A :class:`crawler.state.neardup.NearDupStore`: ``NearDupIndex`` hashes and verifies as on one machine,
only the documents and the LSH band table live in Redis under ``<prefix>:neardup:*`` (shared by every
spider of the prefix, as the SQLite index is shared by every spider of a data folder, so copies across
portals are found too; kept across crawls, like the rest of the dedup state):

- ``keys``: canonical URL -> document id; ``seq``: the last id given (ids grow with insertion);
- ``meta`` / ``sigs``: document id -> ``[key, meta JSON]`` / compact signature;
- ``band:<n>``: one hash per band, band hash -> space-separated ids.

An addition is one Lua script (id, document and all its bands at once), so a reader never sees half a
document. A lookup is two round trips: the band hashes, then the candidates' signatures. The dedup
pipeline of a shared crawl adds first and then compares with the earlier documents only: that is one
script too (``add_and_fetch_earlier``), which returns the signatures of the documents sharing a band that
were stored before this one, packed in one string; the worker compares them and reads the documents of
those similar enough to match (none, for most articles). With a journal
(``journal.StateJournal``) each addition is also kept in the worker's data folder, so an index Redis lost
is rebuilt with the rest of the article state. The documents of a run's articles that a feed failed to
store are forgotten in both places (``remove``), as the SQLite index forgets them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping

import numpy as np
from redis import Redis
from redis.exceptions import RedisError

from crawler.distributed.journal import JournalNearDup, StateJournal
from crawler.state.neardup import packed_similarities

logger = logging.getLogger(__name__)

# KEYS: keys, seq, meta, sigs, band:0 .. band:n-1; ARGV: key, [key, meta] JSON, signature, hash 0 .. n-1
_ADD = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return false end
local id = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[1], id)
redis.call('HSET', KEYS[3], id, ARGV[2])
redis.call('HSET', KEYS[4], id, ARGV[3])
for i = 5, #KEYS do
  local value = ARGV[i - 1]
  local ids = redis.call('HGET', KEYS[i], value)
  if ids then ids = ids .. ' ' .. id else ids = id end
  redis.call('HSET', KEYS[i], value, ids)
end
return id
"""


# KEYS and ARGV as _ADD. Adds the document unless its key is stored, then returns {added (0/1), ids, packed
# signatures, odd} of the documents stored before it (lower ids) that share a band with it: the ids as one
# space-separated string and their signatures one after the other in one string (a reply of two strings
# costs the worker far less to read than three entries a candidate, and a templated portal's article meets
# dozens), ``odd`` counting candidates whose signature is not this one's length (never comparable).
# Fetched in chunks: ``unpack`` of a popular band's thousands of ids would overflow Lua's stack.
_ADD_AND_FETCH_EARLIER = """
local id = redis.call('HGET', KEYS[1], ARGV[1])
local added = 0
if id then
  id = tonumber(id)
else
  id = redis.call('INCR', KEYS[2])
  redis.call('HSET', KEYS[1], ARGV[1], id)
  redis.call('HSET', KEYS[3], id, ARGV[2])
  redis.call('HSET', KEYS[4], id, ARGV[3])
  added = 1
end
local seen, earlier = {}, {}
for i = 5, #KEYS do
  local value = ARGV[i - 1]
  local ids = redis.call('HGET', KEYS[i], value)
  if ids then
    for word in string.gmatch(ids, '%d+') do
      local other = tonumber(word)
      if other < id and not seen[other] then
        seen[other] = true
        earlier[#earlier + 1] = other
      end
    end
  end
  if added == 1 then
    if ids then ids = ids .. ' ' .. id else ids = id end
    redis.call('HSET', KEYS[i], value, ids)
  end
end
table.sort(earlier)
local width, found, packed, odd = #ARGV[3], {}, {}, 0
for start = 1, #earlier, 1000 do
  local chunk = {}
  for j = start, math.min(start + 999, #earlier) do chunk[#chunk + 1] = earlier[j] end
  local g = redis.call('HMGET', KEYS[4], unpack(chunk))
  for j = 1, #chunk do
    local sig = g[j]
    if sig then
      if #sig == width then
        found[#found + 1] = chunk[j]
        packed[#packed + 1] = sig
      else
        odd = odd + 1
      end
    end
  end
end
return {added, table.concat(found, ' '), table.concat(packed), odd}
"""


# KEYS: keys, meta, sigs; ARGV: the keys to forget. Their ids stay in the band hashes: a candidate whose
# signature is gone is never fetched (``fetch`` and ``_ADD_AND_FETCH_EARLIER`` skip it), so never matched.
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


class RedisNearDupStore:
    """Documents and band table of a near-duplicate index in Redis (see the module docstring)."""

    def __init__(
        self, server: Redis, prefix: str, *, bands: int, journal: StateJournal | None = None
    ) -> None:
        self.server = server
        self.bands = bands
        self.journal = journal
        self._root = f"{prefix}:neardup"
        self._band_keys = [f"{self._root}:band:{n}" for n in range(bands)]
        self._add = server.register_script(_ADD)
        self._add_and_fetch = server.register_script(_ADD_AND_FETCH_EARLIER)
        self._remove = server.register_script(_REMOVE)

    def _key(self, name: str) -> str:
        return f"{self._root}:{name}"

    def load_params(self) -> dict[str, int] | None:
        stored = self.server.hgetall(self._key("params"))
        return {name.decode(): int(value) for name, value in stored.items()} if stored else None

    def save_params(self, params: Mapping[str, int]) -> None:
        # Workers starting together write the same values; a different set is refused by the caller.
        self.server.hset(self._key("params"), mapping=dict(params))

    def contains(self, key: str) -> bool:
        return bool(self.server.hexists(self._key("keys"), key))

    def doc_id(self, key: str) -> int | None:
        found = self.server.hget(self._key("keys"), key)
        return None if found is None else int(found)

    def add(self, key: str, meta_json: str, signature: bytes, band_hashes: np.ndarray) -> int | None:
        keys = [self._key("keys"), self._key("seq"), self._key("meta"), self._key("sigs"), *self._band_keys]
        payload = json.dumps([key, meta_json], ensure_ascii=False)
        hashes = [int(h) for h in band_hashes.tolist()]
        doc_id = self._add(keys=keys, args=[key, payload, signature, *hashes])
        if self.journal is not None:  # after Redis took it: a failed addition fails its item
            self.journal.neardup(JournalNearDup(key, meta_json, bytes(signature), hashes), synced=True)
        return None if doc_id is None else int(doc_id)

    def add_and_fetch_earlier(
        self, key: str, meta_json: str, signature: bytes, band_hashes: np.ndarray, threshold: float
    ) -> tuple[bool, list[tuple[int, str, str, bytes]]]:
        """``add``, then ``fetch`` of the documents stored before this one that share a band with it and
        whose signature is at least ``threshold`` similar to ``signature``, in one atomic step (the script
        returns every candidate's signature; only the documents similar enough are read whole, in a
        second round trip when there are any: one removed meanwhile is gone, as if removed before).
        Whether it was added, and those documents (as ``fetch`` gives them)."""
        keys = [self._key("keys"), self._key("seq"), self._key("meta"), self._key("sigs"), *self._band_keys]
        payload = json.dumps([key, meta_json], ensure_ascii=False)
        hashes = [int(h) for h in band_hashes.tolist()]
        added, ids, packed, odd = self._add_and_fetch(keys=keys, args=[key, payload, signature, *hashes])
        if self.journal is not None:  # after Redis took it: a failed addition fails its item
            self.journal.neardup(JournalNearDup(key, meta_json, bytes(signature), hashes), synced=True)
        if odd:
            raise ValueError("signatures of different lengths")
        similar = zip(ids.split(), packed_similarities(bytes(signature), packed), strict=True)
        return bool(added), self.fetch([int(doc_id) for doc_id, value in similar if value >= threshold])

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

    def candidates(self, band_hashes: np.ndarray) -> set[int]:
        with self.server.pipeline(transaction=False) as pipe:
            for band_key, value in zip(self._band_keys, band_hashes.tolist(), strict=True):
                pipe.hget(band_key, value)
            found = pipe.execute()
        return {int(doc_id) for ids in found if ids for doc_id in ids.split()}

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
