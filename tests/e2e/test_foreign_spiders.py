"""Warta's components leave other spiders alone: ``scrapy fetch``, ``scrapy shell`` and ``scrapy bench`` run
with the project's settings, exit 0 with no traceback, and keep no article state."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

# Scrapy's command line, as in tests/conftest.py, with Scrapy's deprecation warnings as errors.
_SCRAPY = """
import sys, warnings
from scrapy.exceptions import ScrapyDeprecationWarning
warnings.simplefilter("error", ScrapyDeprecationWarning)
from scrapy.cmdline import execute
sys.argv[0] = "scrapy"
execute()
"""


def scrapy(*args: str, data_dir: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WARTA_DATA_DIR": str(data_dir)}
    cmd = [sys.executable, "-c", _SCRAPY, *args]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def assert_clean(result: subprocess.CompletedProcess[str], data_dir: Path) -> None:
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert not (data_dir / "state").exists()  # no article state for a spider that is not a portal's


def test_scrapy_fetch(demo_portal, tmp_path):
    result = scrapy("fetch", "--nolog", f"{demo_portal.base_url}/", data_dir=tmp_path)
    assert_clean(result, tmp_path)
    assert "<html" in result.stdout.lower()


def test_scrapy_shell_command(demo_portal, tmp_path):
    result = scrapy("shell", "-c", "response.status", f"{demo_portal.base_url}/", data_dir=tmp_path)
    assert_clean(result, tmp_path)
    assert result.stdout.strip().splitlines()[-1] == "200"


def test_scrapy_bench(tmp_path):
    result = scrapy("bench", "-s", "CLOSESPIDER_TIMEOUT=2", "-s", "LOG_LEVEL=INFO", data_dir=tmp_path)
    assert_clean(result, tmp_path)
    assert "closespider_timeout" in result.stderr
