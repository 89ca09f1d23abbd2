"""The layout-drift alarm: counting per portal, the threshold, the fields named, on a kompas page redesigned
in the test (the real crawl of the demo portal after a theme change is tests/e2e/test_drift_crawl.py)."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.monitoring.checks import Thresholds, run_checks
from crawler.monitoring.drift import DriftAlarm
from crawler.monitoring.extension import RunMonitor
from crawler.monitoring.tally import ItemTally, missed_fields
from crawler.profiles import load_profile

FULL = {
    "headline": "Judul",
    "authors": ["Ani"],
    "datePublished": "2025-06-18T07:30:00+07:00",
    "section": "Ekonomi",
    "tags": ["saham"],
    "mainImage": {"url": "https://x/y.jpg", "caption": None},
}


def item(portal: str = "kompas", extracted_by: str = "profile", **fields) -> dict:
    return {"portal": portal, "extractedBy": extracted_by, **FULL, **fields}


# The project's defaults of every Warta setting: components read them without inline fallbacks.
WARTA_DEFAULTS = {
    name: getattr(project_settings, name) for name in dir(project_settings) if name[:6] == "WARTA_"
}
DRIFT_LOGGER = "crawler.monitoring.drift"
# Only the drift alarm of the run monitor; the threshold these cases were written against (the project's
# own, 0.1, is the subject of test_warning_and_verdict_flip_at_the_same_rate).
DRIFT_ONLY = {"WARTA_MONITORS_ENABLED": False, "WARTA_DRIFT_INTERVAL": 0, "WARTA_DRIFT_THRESHOLD": 0.2}


def monitor(**settings) -> RunMonitor:
    crawler = get_crawler(Spider, {**WARTA_DEFAULTS, **DRIFT_ONLY, **settings})
    return RunMonitor.from_crawler(crawler)


def feed(ext: RunMonitor, items: list[dict]) -> None:
    for it in items:
        ext.item_delivered(it)


def test_fallback_rate_past_threshold_warns_with_rate_and_fields(caplog: pytest.LogCaptureFixture) -> None:
    ext = monitor(WARTA_DRIFT_MIN_ITEMS=10)
    generic = [item(extracted_by="generic", section=None) for _ in range(4)]
    feed(ext, [item() for _ in range(6)] + generic)
    with caplog.at_level(logging.WARNING, logger=DRIFT_LOGGER):
        ext.spider_closed(None, "finished")
    stats = ext.crawler.stats
    assert stats.get_value("warta/drift/kompas/rate") == 0.4
    assert stats.get_value("warta/drift/kompas/fields") == ["body", "section"]
    assert stats.get_value("warta/drift/kompas/items") == 10
    assert stats.get_value("warta/drift/kompas/generic") == 4
    [record] = [r for r in caplog.records if r.levelno == logging.WARNING]
    message = record.getMessage()
    assert "kompas" in message and "40%" in message and "body, section" in message


def test_below_threshold_sets_the_rate_without_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    ext = monitor(WARTA_DRIFT_MIN_ITEMS=10)
    feed(ext, [item() for _ in range(9)] + [item(extracted_by="generic")])
    with caplog.at_level(logging.WARNING, logger=DRIFT_LOGGER):
        ext.spider_closed(None, "finished")
    assert ext.crawler.stats.get_value("warta/drift/kompas/rate") == 0.1
    assert ext.crawler.stats.get_value("warta/drift/kompas/fields") == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_too_few_items_are_not_judged(caplog: pytest.LogCaptureFixture) -> None:
    ext = monitor(WARTA_DRIFT_MIN_ITEMS=20)
    feed(ext, [item(extracted_by="generic") for _ in range(19)])
    with caplog.at_level(logging.WARNING, logger=DRIFT_LOGGER):
        ext.spider_closed(None, "finished")
    assert ext.crawler.stats.get_value("warta/drift/kompas/rate") is None
    assert ext.crawler.stats.get_value("warta/drift/kompas/generic") == 19
    assert not caplog.records


def test_each_portal_is_judged_on_its_own() -> None:
    ext = monitor(WARTA_DRIFT_MIN_ITEMS=5)
    feed(ext, [item("detik", "generic") for _ in range(5)] + [item("tempo") for _ in range(5)])
    assert ext.check_drift(final=True) == ["detik"]
    assert ext.crawler.stats.get_value("warta/drift/detik/rate") == 1.0
    assert ext.crawler.stats.get_value("warta/drift/tempo/rate") == 0.0


def test_hosts_without_a_profile_and_bad_items_are_not_counted_as_drift() -> None:
    ext = monitor(WARTA_DRIFT_MIN_ITEMS=1)
    feed(ext, [item("blog.example.org", "generic") for _ in range(3)])
    feed(ext, [{"headline": "no portal"}, item(extracted_by="magic"), "not an item"])  # type: ignore[list-item]
    assert ext.check_drift(final=True) == []
    assert ext.crawler.stats.get_value("warta/drift/skipped_items") == 3
    assert ext.crawler.stats.get_value("warta/drift/blog.example.org/items") is None


def test_interval_check_warns_once_then_again_at_close(caplog: pytest.LogCaptureFixture) -> None:
    ext = monitor(WARTA_DRIFT_MIN_ITEMS=2)
    feed(ext, [item(extracted_by="generic") for _ in range(2)])
    with caplog.at_level(logging.WARNING, logger=DRIFT_LOGGER):
        assert ext.check_drift() == ["kompas"]
        assert ext.check_drift() == ["kompas"]
        ext.spider_closed(None, "finished")
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 2


def test_reported_profile_misses_win_over_inference() -> None:
    profile = load_profile("kompas")
    from itemadapter import ItemAdapter

    reported = ItemAdapter(item(extracted_by="profile", profileMisses=["tags", "image", "unknown"]))
    assert missed_fields(reported, profile) == ["tags", "image"]
    inferred = ItemAdapter(item(extracted_by="generic", authors=[], mainImage=None))
    assert missed_fields(inferred, profile) == ["body", "authors", "image"]


@pytest.mark.parametrize(
    ("setting", "value"),
    [("WARTA_DRIFT_THRESHOLD", 1.5), ("WARTA_DRIFT_MIN_ITEMS", 0), ("WARTA_DRIFT_INTERVAL", -1)],
)
def test_bad_settings_are_clear_errors(setting: str, value: float) -> None:
    with pytest.raises(ValueError, match=setting):
        monitor(**{setting: value})


# ---- one threshold: the warning and the verdict read the same tally ------------------------------------
class _KompasSpider(Spider):
    name = "kompas"
    profile = load_profile("kompas")


@pytest.mark.parametrize(
    ("threshold", "generic", "past"),
    [
        (None, 10, False),  # the project's own threshold (0.1): 10 of 100 is at it, not past it
        (None, 11, True),
        (0.25, 25, False),
        (0.25, 26, True),
    ],
)
def test_warning_and_verdict_flip_at_the_same_rate(
    threshold: float | None, generic: int, past: bool, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Just below or at the one threshold: no warning and the run passes; just past it: both turn."""
    settings = {**WARTA_DEFAULTS, "WARTA_DRIFT_INTERVAL": 0, "WARTA_DATA_DIR": str(tmp_path)}
    if threshold is not None:
        settings["WARTA_DRIFT_THRESHOLD"] = threshold
    assert settings["WARTA_DRIFT_ENABLED"] and settings["WARTA_MONITORS_ENABLED"]
    ext = RunMonitor.from_crawler(get_crawler(_KompasSpider, settings))
    body = {"articleBody": "Pemerintah menaikkan tarif listrik mulai April."}
    feed(ext, [item(extracted_by="generic", **body) for _ in range(generic)])
    feed(ext, [item(**body) for _ in range(100 - generic)])
    with caplog.at_level(logging.WARNING, logger=DRIFT_LOGGER):
        ext.spider_closed(_KompasSpider(), "finished")
    warned = [r for r in caplog.records if "Layout drift on portal kompas" in r.getMessage()]
    stats = ext.crawler.stats
    assert stats.get_value("warta/drift/kompas/rate") == generic / 100
    assert bool(warned) is past
    assert stats.get_value("warta/monitors/failed_names") == ("generic_fallback_kompas" if past else "")
    [report] = [json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "reports").glob("*.json")]
    assert report["ok"] is not past


def test_the_pure_alarm_and_check_share_the_tally_and_the_comparison() -> None:
    kompas = load_profile("kompas")
    limits = replace(_project_limits(), max_generic_rate=0.3)
    for generic, past in ((3, False), (4, True)):
        tally = ItemTally()
        for n in range(10):
            tally.add(item(extracted_by="generic" if n < generic else "profile"), kompas)
        [drift] = DriftAlarm(threshold=0.3, min_items=10).check(tally, final=True)
        [verdict] = [c for c in run_checks({}, tally, limits) if c.name == "generic_fallback_kompas"]
        assert (drift.drifting, verdict.ok, verdict.value) == (past, not past, drift.rate)


def _project_limits() -> Thresholds:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    return Thresholds.from_settings(settings)


def test_the_retired_monitor_threshold_is_named_not_silently_dropped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="crawler.monitoring.extension"):
        monitor(WARTA_MONITOR_MAX_GENERIC_RATE=0.3)
    [record] = caplog.records
    assert "WARTA_MONITOR_MAX_GENERIC_RATE is no longer read" in record.getMessage()
    assert "WARTA_DRIFT_THRESHOLD" in record.getMessage()


def test_foreign_spiders_get_no_verdict_and_no_report(tmp_path: Path) -> None:
    """``scrapy fetch``, ``shell`` and ``bench`` run spiders without a profile: nothing to judge."""
    settings = {**WARTA_DEFAULTS, "WARTA_DATA_DIR": str(tmp_path)}
    ext = RunMonitor.from_crawler(get_crawler(Spider, settings))
    spider = Spider(name="follow")
    ext.spider_opened(spider)
    ext.spider_closed(spider, "finished")
    assert ext.crawler.stats.get_value("warta/monitors/failed") is None
    assert not (tmp_path / "reports").exists()


# ---- real extractor output: a kompas redesign --------------------------------------------------------
KOMPAS_URL = (
    "https://nasional.kompas.com/read/2025/05/28/13300061/dpr-setujui-revisi-uu-bumn-jadi-usul-inisiatif"
)
KOMPAS_PAGE = Path(__file__).parents[1] / "fixtures" / "portals" / "kompas" / "article.html"


def redesigned(html: str) -> str:
    """Kompas after a theme change: the BEM blocks of title, body, date, breadcrumb and tags renamed."""
    for old, new in (
        ("read__", "rd-"),
        ("breadcrumb__", "bc-"),
        ("tag__article", "tg-"),
        ("photo__wrap", "ph"),
    ):
        html = html.replace(old, new)
    return html


def test_redesign_names_the_renamed_fields_from_the_extractors_misses(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from crawler.extract import extract

    profile = load_profile("kompas")
    html = KOMPAS_PAGE.read_text(encoding="utf-8")

    def reported(page: str):
        """The item as the spider yields it: the extractor's misses on it."""
        extraction = extract(page, KOMPAS_URL, profile)
        return replace(extraction.item, profileMisses=extraction.profile_misses)

    before = reported(html)
    after = reported(redesigned(html))
    assert before["profileMisses"] == [] and after["extractedBy"] == "generic"
    ext = monitor(WARTA_DRIFT_MIN_ITEMS=4)
    feed(ext, [before, after, after, after])
    with caplog.at_level(logging.WARNING, logger=DRIFT_LOGGER):
        assert ext.check_drift(final=True) == ["kompas"]
    # authors (#penulis) and image (.photo) still match: only the renamed blocks are named
    assert ext.crawler.stats.get_value("warta/drift/kompas/fields") == [
        "headline",
        "body",
        "published",
        "section",
        "tags",
    ]
    assert ext.crawler.stats.get_value("warta/drift/kompas/rate") == 0.75
    assert "headline, body, published, section, tags" in caplog.records[-1].getMessage()
