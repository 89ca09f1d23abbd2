"""The run report: one JSON document and a short human summary, written next to the run's export.

Pure functions over the final stats, the item tally and the monitors' verdicts, so the report can be
rebuilt and tested without a crawl. ``progress_line`` is the one-line status a long crawl logs at an
interval (``WARTA_PROGRESS_INTERVAL``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.monitoring.checks import (
    DROP_PREFIX,
    EXCEPTION_PREFIX,
    Check,
    by_prefix,
    status_count,
    timeout_count,
)
from crawler.monitoring.tally import ItemTally
from crawler.profiles import SELECTOR_FIELDS

BAD_RESPONSE_PREFIX = "warta/bad_response/"
DISCOVERY_CUT_PREFIX = "warta/discovery/cut/"


def _seconds(started: datetime | None, finished: datetime | None) -> float | None:
    if started is None or finished is None:
        return None
    return round((finished - started).total_seconds(), 3)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def build_report(
    *,
    spider: str,
    stats: Mapping[str, Any],
    tally: ItemTally,
    checks: list[Check],
    started: datetime | None,
    finished: datetime | None,
    exports: list[str],
    worker: str | None = None,
    timeline: Mapping[str, Any] | None = None,
    drift_threshold: float | None = None,
) -> dict[str, Any]:
    """Counts by outcome and drop reason, coverage, errors, duration, pages per minute, verdicts; the
    run over time (``timeline``, from ``crawler.monitoring.timeline``) and each profiled portal's drift
    against ``drift_threshold`` when given."""
    duration = _seconds(started, finished)
    pages = int(stats.get("downloader/response_count", 0))
    dropped = by_prefix(stats, DROP_PREFIX)
    statuses = {
        key.rsplit("/", 1)[1]: int(value)
        for key, value in sorted(stats.items())
        if key.startswith("downloader/response_status_count/")
    }
    exceptions = by_prefix(stats, EXCEPTION_PREFIX)
    coverage = {name: (None if r is None else round(r, 4)) for name, r in tally.coverage().items()}
    extraction = {
        portal: {**dict(counts.extracted_by), "generic_rate": round(counts.rate, 4)}
        for portal, counts in sorted(tally.portals.items())
    }
    return {
        "run_id": run_id(spider, started, worker),
        "spider": spider,
        "worker": worker,
        "ok": all(c.ok for c in checks),
        "failed_monitors": [c.name for c in checks if not c.ok],
        "finish_reason": stats.get("finish_reason"),
        "started": _iso(started),
        "finished": _iso(finished),
        "duration_seconds": duration,
        "pages": pages,
        "pages_per_minute": round(pages / duration * 60, 1) if duration else None,
        # The crawl process's own peak resident memory (crawler/runtime.py, OwnMemoryUsage: read once more
        # as the spider closes, so the run's whole peak); its extraction workers' memory is their own.
        "peak_memory_mb": round(peak / 2**20) if (peak := stats.get("memusage/max")) else None,
        "requests": int(stats.get("downloader/request_count", 0)),
        "outcomes": {
            "exported": tally.exported,
            "dropped": sum(dropped.values()),
            "dropped_by_reason": dropped,
        },
        "coverage": coverage,
        "field_coverage": {
            name: (None if r is None else round(r, 4)) for name, r in tally.field_coverage().items()
        },
        "extraction": extraction,
        # Extraction worker processes (crawler/extraction_workers.py) and the pools replaced after one died
        # or hung past WARTA_EXTRACT_TIMEOUT: their pages were read again, a recovered fault to look into
        # (the OOM killer, a page the parser never finishes).
        "extraction_workers": {
            "workers": int(stats.get("warta/extract/workers", 0)),
            "replaced": int(stats.get("warta/extract/worker_restarts", 0)),
            "timeouts": int(stats.get("warta/extract/worker_timeouts", 0)),
        },
        "drift": drift_section(tally, drift_threshold),
        "timeline": dict(timeline) if timeline is not None else None,
        "leaks": {"count": tally.leaks, "examples": tally.leak_examples},
        "errors": {
            "http_status": {code: n for code, n in statuses.items() if not code.startswith(("2", "3"))},
            "http_4xx": status_count(stats, lambda code: code.startswith("4")),
            "http_5xx": status_count(stats, lambda code: code.startswith("5")),
            "timeouts": timeout_count(stats),
            "exceptions": exceptions,
            "spider_exceptions": int(stats.get("spider_exceptions/count", 0)),
            "log_errors": int(stats.get("log_count/ERROR", 0)),
        },
        "bad_responses": by_prefix(stats, BAD_RESPONSE_PREFIX),
        # What the discovery bounds left out (crawler/discovery/bounds.py): sitemaps and listing pages.
        "discovery_cut": by_prefix(stats, DISCOVERY_CUT_PREFIX),
        "sitemaps_gone": {
            "answered_404": int(stats.get("warta/discovery/sitemap_gone", 0)),
            "skipped": int(stats.get("warta/discovery/sitemap_gone_skipped", 0)),
        },
        # Sitemaps, feeds and listing pages this run could not read (a 5xx or timeout after retries, a 200
        # that was no sitemap or feed): asked for again next run; the articles only they list wait till then.
        "sources_unread": {
            name: count
            for name, count in (
                ("sitemap_failed", int(stats.get("warta/discovery/sitemap_failed", 0))),
                ("bad_sitemap", int(stats.get("warta/discovery/bad_sitemap", 0))),
                ("sitemap_truncated", int(stats.get("warta/discovery/sitemap_truncated", 0))),
                ("bad_feed", int(stats.get("warta/discovery/bad_feed", 0))),
                ("feed_truncated", int(stats.get("warta/discovery/feed_truncated", 0))),
                ("feed_failed", int(stats.get("warta/discovery/feed_failed", 0))),
                ("listing_failed", int(stats.get("warta/discovery/listing_failed", 0))),
            )
            if count
        },
        # robots.txt ``Sitemap:`` values that are no URL: the portal's to mend, as asking again would not help
        "robots_sitemaps_unreadable": int(stats.get("warta/discovery/bad_robots_sitemap", 0)),
        "monitors": [c.as_dict() for c in checks],
        "exports": exports,
    }


def run_id(spider: str, started: datetime | None, worker: str | None) -> str:
    """A name for one run of one worker, safe as a file name: the crawl history files reports by it."""
    stamp = started.strftime("%Y%m%dT%H%M%S") if started else "unstarted"
    raw = "-".join(part for part in (spider, stamp, worker) if part)
    return re.sub(r"[^A-Za-z0-9._-]+", "-", raw)


def drift_section(tally: ItemTally, threshold: float | None) -> dict[str, Any]:
    """Each profiled portal's generic-fallback rate against the drift threshold, the profile fields
    that stopped matching and how often each field missed: the same ``PortalTally`` judgements the drift
    warning and the ``generic_fallback_<portal>`` monitor make."""
    portals = {}
    for portal, counts in sorted(tally.portals.items()):
        if not counts.profiled:
            continue
        portals[portal] = {
            "items": counts.items,
            "generic": counts.generic,
            "rate": round(counts.rate, 4),
            "drifting": threshold is not None and counts.over(threshold),
            "fields": counts.stopped_matching(threshold) if threshold is not None else [],
            "misses": {name: counts.misses[name] for name in SELECTOR_FIELDS if counts.misses[name]},
        }
    drifting = [portal for portal, judged in portals.items() if judged["drifting"]]
    return {"threshold": threshold, "portals": portals, "drifting": drifting}


def summary_text(report: Mapping[str, Any]) -> str:
    """A few lines an operator reads at a glance."""
    verdict = "OK" if report["ok"] else "FAILED: " + ", ".join(report["failed_monitors"])
    outcomes = report["outcomes"]
    drops = ", ".join(f"{k} {v}" for k, v in outcomes["dropped_by_reason"].items()) or "none"
    coverage = ", ".join(f"{k} {'-' if v is None else f'{v:.0%}'}" for k, v in report["coverage"].items())
    errors = report["errors"]
    rate = report["pages_per_minute"]
    bad = ", ".join(f"{k} {v}" for k, v in report.get("bad_responses", {}).items()) or "none"
    lines = [
        f"Warta run of {report['spider']}: {verdict}",
        f"finish reason {report['finish_reason']}, {report['duration_seconds']} s, "
        f"{report['pages']} pages ({'-' if rate is None else rate} per minute)"
        + (f", peak memory {memory} MB" if (memory := report.get("peak_memory_mb")) else ""),
        f"exported {outcomes['exported']}, dropped {outcomes['dropped']} ({drops})",
        f"coverage: {coverage}; body leaks: {report['leaks']['count']}",
        f"errors: 4xx {errors['http_4xx']}, 5xx {errors['http_5xx']}, timeouts {errors['timeouts']}, "
        f"logged errors {errors['log_errors']}",
        f"bad responses: {bad}",
    ]
    if cut := report.get("discovery_cut"):
        lines.append("discovery cut: " + ", ".join(f"{k} {v}" for k, v in cut.items()))
    if unread := report.get("sources_unread"):
        shown = ", ".join(f"{k} {v}" for k, v in unread.items())
        lines.append(f"sitemaps, feeds and listings not read: {shown} (asked for again next run)")
    if bad_lines := report.get("robots_sitemaps_unreadable"):
        lines.append(f"robots.txt Sitemap lines that are no URL: {bad_lines} (named in the log)")
    pools = report.get("extraction_workers") or {}
    if replaced := pools.get("replaced"):
        hung = pools.get("timeouts") or 0
        why = f", {hung} hung past WARTA_EXTRACT_TIMEOUT" if hung else ""
        lines.append(f"extraction workers replaced: {replaced}{why} (their pages read again; see the log)")
    for check in report["monitors"]:
        if not check["ok"]:
            detail = f" ({check['detail']})" if check["detail"] else ""
            lines.append(f"  FAILED {check['name']}: {check['value']} vs limit {check['limit']}{detail}")
    return "\n".join(lines) + "\n"


def report_paths(export: Path) -> tuple[Path, Path]:
    """``articles.jsonl`` -> ``articles.report.json``, ``articles.summary.txt`` in the same folder; any
    other export keeps its whole name (``out.csv`` -> ``out.csv.report.json``), so the reports of
    ``-O out.csv`` and ``-O out.xml`` in one run are two files."""
    base = export.stem if export.suffix == ".jsonl" else export.name
    return export.with_name(base + ".report.json"), export.with_name(base + ".summary.txt")


def report_targets(exports: list[Path]) -> list[tuple[Path, Path]]:
    """The report paths of each export of one run, none shared: an export whose paths another export
    of the run already took (``out.jsonl`` beside an extension-less ``out``) gets a numbered name."""
    taken: set[Path] = set()
    targets = []
    for export in exports:
        json_path, text_path = report_paths(export)
        number = 1
        while json_path in taken:
            number += 1
            json_path, text_path = report_paths(export.with_name(f"{export.name}-{number}"))
        taken.add(json_path)
        targets.append((json_path, text_path))
    return targets


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a temporary file in the same folder, flushed to
    disk, then renamed over ``path`` (``os.replace`` is atomic), so a kill or a full disk mid-write
    leaves the previous file or none, never half a JSON document."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_report(
    report: Mapping[str, Any], export: Path, paths: tuple[Path, Path] | None = None
) -> tuple[Path, Path]:
    """The report as JSON and as a summary, next to ``export`` (or at ``paths``), each written atomically."""
    json_path, text_path = paths or report_paths(export)
    write_atomic(json_path, json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n")
    write_atomic(text_path, summary_text(report))
    return json_path, text_path


def progress_line(stats: Mapping[str, Any], exported: int, elapsed: float) -> str:
    """One status line for a long crawl."""
    pages = int(stats.get("downloader/response_count", 0))
    per_minute = pages / elapsed * 60 if elapsed > 0 else 0.0
    dropped = int(stats.get("warta/dropped", 0))
    errors = status_count(stats, lambda code: code.startswith(("4", "5"))) + timeout_count(stats)
    return (
        f"progress: {pages} pages ({per_minute:.0f}/min), {exported} exported, {dropped} dropped, "
        f"{errors} errors, {elapsed:.0f} s elapsed"
    )
