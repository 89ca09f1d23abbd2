"""The unit layer stays in-process: a test here that starts a subprocess (``subprocess.Popen``, which
``subprocess.run`` uses) or connects or binds an IP socket fails.

Servers (the demo portal, the hostile portal), Redis, PostgreSQL, scrapyd, real crawls and fresh interpreters
belong in ``tests/e2e``. The guard covers setup, call and teardown, so a fixture that starts a server is
caught as well as the test that uses it; loopback counts, since that is where the test servers listen.
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

_NETWORK = (socket.AF_INET, socket.AF_INET6)
_ABSENT = object()


class LeftTheProcess(AssertionError):
    """A unit test started a subprocess or opened a network connection."""


def _refuse(what: str) -> None:
    raise LeftTheProcess(f"a unit test may not {what}; move it to tests/e2e")


class _Guard:
    """Replaces the few entry points that leave the process, and puts them back afterwards."""

    def __init__(self) -> None:
        self._saved: list[tuple[Any, str, Any]] = []

    def __enter__(self) -> _Guard:
        def popen_init(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> None:
            _refuse(f"start a subprocess ({args!r})")

        def network(name: str) -> Any:
            original = getattr(socket.socket, name)

            def checked(sock: socket.socket, address: Any, *rest: Any) -> Any:
                if sock.family in _NETWORK:
                    _refuse(f"{name} a network socket to {address!r}")
                return original(sock, address, *rest)

            return checked

        self._patch(subprocess.Popen, "__init__", popen_init)
        for name in ("connect", "connect_ex", "bind"):
            self._patch(socket.socket, name, network(name))
        return self

    def _patch(self, owner: Any, name: str, value: Any) -> None:
        self._saved.append((owner, name, owner.__dict__.get(name, _ABSENT)))
        setattr(owner, name, value)

    def __exit__(self, *exc: object) -> None:
        for owner, name, value in reversed(self._saved):
            if value is _ABSENT:  # inherited from the C base class: drop the override
                delattr(owner, name)
            else:
                setattr(owner, name, value)
        self._saved.clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    with _Guard():
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    with _Guard():
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    with _Guard():
        return (yield)
