"""A real crawl of the demo portal writes its HTML report beside the export and files itself in the crawl
history; a second run appears there too. Both pages are read back with an HTML parser against the JSON
report and rendered by headless chromium."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.monitoring.svg import PALETTE
from tests.browser import assert_screenshot, color_share, keep_screenshot, screenshot
from tests.conftest import read_jsonl, run_crawl
from tests.report_pages import assert_history_matches, assert_run_page_matches, assert_self_contained, parse

# A demo crawl takes seconds: half-second buckets give its timeline several points.
SERIES = ["-s", "WARTA_REPORT_SERIES_INTERVAL=0.5"]


def _crawl(base_url: str, export: Path, data: Path) -> dict:
    result = run_crawl("jagatbisnis", "-a", f"base_url={base_url}", "-O", str(export), *SERIES, data_dir=data)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "warta/report/failed" not in result.stderr
    return json.loads(export.with_name(export.stem + ".report.json").read_text(encoding="utf-8"))


def test_two_runs_write_their_pages_and_the_history(demo_portal, chromium: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first_export = tmp_path / "first.jsonl"
    first = _crawl(demo_portal.base_url, first_export, data)
    exported = len(read_jsonl(first_export))
    assert first["outcomes"]["exported"] == exported > 0

    page = tmp_path / "first.report.html"
    html = page.read_text(encoding="utf-8")
    tree = parse(html)
    assert_self_contained(tree, html)
    assert_run_page_matches(tree, first)
    points = first["timeline"]["points"]
    assert len(points) >= 2
    assert sum(p["pages"] for p in points) == first["pages"]
    assert sum(p["articles"] for p in points) == exported

    index = data / "reports" / "index.html"
    assert_history_matches(index, [first])

    # The next scheduled run: incremental, so little is new; it joins the history.
    second = _crawl(demo_portal.base_url, tmp_path / "second.jsonl", data)
    assert second["outcomes"]["exported"] < exported
    assert_history_matches(index, [first, second])
    archived = sorted(p.name for p in (data / "reports" / "runs" / "jagatbisnis").iterdir())
    assert archived == sorted(
        f"{r['run_id']}.report.{ext}" for r in (first, second) for ext in ("json", "html")
    )

    for name, target, height in (("crawl-run-report.png", page, 2000), ("crawl-history.png", index, 1200)):
        png = tmp_path / name
        screenshot(chromium, target, png, 1280, height)
        keep_screenshot(png)
        assert_screenshot(png, 1280, height)
        assert color_share(png, PALETTE["articles"]) > 0.0002, name
