"""Warta's components leave other spiders alone: ``scrapy fetch``, ``scrapy shell`` and ``scrapy bench`` run
with the project's settings, exit 0 with no traceback, and keep no article state."""

from __future__ import annotations

import errno
import fcntl
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT

# scrapy bench's server (scrapy.utils.benchserver) listens on this port, which no setting changes.
BENCH_PORT = 8998

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


def _port_free(port: int) -> bool:
    """Whether a server could listen on ``port`` now (as Twisted does: SO_REUSEADDR, every interface)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("", port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return False
            raise
    return True


@contextmanager
def bench_port(timeout: float = 300) -> Iterator[None]:
    """The bench server's fixed port to ourselves: the suites of other checkouts on this machine take turns
    (a file lock), and any other process holding the port is waited for, up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    lock_path = Path(tempfile.gettempdir()) / f"warta-scrapy-bench-{BENCH_PORT}.lock"
    with lock_path.open("w") as lock:
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    pytest.fail(f"another test suite's scrapy bench held port {BENCH_PORT} for {timeout} s")
                time.sleep(0.2)
        while not _port_free(BENCH_PORT):
            if time.monotonic() > deadline:
                pytest.fail(f"port {BENCH_PORT}, which scrapy bench's server needs, busy for {timeout} s")
            time.sleep(0.2)
        yield


def test_scrapy_bench(tmp_path):
    with bench_port():
        result = scrapy("bench", "-s", "CLOSESPIDER_TIMEOUT=2", "-s", "LOG_LEVEL=INFO", data_dir=tmp_path)
    assert_clean(result, tmp_path)
    assert "closespider_timeout" in result.stderr
