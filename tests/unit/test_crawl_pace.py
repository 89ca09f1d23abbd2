"""bench/support/crawl_pace.py names what held a benchmarked crawl: the figures of a crawl the stalled demo
portal held, one the rest of the machine slowed, and one the crawler's own CPU set."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bench.support.crawl_pace import Trace, bottleneck, crawl_window, pace

START = datetime(2026, 12, 5, 21, 30, 0, tzinfo=UTC).timestamp()


def _trace(seconds: float, crawler: float, portal: float, others: float, latency_ms: float) -> Trace:
    """Counters rising evenly over a crawl window of ``seconds``: CPU in cores, on two CPUs."""
    trace = Trace()
    steps = 20
    for step in range(steps + 1):
        t = seconds * step / steps
        busy = (crawler + portal + others) * t
        trace.columns.append((START + t, crawler * t, portal * t, 0.0, busy, 2 * t))
        trace.probes.append((START + t, latency_ms / 1000))
    return trace


def _figures(pages: float, seconds: float, **shares: float) -> dict:
    figures = pace(_trace(seconds, **shares), (START, START + seconds), pages)
    figures["pages_per_s"] = pages / seconds
    return figures


def test_the_stalled_portal_is_named_when_its_latency_caps_the_crawl() -> None:
    # 2,024 pages in 11 s at 44 ms an answer: 8 connections allow 182 pages/s, the crawl made 184
    figures = _figures(2024, 11, crawler=0.45, portal=0.1, others=0.0, latency_ms=44)
    assert figures["portal_cap_pages_per_s"] == pytest.approx(8 / 0.044)
    assert bottleneck(figures) == (
        "portal",
        "the portal's 44.0 ms an answer allow 182 pages/s on 8 connections",
    )


def test_every_limit_that_held_is_named() -> None:
    figures = _figures(2024, 11, crawler=0.45, portal=0.1, others=1.2, latency_ms=44)
    kinds, why = bottleneck(figures)
    assert kinds == "portal, machine" and why.endswith("on 8 connections; other processes took 1.20 cores")


def test_a_portal_using_a_whole_core_is_named() -> None:
    figures = _figures(2024, 6, crawler=0.7, portal=0.95, others=0.0, latency_ms=2)
    assert bottleneck(figures) == ("portal", "the portal used 95% of a core")


def test_other_processes_on_the_cpus_make_the_machine_the_bottleneck() -> None:
    figures = _figures(2224, 7, crawler=0.9, portal=0.27, others=0.6, latency_ms=1.2)
    assert figures["other_cores"] == pytest.approx(0.6)
    assert bottleneck(figures) == ("machine", "other processes took 0.60 cores")


def test_a_crawl_its_own_cpu_held_is_the_crawlers() -> None:
    figures = _figures(2024, 10.5, crawler=0.96, portal=0.15, others=0.05, latency_ms=0.7)
    assert figures["cpu_ms_per_page"] == pytest.approx(1000 * 0.96 * 10.5 / 2024)
    assert figures["portal_cpu_ms_per_page"] == pytest.approx(1000 * 0.15 * 10.5 / 2024)
    assert bottleneck(figures) == ("crawler", "the crawler used 96% of a core")


def test_the_crawl_window_is_read_from_both_kinds_of_stats_dump() -> None:
    log = (
        "'elapsed_time_seconds': 10.5,\n 'finish_time': datetime.datetime(2026, 12, 5, 21, 30, 10, 500000, "
        "tzinfo=datetime.timezone.utc),\n 'start_time': datetime.datetime(2026, 12, 5, 21, 30, "
        "tzinfo=datetime.timezone.utc)}"
    )
    assert crawl_window(log) == (START, START + 10.5)
    dumped = '{"start_time": "2026-12-05 21:30:00+00:00", "finish_time": "2026-12-05 21:30:10.500000+00:00"}'
    assert crawl_window(dumped) == (START, START + 10.5)
    assert crawl_window("'item_scraped_count': 3") is None
