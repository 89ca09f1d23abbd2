"""Backfill: ``-a since=… -a until=…`` fetches exactly the articles of that window."""

from __future__ import annotations

import re
from datetime import date

from tests.conftest import read_jsonl, run_crawl

URL_DATE = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/")


def _day(url: str) -> date:
    return date(*map(int, URL_DATE.search(url).groups()))


def test_backfill_window_across_the_year_boundary(demo_portal, tmp_path):
    from demoportal.site import build_site
    from demoportal.truth import expected_items

    since, until = date(2022, 12, 28), date(2023, 1, 4)
    out = tmp_path / "backfill.jsonl"
    result = run_crawl(
        "jagatbisnis",
        "-a",
        f"base_url={demo_portal.base_url}",
        "-a",
        f"since={since}",
        "-a",
        f"until={until}",
        "-O",
        str(out),
        data_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    truth = {i["canonicalUrl"] for i in expected_items(build_site(), demo_portal.base_url)}
    wanted = {url for url in truth if since <= _day(url) <= until}
    assert len(wanted) >= 10
    assert {i["canonicalUrl"] for i in read_jsonl(out)} == wanted


def test_a_bad_window_is_a_clear_error(demo_portal, tmp_path):
    result = run_crawl(
        "jagatbisnis", "-a", f"base_url={demo_portal.base_url}", "-a", "since=2023-02-30", data_dir=tmp_path
    )
    assert result.returncode != 0
    assert "since= / -a until= must be YYYY-MM-DD" in result.stderr
