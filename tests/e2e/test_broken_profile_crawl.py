"""Issue 12 item 8 as an operator sees it: a broken profile fails its own spider at start (exit 1, one
line naming the file as the last line), ``scrapy list`` names it (exit 1), and other portals' spiders and
``portal`` still crawl; a profile whose selector raises on every page fails the run (exit 3), never "OK".
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FAST_LOCAL, ROOT, run_crawl

SHIPPED = ROOT / "crawler" / "portals"
EXIT_CANNOT_START, EXIT_BAD_RUN = 1, 3
BAD_BODY = 'body = [".entry-content >> p"]'


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    """The shipped profiles, with a bad CSS selector in jagatbisnis and a TOML syntax error in detik."""
    folder = tmp_path / "portals"
    shutil.copytree(SHIPPED, folder)
    jagat = folder / "jagatbisnis.toml"
    lines = jagat.read_text(encoding="utf-8").splitlines()
    lines = [BAD_BODY if line.startswith("body = ") else line for line in lines]
    jagat.write_text("\n".join(lines) + "\n", encoding="utf-8")
    detik = folder / "detik.toml"
    detik.write_text(
        detik.read_text(encoding="utf-8").replace('name = "detik"', 'name = "detik'), encoding="utf-8"
    )
    return folder


def test_broken_profile_fails_its_own_spider_at_start(profile_dir: Path, tmp_path: Path) -> None:
    env = {"WARTA_PROFILES_DIR": str(profile_dir)}
    result = run_crawl("jagatbisnis", "-a", "base_url=http://127.0.0.1:9", data_dir=tmp_path / "d", env=env)
    assert result.returncode == EXIT_CANNOT_START, result.stderr[-3000:]
    last = result.stderr.strip().splitlines()[-1]
    assert (
        last.startswith("warta: cannot start jagatbisnis: ") and str(profile_dir / "jagatbisnis.toml") in last
    )
    assert "selectors.body: bad CSS selector '.entry-content >> p'" in last
    assert not (tmp_path / "d" / "exports").exists()  # nothing opened


def test_other_spiders_and_portal_still_crawl(profile_dir: Path, demo_portal, tmp_path: Path) -> None:
    """The demo portal is a jagatbisnis site; ``portal`` crawls it, and tempo pointed at it fetches a page."""
    env = {"WARTA_PROFILES_DIR": str(profile_dir)}
    generic = run_crawl(
        "portal",
        "-a",
        f"start_url={demo_portal.base_url}/",
        "-s",
        "CLOSESPIDER_ITEMCOUNT=5",
        "-s",
        "WARTA_MONITOR_FINISH_REASONS=finished,closespider_itemcount",
        data_dir=tmp_path / "p",
        env=env,
    )
    assert generic.returncode == 0, generic.stderr[-3000:]
    assert "Profile 'jagatbisnis' left out" in generic.stderr and "Profile 'detik' left out" in generic.stderr
    assert list((tmp_path / "p" / "exports").glob("portal-*.jsonl"))
    base = demo_portal.base_url
    other = run_crawl(
        "tempo", "-a", f"base_url={base}", "-a", f"url={base}/", data_dir=tmp_path / "t", env=env
    )
    assert "cannot start" not in other.stderr and "Traceback" not in other.stderr, other.stderr[-3000:]


def test_scrapy_list_names_the_broken_profiles(profile_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "WARTA_PROFILES_DIR": str(profile_dir)},
    )
    assert result.returncode == 1
    assert {"jagatbisnis", "detik", "kompas", "portal"} <= set(result.stdout.split())
    problems = result.stderr.strip().splitlines()
    assert [line.split("'")[1] for line in problems] == ["detik", "jagatbisnis"], result.stderr
    assert str(profile_dir / "detik.toml") in problems[0]


# A crawl whose load-time check is switched off, so the bad selector reaches every page as it did before.
_UNCHECKED = """
import sys
import crawler.extract.profile_check as check
check.profile_problems = lambda *args: []
from scrapy.cmdline import execute
sys.argv[0] = "scrapy"
execute()
"""


def test_a_selector_that_raises_on_every_page_fails_the_run(
    profile_dir: Path, demo_portal, tmp_path: Path
) -> None:
    cmd = [
        sys.executable,
        "-c",
        _UNCHECKED,
        "crawl",
        "jagatbisnis",
        *FAST_LOCAL,
        "-a",
        f"base_url={demo_portal.base_url}",
    ]
    env = {
        **os.environ,
        "WARTA_PROFILES_DIR": str(profile_dir),
        "WARTA_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == EXIT_BAD_RUN, result.stderr[-3000:]
    verdict = result.stderr.strip().splitlines()[-1]
    assert verdict.startswith("warta: the run failed") and "spider_exception_rate" in verdict
    assert "items_exported" in verdict  # the dead link skipped again and again is no known article
    (path,) = (tmp_path / "exports").glob("jagatbisnis-*.report.json")
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["errors"]["spider_exceptions"] > 100 and report["outcomes"]["exported"] == 0
