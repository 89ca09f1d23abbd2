"""``scrapy crawl`` whose exit code says whether the run went well, so a scheduler sees a bad run.

Exit codes: 0 the run finished and every monitor passed; 1 Scrapy could not start the crawl, the
spider's profile is broken, another run of the spider holds the data folder, or a feed can never be
written (one line on stderr, the last, names the cause: ``crawler.errors.CannotStart``); 3 a monitor
failed or the finish reason is not an accepted one (``WARTA_MONITOR_FINISH_REASONS``, default
``finished``, in ``crawler/settings.py``). The finish reason is checked here too, so a run without the
monitor extension still fails on ``shutdown`` or ``closespider_*``. The verdict itself is recorded in the
stats by ``crawler.monitoring.extension.RunMonitor``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.spiders import Spider
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from crawler.commands.startup import profile_problem
from crawler.console.root_cause import ErrorWatch
from crawler.errors import CannotStart
from crawler.exports.delivery import FIRST_FAILURE_STAT, UNDELIVERED_STAT
from crawler.monitoring.checks import delivery_checks, failed
from crawler.runtime import skip_exit_collection

EXIT_BAD_RUN = 3
EXIT_CANNOT_START = 1
logger = logging.getLogger(__name__)
# The root cause a component found for a failed run (a stat, so it reaches the verdict however the run
# ended): it fails the run and ends the verdict line, e.g. "Redis at … unreachable for 60 s: …".
FAILURE_STAT = "warta/run/failure"
UNCLOSED = (
    "the crawl was stopped before it could close (a second Ctrl-C or SIGTERM forces that): no run report;"
    " the articles exported so far are recorded, the next run exports the rest"
)


class Command(ScrapyCrawl):
    """Scrapy's ``crawl``, then a verdict from the finished crawler's stats."""

    def __init__(self) -> None:
        super().__init__()
        self._crawlers: list[Crawler] = []
        self._refusals: list[str] = []

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        crawler = super()._create_crawler(spidercls)
        self._crawlers.append(crawler)
        return crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        skip_exit_collection()  # the close of every run ~0.2 s shorter (crawler/runtime.py)
        if args and self.crawler_process is not None:
            problem = profile_problem(self.crawler_process.spider_loader, args[0])
            if problem is not None:
                print(f"warta: cannot start {args[0]}: {problem}", file=sys.stderr)
                self.exitcode = EXIT_CANNOT_START
                return
        with ErrorWatch() as errors:
            self._run_crawl(args, opts)
        if self._refusals:  # a refusal needs no traceback: its message says what to do
            print(f"warta: cannot start {args[0]}: {self._refusals[0]}", file=sys.stderr)
            self.exitcode = EXIT_CANNOT_START
            return
        if self.exitcode:
            # Scrapy's own last words are often a follow-up error; the last line names the root cause.
            cause = errors.cause()
            if cause and args:
                print(f"warta: cannot start {args[0]}: {cause}", file=sys.stderr)
            return
        problems = [problem for crawler in self._crawlers for problem in verdict(crawler)]
        if problems:
            print(f"warta: the run failed: {'; '.join(problems)}", file=sys.stderr)
            self.exitcode = EXIT_BAD_RUN

    def _run_crawl(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy's ``crawl`` run, keeping a refusal (``CannotStart``) as one line instead of a traceback."""
        if len(args) != 1:
            super().run(args, opts)
            return
        assert self.crawler_process is not None
        started = self.crawler_process.crawl(self._create_crawler(args[0]), **opts.spargs)
        if isinstance(started, Deferred):
            started.addErrback(self._refused)
        elif isinstance(started, asyncio.Future):
            started.add_done_callback(self._refused_task)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_CANNOT_START

    def _refused(self, failure: Failure) -> Failure | None:
        if failure.check(CannotStart):
            self._refusals.append(str(failure.value))
            return None
        return failure

    def _refused_task(self, task: asyncio.Future[None]) -> None:
        """Reading the task's exception stops asyncio from logging it: any other error is logged here."""
        error = None if task.cancelled() else task.exception()
        if isinstance(error, CannotStart):
            self._refusals.append(str(error))
        elif error is not None:
            logger.error("The crawl could not start", exc_info=error)


def verdict(crawler: Crawler) -> list[str]:
    """What went wrong in one finished crawl, in words; empty when it went well."""
    stats = crawler.stats
    if stats is None:
        return ["the crawl never started"]
    problems = []
    feed_failure = stats.get_value(FIRST_FAILURE_STAT)
    if feed_failure:  # the root cause of the rest (the spider closed as feed_failed, articles undelivered)
        problems.append(str(feed_failure))
    accepted = crawler.settings.getlist("WARTA_MONITOR_FINISH_REASONS")
    reason = stats.get_value("finish_reason")
    if reason is None:
        # The spider never closed: only Scrapy's forced shutdown (a second Ctrl-C or SIGTERM) ends a run
        # so. "finish reason None" named no cause and said nothing of what the export holds.
        problems.append(UNCLOSED)
    elif reason not in accepted:
        # the setting named: a limit set on purpose (a sample crawl's CLOSESPIDER_ITEMCOUNT) is accepted there
        allowed = ", ".join(accepted)
        problems.append(f"finish reason {reason!r} (WARTA_MONITOR_FINISH_REASONS accepts: {allowed})")
    names = stats.get_value("warta/monitors/failed_details") or stats.get_value("warta/monitors/failed_names")
    if stats.get_value("warta/monitors/failed"):
        problems.append(f"monitors failed: {names or ''}")
    elif stats.get_value("warta/monitors/failed") is None:  # the monitors are off: delivery still counts
        max_unfetched = crawler.settings.getfloat("WARTA_MONITOR_MAX_UNFETCHED_RATE")
        problems += [c.detail or c.name for c in failed(delivery_checks(stats.get_stats(), max_unfetched))]
    # Read after the crawl: a feed storage that uploads at close reports its failure after the monitors ran.
    failed_feeds = {
        key.removeprefix("feedexport/failed_count/"): count
        for key, count in stats.get_stats().items()
        if key.startswith("feedexport/failed_count/") and count
    }
    if failed_feeds:
        named = ", ".join(f"{storage} {count}" for storage, count in sorted(failed_feeds.items()))
        problems.append(f"feed exports failed to store: {named}")
    undelivered = stats.get_value(UNDELIVERED_STAT) or 0
    if undelivered:
        problems.append(f"{undelivered} articles not delivered: the next run exports them")
    rolled_back = stats.get_value("warta/state/rolled_back")
    if rolled_back:
        problems.append(f"{rolled_back} articles were not stored by a feed: the next run exports them")
    if failure := stats.get_value(FAILURE_STAT):
        problems.append(str(failure))
    return problems
