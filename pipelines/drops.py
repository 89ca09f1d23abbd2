"""Counted drops: every item a pipeline refuses is logged and counted by reason in the stats."""

from __future__ import annotations

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

DROP_STAT_PREFIX = "warta/dropped"


def drop(stats: StatsCollector, reason: str, detail: str, *, log_level: str = "INFO") -> DropItem:
    """Count the drop under ``warta/dropped/<reason>`` and build the exception to raise.

    Dedup drops are routine in scheduled runs, so they log at INFO rather than Scrapy's WARNING.
    """
    stats.inc_value(f"{DROP_STAT_PREFIX}/{reason}")
    stats.inc_value(DROP_STAT_PREFIX)
    return DropItem(f"{reason}: {detail}", log_level=log_level)
