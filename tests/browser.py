"""A real browser for the page tests: Debian's ``chromium``, headless, taking screenshots of local files.

The test setup installs it when it is missing and can be (``apt-get install chromium`` as root, the way
CI runs); a machine where that cannot happen skips the browser tests with a one-line reason, except in
CI, where a missing browser fails them. The browser is started with its background networking off and a
proxy that leads nowhere, so a page that tried to fetch anything would render without it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

NAMES = ("chromium", "chromium-browser")
APT_TIMEOUT = 1200
# apt's own lock is waited for (two test workers, or the machine's own updates, may hold it).
APT = ["apt-get", "-y", "-q", "-o", "DPkg::Lock::Timeout=600"]
INSTALL_LOCK = Path(tempfile.gettempdir()) / "warta-chromium-install.lock"


class BrowserUnavailable(RuntimeError):
    """No chromium here, and it could not be installed: the message is the one-line reason."""


def find_chromium() -> str | None:
    return next((path for name in NAMES if (path := shutil.which(name))), None)


@contextlib.contextmanager
def _install_lock() -> Iterator[None]:
    import fcntl

    with open(INSTALL_LOCK, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _apt(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(
        [*APT, *args], capture_output=True, text=True, timeout=APT_TIMEOUT, env=env, stdin=subprocess.DEVNULL
    )


def ensure_chromium() -> str:
    """The chromium binary, installed with apt when missing; ``BrowserUnavailable`` says why not."""
    if found := find_chromium():
        return found
    if shutil.which("apt-get") is None:
        raise BrowserUnavailable("chromium is not installed and this system has no apt-get to install it")
    if os.geteuid() != 0:
        raise BrowserUnavailable(
            "chromium is not installed; installing it needs root (apt-get install chromium)"
        )
    with _install_lock():
        if found := find_chromium():  # another test worker installed it meanwhile
            return found
        install = _apt("install", "--no-install-recommends", "chromium")
        if install.returncode != 0:  # a package list that is missing or too old: read it again once
            update = _apt("update")
            install = _apt("install", "--no-install-recommends", "chromium")
            if install.returncode != 0:
                last = (install.stderr or update.stderr or install.stdout).strip().splitlines()
                raise BrowserUnavailable(
                    f"apt-get install chromium failed: {last[-1] if last else install.returncode}"
                )
    found = find_chromium()
    if found is None:
        raise BrowserUnavailable("apt-get installed chromium but no chromium command is on PATH")
    return found


def screenshot(chromium: str, page: Path, out: Path, width: int, height: int, timeout: float = 180) -> None:
    """A PNG of ``page`` (a local file) as headless chromium renders it in a ``width`` x ``height`` window."""
    with tempfile.TemporaryDirectory(prefix="warta-chromium-") as profile:
        command = [
            chromium,
            "--headless",
            "--no-sandbox",  # root in CI and containers; the page is our own local file
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--proxy-server=127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            f"--screenshot={out}",
            page.resolve().as_uri(),
        ]
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
        )
    if result.returncode != 0 or not out.exists():
        raise AssertionError(
            f"chromium could not take the screenshot ({result.returncode}): {result.stderr[-2000:]}"
        )


def color_share(png: Path, color: str, tolerance: int = 12) -> float:
    """The share of the screenshot's pixels within ``tolerance`` of ``color`` (``#rrggbb``) per channel."""
    import numpy
    from PIL import Image

    target = numpy.array([int(color[i : i + 2], 16) for i in (1, 3, 5)], dtype=numpy.int16)
    with Image.open(png) as image:
        pixels = numpy.asarray(image.convert("RGB"), dtype=numpy.int16)
    near = (numpy.abs(pixels - target) <= tolerance).all(axis=-1)
    return float(near.mean())


def assert_screenshot(png: Path, width: int, height: int) -> None:
    """A PNG of the window's size that is not blank: many colours, no single one covering it."""
    from PIL import Image

    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(png) as image:
        assert image.size == (width, height)
        colors = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colors is not None and len(colors) > 200, "the screenshot is nearly blank"
    assert max(count for count, _ in colors) < 0.9 * width * height, "one colour fills the screenshot"


def keep_screenshot(png: Path) -> None:
    """With ``WARTA_TEST_SCREENSHOTS=DIR``, a copy of the screenshot is kept there to look at."""
    folder = os.environ.get("WARTA_TEST_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(folder) / png.name)
