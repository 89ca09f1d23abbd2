"""The extension that watches a run: one tally of the exported items, the drift alarm and the verdict.

Every delivered item (``item_delivered``: the feeds took it) is counted once, in one ``ItemTally``. From it:

- the drift alarm (``crawler.monitoring.drift``, ``WARTA_DRIFT_ENABLED``) warns during the crawl, every
  ``WARTA_DRIFT_INTERVAL`` seconds, and at close, when a profiled portal falls back to the generic
  extractor past ``WARTA_DRIFT_THRESHOLD``; it records ``warta/drift/<portal>/{items,generic,rate,fields}``;
- the monitors (``crawler.monitoring.checks``, ``WARTA_MONITORS_ENABLED``) judge the finished run, with the
  same threshold for the generic-fallback rate, and record the verdict in the stats
  (``warta/monitors/failed``, ``warta/monitors/failed_names``, and ``warta/monitors/failed_details``, each
  failed monitor with its cause) for the ``crawl`` command's exit code and last line;
- the run report (``crawler.monitoring.report``) is written next to every local file export;
- the run's counters are sampled every ``WARTA_REPORT_SERIES_INTERVAL`` seconds (``timeline``) for the
  HTML report beside the JSON one (``html_report``), and the run is filed in the crawl history
  (``history``: ``<data>/reports/index.html``, rebuilt at the end of every run). A page that cannot be
  written is logged and counted (``warta/report/failed``), never a reason to lose the crawl.

The console's start and progress lines are ``crawler.console.progress``. Spiders that are not Warta portal
spiders (``scrapy fetch``, ``shell``, ``bench``) get no verdict and no report: there is nothing of theirs
to judge. Nor does a portal spider under a command that only looks at pages (``scrapy parse``, ``check``,
``fetch``, ``shell``: ``crawler/runmode.py``).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping
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

from crawler.exports.delivery import item_delivered
from crawler.items import field_values
from crawler.monitoring.checks import Thresholds, failed, run_checks
from crawler.monitoring.drift import DriftAlarm
from crawler.monitoring.history import archive_run, history_path, rebuild_history
from crawler.monitoring.html_report import html_report_path, render_run_report
from crawler.monitoring.report import (
    build_report,
    report_targets,
    summary_text,
    write_atomic,
    write_report,
)
from crawler.monitoring.tally import ItemTally
from crawler.monitoring.timeline import Timeline, run_counters
from crawler.profiles import Profile, ProfileError, load_profile
from crawler.runmode import records_run

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


def link(target: Path, base: Path) -> str:
    """A link from a page in ``base`` to ``target``: relative, so the folder can move; a file URI where
    no relative path exists (another drive)."""
    try:
        return Path(os.path.relpath(target, base)).as_posix()
    except ValueError:
        return target.resolve().as_uri()


def item_values(item: Any) -> Mapping[str, Any]:
    """An item's fields by name: the article's as a dict (``crawler.items.field_values``), any other item
    through itemadapter (TypeError for what is no item)."""
    values = field_values(item)
    return ItemAdapter(item) if values is None else values


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
        series_interval: float,
    ) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.drift = drift
        self.limits = limits
        self.drift_interval = drift_interval
        self.tally = ItemTally()
        self.timeline = Timeline(series_interval)
        self.started: datetime | None = None
        self.exports: list[Path] = []
        self._profiles: dict[str, Profile | None] = {}
        self._loops: list[Any] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunMonitor:
        settings = crawler.settings
        drift_on = settings.getbool("WARTA_DRIFT_ENABLED")
        monitors_on = settings.getbool("WARTA_MONITORS_ENABLED")
        if not (drift_on or monitors_on) or not records_run(settings):
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
        monitor = cls(
            crawler, drift, limits, drift_interval, settings.getfloat("WARTA_REPORT_SERIES_INTERVAL")
        )
        crawler.signals.connect(monitor.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(monitor.item_delivered, signal=item_delivered)
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
        if self.limits is not None:
            self._every(self.timeline.interval, self._sample)

    def item_delivered(self, item: Any) -> None:
        try:
            values = item_values(item)
        except TypeError:
            self.stats.inc_value(f"{DRIFT_STATS}/skipped_items")
            return
        portal = values.get("portal")
        profile = self._profile(portal) if isinstance(portal, str) and portal else None
        portal_tally = self.tally.add(values, profile)
        if portal_tally is None:
            self.stats.inc_value(f"{DRIFT_STATS}/skipped_items")
        elif portal_tally.profiled:
            self.stats.set_value(f"{DRIFT_STATS}/{portal}/items", portal_tally.items)
            if values.get("extractedBy") == "generic":
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
        finished = datetime.now(UTC)
        self._sample(snapshot, finished)
        checks = run_checks(snapshot, self.tally, limits, has_profile=bool(spider.profile.selectors))
        bad = failed(checks)
        self.stats.set_value("warta/monitors/failed", len(bad))
        self.stats.set_value("warta/monitors/failed_names", ",".join(c.name for c in bad))
        # What the crawl command's last line says: each failed monitor with its cause, when it has one.
        self.stats.set_value(
            "warta/monitors/failed_details",
            "; ".join(f"{c.name}: {c.detail}" if c.detail else c.name for c in bad),
        )
        report = build_report(
            spider=spider.name,
            stats=snapshot,
            tally=self.tally,
            checks=checks,
            started=self.started,
            finished=finished,
            exports=[str(p) for p in self.exports],
            worker=f"{socket.gethostname()}:{os.getpid()}",
            timeline=self.timeline.as_dict(),
            drift_threshold=limits.max_generic_rate,
        )
        targets = self.exports or [self._fallback_target(spider)]
        for target, paths in zip(targets, report_targets(targets), strict=True):
            try:
                json_path, _ = write_report(report, target, paths)
                logger.debug("run report written to %s", json_path)
            except OSError as exc:
                logger.error("could not write the run report next to %s: %s", target, exc)
                continue
            self._write_page(report, json_path)
        self._file_in_history(report)
        log = logger.info if report["ok"] else logger.error
        log("run summary:\n%s", summary_text(report))

    def _write_page(self, report: Mapping[str, Any], json_path: Path) -> None:
        """The HTML report beside the JSON one, linking the crawl history."""
        page = html_report_path(json_path)
        try:
            history = link(history_path(self._data_dir()), page.parent)
            html = render_run_report(report, history_href=history, json_href=json_path.name)
            write_atomic(page, html)
            logger.debug("run report page written to %s", page)
        except Exception:
            self._report_failed(f"could not write the HTML run report {page}")

    def _file_in_history(self, report: Mapping[str, Any]) -> None:
        """A copy of the report where the crawl history reads it, then the history page rebuilt."""
        data_dir = self._data_dir()
        try:
            archive_run(report, data_dir, keep=self.crawler.settings.getint("WARTA_REPORT_HISTORY_KEEP"))
            logger.debug("crawl history updated: %s", rebuild_history(data_dir))
        except Exception:
            self._report_failed(f"could not update the crawl history in {history_path(data_dir).parent}")

    def _report_failed(self, message: str) -> None:
        logger.exception(message)
        self.stats.inc_value("warta/report/failed")

    def _data_dir(self) -> Path:
        return Path(self.crawler.settings["WARTA_DATA_DIR"]).resolve()

    def _fallback_target(self, spider: Spider) -> Path:
        """Where the report goes when the run has no local export: ``<data>/reports/<spider>-<time>``."""
        data_dir = Path(self.crawler.settings["WARTA_DATA_DIR"])
        stamp = (self.started or datetime.now(UTC)).strftime("%Y-%m-%dT%H-%M-%S")
        return (data_dir / "reports" / f"{spider.name}-{stamp}.jsonl").resolve()

    def _sample(self, stats: Mapping[str, Any] | None = None, now: datetime | None = None) -> None:
        """One timeline sample: the run's counters so far (at close: the final snapshot's)."""
        if self.started is None:
            return
        moment = now or datetime.now(UTC)
        counters = run_counters(self.stats.get_stats() if stats is None else stats, self.tally.exported)
        self.timeline.sample((moment - self.started).total_seconds(), counters)

    def _every(self, seconds: float, call: Any) -> None:
        loop = create_looping_call(call)
        loop.start(seconds, now=False)
        self._loops.append(loop)
