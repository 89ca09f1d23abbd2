"""One run at a time per spider and data folder.

Two runs of one spider on one data folder share its state: both see an article as new and both export
it, and the second run's export recovery would move the first run's live ``-O`` file aside. The lock is
taken when the spider's state is opened, which is the first thing a crawl does with the data folder, so
every entry point (``scrapy crawl``, scrapyd, ``make.py``, a script with ``CrawlerProcess``) holds it.

``flock`` is released by the kernel when the process dies, however it dies: a SIGKILLed run never
leaves a stale lock behind. The file keeps the holder's pid and start time for the refusal message.
"""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime
from pathlib import Path

from crawler.errors import CannotStart


class RunLocked(CannotStart):
    """Another run of the same spider holds the data folder."""


class RunLock:
    """An exclusive, non-blocking lock on ``path``, held until :meth:`release` or the process ends."""

    def __init__(self, path: Path, spider: str) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise RunLocked(
                f"{spider} is already running on the data folder {path.parent.parent} ({holder}); "
                "this run did not start"
            ) from None
        os.ftruncate(fd, 0)
        started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        os.pwrite(fd, f"pid {os.getpid()}, started {started}\n".encode(), 0)
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
