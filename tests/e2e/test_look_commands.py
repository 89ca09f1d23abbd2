"""``scrapy parse``, ``check``, ``fetch`` and ``shell`` as a user runs them (issue 14, item 5): the project's
``.venv/bin/scrapy`` from the checkout, against servers on 127.0.0.1; each prints what it is for and leaves
the data folder alone (no export, state, lock or report: the folder is never even made)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.profiles import load_profile, profile_names
from demoportal.routes import HTML, Response
from demoportal.server import DemoServer
from demoportal.truth import expected_items
from tests.conftest import FIXTURES, ROOT

SCRAPY = Path(sys.executable).with_name("scrapy")  # the console script of the venv, as a user runs it
CHECK_PATH = load_profile("jagatbisnis").check_url


def scrapy(*args: str, data_dir: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WARTA_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [str(SCRAPY), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def assert_left_alone(done: subprocess.CompletedProcess[str], data_dir: Path) -> None:
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert "Warning" not in done.stderr, done.stderr[-3000:]  # Scrapy's deprecations too
    assert not data_dir.exists(), sorted(str(p) for p in data_dir.rglob("*"))


def printed_items(stdout: str) -> list[dict]:
    """The items ``scrapy parse --nocolour`` printed (a Python literal between its two headings)."""
    block = stdout.split("# Scraped Items", 1)[1].split("\n", 1)[1].split("# Requests", 1)[0]
    return ast.literal_eval(block)


def truth(server: DemoServer, path: str) -> dict:
    return next(item for item in expected_items(server.site, server.base_url) if item["url"].endswith(path))


# ---- parse -----------------------------------------------------------------------------------------
def test_parse_prints_the_article_of_a_page_on_the_portals_own_host(demo_portal, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    page = demo_portal.base_url + CHECK_PATH
    done = scrapy("parse", "--spider=jagatbisnis", "--nocolour", page, data_dir=data_dir)
    assert done.returncode == 0, done.stderr[-3000:]
    assert_left_alone(done, data_dir)
    [item] = printed_items(done.stdout)
    expected = truth(demo_portal, CHECK_PATH)
    for field in ("url", "canonicalUrl", "portal", "headline", "articleBody", "datePublished", "authors"):
        assert item[field] == expected[field], field
    assert item["extractedBy"] == "profile"


def test_parse_follows_a_discovery_callback_a_level_deeper(demo_portal, tmp_path: Path) -> None:
    """Any callback works: the feed's articles are read at depth 2, against a state kept in memory."""
    data_dir = tmp_path / "data"
    feed = f"{demo_portal.base_url}/feed/"
    done = scrapy(
        "parse", "--spider=jagatbisnis", "--nocolour", "-c", "parse_feed", "-d", "2", feed, data_dir=data_dir
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert_left_alone(done, data_dir)
    items = printed_items(done.stdout)
    known = {item["url"]: item["headline"] for item in expected_items(demo_portal.site, demo_portal.base_url)}
    assert items and all(known[item["url"]] == item["headline"] for item in items)


def test_parse_refuses_a_page_off_the_base_url_it_was_given(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    page = "http://127.0.0.1:9/2022/03/15/a/"
    done = scrapy(
        "parse", "--spider=jagatbisnis", "-a", "base_url=http://127.0.0.1:8", page, data_dir=data_dir
    )
    assert done.returncode == 2
    assert f"{page} is not on -a base_url=http://127.0.0.1:8" in done.stderr
    assert not data_dir.exists()


# ---- check -----------------------------------------------------------------------------------------
class FixturePortal(DemoServer):
    """The demo portal, and at each profile's ``check_url`` its fixture page (a profile without one, as
    jagatbisnis, is read from the demo portal itself)."""

    def __init__(self, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.pages: dict[str, bytes] = {}
        for name in profile_names():
            page = FIXTURES / "portals" / name / "article.html"
            if page.is_file():
                self.pages[load_profile(name).check_url] = page.read_bytes()

    def respond(self, target: str) -> Response:
        if target in self.pages:
            return Response(200, HTML, self.pages[target])
        return super().respond(target)


@pytest.fixture
def fixture_portal() -> Iterator[FixturePortal]:
    with FixturePortal() as server:
        yield server


def test_check_runs_every_profiles_contracts_on_its_page(
    fixture_portal: FixturePortal, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    assert len(fixture_portal.pages) == len(profile_names()) - 1  # all but jagatbisnis, the demo's own
    done = scrapy("check", "-v", "-a", f"base_url={fixture_portal.base_url}", data_dir=data_dir)
    assert done.returncode == 0, done.stderr[-5000:]
    assert_left_alone(done, data_dir)
    for name in profile_names():
        for contract in ("returns", "fills", "extracted_by"):
            assert f"[{name}] parse (@{contract} post-hook) ... ok" in done.stderr, (
                name,
                done.stderr[-5000:],
            )
    asked = {entry["path"] for entry in fixture_portal.requests}
    assert {load_profile(name).check_url for name in profile_names()} <= asked


def test_check_fails_when_the_profile_no_longer_reads_its_page(tmp_path: Path) -> None:
    """The demo portal in a theme the profile does not know: the generic fallback still reads the article,
    and the contract that wants the profile's own selectors fails the check."""
    data_dir = tmp_path / "data"
    with DemoServer(theme="drift") as drifted:
        done = scrapy("check", "jagatbisnis", "-a", f"base_url={drifted.base_url}", data_dir=data_dir)
    assert done.returncode == 1, done.stderr[-3000:]
    assert "FAIL: [jagatbisnis] parse (@extracted_by post-hook)" in done.stderr
    assert "extracted by 'generic', not 'profile'" in done.stderr
    assert "FAILED (failures=1)" in done.stderr
    assert not data_dir.exists()


# ---- fetch and shell -------------------------------------------------------------------------------
@pytest.mark.parametrize("spider", [[], ["--spider=jagatbisnis"]], ids=["default-spider", "portal-spider"])
def test_fetch_prints_the_page(demo_portal, tmp_path: Path, spider: list[str]) -> None:
    data_dir = tmp_path / "data"
    done = scrapy("fetch", *spider, demo_portal.base_url + CHECK_PATH, data_dir=data_dir)
    assert done.returncode == 0, done.stderr[-3000:]
    assert_left_alone(done, data_dir)
    assert f"<title>{truth(demo_portal, CHECK_PATH)['headline']} - JagatBisnis.com</title>" in done.stdout


@pytest.mark.parametrize(
    ("spider", "code", "printed"),
    [
        ([], "(response.status, spider.name)", "(200, 'default')"),
        (["--spider=jagatbisnis"], "(response.status, spider.profile.base_url)", "(200, '{base}')"),
    ],
    ids=["default-spider", "portal-spider"],
)
def test_shell_runs_code_on_the_page(demo_portal, tmp_path: Path, spider: list[str], code: str, printed: str):
    data_dir = tmp_path / "data"
    done = scrapy("shell", *spider, demo_portal.base_url + CHECK_PATH, "-c", code, data_dir=data_dir)
    assert done.returncode == 0, done.stderr[-3000:]
    assert_left_alone(done, data_dir)
    assert done.stdout.strip().splitlines()[-1] == printed.format(base=demo_portal.base_url)
