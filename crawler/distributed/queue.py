"""The shared request queue: highest priority first and, within a priority, newest first; and its leases.

That is the order of Scrapy's own scheduler (priority queues of LIFO queues). scrapy-redis' default
``PriorityQueue`` breaks ties by the pickled bytes of the request, an arbitrary order that let a chain of
``/page/N/`` listing pages wait behind every queued article. The sorted-set score packs both keys:
``-priority * 1e10 - seq``, with ``seq`` from an atomic counter shared by all workers (exact in a double
while |priority| < 900 000 and seq < 1e10).

scrapy-redis pops a request for good: a worker killed with requests in flight loses them for the crawl.
``LeasedLifoPriorityQueue`` moves a popped request, in the same atomic step, into the crawl's lease hash
(``<worker>#<n>`` -> score and request) until the worker has handled it (``settle``): its response went
through the callback, the requests that yielded are queued and the items passed the pipelines (or the
request failed for good). A worker whose heartbeat stopped has its leases put back in the queue by a live
one (``leases.reap``), with their old scores.

``push_unseen`` is the scheduler's one round trip per request: the dupefilter's fingerprint set, the
sequence counter and the queue in one script (three round trips before, most of a discovery worker's
calls while it turns sitemaps into requests). A reply lost to an outage leaves the request either
wholly queued (its fingerprint is then seen when it is pushed again) or not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from scrapy import Request
from scrapy_redis.queue import Base

from crawler.distributed.leases import give_back_unknown

logger = logging.getLogger(__name__)

_SPAN = 10_000_000_000

# KEYS: the queue, the leases; ARGV: the lease field. The first request, moved into the leases.
_POP_LEASED = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #found == 0 then return false end
redis.call('ZREM', KEYS[1], found[1])
redis.call('HSET', KEYS[2], ARGV[1], found[2] .. ' ' .. found[1])
return found[1]
"""


# KEYS: the dupefilter set, the queue, its sequence counter; ARGV: the request's fingerprint ('' to queue
# it unfiltered), its priority, the encoded request. 1: queued; 0: its fingerprint was seen, not queued.
# The score is formatted here: Redis would turn a Lua number into 14 significant digits only.
_PUSH_UNSEEN = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
local seq = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[2], string.format('%.0f', -tonumber(ARGV[2]) * 10000000000 - seq), ARGV[3])
return 1
"""


class LifoPriorityQueue(Base):
    """A Redis sorted set of requests: priority first, then last in, first out."""

    @property
    def seq_key(self) -> str:
        return f"{self.key}:seq"

    def __len__(self) -> int:
        return int(self.server.zcard(self.key))

    def push(self, request: Request) -> None:
        seq = int(self.server.incr(self.seq_key))
        score = -request.priority * _SPAN - seq
        self.server.zadd(self.key, {self._encode_request(request): score})

    def push_unseen(self, request: Request, seen_key: str, fingerprint: str | None) -> bool:
        """Queue ``request`` unless ``fingerprint`` is in the set ``seen_key`` (adding it), in one step;
        None queues it unfiltered. Whether it was queued."""
        script = getattr(self, "_push_unseen", None)
        if script is None:
            script = self._push_unseen = self.server.register_script(_PUSH_UNSEEN)
        keys = [seen_key, self.key, self.seq_key]
        args = [fingerprint or "", request.priority, self._encode_request(request)]
        return bool(script(keys=keys, args=args))

    def pop(self, timeout: int = 0) -> Request | None:
        with self.server.pipeline(transaction=True) as pipe:
            pipe.zrange(self.key, 0, 0)
            pipe.zremrangebyrank(self.key, 0, 0)
            results, _ = pipe.execute()
        return self._decode_request(results[0]) if results else None

    def clear(self) -> None:
        self.server.delete(self.key, self.seq_key)


class LeasedLifoPriorityQueue(LifoPriorityQueue):
    """``LifoPriorityQueue`` whose pops are leased to one worker until settled (see the module docstring).

    Until ``lease_to`` names the worker and the lease hash, it pops for good like its parent."""

    owner: str | None = None
    leases_key = ""

    def lease_to(self, owner: str, leases_key: str) -> None:
        self.owner = owner
        self.leases_key = leases_key
        self._pop_leased = self.server.register_script(_POP_LEASED)
        self._count = 0
        self._leased: dict[int, tuple[Request, str]] = {}  # id(request) -> (request, lease field)

    def pop(self, timeout: int = 0) -> Request | None:
        if self.owner is None:
            return super().pop(timeout)
        self._count += 1
        field = f"{self.owner}#{self._count}"
        raw = self._pop_leased(keys=[self.key, self.leases_key], args=[field])
        if raw is None:
            return None
        try:
            request = self._decode_request(raw)
        except Exception:  # not a request this worker can read: drop it rather than lease it forever
            logger.error("dropped a queued request that cannot be decoded", exc_info=True)
            self.server.hdel(self.leases_key, field)
            return None
        self._leased[id(request)] = (request, field)
        return request

    @property
    def leased(self) -> int:
        """Requests this worker holds and has not settled."""
        return len(self._leased) if self.owner is not None else 0

    def settle(self, in_flight: Iterable[Request]) -> int:
        """End the leases of the requests no longer in flight in this worker; how many ended."""
        if self.owner is None or not self._leased:
            return 0
        busy = {id(request) for request in in_flight}
        done = [key for key in self._leased if key not in busy]
        if not done:
            return 0
        self.server.hdel(self.leases_key, *(self._leased[key][1] for key in done))
        for key in done:
            del self._leased[key]
        return len(done)

    def give_back_unknown(self) -> int:
        """Requests leased to this worker by a pop whose reply was lost go back to the queue: how many."""
        if self.owner is None:
            return 0
        known = {field for _, field in self._leased.values()}
        return give_back_unknown(self.server, self.leases_key, self.owner, known, queue=self.key)

    def forget(self) -> None:
        """Drop the local record of leases (they were put back in the queue, or the crawl is gone)."""
        if self.owner is not None:
            self._leased.clear()
