"""The fault matrix of issue 12: every way a crawl was seen to lose articles, report OK on a bad run, never
finish or eat memory, run as a user runs it, then scored against the demo portal's truth.

Each scenario runs the real ``scrapy crawl`` command(s) against its own loopback portal (and its own
throwaway Redis or PostgreSQL, never the machine's shared ones), injects its fault, then, where the
scenario allows, runs the same command again with the fault removed (the next run). The union of every
JSON-lines export the runs left (kept files of unfinished ``-O`` runs included) is compared with the
truth (``demoportal.truth.expected_items``):

- exported: truth articles delivered (a line under their URL with their own body);
- lost: truth articles still missing after the last run (for a PostgreSQL sink, also exported articles
  missing from the table);
- duplicated: export lines beyond the first per canonical URL;
- false_ok: a run that exited 0 where the fault should have failed it, or the last run exiting 0 while
  articles are missing;
- unbounded: a run still going at its scenario's bound (killed);
- wrong_exit: a run that failed with another code than documented; failed_checks: a scenario's own
  checks (the last line names the cause, the memory bound, ...);
- peak RSS: the largest ``ru_maxrss`` of the scenario's crawl processes (a crawl's own peak or its
  extraction worker's, whichever is larger: the kernel gives a process tree's largest, not its sum; the giant
  pages are parsed in the worker); seconds: its wall time. Linux carries the launcher's peak over
  ``exec``, so no crawl's figure is below this runner's own peak (``runner_peak_rss_mb``, printed beside):
  a figure at that value may be the runner's, not the crawl's.

A scenario that cannot run here (no ``mount``, no helper module for throwaway servers, boto3 installed)
is listed as "not run" with the reason and counted under ``not_run``, never as passed.

Run: ``.venv/bin/python bench/faults.py`` (``--list``, ``--only NAME[,NAME]``, ``--keep`` to keep the
scenarios' folders). Ends with one JSON line; the goal is every count 0 and ``max_rss_mb`` under 300.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from bench.support.faults_portals import ExtraPagesPortal, ValvePortal, poisoned_page  # noqa: E402
from bench.support.faults_runner import (  # noqa: E402
    ANY,
    BAD_RUN,
    CANNOT_START,
    KILLED,
    OK,
    Case,
    NotRun,
    Run,
    Verdict,
    judge,
)
from crawler.peak_memory import own_peak_rss  # noqa: E402
from demoportal.server import DemoServer  # noqa: E402
from demoportal.site import Site, build_site  # noqa: E402
from demoportal.truth import expected_items  # noqa: E402

RSS_GOAL_MB = 300
KILL_SETTINGS = "tests.hostile.kill_settings"
SPIDER = "jagatbisnis"


@dataclass(frozen=True)
class Scenario:
    name: str
    about: str
    bound: float  # seconds: the whole scenario, every run in it
    body: Callable[[Case], None]


SCENARIOS: list[Scenario] = []


def scenario(name: str, about: str, bound: float = 300) -> Callable[[Callable[[Case], None]], Any]:
    def register(body: Callable[[Case], None]) -> Callable[[Case], None]:
        SCENARIOS.append(Scenario(name, about, bound, body))
        return body

    return register


_SITE: Site | None = None


def site() -> Site:
    """The demo portal's site, built once (every scenario's portal serves the same one)."""
    global _SITE
    if _SITE is None:
        _SITE = build_site()
    return _SITE


@contextmanager
def demo(case: Case, server: DemoServer | None = None) -> Iterator[DemoServer]:
    """A demo portal of the scenario's own (a fresh one: its one flaky page fails once per scenario);
    the scenario's truth is that portal's articles."""
    portal = server or DemoServer(site=site())
    with portal:
        case.set_truth(expected_items(portal.site, portal.base_url))
        yield portal


def on(portal: DemoServer) -> list[str]:
    return ["-a", f"base_url={portal.base_url}"]


def lines_in(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def kept_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("articles.*-*.jsonl"))


# ----- exports that fail, stop or are killed ----------------------------------------------------------------
@scenario("baseline", "no fault: one crawl of the demo portal with -O")
def baseline(case: Case) -> None:
    with demo(case) as portal:
        case.crawl("run", SPIDER, *on(portal), "-O", str(case.folder / "articles.jsonl"), expect=OK)


def _killed_from_outside(case: Case, option: str) -> None:
    out = case.folder / "articles.jsonl"
    with demo(case) as portal:
        args = [*on(portal), "-s", f"JOBDIR={case.folder / 'data' / 'job'}", option, str(out)]
        first = case.start("killed", SPIDER, *args, expect=KILLED)
        if case.wait_until("120 lines are exported", lambda: lines_in(out) >= 120, first):
            os.kill(first.proc.pid, signal.SIGKILL)
        case.wait(first)
        case.crawl("next", SPIDER, *args, expect=OK)
    if option == "-O":
        case.check(len(kept_files(case.folder)) == 1, "the killed -O run's file was not kept")


@scenario("sigkill-append", "kill -9 from outside once 120 lines are out (-o, JOBDIR), then the same command")
def sigkill_append(case: Case) -> None:
    _killed_from_outside(case, "-o")


@scenario(
    "sigkill-overwrite", "kill -9 from outside once 120 lines are out (-O, JOBDIR), then the same command"
)
def sigkill_overwrite(case: Case) -> None:
    _killed_from_outside(case, "-O")


def _kill_switch(case: Case, point: str, option: str) -> None:
    """The crawl SIGKILLs itself at ``point`` (tests/hostile/killswitch.py); the next run is the user's
    command with the project's own settings."""
    out = case.folder / "articles.jsonl"
    env = {"SCRAPY_SETTINGS_MODULE": KILL_SETTINGS, "WARTA_TEST_KILL_AT": point}
    with demo(case) as portal:
        args = [*on(portal), "-s", f"JOBDIR={case.folder / 'data' / 'job'}", option, str(out)]
        case.crawl("killed", SPIDER, *args, env=env, expect=KILLED)
        case.crawl("next", SPIDER, *args, expect=OK)


@scenario("sigkill-unrecorded", "SIGKILL after line 120 is written, before the state records it (-O)")
def sigkill_unrecorded(case: Case) -> None:
    _kill_switch(case, "item:120", "-O")


@scenario("torn-line", "SIGKILL halfway through writing line 90 (-o), then the same command")
def torn_line(case: Case) -> None:
    _kill_switch(case, "torn:90", "-o")
    next_run = case.runs[-1]
    case.check(
        next_run.stat("warta/resume/cut_lines_removed") == 1, "the cut line was not counted as removed"
    )


@scenario("full-disk", "-O onto a 300 KB tmpfs (mount -t tmpfs -o size=300k), then -O with room")
def full_disk(case: Case) -> None:
    disk = case.folder / "disk"
    disk.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(disk)], capture_output=True, text=True
    )
    if made.returncode != 0:
        raise NotRun(f"cannot mount a 300 KB tmpfs: {made.stderr.strip() or made.returncode}")
    try:
        with demo(case) as portal:
            full = case.crawl("full", SPIDER, *on(portal), "-O", str(disk / "articles.jsonl"), expect=BAD_RUN)
            case.check("No space left on device" in full.last_line(), "last line does not name the full disk")
            if (disk / "articles.jsonl").exists():  # what the user finds on the full disk is delivered
                shutil.copyfile(disk / "articles.jsonl", case.folder / "from-the-full-disk.jsonl")
            case.crawl("next", SPIDER, *on(portal), "-O", str(case.folder / "articles.jsonl"), expect=OK)
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True, check=False)


@scenario("unwritable-folder", "-O into a folder that is a file, then -O into a good folder")
def unwritable_folder(case: Case) -> None:
    blocker = case.folder / "not-a-folder"
    blocker.write_text("a file where the export folder should be\n")
    with demo(case) as portal:
        first = case.crawl(
            "refused", SPIDER, *on(portal), "-O", str(blocker / "articles.jsonl"), expect=BAD_RUN
        )
        case.check("could not be written" in first.last_line(), "last line does not name the unwritable feed")
        case.crawl("next", SPIDER, *on(portal), "-O", str(case.folder / "articles.jsonl"), expect=OK)


@scenario("s3-without-boto3", "-o s3://… with boto3 missing must refuse to start (exit 1), then -O locally")
def s3_without_boto3(case: Case) -> None:
    if importlib.util.find_spec("boto3") is not None:
        raise NotRun("boto3 is installed: an s3:// feed would be enabled and reach a public host")
    with demo(case) as portal:
        first = case.crawl(
            "refused", SPIDER, *on(portal), "-o", "s3://warta-test-bucket/articles.jsonl", expect=CANNOT_START
        )
        case.check("boto3" in first.last_line(), "last line does not name the missing boto3")
        case.check("Crawled (200)" not in first.text(), "the refused run fetched pages")
        case.crawl("next", SPIDER, *on(portal), "-O", str(case.folder / "articles.jsonl"), expect=OK)


@scenario("ftp-fails-at-close", "-o ftp://127.0.0.1:<closed port>/… (upload fails at close), then -O locally")
def ftp_fails_at_close(case: Case) -> None:
    ftp = f"ftp://warta:secret@127.0.0.1:{closed_port()}/articles.jsonl"
    with demo(case) as portal:
        first = case.crawl("upload", SPIDER, *on(portal), "-o", ftp, expect=BAD_RUN)
        case.check("failed to store" in first.last_line(), "last line does not name the failed upload")
        case.crawl("next", SPIDER, *on(portal), "-O", str(case.folder / "articles.jsonl"), expect=OK)


@scenario("closespider-overwrite", "-O with CLOSESPIDER_ITEMCOUNT=40, then the same -O without the limit")
def closespider_overwrite(case: Case) -> None:
    out = case.folder / "articles.jsonl"
    with demo(case) as portal:
        case.crawl(
            "limited", SPIDER, *on(portal), "-s", "CLOSESPIDER_ITEMCOUNT=40", "-O", str(out), expect=BAD_RUN
        )
        case.crawl("next", SPIDER, *on(portal), "-O", str(out), expect=OK)
    case.check(len(kept_files(case.folder)) == 1, "the stopped -O run's file was not kept")


@scenario("sigterm-overwrite", "SIGTERM once (a systemd stop) mid-crawl with -O, then the same -O")
def sigterm_overwrite(case: Case) -> None:
    out = case.folder / "articles.jsonl"
    with demo(case, ValvePortal(hold_after=60, site=site())) as portal:
        assert isinstance(portal, ValvePortal)
        args = [*on(portal), "-O", str(out)]
        first = case.start("stopped", SPIDER, *args, expect=BAD_RUN)
        if case.wait_until(
            "pages wait at the valve", lambda: portal.held >= 1 and lines_in(out) >= 20, first
        ):
            first.proc.send_signal(signal.SIGTERM)
        portal.open()
        case.wait(first, timeout=120)
        case.check(
            "'finish_reason': 'shutdown'" in first.text(), "the stopped run's finish reason is not shutdown"
        )
        case.crawl("next", SPIDER, *args, expect=OK)
    case.check(len(kept_files(case.folder)) == 1, "the stopped -O run's file was not kept")


def _worker_fault(case: Case, sig: signal.Signals, *extra: str) -> Run:
    """``sig`` to the crawl's extraction worker while the portal holds its next pages, then the pages let
    through: the worker's pages must be read in a new one and every article delivered, exit 0."""
    from bench.support.crawl_pace import children

    out = case.folder / "articles.jsonl"
    with demo(case, ValvePortal(hold_after=60, site=site())) as portal:
        assert isinstance(portal, ValvePortal)
        args = [*on(portal), "-O", str(out), "-s", "WARTA_EXTRACT_WORKERS=1", *extra]
        run = case.start("run", SPIDER, *args, expect=OK)
        if case.wait_until("pages wait at the valve", lambda: portal.held >= 1 and lines_in(out) >= 20, run):
            workers = children(run.proc.pid)
            case.check(len(workers) == 1, f"{len(workers)} extraction workers, not 1")
            for worker in workers:
                os.kill(worker, sig)
        portal.open()
        case.wait(run)
    case.check(run.stat("warta/extract/worker_restarts") == 1, "the worker's pool was not replaced once")
    return run


@scenario("extract-worker-killed", "the extraction worker SIGKILLed mid-crawl (the OOM killer)")
def extract_worker_killed(case: Case) -> None:
    _worker_fault(case, signal.SIGKILL)


@scenario("extract-worker-stopped", "the extraction worker SIGSTOPped mid-crawl (hung), a 5 s read timeout")
def extract_worker_stopped(case: Case) -> None:
    run = _worker_fault(case, signal.SIGSTOP, "-s", "WARTA_EXTRACT_TIMEOUT=5")
    case.check(run.stat("warta/extract/worker_timeouts") == 1, "the hung worker's timeout was not counted")


@scenario("two-at-once", "a second crawl on the same data folder while the first runs (must exit 1)")
def two_at_once(case: Case) -> None:
    out = case.folder / "articles.jsonl"
    with demo(case, ValvePortal(hold_after=60, site=site())) as portal:
        assert isinstance(portal, ValvePortal)
        args = [*on(portal), "-O", str(out)]
        first = case.start("first", SPIDER, *args, expect=OK)
        if case.wait_until("the first run is exporting", lambda: lines_in(out) >= 20, first):
            second = case.start("second", SPIDER, *args, expect=CANNOT_START)
            # A refusal takes seconds; a second run that was not refused crawls too, and waits at the
            # valve with the first: then both are let through and scored.
            case.wait_until("the second run is refused", second.poll, timeout=90)
            portal.open()
            case.wait(second)
            case.check("already running" in second.last_line(), "the second run does not say it is refused")
        portal.open()
        case.wait(first)
    case.check(kept_files(case.folder) == [], "the refused run renamed the first run's live -O file")


# ----- pages and portals that never end, eat memory or lie --------------------------------------------------
def _trap(case: Case, mode: str, cut: str, failed_monitor: str) -> None:
    from tests.e2e.discovery_traps import TrapPortal

    case.truth = {}  # every article there is a 404: nothing to deliver, the run must end
    with TrapPortal(mode) as trap:
        run = case.crawl(
            "trap", SPIDER, "-a", f"base_url={trap.base_url}", "-O", str(case.folder / "articles.jsonl"),
            expect=BAD_RUN,
        )  # fmt: skip
        case.notes.append(f"{len(trap.paths)} requests")
    case.check((run.stat(f"warta/discovery/cut/{cut}") or 0) >= 1, f"the {cut} cut is not counted")
    case.check(failed_monitor in run.last_line(), f"the verdict does not name {failed_monitor}")


@scenario(
    "trap-endless-paging", "a listing whose every /page/N/ links a next page and nothing new", bound=150
)
def trap_endless_paging(case: Case) -> None:
    _trap(case, "paging", "listing_stale", "items_exported")


@scenario(
    "trap-dead-link-paging", "a listing whose every page adds five new links that all answer 404", bound=150
)
def trap_dead_link_paging(case: Case) -> None:
    _trap(case, "gone_paging", "listing_stale", "items_exported")


@scenario("trap-sitemap-chain", "a sitemap index naming an index naming an index … without end", bound=150)
def trap_sitemap_chain(case: Case) -> None:
    _trap(case, "sitemap_chain", "sitemap_depth", "sitemaps_unread")


@scenario("giant-pages", "a 5 MB text article and a page of a million <p> tags among the articles")
def giant_pages(case: Case) -> None:
    from tests.e2e.test_memory_per_page import PAGES

    pages = {
        "/2023/01/10/halaman-raksasa/": PAGES["million_tags"].encode(),
        "/2023/01/11/teks-raksasa/": PAGES["five_mb_text"].encode(),
    }
    with demo(case, ExtraPagesPortal(pages, site=site())) as portal:
        run = case.crawl("run", SPIDER, *on(portal), "-O", str(case.folder / "articles.jsonl"), expect=OK)
    case.check(run.rss_kb / 1024 < RSS_GOAL_MB, f"peak RSS {run.rss_kb / 1024:.0f} MB, over {RSS_GOAL_MB}")
    case.check(run.stat("warta/extract/cut_pages") == 1, "the page of a million tags was not cut and counted")
    case.check(run.stat("warta/dropped/body_too_large") == 1, "the 5 MB article was not dropped and counted")


@scenario(
    "canonical-poisoning", "pages whose rel=canonical names another article: first in a run, then across runs"
)
def canonical_poisoning(case: Case) -> None:
    """Run 1: the claim is exported before the victim's sitemap is read (the portal holds its discovery
    documents until then), so the victim is still unknown when it is claimed. Run 2: a new page claims an
    article run 1 exported."""
    plain = [a for a in site().articles if a.path not in (site().slow_path, site().flaky_path)]
    first_victim, second_victim = plain[5], plain[50]  # old articles: not on the home page
    with demo(case, ExtraPagesPortal({}, site=site())) as portal:
        assert isinstance(portal, ExtraPagesPortal)
        first_out = case.folder / "first.jsonl"
        attack = {"/2023/03/16/promo-hebat-1/": poisoned_page(portal.base_url + first_victim.path, 1)}
        portal.set_pages(attack)
        portal.discovery = threading.Event()
        first = case.start("first", SPIDER, *on(portal), "-O", str(first_out), expect=OK)
        case.wait_until(
            "the claim is exported",
            lambda: first_out.exists() and b"promo-hebat-1" in first_out.read_bytes(),
            first,
        )
        portal.discovery.set()
        case.wait(first)
        attack["/2023/03/16/promo-hebat-2/"] = poisoned_page(portal.base_url + second_victim.path, 2)
        portal.set_pages(attack)
        second = case.crawl("second", SPIDER, *on(portal), "-O", str(case.folder / "second.jsonl"), expect=OK)
    for run in (first, second):
        conflicts = run.stat("warta/items/canonical_conflict") or 0
        case.check(conflicts >= 1, f"the {run.label} run did not count a canonical conflict")


@scenario("broken-profile", "a profile with a bad CSS selector (exit 1), then the shipped profile")
def broken_profile(case: Case) -> None:
    profiles = case.folder / "portals"
    shutil.copytree(ROOT / "crawler" / "portals", profiles)
    toml = profiles / f"{SPIDER}.toml"
    lines = toml.read_text(encoding="utf-8").splitlines()
    toml.write_text(
        "\n".join('body = [".entry-content >> p"]' if x.startswith("body = ") else x for x in lines) + "\n",
        encoding="utf-8",
    )
    with demo(case) as portal:
        first = case.crawl(
            "broken", SPIDER, *on(portal), env={"WARTA_PROFILES_DIR": str(profiles)}, expect=CANNOT_START
        )
        case.check("bad CSS selector" in first.last_line(), "last line does not name the bad selector")
        case.crawl("next", SPIDER, *on(portal), drop_env=("WARTA_PROFILES_DIR",), expect=OK)


@scenario("rejected-url-shapes", "real kompas 2015-2016 permalinks the profile's pattern rejects (exit 3)")
def rejected_url_shapes(case: Case) -> None:
    import re

    from tests.e2e import test_rejected_article_urls as rejected

    if not rejected.REAL.exists():
        raise NotRun(f"the real pages are not here: {rejected.REAL}")
    pages = rejected._pages()
    pages.pop("/read/2016/02/16/14382362/menteri-yuddy-ancam-pns", None)  # the test's lower-case copy
    profiles = case.folder / "portals"
    shutil.copytree(ROOT / "crawler" / "portals", profiles)
    text = (profiles / "kompas.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(news_sitemaps|feeds|listings) = .*$", r"\1 = []", text)
    (profiles / "kompas.toml").write_text(text, encoding="utf-8")
    narrow = re.sub(
        r"(?m)^article_url_pattern = .*$", lambda _: f"article_url_pattern = '{rejected.NARROW}'", text
    )
    (profiles / "kompas_narrow.toml").write_text(
        narrow.replace('name = "kompas"', 'name = "kompas_narrow"'), encoding="utf-8"
    )
    env = {"WARTA_PROFILES_DIR": str(profiles)}
    portal = rejected._Site(pages)
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    try:
        case.truth = {path: None for path in pages}  # real pages: any body the extractor reads
        # These 2015-2016 pages predate the profile's selectors (read by the generic extractor): layout
        # drift is not what this scenario is about, so its monitor is left out of both runs.
        args = ["-a", f"base_url={portal.base_url}", "-s", "WARTA_DRIFT_THRESHOLD=1"]
        first = case.crawl("narrow", "kompas_narrow", *args, env=env, expect=BAD_RUN)
        case.check("discovery_rejected" in first.last_line(), "the verdict does not name discovery_rejected")
        case.crawl("next", "kompas", *args, env=env, expect=OK)
    finally:
        portal.shutdown()
        portal.server_close()


# ----- Redis: outages and dead workers ----------------------------------------------------------------------
def _helper(module: str) -> Any:
    """A throwaway-server helper of the test suite, imported only when a scenario needs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise NotRun(f"needs {module.replace('.', '/')}.py") from exc


@contextmanager
def redis_crawl(
    case: Case, hold_after: int, hold_all: bool = False
) -> Iterator[tuple[Any, ValvePortal, list[str], str]]:
    """A throwaway Redis and a portal that waits for two workers, then holds article pages at its valve."""
    helper = _helper("tests.throwaway_redis")
    if not Path(helper.REDIS_SERVER).is_file():
        raise NotRun(f"redis-server not found at {helper.REDIS_SERVER}")
    import redis

    prefix = f"wartabench-{uuid.uuid4().hex[:8]}"
    with helper.ThrowawayRedis(case.folder / "redis") as server:
        table = redis.Redis.from_url(server.url)
        workers_key = f"{prefix}:{SPIDER}:workers"
        ready = lambda: table.hlen(workers_key) >= 2  # noqa: E731
        portal = ValvePortal(hold_after, ready=ready, hold_all=hold_all, site=site())
        with demo(case, portal):
            settings = ["-s", f"REDIS_URL={server.url}", "-s", f"WARTA_REDIS_PREFIX={prefix}"]
            # Held pages must not time out; a dead worker's leases are taken over soon.
            settings += ["-s", "DOWNLOAD_TIMEOUT=300", "-s", "WARTA_REDIS_WORKER_STALE_AFTER=5"]
            yield server, portal, [*on(portal), *settings], prefix


def _worker(case: Case, i: int, tag: str, args: list[str], expect: tuple[int, ...] | None) -> Run:
    export = case.folder / f"{tag}{i}.jsonl"
    return case.start(
        f"{tag}{i}", SPIDER, *args, "-O", str(export), data_dir=case.folder / f"data{i}", expect=expect
    )


def _exported_lines(case: Case, tag: str) -> int:
    return sum(lines_in(p) for p in case.folder.glob(f"{tag}*.jsonl"))


@scenario("redis-reset", "Redis killed and restarted empty mid-crawl (two workers), then the next crawl")
def redis_reset(case: Case) -> None:
    with redis_crawl(case, hold_after=60) as (server, portal, args, _):
        workers = [_worker(case, i, "worker", args, BAD_RUN) for i in range(2)]
        if case.wait_until(
            "pages wait at the valve",
            lambda: portal.held >= 4 and _exported_lines(case, "worker") >= 30,
            *workers,
        ):
            server.restart()  # SIGKILL, then an empty server on the same port
        portal.open()
        case.wait(*workers, timeout=180)
        for worker in workers:
            case.check("reset" in worker.last_line(), f"{worker.label}'s last line does not name the reset")
        case.wait(*[_worker(case, i, "next", args, OK) for i in range(2)], timeout=180)


@scenario("redis-gone", "Redis killed for good mid-crawl: bounded exit 3; then Redis back and the next crawl")
def redis_gone(case: Case) -> None:
    bound = 5
    with redis_crawl(case, hold_after=60) as (server, portal, args, _):
        args = [*args, "-s", f"WARTA_REDIS_OUTAGE_MAX={bound}"]
        workers = [_worker(case, i, "worker", args, BAD_RUN) for i in range(2)]
        if case.wait_until("pages wait at the valve", lambda: portal.held >= 4, *workers):
            server.kill()
        portal.open()
        case.wait(*workers, timeout=bound + 90)  # far more than the bound, far less than a hang
        for worker in workers:
            case.check("unreachable" in worker.last_line(), f"{worker.label}'s last line does not name Redis")
        server.start()  # back, empty: each worker's next run in turn (the first may name the other's journal)
        case.wait(_worker(case, 0, "next", args, ANY), timeout=180)
        case.wait(_worker(case, 1, "next", args, OK), timeout=180)


@scenario(
    "redis-hung", "Redis stops answering (SIGSTOP) mid-crawl for a few seconds, then answers (two workers)"
)
def redis_hung(case: Case) -> None:
    """Calls that time out while Redis hangs may still run once it answers (a lease taken, a flag set)
    with nobody hearing the reply: the workers must resume and finish, their runs saying what they lost
    (exit 3 when an item failed while Redis hung), and the next crawl fill the gap."""
    with redis_crawl(case, hold_after=60) as (server, portal, args, _):
        args = [*args, "-s", "WARTA_REDIS_SOCKET_TIMEOUT=1", "-s", "WARTA_REDIS_OUTAGE_MAX=120"]
        workers = [_worker(case, i, "worker", args, (0, 3)) for i in range(2)]
        if case.wait_until("pages wait at the valve", lambda: portal.held >= 4, *workers):
            server.pause()
            try:
                case.wait_until(
                    "both workers paused", lambda: all("unreachable" in w.text() for w in workers), *workers
                )
            finally:
                server.resume()
        portal.open()
        case.wait(*workers, timeout=180)
        case.wait(_worker(case, 0, "next", args, OK), timeout=180)


@scenario(
    "redis-worker-killed", "one of two Redis workers SIGKILLed with requests in flight; the other goes on"
)
def redis_worker_killed(case: Case) -> None:
    """Killed when every request the workers lease waits at the valve (as tests/e2e/test_redis_faults.py
    does): a worker killed in the instant between an export line and its record in Redis exports that
    article twice by design (crawler/distributed/leases.py), which a kill at a random moment hits now and
    then; this scenario is about the requests in flight."""
    import redis

    with redis_crawl(case, hold_after=60, hold_all=True) as (server, portal, args, prefix):
        leases = redis.Redis.from_url(server.url)
        leased = f"{prefix}:{SPIDER}:leases"
        args = [*args, "-s", "CONCURRENT_REQUESTS=8"]  # the per-host limit: a leased request is a sent one
        victim, survivor = (_worker(case, i, "worker", args, expect) for i, expect in ((0, KILLED), (1, OK)))
        if case.wait_until(
            "both workers' requests wait at the valve, everything else handled",
            lambda: portal.held >= 9 and leases.hlen(leased) == portal.held,
            victim,
            survivor,
        ):
            os.kill(victim.proc.pid, signal.SIGKILL)
        case.wait(victim, timeout=60)
        portal.open()
        case.wait(survivor, timeout=240)


@scenario(
    "redis-worker-killed-anytime",
    "one of two Redis workers SIGKILLed at whatever it is doing (pages at the valve); the other goes on",
)
def redis_worker_killed_anytime(case: Case) -> None:
    """The kill of ``redis-worker-killed`` at a moment nobody chose: the victim may be extracting, writing
    an export line or recording one. Nothing may be lost; the one article a kill between its export line
    and its record in Redis leaves (the victim's last line) may come twice, by design."""
    with redis_crawl(case, hold_after=60) as (_, portal, args, _):
        victim, survivor = (_worker(case, i, "worker", args, expect) for i, expect in ((0, KILLED), (1, OK)))
        if case.wait_until(
            "both workers' pages wait at the valve", lambda: portal.held >= 9, victim, survivor
        ):
            os.kill(victim.proc.pid, signal.SIGKILL)
        case.wait(victim, timeout=60)
        portal.open()
        case.wait(survivor, timeout=240)
    lines = (case.folder / "worker0.jsonl").read_bytes().rpartition(b"\n")[0].split(b"\n")
    if lines and lines[-1].strip():
        case.documented_duplicates.add(case.key(json.loads(lines[-1])["canonicalUrl"]))


# ----- PostgreSQL sink: outages -----------------------------------------------------------------------------
@contextmanager
def throwaway_postgres(case: Case) -> Iterator[Any]:
    helper = _helper("tests.throwaway_postgres")
    reason = helper.missing_binaries()
    if reason:
        raise NotRun(reason)
    with helper.throwaway_postgres() as server:
        yield server


def table_keys(case: Case, pg: Any) -> set[str]:
    import psycopg

    try:
        with pg.connect() as conn:
            return {case.key(url) for (url,) in conn.execute("SELECT canonical_url FROM articles")}
    except psycopg.errors.UndefinedTable:
        return set()


@scenario("pg-stopped-3s", "PostgreSQL stopped for ~3 s mid-crawl; the sink must catch up (table = export)")
def pg_stopped(case: Case) -> None:
    with throwaway_postgres(case) as pg, demo(case, ValvePortal(hold_after=40, site=site())) as portal:
        assert isinstance(portal, ValvePortal)
        args = [*on(portal), "-O", str(case.folder / "articles.jsonl"), "-s", f"WARTA_POSTGRES_DSN={pg.dsn}"]
        run = case.start("run", SPIDER, *args, "-s", "DOWNLOAD_TIMEOUT=300", expect=OK)
        if case.wait_until("the table has rows", lambda: len(table_keys(case, pg)) >= 20, run):
            pg.stop()
            portal.open()
            time.sleep(3)  # the outage itself: the crawl goes on meanwhile
            pg.start()
        portal.open()
        case.wait(run, timeout=240)
        case.rows = table_keys(case, pg)
        case.notes.append(f"{len(case.rows)} rows")


@scenario("pg-down-at-close", "PostgreSQL down when the crawl closes (exit 3), then back for the next run")
def pg_down_at_close(case: Case) -> None:
    with throwaway_postgres(case) as pg, demo(case, ValvePortal(hold_after=40, site=site())) as portal:
        assert isinstance(portal, ValvePortal)
        dsn = ["-s", f"WARTA_POSTGRES_DSN={pg.dsn}", "-s", "WARTA_POSTGRES_CLOSE_WAIT=2"]
        first = case.start(
            "first", SPIDER, *on(portal), "-O", str(case.folder / "first.jsonl"), *dsn,
            "-s", "DOWNLOAD_TIMEOUT=300", expect=BAD_RUN,
        )  # fmt: skip
        if case.wait_until("the table has rows", lambda: len(table_keys(case, pg)) >= 20, first):
            pg.stop()
        portal.open()
        case.wait(first, timeout=240)
        case.check("PostgreSQL" in first.last_line(), "the first run's last line does not name PostgreSQL")
        if first.code is not None and not first.timed_out:
            with contextlib.suppress(RuntimeError):  # running: the stop never happened (noted above)
                pg.start()
        case.crawl("next", SPIDER, *on(portal), "-O", str(case.folder / "second.jsonl"), *dsn, expect=OK)
        case.rows = table_keys(case, pg)
        case.notes.append(f"{len(case.rows)} rows")


# ----- the matrix -------------------------------------------------------------------------------------------
def run_scenario(item: Scenario, workdir: Path) -> Verdict:
    folder = workdir / item.name
    folder.mkdir(parents=True)
    case = Case(item.name, folder, item.bound)
    try:
        item.body(case)
    except NotRun as why:
        case.finish_all()
        return Verdict(item.name, f"not run ({why})", seconds=time.monotonic() - case.started)
    except Exception:
        case.problems.append("bench error: " + traceback.format_exc().strip().splitlines()[-1])
        traceback.print_exc()
    case.finish_all()
    return judge(case)


def print_table(verdicts: list[Verdict]) -> None:
    head = f"{'scenario':<24} {'status':<7} {'exported':>8} {'lost':>5} {'dup':>4} {'false_ok':>8} "
    head += f"{'exit codes':<12} {'RSS MB':>7} {'seconds':>7}  notes"
    print(head)
    print("-" * len(head))
    for v in verdicts:
        if not v.run:
            print(f"{v.name:<24} {v.status}")
            continue
        notes = "; ".join(v.notes)
        print(
            f"{v.name:<24} {v.status:<7} {v.exported:>8} {v.lost:>5} {v.duplicated:>4} {v.false_ok:>8} "
            f"{v.codes:<12} {v.rss_mb:>7.0f} {v.seconds:>7.1f}  {notes}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated scenario names")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    parser.add_argument("--keep", action="store_true", help="keep the scenarios' folders (logs, exports)")
    args = parser.parse_args(argv)
    if args.list:
        for item in SCENARIOS:
            print(f"{item.name:<24} {item.about} (bound {item.bound:.0f} s)")
        return 0
    chosen = SCENARIOS
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = sorted(set(names) - {s.name for s in SCENARIOS})
        if unknown:
            parser.error(f"unknown scenario(s): {', '.join(unknown)} (see --list)")
        chosen = [s for s in SCENARIOS if s.name in names]

    workdir = Path(tempfile.mkdtemp(prefix="warta-faults-"))
    started = time.monotonic()
    verdicts = []
    try:
        for item in chosen:
            verdict = run_scenario(item, workdir)
            verdicts.append(verdict)
            print(
                f"[{verdict.name}] {verdict.status} in {verdict.seconds:.0f} s", file=sys.stderr, flush=True
            )
    finally:
        if args.keep:
            print(f"scenario folders kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print_table(verdicts)
    ran = [v for v in verdicts if v.run]
    summary = {
        "scenarios": len(verdicts),
        "not_run": len(verdicts) - len(ran),
        "lost": sum(v.lost for v in ran),
        "duplicated": sum(v.duplicated for v in ran),
        "false_ok": sum(v.false_ok for v in ran),
        "unbounded": sum(v.unbounded for v in ran),
        "wrong_exit": sum(v.wrong_exit for v in ran),
        "failed_checks": sum(v.failed_checks for v in ran),
        "max_rss_mb": round(max((v.rss_mb for v in ran), default=0.0), 1),
        "runner_peak_rss_mb": round((own_peak_rss() or 0) / 2**20, 1),
        "seconds": round(time.monotonic() - started, 1),
    }
    print(f"this runner's own peak RSS: {summary['runner_peak_rss_mb']} MB (no crawl's figure is below it)")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
