"""The HTML run report: every chart drawn from the report's JSON, nothing fetched, everything escaped.

The report is a long, eventful kompas run built the way a crawl builds one (``tests/report_samples.py``);
the page is read back with lxml and compared with the JSON. The same page in a real browser is
``tests/e2e/test_report_browser.py``.
"""

from __future__ import annotations

import copy
import json

import pytest

from crawler.monitoring.html_report import render_run_report
from crawler.monitoring.report import build_report
from crawler.monitoring.tally import ItemTally
from tests.report_pages import (
    assert_every_chart_has_points,
    assert_run_page_matches,
    assert_self_contained,
    bars,
    charts,
    parse,
    values,
)
from tests.report_samples import long_run_report


@pytest.fixture(scope="module")
def report() -> dict:
    # Through JSON, as the page is rebuilt from a report file.
    return json.loads(json.dumps(long_run_report()))


def test_the_page_of_a_failed_drifting_run_matches_its_report(report: dict) -> None:
    assert report["ok"] is False and report["drift"]["drifting"] == ["kompas"]
    html = render_run_report(report, history_href="../reports/index.html", json_href="kompas.report.json")
    tree = parse(html)
    assert_self_contained(tree, html)
    assert_run_page_matches(tree, report)
    assert [m["name"] for m in report["monitors"] if not m["ok"]] == ["generic_fallback_kompas"]
    alert = tree.cssselect("section.alert")[0].text_content()
    assert "generic_fallback_kompas" in alert and "10%" in alert
    assert [a.get("href") for a in tree.cssselect("header a")] == [
        "../reports/index.html",
        "kompas.report.json",
    ]


def test_the_timeline_shows_the_stall_and_adds_up_to_the_run(report: dict) -> None:
    """The 429 stretch of minutes 20 to 25 is visible, and the buckets add up to the run's totals."""
    points = report["timeline"]["points"]
    assert sum(p["pages"] for p in points) == report["pages"]
    assert sum(p["articles"] for p in points) == report["outcomes"]["exported"]
    assert sum(p["dropped"] for p in points) == report["outcomes"]["dropped"]
    assert len(points) == 47  # the last 21 seconds fold into the last minute
    pages = values(charts(parse(render_run_report(report)))["timeline"], "pages")
    assert max(pages[20:26]) < min(pages[:20] + pages[26:]) / 2


def test_a_report_with_nothing_in_it_renders_with_notes_not_errors() -> None:
    """A run that exported nothing, and an older report without timeline, drift or field coverage."""
    empty = build_report(
        spider="kompas", stats={}, tally=ItemTally(), checks=[], started=None, finished=None, exports=[]
    )
    for report in (
        empty,
        {k: v for k, v in empty.items() if k not in ("timeline", "drift", "field_coverage")},
    ):
        html = render_run_report(report)
        tree = parse(html)
        assert_self_contained(tree, html)
        assert_every_chart_has_points(tree)  # outcomes and errors: zero bars, still data
        text = tree.text_content()
        assert "holds no timeline" in text
        assert "No item was exported" in text
        assert "No monitor ran" in text
        assert set(charts(tree)) == {"outcomes", "errors"}


def test_text_from_the_run_is_escaped(report: dict) -> None:
    """Portal names, drop reasons, details and paths come from outside: they are shown, never run."""
    hostile = copy.deepcopy(report)
    evil = '<script>alert("x")</script>'
    hostile["spider"] = evil
    hostile["exports"] = [f"/tmp/{evil}.jsonl"]
    hostile["outcomes"]["dropped_by_reason"] = {f'"><img src=x onerror=alert(1)>{evil}': 3}
    hostile["monitors"][0]["detail"] = evil
    hostile["drift"]["portals"][evil] = hostile["drift"]["portals"]["kompas"]
    html = render_run_report(hostile, history_href='x" onmouseover="alert(1)')
    tree = parse(html)
    assert tree.cssselect("script, img") == []
    assert not [e for e in tree.iter() if any(name.startswith("on") for name in e.attrib)]
    assert evil in tree.cssselect("h1")[0].text_content()
    assert f'dropped: "><img src=x onerror=alert(1)>{evil}' in bars(charts(tree)["outcomes"])
    assert tree.cssselect("header a")[0].get("href") == 'x" onmouseover="alert(1)'


def test_a_run_shorter_than_one_bucket_draws_its_rate_across_the_chart(report: dict) -> None:
    """``make.py demo`` takes seconds: one bucket, drawn as a level line over the run, not a lone dot."""
    short = copy.deepcopy(report)
    short["timeline"]["points"] = [
        {"t": 5.3, "seconds": 5.3, "pages": 337, "articles": 324, "dropped": 0, "errors": 2}
    ]
    tree = parse(render_run_report(short))
    assert_run_page_matches(tree, short)
    timeline = charts(tree)["timeline"]
    assert values(timeline, "pages") == [3815.1]
    for line in timeline.cssselect("polyline.line"):
        (x1, y1), (x2, y2) = (tuple(map(float, pair.split(","))) for pair in line.get("points").split())
        assert y1 == y2 and x2 - x1 > 800  # across the plot
    assert "shorter than 1 min" in tree.text_content()
