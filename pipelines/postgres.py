"""The shared sink: every worker's articles land in one PostgreSQL table, upserted on (canonical URL,
version), and none is lost while the database is away.

Enabled only when ``WARTA_POSTGRES_DSN`` is set (setting or environment variable); otherwise the pipeline
is skipped and psycopg is never imported. JSON-lines export stays the default and runs alongside.

Each item's row is added to the spider's outbox (``crawler.sink.outbox``, a SQLite file under the data
folder) before the item goes on to the export and the article state, so an exported article's row is
durable whatever happens next. A writer (``crawler.sink.postgres``) empties the outbox in batches of
``WARTA_POSTGRES_BATCH`` rows, in a thread of its own, so neither a slow nor a hung database holds up
the reactor. When PostgreSQL cannot be reached the rows wait in the outbox and the writer tries again
after ``WARTA_POSTGRES_RETRY_MIN`` seconds, doubling up to ``WARTA_POSTGRES_RETRY_MAX``. Rows an earlier
run left are written first (the outbox is oldest first). At close the sink keeps trying for up to
``WARTA_POSTGRES_CLOSE_WAIT`` seconds; rows still waiting then fail the run (the ``sink_pending``
monitor: exit 3, naming the outbox and the cause) and the next run writes them. Rows the database
refused are set aside in the outbox and fail the run too (``sink_errors``).

Stats: ``warta/sink/{queued,earlier,written,refused,unstorable,connect_failures,reconnects,pending}``,
and at close ``warta/sink/outbox`` and ``warta/sink/last_error``, which the monitors quote.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater
from twisted.python.failure import Failure

from crawler.runmode import records_run
from crawler.sink.outbox import Outbox, outbox_path
from crawler.sink.postgres import TABLE_NAME, Drained, PostgresWriter, row_for

logger = logging.getLogger(__name__)

STATS = "warta/sink"
# Batches one drain writes before it reports back, so the stats follow a long backlog as it empties.
BATCHES_PER_DRAIN = 20


def check_dsn(dsn: str) -> None:
    """A DSN that is no connection string stops the crawl before it starts, as a configuration error;
    one the server refuses is an outage, left to the outbox. psycopg's own message is not repeated: it
    quotes the string, which may hold a password."""
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    try:
        conninfo_to_dict(dsn)
    except ProgrammingError:
        raise ValueError(
            "WARTA_POSTGRES_DSN is not a PostgreSQL connection string "
            "(a URI postgresql://user@host/db, or key=value pairs: host=… dbname=…)"
        ) from None


def postgres_dsn(settings: Any) -> str | None:
    """The DSN from the ``WARTA_POSTGRES_DSN`` setting, else the environment variable of that name."""
    return settings.get("WARTA_POSTGRES_DSN") or None


def backoff(failures: int, low: float, high: float) -> float:
    """Seconds to wait after ``failures`` failed attempts in a row: ``low``, doubled each time, at most
    ``high``."""
    return min(high, low * 2 ** max(0, failures - 1))


def exported(item: object, fields: list[str] | None) -> dict[str, Any]:
    """What the feed exports of an item (``fields``, as in ``FEED_EXPORT_FIELDS``, a missing one as
    null), or the whole item when no field list is set."""
    adapter = ItemAdapter(item)
    return {name: adapter.get(name) for name in fields} if fields else adapter.asdict()


def _reactor() -> Any:
    """The running reactor, imported when needed: importing it at module level would install the default
    reactor before Scrapy installs the configured one."""
    from twisted.internet import reactor

    return reactor


def in_daemon_thread(func: Callable[..., Any], *args: Any) -> Deferred:
    """Run a blocking call in a daemon thread, its result delivered in the reactor thread.

    Not the reactor's thread pool: that pool joins its threads at shutdown, so a database that hangs
    (a stopped, not dead, server) would keep the process from exiting after the close wait gave up."""
    reactor = _reactor()
    done: Deferred = Deferred()

    def deliver(outcome: Any) -> None:
        if not done.called:
            if isinstance(outcome, Failure):
                done.errback(outcome)
            else:
                done.callback(outcome)

    def run() -> None:
        try:
            outcome: Any = func(*args)
        except BaseException:
            outcome = Failure()
        reactor.callFromThread(deliver, outcome)

    threading.Thread(target=run, name="warta-postgres-sink", daemon=True).start()
    return done


class PostgresPipeline:
    """Adds every item's row to the outbox, and keeps the outbox flowing into ``WARTA_POSTGRES_TABLE``."""

    def __init__(self, crawler: Crawler, dsn: str, table: str) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.fields = settings.getlist("FEED_EXPORT_FIELDS") or None
        self.dsn = dsn
        self.table = table
        self.batch_size = max(1, settings.getint("WARTA_POSTGRES_BATCH"))
        self.retry_min = settings.getfloat("WARTA_POSTGRES_RETRY_MIN")
        self.retry_max = max(self.retry_min, settings.getfloat("WARTA_POSTGRES_RETRY_MAX"))
        self.connect_timeout = settings.getfloat("WARTA_POSTGRES_CONNECT_TIMEOUT")
        self.close_wait = settings.getfloat("WARTA_POSTGRES_CLOSE_WAIT")
        self.outbox: Outbox | None = None
        self.writer: PostgresWriter | None = None
        self.failures = 0  # failed attempts in a row
        self.last_error: str | None = None
        self._draining: Deferred | None = None
        self._retry: Any = None  # the delayed call of the next attempt after a failure
        self._dirty = False  # rows were added while a drain ran
        self._closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PostgresPipeline:
        settings = crawler.settings
        dsn = postgres_dsn(settings)
        if not dsn:
            raise NotConfigured  # silent: no sink configured is the normal case
        if not records_run(settings):
            raise NotConfigured  # a look at pages (scrapy parse --pipelines) writes no rows
        table = settings.get("WARTA_POSTGRES_TABLE")
        if not TABLE_NAME.match(table):
            raise ValueError(f"WARTA_POSTGRES_TABLE must be a plain SQL identifier, got {table!r}")
        check_dsn(dsn)
        return cls(crawler, dsn, table)

    # ---- the pipeline ----------------------------------------------------------------------------------
    def open_spider(self) -> None:
        spider = self.crawler.spider
        name = spider.name if spider is not None else self.crawler.spidercls.name
        path = outbox_path(self.crawler.settings["WARTA_DATA_DIR"], name)
        self.outbox = Outbox(path)
        retried = self.outbox.retry_refused()
        earlier = self.outbox.counts().waiting
        self.writer = PostgresWriter(self.dsn, self.table, path, self.batch_size, self.connect_timeout)
        self.stats.set_value(f"{STATS}/outbox", str(path))
        if earlier:
            self.stats.set_value(f"{STATS}/earlier", earlier)
            logger.warning(
                "PostgreSQL sink: %d rows left by an earlier run wait in %s (%d it refused, tried again); "
                "writing them first",
                earlier,
                path,
                retried,
            )
        logger.info("PostgreSQL sink: table %s, outbox %s", self.table, path)
        self._kick()

    def process_item(self, item: object) -> object:
        assert self.outbox is not None
        try:
            data = exported(item, self.fields)
            row_for(data)  # an item that can never be a row is told now, not at every later try
            payload = json.dumps(data, ensure_ascii=False, default=str)
        except (KeyError, TypeError, ValueError) as exc:
            self.stats.inc_value(f"{STATS}/unstorable")
            logger.error("PostgreSQL sink cannot store an item: %s", exc)
            return item
        # Durable before the item goes on; an outbox that cannot take it raises (the item is not
        # exported, the item_errors monitor fails the run, and the next run fetches it again).
        self.outbox.add(payload)
        self.stats.inc_value(f"{STATS}/queued")
        self._dirty = True
        self._kick()
        return item

    async def close_spider(self) -> None:
        """One last bounded try to empty the outbox, then what is left goes in the stats for the verdict."""
        self._closing = True
        if self._retry is not None and self._retry.active():
            self._retry.cancel()
        self._retry = None
        deadline = time.monotonic() + max(0.0, self.close_wait)
        try:
            if self._draining is not None:
                await self._settled(self._draining, deadline)
            failures = 0
            while self._draining is None and self.writer is not None:
                result = await self._settled(self._drain(deadline, None), deadline)
                if result is None or (result.error is None and not result.more):
                    break
                if result.error is not None:
                    failures += 1
                    pause = min(
                        backoff(failures, self.retry_min, self.retry_max), deadline - time.monotonic()
                    )
                    if pause <= 0:
                        break
                    await maybe_deferred_to_future(deferLater(_reactor(), pause))
                elif time.monotonic() >= deadline:
                    break
        finally:
            self._report_close()

    # ---- keeping the outbox flowing --------------------------------------------------------------------
    def _kick(self) -> None:
        """Start a drain unless one runs, a retry is scheduled, or the spider is closing."""
        if self._draining is not None or self._retry is not None or self._closing:
            return
        self._dirty = False
        self._drain(None, BATCHES_PER_DRAIN).addCallback(self._after_drain)

    def _drain(self, deadline: float | None, max_batches: int | None) -> Deferred:
        assert self.writer is not None
        draining = in_daemon_thread(self.writer.drain, deadline, max_batches)
        self._draining = draining

        def settle(outcome: Any) -> Drained:
            if self._draining is draining:
                self._draining = None
            if isinstance(outcome, Failure):  # a bug or an outbox error, not database trouble: try later
                logger.error("PostgreSQL sink writer failed: %s", outcome.getTraceback())
                outcome = Drained(error=f"the sink's writer failed: {outcome.getErrorMessage()}")
            self._account(outcome)
            return outcome

        return draining.addBoth(settle)

    def _account(self, result: Drained) -> None:
        if result.written:
            self.stats.inc_value(f"{STATS}/written", result.written)
        if result.refused:
            self.stats.inc_value(f"{STATS}/refused", result.refused)
            if self.stats.get_value(f"{STATS}/refusal") is None:
                self.stats.set_value(f"{STATS}/refusal", result.refusal)
            logger.error(
                "PostgreSQL refused %d rows (%s); they are kept in %s for the next run",
                result.refused,
                result.refusal,
                self.outbox.path if self.outbox else "the outbox",
            )
        if result.error is not None:
            self.failures += 1
            self.last_error = result.error
            self.stats.inc_value(f"{STATS}/connect_failures")
        elif self.failures:
            self.stats.inc_value(f"{STATS}/reconnects")
            logger.warning(
                "PostgreSQL sink: connected again after %d failed attempts; the outbox is being written",
                self.failures,
            )
            self.failures = 0

    def _after_drain(self, result: Drained) -> None:
        if self._closing:
            return
        if result.error is not None:
            delay = backoff(self.failures, self.retry_min, self.retry_max)
            log = logger.warning if self.failures == 1 else logger.info
            log(
                "PostgreSQL unreachable (%s): rows wait in %s; attempt %d failed, next in %.1f s",
                result.error,
                self.outbox.path if self.outbox else "the outbox",
                self.failures,
                delay,
            )
            self._retry = _reactor().callLater(delay, self._retry_now)
        elif result.more or self._dirty:
            self._kick()

    def _retry_now(self) -> None:
        self._retry = None
        self._kick()

    async def _settled(self, draining: Deferred, deadline: float) -> Drained | None:
        """The drain's result, or None when the deadline passes first (the drain goes on, unheeded)."""
        gate: Deferred = Deferred()

        def through(outcome: Any) -> Any:
            if not gate.called:
                gate.callback(outcome)
            return outcome

        draining.addBoth(through)
        timer = _reactor().callLater(
            max(0.0, deadline - time.monotonic()), lambda: gate.called or gate.callback(None)
        )
        outcome = await maybe_deferred_to_future(gate)
        if timer.active():
            timer.cancel()
        return outcome if isinstance(outcome, Drained) else None

    def _report_close(self) -> None:
        if self.outbox is None:
            return
        counts = self.outbox.counts()
        self.stats.set_value(f"{STATS}/pending", counts.waiting)
        if counts.refused and self.stats.get_value(f"{STATS}/refusal") is None:
            self.stats.set_value(f"{STATS}/refusal", self.outbox.first_refusal())
        if counts.waiting:
            cause = self.last_error or (
                "the sink was still writing when the close wait ended" if self._draining else "not tried"
            )
            self.stats.set_value(f"{STATS}/last_error", cause)
            logger.error(
                "%d rows wait in %s for PostgreSQL (%s); the next run writes them",
                counts.waiting,
                self.outbox.path,
                cause,
            )
        self.outbox.close()
        self.outbox = None
        if self._draining is None and self.writer is not None:
            self.writer.close()  # else a hung drain still holds it; its daemon thread ends with the process
        self.writer = None
