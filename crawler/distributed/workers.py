"""Which workers share the crawl and whether they are busy, so none quits while another still has work.

Each worker writes ``{"busy": bool, "at": redis_time}`` under its id in one Redis hash. An entry older
than ``stale_after`` seconds belongs to a worker that died; it is ignored, so a crash never blocks the
others forever. Redis' own clock is used, so workers on machines with skewed clocks still agree.

A heartbeat also carries ``journals``: how far the worker's journal has copied the crawl's list of journals
(``RedisArticleStore.journal_ack``), so a worker can tell when every other one has written its journal down
(``RedisArticleStore.peers_know_journal``).

Joining and leaving are Lua scripts: "am I alone? then clear the crawl" must be one atomic step, or a
worker joining at the same moment could have its fresh queue wiped by the other's clean-up.

The first worker of a crawl sets its run epoch (a random id); the others read it when they join. A
heartbeat is refused when the epoch is gone or changed (Redis was restarted empty or flushed under the
crawl) or when this worker is no longer in the table (another worker took it for dead and re-queued its
work): either way the worker must not go on as if nothing happened.
"""

from __future__ import annotations

import enum
import json
import os
import re
import socket
import uuid
from typing import Any

from redis import Redis


def worker_id(token: object) -> str:
    """A name unique across machines and processes: host, pid and the crawler's identity."""
    return f"{socket.gethostname()}:{os.getpid()}:{id(token):x}"


# KEYS[1]: the worker hash; KEYS[2]: the run epoch; KEYS[3..]: crawl keys to delete when no other live
# worker is there. ARGV: worker id, stale_after seconds, "1" to clear when alone, "join" or "leave", a new
# epoch. Returns the number of other live workers and the crawl's epoch.
_JOIN_OR_LEAVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
if ARGV[4] == 'join' then
  redis.call('HSET', KEYS[1], ARGV[1], '{"busy": true, "at": ' .. string.format('%.6f', now) .. '}')
else
  redis.call('HDEL', KEYS[1], ARGV[1])
end
local others = 0
local table_ = redis.call('HGETALL', KEYS[1])
for i = 1, #table_, 2 do
  if table_[i] ~= ARGV[1] then
    local ok, state = pcall(cjson.decode, table_[i + 1])
    local at = ok and type(state) == 'table' and tonumber(state.at)
    if at and now - at <= tonumber(ARGV[2]) then
      others = others + 1
    end
  end
end
if others == 0 and ARGV[3] == '1' then
  for i = 3, #KEYS do redis.call('DEL', KEYS[i]) end
  if ARGV[4] == 'leave' then redis.call('DEL', KEYS[1]) end
end
if ARGV[4] == 'join' then
  if others == 0 and ARGV[3] == '1' then redis.call('SET', KEYS[2], ARGV[5]) end
  redis.call('SET', KEYS[2], ARGV[5], 'NX')
end
return {others, redis.call('GET', KEYS[2])}
"""

# KEYS[1]: the worker hash, KEYS[2]: the run epoch; ARGV: worker id, "1" when busy, this worker's epoch, its
# journal acknowledgement (``ACK``'s shape, checked before the call). The state is stamped with Redis' clock
# here: one round trip a heartbeat, not two.
_REPORT = """
if redis.call('GET', KEYS[2]) ~= ARGV[3] then return 'reset' end
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 'reaped' end
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local busy = ARGV[2] == '1' and 'true' or 'false'
redis.call('HSET', KEYS[1], ARGV[1], '{"busy": ' .. busy .. ', "at": ' .. string.format('%.6f', now)
  .. ', "journals": "' .. ARGV[4] .. '"}')
return 'ok'
"""
# A journal acknowledgement: ``<state id>:<journals copied>``, or ``*`` from a worker that keeps no journal
# (it can rebuild nothing, so what it knows does not matter).
ACK = re.compile(r"\*|[0-9a-f]{1,64}:\d{1,9}")


class Heartbeat(enum.Enum):
    """What a heartbeat found."""

    OK = "ok"
    RESET = "reset"  # the run epoch is gone or changed: Redis lost the crawl
    REAPED = "reaped"  # this worker was taken for dead; its leases went back to the queue
    LEFT = "left"  # the worker already left; nothing was written


class WorkerRegistry:
    """One worker's view of the shared worker table."""

    def __init__(
        self, server: Redis, key: str, me: str, *, stale_after: float = 30.0, epoch_key: str | None = None
    ) -> None:
        self.server = server
        self.key = key
        self.me = me
        self.stale_after = stale_after
        self.epoch_key = epoch_key or f"{key}:epoch"
        self.epoch: str | None = None
        self.left = False
        self._report = server.register_script(_REPORT)

    def _now(self) -> float:
        seconds, micros = self.server.time()
        return seconds + micros / 1_000_000

    def _live_others(self, table: dict[Any, Any], now: float) -> dict[str, dict[str, Any]]:
        """The live other workers' states (``busy``, ``at`` and, once they beat, ``journals``)."""
        others = {}
        for raw_id, raw_state in table.items():
            wid = raw_id.decode() if isinstance(raw_id, bytes) else str(raw_id)
            if wid == self.me:
                continue
            try:
                state = json.loads(raw_state)
                busy, at = bool(state["busy"]), float(state["at"])
            except (ValueError, KeyError, TypeError):
                continue  # not written by us: ignore rather than block the crawl
            if now - at <= self.stale_after:
                others[wid] = {"busy": busy, "at": at, "journals": state.get("journals")}
        return others

    def report(self, *, busy: bool, journals: str) -> Heartbeat:
        """Publish this worker's state (called on a short heartbeat and when going idle), unless the crawl
        is not the one it joined or it was taken for dead (see the module docstring). ``journals``: the
        journal acknowledgement (``ACK``)."""
        if not ACK.fullmatch(journals):
            raise ValueError(f"not a journal acknowledgement: {journals!r}")
        if self.left:
            return Heartbeat.LEFT  # a late heartbeat must not bring a departed worker back
        if self.epoch is None:  # not registered through ``register`` (a test's bare registry)
            state = {"busy": busy, "at": self._now(), "journals": journals}
            self.server.hset(self.key, self.me, json.dumps(state))
            return Heartbeat.OK
        flag = "1" if busy else "0"
        answer = self._report(keys=[self.key, self.epoch_key], args=[self.me, flag, self.epoch, journals])
        return Heartbeat(answer.decode() if isinstance(answer, bytes) else answer)

    def _join_or_leave(self, action: str, clear_when_alone: list[str]) -> int:
        keys = [self.key, self.epoch_key, *clear_when_alone]
        flag = "1" if clear_when_alone else "0"
        args = [self.me, self.stale_after, flag, action, uuid.uuid4().hex]
        others, epoch = self.server.eval(_JOIN_OR_LEAVE, len(keys), *keys, *args)
        if action == "join":
            self.epoch = epoch.decode() if isinstance(epoch, bytes) else epoch
        return int(others)

    def register(self, clear_when_alone: list[str] | None = None) -> int:
        """Join the crawl as busy; returns how many other live workers are already in it. When there are
        none, the keys in ``clear_when_alone`` (what a crashed crawl left) are deleted in the same step and
        this worker starts the crawl's run epoch; otherwise it takes the crawl's epoch."""
        self.left = False
        return self._join_or_leave("join", clear_when_alone or [])

    def others(self) -> dict[str, bool]:
        """Live other workers and whether each is busy."""
        return {wid: state["busy"] for wid, state in self._live().items()}

    def acknowledgements(self) -> dict[str, str | None]:
        """Live other workers and the journal acknowledgement of each one's last heartbeat (None before
        its first, or from a worker of an older release)."""
        return {wid: state["journals"] for wid, state in self._live().items()}

    def _live(self) -> dict[str, dict[str, Any]]:
        return self._live_others(self.server.hgetall(self.key), self._now())

    def any_other_busy(self) -> bool:
        return any(self.others().values())

    def leave(self, clear_when_last: list[str] | None = None) -> bool:
        """Leave the crawl; True when no live worker remains, i.e. this one is the last out, in which case
        the keys in ``clear_when_last`` and the worker table are deleted in the same step."""
        self.left = True
        return self._join_or_leave("leave", clear_when_last or []) == 0
