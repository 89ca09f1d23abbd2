"""Whether a shared crawl has nothing left to do, judged in one atomic look at Redis.

Every piece of work of a shared crawl is in Redis at every moment: a request is queued, or leased to the
worker handling it until the requests it yielded are queued and its items exported (``queue``); a seed is
in the seed list, or leased to the worker moving it into the queue (``seeds``). The one exception is a
worker still reading its own ``start()`` (the seeder), which reports itself busy in the worker table
from the moment it joins until its start requests are all scheduled (``workers``).

So the crawl is finished when queue, leases, seed list and seed leases are all empty and no live worker
reports itself busy, *in the same instant*: looked at one key after another, a request could move from the
queue into a lease between two reads and be missed by both. One Lua script reads them all at once; an idle
worker that sees the crawl quiet can close without waiting for the heartbeats to agree for a while.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from redis import Redis

from crawler.distributed.keys import CrawlKeys

# KEYS: queue, leases, seed list, seed leases, worker table. ARGV: this worker's id, stale_after seconds.
# The queue is scrapy-redis' (a sorted set here, a list for its FIFO/LIFO queues).
_LOOK = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local kind = redis.call('TYPE', KEYS[1])['ok']
local queued = 0
if kind == 'zset' then queued = redis.call('ZCARD', KEYS[1])
elseif kind == 'list' then queued = redis.call('LLEN', KEYS[1]) end
local leased = redis.call('HLEN', KEYS[2])
local seeds = redis.call('LLEN', KEYS[3]) + redis.call('HLEN', KEYS[4])
local busy = 0
local table_ = redis.call('HGETALL', KEYS[5])
for i = 1, #table_, 2 do
  if table_[i] ~= ARGV[1] then
    local ok, state = pcall(cjson.decode, table_[i + 1])
    local at = ok and type(state) == 'table' and tonumber(state.at)
    if at and now - at <= tonumber(ARGV[2]) and state.busy then busy = busy + 1 end
  end
end
return {queued, leased, seeds, busy}
"""


@dataclass(frozen=True)
class CrawlState:
    """What the shared crawl holds at one instant."""

    queued: int  # requests in the shared queue
    leased: int  # requests taken by a worker and not handled yet
    seeds: int  # seeds in the list or taken by a worker and not queued yet
    busy_workers: int  # other live workers that report themselves busy

    @property
    def quiet(self) -> bool:
        """Nothing left anywhere: the crawl is finished."""
        return not (self.queued or self.leased or self.seeds or self.busy_workers)


_SCRIPTS: WeakKeyDictionary[Redis, Any] = WeakKeyDictionary()


def look(server: Redis, keys: CrawlKeys, me: str, stale_after: float) -> CrawlState:
    """The crawl's state in one atomic step (see the module docstring)."""
    script = _SCRIPTS.get(server)
    if script is None:
        script = _SCRIPTS[server] = server.register_script(_LOOK)
    names = [keys.requests, keys.leases, keys.seeds, keys.seed_leases, keys.workers]
    counts: Any = script(keys=names, args=[me, stale_after])
    return CrawlState(*(int(n) for n in counts))
