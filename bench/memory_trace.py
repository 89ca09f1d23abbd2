"""Which allocations grow with a crawl, by file and line: tracemalloc snapshots at two export sizes.

    .venv/bin/python bench/memory_trace.py [--articles 50000] [--at 10000,40000] [--frames 8] [--top 30]
                                           [--set NAME=VALUE ...]

One full crawl (``scrapy crawl jagatbisnis``, as ``bench/crawl_speed.py``'s memory run) of a demo portal of
``--articles`` posts, with tracemalloc on from the start: when the export reaches each of ``--at`` lines, a
snapshot is taken, with the process's RSS, glibc's ``mallinfo2`` (heap in use, free, mmapped) and SQLite's
own memory. Printed: the growth between the first and last snapshot by allocating line (bytes per exported
line, numpy's array buffers included: numpy reports them to tracemalloc), the same by the first project
frame of each traceback, and what RSS grew that tracemalloc did not see (SQLite, lxml, heap holes).

Why a separate bench: ``crawl_speed.py`` measures RSS without tracing (tracemalloc costs ~2x CPU and its
own memory, which is in the RSS here: see ``tracemalloc``); this one says where the growth is, not how
large it is. ``heap_used`` and ``mmapped`` are glibc's blocks in use (numpy's arrays, SQLite, lxml, the
traces); Python's own small-object arenas are mapped apart and show only in ``rssanon``.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from bench.crawl_speed import count_lines  # noqa: E402 - after the path setup

Snapshot = tuple[int, tracemalloc.Snapshot, dict[str, int]]  # lines exported, the snapshot, C memory


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            *("arena", "ordblks", "smblks", "hblks", "hblkhd"),
            *("usmblks", "fsmblks", "uordblks", "fordblks", "keepcost"),
        )
    ]


def c_memory() -> dict[str, int]:
    """glibc's heap figures and SQLite's own memory, in bytes (empty where unavailable)."""
    figures: dict[str, int] = {}
    libc = ctypes.CDLL(None)
    if hasattr(libc, "mallinfo2"):
        libc.mallinfo2.restype = _MallInfo2
        info = libc.mallinfo2()
        figures.update(heap_used=info.uordblks, heap_free=info.fordblks, mmapped=info.hblkhd)
    try:
        import _sqlite3

        lib = ctypes.CDLL(_sqlite3.__file__)
        lib.sqlite3_memory_used.restype = ctypes.c_int64
        figures["sqlite"] = lib.sqlite3_memory_used()
    except (OSError, AttributeError):
        pass
    status = Path("/proc/self/status").read_text()
    for name in ("VmRSS", "RssAnon", "RssFile"):  # file: mapped code and libraries, flat in a crawl
        figures[name.lower()] = int(status.split(f"{name}:")[1].split()[0]) * 1024
    figures["tracemalloc"] = tracemalloc.get_tracemalloc_memory()  # its own traces: in RSS, not traced
    return figures


def watch(out: Path, marks: list[int], result: list[Snapshot]) -> None:
    """Thread: a snapshot (after a collection) each time the export passes a mark."""
    import gc

    pending = sorted(marks)
    while pending:
        time.sleep(0.5)
        lines = count_lines(out)
        if lines >= pending[0]:
            pending.pop(0)
            gc.collect()
            result.append((lines, tracemalloc.take_snapshot(), c_memory()))
            print(f"snapshot at {lines} lines", file=sys.stderr, flush=True)


def crawl(base_url: str, out: Path, marks: list[int], frames: int, overrides: list[str]) -> list[Snapshot]:
    """The crawl in this process (Scrapy's command line), snapshots taken by a thread."""
    from scrapy.cmdline import execute

    from demoportal.server import CRAWL_FLAGS

    tracemalloc.start(frames)
    result: list[Snapshot] = []
    threading.Thread(target=watch, args=(out, marks, result), daemon=True).start()
    argv = ["scrapy", "crawl", "jagatbisnis", *CRAWL_FLAGS, "-a", f"base_url={base_url}", "-O", str(out)]
    argv += ["-s", "LOG_LEVEL=WARNING", "-s", "WARTA_PROGRESS_INTERVAL=0"]
    argv += [arg for setting in overrides for arg in ("-s", setting)]
    with contextlib.suppress(SystemExit):  # Scrapy's command line exits when the crawl ends
        execute(argv)
    return result


def project_frame(trace: tracemalloc.Traceback) -> str:
    """The innermost frame in the project's code (not the venv), else the innermost frame."""
    for frame in trace:  # most recent call first
        if str(ROOT) in frame.filename and "/.venv/" not in frame.filename:
            return f"{Path(frame.filename).relative_to(ROOT)}:{frame.lineno}"
    frame = trace[0]
    return f"{frame.filename.split('site-packages/')[-1]}:{frame.lineno}"


def mb(size: int) -> str:
    return f"{size / 2**20:9.2f}"


def report(result: list[Snapshot], top: int) -> dict[str, object]:
    """Prints the growth between the first and last snapshot; returns its figures for the JSON line."""
    (lines0, snap0, c0), (lines1, snap1, c1) = result[0], result[-1]
    articles = max(1, lines1 - lines0)
    figures: dict[str, object] = {"from_lines": lines0, "to_lines": lines1}
    print(f"growth from {lines0} to {lines1} exported lines ({articles} articles), bytes an article:")
    for name in sorted(c1):
        if name in c0:
            print(
                f"  {name:<10} {mb(c0[name])} -> {mb(c1[name])} MB  {(c1[name] - c0[name]) / articles:8.1f}"
            )
            figures[f"{name}_bytes_per_article"] = round((c1[name] - c0[name]) / articles, 1)
    traced0 = sum(s.size for s in snap0.statistics("filename"))
    traced1 = sum(s.size for s in snap1.statistics("filename"))
    print(f"  traced     {mb(traced0)} -> {mb(traced1)} MB  {(traced1 - traced0) / articles:8.1f}")
    figures["traced_bytes_per_article"] = round((traced1 - traced0) / articles, 1)
    print(f"top {top} allocating lines by growth (bytes an article, blocks an article):")
    for stat in snap1.compare_to(snap0, "lineno")[:top]:
        frame = stat.traceback[0]
        where = f"{frame.filename.split('site-packages/')[-1].replace(str(ROOT) + '/', '')}:{frame.lineno}"
        per = f"{stat.size_diff / articles:9.1f} {stat.count_diff / articles:7.3f}"
        print(f"  {per}  {stat.size / 2**20:7.2f} MB  {where}")
    by_project: dict[str, list[int]] = {}
    stats = snap1.compare_to(snap0, "traceback")
    for stat in stats:
        entry = by_project.setdefault(project_frame(stat.traceback), [0, 0])
        entry[0] += stat.size_diff
        entry[1] += stat.count_diff
    print(f"top {top} by innermost project frame (bytes an article, blocks an article):")
    growing = sorted(by_project.items(), key=lambda x: -x[1][0])[:top]
    for where, (size, count) in growing:
        print(f"  {size / articles:9.1f} {count / articles:7.3f}  {where}")
    figures["top_project_frames"] = [[where, round(size / articles, 1)] for where, (size, _) in growing[:10]]
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--at", default="10000,40000", help="exported lines at which to take snapshots")
    parser.add_argument("--frames", type=int, default=8, help="frames a traceback keeps")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    marks = [int(x) for x in args.at.split(",")]
    portal = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "crawl_speed.py"), "--serve", str(args.articles)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert portal.stdout is not None
        base_url = portal.stdout.readline().strip()
        work = Path(tempfile.mkdtemp(prefix="warta-bench-trace-"))
        os.environ["WARTA_DATA_DIR"] = str(work)
        os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
        os.chdir(ROOT)
        result = crawl(base_url, work / "out.jsonl", marks, args.frames, args.set)
    finally:
        portal.terminate()
        portal.wait(timeout=10)
    if len(result) < 2:
        print(f"only {len(result)} snapshots: the crawl exported too few lines")
        return 1
    print(json.dumps(report(result, args.top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
