"""The machinery of bench/faults.py: real ``scrapy crawl`` processes with a bound and their peak memory,
and the verdict of one scenario (what the runs' exports together hold against the truth).

Every crawl is the command a user runs (``python -m scrapy crawl``, cwd the project root, its data folder
in the scenario's own folder). Each process is reaped with ``os.wait4``, whose ``ru_maxrss`` is that
process's own peak resident set (KiB on Linux); a process still running at its bound is SIGKILLed and
counted as unbounded.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from demoportal.server import CRAWL_FLAGS

ROOT = Path(__file__).resolve().parents[2]
FAST_LOCAL = list(CRAWL_FLAGS)  # demoportal/server.py: no delay on loopback, the stats dump on

# What a run is expected to end with: exit codes (a negative one is the signal that ended it), or None.
OK = (0,)
CANNOT_START = (1,)
BAD_RUN = (3,)
FAILED = (1, 3)
KILLED = (-signal.SIGKILL,)
ANY = None
CALLER_ENV = (
    "WARTA_TEST_KILL_AT",
    "SCRAPY_SETTINGS_MODULE",
    "WARTA_REDIS_URL",
    "WARTA_POSTGRES_DSN",
    "WARTA_PROFILES_DIR",
)


class NotRun(Exception):
    """The scenario cannot run here (a missing helper module or program); told in the table, never a pass."""


@dataclass
class Run:
    """One ``scrapy crawl`` process of a scenario."""

    label: str
    expect: tuple[int, ...] | None
    log: Path
    proc: subprocess.Popen[bytes]
    started: float
    code: int | None = None
    rss_kb: int = 0
    timed_out: bool = False
    seconds: float = 0.0

    @property
    def done(self) -> bool:
        return self.code is not None or self.timed_out

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def last_line(self) -> str:
        lines = [line for line in self.text().splitlines() if line.strip()]
        return lines[-1] if lines else ""

    def stat(self, name: str) -> int | None:
        """An integer stat from the run's end-of-run dump (None when absent)."""
        text = self.text()
        dump = text[text.rfind("Dumping Scrapy stats") :]
        key = f"'{name}': "
        at = dump.find(key)
        if at < 0:
            return None
        digits = ""
        for char in dump[at + len(key) :]:
            if not char.isdigit():
                break
            digits += char
        return int(digits) if digits else None

    def poll(self) -> bool:
        """Reap the process if it ended; True once it did."""
        if self.done:
            return True
        pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
        if pid == 0:
            return False
        self._reaped(status, usage)
        return True

    def kill(self) -> None:
        """SIGKILL the process (it outlived its bound) and reap it."""
        if self.done:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, signal.SIGKILL)
        _, status, usage = os.wait4(self.proc.pid, 0)
        self._reaped(status, usage)
        self.timed_out = True

    def _reaped(self, status: int, usage: os.struct_rusage) -> None:
        self.code = os.waitstatus_to_exitcode(status)
        self.proc.returncode = self.code  # reaped here: Popen must not wait for it again
        self.rss_kb = usage.ru_maxrss
        self.seconds = time.monotonic() - self.started


@dataclass
class Case:
    """One scenario while it runs: its folder, its runs, its truth and what it found out."""

    name: str
    folder: Path
    bound: float
    started: float = field(default_factory=time.monotonic)
    runs: list[Run] = field(default_factory=list)
    # key (URL path) -> the body fingerprint the truth expects (None: any body)
    truth: dict[str, str | None] = field(default_factory=dict)
    key_by_path: bool = True
    rows: set[str] | None = None  # PostgreSQL rows (keys) when the scenario has a sink
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # keys a documented trade-off may export twice (a worker killed between an export line and its
    # record): reported apart, not scored as duplicates; a loss is never excused
    documented_duplicates: set[str] = field(default_factory=set)

    # ----- processes ---------------------------------------------------------------------------------
    def start(
        self,
        label: str,
        spider: str,
        *args: str,
        expect: tuple[int, ...] | None,
        data_dir: Path | None = None,
        env: dict[str, str] | None = None,
        drop_env: tuple[str, ...] = (),
    ) -> Run:
        """Start ``scrapy crawl SPIDER ARGS`` as a user would, its output in ``<label>.log``."""
        data = data_dir or self.folder / "data"
        full_env = {**os.environ, "WARTA_DATA_DIR": str(data), **(env or {})}
        # Nothing from the caller's shell may point a crawl elsewhere (least of all at the machine's shared
        # Redis or PostgreSQL): a scenario passes what it needs.
        for name in (*CALLER_ENV, *drop_env):
            if name not in (env or {}):
                full_env.pop(name, None)
        cmd = [sys.executable, "-m", "scrapy", "crawl", spider, *FAST_LOCAL, *args]
        log = self.folder / f"{label}.log"
        with log.open("wb") as out:
            out.write(("$ " + " ".join(cmd[1:]) + "\n").encode())
            out.flush()
            proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT)
        run = Run(label, expect, log, proc, time.monotonic())
        self.runs.append(run)
        return run

    def remaining(self) -> float:
        return self.bound - (time.monotonic() - self.started)

    def wait(self, *runs: Run, timeout: float | None = None) -> None:
        """Until each run ended; a run still going after ``timeout`` seconds (or at the scenario's bound)
        is killed and counted as unbounded."""
        deadline = time.monotonic() + (timeout if timeout is not None else self.remaining())
        for run in runs:
            while not run.poll():
                if time.monotonic() > deadline or self.remaining() <= 0:
                    run.kill()
                    limit = timeout if timeout is not None else self.bound
                    self.problems.append(f"{run.label} still running after {limit:.0f} s: killed")
                    break
                time.sleep(0.05)  # polls the child for its end, bounded by the deadline

    def crawl(self, label: str, spider: str, *args: str, **kwargs: object) -> Run:
        run = self.start(label, spider, *args, **kwargs)  # type: ignore[arg-type]
        self.wait(run)
        return run

    def wait_until(self, what: str, condition: object, *watch: Run, timeout: float | None = None) -> bool:
        """Until ``condition()`` holds; False (and a problem noted) when a watched run ended first or the
        time ran out, so the scenario carries on to its verdict instead of hanging."""
        deadline = time.monotonic() + (timeout if timeout is not None else self.remaining())
        while not condition():  # type: ignore[operator]
            ended = [run for run in watch if run.poll()]
            if ended:
                self.problems.append(f"{ended[0].label} ended (exit {ended[0].code}) before {what}")
                return False
            if time.monotonic() > deadline or self.remaining() <= 0:
                self.problems.append(f"timed out waiting until {what}")
                return False
            time.sleep(0.05)  # polls for the condition
        return True

    def finish_all(self) -> None:
        """Whatever still runs when the scenario ends is killed and counted."""
        for run in self.runs:
            if not run.poll():
                run.kill()
                self.problems.append(f"{run.label} was still running at the end of the scenario")

    def check(self, condition: bool, what: str) -> None:
        if not condition:
            self.problems.append(what)

    # ----- truth and exports -------------------------------------------------------------------------
    def key(self, url: str) -> str:
        return urlsplit(url).path if self.key_by_path else url

    def set_truth(self, items: list[dict]) -> None:
        from crawler.extract.article import fingerprint

        self.truth = {self.key(item["canonicalUrl"]): fingerprint(item["articleBody"]) for item in items}


def whole_lines(path: Path) -> tuple[list[dict], bool]:
    """The records of a JSON-lines file (lines ending in a newline) and whether a cut line follows."""
    body, _, tail = path.read_bytes().rpartition(b"\n")
    records = []
    for line in body.split(b"\n"):
        if line.strip():
            try:
                records.append(json.loads(line))
            except ValueError:
                records.append({"canonicalUrl": None, "broken": True})
    return records, bool(tail.strip())


def export_files(*folders: Path) -> list[Path]:
    """Every JSON-lines export the runs left (default feeds, -o/-O files, kept files of unfinished runs),
    not the files of a JOBDIR."""
    found: set[Path] = set()
    for folder in folders:
        if folder.exists():
            found.update(p for p in folder.rglob("*.jsonl") if "job" not in p.relative_to(folder).parts)
    return sorted(found)


@dataclass
class Verdict:
    """One table row."""

    name: str
    status: str
    exported: int = 0
    lost: int = 0
    duplicated: int = 0
    false_ok: int = 0
    unbounded: int = 0
    wrong_exit: int = 0
    failed_checks: int = 0
    codes: str = ""
    rss_mb: float = 0.0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def run(self) -> bool:
        return not self.status.startswith("not run")


def judge(case: Case, *export_folders: Path) -> Verdict:
    """Score a finished scenario: the union of every export against the truth, and each run's exit."""
    records: list[dict] = []
    for path in export_files(*(export_folders or (case.folder,))):
        lines, cut = whole_lines(path)
        records += lines
        if cut:
            case.problems.append(f"{path.name} keeps a cut last line")
    broken = sum(1 for r in records if r.get("broken"))
    if broken:
        case.problems.append(f"{broken} export lines are not JSON")
    keys = [case.key(r["canonicalUrl"]) for r in records if r.get("canonicalUrl")]
    counts = Counter(keys)
    # A truth article is delivered by a line with its own body: a line under its URL with another body
    # (canonical poisoning) delivers nothing and is reported.
    delivered, replaced = set(), set()
    for record in records:
        key = case.key(record["canonicalUrl"]) if record.get("canonicalUrl") else None
        if key in case.truth:
            if case.truth[key] in (None, record.get("fingerprint")):
                delivered.add(key)
            else:
                replaced.add(key)
    if replaced:
        case.problems.append(
            f"{len(replaced)} articles exported with a body not their own, e.g. {min(replaced)}"
        )
    lost_keys = set(case.truth) - delivered
    if case.rows is not None:  # a sink: an article missing from the table is lost too
        missing_rows = {key for key in delivered if key not in case.rows}
        if missing_rows:
            case.notes.append(f"{len(missing_rows)} exported articles missing from the table")
        lost_keys |= missing_rows
    extra = len(set(counts) - set(case.truth))
    if extra:
        case.notes.append(f"{extra} exported pages outside the truth")
    if lost_keys:
        case.notes.append(f"lost e.g. {sorted(lost_keys)[0]}")
    excused = {key: n - 1 for key, n in counts.items() if n > 1 and key in case.documented_duplicates}
    if excused:
        case.notes.append(f"{sum(excused.values())} twice by design (killed between line and record)")
    duplicated = sum(n - 1 for key, n in counts.items() if key not in excused)

    false_ok = wrong_exit = unbounded = 0
    said_ok: set[str] = set()
    for run in case.runs:
        if run.timed_out:
            unbounded += 1
        elif run.expect is not None and run.code not in run.expect:
            wanted = "/".join(map(str, run.expect))
            if run.code == 0:
                false_ok += 1
                said_ok.add(run.label)
                case.notes.append(f"{run.label} exited 0, expected {wanted}")
            else:
                wrong_exit += 1
                case.notes.append(f"{run.label} exited {run.code}, expected {wanted}")
    ended = [run for run in case.runs if not run.timed_out]
    last = max(ended, key=lambda run: run.started + run.seconds, default=None)
    if lost_keys and last is not None and last.code == 0 and last.label not in said_ok:
        false_ok += 1  # the run that ended last said OK while articles are still missing
        case.notes.append(f"{last.label} exited 0 with {len(lost_keys)} articles missing")
    bad = lost_keys or duplicated or false_ok or unbounded or wrong_exit or case.problems
    status = "FAIL" if bad else "ok"
    rss = max((run.rss_kb for run in case.runs), default=0) / 1024
    return Verdict(
        name=case.name,
        status=status,
        exported=len(delivered),
        lost=len(lost_keys),
        duplicated=duplicated,
        false_ok=false_ok,
        unbounded=unbounded,
        wrong_exit=wrong_exit,
        failed_checks=len(case.problems),
        codes=",".join("T" if run.timed_out else str(run.code) for run in case.runs),
        rss_mb=rss,
        seconds=time.monotonic() - case.started,
        notes=case.problems + case.notes,
    )
