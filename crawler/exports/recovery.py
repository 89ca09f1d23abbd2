"""Export recovery after a kill: no half-written line, no article exported twice.

The exporter writes an article's line, then the dedup pipeline records the article in the state (on
``item_delivered``, sent once the line is flushed), committing its records in groups
(``WARTA_STATE_COMMIT_EVERY``). A SIGKILL before a group's commit leaves exported articles the state does
not know, which the next run would fetch and export again; a SIGKILL in the middle of a large write can
leave a cut last line (no ``\\n``).

Rule for readers: **a line is an article only when it ends with ``\\n``.** Before the next run opens its
feeds, this extension (1) cuts an unterminated tail off the newest exports of the spider, so a run that
appends (``-o file.jsonl``) never glues a new line to half an old one, and the article in the cut tail,
never recorded, is fetched again; (2) records in the state the last complete lines the state is missing
(``TAIL_LINES`` of each feed, read from its newest files). Only those can be missing: the state records
each line right after it is written and commits at least every ``TAIL_LINES`` records, so at most the
lines of the group not yet committed at the kill are unrecorded.

A feed opened with overwrite (``-O file.jsonl``) would wipe the earlier run's articles, which the state
now skips. So a run marks such a file ``<file>.incomplete`` while it writes it, and removes the mark
only when the run finished (finish reason ``finished``). A run stopped before (SIGTERM, a
``CLOSESPIDER_*`` limit, a feed that failed) writes its finish reason into the mark instead; a file
found with its mark is moved aside to ``<name>.<reason>-<UTC time>.jsonl`` (``killed`` when the run
never got to write one) and kept before the new run overwrites the name: ``-O`` never destroys
articles the state counts as delivered. A kept XML document is closed after its last whole item, so an
XML reader takes it.

An article is delivered only when every feed took it. So a line is recorded only when every feed's
tail holds it (same canonical URL and crawl time; a ``zyte_jsonlines`` line's ``metadata.dateDownloaded``
is its crawl time): a kill between two feeds' writes leaves the article to the next run, which exports it
to both (a duplicate in one rather than a loss in the other). When a feed cannot be read back (a local
file in another format, stdout) nothing is recorded from the tails at all, and when the killed run held
articles for a feed stored at close (S3, FTP, a compressed file), the state already undid the whole run
on opening: its lines in a local file are not what that feed got, so they are not recorded either.

The state record and the near-duplicate index are two files: a kill between the two writes leaves an
exported article outside the index. The recovered lines are therefore also checked against the index,
and a new article (version 1, not a marked copy) missing from it is added from its exported body.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.exporters import JsonLinesItemExporter, XmlItemExporter
from scrapy.utils.misc import load_object

from crawler.monitoring.extension import local_path
from crawler.runmode import records_run
from crawler.state.articles import ArticleStore, crawled_after, item_signal, operator_mark
from crawler.state.component import ArticleState
from crawler.state.neardup import DEFAULT_BANDS, NearDupIndex, SqliteNearDupStore, default_path
from crawler.urls import canonicalize

logger = logging.getLogger(__name__)

TAIL_BYTES = 1 << 20  # an export's tail is read backwards in pieces of this size
TAIL_LINES = 32  # the last lines of a feed checked against the state: more than a commit group holds
# What recovery matches a line on (canonical URL, crawl time) and records from it (body fingerprint, version).
RECOVERY_FIELDS = frozenset({"canonicalUrl", "crawledAt", "fingerprint", "version"})
_PARAM = re.compile(r"%\((\w+)\)s")
_REASON = re.compile(r"[^A-Za-z0-9_]+")


def cut_unterminated_tail(path: Path) -> int:
    """Truncate ``path`` after its last ``\\n``; the number of bytes removed (0 when it ends whole)."""
    with path.open("rb+") as fh:
        size = fh.seek(0, os.SEEK_END)
        if size == 0:
            return 0
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return 0
        start, chunk = _tail(fh, size, 1)
        newline = chunk.rfind(b"\n")
        keep = start + newline + 1 if newline >= 0 else 0
        fh.truncate(keep)
        return size - keep


def _tail(fh: Any, size: int, newlines: int) -> tuple[int, bytes]:
    """The end of an open file from where it holds ``newlines`` more newlines than its last line (or
    from its start): read backwards a piece at a time, as a line may be longer than one piece."""
    start, chunk = size, b""
    while start > 0 and chunk.count(b"\n", 0, len(chunk) - 1) < newlines:
        step = min(TAIL_BYTES, start)
        start -= step
        fh.seek(start)
        chunk = fh.read(step) + chunk
    return start, chunk


def last_lines(path: Path, count: int = TAIL_LINES) -> list[dict[str, Any]]:
    """The last ``count`` complete lines of a JSON-lines file that parse as objects, oldest first."""
    with path.open("rb") as fh:
        size = fh.seek(0, os.SEEK_END)
        start, chunk = _tail(fh, size, count + 1)
    lines = chunk.split(b"\n")
    lines = lines[1:-1] if start > 0 else lines[:-1]  # a partial first line; the part after the last \n
    items = []
    for raw in lines[-count:]:
        try:
            item = json.loads(raw)
        except ValueError:
            continue
        if isinstance(item, dict):
            items.append(item)
    return items


def feed_candidates(uri: str, params: dict[str, str]) -> list[Path]:
    """Existing files a feed URI template may write to: the template's own file, or the newest matches
    (oldest first) that together hold its last ``TAIL_LINES`` lines."""
    path = local_path(uri)
    if path is None:
        return []
    pieces, last = [], 0
    text = str(path)
    for match in _PARAM.finditer(text):
        pieces.append(glob.escape(text[last : match.start()]))
        value = params.get(match.group(1))
        pieces.append(glob.escape(value) if value is not None else "*")
        last = match.end()
    pieces.append(glob.escape(text[last:]))
    matches = [Path(p) for p in glob.glob("".join(pieces)) if Path(p).is_file()]
    newest: list[Path] = []
    lines = 0  # a feed in batches (``%(batch_id)s``) spreads its last TAIL_LINES lines over several files
    for match in sorted(matches, key=lambda p: p.stat().st_mtime, reverse=True)[:TAIL_LINES]:
        if lines >= TAIL_LINES:
            break
        newest.append(match)
        lines += len(last_lines(match))
    return newest[::-1]


def readable_feed(
    uri: str, options: object, exporters: dict[str, Any], default_fields: object = None
) -> bool:
    """A feed recovery reads back: a local file of JSON lines (Warta's own shape or the Zyte one) whose
    lines keep what a line is matched and recorded on (``RECOVERY_FIELDS``), whatever ``fields`` (or
    ``FEED_EXPORT_FIELDS``, ``default_fields``) leaves out of them."""
    if local_path(uri) is None or not _writes_with(options, exporters, JsonLinesItemExporter):
        return False
    fields = options.get("fields") if isinstance(options, dict) and options.get("fields") else default_fields
    if not fields:
        return True  # every field
    names = set(fields.values()) if isinstance(fields, dict) else set(fields)  # a dict renames them
    return names >= RECOVERY_FIELDS


def unreadable_feeds(settings: Any) -> list[str]:
    """The crawl's feeds whose last lines recovery cannot read back after a kill."""
    exporters = settings.getwithbase("FEED_EXPORTERS")
    default_fields = settings.getdictorlist("FEED_EXPORT_FIELDS")
    return [
        str(uri)
        for uri, opts in settings.getdict("FEEDS").items()
        if not readable_feed(str(uri), opts, exporters, default_fields)
    ]


def _crawl_key(item: dict[str, Any]) -> tuple[Any, Any]:
    """What tells one export of an article from another in any readable format: canonical URL, crawl time."""
    crawled = item.get("crawledAt")
    if crawled is None and isinstance(item.get("metadata"), dict):
        crawled = item["metadata"].get("dateDownloaded")  # zyte_jsonlines
    return item.get("canonicalUrl"), crawled


def taken_by_every_feed(tails: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The lines of Warta's own format (they carry the fingerprint and version the state records) whose
    article every feed's tail holds, oldest first."""
    held = [{_crawl_key(item) for item in tail} for tail in tails]
    own = next((tail for tail in tails if any("fingerprint" in item for item in tail)), [])
    return [item for item in own if all(_crawl_key(item) in keys for keys in held)]


def xml_feed(options: object, exporters: dict[str, Any]) -> bool:
    """Whether the feed writes one XML document (Warta's XML export or another ``XmlItemExporter``)."""
    return _writes_with(options, exporters, XmlItemExporter)


def _writes_with(options: object, exporters: dict[str, Any], kind: type) -> bool:
    """Whether the feed's format (``FEED_EXPORTERS``) is an exporter of ``kind``; False when it does not
    load."""
    fmt = options.get("format") if isinstance(options, dict) else None
    if fmt not in exporters:
        return False
    try:
        exporter = load_object(exporters[fmt])
    except (ImportError, NameError, ValueError):
        return False
    return isinstance(exporter, type) and issubclass(exporter, kind)


def close_killed_xml(path: Path, options: object) -> bool:
    """Close the XML document a killed run left (no closing root tag: no XML reader takes it) after its
    last whole item; an item cut by the kill was never recorded, so the next run exports it. True when
    the file was mended."""
    kwargs = options.get("item_export_kwargs") if isinstance(options, dict) else None
    kwargs = kwargs if isinstance(kwargs, dict) else {}
    root = str(kwargs.get("root_element", "items")).encode()
    item_end = b"</" + str(kwargs.get("item_element", "item")).encode() + b">"
    with path.open("rb+") as fh:  # read from its end, a piece at a time: the file may be gigabytes
        size = fh.seek(0, os.SEEK_END)
        fh.seek(max(0, size - 64))
        if fh.read().rstrip().endswith(b"</" + root + b">"):
            return False
        if (end := _last_at(fh, size, item_end)) >= 0:
            keep = end + len(item_end)
        else:
            fh.seek(0)
            start = fh.read(TAIL_BYTES).find(b"<" + root + b">")
            if start < 0:
                return False  # not even the root element near the start: nothing was delivered in it
            keep = start + len(root) + 2
        fh.truncate(keep)
        fh.seek(keep)
        fh.write(b"</" + root + b">\n")
    logger.warning("closed the XML document of %s after its last whole item", path)
    return True


def _last_at(fh: Any, size: int, needle: bytes) -> int:
    """The offset of ``needle``'s last occurrence in the open file, read backwards ``TAIL_BYTES`` at a
    time (pieces overlap by the needle's length, so one across two pieces is found), or -1."""
    end = size
    while end > 0:
        start = max(0, end - TAIL_BYTES)
        fh.seek(start)
        at = fh.read(min(size, end + len(needle) - 1) - start).rfind(needle)
        if at >= 0:
            return start + at
        end = start
    return -1


def overwrite_target(uri: object, options: object) -> Path | None:
    """The local file of a feed with ``overwrite`` (and a fixed name), or None."""
    if not (isinstance(options, dict) and options.get("overwrite")):
        return None
    path = local_path(str(uri))
    return None if path is None or _PARAM.search(str(path)) else path.resolve()


def incomplete_mark(path: Path) -> Path:
    return path.with_name(path.name + ".incomplete")


class ExportRecovery:
    """Repairs the exports a killed run left before this run opens its own (``WARTA_EXPORT_RECOVERY``),
    recording what the state misses in the crawl's article store; off for spiders that keep no state."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("WARTA_EXPORT_RECOVERY") or settings.get("REDIS_URL"):
            raise NotConfigured  # the distributed store lives in Redis, not in the SQLite state
        if not records_run(settings):
            raise NotConfigured  # a look at pages (scrapy parse, check): no state to repair
        state = ArticleState.from_crawler(crawler)  # NotConfigured for a spider that keeps no state
        self.crawler = crawler
        self.counts = {"cut_bytes": 0, "cut_lines": 0, "recorded": 0, "kept": 0, "indexed": 0}
        self.overwrite_targets: list[Path] = []
        data_dir = Path(settings["WARTA_DATA_DIR"]).resolve()
        params = {"name": crawler.spidercls.name, "data_dir": str(data_dir)}
        feeds = settings.getdict("FEEDS")
        exporters = settings.getwithbase("FEED_EXPORTERS")
        per_feed: list[list[Path]] = []
        self.unreadable = unreadable_feeds(settings)  # feeds whose lines recovery cannot read back
        for uri, opts in feeds.items():
            kept = self.keep_killed(path) if (path := overwrite_target(uri, opts)) else None
            if kept is not None and xml_feed(opts, exporters):
                close_killed_xml(kept, opts)
            if str(uri) in self.unreadable:
                continue
            per_feed.append([*([kept] if kept else []), *feed_candidates(str(uri), params)])
        self.neardup_path = default_path(data_dir) if settings.getbool("WARTA_NEARDUP_ENABLED") else None
        self.neardup_threshold = settings.getfloat("WARTA_NEARDUP_THRESHOLD")
        if any(per_feed):
            self.recover(per_feed, state.store)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExportRecovery:
        return cls(crawler)

    def keep_killed(self, path: Path) -> Path | None:
        """Move an unfinished run's export out of the way of an overwriting feed; its new path, if moved."""
        self.overwrite_targets.append(path)
        mark = incomplete_mark(path)
        if not (mark.is_file() and path.is_file()) or path.stat().st_size == 0:
            return None
        reason = _REASON.sub("_", mark.read_text(encoding="utf-8", errors="replace").strip())[:40] or "killed"
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%S")
        target = path.with_name(f"{path.stem}.{reason}-{stamp}{path.suffix}")
        path.rename(target)
        self.counts["kept"] += 1
        logger.warning("kept %s, written by a run that did not finish (%s), as %s", path, reason, target)
        return target

    def recover(self, feeds: list[list[Path]], store: ArticleStore) -> None:
        """Cut each file's unterminated tail, then record the tail lines every feed holds (see above)."""
        tails = []
        for files in feeds:
            lines = []
            for path in files:
                cut = cut_unterminated_tail(path)
                if cut:
                    self.counts["cut_bytes"] += cut
                    self.counts["cut_lines"] += 1
                    logger.warning("removed a cut last line (%d bytes) from %s", cut, path)
                lines += last_lines(path)
            tails.append(lines)
        settled = getattr(store, "settled_on_open", None)
        if settled and settled[0] == "rolled_back":
            return  # the killed run's feeds stored at close never got its lines: the state undid them all
        if self.unreadable:
            if any(tails):
                logger.warning(
                    "the last lines of the exports are not recorded: %s cannot be read back to check that it"
                    " took them too (the state committed each record meanwhile: at most the article being"
                    " written at the kill is exported again)",
                    ", ".join(self.unreadable),
                )
            return
        lines = taken_by_every_feed(tails)
        for item in lines:
            if self._record_missing(store, item):
                self.counts["recorded"] += 1
                logger.warning("recorded %s, exported before a kill, in the state", item["canonicalUrl"])
        self._index_missing(lines)

    def _index_missing(self, items: list[dict[str, Any]]) -> None:
        """Add to the near-duplicate index the new articles of these lines it does not hold."""
        new = [
            item
            for item in items
            if item.get("version") == 1
            and item.get("duplicateOf") is None
            and isinstance(item.get("canonicalUrl"), str)
            and isinstance(item.get("articleBody"), str)
        ]
        if self.neardup_path is None or not new:
            return
        store = SqliteNearDupStore(self.neardup_path, bands=DEFAULT_BANDS)
        index = NearDupIndex(threshold=self.neardup_threshold, store=store, commit_every=1)
        try:
            for item in new:
                if index.doc_id(item["canonicalUrl"]) is None and index.add(
                    item["canonicalUrl"], item["articleBody"], {"portal": item.get("portal") or ""}
                ):
                    self.counts["indexed"] += 1
                    logger.warning(
                        "added %s, exported before a kill, to the near-duplicate index", item["canonicalUrl"]
                    )
        finally:
            index.close()

    @staticmethod
    def _record_missing(store: ArticleStore, item: dict[str, Any]) -> bool:
        canonical, fingerprint = item.get("canonicalUrl"), item.get("fingerprint")
        version, portal = item.get("version") or 1, item.get("portal") or ""
        if not (isinstance(canonical, str) and isinstance(fingerprint, str) and isinstance(version, int)):
            return False
        mark = operator_mark(store, canonical)
        if mark is not None:
            # `warta state` forgot the article or marked it for re-export: a line crawled before that is
            # what the operator undid; a line crawled after it is the new export, recorded as usual.
            if not crawled_after(item.get("crawledAt"), mark.marked_at):
                return False
        elif (known := store.get(canonical)) is not None and known.version >= version:
            return False
        try:  # the page's own URL: a claimed canonical is not marked as fetched itself
            fetched_url = canonicalize(item["url"]) if isinstance(item.get("url"), str) else None
        except ValueError:
            fetched_url = None
        store.record(
            canonical, fingerprint, version, portal, item.get("dateModified"), item_signal(item), fetched_url
        )
        return True

    def spider_opened(self, spider: Any) -> None:
        for path in self.overwrite_targets:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                incomplete_mark(path).touch()
            except OSError as exc:  # the feed itself cannot be written either: it fails the run
                logger.error("cannot mark %s as being written: %s", path, exc)
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value("warta/resume/cut_lines_removed", self.counts["cut_lines"])
        stats.set_value("warta/resume/exports_recorded", self.counts["recorded"])
        stats.set_value("warta/resume/killed_exports_kept", self.counts["kept"])
        stats.set_value("warta/resume/neardup_indexed", self.counts["indexed"])

    def engine_stopped(self) -> None:
        """Every feed is closed by now: an overwritten file is whole when the run finished; otherwise
        its mark keeps the finish reason, and the next run keeps the file aside."""
        stats = self.crawler.stats
        reason = str(stats.get_value("finish_reason") or "") if stats is not None else ""
        for path in self.overwrite_targets:
            mark = incomplete_mark(path)
            try:
                if reason == "finished":
                    mark.unlink(missing_ok=True)
                elif mark.exists():
                    mark.write_text(reason or "unfinished", encoding="utf-8")
            except OSError as exc:
                logger.error("cannot update the mark %s: %s", mark, exc)
