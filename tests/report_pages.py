"""Reading the run report page and the crawl history page back with an HTML parser, for the tests.

Every check compares the page with the report's JSON computed here from the JSON itself (per-minute
rates, shares), not with the renderer's own helpers, so a renderer that drew the wrong number fails.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import lxml.html
from lxml.html import HtmlElement

OUTSIDE = ("http:", "https:", "//", "ftp:")


def parse(html: str) -> HtmlElement:
    return lxml.html.fromstring(html)


def charts(tree: HtmlElement) -> dict[str, HtmlElement]:
    return {svg.get("data-chart"): svg for svg in tree.cssselect("svg.chart")}


def values(chart: HtmlElement, series: str | None = None) -> list[float]:
    """The ``data-value`` of every point of a chart (of one series), in document order."""
    points = chart.cssselect(".point" if series is None else f'.point[data-series="{series}"]')
    return [float(p.get("data-value")) for p in points]


def bars(chart: HtmlElement) -> dict[str, float]:
    return {p.get("data-label"): float(p.get("data-value")) for p in chart.cssselect(".point")}


def assert_self_contained(tree: HtmlElement, html: str) -> None:
    """Nothing is fetched: no script, no stylesheet link, no frame or image, no URL out of the page."""
    assert tree.cssselect("script, link, iframe, img, object, embed, video, audio, source") == []
    for element in tree.iter():
        for name in ("src", "href", "xlink:href", "srcset", "action", "poster"):
            value = (element.get(name) or "").strip().lower()
            assert not value.startswith(OUTSIDE), f"<{element.tag} {name}={value!r}>"
    styles = " ".join(style.text_content() for style in tree.cssselect("style"))
    assert "url(" not in styles and "@import" not in styles
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert tree.cssselect('meta[charset="utf-8"]')


def assert_every_chart_has_points(tree: HtmlElement) -> None:
    found = charts(tree)
    assert found, "the page has no chart"
    for name, chart in found.items():
        points = chart.cssselect(".point")
        assert points, f"chart {name} has no data point"
        for point in points:
            float(point.get("data-value"))  # a number, or the chart lies
            assert (point.findtext("title") or "").strip(), f"a point of {name} says nothing on hover"


def _number_text(tile: HtmlElement) -> str:
    return tile.cssselect(".n")[0].text_content().replace(",", "").strip()


def assert_run_page_matches(tree: HtmlElement, report: Mapping[str, Any]) -> None:
    """The run report page says what its JSON says, chart by chart and row by row."""
    assert_every_chart_has_points(tree)
    badge = tree.cssselect("h1 .verdict")[0].text_content()
    assert badge == ("OK" if report["ok"] else "FAILED")

    errors = report["errors"]
    tiles = {tile.get("data-key"): tile for tile in tree.cssselect(".tile")}
    expected_tiles = {
        "pages": report["pages"],
        "exported": report["outcomes"]["exported"],
        "dropped": report["outcomes"]["dropped"],
        "errors": errors["http_4xx"] + errors["http_5xx"] + errors["timeouts"],
        "pages_per_minute": report["pages_per_minute"],
        "duration_seconds": report["duration_seconds"],
    }
    for key, value in expected_tiles.items():
        assert json.loads(tiles[key].get("data-value")) == value, key
    for key in ("pages", "exported", "dropped", "errors"):
        assert _number_text(tiles[key]) == str(expected_tiles[key]), key

    found = charts(tree)
    points = report["timeline"]["points"]
    for series in ("pages", "articles", "dropped", "errors"):
        chart = found["timeline" if series in ("pages", "articles") else "timeline-problems"]
        rates = [round(p[series] * 60 / p["seconds"], 1) if p["seconds"] else 0.0 for p in points]
        assert values(chart, series) == rates, series
        middles = [float(e.get("data-x")) for e in chart.cssselect(f'.point[data-series="{series}"]')]
        assert middles == [round(p["t"] - p["seconds"] / 2, 3) for p in points]

    outcomes = report["outcomes"]
    expected = {"exported": outcomes["exported"]}
    expected |= {f"dropped: {reason}": n for reason, n in outcomes["dropped_by_reason"].items()}
    if not outcomes["dropped_by_reason"]:
        expected["dropped"] = 0
    assert bars(found["outcomes"]) == expected

    shown = bars(found["errors"])
    assert {
        key: shown[key] for key in ("HTTP 4xx", "HTTP 5xx", "timeouts", "spider exceptions", "logged errors")
    } == {
        "HTTP 4xx": errors["http_4xx"],
        "HTTP 5xx": errors["http_5xx"],
        "timeouts": errors["timeouts"],
        "spider exceptions": errors["spider_exceptions"],
        "logged errors": errors["log_errors"],
    }
    for code, count in errors["http_status"].items():
        assert shown[f"HTTP {code}"] == count
    for reason, count in report["bad_responses"].items():
        assert shown[f"bad response: {reason}"] == count
    for name, count in errors["exceptions"].items():
        assert shown[name.rsplit(".", 1)[-1]] == count

    counts = {
        row[0].text_content(): json.loads(row[1].get("data-value"))
        for row in tree.cssselect("tr")
        if len(row) == 2 and row[1].get("class") == "num"
    }
    assert counts["requests"] == report["requests"]
    if report.get("peak_memory_mb") is not None:
        assert counts["peak memory of the crawl process (MB)"] == report["peak_memory_mb"]

    rows = tree.cssselect("tr.monitor")
    assert [row.get("data-name") for row in rows] == [m["name"] for m in report["monitors"]]
    for row, monitor in zip(rows, report["monitors"], strict=True):
        assert row.get("data-ok") == str(monitor["ok"]).lower()
        assert json.loads(row.cssselect("td.value")[0].get("data-value")) == monitor["value"]
        assert json.loads(row.cssselect("td.limit")[0].get("data-value")) == monitor["limit"]
        status = row.cssselect("td.status")[0].text_content()
        assert status == ("passed" if monitor["ok"] else "FAILED")

    coverage = {label.removesuffix(" (monitored)"): value for label, value in bars(found["coverage"]).items()}
    assert coverage == {name: share for name, share in report["field_coverage"].items() if share is not None}
    held = [
        m["limit"]
        for m in report["monitors"]
        if m["name"].startswith("coverage_") and report["field_coverage"].get(m["name"][9:]) is not None
    ]
    assert [float(line.get("data-limit")) for line in found["coverage"].cssselect("line.limit")] == held

    drift = report["drift"]
    for portal, judged in drift["portals"].items():
        heading = tree.cssselect(f'h3[data-portal="{portal}"]')[0].text_content()
        assert ("drifting" in heading) is judged["drifting"]
        if judged["misses"]:
            misses = bars(found[f"drift-{portal}"])
            assert misses == {name: n / judged["items"] for name, n in judged["misses"].items()}
        for field in judged["fields"]:
            assert field in tree.cssselect(f'h3[data-portal="{portal}"] + p')[0].text_content()


def linked_file(page: Path, href: str) -> Path:
    return (page.parent / unquote(href)).resolve()


def assert_history_matches(index: Path, reports: Sequence[Mapping[str, Any]]) -> None:
    """The history page shows each of ``reports`` once, per spider in time order, failed and drifting
    runs marked, every link leading to a file that exists."""
    html = index.read_text(encoding="utf-8")
    tree = parse(html)
    assert_self_contained(tree, html)
    assert_every_chart_has_points(tree)
    found = charts(tree)
    by_spider: dict[str, list[Mapping[str, Any]]] = {}
    for report in sorted(reports, key=lambda r: r["started"]):
        by_spider.setdefault(report["spider"], []).append(report)
    overview = {row.get("data-spider"): row for row in tree.cssselect("tr[data-spider]")}
    assert set(overview) == set(by_spider)
    for spider, runs in by_spider.items():
        assert overview[spider].cssselect("td.num")[0].get("data-value") == str(len(runs))
        chart = found[f"history-articles-{spider}"]
        assert values(chart) == [r["outcomes"]["exported"] for r in runs]
        points = chart.cssselect(".point")
        assert ["failed" in p.get("class").split() for p in points] == [not r["ok"] for r in runs]
        assert ["drift" in p.get("class").split() for p in points] == [
            bool(r["drift"]["drifting"]) for r in runs
        ]
        durations = values(found[f"history-duration-{spider}"])
        scale = 60 if any(r["duration_seconds"] >= 600 for r in runs) else 1
        assert durations == [round(r["duration_seconds"] / scale, 2) for r in runs]
        section = tree.cssselect(f'section[data-spider="{spider}"]')[0]
        rows = section.cssselect("tr.run")
        assert len(rows) == min(len(runs), 50)
        newest_first = list(reversed(runs))[: len(rows)]
        for row, report in zip(rows, newest_first, strict=True):
            assert row.get("data-status") == ("ok" if report["ok"] else "failed")
            assert json.loads(row.cssselect("td.num")[2].get("data-value")) == report["outcomes"]["exported"]
        for link in [*section.cssselect("tr.run a"), *chart.cssselect("a")]:
            assert linked_file(index, link.get("href")).is_file(), link.get("href")
