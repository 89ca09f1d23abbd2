"""A real crawl with the end-of-run monitors off still fails when an article it found or had in hand was lost
on the way to the export: the monitors judge a run's health, delivery is not theirs to switch off."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse, Request

from crawler import settings as project_settings
from tests.conftest import read_jsonl, run_crawl

BROKEN_URL_PART = "/2022/03/15/"  # the demo portal's articles of that day


class OneDayUnavailable:
    """A portal whose articles of one day answer 503 however often they are asked (a downloader
    middleware next to the network, so retries, stats and callbacks see a real 503)."""

    def process_request(self, request: Request) -> HtmlResponse | None:
        if BROKEN_URL_PART in request.url:
            return HtmlResponse(request.url, status=503, body=b"<html><body>busy</body></html>")
        return None


class BrokenOnOneDay:
    """A user's pipeline with a bug: it raises on the articles of one day (not ``DropItem``)."""

    def process_item(self, item: Any) -> Any:
        if BROKEN_URL_PART in item.url:
            raise KeyError("byline")
        return item


def _crawl_with_the_monitors_off(portal: Any, tmp_path: Path, setting: str, value: dict) -> str:
    """A real crawl of the demo portal with ``setting`` (a component dict) changed and the monitors off:
    the last line it printed. It must export the other articles, none of the broken day's, and exit 3."""
    out = tmp_path / "out.jsonl"
    result = run_crawl(
        "jagatbisnis",
        *("-a", f"base_url={portal.base_url}", "-O", str(out)),
        *("-s", "WARTA_MONITORS_ENABLED=False", "-s", f"{setting}={json.dumps(value)}"),
        data_dir=tmp_path,
    )
    exported = read_jsonl(out)
    assert exported and not any(BROKEN_URL_PART in item["url"] for item in exported)
    assert result.returncode == 3, result.stderr[-2000:]
    return result.stderr.strip().splitlines()[-1]


def test_items_a_pipeline_raised_on_fail_the_run_with_the_monitors_off(demo_portal, tmp_path: Path):
    pipelines = {**project_settings.ITEM_PIPELINES, f"{__name__}.BrokenOnOneDay": 150}
    last = _crawl_with_the_monitors_off(demo_portal, tmp_path, "ITEM_PIPELINES", pipelines)
    assert "items a pipeline raised on, never exported" in last, last


def test_articles_that_failed_after_retries_fail_the_run_with_the_monitors_off(demo_portal, tmp_path: Path):
    middlewares = {**project_settings.DOWNLOADER_MIDDLEWARES, f"{__name__}.OneDayUnavailable": 950}
    last = _crawl_with_the_monitors_off(demo_portal, tmp_path, "DOWNLOADER_MIDDLEWARES", middlewares)
    assert "article pages failed after retries" in last and BROKEN_URL_PART in last, last
