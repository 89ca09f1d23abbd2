"""A process's own peak memory, without Scrapy, for the crawl's memory extension and the benches.

Linux's ``ru_maxrss`` (``getrusage``, ``wait4``) is kept across ``exec``: a process starts at the peak of
the one that launched it. ``VmHWM`` in ``/proc/self/status`` counts the same peak for the running program
only, from its start.
"""

from __future__ import annotations

from pathlib import Path


def own_peak_rss(status: Path = Path("/proc/self/status")) -> int | None:
    """This process's peak resident memory in bytes since it started (Linux's ``VmHWM``), or None where
    the system has no such figure. Not ``ru_maxrss``: that one starts at the launching process's peak."""
    try:
        with status.open(encoding="ascii", errors="replace") as lines:
            for line in lines:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None
