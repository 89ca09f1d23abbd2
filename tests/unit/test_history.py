"""The crawl history page: every run under the data folder once, per spider over time, failures marked."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from crawler.monitoring.history import archive_run, history_path, rebuild_history
from crawler.monitoring.html_report import html_report_path
from crawler.monitoring.report import write_report
from tests.report_pages import assert_history_matches, charts, parse
from tests.report_samples import STARTED, long_run_report


@pytest.fixture(scope="module")
def runs() -> list[dict]:
    """Four hourly kompas runs, the third one failing on a theme change, and two detik runs."""
    kompas = [
        long_run_report(STARTED + timedelta(hours=h), theme_change=(h == 2), minutes=35 + h) for h in range(4)
    ]
    detik = [
        long_run_report(
            STARTED + timedelta(hours=h, minutes=30), spider="detik", theme_change=False, minutes=8
        )
        for h in range(2)
    ]
    return [json.loads(json.dumps(r)) for r in kompas + detik]


def test_the_history_shows_every_run_once_with_failures_and_drift_marked(
    runs: list[dict], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    for report in runs[:-1]:
        archive_run(report, data)
        # ...and beside its export, as every run also writes it: found twice, counted once
        write_report(report, data / "exports" / f"{report['run_id']}.jsonl")
    # A report from before the archive existed: beside its export only, no run id, no HTML page
    legacy = {key: value for key, value in runs[-1].items() if key != "run_id"}
    write_report(legacy, data / "exports" / "detik-old.jsonl")
    index = rebuild_history(data)
    assert index == history_path(data) == data / "reports" / "index.html"
    assert_history_matches(index, runs)
    assert [r["ok"] for r in runs if r["spider"] == "kompas"] == [True, True, False, True]
    tree = parse(index.read_text(encoding="utf-8"))
    legacy_link = tree.cssselect('section[data-spider="detik"] tr.run a')[0].get("href")
    assert legacy_link == "../exports/detik-old.report.json"
    archived_link = tree.cssselect('section[data-spider="kompas"] tr.run a')[0].get("href")
    assert archived_link == f"runs/kompas/{runs[3]['run_id']}.report.html"


def test_an_unreadable_report_is_named_on_the_page_not_dropped_silently(
    runs: list[dict], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    archive_run(runs[0], data)
    broken = data / "exports" / "cut.report.json"
    broken.parent.mkdir(parents=True)
    broken.write_text('{"spider": "kompas", "ok": tr', encoding="utf-8")
    (data / "exports" / "list.report.json").write_text("[1, 2]", encoding="utf-8")
    tree = parse(rebuild_history(data).read_text(encoding="utf-8"))
    alert = tree.cssselect("section.alert")[0].text_content()
    assert "2 run reports could not be read" in alert
    assert "exports/cut.report.json" in alert and "exports/list.report.json" in alert
    assert tree.cssselect('tr[data-spider="kompas"] td.num')[0].get("data-value") == "1"


def test_the_archived_copy_links_back_to_the_history(runs: list[dict], tmp_path: Path) -> None:
    json_path = archive_run(runs[0], tmp_path)
    assert json.loads(json_path.read_text(encoding="utf-8")) == runs[0]
    page = parse(html_report_path(json_path).read_text(encoding="utf-8"))
    history, own_json = (a.get("href") for a in page.cssselect("header a"))
    assert (json_path.parent / history).resolve() == history_path(tmp_path).resolve()
    assert (json_path.parent / own_json) == json_path


def test_only_the_newest_runs_of_a_spider_are_kept(runs: list[dict], tmp_path: Path) -> None:
    kompas = [r for r in runs if r["spider"] == "kompas"]
    for report in kompas:
        archive_run(report, tmp_path, keep=2)
    archive_run(runs[-1], tmp_path, keep=2)  # another spider's runs are not counted against kompas
    folder = tmp_path / "reports" / "runs" / "kompas"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{r['run_id']}.report.{ext}" for r in kompas[-2:] for ext in ("json", "html")
    )
    assert len(list((tmp_path / "reports" / "runs" / "detik").glob("*.json"))) == 1


def test_a_data_folder_without_runs_gets_a_page_that_says_so(tmp_path: Path) -> None:
    tree = parse(rebuild_history(tmp_path).read_text(encoding="utf-8"))
    assert "No run report found yet" in tree.text_content()
    assert charts(tree) == {}


def test_spider_names_are_escaped_on_the_page_and_safe_in_file_names(
    runs: list[dict], tmp_path: Path
) -> None:
    report = dict(runs[0], spider='<script>alert("x")</script>/../../etc', run_id="../../../evil")
    json_path = archive_run(report, tmp_path)
    assert json_path.resolve().is_relative_to((tmp_path / "reports" / "runs").resolve())
    tree = parse(rebuild_history(tmp_path).read_text(encoding="utf-8"))
    assert tree.cssselect("script") == []
    assert (
        '<script>alert("x")</script>/../../etc' in tree.cssselect("section[data-spider] h2")[0].text_content()
    )
