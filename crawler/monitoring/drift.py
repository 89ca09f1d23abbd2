"""Layout-drift alarm: a Scrapy extension that notices when a portal's profile stops matching its pages.

Portals change themes without notice. Extraction then degrades gracefully (the generic fallback takes
over), so nothing fails and nobody looks. This extension counts, per portal, how its items were
extracted (``extractedBy``), and when the share of generic fallbacks for a *profiled* portal passes
``WARTA_DRIFT_THRESHOLD`` over at least ``WARTA_DRIFT_MIN_ITEMS`` items, it logs a WARNING naming the
portal, the rate and the profile fields that stopped matching, and records the stats
``warta/drift/<portal>/rate`` and ``warta/drift/<portal>/fields``.

Which fields stopped matching: when the item carries ``profileMisses`` (the profile selector fields that
found nothing, from ``extract_article(..., with_misses=True)``) those are counted; otherwise they are
inferred from the item:
a generic body means ``body`` missed, and an empty headline, author list, publication date, section,
tag list or image means that field did. A field is named when it missed on at least the threshold share
of the portal's items.

Settings: ``WARTA_DRIFT_THRESHOLD`` (0.2), ``WARTA_DRIFT_MIN_ITEMS`` (20), ``WARTA_DRIFT_INTERVAL``
(seconds between checks during the crawl, 300; 0 checks only at close), ``WARTA_DRIFT_ENABLED`` (True).
Enable with ``EXTENSIONS = {"crawler.drift.LayoutDriftMonitor": 500}``.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from crawler.profiles import SELECTOR_FIELDS, Profile, ProfileError, load_profile

logger = logging.getLogger(__name__)

STAT_PREFIX = "warta/drift"
DEFAULT_THRESHOLD = 0.2
DEFAULT_MIN_ITEMS = 20
DEFAULT_INTERVAL = 300.0

# Item fields whose emptiness says a profile selector field found nothing (when the extractor does
# not report ``profileMisses``). ``modified`` is left out: many articles are never updated.
EMPTY_MEANS_MISS: dict[str, str] = {
    "headline": "headline",
    "authors": "authors",
    "datePublished": "published",
    "section": "section",
    "tags": "tags",
    "mainImage": "image",
}


@dataclass
class PortalTally:
    """What one portal's items said so far."""

    items: int = 0
    generic: int = 0
    misses: Counter[str] = field(default_factory=Counter)
    alarmed: bool = False

    @property
    def rate(self) -> float:
        return self.generic / self.items if self.items else 0.0


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def missed_fields(item: ItemAdapter, profile: Profile) -> list[str]:
    """The profile selector fields that found nothing on this item's page, in profile field order."""
    configured = [name for name in SELECTOR_FIELDS if profile.selectors.get(name)]
    reported = item.get("profileMisses")
    if isinstance(reported, (list, tuple)):
        missed = {str(name) for name in reported}
    else:
        missed = {sel for key, sel in EMPTY_MEANS_MISS.items() if _is_empty(item.get(key))}
        if item.get("extractedBy") == "generic":
            missed.add("body")
    return [name for name in configured if name in missed]


class LayoutDriftMonitor:
    """Counts ``extractedBy`` per portal and warns when a profiled portal falls back too often."""

    def __init__(self, crawler: Crawler, threshold: float, min_items: int, interval: float) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.threshold = threshold
        self.min_items = min_items
        self.interval = interval
        self.tallies: dict[str, PortalTally] = {}
        self._profiles: dict[str, Profile | None] = {}
        self._task: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LayoutDriftMonitor:
        settings = crawler.settings
        if not settings.getbool("WARTA_DRIFT_ENABLED", True):
            raise NotConfigured
        threshold = settings.getfloat("WARTA_DRIFT_THRESHOLD", DEFAULT_THRESHOLD)
        min_items = settings.getint("WARTA_DRIFT_MIN_ITEMS", DEFAULT_MIN_ITEMS)
        interval = settings.getfloat("WARTA_DRIFT_INTERVAL", DEFAULT_INTERVAL)
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"WARTA_DRIFT_THRESHOLD must be between 0 and 1, got {threshold}")
        if min_items < 1:
            raise ValueError(f"WARTA_DRIFT_MIN_ITEMS must be at least 1, got {min_items}")
        if interval < 0:
            raise ValueError(f"WARTA_DRIFT_INTERVAL must be 0 or more seconds, got {interval}")
        monitor = cls(crawler, threshold, min_items, interval)
        crawler.signals.connect(monitor.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(monitor.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(monitor.spider_closed, signal=signals.spider_closed)
        return monitor

    # ---- signals ---------------------------------------------------------------------------------------
    def spider_opened(self, spider: Spider) -> None:
        if self.interval > 0:
            self._task = create_looping_call(self.check)
            self._task.start(self.interval, now=False)

    def spider_closed(self, spider: Spider, reason: str = "finished") -> None:
        if self._task is not None and self._task.running:
            self._task.stop()
        self.check(final=True)

    def item_scraped(self, item: Any, spider: Spider | None = None, response: Any = None) -> None:
        try:
            adapter = ItemAdapter(item)
        except TypeError:
            self.stats.inc_value(f"{STAT_PREFIX}/skipped_items")
            return
        portal = adapter.get("portal")
        extracted_by = adapter.get("extractedBy")
        if not isinstance(portal, str) or not portal or extracted_by not in ("profile", "generic"):
            self.stats.inc_value(f"{STAT_PREFIX}/skipped_items")
            return
        profile = self._profile(portal)
        if profile is None:  # a host crawled by the generic spider: nothing to drift from
            return
        tally = self.tallies.setdefault(portal, PortalTally())
        tally.items += 1
        self.stats.inc_value(f"{STAT_PREFIX}/{portal}/items")
        if extracted_by == "generic":
            tally.generic += 1
            self.stats.inc_value(f"{STAT_PREFIX}/{portal}/generic")
        tally.misses.update(missed_fields(adapter, profile))

    # ---- the check -------------------------------------------------------------------------------------
    def _profile(self, portal: str) -> Profile | None:
        if portal not in self._profiles:
            try:
                self._profiles[portal] = load_profile(portal)
            except ProfileError:
                self._profiles[portal] = None
        return self._profiles[portal]

    def stopped_matching(self, tally: PortalTally) -> list[str]:
        """Fields that missed on at least the threshold share of the portal's items."""
        return [
            name
            for name in SELECTOR_FIELDS
            if tally.misses[name] and tally.misses[name] / tally.items >= self.threshold
        ]

    def check(self, final: bool = False) -> list[str]:
        """Judge every portal with enough items; returns the portals in drift. Runs at the interval and
        at close; a portal already reported is reported again only at close (with the final figures)."""
        drifting = []
        for portal, tally in sorted(self.tallies.items()):
            if tally.items < self.min_items:
                continue
            rate = tally.rate
            fields = self.stopped_matching(tally)
            self.stats.set_value(f"{STAT_PREFIX}/{portal}/rate", round(rate, 4))
            self.stats.set_value(f"{STAT_PREFIX}/{portal}/fields", fields)
            if rate <= self.threshold:
                continue
            drifting.append(portal)
            if tally.alarmed and not final:
                continue
            tally.alarmed = True
            logger.warning(
                "Layout drift on portal %s: %d of %d items (%.0f%%) fell back to the generic extractor, "
                "threshold %.0f%%; profile fields that stopped matching: %s",
                portal,
                tally.generic,
                tally.items,
                rate * 100,
                self.threshold * 100,
                ", ".join(fields) or "none identified",
                extra={"portal": portal, "rate": rate, "fields": fields},
            )
        return drifting
