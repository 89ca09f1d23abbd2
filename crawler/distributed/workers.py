"""Which workers share the crawl and whether they are busy, so none quits while another still has work.

Each worker writes ``{"busy": bool, "at": redis_time}`` under its id in one Redis hash. An entry older
than ``stale_after`` seconds belongs to a worker that died; it is ignored, so a crash never blocks the
others forever. Redis' own clock is used, so workers on machines with skewed clocks still agree.
"""

from __future__ import annotations

import json
import os
import socket
from typing import Any

from redis import Redis


def worker_id(token: object) -> str:
    """A name unique across machines and processes: host, pid and the crawler's identity."""
    return f"{socket.gethostname()}:{os.getpid()}:{id(token):x}"


class WorkerRegistry:
    """One worker's view of the shared worker table."""

    def __init__(self, server: Redis, key: str, me: str, *, stale_after: float = 30.0) -> None:
        self.server = server
        self.key = key
        self.me = me
        self.stale_after = stale_after
        self.left = False

    def _now(self) -> float:
        seconds, micros = self.server.time()
        return seconds + micros / 1_000_000

    def _live_others(self, table: dict[Any, Any], now: float) -> dict[str, bool]:
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
                others[wid] = busy
        return others

    def report(self, *, busy: bool) -> None:
        """Publish this worker's state (called on a short heartbeat and when going idle)."""
        if self.left:
            return  # a late heartbeat must not bring a departed worker back
        self.server.hset(self.key, self.me, json.dumps({"busy": busy, "at": self._now()}))

    def register(self) -> int:
        """Join the crawl as busy; returns how many other live workers are already in it."""
        self.left = False
        self.report(busy=True)
        return len(self._live_others(self.server.hgetall(self.key), self._now()))

    def others(self) -> dict[str, bool]:
        """Live other workers and whether each is busy."""
        return self._live_others(self.server.hgetall(self.key), self._now())

    def any_other_busy(self) -> bool:
        return any(self.others().values())

    def leave(self) -> bool:
        """Leave the crawl; True when no live worker remains, i.e. this one is the last out."""
        self.left = True
        with self.server.pipeline(transaction=True) as pipe:
            pipe.hdel(self.key, self.me)
            pipe.hgetall(self.key)
            pipe.time()
            _, table, (seconds, micros) = pipe.execute()
        if self._live_others(table, seconds + micros / 1_000_000):
            return False
        self.server.delete(self.key)
        return True
