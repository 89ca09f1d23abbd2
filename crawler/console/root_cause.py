"""The root cause of a crawl that could not start, for the last line of its output.

When a crawl fails to start (Redis unreachable, a component raising in ``from_crawler`` or at open),
Scrapy's engine raises a follow-up error while closing ("RuntimeError: Engine slot not assigned") and the
real cause sits in the exception's context, many lines up. ``ErrorWatch`` keeps the errors logged during
the run; ``root_cause`` walks an exception's chain past the errors Scrapy and Twisted raised about their
own state, to the one that explains the failure.
"""

from __future__ import annotations

import gc
import logging
import traceback
from types import TracebackType

# Exceptions raised from inside these packages are follow-ups about the engine's own state.
FOLLOW_UP_PACKAGES = ("scrapy", "twisted", "asyncio")


def _raised_in(exc: BaseException) -> str:
    """The module path of the frame that raised ``exc`` (its traceback's last frame), or ''."""
    tb: TracebackType | None = exc.__traceback__
    frames = traceback.extract_tb(tb) if tb is not None else []
    return frames[-1].filename if frames else ""


def _is_follow_up(exc: BaseException) -> bool:
    where = _raised_in(exc).replace("\\", "/")
    return any(f"/{package}/" in where for package in FOLLOW_UP_PACKAGES)


def chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it was raised from or while handling, outermost first, each once."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not other for other in seen):
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def root_cause(exc: BaseException) -> BaseException:
    """The first exception of the chain not raised by Scrapy or Twisted about themselves; the innermost
    when all are."""
    links = chain(exc)
    return next((link for link in links if not _is_follow_up(link)), links[-1])


def describe(exc: BaseException) -> str:
    """``Type: message`` on one line."""
    name = type(exc).__qualname__
    module = type(exc).__module__
    if module not in ("builtins", "__main__"):
        name = f"{module}.{name}"
    message = " ".join(str(exc).split())
    return f"{name}: {message}" if message else name


class ErrorWatch(logging.Handler):
    """Remembers the errors logged (with their exceptions) while installed on the root logger."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.errors: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.errors.append(record)

    def __enter__(self) -> ErrorWatch:
        logging.getLogger().addHandler(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        # An unretrieved task exception is logged by asyncio when the task is collected: collect now, so
        # it is logged (and seen) before the caller prints its last line, never after.
        gc.collect()
        logging.getLogger().removeHandler(self)

    def cause(self) -> str | None:
        """The root cause of the first error logged with an exception, else the first error's message."""
        for record in self.errors:
            if record.exc_info and record.exc_info[1] is not None:
                return describe(root_cause(record.exc_info[1]))
        if self.errors:
            return " ".join(self.errors[0].getMessage().split())
        return None
