"""The run monitor writes the HTML report beside the JSON one and files the run in the crawl history;
a page that cannot be written is logged and counted, and the crawl goes on to its verdict."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.monitoring import extension
from crawler.monitoring.extension import RunMonitor
from crawler.profiles import load_profile
from tests.report_pages import assert_history_matches, assert_run_page_matches, linked_file, parse

WARTA_DEFAULTS = {
    name: getattr(project_settings, name) for name in dir(project_settings) if name.startswith("WARTA_")
}


class _KompasSpider(Spider):
    name = "kompas"
    profile = load_profile("kompas")


def _item(n: int) -> dict:
    return {
        "portal": "kompas",
        "extractedBy": "profile",
        "url": f"https://nasional.kompas.com/read/2025/05/28/{n}/berita",
        "canonicalUrl": f"https://nasional.kompas.com/read/2025/05/28/{n}/berita",
        "headline": f"Berita {n}",
        "articleBody": "Pemerintah menaikkan tarif listrik mulai April.",
        "datePublished": "2025-05-28T13:30:00+07:00",
        "authors": ["Vitorio Mantalean"],
        "section": "Nasional",
        "tags": ["DPR"],
        "mainImage": {"url": "https://asset.kompas.com/a.jpg", "caption": None},
    }


def _monitor(tmp_path: Path, **settings: object) -> RunMonitor:
    crawler = get_crawler(
        _KompasSpider, {**WARTA_DEFAULTS, "WARTA_DATA_DIR": str(tmp_path / "data"), **settings}
    )
    ext = RunMonitor.from_crawler(crawler)
    # What spider_opened finds in a crawl: its start and the feed's file.
    ext.started = datetime.now(UTC) - timedelta(seconds=90)
    ext.exports = [tmp_path / "out" / "articles.jsonl"]
    return ext


def _crawl(ext: RunMonitor) -> None:
    """Two minutes' worth of a small crawl: 30 pages and 20 articles, sampled at a tick, then closed."""
    stats = ext.crawler.stats
    for n in range(20):
        ext.item_delivered(_item(n))
    stats.set_value("downloader/response_count", 30)
    stats.set_value("downloader/response_status_count/200", 30)
    assert ext.started is not None
    ext._sample(now=ext.started + timedelta(seconds=60))
    ext.spider_closed(_KompasSpider(), "finished")


def test_the_run_writes_its_page_and_appears_in_the_history(tmp_path: Path) -> None:
    ext = _monitor(tmp_path)
    _crawl(ext)
    report = json.loads((tmp_path / "out" / "articles.report.json").read_text(encoding="utf-8"))
    assert report["ok"] is True
    assert [(p["pages"], p["articles"]) for p in report["timeline"]["points"]] == [(30, 20), (0, 0)]
    page = tmp_path / "out" / "articles.report.html"
    tree = parse(page.read_text(encoding="utf-8"))
    assert_run_page_matches(tree, report)
    history = linked_file(page, tree.cssselect("header a")[0].get("href"))
    assert history == (tmp_path / "data" / "reports" / "index.html").resolve()
    assert_history_matches(history, [report])
    assert ext.crawler.stats.get_value("warta/report/failed") is None


def test_a_page_that_cannot_be_written_is_logged_and_counted_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("a chart that cannot be drawn")

    monkeypatch.setattr(extension, "render_run_report", broken)
    (tmp_path / "data").write_text("a file where the data folder should be", encoding="utf-8")
    ext = _monitor(tmp_path)
    with caplog.at_level(logging.ERROR, logger="crawler.monitoring.extension"):
        _crawl(ext)
    stats = ext.crawler.stats
    assert stats.get_value("warta/report/failed") == 2  # the page, and the history in a data "folder"
    assert stats.get_value("warta/monitors/failed") == 0  # the verdict stands
    assert (tmp_path / "out" / "articles.report.json").is_file()
    assert not (tmp_path / "out" / "articles.report.html").exists()
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any("could not write the HTML run report" in m for m in messages)
    assert any("could not update the crawl history" in m for m in messages)
    assert all(r.exc_info for r in caplog.records if "could not" in r.getMessage())
