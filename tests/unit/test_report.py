"""The run report: counts, coverage, errors, duration and rate from real-shaped stats, and where it goes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scrapy.settings import Settings

from crawler import settings as project_settings
from crawler.monitoring.checks import Thresholds, run_checks
from crawler.monitoring.extension import local_path
from crawler.monitoring.report import build_report, progress_line, report_paths, summary_text, write_report
from crawler.monitoring.tally import ItemTally

STARTED = datetime(2026, 11, 28, 11, 0, 0, tzinfo=UTC)


def _project_limits() -> Thresholds:
    """The limits of a run with the project's defaults (crawler/settings.py)."""
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    return Thresholds.from_settings(settings)


LIMITS = _project_limits()


def _stats() -> dict:
    return {
        "downloader/request_count": 372,
        "downloader/response_count": 370,
        "downloader/response_status_count/200": 366,
        "downloader/response_status_count/301": 1,
        "downloader/response_status_count/404": 2,
        "downloader/response_status_count/500": 1,
        "downloader/exception_type_count/twisted.internet.error.TimeoutError": 2,
        "warta/dropped": 7,
        "warta/dropped/not_article_listing": 5,
        "warta/dropped/duplicate_body": 2,
        "finish_reason": "finished",
        "log_count/ERROR": 1,
    }


def _tally() -> ItemTally:
    tally = ItemTally()
    for n in range(40):
        tally.add(
            {
                "canonicalUrl": f"https://jagatbisnis.com/2022/03/{n:02d}/berita/",
                "portal": "jagatbisnis",
                "headline": f"Berita {n}",
                "articleBody": "Pemerintah menaikkan tarif.\n\nBaca Juga: Rupiah Melemah"
                if n == 0
                else "Teks.",
                "datePublished": None if n < 4 else "2022-03-15T08:12:40+07:00",
                "extractedBy": "generic" if n < 2 else "profile",
            }
        )
    return tally


def _report(**more_stats: int) -> dict:
    tally, stats = _tally(), {**_stats(), **more_stats}
    return build_report(
        spider="jagatbisnis",
        stats=stats,
        tally=tally,
        checks=run_checks(stats, tally, LIMITS),
        started=STARTED,
        finished=STARTED + timedelta(minutes=2),
        exports=["/data/exports/jagatbisnis.jsonl"],
    )


def test_report_counts_outcomes_coverage_errors_and_rate():
    report = _report()
    assert report["outcomes"] == {
        "exported": 40,
        "dropped": 7,
        "dropped_by_reason": {"duplicate_body": 2, "not_article_listing": 5},
    }
    assert report["coverage"] == {"headline": 1.0, "articleBody": 1.0, "datePublished": 0.9}
    assert report["extraction"] == {"jagatbisnis": {"generic": 2, "profile": 38, "generic_rate": 0.05}}
    assert report["errors"]["http_status"] == {"404": 2, "500": 1}
    assert (report["errors"]["timeouts"], report["errors"]["log_errors"]) == (2, 1)
    assert (report["duration_seconds"], report["pages"], report["pages_per_minute"]) == (120.0, 370, 185.0)
    assert report["leaks"]["count"] == 1
    assert report["ok"] is False
    assert report["failed_monitors"] == ["coverage_datePublished", "body_leaks"]


def test_summary_names_what_failed_and_the_figures():
    text = summary_text(_report())
    assert text.splitlines()[0] == "Warta run of jagatbisnis: FAILED: coverage_datePublished, body_leaks"
    assert "370 pages (185.0 per minute)" in text
    assert "dropped 7 (duplicate_body 2, not_article_listing 5)" in text
    assert "FAILED coverage_datePublished: 0.9 vs limit 0.95" in text


def test_report_is_written_next_to_the_export(tmp_path):
    export = tmp_path / "exports" / "jagatbisnis-2026-11-28T11-00-00.jsonl"
    json_path, text_path = write_report(_report(), export)
    assert (json_path, text_path) == report_paths(export)
    assert json_path.name == "jagatbisnis-2026-11-28T11-00-00.report.json"
    assert json.loads(json_path.read_text(encoding="utf-8"))["pages"] == 370
    assert text_path.read_text(encoding="utf-8").startswith("Warta run of jagatbisnis")


def test_feed_uris_map_to_local_files_only():
    assert local_path("file:///srv/warta/data/a%20b.jsonl") == Path("/srv/warta/data/a b.jsonl")
    assert local_path("data/exports/x.jsonl") == Path("data/exports/x.jsonl")
    assert local_path("s3://bucket/x.jsonl") is None
    assert local_path("stdout:") is None


def test_progress_line():
    line = progress_line(_stats(), exported=40, elapsed=60.0)
    assert line == "progress: 370 pages (370/min), 40 exported, 7 dropped, 5 errors, 60 s elapsed"


def test_sources_that_could_not_be_read_are_named_in_the_report_and_summary():
    unread = {"sitemap_failed": 2, "bad_feed": 1, "listing_failed": 3}
    report = _report(**{f"warta/discovery/{name}": count for name, count in unread.items()})
    assert report["sources_unread"] == unread
    assert (
        "sitemaps, feeds and listings not read: sitemap_failed 2, bad_feed 1, listing_failed 3 "
        "(asked for again next run)"
    ) in summary_text(report)
    assert _report()["sources_unread"] == {}
    assert "not read" not in summary_text(_report())


def test_a_cut_feed_and_a_robots_sitemap_line_that_is_no_url_are_in_the_report_and_summary():
    report = _report(**{"warta/discovery/feed_truncated": 1, "warta/discovery/bad_robots_sitemap": 2})
    assert report["sources_unread"] == {"feed_truncated": 1}
    assert report["robots_sitemaps_unreadable"] == 2
    text = summary_text(report)
    assert "not read: feed_truncated 1" in text
    assert "robots.txt Sitemap lines that are no URL: 2 (named in the log)" in text
    assert _report()["robots_sitemaps_unreadable"] == 0
    assert "robots.txt" not in summary_text(_report())


def test_extraction_workers_replaced_are_in_the_report_and_summary():
    report = _report(
        **{"warta/extract/workers": 1, "warta/extract/worker_restarts": 2, "warta/extract/worker_timeouts": 1}
    )
    assert report["extraction_workers"] == {"workers": 1, "replaced": 2, "timeouts": 1}
    assert (
        "extraction workers replaced: 2, 1 hung past WARTA_EXTRACT_TIMEOUT "
        "(their pages read again; see the log)"
    ) in summary_text(report)
    assert _report()["extraction_workers"] == {"workers": 0, "replaced": 0, "timeouts": 0}
    assert "extraction workers" not in summary_text(_report(**{"warta/extract/workers": 1}))


def test_the_crawl_s_peak_memory_is_in_the_report_and_summary():
    report = _report(**{"memusage/max": 187 * 2**20 + 300_000})
    assert report["peak_memory_mb"] == 187
    assert "370 pages (185.0 per minute), peak memory 187 MB\n" in summary_text(report)
    unmeasured = _report()  # Scrapy's memory extension off (MEMUSAGE_ENABLED=False)
    assert unmeasured["peak_memory_mb"] is None
    assert "peak memory" not in summary_text(unmeasured)
