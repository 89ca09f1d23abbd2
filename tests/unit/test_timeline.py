"""The run over time: buckets that add up to the run, bounded memory on a run of any length."""

from __future__ import annotations

import pytest

from crawler.monitoring.timeline import Timeline, bucket_middle, per_minute, run_counters

STATS = {
    "downloader/response_count": 120,
    "downloader/response_status_count/200": 110,
    "downloader/response_status_count/404": 4,
    "downloader/response_status_count/503": 6,
    "downloader/exception_type_count/twisted.internet.error.TimeoutError": 2,
    "warta/dropped": 7,
    "warta/dropped/duplicate": 7,
}


def test_the_counters_are_read_as_the_progress_line_reads_them() -> None:
    assert run_counters(STATS, exported=90) == {"pages": 120, "articles": 90, "dropped": 7, "errors": 12}
    assert run_counters({}, exported=0) == {"pages": 0, "articles": 0, "dropped": 0, "errors": 0}


def _counters(pages: int, articles: int = 0) -> dict[str, int]:
    return {"pages": pages, "articles": articles, "dropped": 0, "errors": 0}


def test_buckets_hold_what_happened_in_each_minute_and_add_up() -> None:
    timeline = Timeline(60.0)
    for elapsed, pages, articles in ((60, 50, 40), (120, 80, 70), (180, 95, 81), (215.5, 130, 100)):
        timeline.sample(elapsed, _counters(pages, articles))
    points = timeline.as_dict()["points"]
    assert [(p["t"], p["seconds"], p["pages"], p["articles"]) for p in points] == [
        (60.0, 60.0, 50, 40),
        (120.0, 60.0, 30, 30),
        (180.0, 60.0, 15, 11),
        (215.5, 35.5, 35, 19),  # the rest of the run: more than half a bucket, kept apart
    ]
    assert [per_minute(p, "pages") for p in points] == [50.0, 30.0, 15.0, 59.2]
    assert [bucket_middle(p) for p in points] == [30.0, 90.0, 150.0, 197.75]


def test_a_close_right_after_a_tick_folds_into_the_last_bucket_instead_of_a_spike() -> None:
    timeline = Timeline(60.0)
    timeline.sample(60, _counters(50))
    timeline.sample(120, _counters(100))
    timeline.sample(120.4, _counters(103))  # the close, 0.4 s later: 3 pages would read as 450 a minute
    points = timeline.as_dict()["points"]
    assert [(p["t"], p["seconds"], p["pages"]) for p in points] == [(60.0, 60.0, 50), (120.4, 60.4, 53)]


def test_a_sample_no_later_than_the_last_replaces_it() -> None:
    timeline = Timeline(60.0)
    timeline.sample(60, _counters(10))
    timeline.sample(60, _counters(12))
    timeline.sample(59, _counters(15))  # the clock stepped back
    assert timeline.as_dict()["points"] == [
        {"t": 60.0, "seconds": 60.0, "pages": 15, "articles": 0, "dropped": 0, "errors": 0}
    ]


def test_a_very_long_run_keeps_bounded_samples_and_exact_totals() -> None:
    timeline = Timeline(60.0, max_samples=100)
    for minute in range(1, 1001):
        timeline.sample(minute * 60.0, _counters(minute * 7, minute * 3))
        assert len(timeline.samples) <= 100
    points = timeline.as_dict()["points"]
    assert sum(p["pages"] for p in points) == 7000 and sum(p["articles"] for p in points) == 3000
    assert sum(p["seconds"] for p in points) == 60000.0
    assert points[-1]["t"] == 60000.0
    assert {per_minute(p, "pages") for p in points} == {7.0}  # wider buckets, the same steady rate


def test_a_run_closed_before_its_first_tick_has_one_bucket() -> None:
    timeline = Timeline(60.0)
    timeline.sample(3.2, _counters(40, 30))
    assert timeline.as_dict() == {
        "interval_seconds": 60.0,
        "points": [{"t": 3.2, "seconds": 3.2, "pages": 40, "articles": 30, "dropped": 0, "errors": 0}],
    }


@pytest.mark.parametrize("interval", [0, -5])
def test_an_interval_that_is_no_time_is_refused(interval: float) -> None:
    with pytest.raises(ValueError, match="WARTA_REPORT_SERIES_INTERVAL"):
        Timeline(interval)
