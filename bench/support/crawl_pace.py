"""What set a benchmarked crawl's pace: the crawler's own work, the portal, or the rest of the machine.

A crawl's pages/s measure the crawler only when the crawler is what limits them. ``bench/crawl_speed.py``
runs each crawl under :func:`measure`, which samples every ``SAMPLE_EVERY`` seconds, until the crawl exits:

- CPU seconds of the crawl process (with the worker processes it starts) and of the portal process
  (``/proc/<pid>/stat``), of the driver itself, and of the whole machine (``/proc/stat``): what other
  processes took is the machine's busy time minus those three;
- the portal's latency, from requests of its own on a kept-alive connection as busy as the crawler's
  (:class:`Probe`), so a stall like the ~44 ms one Nagle's algorithm and delayed ACKs once put on every
  answer shows.

:func:`pace` reads those over the crawl's window (its stats' ``start_time`` to ``finish_time``) and names
the bottleneck with :func:`bottleneck`; a ratio of two crawls is a figure only when both were the crawler's.
Pure standard library; the portal runs in its own process.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import resource
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

CLK_TCK = os.sysconf("SC_CLK_TCK")
SAMPLE_EVERY = 0.2  # seconds between two samples and two portal probes
# Both spiders open this many connections to the portal (CONCURRENT_REQUESTS_PER_DOMAIN, crawler/settings.py).
CONCURRENCY = 8
# Bounds past which the crawler did not set the pace (see bottleneck()):
OTHER_CORES_MAX = 0.15  # CPU other processes took during the crawl, in cores (a quiet machine: <= 0.05)
MACHINE_BUSY_MAX = 0.95  # share of all CPUs busy
PORTAL_BUSY_MAX = 0.85  # the portal's share of one core: one Python process, held to one core by the GIL
PORTAL_CAP_SHARE = 0.5  # pages/s against what the portal's latency allows (CONCURRENCY / latency)
_STAT_TIME = re.compile(r"'(start_time|finish_time)': datetime\.datetime\(([\d, ]+)")


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a running process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def tree_cpu(pid: int) -> float:
    """CPU seconds a running process and every process it started have used: its own, its children's
    that it has waited for, and those of the children still running (the crawl's extraction workers,
    ``WARTA_EXTRACT_WORKERS``), so a crawl's work counts as the crawler's wherever it runs."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    spent = sum(int(value) for value in fields[11:15]) / CLK_TCK
    for child in children(pid):
        # a child that ended between two reads: its time moves to its parent's counters
        with contextlib.suppress(FileNotFoundError, ProcessLookupError, IndexError):
            spent += tree_cpu(child)
    return spent


def children(pid: int) -> list[int]:
    """The process ids a running process has started and not yet waited for."""
    found: list[int] = []
    for listing in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found.extend(int(child) for child in listing.read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the machine since boot, all CPUs; steal counts as busy (not ours)."""
    with open("/proc/stat") as fh:
        user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in fh.readline().split()[1:9])
    busy = user + nice + system + irq + softirq + steal
    return busy / CLK_TCK, (busy + idle + iowait) / CLK_TCK


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Probe:
    """Times the portal's answers on one kept-alive connection, as busy as a crawler's.

    Each reading is the second of two requests sent back to back: after an idle gap the client ACKs at
    once, and the delayed-ACK stall a busy connection meets (44 ms with Nagle's algorithm on) would not
    show. ``/robots.txt`` is cheap for the portal, and is written as headers, then body, as every page.
    """

    def __init__(self, base_url: str, path: str = "/robots.txt") -> None:
        parts = urlsplit(base_url)
        self.host, self.port, self.path = parts.hostname or "127.0.0.1", parts.port or 80, path
        self.conn: http.client.HTTPConnection | None = None

    def latency(self) -> float | None:
        """Seconds from the second request to the last byte of its answer; None when a request failed."""
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
            for _ in range(2):
                started = time.perf_counter()
                self.conn.request("GET", self.path, headers={"Accept-Encoding": "gzip"})
                self.conn.getresponse().read()
            return time.perf_counter() - started
        except (OSError, http.client.HTTPException):
            self.close()
            return None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


@dataclass
class Trace:
    """Counters sampled while a crawl ran (columns: epoch time, then CPU seconds) and probe latencies."""

    columns: list[tuple[float, float, float, float, float, float]] = field(default_factory=list)
    probes: list[tuple[float, float]] = field(default_factory=list)  # (epoch time, latency seconds)
    process_cpu: float = 0.0  # the whole crawl process, start-up included
    wall: float = 0.0  # the whole crawl process
    returncode: int = 0

    def sample(self, crawl_pid: int, portal_pid: int) -> None:
        try:
            crawl = tree_cpu(crawl_pid)
        except (FileNotFoundError, ProcessLookupError, IndexError):
            return  # the crawl exited between two samples
        busy, total = machine_cpu()
        self.columns.append((time.time(), crawl, process_cpu(portal_pid), own_cpu(), busy, total))

    def over(self, start: float, finish: float) -> dict[str, float]:
        """Each counter's increase between two epoch times (linear between samples)."""
        table = np.asarray(self.columns)
        names = ("crawler", "portal", "driver", "busy", "total")
        at = table[:, 0]
        return {
            name: float(np.interp(finish, at, table[:, i + 1]) - np.interp(start, at, table[:, i + 1]))
            for i, name in enumerate(names)
        }


def measure(cmd: list[str], portal_pid: int, base_url: str, *, cwd: Path, env: dict, log: Path) -> Trace:
    """Run ``cmd`` (stdout and stderr to ``log``), sampling CPU counters and the portal's latency."""
    trace, probe = Trace(), Probe(base_url)
    started_cpu, started = _children_cpu(), time.monotonic()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            while proc.poll() is None:
                trace.sample(proc.pid, portal_pid)
                latency = probe.latency()
                if latency is not None:
                    trace.probes.append((time.time(), latency))
                time.sleep(SAMPLE_EVERY)
        finally:
            probe.close()
            if proc.poll() is None:  # the driver was interrupted: the crawl goes with it
                proc.kill()
            proc.wait()
    trace.wall = time.monotonic() - started
    trace.process_cpu = _children_cpu() - started_cpu
    trace.returncode = proc.returncode
    return trace


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def crawl_window(stats_text: str) -> tuple[float, float] | None:
    """Epoch seconds of ``start_time`` and ``finish_time`` in a Scrapy stats dump (``datetime(...)`` reprs,
    always UTC in Scrapy's stats) or a JSON dump of them as ISO strings."""
    reprs = _STAT_TIME.findall(stats_text)
    found = {name: datetime(*map(int, re.findall(r"\d+", args)), tzinfo=UTC) for name, args in reprs}
    if len(found) < 2:
        iso = re.findall(r'"(start_time|finish_time)": "([^"]+)"', stats_text)
        found = {name: datetime.fromisoformat(value) for name, value in iso}
    if len(found) < 2:
        return None
    return found["start_time"].timestamp(), found["finish_time"].timestamp()


def pace(trace: Trace, window: tuple[float, float], pages: float) -> dict[str, float]:
    """CPU per page and shares of a core over the crawl window, the portal's latency and what it allows."""
    start, finish = window
    seconds = max(finish - start, 1e-9)
    spent = trace.over(start, finish)
    other = spent["busy"] - spent["crawler"] - spent["portal"] - spent["driver"]
    latencies = [lat for at, lat in trace.probes if start <= at <= finish]
    latency = float(np.median(latencies)) if latencies else None
    return {
        "cpu_ms_per_page": 1000 * spent["crawler"] / pages,
        "process_cpu_ms_per_page": 1000 * trace.process_cpu / pages,
        "crawler_share": spent["crawler"] / seconds,
        "portal_share": spent["portal"] / seconds,
        "portal_cpu_ms_per_page": 1000 * spent["portal"] / pages,
        "other_cores": max(other, 0.0) / seconds,
        "machine_busy": spent["busy"] / spent["total"] if spent["total"] else 0.0,
        "portal_latency_ms": None if latency is None else 1000 * latency,
        "portal_cap_pages_per_s": None if not latency else CONCURRENCY / latency,
    }


def bottleneck(figures: dict[str, float]) -> tuple[str, str]:
    """``("crawler", why)`` when the crawler set a crawl's pace, else the limits that held it, joined:
    ``("portal, machine", "why; why")``.

    The portal, when its one process neared a full core, or when the crawl reached ``PORTAL_CAP_SHARE`` of
    the pages/s its latency allows ``CONCURRENCY`` connections; the machine, when other processes took
    more than ``OTHER_CORES_MAX`` cores or every CPU was busy. Otherwise the crawler: its share of a core
    says whether its CPU or its own waits set the pace.
    """
    limits = []
    if figures["portal_share"] >= PORTAL_BUSY_MAX:
        limits.append(("portal", f"the portal used {figures['portal_share']:.0%} of a core"))
    cap = figures["portal_cap_pages_per_s"]
    if cap and figures["pages_per_s"] >= PORTAL_CAP_SHARE * cap:
        limits.append(
            (
                "portal",
                f"the portal's {figures['portal_latency_ms']:.1f} ms an answer allow {cap:.0f} pages/s"
                f" on {CONCURRENCY} connections",
            )
        )
    if figures["other_cores"] > OTHER_CORES_MAX:
        limits.append(("machine", f"other processes took {figures['other_cores']:.2f} cores"))
    if figures["machine_busy"] > MACHINE_BUSY_MAX:
        limits.append(("machine", f"{figures['machine_busy']:.0%} of all CPUs busy"))
    if not limits:
        return "crawler", f"the crawler used {figures['crawler_share']:.0%} of a core"
    return ", ".join(dict.fromkeys(kind for kind, _ in limits)), "; ".join(why for _, why in limits)
