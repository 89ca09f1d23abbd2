"""A Redis server of a test's own, for fault injection: killed, restarted empty, or gone for good.

``redis-server --port N --save ''`` on a free loopback port with its folder in the test's tmp dir, so a
test can SIGKILL it without touching the machine's shared Redis at 6379. It keeps nothing on disk (no RDB,
no AOF): a restart comes back empty, like a cache node rebooted.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
IN_CI = os.environ.get("CI", "").lower() == "true"


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_server_or_skip() -> str:
    """The redis-server binary; the test is skipped without one (and fails in CI)."""
    if Path(REDIS_SERVER).is_file():
        return REDIS_SERVER
    if IN_CI:
        pytest.fail(f"redis-server is required in CI but {REDIS_SERVER} does not exist")
    pytest.skip("redis-server is not installed")


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class ThrowawayRedis:
    """One throwaway server: ``start``, ``kill`` (SIGKILL), ``restart`` (empty, same port), ``stop``."""

    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.binary = redis_server_or_skip()
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 60) -> ThrowawayRedis:
        """Start the server and return once it answers PING."""
        cmd = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        cmd += ["--dir", str(self.folder), "--daemonize", "no", "--loglevel", "warning"]
        log = (self.folder / "redis.log").open("ab")
        self.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout
        while not _answers_ping(self.port):
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}, see {self.folder}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"redis-server on port {self.port} did not answer PING in {timeout} s")
            time.sleep(0.05)
        return self

    def kill(self) -> None:
        """SIGKILL: whatever it held is gone."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=60)
        self.process = None

    def pause(self) -> None:
        """SIGSTOP: connections are accepted by the kernel, nothing answers (a hung server)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        """SIGCONT: the server answers again, with everything it held."""
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def restart(self) -> ThrowawayRedis:
        """Kill (if running) and start again on the same port: an empty server."""
        self.kill()
        return self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a paused server would not hear the TERM
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self.process = None

    def __enter__(self) -> ThrowawayRedis:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
