"""Scale-out benchmark: one worker against two sharing a discovery crawl through Redis, wall clock.

The figure (issue 15, item 3): the whole discovery crawl (robots.txt, sitemap index and post sitemaps,
news sitemap, feed, the home listing and its pages, then every article) of a demo portal of
``--articles`` posts, by one worker and by two, **wall clock from launching the processes to the last
one exiting**, start-up included. One and two workers alternate (1, 2, 1, 2, ...), each run a fresh crawl
under its own Redis key prefix, on a throwaway ``redis-server`` this bench starts (``--redis URL`` uses
another server, still under a fresh prefix; nothing is ever flushed).

The portal runs in this process with its pages cached after a warm-up crawl, so the run measures the
crawler, not the page generator. Each worker sends its own User-Agent, so the portal sees who fetched
what and when. From that the run is cut in three:

- start-up: launch to the worker's first request (imports, settings, spider, Redis join);
- crawl window: the first request of any worker to the last;
- close: the last request to the last worker's exit (idle detection, exports, report).

Also printed: the ceiling, the most two workers could reach on this machine at the CPU they used (their
start-up, then all the CPU the run spent after it, theirs, the portal's and Redis', spread over every core,
other processes' included: on two cores the portal and Redis take a share of the second worker's core); the
workers' CPU per page (whole processes, and from their first request on), the cores they used, the portal's
(this process's) share of a core, Redis' (its commands per page with ``--trace``), what the rest of the
machine took (``/proc/stat``), the load average, and a check that the workers' exports together hold every
article once. Two workers need both cores of a 2-core machine, so a round counts only when the other
processes took at most ``QUIET_OTHERS`` cores in both its runs: rounds go on until ``--rounds`` such rounds
ran or ``--max-rounds`` did (then every round counts, and the output says the machine was busy). The ratio
is the median of the rounds' ratios. ``--trace`` prints, per run and worker, what it fetched (sitemaps,
feeds, listing pages, articles), its longest wait between two requests (and the CPU it used meanwhile) and
how long it stayed open after its last request, and the connections the kernel dropped on a full listen
backlog meanwhile (machine wide: each waited ~1 s).

The workers load the byte-code the warm-up run compiled (``PYTHONPYCACHEPREFIX`` in the bench's temporary
folder), as an installed crawler does; ``--compile-at-start`` keeps an environment's
``PYTHONDONTWRITEBYTECODE``, and each worker compiles the project's modules again at its start.

Each round of the discovery crawl also runs it once without Redis, first: the embedded crawl (SQLite state,
the default a user starts from). Two Redis workers against it (``discovery_two_vs_embedded_wall``) is what
going distributed gains over not doing so on the same machine; one Redis worker against it
(``discovery_one_vs_embedded_wall``) is what the shared state costs a worker.

``--frontier N`` adds the earlier workload: every article URL pushed N times to the Redis seed list
(``WARTA_REDIS_OWN_SEEDS=False``), pure worker throughput without discovery.

    .venv/bin/python bench/scale.py [--articles 2000] [--rounds 3] [--max-rounds 9] [--trace] [--frontier 0]

Ends with one JSON line: discovery_ratio_wall, discovery_ratio_window, discovery_ratio_wall_ceiling,
startup_s_one/two, crawl_s_one/two, close_s_one/two, pages_per_second_one/two (wall),
cpu_ms_per_page_one/two, discovery_two_vs_embedded_wall, discovery_one_vs_embedded_wall, wall_s_embedded,
cpu_ms_per_page_embedded, quiet_rounds, load, ...
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# bench/incremental.py would shadow the ``incremental`` package Twisted imports: drop the script folder.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

import demoportal.site as site_module  # noqa: E402 - after the path setup
from bench.support.crawl_pace import tree_cpu  # noqa: E402
from demoportal.routes import Response  # noqa: E402
from demoportal.server import CRAWL_FLAGS, DemoServer, _Handler  # noqa: E402

FAST = [*CRAWL_FLAGS, "-s", "LOG_LEVEL=WARNING"]  # no delay on loopback; quiet
ADDON = ["-s", 'ADDONS={"crawler.distributed.addon.RedisAddon": 0}']
UA = "warta-bench-worker-"
# A round of runs counts as measured on a quiet machine when the other processes took at most this many
# cores in each: two workers on a 2-core machine need both cores.
QUIET_OTHERS = 0.25
TICK = os.sysconf("SC_CLK_TCK")
# Where the workers keep the byte-code of the modules they import (set by ``main``): the warm-up run
# compiles them, the measured runs load them, as an installed crawler or a checkout run once before does.
# An environment with PYTHONDONTWRITEBYTECODE (this sandbox's) would otherwise have every worker compile
# the project's ~150 modules at each start (~0.3 s of CPU); ``--compile-at-start`` measures that.
BYTECODE: Path | None = None
# One round: one Redis worker's run, two workers' run, and the embedded crawl's (no Redis; discovery only).
Round = tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]


class _TimingHandler(_Handler):
    """The portal's handler, noting each request's arrival, path and worker (its User-Agent)."""

    def _answer(self, send_body: bool) -> None:
        demo: TimedPortal = self.server.demo  # type: ignore[attr-defined]
        agent = self.headers.get("User-Agent", "")
        worker = int(agent[len(UA) :]) if agent.startswith(UA) and agent[len(UA) :].isdigit() else -1
        demo.note(self.path, worker)
        super()._answer(send_body)


class TimedPortal(DemoServer):
    """The demo portal with rendered pages cached and every request's arrival recorded.

    A page is rendered and gzipped once (the warm-up crawl does it): a web server in front of a news
    site answers from such a cache, and the portal's CPU, taken from the cores the workers share, would
    otherwise count against two workers more than against one (gzip alone took 0.15 ms a page of the
    0.25 ms the portal spent on a cached page, 0.10 ms with it kept)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.arrivals: list[tuple[float, str, int]] = []
        self._pages: dict[str, Response] = {}
        self._gzipped: dict[int, tuple[bytes, bytes]] = {}  # id of a cached page's body: (body, gzipped)
        self._time_lock = threading.Lock()
        self.truth: set[str] = set()  # the canonical URLs a crawl must export, once each

    def start(self) -> TimedPortal:
        from demoportal.truth import expected_items

        super().start()
        assert self._httpd is not None
        self._httpd.RequestHandlerClass = _TimingHandler
        self.truth = {item["canonicalUrl"] for item in expected_items(self.site, self.base_url)}
        return self

    def note(self, path: str, worker: int) -> None:
        with self._time_lock:
            self.arrivals.append((time.perf_counter(), path, worker))

    def respond(self, target: str) -> Response:
        path = target.split("?", 1)[0]  # the frontier's copies differ by a query the portal ignores
        cached = self._pages.get(path)
        if cached is not None and path not in (self.site.flaky_path, self.site.slow_path):
            return Response(cached.status, cached.content_type, cached.body, dict(cached.headers))
        response = super().respond(target)
        if response.status == 200:
            self._pages[path] = response
            self._gzipped[id(response.body)] = (response.body, super().compressed(response.body))
        return response

    def compressed(self, body: bytes) -> bytes:
        kept = self._gzipped.get(id(body))
        if kept is not None and kept[0] is body:  # a cached page's own body (alive, so its id is its own)
            return kept[1]
        return super().compressed(body)

    def take(self) -> list[tuple[float, str, int]]:
        """The requests since the last call."""
        with self._time_lock:
            taken, self.arrivals = self.arrivals, []
        return taken


def kind(path: str) -> str:
    """What a request was for, by the portal's URL shapes."""
    path = path.split("?", 1)[0]
    if path == "/robots.txt":
        return "robots"
    if path.endswith(".xml"):
        return "sitemap"
    if path.endswith("/feed/"):
        return "feed"
    if path == "/" or "/page/" in path:
        return "listing"
    return "article"


# Machine and process CPU ---------------------------------------------------------------------------------


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of a running crawl and the processes it started (the embedded crawl's
    extraction worker, ``WARTA_EXTRACT_WORKERS``), so they count as its own; None once it is gone."""
    try:
        return tree_cpu(pid)
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def machine_busy() -> float:
    """CPU seconds all CPUs spent not idle since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / TICK


def listen_overflows() -> int:
    """Connections the kernel dropped since boot because a listening socket's backlog was full (machine
    wide): each such client waits its SYN timeout, ~1 s, which a crawl of the portal then measures."""
    lines = Path("/proc/net/netstat").read_text().splitlines()
    for names, values in itertools.pairwise(lines):
        if names.startswith("TcpExt:") and values.startswith("TcpExt:"):
            return dict(zip(names.split()[1:], map(int, values.split()[1:]), strict=True)).get(
                "ListenOverflows", 0
            )
    return 0


@dataclass
class Worker:
    """One worker process of a run: its launch, CPU samples and exit."""

    index: int
    proc: subprocess.Popen[bytes]
    export: Path
    log: Path
    launched: float
    exited: float = 0.0
    cpu: float = 0.0
    samples: list[tuple[float, float]] = field(default_factory=list)  # (perf_counter, cpu seconds)

    def cpu_at(self, moment: float) -> float:
        """CPU seconds the worker had used by ``moment`` (from its samples)."""
        before = [cpu for t, cpu in self.samples if t <= moment]
        return before[-1] if before else 0.0


def _watch(workers: list[Worker], stop: threading.Event) -> None:
    """Sample each worker's CPU every 50 ms and note when it exits (with its final CPU)."""
    while not stop.is_set():
        for worker in workers:
            if worker.exited:
                continue
            cpu = process_cpu(worker.proc.pid)
            now = time.perf_counter()
            if cpu is not None:
                worker.samples.append((now, cpu))
                worker.cpu = max(worker.cpu, cpu)
            if worker.proc.poll() is not None:
                worker.exited = now
        if all(w.exited for w in workers):
            return
        stop.wait(0.05)


# One run -------------------------------------------------------------------------------------------------


def push_frontier(portal: TimedPortal, redis_url: str, prefix: str, copies: int) -> int:
    """Every article URL of the portal, ``copies`` times (``?copy=N``: distinct requests, the same page),
    onto the crawl's seed list, as an operator would push them."""
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


class RedisProbe:
    """The Redis server's CPU (a throwaway server of this bench's: its pid is known) and the commands it
    ran, so a run shows what Redis costs per page."""

    def __init__(self, url: str | None, pid: int | None) -> None:
        self.url, self.pid = url, pid

    def sample(self) -> tuple[float, Counter[str]]:
        if not self.url:
            return 0.0, Counter()
        import redis

        stats = redis.Redis.from_url(self.url).info("commandstats")
        calls = Counter({name.removeprefix("cmdstat_"): int(v["calls"]) for name, v in stats.items()})
        return (process_cpu(self.pid) or 0.0) if self.pid else 0.0, calls


NO_REDIS = RedisProbe(None, None)


def crawl(
    portal: TimedPortal,
    workers: int,
    redis_url: str | None,
    tmp: Path,
    frontier: int = 0,
    probe: RedisProbe = NO_REDIS,
) -> dict[str, Any]:
    """Launch ``workers`` processes on one fresh crawl and time it (see the module docstring)."""
    prefix = f"warta-bench-{uuid.uuid4().hex[:8]}"
    if frontier and redis_url:
        push_frontier(portal, redis_url, prefix, frontier)
    portal.take()
    procs: list[Worker] = []
    redis_before = probe.sample()
    portal_before, busy_before = time.process_time(), machine_busy()
    overflows_before = listen_overflows()
    started = time.perf_counter()
    for i in range(workers):
        export, log = tmp / f"{prefix}-{i}.jsonl", tmp / f"{prefix}-{i}.log"
        cmd = [sys.executable, "-m", "scrapy", "crawl", "jagatbisnis", "-a", f"base_url={portal.base_url}"]
        cmd += [*FAST, "-O", str(export)]
        if redis_url:
            cmd += [*ADDON, "-s", f"REDIS_URL={redis_url}", "-s", f"WARTA_REDIS_PREFIX={prefix}"]
            if frontier:
                cmd += ["-s", "WARTA_REDIS_OWN_SEEDS=False"]
        env = {**os.environ, "WARTA_DATA_DIR": str(tmp / f"{prefix}-data{i}"), "WARTA_USER_AGENT": f"{UA}{i}"}
        if BYTECODE is not None:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(BYTECODE)
        with log.open("wb") as err:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        procs.append(Worker(i, proc, export, log, time.perf_counter()))
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(procs, stop), daemon=True)
    watcher.start()
    for worker in procs:
        worker.proc.wait(timeout=900)
    watcher.join(timeout=10)
    stop.set()
    ended = max(w.exited or time.perf_counter() for w in procs)
    portal_cpu = time.process_time() - portal_before
    redis_after = probe.sample()
    redis_cpu = redis_after[0] - redis_before[0]
    others_cpu = machine_busy() - busy_before - portal_cpu - redis_cpu - sum(w.cpu for w in procs)
    arrivals = portal.take()
    if redis_url:
        _cleanup(redis_url, prefix)
    failures = [w for w in procs if w.proc.returncode != 0]
    if failures:
        raise SystemExit(
            f"worker {failures[0].index} exited {failures[0].proc.returncode}:\n"
            f"{failures[0].log.read_text(errors='replace')[-3000:]}"
        )
    urls: Counter[str] = Counter()
    for worker in procs:
        if worker.export.exists():
            for line in worker.export.open(encoding="utf-8"):
                if line.strip():
                    item = json.loads(line)
                    urls[item.get("canonicalUrl") or item.get("url")] += 1
    run = summarise(procs, arrivals, started, ended, portal_cpu, others_cpu, urls)
    run["missing"] = len(portal.truth - set(urls)) if not frontier else 0
    run["redis_cpu"] = redis_cpu
    run["redis_calls"] = redis_after[1] - redis_before[1]
    run["listen_overflows"] = listen_overflows() - overflows_before
    return run


def summarise(
    procs: list[Worker],
    arrivals: list[tuple[float, str, int]],
    started: float,
    ended: float,
    portal_cpu: float,
    others_cpu: float,
    urls: Counter[str],
) -> dict[str, Any]:
    """The run's figures: wall, start-up, window, close, CPU, and each worker's trace."""
    wall = ended - started
    first = arrivals[0][0] if arrivals else ended
    last = arrivals[-1][0] if arrivals else ended
    per_worker = []
    for worker in procs:
        mine = [(t, path) for t, path, w in arrivals if w == worker.index]
        times = [t for t, _ in mine]
        gaps = [b - a for a, b in itertools.pairwise(times)]
        start_at = times[0] if times else worker.exited
        per_worker.append(
            {
                "index": worker.index,
                "startup": start_at - worker.launched,
                "startup_cpu": worker.cpu_at(start_at),
                "requests": len(mine),
                "kinds": dict(Counter(kind(path) for _, path in mine)),
                "first": (times[0] - started) if times else None,
                "last": (times[-1] - started) if times else None,
                "longest_gap": max(gaps, default=0.0),
                "gap_at": (times[gaps.index(max(gaps))] - started) if gaps else None,
                # CPU the worker used in its longest gap: near the gap itself, it was working (parsing a
                # sitemap, queueing its requests); near 0, it was waiting for work.
                "gap_cpu": (
                    worker.cpu_at(times[gaps.index(max(gaps)) + 1])
                    - worker.cpu_at(times[gaps.index(max(gaps))])
                    if gaps
                    else 0.0
                ),
                "open_after_last": worker.exited - (times[-1] if times else worker.launched),
                "exit": worker.exited - started,
                "cpu": worker.cpu,
                "listing_pages": sorted(
                    (round(t - started, 2), path) for t, path in mine if kind(path) == "listing"
                ),
            }
        )
    pages = len(arrivals)
    cpu = sum(w.cpu for w in procs)
    return {
        "pages": pages,
        "wall": wall,
        "window": last - first,
        "startup": min(w["startup"] for w in per_worker),
        "startup_last": max(w["startup"] for w in per_worker),
        "close": ended - last,
        "items": sum(urls.values()),
        "distinct": len(urls),
        "duplicated": sum(n - 1 for n in urls.values() if n > 1),
        "cpu": cpu,
        "crawl_cpu": cpu - sum(w["startup_cpu"] for w in per_worker),
        "portal_cpu": portal_cpu,
        "others_cpu": max(others_cpu, 0.0),
        "load": os.getloadavg()[0],
        "workers": per_worker,
    }


def _cleanup(redis_url: str, prefix: str) -> None:
    import redis

    server = redis.Redis.from_url(redis_url)
    keys = list(server.scan_iter(f"{prefix}:*"))
    if keys:
        server.delete(*keys)


# Rounds and report ---------------------------------------------------------------------------------------


def run_workload(
    portal: TimedPortal,
    probe: RedisProbe,
    tmp: Path,
    rounds: int,
    max_rounds: int,
    frontier: int,
    trace: bool,
) -> list[Round]:
    """Rounds of runs, one worker then two, until ``rounds`` of them ran on a quiet machine (``quiet``) or
    ``max_rounds`` ran. A discovery round (no ``frontier``) starts with the embedded crawl (no Redis),
    kept as the round's third run."""
    done: list[Round] = []
    while len(done) < max_rounds and sum(map(quiet, done)) < rounds:
        embedded = None
        if not frontier:
            embedded = crawl(portal, 1, None, tmp)
            _line(embedded, 0, trace)
        one = crawl(portal, 1, probe.url, tmp, frontier=frontier, probe=probe)
        _line(one, 1, trace)
        two = crawl(portal, 2, probe.url, tmp, frontier=frontier, probe=probe)
        _line(two, 2, trace)
        done.append((one, two, embedded))
        print(
            f"  round {len(done)}: two/one {one['wall'] / two['wall']:.2f}x wall clock, "
            f"{one['window'] / two['window']:.2f}x crawl window"
            + ("" if embedded is None else f"; two/embedded {embedded['wall'] / two['wall']:.2f}x wall clock")
            + ("" if quiet(done[-1]) else f" (machine busy: others took over {QUIET_OTHERS} cores)"),
            flush=True,
        )
    return done


def quiet(runs: Round) -> bool:
    """Whether the rest of the machine left the workers their cores in every run of a round."""
    return all(run["others_cpu"] / run["wall"] <= QUIET_OTHERS for run in runs if run is not None)


def _line(run: dict[str, Any], workers: int, trace: bool) -> None:
    print(
        f"  {f'{workers} worker(s)' if workers else 'embedded'}: wall {run['wall']:.2f} s"
        f" = start-up {run['startup']:.2f} "
        f"(last worker {run['startup_last']:.2f}) + crawl {run['window']:.2f} + close "
        f"{run['close']:.2f}; {run['pages']} pages, {run['distinct']} articles "
        f"({run['missing']} missing, {run['duplicated']} duplicated), "
        f"{run['cpu'] / max(run['pages'], 1) * 1000:.1f} ms CPU/page, "
        f"Redis {run['redis_cpu'] / run['wall']:.2f} cores, "
        f"others {run['others_cpu'] / run['wall']:.2f} cores, load {run['load']:.1f}",
        flush=True,
    )
    if trace:
        print_trace(run)


def print_trace(run: dict[str, Any]) -> None:
    pages = max(run["pages"], 1)
    calls = ", ".join(f"{name} {n / pages:.2f}" for name, n in run["redis_calls"].most_common(12))
    print(f"    Redis commands a page: {sum(run['redis_calls'].values()) / pages:.1f} ({calls})")
    print(
        f"    connections dropped on a full listen backlog (whole machine, ~1 s wait each): "
        f"{run['listen_overflows']}"
    )
    for w in run["workers"]:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(w["kinds"].items()))
        listing = w["listing_pages"]
        chain = f"{len(listing)} listing pages" + (
            f" at {listing[0][0]:.2f}-{listing[-1][0]:.2f} s" if listing else ""
        )
        print(
            f"    worker {w['index']}: start-up {w['startup']:.2f} s "
            f"({w['startup_cpu']:.2f} s CPU), "
            f"requests {w['first'] or 0:.2f}-{w['last'] or 0:.2f} s ({kinds}); "
            f"{chain}; longest gap {w['longest_gap']:.2f} s at {w['gap_at'] or 0:.2f} s "
            f"({w['gap_cpu']:.2f} s CPU in it); "
            f"open {w['open_after_last']:.2f} s after its last request; CPU {w['cpu']:.2f} s"
        )


def least_wall(run: dict[str, Any]) -> float:
    """The least wall clock ``run`` could have taken on this machine with the CPU it used: its last
    worker's start-up, then every CPU second spent after the workers' starts (theirs, the portal's,
    Redis', other processes') spread over all the cores. Two workers on two cores share them with the
    portal and Redis, so this, not 2x, is what the two-worker run is measured against."""
    cpu_after_start = run["crawl_cpu"] + run["portal_cpu"] + run["redis_cpu"] + run["others_cpu"]
    return run["startup_last"] + cpu_after_start / (os.cpu_count() or 1)


def figures(done: list[Round]) -> dict[Any, Any]:
    """Medians per configuration over the quiet rounds (all rounds when none was quiet), and the median of
    the rounds' ratios; the embedded crawl is configuration 0."""
    chosen = [runs for runs in done if quiet(runs)] or done
    out: dict[Any, Any] = {
        "rounds_run": len(done),
        "quiet_rounds": sum(map(quiet, done)),
        "used_rounds": len(chosen),
        "ratio_wall": statistics.median(one["wall"] / two["wall"] for one, two, _ in chosen),
        "ratio_window": statistics.median(one["window"] / two["window"] for one, two, _ in chosen),
        "ceiling_wall": statistics.median(one["wall"] / least_wall(two) for one, two, _ in chosen),
    }
    runs = {1: [one for one, _, _ in chosen], 2: [two for _, two, _ in chosen]}
    embedded = [(one, two, alone) for one, two, alone in chosen if alone is not None]
    if embedded:
        runs[0] = [alone for _, _, alone in embedded]
        out["two_vs_embedded_wall"] = statistics.median(
            alone["wall"] / two["wall"] for _, two, alone in embedded
        )
        out["one_vs_embedded_wall"] = statistics.median(
            alone["wall"] / one["wall"] for one, _, alone in embedded
        )
    for workers, rs in runs.items():
        med = statistics.median
        out[workers] = {
            "wall": med(r["wall"] for r in rs),
            "window": med(r["window"] for r in rs),
            "startup": med(r["startup"] for r in rs),
            "startup_last": med(r["startup_last"] for r in rs),
            "close": med(r["close"] for r in rs),
            "pages": med(r["pages"] for r in rs),
            "pps_wall": med(r["pages"] / r["wall"] for r in rs),
            "pps_window": med(r["pages"] / r["window"] for r in rs if r["window"] > 0),
            "cpu_ms_per_page": med(r["cpu"] / max(r["pages"], 1) * 1000 for r in rs),
            "crawl_cpu_ms_per_page": med(r["crawl_cpu"] / max(r["pages"], 1) * 1000 for r in rs),
            "cores_used": med(r["cpu"] / r["wall"] for r in rs),
            "portal_cores": med(r["portal_cpu"] / r["wall"] for r in rs),
            "others_cores": med(r["others_cpu"] / r["wall"] for r in rs),
            "redis_cores": med(r["redis_cpu"] / r["wall"] for r in rs),
            "redis_calls_per_page": med(sum(r["redis_calls"].values()) / max(r["pages"], 1) for r in rs),
            "items": min(r["distinct"] for r in rs),
            "duplicated": max(r["duplicated"] for r in rs),
            "missing": max(r["missing"] for r in rs),
        }
    return out


def _table(name: str, f: dict[Any, Any]) -> None:
    print(f"\n{name}")
    print(
        f"{'workers':>7} {'wall s':>7} {'start-up':>9} {'crawl s':>8} {'close s':>8} {'pages':>6} "
        f"{'pages/s wall':>13} {'pages/s crawl':>14} {'CPU ms/page':>12} {'after start':>12} {'cores':>6} "
        f"{'portal':>7} {'Redis':>6} {'others':>7} {'articles':>9}"
    )
    for workers in (0, 1, 2) if 0 in f else (1, 2):
        r = f[workers]
        print(
            f"{workers or 'embedded':>7} {r['wall']:>7.2f} {r['startup']:>9.2f} {r['window']:>8.2f} "
            f"{r['close']:>8.2f} "
            f"{r['pages']:>6.0f} {r['pps_wall']:>13.1f} {r['pps_window']:>14.1f} "
            f"{r['cpu_ms_per_page']:>12.2f} {r['crawl_cpu_ms_per_page']:>12.2f} {r['cores_used']:>6.2f} "
            f"{r['portal_cores']:>7.2f} "
            f"{r['redis_cores']:>6.2f} {r['others_cores']:>7.2f} {r['items']:>9.0f}"
        )
    print(
        f"two/one (median of the rounds' ratios): {f['ratio_wall']:.2f}x wall clock (start-up included), "
        f"{f['ratio_window']:.2f}x in the crawl window; from {f['used_rounds']} rounds"
        + (
            f" on a quiet machine (others under {QUIET_OTHERS} cores)"
            if f["quiet_rounds"]
            else ", none on a quiet machine: the ratio measures the machine's load, not the crawler"
        )
    )
    if 0 in f:
        print(
            f"two Redis workers / one embedded crawl (no Redis, the default):"
            f" {f['two_vs_embedded_wall']:.2f}x wall clock; one Redis worker / embedded:"
            f" {f['one_vs_embedded_wall']:.2f}x (what the shared state costs a worker)"
        )
    print(
        f"the most two workers could reach here at the CPU they used: {f['ceiling_wall']:.2f}x wall clock "
        f"(their start-up, then all the CPU used meanwhile over {os.cpu_count()} cores: theirs, the "
        "portal's, Redis', other processes')"
    )


@contextmanager
def redis_server(url: str | None, folder: Path) -> Iterator[RedisProbe]:
    """The given Redis URL, or a throwaway ``redis-server`` of this bench's own (whose CPU is measured)."""
    if url:
        yield RedisProbe(url, None)
        return
    from tests.throwaway_redis import REDIS_SERVER, ThrowawayRedis

    if not Path(REDIS_SERVER).is_file() and not shutil.which("redis-server"):
        raise SystemExit("redis-server is not installed: give --redis URL (a fresh key prefix is used)")
    with ThrowawayRedis(folder / "redis") as server:
        assert server.process is not None
        yield RedisProbe(server.url, server.process.pid)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="posts of the demo portal")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of runs on a quiet machine")
    parser.add_argument("--max-rounds", type=int, default=0, help="rounds at most (default: --rounds)")
    parser.add_argument("--frontier", type=int, default=0, help="also push every article N times (0: skip)")
    parser.add_argument("--redis", default=None, help="a Redis URL instead of a throwaway redis-server")
    parser.add_argument("--trace", action="store_true", help="what each worker fetched and when")
    parser.add_argument(
        "--compile-at-start",
        action="store_true",
        help="no byte-code cache for the workers when the environment sets PYTHONDONTWRITEBYTECODE",
    )
    args = parser.parse_args()
    if args.articles < site_module.MIN_ARTICLE_COUNT:
        parser.error(f"--articles: the demo portal needs at least {site_module.MIN_ARTICLE_COUNT} posts")

    load_before = os.getloadavg()[0]
    site_module.ARTICLE_COUNT = args.articles
    with (
        tempfile.TemporaryDirectory(prefix="warta-scale-") as tmpdir,
        TimedPortal(slow_delay=0, site=site_module.build_site()) as portal,
        redis_server(args.redis, Path(tmpdir)) as probe,
    ):
        tmp = Path(tmpdir)
        global BYTECODE
        BYTECODE = None if args.compile_at_start else tmp / "bytecode"
        warm = crawl(portal, 1, None, tmp)  # fills the page cache (and the byte-code cache); not counted
        print(
            f"demo portal of {len(portal.truth)} articles; warm-up: {warm['pages']} pages, "
            f"{warm['distinct']} articles, {warm['missing']} missing (plain single worker, not counted); "
            + (
                "workers compile their modules at every start (PYTHONDONTWRITEBYTECODE)"
                if BYTECODE is None and os.environ.get("PYTHONDONTWRITEBYTECODE")
                else "workers load byte-code compiled before"
            )
        )
        max_rounds = max(args.max_rounds, args.rounds)
        print(
            f"discovery crawl, alternating rounds (one worker, then two): {args.rounds} on a quiet machine, "
            f"{max_rounds} at most"
        )
        full = figures(run_workload(portal, probe, tmp, args.rounds, max_rounds, 0, args.trace))
        frontier = None
        if args.frontier:
            print(f"frontier: every article URL pushed to the Redis seed list, {args.frontier} times")
            frontier = figures(
                run_workload(portal, probe, tmp, args.rounds, max_rounds, args.frontier, args.trace)
            )
    load_after = os.getloadavg()[0]

    _table(f"discovery crawl of the {len(portal.truth)}-article portal (medians)", full)
    if frontier:
        _table("frontier (pushed article URLs, no discovery)", frontier)
    print(f"\ncpus: {os.cpu_count()}, load average {load_before:.1f} -> {load_after:.1f}")
    result: dict[str, Any] = {
        "articles": args.articles,
        "discovery_ratio_wall": round(full["ratio_wall"], 2),
        "discovery_ratio_window": round(full["ratio_window"], 2),
        "discovery_ratio_wall_ceiling": round(full["ceiling_wall"], 2),
        "quiet_rounds": full["quiet_rounds"],
        "rounds_used": full["used_rounds"],
        "wall_s_one": round(full[1]["wall"], 2),
        "wall_s_two": round(full[2]["wall"], 2),
        "startup_s_one": round(full[1]["startup"], 2),
        "startup_s_two": round(full[2]["startup_last"], 2),
        "crawl_s_one": round(full[1]["window"], 2),
        "crawl_s_two": round(full[2]["window"], 2),
        "close_s_one": round(full[1]["close"], 2),
        "close_s_two": round(full[2]["close"], 2),
        "pages_per_second_one": round(full[1]["pps_wall"], 1),
        "pages_per_second_two": round(full[2]["pps_wall"], 1),
        "pages_per_second_window_one": round(full[1]["pps_window"], 1),
        "pages_per_second_window_two": round(full[2]["pps_window"], 1),
        "cpu_ms_per_page_one": round(full[1]["cpu_ms_per_page"], 2),
        "cpu_ms_per_page_two": round(full[2]["cpu_ms_per_page"], 2),
        "crawl_cpu_ms_per_page_one": round(full[1]["crawl_cpu_ms_per_page"], 2),
        "crawl_cpu_ms_per_page_two": round(full[2]["crawl_cpu_ms_per_page"], 2),
        "cores_used_one": round(full[1]["cores_used"], 2),
        "cores_used_two": round(full[2]["cores_used"], 2),
        "portal_cores_two": round(full[2]["portal_cores"], 2),
        "redis_cores_two": round(full[2]["redis_cores"], 2),
        "redis_calls_per_page": round(full[1]["redis_calls_per_page"], 1),
        "others_cores_one": round(full[1]["others_cores"], 2),
        "others_cores_two": round(full[2]["others_cores"], 2),
        "articles_exported_min": int(min(full[w]["items"] for w in (1, 2))),
        "duplicated_max": int(max(full[w]["duplicated"] for w in (1, 2))),
        "missing_max": int(max(full[w]["missing"] for w in (1, 2))),
        "cpus": os.cpu_count(),
        "load_average_before": round(load_before, 1),
        "load_average_after": round(load_after, 1),
        "rounds_run": full["rounds_run"],
        "compile_at_start": bool(args.compile_at_start and os.environ.get("PYTHONDONTWRITEBYTECODE")),
    }
    if 0 in full:
        result.update(
            discovery_two_vs_embedded_wall=round(full["two_vs_embedded_wall"], 2),
            discovery_one_vs_embedded_wall=round(full["one_vs_embedded_wall"], 2),
            wall_s_embedded=round(full[0]["wall"], 2),
            cpu_ms_per_page_embedded=round(full[0]["cpu_ms_per_page"], 2),
        )
    if frontier:
        result["frontier_ratio_wall"] = round(frontier["ratio_wall"], 2)
        result["frontier_ratio_window"] = round(frontier["ratio_window"], 2)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
