"""Shared test fixtures: the demo portal, real crawl runs, and the optional Redis/PostgreSQL services."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import settings as hypothesis_settings

from demoportal.server import CRAWL_FLAGS

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).with_name("fixtures")
IN_CI = os.environ.get("CI", "").lower() == "true"
SHARED = ROOT.parent / "shared"  # the read-only material beside the checkout (``../shared``)


def needs_shared(*parts: str) -> pytest.MarkDecorator:
    """Skip a test whose ``../shared`` file is not on this machine (a checkout cloned anywhere else), with
    a one-line reason; never in CI, which always has it: there the test runs and fails on the missing file."""
    path = SHARED.joinpath(*parts)
    return pytest.mark.skipif(not path.exists() and not IN_CI, reason=f"{path} is not on this machine")


# Property tests draw the same examples on every run (a failure is the code's, never the draw's) and have no
# per-example deadline: on a loaded machine a slow example is not a failure (speed is bench/'s business).
hypothesis_settings.register_profile("warta", derandomize=True, deadline=None, database=None)
hypothesis_settings.load_profile("warta")

FAST_LOCAL = list(CRAWL_FLAGS)  # demoportal/server.py: no delay on loopback, the stats dump on


# ``scrapy`` with Scrapy's deprecation warnings as errors, in the crawl subprocess as in pytest itself
# (PYTHONWARNINGS cannot name a category from a module that is not imported yet).
_SCRAPY_WITH_DEPRECATIONS_AS_ERRORS = """
import sys, warnings
from scrapy.exceptions import ScrapyDeprecationWarning
warnings.simplefilter("error", ScrapyDeprecationWarning)
from scrapy.cmdline import execute
sys.argv[0] = "scrapy"
execute()
"""


def read_jsonl(path: Path) -> list[dict]:
    """Every complete line of a JSON-lines export."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def run_crawl(
    spider: str, *args: str, data_dir: Path, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``scrapy crawl`` command of the project, as a user would."""
    cmd = [sys.executable, "-c", _SCRAPY_WITH_DEPRECATIONS_AS_ERRORS, "crawl", spider, *FAST_LOCAL, *args]
    full_env = {
        **os.environ,
        "WARTA_DATA_DIR": str(data_dir),
        **(env or {}),
    }
    return subprocess.run(cmd, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def demo_portal() -> Iterator[object]:
    """The demo portal (own theme) served on a free loopback port for the whole session."""
    from demoportal.server import DemoServer

    with DemoServer() as server:
        yield server


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _service_or_skip(name: str, host: str, port: int) -> None:
    if _reachable(host, port):
        return
    if IN_CI:
        pytest.fail(f"{name} at {host}:{port} is required in CI but is not reachable")
    pytest.skip(f"{name} not reachable at {host}:{port}")


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("WARTA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    where = urlsplit(url)  # the server the tests are told to use, not always the default one
    _service_or_skip("Redis", where.hostname or "127.0.0.1", where.port or 6379)
    return url


@pytest.fixture
def postgres_dsn() -> str:
    dsn = os.environ.get("WARTA_TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test")
    _service_or_skip("PostgreSQL", "127.0.0.1", 5432)
    return dsn


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium for the page tests, installed when missing and possible (tests/browser.py);
    skipped with the reason where it cannot be, never in CI."""
    from tests.browser import BrowserUnavailable, ensure_chromium

    try:
        return ensure_chromium()
    except BrowserUnavailable as exc:
        if IN_CI:
            pytest.fail(f"chromium is required in CI: {exc}")
        pytest.skip(str(exc))
