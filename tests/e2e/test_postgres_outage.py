"""The PostgreSQL sink through outages of a throwaway cluster: no row is lost, none is written twice.

Each test runs the real ``scrapy crawl`` against the demo portal with the sink pointed at a cluster of
its own (``tests/throwaway_postgres.py``), never the machine's shared server. To take the database away
mid-crawl deterministically, the portal holds article pages at gates the test opens: the test waits on
conditions (rows in the table, rows in the outbox), never on the clock.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from crawler.commands.crawl import EXIT_BAD_RUN
from tests.conftest import _SCRAPY_WITH_DEPRECATIONS_AS_ERRORS, FAST_LOCAL, IN_CI, ROOT, read_jsonl, run_crawl
from tests.throwaway_postgres import ThrowawayPostgres, missing_binaries, throwaway_postgres

ARTICLE_PATH = re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+/$")
WAIT = 240.0  # generous: a loaded machine is slow, and every wait ends as soon as its condition holds
GATE_HOLD = 600.0  # a gate left shut by a failed test opens by itself after this long


@pytest.fixture
def pg_binaries() -> None:
    reason = missing_binaries()
    if reason is not None:
        if IN_CI:
            pytest.fail(f"{reason}: required in CI")
        pytest.skip(reason)


@pytest.fixture
def pg(pg_binaries: None) -> Iterator[ThrowawayPostgres]:
    with throwaway_postgres() as server:
        yield server


@pytest.fixture
def pg_down(pg_binaries: None) -> Iterator[ThrowawayPostgres]:
    """A cluster made but not started: nothing answers on its port until the test starts it."""
    with throwaway_postgres(started=False) as server:
        yield server


@pytest.fixture(scope="module")
def truth_paths() -> set[str]:
    from demoportal.site import build_site
    from demoportal.truth import expected_items

    return {
        urlsplit(item["canonicalUrl"]).path for item in expected_items(build_site(), "http://127.0.0.1:1")
    }


class HeldPortal:
    """The demo portal, holding article pages at gates: once ``n`` article pages were served, the next
    ones wait until the gate of ``n`` opens. The crawl stays mid-way for as long as the test needs."""

    def __init__(self, *thresholds: int) -> None:
        from demoportal.server import DemoServer

        self.gates = {n: threading.Event() for n in thresholds}
        self.served = 0
        lock = threading.Lock()
        portal = self

        class Server(DemoServer):
            def respond(self, target: str) -> Any:
                if ARTICLE_PATH.match(urlsplit(target).path):
                    with lock:
                        number = portal.served
                        portal.served += 1
                    for threshold, gate in sorted(portal.gates.items()):
                        if number >= threshold:
                            gate.wait(GATE_HOLD)
                return super().respond(target)

        self.server = Server()

    def open(self, threshold: int) -> None:
        self.gates[threshold].set()

    def __enter__(self) -> HeldPortal:
        self.server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for gate in self.gates.values():
            gate.set()
        self.server.stop()

    @property
    def base_url(self) -> str:
        return self.server.base_url


def start_crawl(base_url: str, export: Path, data_dir: Path, *settings: str) -> subprocess.Popen[str]:
    """``scrapy crawl jagatbisnis`` in the background, as ``run_crawl`` runs it, its log in a file."""
    cmd = [sys.executable, "-c", _SCRAPY_WITH_DEPRECATIONS_AS_ERRORS, "crawl", "jagatbisnis", *FAST_LOCAL]
    # The portal holds pages while the test works: downloads wait longer than any gate stays shut.
    cmd += ["-a", f"base_url={base_url}", "-O", str(export), "-s", f"DOWNLOAD_TIMEOUT={GATE_HOLD + 60}"]
    for setting in settings:
        cmd += ["-s", setting]
    log = export.with_suffix(".log").open("w", encoding="utf-8")
    env = {**os.environ, "WARTA_DATA_DIR": str(data_dir)}
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)


def finish(proc: subprocess.Popen[str], export: Path) -> tuple[int, str]:
    try:
        code = proc.wait(timeout=WAIT + 300)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        code = -9
    return code, export.with_suffix(".log").read_text(encoding="utf-8")


def wait_for(what: str, condition: Callable[[], bool], proc: subprocess.Popen[str] | None = None) -> None:
    """Until ``condition`` holds; fails when the crawl ended first or after ``WAIT`` seconds."""
    deadline = time.monotonic() + WAIT
    while not condition():
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"the crawl ended (exit {proc.returncode}) before {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting until {what}")
        time.sleep(0.05)


def table_rows(pg: ThrowawayPostgres) -> list[tuple[str, int, dict]]:
    import psycopg

    try:
        with pg.connect() as conn:
            return conn.execute("SELECT canonical_url, version, item FROM articles").fetchall()
    except psycopg.errors.UndefinedTable:
        return []


def outbox_file(data_dir: Path) -> Path:
    return data_dir / "outbox" / "postgres-jagatbisnis.sqlite"


def outbox_rows(data_dir: Path) -> list[dict]:
    """The rows waiting in the crawl's outbox, read as any SQLite client would."""
    path = outbox_file(data_dir)
    if not path.exists():
        return []
    with sqlite3.connect(path, timeout=30) as db:
        return [json.loads(payload) for (payload,) in db.execute("SELECT payload FROM rows ORDER BY id")]


def stat(log: str, name: str) -> int:
    found = re.findall(rf"'warta/sink/{name}': (\d+)", log)
    return int(found[-1]) if found else 0


def assert_table_is_the_export(pg: ThrowawayPostgres, exported: list[dict]) -> None:
    """Row for row, and each once: the table holds exactly what the JSON lines hold."""
    rows = table_rows(pg)
    keys = [(url, version) for url, version, _ in rows]
    assert len(keys) == len(set(keys))
    assert len(rows) == len(exported)
    assert {url: item for url, _, item in rows} == {item["canonicalUrl"]: item for item in exported}


def test_a_database_stopped_mid_crawl_gets_every_row_once_it_is_back(pg, tmp_path, truth_paths):
    export = tmp_path / "articles.jsonl"
    with HeldPortal(40, 150) as portal:
        proc = start_crawl(portal.base_url, export, tmp_path, f"WARTA_POSTGRES_DSN={pg.dsn}")
        wait_for("the table has rows", lambda: len(table_rows(pg)) >= 20, proc)
        pg.stop()
        portal.open(40)
        wait_for("rows wait in the outbox", lambda: len(outbox_rows(tmp_path)) >= 40, proc)
        pg.start()
        # The crawl is still held at the second gate: the sink reconnects by itself, during the crawl.
        wait_for(
            "the outbox is written", lambda: not outbox_rows(tmp_path) and len(table_rows(pg)) >= 60, proc
        )
        portal.open(150)
        code, log = finish(proc, export)
    assert code == 0, log[-4000:]
    exported = read_jsonl(export)
    assert {urlsplit(item["canonicalUrl"]).path for item in exported} == truth_paths
    assert_table_is_the_export(pg, exported)
    assert outbox_rows(tmp_path) == []
    assert stat(log, "connect_failures") >= 1 and stat(log, "reconnects") >= 1, log[-4000:]
    assert stat(log, "written") == len(exported) and stat(log, "pending") == 0


def test_a_database_down_at_close_fails_the_run_and_the_next_run_writes_the_rows(pg, tmp_path, truth_paths):
    export, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    with HeldPortal(40) as portal:
        proc = start_crawl(
            portal.base_url, export, tmp_path, f"WARTA_POSTGRES_DSN={pg.dsn}", "WARTA_POSTGRES_CLOSE_WAIT=2"
        )
        wait_for("the table has rows", lambda: len(table_rows(pg)) >= 20, proc)
        pg.stop()
        portal.open(40)
        code, log = finish(proc, export)
        waiting = outbox_rows(tmp_path)
        pg.start()
        written = table_rows(pg)
        # The same portal (same port, so the same canonical URLs) for the next run.
        result = run_crawl("jagatbisnis", "-a", f"base_url={portal.base_url}", "-O", str(second),
                           "-s", f"WARTA_POSTGRES_DSN={pg.dsn}", data_dir=tmp_path)  # fmt: skip
    exported = read_jsonl(export)
    assert {urlsplit(item["canonicalUrl"]).path for item in exported} == truth_paths
    assert code == EXIT_BAD_RUN, log[-4000:]
    last = log.strip().splitlines()[-1]
    assert last.startswith("warta: the run failed") and "sink_pending" in last
    assert f"{len(waiting)} rows wait in {outbox_file(tmp_path)} for PostgreSQL (" in last
    assert "Connection refused" in last and last.endswith("the next run writes them")
    # What the first run wrote and what waited in its outbox are the export, split in two.
    assert waiting and len(written) + len(waiting) == len(exported)
    assert {url for url, _, _ in written} | {row["canonicalUrl"] for row in waiting} == {
        item["canonicalUrl"] for item in exported
    }

    assert result.returncode == 0, result.stderr[-4000:]
    assert stat(result.stderr, "earlier") == len(waiting)
    assert_table_is_the_export(pg, exported + read_jsonl(second))
    assert outbox_rows(tmp_path) == []


def test_a_database_unreachable_from_the_start_fails_the_run_and_loses_nothing(
    pg_down, tmp_path, truth_paths, demo_portal
):
    export = tmp_path / "first.jsonl"
    settings = ["-s", f"WARTA_POSTGRES_DSN={pg_down.dsn}"]
    result = run_crawl(
        "jagatbisnis",
        "-a",
        f"base_url={demo_portal.base_url}",
        "-O",
        str(export),
        *settings,
        "-s",
        "WARTA_POSTGRES_CLOSE_WAIT=2",
        data_dir=tmp_path,
    )
    exported = read_jsonl(export)
    assert {urlsplit(item["canonicalUrl"]).path for item in exported} == truth_paths
    assert result.returncode == EXIT_BAD_RUN, result.stderr[-4000:]
    last = result.stderr.strip().splitlines()[-1]
    assert f"{len(exported)} rows wait in {outbox_file(tmp_path)} for PostgreSQL (" in last
    assert "Connection refused" in last and last.endswith("the next run writes them")
    assert [row["canonicalUrl"] for row in outbox_rows(tmp_path)] == [
        item["canonicalUrl"] for item in exported
    ]

    pg_down.start()
    second = tmp_path / "second.jsonl"
    again = run_crawl(
        "jagatbisnis",
        "-a",
        f"base_url={demo_portal.base_url}",
        "-O",
        str(second),
        *settings,
        data_dir=tmp_path,
    )
    assert again.returncode == 0, again.stderr[-4000:]
    assert_table_is_the_export(pg_down, exported + read_jsonl(second))
    assert outbox_rows(tmp_path) == []


def test_rows_the_database_refuses_fail_the_run_and_are_written_once_the_table_is_fixed(
    pg, tmp_path, demo_portal
):
    with pg.connect() as conn:  # a table of another shape, left by an older version
        conn.execute("CREATE TABLE articles (canonical_url text PRIMARY KEY)")
    export = tmp_path / "first.jsonl"
    settings = ["-s", f"WARTA_POSTGRES_DSN={pg.dsn}"]
    result = run_crawl(
        "jagatbisnis",
        "-a",
        f"base_url={demo_portal.base_url}",
        "-O",
        str(export),
        *settings,
        data_dir=tmp_path,
    )
    exported = read_jsonl(export)
    assert result.returncode == EXIT_BAD_RUN, result.stderr[-4000:]
    last = result.stderr.strip().splitlines()[-1]
    assert "sink_errors" in last and f"PostgreSQL refused {len(exported)} rows" in last
    assert 'column "version" of relation "articles" does not exist' in last
    assert len(outbox_rows(tmp_path)) == len(exported)

    with pg.connect() as conn:  # the operator fixes the table; the next run writes what was refused
        conn.execute("DROP TABLE articles")
    second = tmp_path / "second.jsonl"
    again = run_crawl(
        "jagatbisnis",
        "-a",
        f"base_url={demo_portal.base_url}",
        "-O",
        str(second),
        *settings,
        data_dir=tmp_path,
    )
    assert again.returncode == 0, again.stderr[-4000:]
    assert_table_is_the_export(pg, exported + read_jsonl(second))
