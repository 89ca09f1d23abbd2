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

A request is stored as scrapy-redis stores it (``Request.to_dict`` pickled), but its callback and errback
names are found directly (``_method_name``): Scrapy's own lookup lists every member of the spider, twice
a request (~60 µs, a worker's largest per-request cost outside the network).

``push_unseen`` queues requests that pass the dupefilter: the fingerprint set, the sequence counter and the
queue in one script, for any number of requests, and it can pop (leased) the next request in the same
step. The scheduler keeps the requests a worker yields until its next pop and sends them with it
(``compat.SharedScheduler``): a discovery worker that turns a sitemap into hundreds of requests queues
them in one round trip, and each page costs one round trip for its pop and its new requests together
(three round trips a request before the one script, two with it). A reply lost to an outage leaves the
requests either wholly queued (their fingerprints are then seen when they are pushed again) or not at
all, and the popped request leased under a field this worker reserved (``give_back_unknown``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from scrapy import Request, Spider
from scrapy_redis.queue import Base

from crawler.distributed.leases import give_back_unknown

logger = logging.getLogger(__name__)

_SPAN = 10_000_000_000

# KEYS: the dupefilter set, the queue, its sequence counter, the leases ('' when a pop is not leased).
# ARGV: the lease field of a pop ('' for none), then per request its fingerprint ('' to queue it
# unfiltered), priority and encoded form. Returns one character per request ('1' queued, '0' its
# fingerprint was seen: not queued), then the popped request (the first one, moved into the leases) or
# nil. The score is formatted here: Redis would turn a Lua number into 14 significant digits only.
_PUSH_AND_POP = """
local flags = {}
for i = 2, #ARGV, 3 do
  if ARGV[i] ~= '' and redis.call('SADD', KEYS[1], ARGV[i]) == 0 then
    flags[#flags + 1] = '0'
  else
    local seq = redis.call('INCR', KEYS[3])
    local score = string.format('%.0f', -tonumber(ARGV[i + 1]) * 10000000000 - seq)
    redis.call('ZADD', KEYS[2], score, ARGV[i + 2])
    flags[#flags + 1] = '1'
  end
end
local popped = false
if ARGV[1] ~= '' then
  local found = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  if #found > 0 then
    redis.call('ZREM', KEYS[2], found[1])
    if KEYS[4] ~= '' then redis.call('HSET', KEYS[4], ARGV[1], found[2] .. ' ' .. found[1]) end
    popped = found[1]
  end
end
return {table.concat(flags), popped}
"""


def _method_name(spider: Spider, func: Any) -> str | None:
    """The attribute name under which ``spider`` has the method ``func`` (by its function's own name),
    None when that does not find it: what ``Request.to_dict`` finds by listing the spider's members, and
    what ``request_from_dict`` reads back with ``getattr``."""
    target = getattr(func, "__func__", None)
    name = getattr(target, "__name__", None)
    if not isinstance(name, str):
        return None
    return name if getattr(getattr(spider, name, None), "__func__", None) is target else None


def request_dict(request: Request, spider: Spider) -> dict[str, Any] | None:
    """``request.to_dict(spider=spider)`` with the callback and errback found by name; None when one of
    them is not a method the spider has under its own name (then Scrapy's lookup, and its error, apply)."""
    names: list[Any] = []
    for func in (request.callback, request.errback):
        if not callable(func):
            names.append(func)
        elif (name := _method_name(spider, func)) is not None:
            names.append(name)
        else:
            return None
    found = {"url": request.url, "callback": names[0], "errback": names[1], "headers": dict(request.headers)}
    for attr in request.attributes:
        found.setdefault(attr, getattr(request, attr))
    if type(request) is not Request:
        found["_class"] = f"{type(request).__module__}.{type(request).__name__}"
    return found


class LifoPriorityQueue(Base):
    """A Redis sorted set of requests: priority first, then last in, first out."""

    def _encode_request(self, request: Request) -> Any:
        found = request_dict(request, self.spider)
        return super()._encode_request(request) if found is None else self.serializer.dumps(found)

    @property
    def seq_key(self) -> str:
        return f"{self.key}:seq"

    def __len__(self) -> int:
        return int(self.server.zcard(self.key))

    def push(self, request: Request) -> None:
        seq = int(self.server.incr(self.seq_key))
        score = -request.priority * _SPAN - seq
        self.server.zadd(self.key, {self._encode_request(request): score})

    def encode(self, request: Request) -> Any:
        """``request`` as the queue stores it (raises for one it cannot store: a callback the spider does
        not have, meta that cannot be pickled)."""
        return self._encode_request(request)

    def push_unseen(
        self, entries: Sequence[tuple[int, str | None, Any]], seen_key: str, *, pop: bool = False
    ) -> tuple[list[bool], Request | None]:
        """Queue each (priority, fingerprint, encoded request) unless its fingerprint is in the set
        ``seen_key`` (adding it; None queues it unfiltered), then with ``pop`` take the next request, all
        in one step: whether each was queued, and the request taken."""
        script = getattr(self, "_push_and_pop", None)
        if script is None:
            script = self._push_and_pop = self.server.register_script(_PUSH_AND_POP)
        field, leases = self._pop_field() if pop else ("", "")
        args: list[Any] = [field]
        for priority, fingerprint, encoded in entries:
            args += [fingerprint or "", priority, encoded]
        flags, raw = script(keys=[seen_key, self.key, self.seq_key, leases], args=args)
        queued = [flag == "1" for flag in (flags.decode() if isinstance(flags, bytes) else flags)]
        return queued, (self._popped(raw, field) if raw is not None else None)

    def _pop_field(self) -> tuple[str, str]:
        """The lease field and lease hash of a pop ('-' and '' when pops are not leased)."""
        return "-", ""

    def _popped(self, raw: Any, field: str) -> Request | None:
        return self._decode_request(raw)

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
        self._count = 0
        self._leased: dict[int, tuple[Request, str]] = {}  # id(request) -> (request, lease field)

    def pop(self, timeout: int = 0) -> Request | None:
        if self.owner is None:
            return super().pop(timeout)
        return self.push_unseen([], "", pop=True)[1]

    def _pop_field(self) -> tuple[str, str]:
        if self.owner is None:
            return super()._pop_field()
        # Reserved before the call: a reply lost after Redis ran it leaves a lease this worker does not
        # know of (``give_back_unknown``), never one under a field it uses again.
        self._count += 1
        return f"{self.owner}#{self._count}", self.leases_key

    def _popped(self, raw: Any, field: str) -> Request | None:
        if self.owner is None:
            return super()._popped(raw, field)
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
