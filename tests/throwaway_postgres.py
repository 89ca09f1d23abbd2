"""A PostgreSQL cluster of the test's own, on a free loopback port, that a fault test may stop and start.

The machine's shared server (127.0.0.1:5432) is never touched: fault tests stop the database mid-crawl,
and they need one nobody else uses. ``initdb`` refuses to run as root, so under root the cluster is made
and run as the ``postgres`` user, in a folder of its own under the system temp dir (pytest's tmp_path is
private to root). Readiness is waited on (``pg_ctl -w``, then a real connection), never slept on.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BIN_DIRS = (Path("/usr/local/bin"), Path("/usr/lib/postgresql/15/bin"))
READY_TIMEOUT = 120.0


def _binary(name: str) -> str | None:
    for folder in BIN_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


def missing_binaries() -> str | None:
    """Why no throwaway cluster can be made here (one line), or None when it can."""
    for name in ("initdb", "pg_ctl"):
        if _binary(name) is None:
            return f"{name} not found (needed for a throwaway PostgreSQL cluster)"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a postgres user: initdb cannot run as root"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayPostgres:
    """One cluster: ``dsn`` to reach it, ``stop()`` and ``start()`` to make an outage."""

    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.port = port
        self.data = root / "data"
        self.sockets = root / "sockets"
        self.log = root / "postgres.log"
        self.dsn = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        self._user: dict[str, Any] = {}
        if os.geteuid() == 0:
            import pwd

            entry = pwd.getpwnam("postgres")
            self._user = {"user": entry.pw_uid, "group": entry.pw_gid}

    def _run(self, *args: str, timeout: float = READY_TIMEOUT) -> None:
        result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, **self._user)
        if result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args[:2])} failed: {result.stderr.strip() or result.stdout.strip()}"
            )

    def create(self) -> None:
        self.sockets.mkdir()
        if self._user:
            for path in (self.root, self.sockets):
                os.chown(path, self._user["user"], self._user["group"])
        initdb = _binary("initdb")
        assert initdb is not None
        self._run(initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")

    def start(self) -> None:
        """Start the server and return once it takes connections."""
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        pg_ctl = _binary("pg_ctl")
        assert pg_ctl is not None
        self._run(
            pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "-t", "120", "start"
        )
        self.wait_ready()

    def stop(self) -> None:
        """Stop the server as an operator would (fast: sessions are ended, nothing is lost)."""
        pg_ctl = _binary("pg_ctl")
        assert pg_ctl is not None
        self._run(pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "-t", "120", "stop")

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        """Until a real connection and a query succeed (pg_ctl -w already waited; this confirms it)."""
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(self.dsn, connect_timeout=5, autocommit=True) as conn:
                    conn.execute("SELECT 1")
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def connect(self) -> Any:
        import psycopg

        return psycopg.connect(self.dsn, connect_timeout=5, autocommit=True)

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            pg_ctl = _binary("pg_ctl")
            subprocess.run(
                [pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                timeout=READY_TIMEOUT,
                **self._user,
            )
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def throwaway_postgres(*, started: bool = True) -> Iterator[ThrowawayPostgres]:
    """A new cluster on a free port, started unless ``started=False``; stopped and removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="warta-pg-"))
    server = ThrowawayPostgres(root, free_port())
    try:
        server.create()
        if started:
            server.start()
        yield server
    finally:
        server.destroy()
