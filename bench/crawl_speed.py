"""Crawl speed of the full Warta pipeline against a bare Scrapy spider, and its memory at 10k-50k articles.

    .venv/bin/python bench/crawl_speed.py [--articles 2000] [--rounds 5] [--max-rounds N] [--no-speed]
                                          [--memory 50000 [--memory-runs N] [--memory-samples FILE]
                                          | --no-memory] [--profile] [--set NAME=VALUE ...]

Speed: one demo portal of ``--articles`` posts (``demoportal.site.ARTICLE_COUNT`` raised in the server
process; the generator has no size parameter) is crawled alternately by

- **bare**: a Scrapy spider that follows the same links (robots.txt, sitemap index and post sitemaps, news
  sitemap, feed, the home listing and its pages) and yields ``{"url": ...}`` per article page, with
  Scrapy's defaults at the same concurrency, no delay and no pipeline;
- **full**: ``scrapy crawl jagatbisnis`` as a user runs it (extraction, cleaning, dates, validation, dedup
  with the SQLite state and near-duplicate index, JSON-lines export, monitors and report), no delay; its
  extraction runs in the worker process(es) ``WARTA_EXTRACT_WORKERS`` gives (``auto``: one for a crawl
  without a download delay, as this one, on a machine of two whole cores or more; the table's ``workers``
  column), ``--set WARTA_EXTRACT_WORKERS=0`` keeps it in the crawl's own process.

Pages per second is ``downloader/response_count / elapsed_time_seconds`` from each crawl's own stats;
CPU milliseconds per page is the crawl process's CPU, its extraction workers' included, over the same
window (start-up excluded; the whole
process's figure is in the JSON line as ``*_process_cpu_ms_per_page``). Each round runs bare then full back
to back: a pair shares most of this machine's drift (10-15% from one crawl to the next), and the pages/s
ratio full/bare is the median of the rounds' ratios; bare/full CPU per page is the lower CPU of each.
CPU per page is also given over every round, whatever held it (the median of each spider's rounds): on a
shared, loaded machine the process's CPU time per page moves far less than its pages per second.

Extraction alone: the article callback's one extraction call (``extract`` with the spider's profile and tag
limit) timed by itself in this process on 300 of the portal's article pages, the least of 3 passes, printed
beside full minus bare and beside what the goal (full at most 1.2x bare) leaves for all the full crawl adds
to bare Scrapy (``extract_alone_cpu_ms_per_page``, ``full_minus_bare_cpu_ms_per_page``,
``goal_budget_cpu_ms_per_page``), and the rest of the gap, what everything else the full crawl does costs
(``rest_cpu_ms_per_page``). Extraction alone is a floor under what the crawl spends extracting (there
Scrapy's work runs between two pages), so the rest is at most what it says.

Both ratios measure the crawler only when the crawler set the pace, so every crawl is watched
(``bench/support/crawl_pace.py``): the portal's own CPU (ms a page, share of a core) and its latency on a
kept-alive connection, and the CPU other processes took. A round counts only when neither crawl was held
by the portal (its one process near a full core, or a latency that caps pages/s, as the ~44 ms delayed-ACK
stall of before did) nor by the machine (other processes on the CPUs); with no such round there is no ratio,
and the output says which bound held each crawl.

Memory: the full pipeline crawls a portal of ``--memory`` posts; the crawl process's RSS (now, VmRSS, and
its peak, VmHWM), with the memory its extraction workers hold of their own (private pages, not those they
share with the crawl; ``workers_private_mb_peak`` the most sampled), is read when the export reaches 2k,
10k, 25k and 50k lines (those up to ``--memory``; RSS now only from samples taken while lines still came:
the last milestone reads the last of those, never the close).
Growth per article is the RSS gained from one reading to the next over the lines exported in between,
and, as the one figure (``kb_per_article``), the slope of RSS over exported lines from 10k on (least
squares over the 2-second samples; the first thousands fill caches of a fixed size), with its standard
error (``kb_per_article_se``, by batch means: the spread of the slopes of eight spans of the window,
see ``slope_fit``), the slopes of the window's two halves (``kb_per_article_first_half``/``_second_half``),
and the slope from 20k on (``kb_per_article_from_20k``): the SQLite page caches (6 MB) fill until ~15k
articles, and in one base run RSS stepped 3 MB between 10k and 15k (0.208 from 10k, 0.158 from 20k).
One run's slope moves by about ±0.03 KB from run to run, as much as the goal's margin, so
``--memory-runs N`` crawls the same portal N times in a row: each run is printed, the JSON line's figures
are those of the run with the median slope, and ``memory_runs`` lists every run's slopes, standard error,
peak and load, with their mean (``kb_per_article_mean``), standard deviation (``kb_per_article_sd``), the
95% interval of the mean (Student's t, ``kb_per_article_ci95``) and what that interval says of the goal
of 0.2 KB (``kb_per_article_goal``: ``met`` when all of it is below, ``missed`` when all of it is above,
else ``open``); the same four for the slope from 20k on (``kb_per_article_from_20k_mean`` …).
``--memory-samples FILE`` writes every run's samples (seconds, lines, RSS bytes) as JSON.

``--profile`` runs the full pipeline once more under cProfile and prints where its time goes;
``--set NAME=VALUE`` (repeatable) passes a setting to the full crawl (the memory runs' too), to measure
what a component costs.
The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import ClassVar

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# bench/incremental.py would shadow the ``incremental`` package Twisted imports: drop the script folder.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))
from bench.support.crawl_pace import Trace, bottleneck, children, crawl_window, measure, pace  # noqa: E402
from crawler.peak_memory import own_peak_rss  # noqa: E402
from demoportal.server import CRAWL_FLAGS  # noqa: E402
from demoportal.site import MIN_ARTICLE_COUNT  # noqa: E402

PY = sys.executable
FAST = list(CRAWL_FLAGS)  # demoportal/server.py: no delay on loopback, the stats dump on
_INT_STAT = re.compile(r"'([\w/.\-]+)': (\d+(?:\.\d+)?),?\n")
MILESTONES = (2_000, 10_000, 25_000, 50_000)
GROWTH_FROM = 10_000  # lines exported before the growth per article is measured
SPIDER = "jagatbisnis"  # the full crawl's spider, whose profile the extraction-alone figure uses
EXTRACT_SAMPLE = 300  # article pages the extraction-alone figure reads
EXTRACT_PASSES = 3  # passes over them; the least CPU counts
GOAL_CPU_RATIO = 1.2  # issue 15 item 2: the full crawl's CPU a page at most this times bare Scrapy's


# Worker modes (run in their own processes) ---------------------------------------------------------------


def serve(articles: int) -> None:
    """The demo portal with ``articles`` generated posts; prints its base URL, serves until killed."""
    import demoportal.site as site_module
    from demoportal.server import DemoServer

    site_module.ARTICLE_COUNT = articles
    server = DemoServer(slow_delay=0, site=site_module.build_site()).start()
    print(server.base_url, flush=True)
    while True:
        time.sleep(3600)


def bare(base_url: str, out: str) -> None:
    """A plain Scrapy spider over the same links as the portal spider, yielding article URLs."""
    from scrapy import Request
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiders import SitemapSpider

    article = re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+/?$")

    class BareSpider(SitemapSpider):
        name = "bare"
        sitemap_urls: ClassVar[list[str]] = [f"{base_url}/sitemap_index.xml", f"{base_url}/news-sitemap.xml"]
        sitemap_rules: ClassVar[list[tuple[str, str]]] = [(r"/\d{4}/\d{2}/\d{2}/[^/]+/?$", "parse_article")]

        async def start(self):
            async for request in super().start():
                yield request
            yield Request(f"{base_url}/feed/", callback=self.parse_feed)
            yield Request(f"{base_url}/", callback=self.parse_listing)

        def parse_feed(self, response):
            for link in response.xpath("//item/link/text()").getall():
                yield Request(link.strip(), callback=self.parse_article)

        def parse_listing(self, response):
            for href in response.css("a::attr(href)").getall():
                url = response.urljoin(href)
                if url.startswith(base_url) and article.match(url[len(base_url) :].split("?")[0]):
                    yield Request(url, callback=self.parse_article)
            for href in response.css("link[rel=next]::attr(href), a.next::attr(href)").getall():
                yield Request(response.urljoin(href), callback=self.parse_listing)

        def parse_article(self, response):
            yield {"url": response.url}

    process = CrawlerProcess(
        {
            "ROBOTSTXT_OBEY": True,
            "CONCURRENT_REQUESTS": 16,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "INFO",
            "FEEDS": {out: {"format": "jsonlines"}},
        }
    )
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler)
    process.start()
    print("BARE_STATS " + json.dumps(crawler.stats.get_stats(), default=str), flush=True)


# Driver --------------------------------------------------------------------------------------------------


class Portal:
    """A demo portal server process of a given size."""

    def __init__(self, articles: int) -> None:
        self.proc = subprocess.Popen(
            [PY, __file__, "--serve", str(articles)], stdout=subprocess.PIPE, text=True, cwd=ROOT
        )
        assert self.proc.stdout is not None
        self.base_url = self.proc.stdout.readline().strip()
        if not self.base_url.startswith("http"):
            raise RuntimeError("the demo portal did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def stats_from_log(log: str) -> dict[str, float]:
    dump = log[log.rfind("Dumping Scrapy stats") :]
    return {name: float(value) for name, value in _INT_STAT.findall(dump)}


def crawl_figures(stats: dict[str, float], stats_text: str, trace: Trace) -> dict[str, object]:
    """Pages per second of the crawl window, CPU per page, and what set the pace (crawl_pace.bottleneck)."""
    pages, elapsed = stats.get("downloader/response_count", 0), stats.get("elapsed_time_seconds", 0)
    window = crawl_window(stats_text)
    if not pages or not elapsed or window is None:
        raise SystemExit(f"a crawl fetched nothing or left no stats (exit {trace.returncode})")
    figures: dict[str, object] = {
        "pages": pages,
        "items": stats.get("item_scraped_count", 0),
        "seconds": round(elapsed, 2),
        "pages_per_s": pages / elapsed,
        "workers": int(stats.get("warta/extract/workers", 0)),
        **pace(trace, window, pages),
    }
    figures["bound"], figures["why"] = bottleneck(figures)
    return figures


def run_bare(portal: Portal, work: Path) -> dict[str, object]:
    log = work / f"bare-{time.monotonic_ns()}.log"
    cmd = [PY, __file__, "--bare", portal.base_url, str(log.with_suffix(".jsonl"))]
    trace = measure(cmd, portal.proc.pid, portal.base_url, cwd=ROOT, env=dict(os.environ), log=log)
    text = log.read_text()
    line = next((x for x in text.splitlines() if x.startswith("BARE_STATS ")), None)
    if trace.returncode != 0 or line is None:
        raise SystemExit(f"the bare crawl exited {trace.returncode}:\n{text[-2000:]}")
    stats = json.loads(line[len("BARE_STATS ") :])
    numbers = {k: float(v) for k, v in stats.items() if isinstance(v, int | float)}
    return crawl_figures(numbers, line, trace)


def full_command(base_url: str, out: Path, *extra: str) -> list[str]:
    return [
        PY,
        "-m",
        "scrapy",
        "crawl",
        SPIDER,
        *FAST,
        "-a",
        f"base_url={base_url}",
        "-O",
        str(out),
        *extra,
    ]


def run_full(portal: Portal, work: Path, overrides: list[str]) -> dict[str, object]:
    data = Path(tempfile.mkdtemp(dir=work))
    env = {**os.environ, "WARTA_DATA_DIR": str(data)}
    extra = [arg for setting in overrides for arg in ("-s", setting)]
    cmd = full_command(portal.base_url, data / "out.jsonl", *extra)
    trace = measure(cmd, portal.proc.pid, portal.base_url, cwd=ROOT, env=env, log=data / "crawl.log")
    text = (data / "crawl.log").read_text()
    if trace.returncode != 0:  # a speed of a run that failed or lost articles is no figure
        raise SystemExit(f"the full crawl exited {trace.returncode}:\n{text[-2000:]}")
    dump = text[text.rfind("Dumping Scrapy stats") :]
    return crawl_figures(stats_from_log(text), dump, trace)


def peak_rss(pid: int) -> tuple[int, int]:
    """(current RSS, peak RSS) of a process in bytes, from /proc."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    if "VmRSS" not in fields:  # the process has exited and awaits its parent
        raise ProcessLookupError(pid)
    return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024


def workers_private(pid: int) -> int:
    """Bytes of memory the crawl's extraction workers hold of their own (private pages, from
    ``/proc/<pid>/smaps_rollup``): what they add to the crawl's RSS, the pages they share with it not
    counted twice."""
    held = 0
    for child in children(pid):
        try:
            rollup = Path(f"/proc/{child}/smaps_rollup").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        held += 1024 * sum(int(kb) for kb in re.findall(r"^Private_\w+:\s+(\d+) kB", rollup, re.M))
    return held


def count_lines(path: Path) -> int:
    try:
        with path.open("rb") as fh:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    except FileNotFoundError:
        return 0


def memory_run(portal: Portal, work: Path, overrides: list[str]) -> dict[str, object]:
    """One full crawl of ``portal``, its RSS sampled every 2 seconds (see the module docstring)."""
    data = Path(tempfile.mkdtemp(dir=work))
    out = data / "out.jsonl"
    env = {**os.environ, "WARTA_DATA_DIR": str(data)}
    log = (data / "crawl.log").open("w")
    quiet = ("-s", "LOG_LEVEL=WARNING", "-s", "WARTA_PROGRESS_INTERVAL=0")
    extra = [arg for setting in overrides for arg in ("-s", setting)]
    proc = subprocess.Popen(full_command(portal.base_url, out, *quiet, *extra), cwd=ROOT, env=env, stderr=log)
    readings: dict[str, object] = {}
    started = time.monotonic()
    samples = []
    while True:
        time.sleep(2)
        lines = count_lines(out)
        try:
            rss, hwm = peak_rss(proc.pid)
            workers = workers_private(proc.pid)
        except (FileNotFoundError, ProcessLookupError):
            rss = hwm = workers = 0
        rss += workers  # the crawl's memory is its own and its extraction workers'
        hwm += workers
        readings["workers_private_mb_peak"] = max(readings.get("workers_private_mb_peak", 0), workers / 2**20)
        if hwm:
            samples.append((round(time.monotonic() - started), lines, rss))
            for mark in MILESTONES:
                key = f"rss_mb_at_{mark // 1000}k"
                if lines >= mark and key not in readings:
                    readings[key] = round(hwm / 2**20, 1)
                    readings[f"rss_now_mb_at_{mark // 1000}k"] = round(rss / 2**20, 1)
                    readings[f"lines_at_{mark // 1000}k"] = lines
        done, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if done:
            proc.returncode = os.waitstatus_to_exitcode(status)
            break
    # the kernel's own peak for the whole process (ru_maxrss, KiB): exact, however late the last
    # lines came; a milestone the crawl reached after its last sample has that peak as its peak.
    # (Linux starts a process's ru_maxrss at its launcher's peak: this bench's own, kept beside, is far
    # below a crawl's; were it not, the figure would be the bench's)
    # RSS now comes from samples taken while lines were still coming: once the export has its last
    # line the run is closing (report, state commits, the near-duplicate index freed), no reading
    # of the crawl at that many articles (the close's peak put 0.40 KB an article from 25k to 50k
    # where the samples said 0.25; a sample after the index was freed, -0.21)
    # (a worker's peak cannot be told from the kernel's figure: its largest private memory sampled is added)
    peak = round(usage.ru_maxrss / 1024 + readings["workers_private_mb_peak"], 1)
    readings["peak_rss_mb"] = peak
    readings["bench_peak_rss_mb"] = round((own_peak_rss() or 0) / 2**20, 1)
    readings["workers_private_mb_peak"] = round(readings["workers_private_mb_peak"], 1)
    readings["exported"] = count_lines(out)
    crawling = [sample for sample in samples if sample[1] < readings["exported"]] or samples
    for mark in MILESTONES:
        key, now, at = (f"{name}_{mark // 1000}k" for name in ("rss_mb_at", "rss_now_mb_at", "lines_at"))
        if readings["exported"] >= mark and (key not in readings or readings[at] >= readings["exported"]):
            readings.setdefault(key, peak)
            _, lines, rss = crawling[-1] if crawling else (0, readings["exported"], usage.ru_maxrss * 1024)
            readings[now] = round(rss / 2**20, 1)
            readings[at] = lines
    samples = crawling
    readings["seconds"] = round(time.monotonic() - started)
    readings.update(growth(samples, readings))
    readings["samples"] = samples[:: max(1, len(samples) // 12)]
    readings["all_samples"] = samples
    readings["load_average_1m"] = round(os.getloadavg()[0], 2)
    return readings


# two-sided 95% quantiles of Student's t by degrees of freedom (1-10; the normal's beyond)
_T95 = (12.71, 4.30, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23)
GOAL_KB = 0.2  # issue 15 item 7: RSS growth per exported article
SE_BLOCKS = 8  # spans of the window whose slopes give a run's standard error
LATE_FROM = 20_000  # lines exported before the second slope: the SQLite page caches fill until ~15k
LATE = f"kb_per_article_from_{LATE_FROM // 1000}k"
SLOPES = ("kb_per_article", LATE)


def spread(slopes: list[float], name: str = "kb_per_article") -> dict[str, object]:
    """Mean, standard deviation and 95% interval of the mean of several runs' slopes, and what the
    interval says of the goal: ``met`` (all of it below), ``missed`` (all above) or ``open``."""
    mean = statistics.fmean(slopes)
    if len(slopes) < 2:
        return {f"{name}_mean": round(mean, 3)}
    sd = statistics.stdev(slopes)
    half = (_T95[len(slopes) - 2] if len(slopes) <= 11 else 1.96) * sd / len(slopes) ** 0.5
    verdict = "met" if mean + half < GOAL_KB else "missed" if mean - half > GOAL_KB else "open"
    return {
        f"{name}_mean": round(mean, 3),
        f"{name}_sd": round(sd, 3),
        f"{name}_ci95": [round(mean - half, 3), round(mean + half, 3)],
        f"{name}_goal": verdict,
    }


def memory(
    articles: int, runs: int, work: Path, overrides: list[str], samples_to: Path | None = None
) -> dict[str, object]:
    """``runs`` memory runs on one portal, each printed; the figures of the run with the median slope,
    and every run's slope with their spread."""
    portal = Portal(articles)
    results = []
    try:
        for number in range(1, runs + 1):
            mem = memory_run(portal, work, overrides)
            results.append(mem)
            title = f"memory, full pipeline over a demo portal of {articles} posts"
            print(f"{title} (run {number} of {runs}, {mem['seconds']} s, load {mem['load_average_1m']})")
            print_memory(mem)
    finally:
        portal.stop()
    if samples_to is not None:  # (seconds, lines, RSS bytes) of each run, for another look at the fit
        samples_to.write_text(json.dumps([m["all_samples"] for m in results]))
    slopes = [float(m["kb_per_article"]) for m in results if m["kb_per_article"] is not None]  # type: ignore[arg-type]
    ranked = sorted(results, key=lambda m: (m["kb_per_article"] is None, m["kb_per_article"] or 0.0))
    middle = ranked[(len(slopes) - 1) // 2] if slopes else results[-1]
    figures = {
        k: v for k, v in middle.items() if k.startswith(("rss_mb", "rss_now", "peak", "exported", "kb_per"))
    }
    figures["memory_runs"] = [
        {k: m[k] for k in (*SLOPES, "kb_per_article_se", "peak_rss_mb", "load_average_1m")} for m in results
    ]
    if slopes:
        figures.update(spread(slopes))
        late = [float(m[LATE]) for m in results if m[LATE] is not None]  # type: ignore[arg-type]
        figures.update(spread(late, LATE) if late else {})
    if len(slopes) > 1:
        lo, hi = figures["kb_per_article_ci95"]  # type: ignore[misc]
        print(
            f"  {len(slopes)} runs: slopes {', '.join(f'{x:.3f}' for x in slopes)} KB; mean"
            f" {figures['kb_per_article_mean']:.3f}, sd {figures['kb_per_article_sd']:.3f},"
            f" 95% interval of the mean {lo:.3f}-{hi:.3f}: goal < {GOAL_KB} {figures['kb_per_article_goal']}"
        )
        if f"{LATE}_ci95" in figures:
            lo, hi = figures[f"{LATE}_ci95"]  # type: ignore[misc]
            late_mean, verdict = figures[f"{LATE}_mean"], figures[f"{LATE}_goal"]
            interval = f"95% interval {lo:.3f}-{hi:.3f}"
            print(f"  from {LATE_FROM} lines on: mean {late_mean:.3f}, {interval}: {verdict}")
    return figures


def print_memory(mem: dict[str, object]) -> None:
    print(f"  {'exported':>9} {'peak RSS MB':>12} {'RSS now MB':>11} {'KB/article since the last':>26}")
    last = None
    for mark in MILESTONES:
        k = mark // 1000
        if f"rss_mb_at_{k}k" in mem:
            step = "" if last is None else f"{mem[f'kb_per_article_{last}k_{k}k']:26.3f}"
            print(f"  {mark:9d} {mem[f'rss_mb_at_{k}k']:12.1f} {mem[f'rss_now_mb_at_{k}k']:11.1f} {step}")
            last = k
    slope, se = mem["kb_per_article"], mem["kb_per_article_se"]
    se_text = "-" if se is None else f"{se:.3f}"
    slope_text = "-" if slope is None else f"{slope:.3f} KB (standard error {se_text}; halves"
    if slope is not None:
        slope_text += f" {mem['kb_per_article_first_half']}/{mem['kb_per_article_second_half']})"
    print(f"  growth per article from {GROWTH_FROM} lines on (RSS slope): {slope_text} (goal < {GOAL_KB} KB)")
    print(f"  from {LATE_FROM} lines on: {mem[LATE]} KB")
    print(f"  exported {mem['exported']}, peak RSS {mem['peak_rss_mb']} MB (goal < 300 MB, flat)")
    workers = mem["workers_private_mb_peak"]
    print(f"  (RSS: the crawl process's, with its extraction workers' own memory, at most {workers} MB)")


def growth(samples: list[tuple[int, int, int]], readings: dict[str, object]) -> dict[str, object]:
    """KB of RSS per exported article: between consecutive milestone readings (RSS now), and the slope
    of RSS over lines from ``GROWTH_FROM`` lines on (None with fewer than three samples there)."""
    figures: dict[str, object] = {}
    marks = [m for m in MILESTONES if f"rss_now_mb_at_{m // 1000}k" in readings]
    for low, high in itertools.pairwise(marks):
        (rss_low, lines_low), (rss_high, lines_high) = (
            (float(readings[f"rss_now_mb_at_{m // 1000}k"]), int(readings.get(f"lines_at_{m // 1000}k", m)))  # type: ignore[arg-type]
            for m in (low, high)
        )
        per = (rss_high - rss_low) * 1024 / max(1, lines_high - lines_low)
        figures[f"kb_per_article_{low // 1000}k_{high // 1000}k"] = round(per, 3)
    late = [(lines, rss) for _, lines, rss in samples if lines >= GROWTH_FROM]
    fit = slope_fit(late)
    figures["kb_per_article"] = None if fit is None else round(fit[0], 3)
    figures["kb_per_article_se"] = None if fit is None or fit[1] is None else round(fit[1], 3)
    late_fit = slope_fit([x for x in late if x[0] >= LATE_FROM])
    figures[LATE] = None if late_fit is None else round(late_fit[0], 3)
    if fit is not None:  # the two halves of the window: a slope that is no line shows here
        middle = (late[0][0] + late[-1][0]) / 2
        for name, part in (
            ("first", [x for x in late if x[0] < middle]),
            ("second", [x for x in late if x[0] >= middle]),
        ):
            half = slope_fit(part)
            figures[f"kb_per_article_{name}_half"] = None if half is None else round(half[0], 3)
    return figures


def slope_fit(points: list[tuple[int, int]], blocks: int = SE_BLOCKS) -> tuple[float, float | None] | None:
    """Least-squares slope of RSS over exported lines, in KB an article, with its standard error (None
    with fewer than three points over more than one line count; the error None with too few points).

    The samples are no independent draws: RSS wanders by ±0.4 MB over thousands of articles (arrays
    re-made larger, trims, caches), so the least-squares standard error (0.003 KB, even widened for the
    residuals' lag-1 autocorrelation) said nothing of the 0.03 KB runs of one commit differ by. The
    error is by batch means instead: the window cut into ``blocks`` equal spans of lines, the slope of
    each, their standard deviation over the square root of their number."""
    if len(points) < 3 or points[-1][0] <= points[0][0]:
        return None
    lines, rss = (np.array(x, dtype=float) for x in zip(*points, strict=True))
    slope = float(np.polyfit(lines, rss, 1)[0]) / 1024
    edges = np.linspace(lines[0], lines[-1], blocks + 1)
    spans = [(lines >= low) & (lines <= high) for low, high in itertools.pairwise(edges)]
    if any(span.sum() < 3 for span in spans):
        return slope, None
    per_block = [float(np.polyfit(lines[span], rss[span], 1)[0]) / 1024 for span in spans]
    return slope, statistics.stdev(per_block) / blocks**0.5


def profile_full(base_url: str, work: Path, top: int = 25) -> list[str]:

    data = Path(tempfile.mkdtemp(dir=work))
    prof = data / "full.prof"
    env = {**os.environ, "WARTA_DATA_DIR": str(data)}
    cmd = full_command(base_url, data / "out.jsonl")
    cmd = [PY, "-m", "cProfile", "-o", str(prof), "-m", "scrapy", *cmd[3:]]
    subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
    return summarize_profile(prof, top)


def summarize_profile(prof: Path, top: int = 25) -> list[str]:
    """Own time by area (extraction, state, Scrapy, Twisted …) and the project's costliest functions."""
    import pstats

    stats = pstats.Stats(str(prof))
    total = stats.total_tt  # type: ignore[attr-defined]
    by_area: dict[str, float] = {}
    ours = []
    for (filename, line, func), (_, calls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        area = _area(filename)
        by_area[area] = by_area.get(area, 0.0) + tottime
        if filename.startswith(str(ROOT)) and "/.venv/" not in filename:
            ours.append((cumtime, calls, f"{Path(filename).relative_to(ROOT)}:{line} {func}"))
    lines = [f"  own time by area (of {total:.1f} s CPU under the profiler):"]
    areas = sorted(by_area.items(), key=lambda x: -x[1])
    lines += [f"    {area:<32} {t:6.1f} s {t / total:6.1%}" for area, t in areas if t / total >= 0.005]
    lines.append("  project functions by cumulative time:")
    lines += [
        f"    {c:6.1f} s {c / total:6.1%} {n:7d}x  {name}" for c, n, name in sorted(ours, reverse=True)[:top]
    ]
    return lines


def _area(filename: str) -> str:
    for marker, area in (
        ("/crawler/extract/", "warta extraction"),
        ("/crawler/dates/", "warta dates"),
        ("/crawler/state/", "warta state (sqlite, near-dup)"),
        ("/crawler/middlewares/", "warta middlewares"),
        ("/crawler/", "warta other"),
        ("/pipelines/", "warta pipelines"),
        ("/spiders/", "warta spider"),
        ("/datasketch/", "datasketch (near-dup)"),
        ("/lxml/", "lxml"),
        ("/parsel/", "parsel"),
        ("/scrapy/", "scrapy"),
        ("/twisted/", "twisted"),
        ("/dateparser/", "dateparser"),
    ):
        if marker in filename:
            return area
    if filename == "~":
        return "builtins (C: regex, sqlite, socket, lxml calls)"
    return "python stdlib (asyncio, json, …)"


def article_pages(base_url: str, limit: int) -> list[tuple[str, str]]:
    """(url, html) of the first ``limit`` article pages the portal's sitemap index leads to that answer
    200 (the demo portal's one flaky article answers 500 to its first request: it is left out)."""
    from scrapy.utils.sitemap import Sitemap

    from crawler.profiles import load_profile

    profile = load_profile(SPIDER)

    def get(url: str) -> bytes:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.read()

    pages: list[tuple[str, str]] = []
    for sitemap in Sitemap(get(f"{base_url}/sitemap_index.xml")):
        for entry in Sitemap(get(sitemap["loc"])):
            if len(pages) == limit:
                return pages
            if not profile.is_article_url(entry["loc"]):
                continue
            try:
                pages.append((entry["loc"], get(entry["loc"]).decode("utf-8")))
            except urllib.error.HTTPError:
                continue
    return pages


def extraction_alone(
    base_url: str, limit: int = EXTRACT_SAMPLE, passes: int = EXTRACT_PASSES
) -> tuple[float, int]:
    """CPU ms a page of the article callback's one extraction call by itself (``extract`` with the
    spider's profile and tag limit) on the portal's article pages, in this process: the least of
    ``passes`` passes, so a floor under what extraction costs the full crawl (where Scrapy's work runs
    between two pages and the caches are colder). Also the number of pages read."""
    from crawler.extract.article import extract
    from crawler.profiles import load_profile
    from crawler.settings import WARTA_EXTRACT_MAX_TAGS

    profile = load_profile(SPIDER).with_base_url(base_url)
    pages = article_pages(base_url, limit)
    if not pages:
        raise SystemExit(f"the portal at {base_url} lists no article pages in its sitemaps")
    best = float("inf")
    for _ in range(passes):
        started = time.process_time()
        for url, html in pages:
            extract(html, url, profile, max_tags=WARTA_EXTRACT_MAX_TAGS)
        best = min(best, time.process_time() - started)
    return 1000 * best / len(pages), len(pages)


def print_extraction_share(figures: dict[str, object], extract_ms: float, pages: int) -> None:
    """How much of the full crawl's CPU a page above bare Scrapy's its extraction alone takes, what is
    left for everything else the full crawl does, and what the goal (full at most 1.2x bare) leaves."""
    bare, full = figures["all_rounds_bare_cpu_ms_per_page"], figures["all_rounds_full_cpu_ms_per_page"]
    assert isinstance(bare, float) and isinstance(full, float)
    gap, budget = full - bare, (GOAL_CPU_RATIO - 1) * bare
    share = f" = {extract_ms / gap:.0%} of it" if gap > 0 else ""
    print(
        f"  full - bare: {gap:.2f} ms a page; extraction alone (the article callback's one call on {pages}"
        f" of the portal's article pages, in this process, least of {EXTRACT_PASSES} passes):"
        f" {extract_ms:.2f} ms a page{share}; the rest of what the full crawl adds, at most:"
        f" {gap - extract_ms:+.2f} ms a page"
    )
    print(
        f"  the goal leaves {budget:.2f} ms a page ({GOAL_CPU_RATIO - 1:.1f} x bare) for all the full crawl"
        " adds to bare Scrapy, extraction included"
    )
    figures.update(
        extract_alone_cpu_ms_per_page=round(extract_ms, 3),
        full_minus_bare_cpu_ms_per_page=round(gap, 3),
        rest_cpu_ms_per_page=round(gap - extract_ms, 3),
        goal_budget_cpu_ms_per_page=round(budget, 3),
    )


def speed(
    portal: Portal, rounds: int, max_rounds: int, overrides: list[str], work: Path, articles: int
) -> dict[str, object]:
    """Alternating bare and full crawls, until ``rounds`` of them were the crawlers' pace (or ``max_rounds``
    were run); prints their table and the ratios the crawler set, else why not."""
    bare_runs, full_runs = [], []
    fair_rounds = 0
    while len(bare_runs) < max(rounds, max_rounds) and (fair_rounds < rounds or len(bare_runs) < rounds):
        bare_runs.append(run_bare(portal, work))
        full_runs.append(run_full(portal, work, overrides))
        fair_rounds += bare_runs[-1]["bound"] == full_runs[-1]["bound"] == "crawler"
    rounds = len(bare_runs)
    print(f"speed, demo portal of {articles} posts, {rounds} alternating rounds")
    print(
        f"  {'crawl':<5} {'pages':>6} {'items':>6} {'sec':>6} {'pages/s':>8} {'CPU ms/page':>11}"
        f" {'portal ms/page':>14} {'latency ms':>10} {'crawler':>8} {'portal':>7} {'others':>7}"
        f" {'workers':>7}  bound by"
    )
    for name, runs in (("bare", bare_runs), ("full", full_runs)):
        for r in runs:
            latency = "-" if r["portal_latency_ms"] is None else f"{r['portal_latency_ms']:.2f}"
            print(
                f"  {name:<5} {r['pages']:6.0f} {r['items']:6.0f} {r['seconds']:6.2f} {r['pages_per_s']:8.1f}"
                f" {r['cpu_ms_per_page']:11.2f} {r['portal_cpu_ms_per_page']:14.2f} {latency:>10}"
                f" {r['crawler_share']:8.0%} {r['portal_share']:7.0%} {r['other_cores']:7.2f}"
                f" {r['workers']:7d}  {r['bound']}"
            )
    print("  (CPU and pages/s over each crawl's window; crawler and portal: share of one core; others: cores")
    print("   other processes took; latency: the portal's median answer on a kept-alive connection;")
    print("   workers: the full crawl's extraction processes, whose CPU counts as the crawler's)")
    figures: dict[str, object] = {"load_average_1m": round(os.getloadavg()[0], 2)}
    # each round's full/bare pair ran back to back: its ratio cancels the drift they shared
    pairs = zip(bare_runs, full_runs, strict=True)
    fair = [(b, f) for b, f in pairs if b["bound"] == f["bound"] == "crawler"]
    why_not = sorted({f"{r['bound']}: {r['why']}" for r in bare_runs + full_runs if r["bound"] != "crawler"})
    for reason in why_not:
        print(f"  not the crawler's pace: {reason}")
    if fair:
        paired = [f["pages_per_s"] / b["pages_per_s"] for b, f in fair]
        ratio = statistics.median(paired)
        cpu_bare = min(b["cpu_ms_per_page"] for b, _ in fair)
        cpu_full = min(f["cpu_ms_per_page"] for _, f in fair)
        rounds_text = ", ".join(f"{x:.3f}" for x in paired)
        print(f"  pages/s full/bare: {ratio:.3f}, median of {len(fair)} of {rounds} rounds ({rounds_text})")
        print(f"  CPU ms per page bare/full: {cpu_bare:.2f}/{cpu_full:.2f} = {cpu_bare / cpu_full:.3f}")
        figures.update(
            ratio=round(ratio, 3),
            round_ratios=[round(x, 3) for x in paired],
            bare_cpu_ms_per_page=round(cpu_bare, 2),
            full_cpu_ms_per_page=round(cpu_full, 2),
            cpu_ratio=round(cpu_bare / cpu_full, 3),
        )
    else:
        print("  NO RATIO: in no round did the crawlers set the pace of both crawls (reasons above)")
        figures.update(ratio=None, cpu_ratio=None, refused=why_not)
    cpu_bare_all = statistics.median(r["cpu_ms_per_page"] for r in bare_runs)
    cpu_full_all = statistics.median(r["cpu_ms_per_page"] for r in full_runs)
    print(
        f"  CPU ms per page, every round (median; load moves CPU time far less than pages/s): bare"
        f" {cpu_bare_all:.2f}, full {cpu_full_all:.2f}, full/bare {cpu_full_all / cpu_bare_all:.2f}x"
        f" (bare/full {cpu_bare_all / cpu_full_all:.3f})"
    )
    figures.update(
        all_rounds_bare_cpu_ms_per_page=round(cpu_bare_all, 2),
        all_rounds_full_cpu_ms_per_page=round(cpu_full_all, 2),
        all_rounds_cpu_ratio=round(cpu_bare_all / cpu_full_all, 3),
    )
    for name, runs in (("bare", bare_runs), ("full", full_runs)):
        best = max(runs, key=lambda r: r["pages_per_s"])
        figures[f"{name}_pages_per_s"] = round(best["pages_per_s"], 1)
        figures[f"{name}_process_cpu_ms_per_page"] = round(min(r["process_cpu_ms_per_page"] for r in runs), 2)
        figures[f"{name}_portal_share"] = round(statistics.median(r["portal_share"] for r in runs), 3)
        figures[f"{name}_portal_cpu_ms_per_page"] = round(
            statistics.median(r["portal_cpu_ms_per_page"] for r in runs), 3
        )
        figures[f"{name}_bound"] = [r["bound"] for r in runs]
    latencies = [r["portal_latency_ms"] for r in bare_runs + full_runs if r["portal_latency_ms"] is not None]
    figures["portal_latency_ms"] = round(statistics.median(latencies), 2) if latencies else None
    figures["full_items"] = full_runs[0]["items"]
    figures["full_extract_workers"] = full_runs[0]["workers"]
    ms_page = f"{figures['bare_portal_cpu_ms_per_page']}/{figures['full_portal_cpu_ms_per_page']} ms a page"
    shares = f"{figures['bare_portal_share']:.0%}/{figures['full_portal_share']:.0%} of a core"
    print(f"  the portal's own CPU, bare/full crawls: {ms_page}, {shares}")
    print_extraction_share(figures, *extraction_alone(portal.base_url))
    print(f"  goals: pages/s full/bare >= 0.85; CPU bare/full >= 0.83 (full at most {GOAL_CPU_RATIO}x bare)")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="posts of the portal for the speed runs")
    parser.add_argument("--rounds", type=int, default=5, help="alternating bare/full rounds")
    parser.add_argument(
        "--max-rounds",
        type=int,
        default=0,
        help="a shared machine: more rounds until --rounds were the crawlers' pace, at most this many",
    )
    parser.add_argument("--memory", type=int, default=50_000, help="posts of the portal for the memory run")
    parser.add_argument("--memory-runs", type=int, default=1, help="memory runs, for the spread of the slope")
    parser.add_argument("--memory-samples", type=Path, help="write every memory run's RSS samples (JSON)")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory run")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed rounds")
    parser.add_argument("--profile", action="store_true", help="profile one more full run")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting for the full crawl (what-if)",
    )
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--bare", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    for given in (args.articles, args.serve):
        if given is not None and given < MIN_ARTICLE_COUNT:
            parser.error(f"the demo portal needs at least {MIN_ARTICLE_COUNT} posts, not {given}")
    if args.serve:
        serve(args.serve)
        return 0
    if args.bare:
        bare(*args.bare)
        return 0

    work = Path(tempfile.mkdtemp(prefix="warta-bench-crawl-"))
    figures: dict[str, object] = {"articles": args.articles, "full_settings": args.set}
    if not args.no_speed:
        portal = Portal(args.articles)
        try:
            figures.update(speed(portal, args.rounds, args.max_rounds, args.set, work, args.articles))
            if args.profile:
                print("profile of one full run:")
                print("\n".join(profile_full(portal.base_url, work)))
        finally:
            portal.stop()
    if not args.no_memory:
        figures.update(memory(args.memory, args.memory_runs, work, args.set, args.memory_samples))
    shutil.rmtree(work, ignore_errors=True)  # every crawl's data folder and export
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
