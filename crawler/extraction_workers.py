"""Where a crawl's extraction runs: in the crawl's own process, or in a worker process beside it.

Scrapy runs a spider's callbacks, its pipelines and all its own work in one thread, so a crawl uses one
core. Extraction is the largest part of that work (~1.2 ms of the ~3.6 ms of CPU a demo-portal article
costs the crawl; ``bench/crawl_speed.py``) and needs nothing from Scrapy: HTML and a URL in, field values
out. :class:`WorkerPoolReader` runs it in worker processes (the standard library's
``ProcessPoolExecutor``, forked once the spider opens), so the crawl's own process goes on scheduling,
downloading, deduplicating and exporting while a page is read: on a machine of two or more cores a crawl
held by its CPU fetches 1.2-1.3x the pages a second, for 8-15% more CPU a page (the page and its fields
cross a pipe, handed over by the pool's threads). ``WARTA_EXTRACT_WORKERS`` sets how many (``auto``: one
where the crawl's CPU sets its pace, see :func:`workers_wanted`).

A worker that dies (killed for memory, a crash in a C library) breaks the pool and every read waiting
on it: the pool is replaced at once, counted as ``warta/extract/worker_restarts``, and each of those pages
is read once more in the new pool. A page that takes a second worker with it raises
:class:`ExtractionWorkerLost`, which the article callback counts as an article not delivered (the run
fails, naming the page); the crawl goes on with a fresh pool. So a dead worker costs at most the pages
that killed it, and never silently. A read that takes longer than ``WARTA_EXTRACT_TIMEOUT`` (a page that
sends the parser into a loop, a worker stopped or deadlocked) is treated the same way: the pool's workers
are killed, counted as ``warta/extract/worker_timeouts``, and its pages read again in a new pool, so no page
holds the crawl without end.

:func:`read_page` is the one extraction call either way, so both give the same item for a page.

A forked worker holds copies of what the crawl had open when it was forked (state files, the run lock,
connections); it never uses them, and it never outlives the crawl: the kernel kills it when the crawl
ends, however it ends (``_end_with``), so the run lock is free for the next run.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import math
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.settings import BaseSettings
from scrapy.utils.reactor import is_asyncio_reactor_installed, is_reactor_installed

from crawler.extract import extract
from crawler.items import field_values
from crawler.profiles import Profile
from crawler.runmode import records_run

logger = logging.getLogger(__name__)

WORKERS_SETTING = "WARTA_EXTRACT_WORKERS"
TIMEOUT_SETTING = "WARTA_EXTRACT_TIMEOUT"
RESTART_STAT = "warta/extract/worker_restarts"
TIMEOUT_STAT = "warta/extract/worker_timeouts"
# Seconds a pool's workers get to end (at close), and a pool whose workers were killed to fail its reads
# (after a timeout), before the workers are killed or the pool is given up as hung itself.
STOP_GRACE = 10.0
# Pools a page may be handed to: two that it broke itself (then it is lost), more that other pages broke.
MAX_HANDOVERS = 6
WORKERS_STAT = "warta/extract/workers"


@dataclass(frozen=True)
class PageReading:
    """What the crawl keeps of one extracted page (plain values, so it crosses a process boundary)."""

    data: dict[str, Any]  # the item's field values, with profileMisses and dateDisagreements
    next_page: str | None  # the article's next page, when it spans several
    cut: bool  # more tags than max_tags: only the first ones were read
    too_deep: bool  # nested past the parser's 2048 levels: what came after was not read
    mojibake_runs: int  # runs of UTF-8 once read as windows-1252, put back before parsing


def read_page(html: str, url: str, profile: Profile | None, max_tags: int) -> PageReading:
    """One page's extraction, the same in the crawl's process and in a worker."""
    extraction = extract(html, url, profile, max_tags=max_tags)
    data = field_values(extraction.item) or {}
    data.update(profileMisses=extraction.profile_misses, dateDisagreements=extraction.date_disagreements)
    return PageReading(
        data, extraction.next_page, extraction.cut, extraction.too_deep, extraction.mojibake_runs
    )


class ExtractionWorkerLost(RuntimeError):
    """A page's extraction worker died, or hung past the timeout, twice while reading it (or the page was
    handed to ``MAX_HANDOVERS`` pools that all broke): the page is not read."""


class _StoppedForAnother(Exception):
    """A read failed because its pool's workers were killed for another page's timeout: read it again,
    without counting it against this page."""


class ExtractionFailed(RuntimeError):
    """An error of extraction in a worker that could not cross to the crawl as itself (named here; the
    log's traceback holds the worker's)."""


class InProcessReader:
    """Extraction in the crawl's own process: one page at a time, between Scrapy's other work."""

    workers = 0

    def __init__(self, profile: Profile | None, max_tags: int) -> None:
        self.profile, self.max_tags = profile, max_tags

    async def read(self, html: str, url: str) -> PageReading:
        return read_page(html, url, self.profile, self.max_tags)

    def close(self) -> None:
        """Nothing to stop."""


class WorkerPoolReader:
    """Extraction in ``workers`` forked processes; each page's result awaited without blocking the crawl.

    Forked, not spawned: a worker starts in a few milliseconds with the extraction library, the profile
    and the settings already loaded, and shares their memory with the crawl until either writes to it.
    """

    def __init__(
        self,
        workers: int,
        profile: Profile | None,
        max_tags: int,
        *,
        timeout: float = 60.0,
        count: Callable[[str], object] = lambda stat: None,
    ) -> None:
        self.workers, self.profile, self.max_tags = workers, profile, max_tags
        self.timeout = timeout
        self._count = count
        self._killed: ProcessPoolExecutor | None = None  # the last pool whose workers a timeout killed
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_worker_started,
            initargs=(os.getpid(), self.profile, self.max_tags),
        )
        pool.submit(int)  # fork now, while the crawl has few threads and little heap
        return pool

    async def read(self, html: str, url: str) -> PageReading:
        lost = 0  # pools this page broke: a worker that died on it, or its own timeout
        for _ in range(MAX_HANDOVERS):
            pool = self._pool
            try:
                return await self._in_time(pool, pool.submit(_read_in_worker, html, url), url)
            except _StoppedForAnother:
                self._replace(pool)
            except BrokenProcessPool as broken:
                self._replace(pool)
                lost += 1
                if lost == 2:
                    raise ExtractionWorkerLost(f"an extraction worker died twice reading {url}") from broken
                logger.warning("An extraction worker died (%s); reading %s again in a new one", broken, url)
        raise ExtractionWorkerLost(f"{url} was handed to {MAX_HANDOVERS} extraction pools, each one lost")

    async def _in_time(self, pool: ProcessPoolExecutor, future: Future, url: str) -> PageReading:
        """The read's result. Past ``timeout`` the pool's workers are killed, which fails this read and
        every other one waiting in the pool with ``BrokenProcessPool``: the caller reads the page again,
        and those others with :class:`_StoppedForAnother` (their pages did not hang the worker: the one
        that waited longest did, which in a pool of one worker is the page it was reading)."""
        reading = _awaited(future)
        done, _ = await asyncio.wait({reading}, timeout=self.timeout)
        if done:
            return self._result(reading, pool, hung=False)
        hung = self._killed is not pool  # the pages queued behind it time out a moment later
        if hung:
            self._killed = pool
            self._count(TIMEOUT_STAT)
            logger.warning(
                "Reading %s took over %g s in an extraction worker (%s): its workers are killed",
                url,
                self.timeout,
                TIMEOUT_SETTING,
            )
            _kill_workers(pool)
        try:
            await asyncio.wait_for(asyncio.shield(reading), STOP_GRACE)
        except TimeoutError:  # the pool's own threads hang: it cannot even report its workers dead
            raise BrokenProcessPool(f"the extraction pool did not answer after reading {url}") from None
        except BrokenProcessPool:
            pass
        return self._result(reading, pool, hung=hung)

    def _result(self, reading: asyncio.Future, pool: ProcessPoolExecutor, *, hung: bool) -> PageReading:
        try:
            return reading.result()
        except BrokenProcessPool:
            if self._killed is pool and not hung:
                raise _StoppedForAnother from None
            raise

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """A new pool for the broken one, once, however many reads found it broken."""
        if self._pool is not broken:
            return
        broken.shutdown(wait=False)  # its pending reads have failed with it already
        self._count(RESTART_STAT)
        self._pool = self._start()

    def close(self) -> None:
        """Waits for the pages being read (the engine closes the spider once its callbacks are done; a
        read cancelled here would end its callback uncounted), and for the workers' end: at most
        ``STOP_GRACE`` seconds, then a worker still there (stopped, stuck on a lock) is killed. The pool's
        own shutdown waits for its workers without a bound, and so would the crawl's exit."""
        pool = self._pool
        processes = _workers_of(pool)
        pool.shutdown(wait=False)
        if running := still_running(processes, STOP_GRACE):
            logger.warning("An extraction worker did not end with the crawl within %g s: killed", STOP_GRACE)
            _kill_workers(pool, running)
            still_running(running, STOP_GRACE)  # a killed process ends at once, stopped or not


Reader = InProcessReader | WorkerPoolReader


def workers_wanted(settings: BaseSettings) -> int:
    """``WARTA_EXTRACT_WORKERS`` as a number of worker processes; ``auto`` gives one where it pays.

    Where the crawl's CPU sets its pace: no ``DOWNLOAD_DELAY`` (a backfill, a mirror, the demo portal).
    A polite crawl waits that delay between a host's requests (0.25 s by default: at most 4 pages a
    second of a portal, a few percent of a core), so a worker would add memory and CPU for nothing.
    One: the crawl's own process spends about twice the CPU a page that extraction does, so a second
    worker would mostly wait. None either when the machine (or a container's CPU quota, see
    :func:`usable_cores`) gives this process less than two whole cores, when the
    platform cannot fork (Windows, and macOS, where forking a threaded process is unsafe), for a look
    command (one page), for a worker of a shared crawl in Redis (``REDIS_URL``): there more crawl
    processes, one a core, are the way to use a machine, and a pool in each would only compete with them;
    and under a Twisted reactor other than Scrapy's asyncio one (a worker's result is an asyncio future).
    """
    value = settings.get(WORKERS_SETTING, "auto")
    if str(value).strip().lower() != "auto":
        try:
            workers = max(int(value), 0)
        except ValueError:
            wanted = f"{WORKERS_SETTING} must be a number of processes or 'auto', not {value!r}"
            raise ValueError(wanted) from None
        if workers and not can_fork():
            raise ValueError(
                f"{WORKERS_SETTING}={workers}: this platform cannot fork worker processes; use 0"
            )
        if workers and not _asyncio_reactor():
            raise ValueError(f"{WORKERS_SETTING}={workers} needs Scrapy's asyncio reactor (TWISTED_REACTOR)")
        return workers
    if not records_run(settings) or settings.get("REDIS_URL") or not can_fork():
        return 0
    if settings.getfloat("DOWNLOAD_DELAY") > 0 or not _asyncio_reactor():
        return 0
    return 1 if usable_cores() >= 2 else 0


def usable_cores(cgroup_root: Path = Path("/sys/fs/cgroup"), membership: str | None = None) -> int:
    """Whole cores this process may keep busy: the CPUs it may run on, fewer when a cgroup's CPU quota
    (a container's ``--cpus``, a Kubernetes limit) allows less time than that. ``membership`` is the text
    of ``/proc/self/cgroup`` (read when not given)."""
    cores = len(os.sched_getaffinity(0))
    try:
        membership = Path("/proc/self/cgroup").read_text() if membership is None else membership
    except OSError:
        return cores
    quotas = [quota for quota in _cpu_quotas(cgroup_root, membership) if quota is not None]
    return max(1, min([cores, *(math.floor(quota) for quota in quotas)]))


def _cpu_quotas(root: Path, membership: str) -> Iterator[float | None]:
    """The CPU quota (in cores) of this process's cgroup and of each above it: cgroup v2's ``cpu.max``,
    v1's ``cpu.cfs_quota_us`` over ``cpu.cfs_period_us``; None where a level sets none."""
    for line in membership.splitlines():
        if line.count(":") < 2:
            continue
        _, controllers, path = line.split(":", 2)
        if controllers == "":  # v2: one hierarchy
            folders = [root / path.lstrip("/")]
            read = _v2_quota
        elif "cpu" in controllers.split(","):
            folders = [root / name / path.lstrip("/") for name in (controllers, "cpu", "cpu,cpuacct")]
            read = _v1_quota
        else:
            continue
        for folder in dict.fromkeys(folders):
            for level in (folder, *folder.parents):
                if level == root.parent:
                    break
                yield read(level)


def _v2_quota(folder: Path) -> float | None:
    try:
        quota, period = (folder / "cpu.max").read_text().split()
    except (OSError, ValueError):
        return None
    return None if quota == "max" else int(quota) / int(period)


def _v1_quota(folder: Path) -> float | None:
    try:
        quota = int((folder / "cpu.cfs_quota_us").read_text())
        period = int((folder / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return None if quota <= 0 or period <= 0 else quota / period


def _asyncio_reactor() -> bool:
    """Whether Scrapy's asyncio reactor runs this process (none yet: a spider made outside a crawl)."""
    return is_reactor_installed() and is_asyncio_reactor_installed()


def can_fork() -> bool:
    """Whether worker processes can be forked safely here: Linux (``os.sched_getaffinity`` is Linux's; macOS
    forks, but not safely from a threaded process)."""
    return hasattr(os, "sched_getaffinity") and "fork" in multiprocessing.get_all_start_methods()


def read_timeout(settings: BaseSettings) -> float:
    """``WARTA_EXTRACT_TIMEOUT``: seconds a page may take in a worker; a positive number."""
    value = settings.get(TIMEOUT_SETTING, 60.0)
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if not seconds > 0 or math.isinf(seconds):
        raise ValueError(f"{TIMEOUT_SETTING} must be a positive number of seconds, not {value!r}")
    return seconds


def open_reader(
    workers: int,
    settings: BaseSettings,
    profile: Profile | None,
    count: Callable[[str], object],
    *,
    timeout: float = 60.0,
) -> Reader:
    """The reader for ``workers`` (:func:`workers_wanted`): worker processes, or the crawl's own."""
    max_tags = settings.getint("WARTA_EXTRACT_MAX_TAGS")
    if not workers:
        return InProcessReader(profile, max_tags)
    return WorkerPoolReader(workers, profile, max_tags, timeout=timeout, count=count)


def _workers_of(pool: ProcessPoolExecutor) -> list[multiprocessing.process.BaseProcess]:
    """The worker processes of ``pool``. The standard library's pool offers no way to stop a running
    worker, nor to wait for one with a bound, before Python 3.14 (``kill_workers``): its table is read."""
    return list((getattr(pool, "_processes", None) or {}).values())


def still_running(
    processes: list[multiprocessing.process.BaseProcess], timeout: float
) -> list[multiprocessing.process.BaseProcess]:
    """Those of ``processes`` that have not ended within ``timeout`` seconds.

    Told by each one's sentinel (a pipe the system closes as the process ends), not ``join`` and
    ``is_alive``: the pool's own thread joins its workers as it shuts down, and a worker it reaped first
    cannot be asked again, so to ``is_alive`` it looked alive for ever."""
    waiting: dict[int, multiprocessing.process.BaseProcess] = {}
    for process in processes:
        with contextlib.suppress(ValueError):  # closed: ended and released already
            waiting[process.sentinel] = process
    deadline = time.monotonic() + timeout
    while waiting and (left := deadline - time.monotonic()) > 0:
        for ended in multiprocessing.connection.wait(list(waiting), left):
            # its files are closed: it is exiting, and reaped in a moment (by whichever thread asks first)
            waiting.pop(ended).join()
    return list(waiting.values())


def _kill_workers(pool: ProcessPoolExecutor, processes: list | None = None) -> None:
    """SIGKILL for each worker process of ``pool`` (``processes``: those it had, when it has let go of
    its table at shutdown)."""
    for process in _workers_of(pool) if processes is None else processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):  # ended, or already reaped
            process.kill()


_PR_SET_PDEATHSIG = 1  # linux/prctl.h

# What a worker holds, set once as it starts.
_worker_profile: Profile | None = None
_worker_max_tags = 0


def _worker_started(crawl: int, profile: Profile | None, max_tags: int) -> None:
    """A worker leaves signals to the crawl: Ctrl-C reaches the whole process group, and the crawl's
    graceful stop waits for the pages being read; SIGTERM ends a worker (the crawl's handlers, forked
    with it, would wait for a reactor that is not running here); a signal must not wake the crawl's
    event loop through the wakeup pipe the worker shares with it. And it ends with the crawl: a crawl
    killed outright (SIGKILL, the OOM killer) leaves its workers waiting on a queue nobody writes to
    (they hold its other end themselves), so the kernel is asked to kill each worker with its parent."""
    global _worker_profile, _worker_max_tags
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with(crawl)
    _worker_profile, _worker_max_tags = profile, max_tags


def _end_with(crawl: int) -> None:
    """SIGKILL for this process when the thread that forked it ends (Linux's ``PR_SET_PDEATHSIG``; the
    pool forks from the crawl's main thread), and an exit now if the crawl ended before it was asked."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != crawl:
        os._exit(0)


def _read_in_worker(html: str, url: str) -> PageReading:
    try:
        return read_page(html, url, _worker_profile, _worker_max_tags)
    except Exception as error:
        crossing = _crossing(error)
        if crossing is error:
            raise
        raise crossing from error


def _crossing(error: Exception) -> Exception:
    """``error`` itself when it survives the pipe to the crawl, else :class:`ExtractionFailed` naming it.

    The pool pickles a worker's exception; one that cannot be rebuilt from its pickle (an ``__init__``
    asking for more than its message) would fail in the crawl's process, where the pool takes it for a
    broken worker: every page then in the pool would be read again and this one lost as a dead worker's,
    its real cause unsaid."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return ExtractionFailed(f"{type(error).__module__}.{type(error).__qualname__}: {error}")
    return error


def _awaited(future: Future) -> asyncio.Future:
    """A pool's future as one the crawl's event loop awaits (the asyncio reactor runs callbacks in it)."""
    return asyncio.wrap_future(future)
