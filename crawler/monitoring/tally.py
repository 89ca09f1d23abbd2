"""What a run exported, counted once per item: the one tally every run-health judgement reads.

The drift warning, the end-of-run monitors and the run report all ask the same questions of the exported
items (how many, which fields were filled, which bodies leaked an insert, how often each portal fell back
to the generic extractor). Counting each of those in one place, once, is what keeps the warning and the
verdict from disagreeing: both read ``PortalTally.rate`` and compare it with ``PortalTally.over``.

No Scrapy import: ``crawler.monitoring.extension`` feeds it from the ``item_delivered`` signal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from crawler.items import EXPORT_FIELDS, is_empty_value
from crawler.monitoring.checks import COVERAGE_FIELDS
from crawler.profiles import SELECTOR_FIELDS, Profile
from crawler.vocabulary import leak_in

EXTRACTORS = ("profile", "generic")

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


def missed_fields(item: Mapping[str, Any], profile: Profile) -> list[str]:
    """The profile selector fields that found nothing on this item's page, in profile field order.

    ``profileMisses`` (from ``Extraction.profile_misses``, set by the spider) is trusted when the item has it;
    otherwise a generic body means ``body`` missed and an empty field means its selector did."""
    configured = [name for name in SELECTOR_FIELDS if profile.selectors.get(name)]
    reported = item.get("profileMisses")
    if isinstance(reported, (list, tuple)):
        missed = {str(name) for name in reported}
    else:
        missed = {sel for key, sel in EMPTY_MEANS_MISS.items() if is_empty_value(item.get(key))}
        if item.get("extractedBy") == "generic":
            missed.add("body")
    return [name for name in configured if name in missed]


@dataclass
class PortalTally:
    """How one portal's exported items were extracted, and which profile fields missed on them."""

    extracted_by: Counter[str] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)
    profiled: bool = False

    @property
    def items(self) -> int:
        return sum(self.extracted_by.values())

    @property
    def generic(self) -> int:
        return self.extracted_by["generic"]

    @property
    def rate(self) -> float:
        """The share of this portal's items that fell back to the generic extractor."""
        items = self.items
        return self.generic / items if items else 0.0

    def over(self, limit: float) -> bool:
        """Whether the fallback rate passes ``limit``: the one comparison the warning and the verdict make."""
        return self.rate > limit

    def stopped_matching(self, limit: float) -> list[str]:
        """Profile fields that missed on at least ``limit`` of the portal's items, in profile field order."""
        items = self.items
        return [name for name in SELECTOR_FIELDS if self.misses[name] and self.misses[name] / items >= limit]


@dataclass
class ItemTally:
    """What the run exported, counted one item at a time (the stats alone cannot say this)."""

    fields: tuple[str, ...] = COVERAGE_FIELDS
    exported: int = 0
    present: Counter[str] = field(default_factory=Counter)
    # Every exported field, for the report's coverage chart (the monitors judge ``fields`` only).
    filled: Counter[str] = field(default_factory=Counter)
    leaks: int = 0
    leak_examples: list[dict[str, str]] = field(default_factory=list)
    portals: dict[str, PortalTally] = field(default_factory=dict)
    # Items without a portal name or with an ``extractedBy`` other than profile/generic.
    unattributed: int = 0

    def add(self, item: Mapping[str, Any], profile: Profile | None = None) -> PortalTally | None:
        """Count one exported item; returns its portal's tally, or None when it names no portal or
        extractor. ``profile`` (the portal's own, when it has one) is what its misses are counted against."""
        self.exported += 1
        for name in self.fields:
            if not is_empty_value(item.get(name)):
                self.present[name] += 1
        self.filled.update([name for name in EXPORT_FIELDS if not is_empty_value(item.get(name))])
        marker = leak_in(str(item.get("articleBody") or ""))
        if marker is not None:
            self.leaks += 1
            if len(self.leak_examples) < 5:
                self.leak_examples.append({"url": str(item.get("canonicalUrl")), "marker": marker})
        portal, extracted_by = item.get("portal"), item.get("extractedBy")
        if not isinstance(portal, str) or not portal or extracted_by not in EXTRACTORS:
            self.unattributed += 1
            return None
        tally = self.portals.get(portal)
        if tally is None:  # not setdefault: that would build a PortalTally, two Counters, every item
            tally = self.portals[portal] = PortalTally()
        tally.extracted_by[extracted_by] += 1
        if profile is not None:
            tally.profiled = True
            tally.misses.update(missed_fields(item, profile))
        return tally

    def coverage(self) -> dict[str, float | None]:
        return {name: (self.present[name] / self.exported if self.exported else None) for name in self.fields}

    def field_coverage(self) -> dict[str, float | None]:
        """The share of exported items with each exported field filled, in the item's field order."""
        return {
            name: (self.filled[name] / self.exported if self.exported else None) for name in EXPORT_FIELDS
        }
