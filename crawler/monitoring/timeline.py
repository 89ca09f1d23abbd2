"""The run over time: pages, articles, drops and errors per minute, for the run report's chart.

The final stats say how much a run did, not when: a crawl that stalled for twenty minutes and then
caught up looks the same as a steady one. The extension samples the run's cumulative counters once per
bucket (``WARTA_REPORT_SERIES_INTERVAL``, a minute by default) and once more at close; the report holds
the differences. Memory stays bounded whatever the run's length: one sample per bucket, and past
``max_samples`` every other sample is let go (the buckets widen, the totals stay exact because the
samples are cumulative).

Pure: no Scrapy import; the extension calls ``sample`` from a looping call and at close.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from crawler.monitoring.checks import status_count, timeout_count

COUNTERS = ("pages", "articles", "dropped", "errors")
# A day of one-minute buckets (a page of about a megabyte); a longer run widens its buckets instead.
MAX_SAMPLES = 24 * 60


def run_counters(stats: Mapping[str, Any], exported: int) -> dict[str, int]:
    """The run's cumulative counters: pages downloaded, articles exported, items dropped, and bad
    responses (4xx, 5xx, timeouts), read the way the progress line and the report read them."""
    return {
        "pages": int(stats.get("downloader/response_count", 0)),
        "articles": exported,
        "dropped": int(stats.get("warta/dropped", 0)),
        "errors": status_count(stats, lambda code: code.startswith(("4", "5"))) + timeout_count(stats),
    }


@dataclass
class Timeline:
    """Cumulative samples of one run, at most ``max_samples`` of them."""

    interval: float
    max_samples: int = MAX_SAMPLES
    samples: list[tuple[float, dict[str, int]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.interval <= 0:
            raise ValueError(f"WARTA_REPORT_SERIES_INTERVAL must be more than 0 seconds, got {self.interval}")
        if self.max_samples < 2:
            raise ValueError(f"a timeline keeps at least 2 samples, got {self.max_samples}")

    def sample(self, elapsed: float, counters: Mapping[str, int]) -> None:
        """Record the cumulative ``counters`` at ``elapsed`` seconds since the run started. A sample no
        later than the one before replaces it (a clock step back, or the close right after a tick)."""
        point = (max(0.0, float(elapsed)), {name: int(counters.get(name, 0)) for name in COUNTERS})
        if self.samples and point[0] <= self.samples[-1][0]:
            self.samples[-1] = (self.samples[-1][0], point[1])
        else:
            self.samples.append(point)
        if len(self.samples) > self.max_samples:
            # Keep the last sample (the run's totals) and every other one before it.
            last = self.samples[-1]
            self.samples = [*self.samples[-2::-2][::-1], last]

    def as_dict(self) -> dict[str, Any]:
        """The buckets: each ends at ``t`` seconds, lasts ``seconds``, and holds what happened in it.
        A last bucket shorter than half the interval is folded into the one before, so a close right
        after a tick does not draw a spike of a rate measured over a few milliseconds."""
        points: list[dict[str, Any]] = []
        before_t, before = 0.0, dict.fromkeys(COUNTERS, 0)
        for t, counts in self.samples:
            points.append(
                {
                    "t": round(t, 3),
                    "seconds": round(t - before_t, 3),
                    **{name: counts[name] - before[name] for name in COUNTERS},
                }
            )
            before_t, before = t, counts
        if len(points) >= 2 and points[-1]["seconds"] < self.interval / 2:
            last = points.pop()
            merged = points[-1]
            merged["t"] = last["t"]
            merged["seconds"] = round(merged["seconds"] + last["seconds"], 3)
            for name in COUNTERS:
                merged[name] += last[name]
        return {"interval_seconds": self.interval, "points": points}


def per_minute(point: Mapping[str, Any], counter: str) -> float:
    """One bucket's count as a rate per minute (the chart's value): buckets differ in length."""
    seconds = float(point["seconds"])
    return round(float(point[counter]) * 60.0 / seconds, 1) if seconds > 0 else 0.0


def bucket_middle(point: Mapping[str, Any]) -> float:
    """Where a bucket's rate is drawn: the middle of the time it covers."""
    return round(float(point["t"]) - float(point["seconds"]) / 2, 3)
