"""The processes a test's crawl started, read from ``/proc`` (Linux): ``children_of`` is the crawl
benchmarks' (``bench/support/crawl_pace.py``)."""

from __future__ import annotations

from pathlib import Path

from bench.support.crawl_pace import children as children_of

__all__ = ["children_of", "has_ended"]


def has_ended(pid: int) -> bool:
    """Whether ``pid`` is gone or a zombie (which holds no files: nobody is left to reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")
