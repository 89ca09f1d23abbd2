"""Scrapy's feed exporter, made to say which articles the feeds really took.

Scrapy's ``FeedExporter`` logs a failed write or a failed upload and goes on: the item still counts as
scraped, so a state that records articles on ``item_scraped`` would skip them next run although no feed
holds them (a full disk, an unwritable ``-O`` folder, an S3 upload that failed). This subclass tells
apart what happened, with two signals of its own:

- ``item_delivered(item, response, spider, awaits_store)``: every feed that accepts the item took it.
  A local file (or stdout) took it once its bytes are flushed to the OS; ``awaits_store`` is True when
  some feed only holds it in a temporary file until it is stored at close (S3, GCS, FTP, a compressed
  feed), so its delivery is confirmed, or revoked, then.
- ``feeds_settled(failed, revoked)``: sent after every feed was closed and stored, with what failed
  (``failed`` empty when all went well); ``revoked`` is True when a feed that held items until close
  failed to store them: whoever recorded ``awaits_store`` items undoes them then.

An item one feed took and another refused is not delivered: the next run exports it again, to both
(a duplicate in the first rather than a loss in the second).
A local feed whose write fails (``ENOSPC``, ``EACCES``) is broken for the rest of the run: it takes no
more lines, and at close its file is cut back to its last whole line. When every feed is broken the
spider is closed (``feed_failed``): the rest of the crawl could not be delivered anywhere. A feed whose
storage is unknown, disabled or without its library (``-o s3://…`` without boto3, ``gs://`` without
google-cloud-storage) refuses the crawl before it starts
(:class:`~crawler.errors.CannotStart`) instead of crawling into nothing. Without any feed, an item is
delivered once the pipelines passed it (a sink is then the only destination).
"""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import logging
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.exporters import CsvItemExporter, JsonItemExporter, XmlItemExporter
from scrapy.extensions.feedexport import (
    FeedExporter,
    FeedSlot,
    FileFeedStorage,
    StdoutFeedStorage,
    apply_uri_params,
)
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro

from crawler.errors import CannotStart
from crawler.monitoring.checks import PIPELINE_ERRORS_STAT

logger = logging.getLogger(__name__)

item_delivered = object()
feeds_settled = object()

WRITE_FAILED_STAT = "warta/feeds/write_failed"
UNDELIVERED_STAT = "warta/feeds/undelivered"
DELIVERED_STAT = "warta/feeds/delivered"
FIRST_FAILURE_STAT = "warta/feeds/first_failure"  # the root cause, in words, for the run's last line
FEED_FAILED_REASON = "feed_failed"


# Storages whose library Scrapy imports only to store the file, at the end of the crawl (module, package):
# without it a whole crawl would be made for a feed that cannot take it.
STORAGE_MODULES = {"gs": ("google.cloud.storage", "google-cloud-storage")}


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:  # a parent package missing
        return False


class FeedUnavailable(CannotStart):
    """A configured feed can never be written: unknown or disabled storage, unknown format."""


def writes_through(slot: FeedSlot) -> bool:
    """True when a line flushed to the slot's file is in its final place: a local file or stdout,
    without post-processing (a compressor holds data until it is closed)."""
    local = isinstance(slot.storage, FileFeedStorage | StdoutFeedStorage)
    return local and "postprocessing" not in slot.feed_options


class DeliveringFeedExporter(FeedExporter):
    """``FeedExporter`` that delivers each item, or reports that it could not."""

    def __init__(self, crawler: Crawler) -> None:
        self.problems: list[str] = []
        self.failed: list[str] = []
        self.revoked = False  # a feed that held items until close failed to store them
        self.broken: dict[int, str] = {}  # id(slot) -> why
        self.whole_size: dict[int, int] = {}  # id(slot) -> bytes up to its last whole line
        try:
            super().__init__(crawler)
        except NotConfigured:
            if self.problems or crawler.settings.getdict("FEEDS") or crawler.settings.get("FEED_URI"):
                raise FeedUnavailable("; ".join(self.problems) or "the feed settings are invalid") from None
            self.feeds = {}  # no feed at all: an item is delivered once the pipelines passed it
            self.slots = []
        crawler.signals.connect(self.item_error, signal=signals.item_error)

    # ---- why a feed is refused ---------------------------------------------------------------------
    def _storage_supported(self, uri: str, feed_options: dict[str, Any]) -> bool:
        scheme = urlparse(uri).scheme
        if super()._storage_supported(uri, feed_options):
            if (problem := self._cannot_take(uri, scheme, feed_options)) is not None:
                self.problems.append(f"the feed {uri} {problem}")
                return False
            return True
        reason = "its storage scheme is unknown"
        if scheme in self.storages:
            try:
                self._get_storage(uri, feed_options)
            except NotConfigured as exc:
                reason = f"its storage is disabled ({exc})" if str(exc) else "its storage is disabled"
        self.problems.append(f"the feed {uri} cannot be stored: {reason}")
        return False

    def _cannot_take(self, uri: str, scheme: str, feed_options: dict[str, Any]) -> str | None:
        """Why a feed Scrapy would open cannot take this run's articles (found only at the end of the
        crawl otherwise, or never), or None."""
        if (needed := STORAGE_MODULES.get(scheme)) and not _importable(needed[0]):
            return f"cannot be stored: {needed[1]} is not installed"
        if self._holds_a_document(uri, feed_options):
            return (
                f"cannot be appended to: the file already holds a whole {feed_options['format']} document,"
                " and a second one after it is a file no reader takes; use -O (the state exports only what"
                " is new) or a name with %(time)s"
            )
        if (header := self._other_csv_columns(uri, feed_options)) is not None:
            shown = ", ".join(header[:5]) + (", …" if len(header) > 5 else "")
            return (
                f"cannot be appended to: its header line names other columns ({shown}) than this run"
                " writes; use -O or a new name"
            )
        return None

    def _holds_a_document(self, uri: str, feed_options: dict[str, Any]) -> bool:
        """Whether an appending feed would add a second XML or JSON document to a local file (``-o out.xml``
        on a scheduled run's second day): Scrapy appends, exits 0, and the file no parser reads. JSON
        lines and CSV append; these two formats cannot."""
        exporter = self.exporters.get(feed_options.get("format", ""))
        if not (isinstance(exporter, type) and issubclass(exporter, XmlItemExporter | JsonItemExporter)):
            return False
        return self._appended_file(uri, feed_options) is not None

    def _other_csv_columns(self, uri: str, feed_options: dict[str, Any]) -> list[str] | None:
        """The header of a CSV file an appending feed would add rows of other columns to (written by a
        version with other fields, or with another ``FEED_EXPORT_FIELDS``), or None: the rows would sit
        under names that are not theirs, and no reader can tell."""
        exporter = self.exporters.get(feed_options.get("format", ""))
        fields = feed_options.get("fields")
        if not (isinstance(exporter, type) and issubclass(exporter, CsvItemExporter)) or not fields:
            return None
        if (path := self._appended_file(uri, feed_options)) is None:
            return None
        columns = list(fields.values()) if isinstance(fields, dict) else list(fields)
        try:
            with path.open(encoding=feed_options.get("encoding") or "utf-8", newline="") as fh:
                header = next(csv.reader(fh), [])
        except (OSError, UnicodeDecodeError, csv.Error):
            return None
        return header if header != columns else None

    def _appended_file(self, uri: str, feed_options: dict[str, Any]) -> Path | None:
        """The local file, not empty, that a feed appends to (``-o``, a fixed name), or None."""
        if feed_options.get("overwrite") or "%(" in uri:
            return None
        try:
            storage = self._get_storage(uri, feed_options)
        except NotConfigured:
            return None
        if not isinstance(storage, FileFeedStorage):
            return None
        path = Path(storage.path)
        try:
            return path if path.stat().st_size > 0 else None
        except OSError:  # not there yet: the first run writes it whole
            return None

    def _exporter_supported(self, format_: str) -> bool:
        if super()._exporter_supported(format_):
            return True
        self.problems.append(f"the feed format {format_!r} is unknown or cannot be loaded")
        return False

    # ---- opening: a local file that cannot be created fails now, not after the crawl ---------------
    def open_spider(self, spider: Spider) -> None:
        super().open_spider(spider)
        for slot in self.slots:
            if writes_through(slot):
                self._open(slot)
        if self.slots and all(id(slot) in self.broken for slot in self.slots):
            self._give_up(spider)

    def _open(self, slot: FeedSlot) -> bool:
        try:
            slot.start_exporting()
            assert slot.file is not None
            slot.file.flush()
        except OSError as exc:
            self._break(slot, exc)
            return False
        self.whole_size[id(slot)] = self._size(slot)
        return True

    # ---- one item -----------------------------------------------------------------------------------
    def item_error(self, item: Any, response: Response | None = None, failure: Any = None) -> None:
        """An item a pipeline raised on (anything but ``DropItem``) never reaches a feed: counted, and the
        ``crawl`` command fails the run on it whether or not the monitors are on."""
        self.crawler.stats.inc_value(PIPELINE_ERRORS_STAT)

    def item_scraped(self, item: Any, spider: Spider, response: Response | None = None) -> None:  # type: ignore[override]
        taken, awaits_store = True, False
        before = list(self.slots)
        for slot in before:
            if not slot.filter.accepts(item):
                continue
            if id(slot) in self.broken or not self._write(slot, item):
                taken = False
            elif not writes_through(slot):
                awaits_store = True
        self._rotate_batches(spider)
        if not taken:
            self.crawler.stats.inc_value(UNDELIVERED_STAT)
            if self.slots and all(id(slot) in self.broken for slot in self.slots):
                self._give_up(spider)
            return
        self.crawler.stats.inc_value(DELIVERED_STAT)
        self.crawler.signals.send_catch_log(
            item_delivered, item=item, response=response, spider=spider, awaits_store=awaits_store
        )

    def _write(self, slot: FeedSlot, item: Any) -> bool:
        try:
            slot.start_exporting()
            assert slot.exporter is not None and slot.file is not None
            slot.exporter.export_item(item)
            slot.file.flush()
        except OSError as exc:
            self._break(slot, exc)
            return False
        except Exception:  # an item the exporter cannot write: the item's fault, not the feed's
            logger.exception("the feed %s could not export an item; it is not delivered", slot.uri)
            return False
        slot.itemcount += 1
        if writes_through(slot):
            self.whole_size[id(slot)] = self._size(slot)
        return True

    def _rotate_batches(self, spider: Spider) -> None:
        """Close each full batch (``batch_item_count``) and open the next one, as Scrapy's loop does."""
        slots = []
        for slot in self.slots:
            batch = self.feeds[slot.uri_template]["batch_item_count"]
            if batch and slot.itemcount >= batch and id(slot) not in self.broken:
                params = self._get_uri_params(spider, self.feeds[slot.uri_template]["uri_params"], slot)
                self._schedule_slot_close(slot, spider)
                slot = self._start_new_batch(
                    batch_id=slot.batch_id + 1,
                    uri=apply_uri_params(slot.uri_template, params),
                    feed_options=self.feeds[slot.uri_template],
                    spider=spider,
                    uri_template=slot.uri_template,
                )
            slots.append(slot)
        self.slots = slots

    # ---- failures -----------------------------------------------------------------------------------
    def _break(self, slot: FeedSlot, exc: OSError) -> None:
        why = f"the feed {slot.uri} could not be written: {exc}"
        self.broken[id(slot)] = why
        self._failed(why)
        self.crawler.stats.inc_value(WRITE_FAILED_STAT)
        logger.error("%s; it takes no more articles in this run", why)

    def _failed(self, why: str) -> None:
        self.failed.append(why)
        if self.crawler.stats.get_value(FIRST_FAILURE_STAT) is None:
            self.crawler.stats.set_value(FIRST_FAILURE_STAT, why)

    def _give_up(self, spider: Spider) -> None:
        engine = self.crawler.engine
        if engine is not None and not getattr(self, "_giving_up", False):
            self._giving_up = True
            logger.error("No feed can take articles any more: closing the spider")
            # Scheduled, as Scrapy's CloseSpider extension does: this may run inside the engine's opening.
            deferred_from_coro(engine.close_spider_async(reason=FEED_FAILED_REASON))

    @staticmethod
    def _size(slot: FeedSlot) -> int:
        try:
            return slot.file.tell() if slot.file is not None else 0
        except (OSError, ValueError):  # stdout is not seekable
            return 0

    # ---- closing ------------------------------------------------------------------------------------
    async def _close_slot(self, slot: FeedSlot, spider: Spider) -> None:
        if id(slot) in self.broken:
            self._cut_back(slot)
            return
        failed_before = self._failed_count()
        try:
            await super()._close_slot(slot, spider)
        except OSError as exc:  # finishing the export (a JSON array's end) failed before the store
            logger.error("the feed %s could not be finished: %s", slot.uri, exc)
            self.crawler.stats.inc_value(f"feedexport/failed_count/{type(slot.storage).__name__}")
        if self._failed_count() > failed_before:
            self._failed(f"the feed {slot.uri} failed to store its file (see the error above)")
            if not writes_through(slot):
                self.revoked = True

    def _failed_count(self) -> int:
        stats = self.crawler.stats.get_stats()
        return sum(v for k, v in stats.items() if k.startswith("feedexport/failed_count/"))

    def _cut_back(self, slot: FeedSlot) -> None:
        """Close a broken local file and cut it back to its last whole line (a truncate needs no space)."""
        if slot.file is None or not isinstance(slot.storage, FileFeedStorage):
            return
        with contextlib.suppress(OSError):  # the unwritten rest of its buffer: cut off below
            slot.file.close()
        path = Path(slot.storage.path)
        whole = self.whole_size.get(id(slot), 0)
        try:
            if path.exists() and path.stat().st_size > whole:
                os.truncate(path, whole)
        except OSError as exc:
            logger.error("could not cut %s back to its last whole line: %s", path, exc)

    async def close_spider(self, spider: Spider) -> None:
        await super().close_spider(spider)
        await self.crawler.signals.send_catch_log_async(
            feeds_settled, failed=list(self.failed), revoked=self.revoked, spider=spider
        )
