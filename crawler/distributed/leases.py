"""Work a dead worker held goes back to the crawl: its leased requests and seeds, and its export claims.

A worker's leases last as long as its heartbeat (``workers.WorkerRegistry``): a live worker that finds an
entry in the worker table older than ``WARTA_REDIS_WORKER_STALE_AFTER`` seconds, or a lease whose worker
is not in the table at all, takes that worker for dead and, in one Lua script (so two live workers never
both re-queue the same request):

- puts its leased requests back in the shared queue with their old scores, and its leased seeds back at the
  head of the seed list;
- frees its export claims on articles it never recorded (it died between claiming and exporting them), so
  the re-queued page can be exported by the worker that fetches it again; a claim it did record stays, and
  the copy is dropped as ``duplicate_url``. (A worker killed in the instant between writing an export
  line and recording it cannot be told from one killed before the line: that article is exported twice,
  rather than lost; the record goes to Redis before anything else to keep that instant short.)
- removes it from the worker table: a worker that comes back after all finds itself missing at its next
  heartbeat and fails its run rather than doubling work silently.

A worker leaving normally puts back whatever it still holds (``release``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from redis import Redis

from crawler.distributed.keys import CrawlKeys

# KEYS: workers, queue, leases, seed leases, seeds, claims, recorded.
# ARGV: this worker (never reaped), stale_after seconds, a worker to release whatever its heartbeat says.
_REAP = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local live, dead, workers = {}, {}, 0
local table_ = redis.call('HGETALL', KEYS[1])
for i = 1, #table_, 2 do
  local wid = table_[i]
  local ok, state = pcall(cjson.decode, table_[i + 1])
  local at = ok and type(state) == 'table' and tonumber(state.at)
  if wid == ARGV[3] then
    dead[wid] = true
  elseif wid == ARGV[1] or not at or now - at <= tonumber(ARGV[2]) then
    live[wid] = true  -- alive, or an entry not written by a worker: not ours to judge
  else
    dead[wid] = true
    redis.call('HDEL', KEYS[1], wid)
    workers = workers + 1
  end
end
live[ARGV[1]] = ARGV[3] ~= ARGV[1] or nil
local function owner(field)
  return string.match(field, '^(.*)#[^#]*$') or field
end
local function gone(wid)
  if live[wid] then return false end
  dead[wid] = true
  return true
end
local requests, seeds, claims = 0, 0, 0
local leased = redis.call('HGETALL', KEYS[3])
for i = 1, #leased, 2 do
  if gone(owner(leased[i])) then
    local value = leased[i + 1]
    local space = string.find(value, ' ', 1, true)
    if space then
      redis.call('ZADD', KEYS[2], string.sub(value, 1, space - 1), string.sub(value, space + 1))
      requests = requests + 1
    end
    redis.call('HDEL', KEYS[3], leased[i])
  end
end
local seeded = redis.call('HGETALL', KEYS[4])
for i = 1, #seeded, 2 do
  if gone(owner(seeded[i])) then
    redis.call('LPUSH', KEYS[5], seeded[i + 1])
    redis.call('HDEL', KEYS[4], seeded[i])
    seeds = seeds + 1
  end
end
if next(dead) ~= nil then
  local claimed = redis.call('HGETALL', KEYS[6])
  for i = 1, #claimed, 2 do
    if dead[claimed[i + 1]] and redis.call('SISMEMBER', KEYS[7], claimed[i]) == 0 then
      redis.call('HDEL', KEYS[6], claimed[i])
      claims = claims + 1
    end
  end
end
return {workers, requests, seeds, claims}
"""


@dataclass(frozen=True)
class Reaped:
    """What one reap gave back to the crawl."""

    workers: int
    requests: int
    seeds: int
    claims: int

    def __bool__(self) -> bool:
        return bool(self.workers or self.requests or self.seeds or self.claims)


def _run(server: Redis, keys: CrawlKeys, me: str, stale_after: float, release: str) -> Reaped:
    names = [keys.workers, keys.requests, keys.leases, keys.seed_leases, keys.seeds, keys.claims]
    names.append(keys.recorded)
    script = _SCRIPTS.get(server)
    if script is None:
        script = _SCRIPTS[server] = server.register_script(_REAP)
    counts: Any = script(keys=names, args=[me, stale_after, release])
    return Reaped(*(int(n) for n in counts))


_SCRIPTS: WeakKeyDictionary[Redis, Any] = WeakKeyDictionary()


def reap(server: Redis, keys: CrawlKeys, me: str, stale_after: float) -> Reaped:
    """Give the work of dead workers back to the crawl (see the module docstring)."""
    return _run(server, keys, me, stale_after, "")


def release(server: Redis, keys: CrawlKeys, me: str, stale_after: float) -> Reaped:
    """Put back whatever this worker still holds (it is leaving), and reap the dead on the way."""
    return _run(server, keys, me, stale_after, me)


# KEYS: the lease hash, the request queue, the seed list; ARGV: lease fields. Each field still leased goes
# back where it came from: a request lease ("score request") to the queue with its score, a seed lease to
# the head of the seed list.
_GIVE_BACK = """
local given = 0
for i = 1, #ARGV do
  local value = redis.call('HGET', KEYS[1], ARGV[i])
  if value then
    local space = string.find(value, ' ', 1, true)
    if KEYS[2] ~= '' and space then
      redis.call('ZADD', KEYS[2], string.sub(value, 1, space - 1), string.sub(value, space + 1))
    elseif KEYS[3] ~= '' then
      redis.call('LPUSH', KEYS[3], value)
    end
    redis.call('HDEL', KEYS[1], ARGV[i])
    given = given + 1
  end
end
return given
"""


def give_back_unknown(
    server: Redis, leases: str, owner: str, known: set[str], *, queue: str = "", seeds: str = ""
) -> int:
    """Put back the leases ``owner`` holds in Redis but does not know of: how many.

    A lease is taken by a script whose reply can be lost (a timeout while Redis hung, a dropped
    connection) after Redis ran it: the worker counts the call as failed and never handles, nor ends, a
    lease Redis holds under its name. Left alone, that lease is work no worker does while this one lives:
    the crawl never finishes, or a seed is never crawled. Called once Redis answers again, when no
    lease call of this worker is on its way."""
    prefix = f"{owner}#"
    fields = [
        name for raw in server.hkeys(leases) if (name := raw.decode() if isinstance(raw, bytes) else raw)
    ]
    unknown = [name for name in fields if name.startswith(prefix) and name not in known]
    if not unknown:
        return 0
    return int(server.eval(_GIVE_BACK, 3, leases, queue, seeds, *unknown))


def in_flight(crawler: Any) -> list[Any]:
    """The requests this worker's engine is downloading or whose response it is still handling (callback,
    requests it yielded, items through the pipelines): a lease ends once its request left all of these.
    These are the sets Scrapy's own ``spider_is_idle`` and ``get_engine_status`` read, and the engine
    slot's ``inprogress`` (from download to handled output, so a request a downloader middleware returned
    in place of its own, a redirect or a retry, is queued before its lease ends)."""
    try:
        engine = crawler.engine
    except RuntimeError:  # no engine yet (a scheduler driven by hand): nothing is in flight
        return []
    if engine is None:
        return []
    scraper = engine.scraper.slot
    busy = list(engine.downloader.active)
    busy += list(getattr(getattr(engine, "_slot", None), "inprogress", ()))
    if scraper is not None:
        busy += list(scraper.active)
        busy += [request for _, request, _ in scraper.queue]
    return busy
