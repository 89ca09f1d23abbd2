"""The run report and the crawl history in a real browser: headless chromium renders them from files.

The pages are the long, eventful kompas run of ``tests/report_samples.py`` and a history of such runs.
Chromium runs with its background networking off and a proxy that leads nowhere: what shows is what the
file holds. The screenshot must be the window's size, not blank, and show the charts' own colours (the
SVG was drawn, not only the text around it).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from crawler.monitoring.history import archive_run, rebuild_history
from crawler.monitoring.html_report import render_run_report
from crawler.monitoring.svg import PALETTE
from tests.browser import assert_screenshot, color_share, keep_screenshot, screenshot
from tests.report_pages import assert_history_matches, assert_run_page_matches, parse
from tests.report_samples import STARTED, long_run_report

WIDTH = 1280


def test_the_run_report_renders_with_its_charts(chromium: str, tmp_path: Path) -> None:
    report = json.loads(json.dumps(long_run_report()))
    page = tmp_path / "kompas.report.html"
    page.write_text(render_run_report(report), encoding="utf-8")
    assert_run_page_matches(parse(page.read_text(encoding="utf-8")), report)
    png = tmp_path / "run-report.png"
    screenshot(chromium, page, png, WIDTH, 1600)
    keep_screenshot(png)
    assert_screenshot(png, WIDTH, 1600)
    # The timeline's two lines, the failed verdict and the drift badge are drawn.
    for color in (PALETTE["pages"], PALETTE["articles"], PALETTE["failed"], PALETTE["drift"]):
        assert color_share(png, color) > 0.0005, color


def test_the_history_renders_with_failed_and_drifting_runs_marked(chromium: str, tmp_path: Path) -> None:
    reports = [
        json.loads(
            json.dumps(long_run_report(STARTED + timedelta(hours=h), theme_change=(h == 5), minutes=40 + h))
        )
        for h in range(8)
    ]
    assert [r["ok"] for r in reports] == [True] * 5 + [False] + [True] * 2
    data = tmp_path / "data"
    for report in reports:
        archive_run(report, data)
    index = rebuild_history(data)
    assert_history_matches(index, reports)
    png = tmp_path / "history.png"
    screenshot(chromium, index, png, WIDTH, 1400)
    keep_screenshot(png)
    assert_screenshot(png, WIDTH, 1400)
    for color in (PALETTE["articles"], PALETTE["pages"], PALETTE["failed"]):
        assert color_share(png, color) > 0.0002, color
