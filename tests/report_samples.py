"""A long, eventful run report for the page tests, built the way a crawl builds one.

Forty-seven minutes of a kompas crawl: a steady start, a stretch where the portal answers 429 and the
crawl stalls, a theme change that sends part of the articles to the generic extractor (the run fails on
``generic_fallback_kompas``), drops of several reasons and a few timeouts. The items are the real
extractor's output on the kompas fixture page, before and after the redesign of ``tests/unit/test_drift``;
the report comes from ``build_report`` with the project's own monitor limits, so the pages are tested on
what a real run writes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy.settings import Settings

from crawler import settings as project_settings
from crawler.extract import extract
from crawler.monitoring.checks import Thresholds, run_checks
from crawler.monitoring.report import build_report
from crawler.monitoring.tally import ItemTally
from crawler.monitoring.timeline import Timeline, run_counters
from crawler.profiles import load_profile

KOMPAS_URL = (
    "https://nasional.kompas.com/read/2025/05/28/13300061/dpr-setujui-revisi-uu-bumn-jadi-usul-inisiatif"
)
KOMPAS_PAGE = Path(__file__).parent / "fixtures" / "portals" / "kompas" / "article.html"
STARTED = datetime(2026, 3, 2, 6, 0, 5, tzinfo=UTC)
MINUTES = 47


def redesigned(html: str) -> str:
    """Kompas after a theme change: the blocks of title, body, date, breadcrumb and tags renamed."""
    for old, new in (("read__", "rd-"), ("breadcrumb__", "bc-"), ("tag__article", "tg-")):
        html = html.replace(old, new)
    return html


def project_limits() -> Thresholds:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    return Thresholds.from_settings(settings)


def _items() -> tuple[ItemAdapter, ItemAdapter]:
    profile = load_profile("kompas")
    html = KOMPAS_PAGE.read_text(encoding="utf-8")
    items = []
    for page in (html, redesigned(html)):
        extraction = extract(page, KOMPAS_URL, profile)
        items.append(ItemAdapter(replace(extraction.item, profileMisses=extraction.profile_misses)))
    return items[0], items[1]


def long_run_report(
    started: datetime = STARTED, spider: str = "kompas", *, theme_change: bool = True, minutes: int = MINUTES
) -> dict[str, Any]:
    """The report of the run described above, as ``build_report`` writes it; without ``theme_change``
    every article fits the profile and the run passes."""
    profile = load_profile("kompas")
    fits, drifted = _items()
    tally = ItemTally()
    timeline = Timeline(60.0)
    stats: dict[str, Any] = {}

    def bump(key: str, n: int = 1) -> None:
        stats[key] = stats.get(key, 0) + n

    for minute in range(minutes):
        stalled = 20 <= minute < 26  # the portal answers 429 and the crawl backs off
        pages = 18 if stalled else 60 + (minute * 7) % 25
        bump("downloader/request_count", pages + (2 if minute % 9 == 0 else 0))
        bump("downloader/response_count", pages)
        bump("downloader/response_status_count/200", pages - (9 if stalled else 1 if minute % 5 == 0 else 0))
        if stalled:
            bump("downloader/response_status_count/429", 9)
        elif minute % 5 == 0:
            bump("downloader/response_status_count/404", 1)
            bump("warta/bad_response/http_404")
        if minute % 9 == 0:
            bump("downloader/exception_type_count/twisted.internet.error.TimeoutError", 2)
        articles = 4 if stalled else 30 + (minute * 5) % 17
        for n in range(articles):
            # From minute 30 the portal's new theme reaches a part of the articles.
            tally.add(drifted if theme_change and minute >= 30 and n % 2 == 0 else fits, profile)
        for reason, every in (("duplicate", 2), ("unchanged", 3), ("near_duplicate", 11), ("not_article", 7)):
            if minute % every == 0:
                bump(f"warta/dropped/{reason}")
                bump("warta/dropped")
        timeline.sample((minute + 1) * 60.0, run_counters(stats, tally.exported))
    finished = started + timedelta(minutes=minutes, seconds=21)
    stats["finish_reason"] = "finished"
    stats["log_count/ERROR"] = 0
    stats["memusage/max"] = 231 * 2**20 + 4096  # the crawl process's own peak (crawler/runtime.py)
    timeline.sample((finished - started).total_seconds(), run_counters(stats, tally.exported))
    limits = project_limits()
    checks = run_checks(stats, tally, limits)
    return build_report(
        spider=spider,
        stats=stats,
        tally=tally,
        checks=checks,
        started=started,
        finished=finished,
        exports=[f"/srv/warta/data/exports/{spider}-{started:%Y-%m-%dT%H-%M-%S}.jsonl"],
        worker="crawler-01:4242",
        timeline=timeline.as_dict(),
        drift_threshold=limits.max_generic_rate,
    )
