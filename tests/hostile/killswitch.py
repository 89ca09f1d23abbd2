"""A crawl that SIGKILLs itself at a chosen point, so resume tests hit the same moment every time.

``WARTA_TEST_KILL_AT`` (environment) chooses the point:

- ``response:N`` — on the N-th response (with a small N: during discovery, before any article);
- ``item:N`` — right after the N-th export line is written, before the state records it (the window in
  which an article is exported but not remembered);
- ``index:N`` — after the state recorded the N-th article, before the near-duplicate index holds it;
- ``torn:N`` — while writing the N-th line: half of it reaches the file, then the kill;
- ``between:N`` — before the ``zyte_jsonlines`` feed writes its N-th line: a run with a JSON-lines feed
  first and a Zyte one second dies after the first took the article and before the second did;
- ``interrupt:N`` — right after the N-th export line, two SIGINTs, as a user pressing Ctrl-C twice: Scrapy
  stops the reactor where it is (its "unclean shutdown") and the process exits without closing the crawl.

Nothing happens without the variable, so the same settings module serves the run after the kill.
"""

from __future__ import annotations

import os
import signal
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.exports.delivery import item_delivered
from crawler.exports.exporters import LineAtomicJsonLinesExporter
from crawler.exports.zyte import ZyteArticleJsonLinesExporter
from pipelines.dedup import DedupPipeline

KILL_ENV = "WARTA_TEST_KILL_AT"


def kill_point() -> tuple[str, int] | None:
    raw = os.environ.get(KILL_ENV, "")
    kind, _, count = raw.partition(":")
    return (kind, int(count)) if kind and count.isdigit() else None


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class KillSwitch:
    """Counts responses and exported items; SIGKILLs the process at the configured one."""

    def __init__(self, crawler: Crawler) -> None:
        self.point = kill_point()
        self.responses = 0
        self.items = 0
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        # Connected before the dedup pipeline (extensions are built before the engine), so this runs
        # first among the handlers of the delivery: after the line is written, before the state record.
        crawler.signals.connect(self.item_delivered, signal=item_delivered)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KillSwitch:
        return cls(crawler)

    def response_received(self, *args: Any, **kwargs: Any) -> None:
        self.responses += 1
        if self.point == ("response", self.responses):
            die()

    def item_delivered(self, *args: Any, **kwargs: Any) -> None:
        self.items += 1
        if self.point == ("item", self.items):
            die()
        if self.point == ("interrupt", self.items):
            os.kill(os.getpid(), signal.SIGINT)
            os.kill(os.getpid(), signal.SIGINT)


class DedupKilledBeforeIndex(DedupPipeline):
    """The project's dedup pipeline, except that ``index:N`` dies between the N-th article's state
    record and its near-duplicate index entry."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.point = kill_point()
        self.indexed = 0

    def _index(self, adapter: Any) -> None:
        self.indexed += 1
        if self.point == ("index", self.indexed):
            die()
        super()._index(adapter)


class _CountingExporter(LineAtomicJsonLinesExporter):
    """Counts the lines it is asked to export, against the kill point."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        super().__init__(file, **kwargs)
        self.point = kill_point()
        self.exported = 0


class TornLineExporter(_CountingExporter):
    """The project's exporter, except that ``torn:N`` writes half of the N-th line and dies."""

    def export_item(self, item: Any) -> None:
        self.exported += 1
        if self.point == ("torn", self.exported):
            line = self.encoder.encode(dict(self.get_serialized_fields(item))) + "\n"
            data = line.encode(self.encoding or "utf-8")
            self.file.write(data[: len(data) // 2])
            self.file.flush()
            die()
        super().export_item(item)


class ZyteKilledBeforeLine(ZyteArticleJsonLinesExporter, _CountingExporter):
    """The Zyte-shape exporter, except that ``between:N`` dies before writing the N-th line."""

    def export_item(self, item: Any) -> None:
        self.exported += 1
        if self.point == ("between", self.exported):
            die()
        super().export_item(item)
