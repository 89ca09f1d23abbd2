"""Scheduled runs against a demo portal whose clock moves between them: only what is new is exported."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import read_jsonl, run_crawl

WIB = timezone(timedelta(hours=7))
# Between the demo portal's re-published story and its original, a day before the portal's newest post.
BEFORE = datetime(2023, 3, 19, 18, 0, tzinfo=WIB)


def _truth(site, base_url):
    from demoportal.truth import expected_items

    return {item["canonicalUrl"]: item for item in expected_items(site, base_url)}


def _stats(log: str, name: str) -> int:
    for line in log.splitlines():
        if f"'{name}':" in line:
            return int(line.split(":")[-1].strip(" ,}"))
    return 0


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Run 1 at ``BEFORE``, then the clock moves to the portal's present and run 2 follows."""
    from demoportal.server import DemoServer
    from demoportal.site import build_site

    data_dir = tmp_path_factory.mktemp("scheduled")
    log = data_dir / "requests.jsonl"
    with DemoServer(now=BEFORE, request_log=log) as server:
        base = server.base_url
        first = run_crawl(
            "jagatbisnis", "-a", f"base_url={base}", "-O", str(data_dir / "1.jsonl"), data_dir=data_dir
        )
        assert first.returncode == 0, first.stderr[-3000:]
        requests_first = len(server.requests)
        server.set_now(build_site().now)
        second = run_crawl(
            "jagatbisnis", "-a", f"base_url={base}", "-O", str(data_dir / "2.jsonl"), data_dir=data_dir
        )
        assert second.returncode == 0, second.stderr[-3000:]
        return {
            "base": base,
            "data_dir": data_dir,
            "first": read_jsonl(data_dir / "1.jsonl"),
            "second": read_jsonl(data_dir / "2.jsonl"),
            "log2": second.stderr,
            "requests_first": requests_first,
            "requests_second": len(server.requests) - requests_first,
            "before": _truth(build_site(now=BEFORE), base),
            "after": _truth(build_site(), base),
            "republished": {a.path for a in build_site().timeline if a.replaces and a.published > BEFORE},
        }


def test_first_run_exports_the_portal_as_it_stood(two_runs):
    assert {i["canonicalUrl"] for i in two_runs["first"]} == set(two_runs["before"])
    assert all(i["version"] == 1 for i in two_runs["first"])


def test_second_run_exports_exactly_the_new_and_edited_articles(two_runs):
    before, after = two_runs["before"], two_runs["after"]
    republished = {two_runs["base"] + path for path in two_runs["republished"]}
    new = {u for u in after if u not in before} - republished
    edited = {u for u in after if u in before and after[u]["articleBody"] != before[u]["articleBody"]}
    assert len(new) >= 3
    exported = [i["canonicalUrl"] for i in two_runs["second"]]
    assert len(exported) == len(set(exported))
    assert set(exported) == new | edited
    for item in two_runs["second"]:
        expected = after[item["canonicalUrl"]]
        assert item["articleBody"] == expected["articleBody"]
        assert item["dateModified"] == expected["dateModified"]
        assert item["version"] == (2 if item["canonicalUrl"] in edited else 1)


def test_the_republished_copy_is_dropped(two_runs):
    assert two_runs["republished"], "the demo portal re-publishes one story under a new slug"
    exported = {i["canonicalUrl"] for i in two_runs["second"]}
    assert not exported & {two_runs["base"] + p for p in two_runs["republished"]}
    # Its body is the original's word for word, so the exact-body check catches it first.
    dropped = _stats(two_runs["log2"], "warta/dropped/duplicate_body")
    assert dropped + _stats(two_runs["log2"], "warta/dropped/near_duplicate") == len(two_runs["republished"])


def test_the_second_run_fetches_little_beyond_what_changed(two_runs):
    changed = len(two_runs["second"]) + len(two_runs["republished"])
    # Discovery pages (robots, sitemaps, feed, first listing pages) plus the changed articles.
    assert two_runs["requests_second"] <= changed + 20
    assert _stats(two_runs["log2"], "warta/incremental/skipped_known") >= len(two_runs["before"])


def test_a_syndicated_copy_on_another_portal_is_kept_and_points_to_the_first(two_runs):
    from demoportal.server import DemoServer
    from demoportal.site import build_site

    data_dir = two_runs["data_dir"]
    with DemoServer(portal="kabarnusa") as mirror:
        result = run_crawl(
            "portal",
            "-a",
            f"start_url={mirror.base_url}/",
            "-O",
            str(data_dir / "mirror.jsonl"),
            data_dir=data_dir,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        items = read_jsonl(data_dir / "mirror.jsonl")
    mirror_site, home_site = build_site(portal="kabarnusa"), build_site()
    assert len(items) == len(mirror_site.articles)
    # The mirror re-titles the story ("…, Begini Penjelasannya"); its original keeps the first words.
    copies = [a for a in mirror_site.articles if a.source == "JagatBisnis.com"]
    assert len(copies) == 1
    original = next(a for a in home_site.articles if copies[0].headline.startswith(a.headline))
    marked = {i["canonicalUrl"]: i["duplicateOf"] for i in items if i["duplicateOf"]}
    assert marked == {mirror.base_url + copies[0].path: two_runs["base"] + original.path}
