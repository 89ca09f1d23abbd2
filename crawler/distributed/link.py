"""A worker's link to Redis: an outage is noticed once, waited out with bounded backoff, or ends the run.

Every Redis call of a worker goes through one client, ``GuardedRedis``. Its first connection error or
timeout marks the link down (``RedisLink.lost``); from then on each call fails at once with
``RedisUnavailable`` instead of touching the network, so a dead server costs the reactor one timeout, not
one per call. Meanwhile the link probes Redis in a thread, after 0.5 s, then twice as long each time up to
``WARTA_REDIS_RETRY_MAX_DELAY``. A probe that answers (and finds the crawl's state still there) brings the
link up again; none within ``WARTA_REDIS_OUTAGE_MAX`` seconds and the link gives up. What the worker does
on each event (pause, resume, fail the run) is up to its listeners (``middleware.SharedCrawl``).

A probe that reaches a Redis whose crawl state is gone (restarted empty, flushed) reports a reset
(``RedisReset``), as do the heartbeat and the export claim when they find the run epoch gone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

import redis
from redis.backoff import NoBackoff
from redis.client import Pipeline
from redis.retry import Retry
from scrapy.settings import BaseSettings
from scrapy_redis import defaults as scrapy_redis_defaults
from scrapy_redis.connection import SETTINGS_PARAMS_MAP, get_redis

logger = logging.getLogger(__name__)

FIRST_DELAY = 0.5  # seconds before the first probe; each later one waits twice as long, up to the cap
OUTAGE_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class RedisUnavailable(redis.exceptions.ConnectionError):
    """Raised without touching the network while the worker waits for Redis to come back."""


class RedisReset(redis.exceptions.RedisError):
    """Redis answers, but the crawl it held is gone: it was restarted empty or flushed."""


class WorkerReaped(redis.exceptions.RedisError):
    """Another worker took this one for dead (its heartbeat stalled) and gave its work to the crawl: what it
    still holds must not be exported, the worker that fetches it again will."""


class LinkListener(Protocol):
    def redis_down(self) -> None: ...

    def redis_up(self, seconds: float) -> None: ...

    def redis_gone(self, message: str) -> None: ...

    def redis_reset(self, detail: str) -> None: ...


def _describe(error: BaseException) -> str:
    return str(error) or type(error).__name__


class RedisLink:
    """Up, down since some moment, given up, or reset; see the module docstring.

    ``probe`` runs in a thread (``run_in_thread``) and raises when Redis is still unreachable or was reset;
    ``call_later`` and ``clock`` are the reactor's, replaced in unit tests.
    """

    def __init__(
        self,
        where: str,
        *,
        outage_max: float,
        max_delay: float,
        probe: Callable[[], Any],
        run_in_thread: Callable[[Callable[[], Any]], Any] | None = None,
        call_later: Callable[[float, Callable[[], Any]], Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.where = where
        self.outage_max = outage_max
        self.max_delay = max_delay
        self.probe = probe
        self.run_in_thread = run_in_thread or _defer_to_thread
        self.call_later = call_later or _call_later
        self.clock = clock
        self.listeners: list[LinkListener] = []
        self.down_since: float | None = None
        self.error = ""
        self.gone = False
        self.reset = False
        self.outages = 0
        self._delay = FIRST_DELAY
        self._timer: Any = None

    @property
    def up(self) -> bool:
        return self.down_since is None and not self.gone

    def check(self) -> None:
        """Raise ``RedisUnavailable`` at once while an outage is being waited out (or was given up)."""
        if not self.up:
            raise RedisUnavailable(f"Redis at {self.where} is unreachable: {self.error}")

    def lost(self, error: BaseException) -> None:
        """A call failed to reach Redis: pause the worker and start probing (once per outage)."""
        if not self.up:
            return
        self.down_since = self.clock()
        self.error = _describe(error)
        self.outages += 1
        self._delay = FIRST_DELAY
        logger.warning(
            "Redis at %s unreachable (%s): worker paused, trying again for up to %g s",
            self.where,
            self.error,
            self.outage_max,
        )
        for listener in list(self.listeners):
            listener.redis_down()
        self._schedule()

    def reset_seen(self, detail: str) -> None:
        """The crawl's state is gone from Redis: tell the listeners once."""
        if self.reset:
            return
        self.reset = True
        logger.error("Redis at %s was reset: %s", self.where, detail)
        for listener in list(self.listeners):
            listener.redis_reset(detail)

    def stop(self) -> None:
        """No more probes (the worker is closing)."""
        if self._timer is not None and getattr(self._timer, "active", lambda: False)():
            self._timer.cancel()
        self._timer = None

    # The outage ---------------------------------------------------------------------------------------

    def _schedule(self) -> None:
        assert self.down_since is not None
        left = self.outage_max - (self.clock() - self.down_since)
        delay = max(0.0, min(self._delay, left))
        self._delay = min(self._delay * 2, self.max_delay)
        self._timer = self.call_later(delay, self._probe)

    def _probe(self) -> None:
        self._timer = None
        if self.up or self.gone:
            return
        result = self.run_in_thread(self.probe)
        result.addCallbacks(self._answered, self._unanswered)

    def _answered(self, _: Any) -> None:
        if self.down_since is None or self.gone:
            return
        seconds = self.clock() - self.down_since
        self.down_since = None
        logger.info("Redis at %s reachable again after %.1f s: worker resumed", self.where, seconds)
        for listener in list(self.listeners):
            listener.redis_up(seconds)

    def _unanswered(self, failure: Any) -> None:
        if self.down_since is None or self.gone:
            return
        error = failure.value
        if isinstance(error, RedisReset):
            self.down_since = None
            self.reset_seen(_describe(error))
            return
        if not isinstance(error, OUTAGE_ERRORS):
            logger.warning("Redis probe failed: %s", _describe(error))
        self.error = _describe(error)
        if self.clock() - self.down_since >= self.outage_max:
            self._give_up()
        else:
            self._schedule()

    def _give_up(self) -> None:
        self.gone = True
        message = f"Redis at {self.where} unreachable for {self.outage_max:g} s: {self.error}"
        logger.error(message)
        for listener in list(self.listeners):
            listener.redis_gone(message)


def _defer_to_thread(func: Callable[[], Any]) -> Any:
    from twisted.internet.threads import deferToThread

    return deferToThread(func)


def _call_later(delay: float, func: Callable[[], Any]) -> Any:
    from twisted.internet import reactor

    return reactor.callLater(delay, func)  # type: ignore[attr-defined]


class GuardedRedis(redis.Redis):
    """A Redis client that reports outages to its link and fails fast while the link is down."""

    link: RedisLink | None = None

    def execute_command(self, *args: Any, **options: Any) -> Any:
        link = self.link
        if link is None:
            return super().execute_command(*args, **options)
        link.check()
        try:
            return super().execute_command(*args, **options)
        except OUTAGE_ERRORS as error:
            link.lost(error)
            raise

    def pipeline(self, transaction: bool = True, shard_hint: Any = None) -> Pipeline:
        pipe = GuardedPipeline(self.connection_pool, self.response_callbacks, transaction, shard_hint)
        pipe.link = self.link
        return pipe


class GuardedPipeline(Pipeline):
    """A pipeline of a ``GuardedRedis``: its one network round trip is guarded the same way."""

    link: RedisLink | None = None

    def execute(self, raise_on_error: bool = True) -> list[Any]:
        link = self.link
        if link is None:
            return super().execute(raise_on_error)
        link.check()
        try:
            return super().execute(raise_on_error)
        except OUTAGE_ERRORS as error:
            link.lost(error)
            raise


def client_params(settings: BaseSettings) -> dict[str, Any]:
    """scrapy-redis' connection parameters, with timeouts short enough never to hold the reactor for long
    and a single immediate retry on a connection error (a pooled connection the server closed), none on a
    timeout (a hung server would cost it twice); ``REDIS_PARAMS`` still wins."""
    params: dict[str, Any] = {
        **scrapy_redis_defaults.REDIS_PARAMS,
        "socket_connect_timeout": settings.getfloat("WARTA_REDIS_CONNECT_TIMEOUT"),
        "socket_timeout": settings.getfloat("WARTA_REDIS_SOCKET_TIMEOUT"),
        "retry_on_timeout": False,
        "retry": Retry(NoBackoff(), 1, supported_errors=(redis.exceptions.ConnectionError,)),
        **settings.getdict("REDIS_PARAMS"),
    }
    for source, dest in SETTINGS_PARAMS_MAP.items():
        if value := settings.get(source):
            params[dest] = value
    return params


def guarded_client(settings: BaseSettings) -> GuardedRedis:
    """The worker's one Redis client (its link is attached by the shared run)."""
    params = client_params(settings)
    params["redis_cls"] = GuardedRedis
    client = get_redis(**params)
    assert isinstance(client, GuardedRedis)
    return client


def plain_client(settings: BaseSettings) -> redis.Redis:
    """A client outside the guard, for the link's probes from their thread."""
    return get_redis(**client_params(settings))


def where(settings: BaseSettings) -> str:
    """The Redis a worker uses, for messages: its URL without credentials."""
    host, port = settings.get("REDIS_HOST") or "localhost", settings.get("REDIS_PORT") or 6379
    url = settings.get("REDIS_URL") or f"redis://{host}:{port}"
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
