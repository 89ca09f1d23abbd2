"""The Redis link's outage policy, on a fake clock: bounded backoff, resume, give up, reset; and the guarded
client failing fast while Redis is away (the unit guard would fail the test if it touched the network)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import redis
from twisted.internet import defer

from crawler.distributed.link import GuardedRedis, RedisLink, RedisReset, RedisUnavailable


class Clock:
    """call_later and monotonic time under the test's control."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.pending: list[tuple[float, Callable[[], Any]]] = []

    def call_later(self, delay: float, func: Callable[[], Any]) -> Any:
        self.pending.append((self.now + delay, func))
        return None

    def run_next(self) -> float:
        """Advance to the next scheduled call, run it, and return the delay it waited."""
        self.pending.sort(key=lambda entry: entry[0])
        when, func = self.pending.pop(0)
        waited, self.now = when - self.now, when
        func()
        return waited


class Listener:
    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []

    def redis_down(self) -> None:
        self.events.append(("down", None))

    def redis_up(self, seconds: float) -> None:
        self.events.append(("up", seconds))

    def redis_gone(self, message: str) -> None:
        self.events.append(("gone", message))

    def redis_reset(self, detail: str) -> None:
        self.events.append(("reset", detail))


def _link(answers: list[BaseException | None], outage_max: float = 60.0) -> tuple[RedisLink, Clock, Listener]:
    """A link whose probes answer in turn with ``answers`` (None: Redis answered)."""
    clock, listener = Clock(), Listener()

    def probe() -> None:
        answer = answers.pop(0)
        if answer is not None:
            raise answer

    def run_in_thread(func: Callable[[], Any]) -> defer.Deferred[Any]:
        return defer.maybeDeferred(func)

    link = RedisLink(
        "redis://127.0.0.1:7001/0",
        outage_max=outage_max,
        max_delay=5.0,
        probe=probe,
        run_in_thread=run_in_thread,
        call_later=clock.call_later,
        clock=lambda: clock.now,
    )
    link.listeners.append(listener)
    return link, clock, listener


REFUSED = redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:7001. Connection refused.")


def test_an_outage_past_the_bound_gives_up_after_growing_pauses_with_the_root_cause():
    link, clock, listener = _link([REFUSED] * 100)
    link.lost(REFUSED)
    assert not link.up and listener.events == [("down", None)]
    waits = []
    while clock.pending:
        waits.append(clock.run_next())
    assert waits[:6] == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]  # doubling, capped at max_delay
    assert sum(waits) == pytest.approx(60.0)  # the last probe lands on the bound, not past it
    assert listener.events[1:] == [
        ("gone", "Redis at redis://127.0.0.1:7001/0 unreachable for 60 s: " + str(REFUSED))
    ]
    link.lost(REFUSED)  # a late failure changes nothing once the link gave up
    assert len(listener.events) == 2


def test_redis_back_within_the_bound_resumes_once():
    link, clock, listener = _link([REFUSED, REFUSED, None])
    link.lost(REFUSED)
    link.lost(REFUSED)  # every call fails while it is down: one outage, one probe chain
    for _ in range(3):
        clock.run_next()
    assert link.up and not clock.pending
    assert listener.events == [("down", None), ("up", 3.5)]
    assert link.outages == 1


def test_a_probe_that_finds_the_crawl_gone_reports_a_reset_not_an_outage():
    link, clock, listener = _link([RedisReset("the run epoch is gone")])
    link.lost(REFUSED)
    clock.run_next()
    assert listener.events == [("down", None), ("reset", "the run epoch is gone")]
    assert link.reset and not clock.pending
    link.reset_seen("again")  # reported once
    assert len(listener.events) == 2


def test_the_guarded_client_fails_at_once_while_redis_is_away():
    link, _, _ = _link([])
    client = GuardedRedis(host="127.0.0.1", port=7001)
    client.link = link
    link.lost(REFUSED)
    with pytest.raises(RedisUnavailable, match="Connection refused"):
        client.get("anything")  # no socket: the unit guard would fail this test otherwise
    with pytest.raises(RedisUnavailable), client.pipeline() as pipe:
        pipe.get("a").get("b")
        pipe.execute()
