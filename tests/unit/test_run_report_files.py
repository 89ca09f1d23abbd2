"""Where the run report goes: one report per export of a run, none overwriting another."""

from __future__ import annotations

from pathlib import Path

from crawler.monitoring.report import build_report, report_paths, report_targets, write_report
from crawler.monitoring.tally import ItemTally


def test_a_jsonl_export_keeps_its_short_report_name() -> None:
    json_path, text_path = report_paths(Path("/data/exports/articles.jsonl"))
    assert (json_path.name, text_path.name) == ("articles.report.json", "articles.summary.txt")


def test_csv_and_xml_exports_of_one_run_get_two_reports() -> None:
    exports = [Path("/out/out.csv"), Path("/out/out.xml"), Path("/out/out.jsonl"), Path("/out/out")]
    targets = report_targets(exports)
    json_names = [json_path.name for json_path, _ in targets]
    assert len(set(json_names)) == len(exports)
    assert json_names[:3] == ["out.csv.report.json", "out.xml.report.json", "out.report.json"]
    assert len({text_path for _, text_path in targets}) == len(exports)


def test_write_report_leaves_no_temporary_file(tmp_path: Path) -> None:
    report = build_report(
        spider="x", stats={}, tally=ItemTally(), checks=[], started=None, finished=None, exports=[]
    )
    json_path, _ = write_report(report, tmp_path / "out.csv")
    assert json_path.read_text(encoding="utf-8").startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv.report.json", "out.csv.summary.txt"]
