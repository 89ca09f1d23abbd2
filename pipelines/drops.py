"""Counted drops: every item a pipeline refuses is logged and counted by reason in the stats."""

from __future__ import annotations

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

DROP_STAT_PREFIX = "warta/dropped"
# Drops that say nothing about the article, only about our code (a line the JSON Schema refuses is a bug
# of the extractor): not remembered as fetched, so the run that follows the fix fetches and exports them.
FETCHED_AGAIN = frozenset({"schema_invalid"})


class CountedDrop(DropItem):
    """A drop with its reason kept beside the message, for whoever reads the ``item_dropped`` signal."""

    def __init__(self, reason: str, detail: str, *, log_level: str) -> None:
        super().__init__(f"{reason}: {detail}", log_level=log_level)
        self.reason = reason


def drop(stats: StatsCollector, reason: str, detail: str, *, log_level: str = "INFO") -> CountedDrop:
    """Count the drop under ``warta/dropped/<reason>`` and build the exception to raise.

    Dedup drops are routine in scheduled runs, so they log at INFO rather than Scrapy's WARNING.
    """
    stats.inc_value(f"{DROP_STAT_PREFIX}/{reason}")
    stats.inc_value(DROP_STAT_PREFIX)
    return CountedDrop(reason, detail, log_level=log_level)


def fetched_again(exception: BaseException) -> bool:
    """Whether the article this drop refused is to be fetched again by the next run (``FETCHED_AGAIN``)."""
    return isinstance(exception, CountedDrop) and exception.reason in FETCHED_AGAIN
