"""The extension that watches a run: one tally of the exported items, the drift alarm and the verdict.

Every exported item (``item_scraped``) is counted once, in one ``ItemTally``. From it:

- the drift alarm (``crawler.monitoring.drift``, ``WARTA_DRIFT_ENABLED``) warns during the crawl, every
  ``WARTA_DRIFT_INTERVAL`` seconds, and at close, when a profiled portal falls back to the generic
  extractor past ``WARTA_DRIFT_THRESHOLD``; it records ``warta/drift/<portal>/{items,generic,rate,fields}``;
- the monitors (``crawler.monitoring.checks``, ``WARTA_MONITORS_ENABLED``) judge the finished run, with the
  same threshold for the generic-fallback rate, and record the verdict in the stats
  (``warta/monitors/failed``, ``warta/monitors/failed_names``) for the ``crawl`` command's exit code;
- the run report (``crawler.monitoring.report``) is written next to every local file export.

The console's start and progress lines are ``crawler.console.progress``. Spiders that are not Warta portal
spiders (``scrapy fetch``, ``shell``, ``bench``) get no verdict and no report: there is nothing of theirs
to judge.
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

from crawler.monitoring.checks import Thresholds, failed, run_checks
from crawler.monitoring.drift import DriftAlarm
from crawler.monitoring.report import (
    build_report,
    report_targets,
    summary_text,
    write_report,
)
from crawler.monitoring.tally import ItemTally
from crawler.profiles import Profile, ProfileError, load_profile

logger = logging.getLogger(__name__)

DRIFT_STATS = "warta/drift"
# Renamed to WARTA_DRIFT_THRESHOLD, the one generic-fallback limit of both the warning and the verdict.
RETIRED_GENERIC_RATE = "WARTA_MONITOR_MAX_GENERIC_RATE"


def local_path(uri: str) -> Path | None:
    """The file a feed URI writes to, or None for a remote feed (s3, ftp, stdout)."""
    parts = urlsplit(uri)
    if parts.scheme == "file":
        return Path(unquote(parts.path))
    if parts.scheme == "" or len(parts.scheme) == 1:  # a plain path, or a Windows drive letter
        return Path(uri)
    return None


def is_portal_spider(spider: Spider | None) -> bool:
    """Whether a spider crawls a Warta portal (it carries a profile); foreign spiders are left alone."""
    return getattr(spider, "profile", None) is not None


class RunMonitor:
    """Drift alarm, monitors and report of one run, all read from one tally."""

    def __init__(
        self,
        crawler: Crawler,
        drift: DriftAlarm | None,
        limits: Thresholds | None,
        drift_interval: float,
    ) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.drift = drift
        self.limits = limits
        self.drift_interval = drift_interval
        self.tally = ItemTally()
        self.started: datetime | None = None
        self.exports: list[Path] = []
        self._profiles: dict[str, Profile | None] = {}
        self._loops: list[Any] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunMonitor:
        settings = crawler.settings
        drift_on = settings.getbool("WARTA_DRIFT_ENABLED")
        monitors_on = settings.getbool("WARTA_MONITORS_ENABLED")
        if not (drift_on or monitors_on):
            raise NotConfigured
        if settings.get(RETIRED_GENERIC_RATE) is not None:
            logger.warning(
                "%s is no longer read: WARTA_DRIFT_THRESHOLD (%s) is the one generic-fallback limit of "
                "both the drift warning and the run monitor",
                RETIRED_GENERIC_RATE,
                settings.getfloat("WARTA_DRIFT_THRESHOLD"),
            )
        drift = None
        if drift_on:
            drift = DriftAlarm(
                settings.getfloat("WARTA_DRIFT_THRESHOLD"), settings.getint("WARTA_DRIFT_MIN_ITEMS")
            )
        drift_interval = settings.getfloat("WARTA_DRIFT_INTERVAL")
        if drift_interval < 0:
            raise ValueError(f"WARTA_DRIFT_INTERVAL must be 0 or more seconds, got {drift_interval}")
        limits = Thresholds.from_settings(settings) if monitors_on else None
        monitor = cls(crawler, drift, limits, drift_interval)
        crawler.signals.connect(monitor.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(monitor.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(monitor.item_error, signal=signals.item_error)
        crawler.signals.connect(monitor.spider_closed, signal=signals.spider_closed)
        return monitor

    # ---- signals ---------------------------------------------------------------------------------------
    def spider_opened(self, spider: Spider) -> None:
        self.started = datetime.now(UTC)
        if not is_portal_spider(spider):
            return
        feeds = self.crawler.get_extension(FeedExporter)
        for slot in getattr(feeds, "slots", []):
            path = local_path(str(slot.uri))
            if path is not None:
                self.exports.append(path.resolve())
        if self.drift is not None and self.drift_interval > 0:
            self._every(self.drift_interval, self.check_drift)

    def item_error(self, item: Any, failure: Any) -> None:
        """An item a pipeline raised on (anything but DropItem): never exported, so the run must say so."""
        self.stats.inc_value("warta/items/pipeline_errors")

    def item_scraped(self, item: Any) -> None:
        try:
            adapter = ItemAdapter(item)
        except TypeError:
            self.stats.inc_value(f"{DRIFT_STATS}/skipped_items")
            return
        portal = adapter.get("portal")
        profile = self._profile(portal) if isinstance(portal, str) and portal else None
        portal_tally = self.tally.add(adapter, profile)
        if portal_tally is None:
            self.stats.inc_value(f"{DRIFT_STATS}/skipped_items")
        elif portal_tally.profiled:
            self.stats.set_value(f"{DRIFT_STATS}/{portal}/items", portal_tally.items)
            if adapter.get("extractedBy") == "generic":
                self.stats.set_value(f"{DRIFT_STATS}/{portal}/generic", portal_tally.generic)

    def spider_closed(self, spider: Spider | None, reason: str) -> None:
        for loop in self._loops:
            if loop.running:
                loop.stop()
        if self.drift is not None:
            self.check_drift(final=True)
        if self.limits is not None and spider is not None and is_portal_spider(spider):
            self._judge(spider, reason, self.limits)

    # ---- the drift alarm -------------------------------------------------------------------------------
    def check_drift(self, final: bool = False) -> list[str]:
        """Judge every profiled portal with enough items, record its rate and fields; returns the portals
        in drift. Runs at the interval and at close."""
        if self.drift is None:
            return []
        judged = self.drift.check(self.tally, final=final)
        for drift in judged:
            self.stats.set_value(f"{DRIFT_STATS}/{drift.portal}/rate", round(drift.rate, 4))
            self.stats.set_value(f"{DRIFT_STATS}/{drift.portal}/fields", drift.fields)
        return [drift.portal for drift in judged if drift.drifting]

    def _profile(self, portal: str) -> Profile | None:
        """The portal's shipped profile; None for a host the generic spider crawled: nothing to drift from."""
        if portal not in self._profiles:
            try:
                self._profiles[portal] = load_profile(portal)
            except ProfileError:
                self._profiles[portal] = None
        return self._profiles[portal]

    # ---- the verdict and the report ------------------------------------------------------------------
    def _judge(self, spider: Spider, reason: str, limits: Thresholds) -> None:
        snapshot = dict(self.stats.get_stats())
        snapshot.setdefault("finish_reason", reason)
        checks = run_checks(snapshot, self.tally, limits, has_profile=bool(spider.profile.selectors))
        bad = failed(checks)
        self.stats.set_value("warta/monitors/failed", len(bad))
        self.stats.set_value("warta/monitors/failed_names", ",".join(c.name for c in bad))
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
        targets = self.exports or [self._fallback_target(spider)]
        for target, paths in zip(targets, report_targets(targets), strict=True):
            try:
                json_path, _ = write_report(report, target, paths)
                logger.info("run report written to %s", json_path)
            except OSError as exc:
                logger.error("could not write the run report next to %s: %s", target, exc)
        log = logger.info if report["ok"] else logger.error
        log("run summary:\n%s", summary_text(report))

    def _fallback_target(self, spider: Spider) -> Path:
        """Where the report goes when the run has no local export: ``<data>/reports/<spider>-<time>``."""
        data_dir = Path(self.crawler.settings["WARTA_DATA_DIR"])
        stamp = (self.started or datetime.now(UTC)).strftime("%Y-%m-%dT%H-%M-%S")
        return (data_dir / "reports" / f"{spider.name}-{stamp}.jsonl").resolve()

    def _every(self, seconds: float, call: Any) -> None:
        loop = create_looping_call(call)
        loop.start(seconds, now=False)
        self._loops.append(loop)
