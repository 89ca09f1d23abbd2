"""The run report survives a kill mid-write, and each export of a run keeps its own report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, run_crawl

# A child writes a large report where a good one already is, under a file-size limit that kills it
# (SIGXFSZ) part way through: the kill lands mid-write every time, with no timing involved.
_KILLED_WRITER = """
import resource, sys
from pathlib import Path
from crawler.monitoring.report import build_report, write_report
from crawler.monitoring.tally import ItemTally

export = Path(sys.argv[1])
tally = ItemTally()
tally.leak_examples.extend([{"url": "x" * 1000, "marker": "m"}] * 200)  # about 200 KB of JSON
report = build_report(spider="jagatbisnis", stats={}, tally=tally, checks=[], started=None,
                      finished=None, exports=[str(export)])
resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))
write_report(report, export)
"""


def test_a_kill_mid_write_leaves_the_previous_report_whole(tmp_path: Path) -> None:
    export = tmp_path / "articles.jsonl"
    report = tmp_path / "articles.report.json"
    report.write_text(json.dumps({"spider": "jagatbisnis", "ok": True}), encoding="utf-8")
    child = subprocess.run(
        [sys.executable, "-c", _KILLED_WRITER, str(export)], cwd=ROOT, capture_output=True, text=True
    )
    assert child.returncode != 0, child.stderr  # killed by the file-size limit
    assert json.loads(report.read_text(encoding="utf-8")) == {"spider": "jagatbisnis", "ok": True}


def test_csv_and_xml_exports_of_one_run_each_get_their_report(demo_portal, tmp_path: Path) -> None:
    url = demo_portal.base_url + demo_portal.site.seed_article.path
    csv, xml = tmp_path / "out.csv", tmp_path / "out.xml"
    result = run_crawl(
        "jagatbisnis",
        "-a",
        f"base_url={demo_portal.base_url}",
        "-a",
        f"url={url}",
        "-O",
        str(csv),
        "-O",
        str(xml),
        data_dir=tmp_path / "data",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for export in (csv, xml):
        report = json.loads(export.with_name(export.name + ".report.json").read_text(encoding="utf-8"))
        assert report["outcomes"]["exported"] == 1
        assert sorted(report["exports"]) == sorted([str(csv), str(xml)])
        assert export.with_name(export.name + ".summary.txt").exists()
