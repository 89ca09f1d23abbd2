"""Layout-drift alarm: notice when a portal's profile stops matching its pages, and say which fields.

Portals change themes without notice. Extraction then degrades gracefully (the generic fallback takes
over), so nothing fails and nobody looks. The alarm reads the run's tally (``crawler.monitoring.tally``)
and, once a *profiled* portal has at least ``WARTA_DRIFT_MIN_ITEMS`` exported items, judges its
generic-fallback rate against ``WARTA_DRIFT_THRESHOLD``: past it, a WARNING names the portal, the rate and
the profile fields that stopped matching (those that missed on at least the threshold share of its items).

The same threshold and the same comparison (``PortalTally.over``) fail the end-of-run monitor
``generic_fallback_<portal>``, so the warning and the verdict flip at the same rate. The minimum item count
only holds the warning back while a sample is too small to name fields from; the verdict judges the
finished run whatever its size.

No Scrapy import: ``crawler.monitoring.extension`` runs ``check`` at an interval and at close and records
what it returns as the stats ``warta/drift/<portal>/{rate,fields}``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from crawler.monitoring.tally import ItemTally, PortalTally

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PortalDrift:
    """One profiled portal's judgement: its fallback rate and the profile fields that stopped matching."""

    portal: str
    items: int
    generic: int
    rate: float
    fields: list[str]
    drifting: bool


@dataclass
class DriftAlarm:
    """Judges every profiled portal with enough items; warns once during a crawl and again at close."""

    threshold: float
    min_items: int
    warned: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"WARTA_DRIFT_THRESHOLD must be between 0 and 1, got {self.threshold}")
        if self.min_items < 1:
            raise ValueError(f"WARTA_DRIFT_MIN_ITEMS must be at least 1, got {self.min_items}")

    def judge(self, portal: str, tally: PortalTally) -> PortalDrift | None:
        """The portal's judgement, or None while it has no profile or too few items to judge."""
        if not tally.profiled or tally.items < self.min_items:
            return None
        return PortalDrift(
            portal=portal,
            items=tally.items,
            generic=tally.generic,
            rate=tally.rate,
            fields=tally.stopped_matching(self.threshold),
            drifting=tally.over(self.threshold),
        )

    def check(self, tally: ItemTally, final: bool = False) -> list[PortalDrift]:
        """Every judged portal, in name order, warning about those in drift. A portal already warned
        about is warned about again only at close (``final``), with the run's final figures."""
        judged = []
        for portal, portal_tally in sorted(tally.portals.items()):
            drift = self.judge(portal, portal_tally)
            if drift is None:
                continue
            judged.append(drift)
            if drift.drifting and (final or portal not in self.warned):
                self.warned.add(portal)
                self._warn(drift)
        return judged

    def _warn(self, drift: PortalDrift) -> None:
        logger.warning(
            "Layout drift on portal %s: %d of %d items (%.0f%%) fell back to the generic extractor, "
            "threshold %.0f%%; profile fields that stopped matching: %s",
            drift.portal,
            drift.generic,
            drift.items,
            drift.rate * 100,
            self.threshold * 100,
            ", ".join(drift.fields) or "none identified",
            extra={"portal": drift.portal, "rate": drift.rate, "fields": drift.fields},
        )
