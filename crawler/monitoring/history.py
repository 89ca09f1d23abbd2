"""Crawl history: ``<data>/reports/index.html``, every run of every spider on one page.

A run's report lives beside its export, wherever ``-o`` put it; the history needs them in one known
place. So each run also files a copy of its report (JSON and HTML) under
``<data>/reports/runs/<spider>/<run_id>.report.{json,html}`` (``archive_run``; the oldest beyond
``WARTA_REPORT_HISTORY_KEEP`` per spider are let go), and ``rebuild_history`` reads every
``*.report.json`` under ``<data>/reports/`` and ``<data>/exports/`` (reports written before the archive
existed count too; a run found twice counts once) and writes the page: per spider, articles per run
over time and duration per run, failed and drifting runs marked, each point and row linking to that
run's report. The extension rebuilds it at the end of every run; ``warta report [DATA_DIR]`` calls the
same ``rebuild_history``.

Rendering (``render_history``) is pure; the file work around it is small and guarded by a lock file,
so two runs finishing together cannot leave a page that misses one of them.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.monitoring import svg
from crawler.monitoring.html_report import (
    error_total,
    format_count,
    format_duration,
    html_report_path,
    page,
    render_run_report,
    verdict_badge,
)
from crawler.monitoring.report import write_atomic
from crawler.monitoring.svg import PALETTE, Point, Series, esc

try:  # POSIX; elsewhere two runs finishing in the same instant may leave the page one run behind
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

REPORTS = "reports"
RUNS = "runs"
INDEX = "index.html"
LOCK = ".history.lock"
# Rows per spider in the history's table; the charts show every run kept.
TABLE_ROWS = 50


def reports_dir(data_dir: Path) -> Path:
    return Path(data_dir) / REPORTS


def history_path(data_dir: Path) -> Path:
    """Where the crawl history page is: ``<data>/reports/index.html``."""
    return reports_dir(data_dir) / INDEX


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name) or "unnamed"


def archive_run(report: Mapping[str, Any], data_dir: Path, *, keep: int = 0) -> Path:
    """File a copy of the run's report (JSON and HTML) where the history reads it; returns the JSON path.
    With ``keep`` > 0, only the newest ``keep`` runs of the spider stay archived."""
    spider = _safe(str(report.get("spider") or "unnamed"))
    folder = reports_dir(data_dir) / RUNS / spider
    json_path = folder / f"{_safe(str(report.get('run_id') or spider))}.report.json"
    write_atomic(json_path, json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n")
    html = render_run_report(report, history_href=f"../../{INDEX}", json_href=json_path.name)
    write_atomic(html_report_path(json_path), html)
    if keep > 0:
        prune(folder, keep)
    return json_path


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove the oldest archived runs beyond ``keep`` (names sort by start time within a spider)."""
    reports = sorted(folder.glob("*.report.json"), key=lambda p: (_started_of(p), p.name))
    gone = reports[:-keep] if len(reports) > keep else []
    for path in gone:
        path.unlink(missing_ok=True)
        html_report_path(path).unlink(missing_ok=True)
    return gone


def _started_of(path: Path) -> str:
    try:
        return str(json.loads(path.read_text(encoding="utf-8")).get("started") or "")
    except (OSError, ValueError, AttributeError):
        return ""


@dataclass(frozen=True)
class Run:
    """What the history shows of one run."""

    spider: str
    started: datetime
    duration: float | None
    pages: int
    exported: int
    dropped: int
    errors: int
    ok: bool
    failed_monitors: tuple[str, ...]
    drifting: tuple[str, ...]
    worker: str
    href: str

    @property
    def mark(self) -> str:
        return " ".join(m for m, on in (("failed", not self.ok), ("drift", bool(self.drifting))) if on)


def run_from_report(report: Mapping[str, Any], href: str, fallback_time: float = 0.0) -> Run:
    """One run of the history from its report; ``fallback_time`` (a file time) when it names no start."""
    started = _parse_time(report.get("started")) or datetime.fromtimestamp(fallback_time, UTC)
    outcomes = report.get("outcomes") or {}
    duration = report.get("duration_seconds")
    return Run(
        spider=str(report.get("spider") or "unnamed"),
        started=started,
        duration=float(duration) if isinstance(duration, (int, float)) else None,
        pages=int(report.get("pages") or 0),
        exported=int(outcomes.get("exported") or 0),
        dropped=int(outcomes.get("dropped") or 0),
        errors=error_total(report),
        ok=bool(report.get("ok")),
        failed_monitors=tuple(report.get("failed_monitors") or ()),
        drifting=tuple((report.get("drift") or {}).get("drifting") or ()),
        worker=str(report.get("worker") or ""),
        href=href,
    )


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _report_files(data_dir: Path) -> Iterator[Path]:
    """The archive first, so a run found twice links to its archived copy."""
    base = reports_dir(data_dir)
    yield from sorted((base / RUNS).rglob("*.report.json"))
    yield from sorted(p for p in base.glob("*.report.json"))
    yield from sorted((Path(data_dir) / "exports").rglob("*.report.json"))


def load_runs(data_dir: Path) -> tuple[list[Run], list[str]]:
    """Every run whose report is under the data folder, once each, oldest first; and the report files
    that could not be read (named on the page, never silently left out)."""
    base = reports_dir(data_dir)
    runs: dict[str, Run] = {}
    unreadable: list[str] = []
    for path in _report_files(data_dir):
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(report, dict):
                raise ValueError("not a JSON object")
            key = str(
                report.get("run_id") or "|".join(str(report.get(k)) for k in ("spider", "started", "worker"))
            )
            if key in runs:
                continue
            html = html_report_path(path)
            target = html if html.exists() else path
            runs[key] = run_from_report(
                report, Path(os.path.relpath(target, base)).as_posix(), path.stat().st_mtime
            )
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            logger.warning("crawl history: cannot read the run report %s: %s", path, exc)
            unreadable.append(os.path.relpath(path, data_dir))
    return sorted(runs.values(), key=lambda r: (r.started, r.spider, r.worker)), unreadable


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK, "a+b") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def rebuild_history(data_dir: Path) -> Path:
    """Read every run report under ``data_dir`` and (re)write ``<data_dir>/reports/index.html``."""
    data_dir = Path(data_dir)
    target = history_path(data_dir)
    with _locked(target.parent):
        runs, unreadable = load_runs(data_dir)
        write_atomic(target, render_history(runs, unreadable=unreadable, generated=datetime.now(UTC)))
    return target


# ---- the page ------------------------------------------------------------------------------------------
def render_history(
    runs: Sequence[Run], *, unreadable: Sequence[str] = (), generated: datetime | None = None
) -> str:
    """The crawl history page: an overview of every spider, then each spider's runs."""
    by_spider: dict[str, list[Run]] = {}
    for run in sorted(runs, key=lambda r: r.started):
        by_spider.setdefault(run.spider, []).append(run)
    when = (generated or datetime.now(UTC)).isoformat(timespec="seconds")
    parts = [
        "<header><h1>Warta crawl history</h1>"
        f'<p class="meta">{plural(len(runs), "run")} of {plural(len(by_spider), "spider")} · '
        f"page written {esc(when)}</p>"
        "</header>"
    ]
    if unreadable:
        names = "".join(f"<li><code>{esc(name)}</code></li>" for name in unreadable)
        parts.append(
            f'<section class="alert"><h2>{plural(len(unreadable), "run report")} could not be read</h2>'
            f"<ul>{names}</ul></section>"
        )
    if not by_spider:
        parts.append('<section><p class="note">No run report found yet.</p></section>')
    else:
        parts.append(_overview(by_spider))
        parts.extend(_spider_section(spider, runs_of) for spider, runs_of in sorted(by_spider.items()))
    return page("Warta crawl history", "\n".join(parts))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _anchor(spider: str) -> str:
    return "spider-" + _safe(spider)


def _overview(by_spider: Mapping[str, list[Run]]) -> str:
    rows = []
    for spider, runs in sorted(by_spider.items()):
        last = runs[-1]
        rows.append(
            f'<tr data-spider="{esc(spider)}"><td><a href="#{_anchor(spider)}">{esc(spider)}</a></td>'
            f'<td class="num" data-value="{len(runs)}">{len(runs)}</td>'
            f'<td class="when">{esc(_when(last.started))} '
            f"{verdict_badge(last.ok, bool(last.drifting), short=True)}</td>"
            f'<td class="num">{esc(format_count(last.exported))}</td>'
            f'<td class="num" data-value="{sum(1 for r in runs if not r.ok)}">'
            f"{sum(1 for r in runs if not r.ok)}</td>"
            f'<td class="num" data-value="{sum(1 for r in runs if r.drifting)}">'
            f"{sum(1 for r in runs if r.drifting)}</td></tr>"
        )
    return (
        "<section><h2>Spiders</h2><table><thead><tr><th>spider</th><th>runs</th><th>last run</th>"
        "<th>articles in last run</th><th>failed runs</th><th>drifting runs</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _time_label(span: float) -> Any:
    def label(x: float) -> str:
        moment = datetime.fromtimestamp(x, UTC)
        if span <= 2 * 3600:
            return moment.strftime("%H:%M:%S")
        if span <= 2 * 86400:
            return moment.strftime("%d %b %H:%M")
        return moment.strftime("%Y-%m-%d")

    return label


def _tip(run: Run, figure: str) -> str:
    return f"{_when(run.started)}: {figure}, {_status_tip(run)}"


def _status_tip(run: Run) -> str:
    status = "OK" if run.ok else "FAILED (" + ", ".join(run.failed_monitors) + ")"
    if run.drifting:
        status += "; layout drift on " + ", ".join(run.drifting)
    return status


def _why(run: Run) -> tuple[str, ...]:
    return run.failed_monitors + tuple(f"drift: {portal}" for portal in run.drifting)


def _spider_section(spider: str, runs: list[Run]) -> str:
    xs = [r.started.timestamp() for r in runs]
    span = max(xs) - min(xs)

    def ticks(low: float, high: float) -> list[float]:
        # Round times (hours, days) within the runs' span; a single run is its own tick.
        return svg.elapsed_ticks(min(xs), max(xs), count=6) if span else [xs[0]]

    articles = Series(
        "articles",
        "Articles exported per run",
        PALETTE["articles"],
        [
            Point(x, r.exported, _tip(r, f"{r.exported} articles"), r.mark, r.href)
            for x, r in zip(xs, runs, strict=True)
        ],
    )
    timed = [(x, r) for x, r in zip(xs, runs, strict=True) if r.duration is not None]
    in_minutes = any(r.duration is not None and r.duration >= 600 for _, r in timed)
    scale = 60.0 if in_minutes else 1.0
    duration = Series(
        "duration",
        "Duration per run",
        PALETTE["pages"],
        [
            Point(
                x,
                round((r.duration or 0.0) / scale, 2),
                _tip(r, format_duration(r.duration)),
                r.mark,
                r.href,
            )
            for x, r in timed
        ],
    )
    charts = [
        svg.line_chart(
            f"history-articles-{spider}",
            f"Articles per run of {spider}",
            [articles],
            x_label=_time_label(span),
            x_ticks=ticks,
            y_unit="articles",
        )
    ]
    if duration.points:
        charts.append(
            svg.line_chart(
                f"history-duration-{spider}",
                f"Duration per run of {spider}",
                [duration],
                x_label=_time_label(span),
                x_ticks=ticks,
                y_unit="minutes" if in_minutes else "seconds",
                height=200,
            )
        )
    legend = (
        '<p class="note">Each point is a run (click it for its report): '
        f'<span style="color:{PALETTE["articles"]}">●</span> passed, '
        f'<span style="color:{PALETTE["failed"]}">■</span> failed, '
        f'<span style="color:{PALETTE["drift"]}">◯</span> ringed: layout drift.</p>'
    )
    rows = []
    for r in reversed(runs[-TABLE_ROWS:]):
        rows.append(
            f'<tr class="run{" failed" if not r.ok else ""}" data-status="{"ok" if r.ok else "failed"}" '
            f'data-drift="{"yes" if r.drifting else "no"}">'
            f'<td class="when"><a href="{esc(r.href)}">{esc(_when(r.started))}</a></td>'
            f'<td class="when">{verdict_badge(r.ok, bool(r.drifting), short=True)}</td>'
            f'<td class="num">{esc(format_duration(r.duration))}</td>'
            f'<td class="num">{esc(format_count(r.pages))}</td>'
            f'<td class="num" data-value="{r.exported}">{esc(format_count(r.exported))}</td>'
            f'<td class="num">{esc(format_count(r.dropped))}</td>'
            f'<td class="num">{esc(format_count(r.errors))}</td>'
            f'<td class="why">{esc(", ".join(_why(r)))}</td>'
            "</tr>"
        )
    older = len(runs) - TABLE_ROWS
    more = f'<p class="note">{older} older runs are in the charts above.</p>' if older > 0 else ""
    return (
        f'<section id="{_anchor(spider)}" data-spider="{esc(spider)}"><h2>{esc(spider)}</h2>'
        f"<h3>Articles per run</h3>{charts[0]}"
        + (f"<h3>Duration per run</h3>{charts[1]}" if len(charts) > 1 else "")
        + legend
        + '<div class="scroll"><table><thead><tr><th>started</th><th>verdict</th><th>duration</th>'
        "<th>pages</th><th>articles</th><th>dropped</th><th>errors</th><th>why</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>{more}</section>"
    )
