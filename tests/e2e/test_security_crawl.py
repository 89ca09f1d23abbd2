"""Never trespass, on real crawls: spider arguments cannot move files out of the data folder, and
robots.txt ``Disallow`` and ``Crawl-delay`` are honoured.

The parsers' refusal of external entities is checked in-process in tests/unit/test_security.py.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from tests.conftest import run_crawl
from tests.hostile.server import HostileServer


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def escaped_into_tmp() -> set[Path]:
    """What an argument naming ``/tmp/escaped…`` could create: /tmp's entries of that name and what they
    hold. Not a walk of all /tmp: other processes (a test suite beside this one) add and remove folders
    there meanwhile, and a folder gone mid-walk failed the walk."""
    found: set[Path] = set()
    for entry in Path("/tmp").resolve().glob("escaped*"):
        found.add(entry)
        if entry.is_dir():
            found |= set(entry.rglob("*"))
    return found


# Spider arguments and the data folder -------------------------------------------------------------------


@pytest.mark.parametrize(
    "argument",
    [
        "name=../../escaped",
        "name=/tmp/escaped-abs",
        "state=../escaped",
        "data_dir={outside}",
        "article_store=x",
    ],
)
def test_spider_arguments_cannot_write_outside_the_data_folder(demo_portal, tmp_path, argument):
    data_dir, outside = tmp_path / "data", tmp_path / "outside"
    data_dir.mkdir()
    outside.mkdir()
    before = escaped_into_tmp()
    result = run_crawl(
        "jagatbisnis",
        "-a",
        f"base_url={demo_portal.base_url}",
        "-a",
        f"url={demo_portal.base_url}/",
        "-a",
        argument.format(outside=outside),
        data_dir=data_dir,
        timeout=120,
    )
    written = files_under(tmp_path) - files_under(data_dir)
    assert not written, f"{argument} wrote outside the data folder: {sorted(map(str, written))}"
    assert not escaped_into_tmp() - before, f"{argument} wrote into /tmp"
    assert result.returncode != 0
    assert "unknown spider argument" in result.stderr


# robots.txt ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/wp-admin/", "/?s=rupiah", "/search/rupiah/"])
def test_robots_disallow_is_honoured(demo_portal, tmp_path, path):
    url = demo_portal.base_url + path
    result = run_crawl(
        "jagatbisnis",
        "-a",
        f"base_url={demo_portal.base_url}",
        "-a",
        f"url={url}",
        data_dir=tmp_path,
        timeout=120,
    )
    assert "'robotstxt/forbidden': 1" in result.stderr
    assert "'warta/bad_response/robots_disallowed': 1" in result.stderr
    asked = [entry["path"] for entry in demo_portal.requests]
    assert path not in asked


def test_robots_crawl_delay_is_honoured(tmp_path):
    with HostileServer(robots_extra="Crawl-delay: 1\n") as server:
        result = run_crawl(
            "jagatbisnis",
            "-a",
            f"base_url={server.base_url}",
            "-s",
            "CLOSESPIDER_PAGECOUNT=5",
            # the requests already handed to the downloader are still made, one a delay apart, once the
            # spider closes: two, not Scrapy's sixteen (the delay is what spaces them either way)
            "-s",
            "CONCURRENT_REQUESTS=2",
            "-s",
            "WARTA_MONITORS_ENABLED=False",
            data_dir=tmp_path,
            timeout=120,
        )
        times = [t for t, path in server.requests]
    assert "'warta/robots/crawl_delay': 1.0" in result.stderr, result.stderr[-3000:]
    assert len(times) >= 4
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    # The robots.txt request comes first; every request after it waits out the Crawl-delay.
    assert min(gaps) >= 0.95, gaps


def test_a_huge_robots_txt_is_read_up_to_the_parsing_limit(tmp_path):
    # 600 KiB of rules (a plugin that lists every tag page), then "Disallow: /": read whole, that last
    # rule forbade the crawl, and each of the thousands of rules was tried on every request
    filler = "".join(f"Disallow: /tag/topik-{i}/feed/\n" for i in range(22_000))
    with HostileServer(robots_extra=filler + "Disallow: /\n") as server:
        result = run_crawl(
            "jagatbisnis",
            "-a",
            f"base_url={server.base_url}",
            "-s",
            "CLOSESPIDER_ITEMCOUNT=3",
            "-s",
            "WARTA_MONITORS_ENABLED=False",
            data_dir=tmp_path,
            timeout=120,
        )
        asked = {path for _, path in server.requests}
    assert "'warta/robots/cut': 1" in result.stderr, result.stderr[-3000:]
    assert f"robots.txt of {server.base_url.split('//')[1]} is " in result.stderr
    assert "robotstxt/forbidden" not in result.stderr
    assert any(path.startswith("/20") for path in asked)  # articles were fetched
    assert "/tag/topik-7/feed/" not in asked


def test_a_site_setting_new_tracking_cookies_on_every_page_leaves_the_crawl_its_pace(tmp_path):
    # ten cookies of new names on every answer: unbounded, the jar (and every request's Cookie header)
    # grew by ten a page for the whole crawl
    with HostileServer(cookies_per_answer=10) as server:
        result = run_crawl(
            "jagatbisnis",
            "-a",
            f"base_url={server.base_url}",
            "-s",
            "CLOSESPIDER_ITEMCOUNT=20",
            "-s",
            "WARTA_MONITORS_ENABLED=False",
            data_dir=tmp_path,
            timeout=120,
        )
        most_sent = server.most_cookies_sent
    assert 0 < most_sent <= 50
    dropped = re.search(r"'warta/cookies/dropped': (\d+)", result.stderr)
    assert dropped is not None, result.stderr[-3000:]
    assert int(dropped.group(1)) >= 10 * 20 - 50
    assert "sets more cookies than the 50 a crawl keeps" in result.stderr
    assert "'item_scraped_count': " in result.stderr
