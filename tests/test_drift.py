"""The layout-drift alarm: counting per portal, the threshold, the fields named, and a real crawl of the
demo portal after a theme change its profile does not know."""

from __future__ import annotations

import ast
import dataclasses
import logging
import re
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.drift import LayoutDriftMonitor, missed_fields
from crawler.profiles import load_profile
from tests.conftest import read_jsonl, run_crawl

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


def monitor(**settings) -> LayoutDriftMonitor:
    crawler = get_crawler(Spider, {"WARTA_DRIFT_INTERVAL": 0, **settings})
    return LayoutDriftMonitor.from_crawler(crawler)


def feed(ext: LayoutDriftMonitor, items: list[dict]) -> None:
    for it in items:
        ext.item_scraped(it, None)


def test_fallback_rate_past_threshold_warns_with_rate_and_fields(caplog: pytest.LogCaptureFixture) -> None:
    ext = monitor(WARTA_DRIFT_MIN_ITEMS=10)
    generic = [item(extracted_by="generic", section=None) for _ in range(4)]
    feed(ext, [item() for _ in range(6)] + generic)
    with caplog.at_level(logging.WARNING, logger="crawler.drift"):
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
    with caplog.at_level(logging.WARNING, logger="crawler.drift"):
        ext.spider_closed(None, "finished")
    assert ext.crawler.stats.get_value("warta/drift/kompas/rate") == 0.1
    assert ext.crawler.stats.get_value("warta/drift/kompas/fields") == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_too_few_items_are_not_judged(caplog: pytest.LogCaptureFixture) -> None:
    ext = monitor(WARTA_DRIFT_MIN_ITEMS=20)
    feed(ext, [item(extracted_by="generic") for _ in range(19)])
    with caplog.at_level(logging.WARNING, logger="crawler.drift"):
        ext.spider_closed(None, "finished")
    assert ext.crawler.stats.get_value("warta/drift/kompas/rate") is None
    assert ext.crawler.stats.get_value("warta/drift/kompas/generic") == 19
    assert not caplog.records


def test_each_portal_is_judged_on_its_own() -> None:
    ext = monitor(WARTA_DRIFT_MIN_ITEMS=5)
    feed(ext, [item("detik", "generic") for _ in range(5)] + [item("tempo") for _ in range(5)])
    assert ext.check(final=True) == ["detik"]
    assert ext.crawler.stats.get_value("warta/drift/detik/rate") == 1.0
    assert ext.crawler.stats.get_value("warta/drift/tempo/rate") == 0.0


def test_hosts_without_a_profile_and_bad_items_are_not_counted_as_drift() -> None:
    ext = monitor(WARTA_DRIFT_MIN_ITEMS=1)
    feed(ext, [item("blog.example.org", "generic") for _ in range(3)])
    feed(ext, [{"headline": "no portal"}, item(extracted_by="magic"), "not an item"])  # type: ignore[list-item]
    assert ext.check(final=True) == []
    assert ext.crawler.stats.get_value("warta/drift/skipped_items") == 3
    assert ext.crawler.stats.get_value("warta/drift/blog.example.org/items") is None


def test_interval_check_warns_once_then_again_at_close(caplog: pytest.LogCaptureFixture) -> None:
    ext = monitor(WARTA_DRIFT_MIN_ITEMS=2)
    feed(ext, [item(extracted_by="generic") for _ in range(2)])
    with caplog.at_level(logging.WARNING, logger="crawler.drift"):
        assert ext.check() == ["kompas"]
        assert ext.check() == ["kompas"]
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


# ---- the demo portal after a redesign ------------------------------------------------------------------
# one stat per line of Scrapy's closing dump: ``'warta/drift/jagatbisnis/rate': 1.0,``
# A stat of Scrapy's final dump; a list value may be wrapped over several lines by pprint.
_DRIFT_STAT = re.compile(r"'(warta/drift/[^']+)': (\[[^\]]*\]|[^,\n}]+)")


@pytest.fixture(scope="module")
def drift_crawl(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A full crawl of the demo portal in its "drift" theme, with the extension on."""
    from demoportal.server import DemoServer
    from demoportal.site import build_site
    from demoportal.truth import expected_items

    data_dir = tmp_path_factory.mktemp("drift")
    out = data_dir / "drift.jsonl"
    with DemoServer(theme="drift") as server:
        result = run_crawl(
            "jagatbisnis",
            "-a",
            f"base_url={server.base_url}",
            "-O",
            str(out),
            "-s",
            'EXTENSIONS={"crawler.drift.LayoutDriftMonitor": 500}',
            "-s",
            "WARTA_DRIFT_INTERVAL=0",
            data_dir=data_dir,
        )
        truth = {t["canonicalUrl"]: t for t in expected_items(build_site(), server.base_url)}
    assert result.returncode == 0, result.stderr[-4000:]
    stats = {m.group(1): ast.literal_eval(m.group(2)) for m in _DRIFT_STAT.finditer(result.stderr)}
    return {"items": read_jsonl(out), "log": result.stderr, "stats": stats, "truth": truth}


def test_drift_theme_every_body_right_through_the_fallback(drift_crawl: dict) -> None:
    items, truth = drift_crawl["items"], drift_crawl["truth"]
    assert {it["canonicalUrl"] for it in items} == set(truth)
    wrong = [
        it["canonicalUrl"] for it in items if it["articleBody"] != truth[it["canonicalUrl"]]["articleBody"]
    ]
    assert not wrong, f"{len(wrong)} bodies differ, e.g. {wrong[:3]}"
    assert {it["extractedBy"] for it in items} == {"generic"}


def test_drift_theme_raises_the_warning_with_rate_and_fields(drift_crawl: dict) -> None:
    warnings = [
        line for line in drift_crawl["log"].splitlines() if "Layout drift on portal jagatbisnis" in line
    ]
    assert len(warnings) == 1
    assert "WARNING" in warnings[0] and "100%" in warnings[0] and "body" in warnings[0]
    stats = drift_crawl["stats"]
    assert stats["warta/drift/jagatbisnis/rate"] == 1.0
    assert "body" in stats["warta/drift/jagatbisnis/fields"]
    assert stats["warta/drift/jagatbisnis/generic"] == len(drift_crawl["items"])


def test_own_theme_with_periodic_checks_raises_no_alarm(demo_portal, tmp_path) -> None:
    """Negative control: the theme the profile knows, checks every second during the crawl too."""
    out = tmp_path / "own.jsonl"
    result = run_crawl(
        "jagatbisnis",
        "-a",
        f"base_url={demo_portal.base_url}",
        "-O",
        str(out),
        "-s",
        'EXTENSIONS={"crawler.drift.LayoutDriftMonitor": 500}',
        "-s",
        "WARTA_DRIFT_INTERVAL=1",
        data_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    items = read_jsonl(out)
    assert len(items) >= 300
    assert "Layout drift" not in result.stderr
    stats = {m.group(1): ast.literal_eval(m.group(2)) for m in _DRIFT_STAT.finditer(result.stderr)}
    generic = sum(it["extractedBy"] == "generic" for it in items)
    assert stats["warta/drift/jagatbisnis/items"] == len(items)
    assert stats["warta/drift/jagatbisnis/rate"] == round(generic / len(items), 4)
    assert stats["warta/drift/jagatbisnis/rate"] <= 0.2


# ---- real extractor output: a kompas redesign --------------------------------------------------------
KOMPAS_URL = (
    "https://nasional.kompas.com/read/2025/05/28/13300061/dpr-setujui-revisi-uu-bumn-jadi-usul-inisiatif"
)
KOMPAS_PAGE = Path(__file__).with_name("fixtures") / "portals" / "kompas" / "article.html"


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
        return dataclasses.replace(extraction.item, profileMisses=extraction.profile_misses)

    before = reported(html)
    after = reported(redesigned(html))
    assert before["profileMisses"] == [] and after["extractedBy"] == "generic"
    ext = monitor(WARTA_DRIFT_MIN_ITEMS=4)
    feed(ext, [before, after, after, after])
    with caplog.at_level(logging.WARNING, logger="crawler.drift"):
        assert ext.check(final=True) == ["kompas"]
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
