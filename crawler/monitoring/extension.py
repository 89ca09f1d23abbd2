"""The extension that watches a run: tallies exported items, logs progress, judges the run at the end.

At ``spider_closed`` it runs the monitors of ``crawler.monitors``, records the verdict in the stats
(``warta/monitors/failed``, ``warta/monitors/failed_names``) for the ``crawl`` command to turn into an exit
code, and writes the report (``crawler.report``) next to every local file export.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.extensions.feedexport import FeedExporter
from scrapy.spiders import Spider
from scrapy.utils.asyncio import create_looping_call

from crawler.monitors import ItemTally, Thresholds, failed, run_checks
from crawler.report import build_report, progress_line, summary_text, write_report

logger = logging.getLogger(__name__)


def local_path(uri: str) -> Path | None:
    """The file a feed URI writes to, or None for a remote feed (s3, ftp, stdout)."""
    parts = urlsplit(uri)
    if parts.scheme == "file":
        return Path(unquote(parts.path))
    if parts.scheme == "" or len(parts.scheme) == 1:  # a plain path, or a Windows drive letter
        return Path(uri)
    return None


class RunMonitor:
    """Monitors, report and progress of one run (``WARTA_MONITORS_ENABLED``, ``WARTA_PROGRESS_INTERVAL``)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("WARTA_MONITORS_ENABLED", True):
            raise NotConfigured
        self.crawler = crawler
        self.limits = Thresholds.from_settings(settings.get)
        self.tally = ItemTally()
        self.interval = settings.getfloat("WARTA_PROGRESS_INTERVAL", 60.0)
        self.started: datetime | None = None
        self.exports: list[Path] = []
        self._progress: Any = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunMonitor:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        self.started = datetime.now(UTC)
        feeds = self.crawler.get_extension(FeedExporter)
        for slot in getattr(feeds, "slots", []):
            path = local_path(str(slot.uri))
            if path is not None:
                self.exports.append(path.resolve())
        if self.interval > 0:
            self._progress = create_looping_call(self._log_progress)
            self._progress.start(self.interval, now=False)

    def _log_progress(self) -> None:
        elapsed = (datetime.now(UTC) - self.started).total_seconds() if self.started else 0.0
        logger.info(progress_line(self.crawler.stats.get_stats(), self.tally.exported, elapsed))

    def item_scraped(self, item: Any) -> None:
        self.tally.add(ItemAdapter(item))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._progress is not None and self._progress.running:
            self._progress.stop()
        stats = self.crawler.stats
        snapshot = dict(stats.get_stats())
        snapshot.setdefault("finish_reason", reason)
        checks = run_checks(
            snapshot,
            self.tally,
            self.limits,
            has_profile=bool(getattr(spider, "profile", None) and spider.profile.selectors),
        )
        bad = failed(checks)
        stats.set_value("warta/monitors/failed", len(bad))
        stats.set_value("warta/monitors/failed_names", ",".join(c.name for c in bad))
        report = build_report(
            spider=spider.name,
            stats=snapshot,
            tally=self.tally,
            checks=checks,
            started=self.started,
            finished=datetime.now(UTC),
            exports=[str(p) for p in self.exports],
            worker=f"{socket.gethostname()}:{os.getpid()}",
        )
        for target in self.exports or [self._fallback_target(spider)]:
            try:
                json_path, _ = write_report(report, target)
                logger.info("run report written to %s", json_path)
            except OSError as exc:
                logger.error("could not write the run report next to %s: %s", target, exc)
        log = logger.info if report["ok"] else logger.error
        log("run summary:\n%s", summary_text(report))

    def _fallback_target(self, spider: Spider) -> Path:
        """Where the report goes when the run has no local export: ``<data>/reports/<spider>-<time>``."""
        data_dir = Path(self.crawler.settings.get("WARTA_DATA_DIR") or "data")
        stamp = (self.started or datetime.now(UTC)).strftime("%Y-%m-%dT%H-%M-%S")
        return (data_dir / "reports" / f"{spider.name}-{stamp}.jsonl").resolve()
