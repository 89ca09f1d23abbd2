"""``scrapy crawl`` whose exit code says whether the run went well, so a scheduler sees a bad run.

Exit codes: 0 the run finished and every monitor passed; 1 Scrapy could not start the crawl, or the
spider's profile is broken (one line on stderr, the last, names the file and the problem); 3 a monitor
failed or the finish reason is not an accepted one (``WARTA_MONITOR_FINISH_REASONS``, default
``finished``, in ``crawler/settings.py``). The finish reason is checked here too, so a run without the
monitor extension still fails on ``shutdown`` or ``closespider_*``. The verdict itself is recorded in the
stats by ``crawler.monitoring.extension.RunMonitor``.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.spiders import Spider

from crawler.commands.startup import profile_problem

EXIT_BAD_RUN = 3
EXIT_CANNOT_START = 1
# The root cause a component found for a failed run (a stat, so it reaches the verdict however the run
# ended): it fails the run and ends the verdict line, e.g. "Redis at … unreachable for 60 s: …".
FAILURE_STAT = "warta/run/failure"


class Command(ScrapyCrawl):
    """Scrapy's ``crawl``, then a verdict from the finished crawler's stats."""

    def __init__(self) -> None:
        super().__init__()
        self._crawlers: list[Crawler] = []

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        crawler = super()._create_crawler(spidercls)
        self._crawlers.append(crawler)
        return crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args and self.crawler_process is not None:
            problem = profile_problem(self.crawler_process.spider_loader, args[0])
            if problem is not None:
                print(f"warta: cannot start {args[0]}: {problem}", file=sys.stderr)
                self.exitcode = EXIT_CANNOT_START
                return
        super().run(args, opts)
        if self.exitcode:
            return
        problems = [problem for crawler in self._crawlers for problem in verdict(crawler)]
        if problems:
            print(f"warta: the run failed: {'; '.join(problems)}", file=sys.stderr)
            self.exitcode = EXIT_BAD_RUN


def verdict(crawler: Crawler) -> list[str]:
    """What went wrong in one finished crawl, in words; empty when it went well."""
    stats = crawler.stats
    if stats is None:
        return ["the crawl never started"]
    problems = []
    accepted = crawler.settings.getlist("WARTA_MONITOR_FINISH_REASONS")
    reason = stats.get_value("finish_reason")
    if reason not in accepted:
        problems.append(f"finish reason {reason!r} (accepted: {', '.join(accepted)})")
    names = stats.get_value("warta/monitors/failed_names") or ""
    if stats.get_value("warta/monitors/failed"):
        problems.append(f"monitors failed: {names}")
    # Read after the crawl: a feed storage that uploads at close reports its failure after the monitors ran.
    failed_feeds = {
        key.removeprefix("feedexport/failed_count/"): count
        for key, count in stats.get_stats().items()
        if key.startswith("feedexport/failed_count/") and count
    }
    if failed_feeds:
        named = ", ".join(f"{storage} {count}" for storage, count in sorted(failed_feeds.items()))
        problems.append(f"feed exports failed to store: {named}")
    if failure := stats.get_value(FAILURE_STAT):
        problems.append(str(failure))
    return problems
