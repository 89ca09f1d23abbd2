"""Scale-out benchmark: pages per second of one worker and of two workers sharing one crawl through Redis.

Both configurations crawl the same demo portal in the same run, in alternating rounds (1, 2, 1, 2, ...),
each from fresh state under its own Redis key prefix. The portal runs in this process with its pages
cached after a warm-up crawl, so the figure measures the crawler, not the page generator. Throughput is
pages served during the crawl window (first to last request the portal saw); the wall-clock figure,
with process start-up and shut-down, is printed too, as are the workers' CPU seconds per page and the
machine's load (other processes on the machine take CPU from the workers).

Two workloads:
- ``frontier`` (the headline ratio): an operator pushes every article URL (``--copies`` times, as
  ``?copy=N`` variants the portal serves alike) to the Redis seed list and the workers
  (``WARTA_REDIS_OWN_SEEDS=False``) fetch and extract them: pure worker throughput.

In both, the portal answers nothing until all the run's workers have joined the crawl, so the window is
the workers crawling together (a worker still importing Scrapy would otherwise count against two).
- ``full``: the whole discovery crawl (sitemaps, feed, 33 listing pages). Its length is bounded by the
  listing pages, which link one to the next and so are fetched one after another whatever the number of
  workers; its ratio shows how much of a real crawl that chain leaves to parallelise.

    .venv/bin/python bench/scale.py [--rounds 3] [--redis redis://127.0.0.1:6379/15]

Ends with one JSON line: pages_per_second_one_worker, pages_per_second_two_workers, ratio, ...
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demoportal.routes import Response  # noqa: E402 - after the path setup
from demoportal.server import DemoServer  # noqa: E402

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING"]
ADDON = ["-s", 'ADDONS={"crawler.distributed.addon.RedisAddon": 0}']


class TimedPortal(DemoServer):
    """The demo portal with rendered pages cached and every request's arrival time recorded.

    ``hold_until(redis_url, key, n)`` makes it answer nothing until ``n`` workers have joined the crawl
    (the Redis worker table), so the window measures workers crawling together, not one worker crawling
    while the other is still starting.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.arrivals: list[float] = []
        self._pages: dict[str, Response] = {}
        self._time_lock = threading.Lock()
        self._gate: tuple[Any, str, int] | None = None

    def hold_until(self, redis_url: str, key: str, workers: int) -> None:
        import redis

        self._gate = (redis.Redis.from_url(redis_url), key, workers)

    def _wait_for_workers(self) -> None:
        deadline = time.monotonic() + 120
        while self._gate is not None and time.monotonic() < deadline:
            server, key, workers = self._gate
            if server.hlen(key) >= workers:
                self._gate = None
                return
            time.sleep(0.02)

    def respond(self, target: str) -> Response:
        if self._gate is not None:
            self._wait_for_workers()
        with self._time_lock:
            self.arrivals.append(time.perf_counter())
        path = target.split("?", 1)[0]  # the frontier's copies differ by a query the portal ignores
        cached = self._pages.get(path)
        if cached is not None and path not in (self.site.flaky_path, self.site.slow_path):
            return Response(cached.status, cached.content_type, cached.body, dict(cached.headers))
        response = super().respond(target)
        if response.status == 200:
            self._pages[path] = response
        return response

    def window(self) -> tuple[int, float]:
        """Requests since the last reset, and the seconds from the first to the last of them."""
        with self._time_lock:
            times, self.arrivals = self.arrivals, []
        if len(times) < 2:
            return len(times), 0.0
        return len(times), times[-1] - times[0]


def push_frontier(portal: TimedPortal, redis_url: str, prefix: str, copies: int) -> int:
    """Every article URL of the portal, ``copies`` times (``?copy=N``: distinct requests, the same page,
    fetched and extracted each time), onto the crawl's seed list, as an operator would push them."""
    import redis

    from demoportal.truth import expected_items

    urls = [item["canonicalUrl"] for item in expected_items(portal.site, portal.base_url)]
    seeds = [
        json.dumps({"url": f"{url}?copy={n}" if n else url, "callback": "parse_article"})
        for n in range(copies)
        for url in urls
    ]
    redis.Redis.from_url(redis_url).rpush(f"{prefix}:jagatbisnis:start_urls", *seeds)
    return len(seeds)


def crawl(
    portal: TimedPortal, workers: int, redis_url: str | None, tmp: Path, frontier: int = 0
) -> dict[str, Any]:
    """Run ``workers`` processes on one fresh crawl; pages, window and wall seconds, items exported.

    ``frontier`` > 0: the workers crawl that many copies of the article list pushed to the seed list."""
    prefix = f"warta-bench-{uuid.uuid4().hex[:8]}"
    procs = []
    if frontier and redis_url:
        push_frontier(portal, redis_url, prefix, frontier)
    if redis_url:
        portal.hold_until(redis_url, f"{prefix}:jagatbisnis:workers", workers)
    cpu_before, portal_before = _children_cpu(), time.process_time()
    started = time.perf_counter()
    for i in range(workers):
        export = tmp / f"{prefix}-{i}.jsonl"
        cmd = [sys.executable, "-m", "scrapy", "crawl", "jagatbisnis", "-a", f"base_url={portal.base_url}"]
        cmd += [*FAST, "-O", str(export)]
        if redis_url:
            cmd += [*ADDON, "-s", f"REDIS_URL={redis_url}", "-s", f"WARTA_REDIS_PREFIX={prefix}"]
            if frontier:
                cmd += ["-s", "WARTA_REDIS_OWN_SEEDS=False"]
        env = {**os.environ, "WARTA_DATA_DIR": str(tmp / f"{prefix}-data{i}")}
        procs.append((export, subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)))
    items, failures = 0, []
    for export, proc in procs:
        _, err = proc.communicate(timeout=600)
        if proc.returncode != 0:
            failures.append(err[-2000:])
        if export.exists():
            items += sum(1 for line in export.open(encoding="utf-8") if line.strip())
    wall = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    portal_cpu = time.process_time() - portal_before
    pages, window = portal.window()
    if redis_url:
        _cleanup(redis_url, prefix)
    if failures:
        raise SystemExit(f"a worker failed:\n{failures[0]}")
    return {
        "pages": pages,
        "window": window,
        "wall": wall,
        "items": items,
        "cpu": cpu,
        "portal_cpu": portal_cpu,
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cleanup(redis_url: str, prefix: str) -> None:
    import redis

    server = redis.Redis.from_url(redis_url)
    keys = list(server.scan_iter(f"{prefix}:*"))
    if keys:
        server.delete(*keys)


def run_workload(
    portal: TimedPortal, redis_url: str, tmp: Path, rounds: int, frontier: bool
) -> dict[str, Any]:
    """Alternate one and two workers ``rounds`` times; medians of each configuration."""
    runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    for _ in range(rounds):
        for workers in (1, 2):
            run = crawl(portal, workers, redis_url, tmp, frontier=frontier)
            runs[workers].append(run)
            print(
                f"  {workers} worker(s): {run['pages']} pages in {run['window']:.2f} s "
                f"(wall {run['wall']:.2f} s), {run['items']} items, "
                f"{run['cpu'] / max(run['pages'], 1) * 1000:.1f} ms CPU/page, "
                f"load {os.getloadavg()[0]:.1f}"
            )

    def median(workers: int, key: str) -> float:
        return statistics.median(r["pages"] / r[key] for r in runs[workers] if r[key] > 0)

    summary = {
        workers: {"crawl": median(workers, "window"), "wall": median(workers, "wall")} for workers in runs
    }
    for workers in runs:
        summary[workers]["cpu_ms_per_page"] = statistics.median(
            r["cpu"] / max(r["pages"], 1) * 1000 for r in runs[workers]
        )
        summary[workers]["items"] = runs[workers][0]["items"]
        # CPU seconds the workers got per wall second: two workers on two idle cores approach 2.
        summary[workers]["cores_used"] = statistics.median(r["cpu"] / r["wall"] for r in runs[workers])
        # The portal (this process) must stay far from a whole core, or it is what limits the crawl.
        summary[workers]["portal_cores"] = statistics.median(
            r["portal_cpu"] / r["wall"] for r in runs[workers]
        )
    return summary


def _table(name: str, summary: dict[str, Any]) -> None:
    print(f"\n{name}")
    header = f"{'workers':>8} {'pages/s (crawl)':>16} {'pages/s (wall)':>15} {'CPU ms/page':>12}"
    print(f"{header} {'cores used':>11} {'portal cores':>13} {'items':>6}")
    for workers in (1, 2):
        row = summary[workers]
        print(
            f"{workers:>8} {row['crawl']:>16.1f} {row['wall']:>15.1f} {row['cpu_ms_per_page']:>12.1f} "
            f"{row['cores_used']:>11.2f} {row['portal_cores']:>13.2f} {row['items']:>6}"
        )
    print(
        f"ratio two/one: {summary[2]['crawl'] / summary[1]['crawl']:.2f} (crawl window), "
        f"{summary[2]['wall'] / summary[1]['wall']:.2f} (wall clock)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copies", type=int, default=4, help="copies of the article list in the frontier")
    parser.add_argument("--redis", default=os.environ.get("WARTA_REDIS_URL", "redis://127.0.0.1:6379/15"))
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="warta-scale-") as tmpdir, TimedPortal(slow_delay=0) as portal:
        tmp = Path(tmpdir)
        warm = crawl(portal, 1, None, tmp)  # fills the page cache; not counted
        print(f"warm-up: {warm['pages']} pages, {warm['items']} items (plain single worker, not counted)")
        print(f"frontier: every article URL pushed to the Redis seed list, {args.copies} times")
        frontier = run_workload(portal, args.redis, tmp, args.rounds, frontier=args.copies)
        print("full: the whole discovery crawl")
        full = run_workload(portal, args.redis, tmp, args.rounds, frontier=0)
    load_after = os.getloadavg()[0]

    _table("frontier (headline figure)", frontier)
    _table("full crawl (bounded by the chain of listing pages)", full)
    print(f"\ncpus: {os.cpu_count()}, rounds: {args.rounds} (medians)")
    print(f"load average {load_before:.1f} -> {load_after:.1f}: above the CPU count, workers share the CPUs")
    figures = {
        "pages_per_second_one_worker": round(frontier[1]["crawl"], 1),
        "pages_per_second_two_workers": round(frontier[2]["crawl"], 1),
        "ratio": round(frontier[2]["crawl"] / frontier[1]["crawl"], 2),
        "wall_ratio": round(frontier[2]["wall"] / frontier[1]["wall"], 2),
        "full_crawl_pages_per_second_one_worker": round(full[1]["crawl"], 1),
        "full_crawl_pages_per_second_two_workers": round(full[2]["crawl"], 1),
        "full_crawl_ratio": round(full[2]["crawl"] / full[1]["crawl"], 2),
        "cpu_ms_per_page_one_worker": round(frontier[1]["cpu_ms_per_page"], 1),
        "cpu_ms_per_page_two_workers": round(frontier[2]["cpu_ms_per_page"], 1),
        "cores_used_one_worker": round(frontier[1]["cores_used"], 2),
        "cores_used_two_workers": round(frontier[2]["cores_used"], 2),
        "portal_cores_two_workers": round(frontier[2]["portal_cores"], 2),
        "cpus": os.cpu_count(),
        "load_average_before": round(load_before, 1),
        "load_average_after": round(load_after, 1),
        "rounds": args.rounds,
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
