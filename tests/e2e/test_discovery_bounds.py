"""Discovery traps end: sitemap-index chains, endless listings and listings of dead links are cut by the
discovery bounds (``crawler/discovery/bounds.py``), and the cut is counted and shown in the run report.
Sitemaps that answer 404 are remembered and not asked for by the next run."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import run_crawl
from tests.e2e.discovery_traps import TrapPortal

_STAT = re.compile(r"'([\w/.\-]+)': (\d+),?\n")
# Far more than any bound lets through, far less than the traps would serve unbounded in this time.
CRAWL_TIMEOUT = 120


def _stats(log: str) -> dict[str, int]:
    dump = log[log.rfind("Dumping Scrapy stats") :]
    return {name: int(value) for name, value in _STAT.findall(dump)}


def _crawl(trap: TrapPortal, tmp_path: Path, *settings: str) -> tuple[dict[str, int], dict]:
    out = tmp_path / "articles.jsonl"
    extra = [arg for setting in settings for arg in ("-s", setting)]
    result = run_crawl(
        "jagatbisnis",
        "-a",
        f"base_url={trap.base_url}",
        *extra,
        "-O",
        str(out),
        data_dir=tmp_path / "data",
        timeout=CRAWL_TIMEOUT,
    )
    stats = _stats(result.stderr)
    assert "'finish_reason': 'finished'" in result.stderr, result.stderr[-3000:]
    report = json.loads(out.with_name("articles.report.json").read_text(encoding="utf-8"))
    return stats, report


def test_a_listing_that_always_links_a_next_page_stops_after_a_few_pages_of_nothing_new(tmp_path):
    with TrapPortal("paging") as trap:
        stats, report = _crawl(trap, tmp_path)
        pages = trap.count(r"^/page/\d+/$")
    assert 1 <= pages <= 6
    assert stats["warta/discovery/cut/listing_stale"] == 1
    assert report["discovery_cut"] == {"listing_stale": 1}


def test_a_listing_of_dead_links_stops_after_a_few_pages(tmp_path):
    with TrapPortal("gone_paging") as trap:
        stats, report = _crawl(trap, tmp_path)
        pages = trap.count(r"^/page/\d+/$")
    assert pages <= 10
    assert stats["warta/discovery/cut/listing_stale"] == 1
    assert stats["warta/articles/gone"] == 5 * (pages + 1)  # every link asked for once
    assert report["discovery_cut"] == {"listing_stale": 1}


def test_a_listing_is_read_at_most_its_page_limit(tmp_path):
    with TrapPortal("gone_paging") as trap:
        stats, _ = _crawl(trap, tmp_path, "WARTA_LISTING_STALE_PAGES=0", "WARTA_LISTING_MAX_PAGES=7")
        pages = trap.count(r"^/page/\d+/$")
    assert pages == 6  # the home page is page 1
    assert stats["warta/discovery/cut/listing_pages"] == 1


def test_a_sitemap_index_chain_is_cut_at_the_depth_limit(tmp_path):
    with TrapPortal("sitemap_chain") as trap:
        stats, report = _crawl(trap, tmp_path)
        read = trap.count(r"^/sitemap")
    assert read == 4  # the named index and three levels below it (WARTA_SITEMAP_MAX_DEPTH)
    assert stats["warta/discovery/cut/sitemap_depth"] == 1
    assert report["discovery_cut"]["sitemap_depth"] == 1
    assert "sitemaps_unread" in report["failed_monitors"]  # the run exits 3: sitemaps went unread


def test_a_wide_sitemap_index_is_cut_at_the_count_limit(tmp_path):
    with TrapPortal("sitemap_wide") as trap:
        stats, report = _crawl(trap, tmp_path, "WARTA_SITEMAP_MAX_COUNT=20")
        read = trap.count(r"sitemap.*\.xml$")
    assert read == 20  # the index, the news sitemap (404) and 18 of the index's 200 sitemaps
    assert stats["warta/discovery/cut/sitemap_count"] == 200 - 18
    assert "sitemaps_unread" in report["failed_monitors"]


def test_a_sitemap_that_answered_404_is_not_asked_again_next_run(tmp_path):
    with TrapPortal("paging") as trap:
        first, _ = _crawl(trap, tmp_path)
        asked_first = trap.count(r"^/news-sitemap\.xml$") + trap.count(r"^/sitemap_index\.xml$")
        second, _ = _crawl(trap, tmp_path)
        asked_both = trap.count(r"^/news-sitemap\.xml$") + trap.count(r"^/sitemap_index\.xml$")
    assert first["warta/discovery/sitemap_gone"] == 2
    assert asked_first == 2
    assert asked_both == 2  # nothing asked the second time
    assert second["warta/discovery/sitemap_gone_skipped"] == 2


def test_a_gone_sitemap_is_asked_again_once_its_ttl_passed(tmp_path):
    with TrapPortal("paging") as trap:
        _crawl(trap, tmp_path)
        second, _ = _crawl(trap, tmp_path, "WARTA_GONE_SITEMAP_TTL=0.001")
        asked = trap.count(r"^/news-sitemap\.xml$")
    assert asked == 2
    assert second.get("warta/discovery/sitemap_gone_skipped", 0) == 0


def test_the_summary_names_what_discovery_cut(tmp_path):
    with TrapPortal("paging") as trap:
        _crawl(trap, tmp_path)
    summary = (tmp_path / "articles.summary.txt").read_text(encoding="utf-8")
    assert "discovery cut: listing_stale 1" in summary
