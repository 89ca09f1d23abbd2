"""End-of-run monitors: did this crawl go well? Pure checks over the run's stats and exported items.

No Scrapy import: ``crawler.monitoring.extension`` feeds ``ItemTally`` from the ``item_scraped`` signal
and calls ``run_checks`` with the final stats. Every threshold is a setting (``WARTA_MONITOR_*``, see
``Thresholds.from_settings``). A failed check makes ``scrapy crawl`` exit non-zero (``crawler.commands``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from crawler.vocabulary import LEAK_MARKERS, leak_in  # noqa: F401 (LEAK_MARKERS: re-exported)

COVERAGE_FIELDS = ("headline", "articleBody", "datePublished")
TIMEOUT_EXCEPTIONS = ("TimeoutError", "TCPTimedOutError", "ResponseNeverReceived")


@dataclass
class ItemTally:
    """What the run exported, counted one item at a time (the stats alone cannot say this)."""

    fields: tuple[str, ...] = COVERAGE_FIELDS
    exported: int = 0
    present: Counter[str] = field(default_factory=Counter)
    leaks: int = 0
    leak_examples: list[dict[str, str]] = field(default_factory=list)
    extraction: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, item: Mapping[str, Any]) -> None:
        self.exported += 1
        for name in self.fields:
            value = item.get(name)
            if value not in (None, "", [], {}):
                self.present[name] += 1
        marker = leak_in(str(item.get("articleBody") or ""))
        if marker is not None:
            self.leaks += 1
            if len(self.leak_examples) < 5:
                self.leak_examples.append({"url": str(item.get("canonicalUrl")), "marker": marker})
        self.extraction[str(item.get("portal"))][str(item.get("extractedBy"))] += 1

    def coverage(self) -> dict[str, float | None]:
        return {name: (self.present[name] / self.exported if self.exported else None) for name in self.fields}

    def generic_rates(self) -> dict[str, float]:
        return {
            portal: counts["generic"] / total
            for portal, counts in self.extraction.items()
            if (total := sum(counts.values()))
        }


@dataclass(frozen=True)
class Thresholds:
    """The limits a healthy run stays within; each one is a ``WARTA_MONITOR_*`` setting."""

    min_items: int = 1
    min_coverage: float = 0.95
    max_leaks: int = 0
    max_generic_rate: float = 0.10
    max_403_rate: float = 0.05
    max_429_rate: float = 0.05
    max_5xx_rate: float = 0.05
    max_timeout_rate: float = 0.05
    finish_reasons: tuple[str, ...] = ("finished",)

    @classmethod
    def from_settings(cls, get: Callable[[str, Any], Any]) -> Thresholds:
        """``get(name, default)`` reads one setting (``Settings.get`` fits)."""
        reasons = get("WARTA_MONITOR_FINISH_REASONS", None) or cls.finish_reasons
        if isinstance(reasons, str):
            reasons = [r.strip() for r in reasons.split(",") if r.strip()]
        return cls(
            min_items=int(get("WARTA_MONITOR_MIN_ITEMS", cls.min_items)),
            min_coverage=float(get("WARTA_MONITOR_MIN_COVERAGE", cls.min_coverage)),
            max_leaks=int(get("WARTA_MONITOR_MAX_LEAKS", cls.max_leaks)),
            max_generic_rate=float(get("WARTA_MONITOR_MAX_GENERIC_RATE", cls.max_generic_rate)),
            max_403_rate=float(get("WARTA_MONITOR_MAX_403_RATE", cls.max_403_rate)),
            max_429_rate=float(get("WARTA_MONITOR_MAX_429_RATE", cls.max_429_rate)),
            max_5xx_rate=float(get("WARTA_MONITOR_MAX_5XX_RATE", cls.max_5xx_rate)),
            max_timeout_rate=float(get("WARTA_MONITOR_MAX_TIMEOUT_RATE", cls.max_timeout_rate)),
            finish_reasons=tuple(reasons),
        )


@dataclass(frozen=True)
class Check:
    """One monitor's verdict, with the measured value and the limit it was held to."""

    name: str
    ok: bool
    value: Any
    limit: Any
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _sum_prefixed(stats: Mapping[str, Any], prefix: str, accept: Callable[[str], bool]) -> int:
    return sum(int(v) for k, v in stats.items() if k.startswith(prefix) and accept(k[len(prefix) :]))


def status_count(stats: Mapping[str, Any], accept: Callable[[str], bool]) -> int:
    """Responses whose status code (as text) passes ``accept``."""
    return _sum_prefixed(stats, "downloader/response_status_count/", accept)


def timeout_count(stats: Mapping[str, Any]) -> int:
    return _sum_prefixed(
        stats, "downloader/exception_type_count/", lambda name: name.endswith(TIMEOUT_EXCEPTIONS)
    )


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def run_checks(
    stats: Mapping[str, Any], tally: ItemTally, limits: Thresholds, *, has_profile: bool = True
) -> list[Check]:
    """Every monitor over one finished run. ``has_profile`` is False for the generic spider, whose
    every item is generic by design."""
    checks: list[Check] = []
    # Known articles count as found: fetched and unchanged, or not fetched at all because nothing
    # (sitemap lastmod, news sitemap, feed) said they changed.
    unchanged = int(stats.get("warta/dropped/unchanged", 0)) + int(
        stats.get("warta/incremental/skipped_known", 0)
    )
    found = tally.exported + unchanged
    checks.append(
        Check(
            "items_exported",
            found >= limits.min_items,
            found,
            limits.min_items,
            f"{tally.exported} exported, {unchanged} known and unchanged",
        )
    )
    for name, ratio in tally.coverage().items():
        ok = ratio is None or ratio >= limits.min_coverage
        value = None if ratio is None else round(ratio, 4)
        checks.append(
            Check(f"coverage_{name}", ok, value, limits.min_coverage, "no items" if ratio is None else "")
        )
    examples = ", ".join(f"{e['marker']!r} in {e['url']}" for e in tally.leak_examples[:3])
    checks.append(
        Check("body_leaks", tally.leaks <= limits.max_leaks, tally.leaks, limits.max_leaks, examples)
    )
    if has_profile:
        for portal, rate in sorted(tally.generic_rates().items()):
            checks.append(
                Check(
                    f"generic_fallback_{portal}",
                    rate <= limits.max_generic_rate,
                    round(rate, 4),
                    limits.max_generic_rate,
                    "the profile's selectors no longer fit the pages"
                    if rate > limits.max_generic_rate
                    else "",
                )
            )
    responses = int(stats.get("downloader/response_count", 0))
    requests = int(stats.get("downloader/request_count", 0))
    for name, count, limit in (
        ("http_403_rate", status_count(stats, lambda code: code == "403"), limits.max_403_rate),
        ("http_429_rate", status_count(stats, lambda code: code == "429"), limits.max_429_rate),
        ("http_5xx_rate", status_count(stats, lambda code: code.startswith("5")), limits.max_5xx_rate),
    ):
        rate = _rate(count, responses)
        checks.append(Check(name, rate <= limit, round(rate, 4), limit, f"{count} of {responses} responses"))
    timeouts = timeout_count(stats)
    rate = _rate(timeouts, requests)
    checks.append(
        Check(
            "timeout_rate",
            rate <= limits.max_timeout_rate,
            round(rate, 4),
            limits.max_timeout_rate,
            f"{timeouts} of {requests} requests",
        )
    )
    reason = stats.get("finish_reason")
    checks.append(
        Check("finish_reason", reason in limits.finish_reasons, reason, list(limits.finish_reasons))
    )
    sink_failed = int(stats.get("warta/postgres/failed", 0))
    checks.append(Check("sink_errors", sink_failed == 0, sink_failed, 0, "items the PostgreSQL sink lost"))
    return checks


def failed(checks: list[Check]) -> list[Check]:
    return [c for c in checks if not c.ok]
