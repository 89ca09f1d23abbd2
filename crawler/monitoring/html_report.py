"""The run report as a page a person opens from a file: ``<export>.report.html`` beside the JSON.

One self-contained HTML document (inline CSS and SVG, no script, nothing fetched), rendered from the
report dict alone, so a report written today, or an older one without some section, renders the same
way anywhere and ``warta report`` can rebuild it. Sections: the verdict and the run's figures; pages and
articles per minute over the run; outcomes and drop reasons; errors by reason; every monitor with its
value and limit; field coverage; layout drift per profiled portal; the remaining counts.

Pure: ``render_run_report(report) -> str``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from crawler.monitoring import svg
from crawler.monitoring.svg import PALETTE, Bar, Point, Series, esc
from crawler.monitoring.timeline import bucket_middle, per_minute

HALF = 480  # the width of a chart in half a column
STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: #0f172a; background: #f8fafc; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 10px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
section { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 16px 18px;
  margin: 16px 0; }
.meta { color: #475569; margin: 0; }
.meta a { color: #1d4ed8; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 14px;
  font-weight: 700; vertical-align: middle; margin-left: 8px; color: #fff; }
.verdict.ok { background: #16a34a; }
.verdict.failed { background: #dc2626; }
.verdict.drift { background: #ea580c; }
.alert { border-color: #fecaca; background: #fef2f2; }
.alert li { margin: 2px 0; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px;
  background: none; border: 0; padding: 0; }
.tile { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 12px 14px; }
.tile .n { font-size: 24px; font-weight: 700; }
.tile .k { color: #475569; font-size: 13px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.grid2 > section { margin: 0; }
@media (max-width: 800px) { .grid2 { grid-template-columns: 1fr; } }
svg.chart { display: block; width: 100%; height: auto; font-size: 13px; }
svg.chart text { fill: #334155; }
svg.chart text.tick, svg.chart text.unit { fill: #64748b; font-size: 12px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e2e8f0; vertical-align: top; }
th { color: #475569; font-weight: 600; }
td.when { white-space: nowrap; }
td.why { overflow-wrap: anywhere; }
.scroll { overflow-x: auto; }
td .verdict { font-size: 12px; margin: 0 4px 0 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.failed td { background: #fef2f2; }
.status { font-weight: 700; }
.status.ok { color: #15803d; }
.status.failed { color: #b91c1c; }
.note { color: #64748b; margin: 6px 0 0; }
code { font-size: 13px; background: #f1f5f9; padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
footer { color: #64748b; font-size: 13px; margin-top: 24px; }
"""


def html_report_path(json_path: Path) -> Path:
    """``articles.report.json`` -> ``articles.report.html``, beside it."""
    return json_path.with_suffix(".html")


def page(title: str, body: str) -> str:
    """A whole document: charset, viewport, the one stylesheet, nothing from outside."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        "</body>\n</html>\n"
    )


def render_run_report(
    report: Mapping[str, Any], *, history_href: str | None = None, json_href: str | None = None
) -> str:
    """The run report page. ``history_href`` links the crawl history, ``json_href`` the report's JSON."""
    spider = str(report.get("spider") or "?")
    body = [
        _header(report, history_href, json_href),
        _failures(report),
        _tiles(report),
        _timeline(report),
        '<div class="grid2">',
        _outcomes(report),
        _errors(report),
        "</div>",
        _monitors(report),
        _coverage(report),
        _drift(report),
        _other_counts(report),
        f"<footer>Written by Warta from the run report of <code>{esc(report.get('run_id') or spider)}</code>."
        "</footer>",
    ]
    return page(f"Warta run report: {spider}", "\n".join(part for part in body if part))


# ---- header and figures --------------------------------------------------------------------------------
def verdict_badge(ok: bool | None, drifting: bool = False, *, short: bool = False) -> str:
    badge = '<span class="verdict ok">OK</span>' if ok else '<span class="verdict failed">FAILED</span>'
    if drifting:
        badge += f'<span class="verdict drift">{"DRIFT" if short else "LAYOUT DRIFT"}</span>'
    return badge


def _drifting(report: Mapping[str, Any]) -> list[str]:
    return list((report.get("drift") or {}).get("drifting") or [])


def _header(report: Mapping[str, Any], history_href: str | None, json_href: str | None) -> str:
    spider = report.get("spider") or "?"
    duration = report.get("duration_seconds")
    facts = [
        f"started {esc(report.get('started') or '?')}",
        f"finished {esc(report.get('finished') or '?')}",
        f"duration {esc(format_duration(duration))}",
        f"finish reason <code>{esc(report.get('finish_reason'))}</code>",
    ]
    if report.get("worker"):
        facts.append(f"worker <code>{esc(report['worker'])}</code>")
    links = []
    if history_href:
        links.append(f'<a href="{esc(history_href)}">crawl history</a>')
    if json_href:
        links.append(f'<a href="{esc(json_href)}">report.json</a>')
    exports = ", ".join(f"<code>{esc(path)}</code>" for path in report.get("exports") or [])
    return (
        f"<header><h1>Run report: {esc(spider)} {verdict_badge(report.get('ok'), bool(_drifting(report)))}"
        f'</h1><p class="meta">{" · ".join(facts)}</p>'
        + (f'<p class="meta">{" · ".join(links)}</p>' if links else "")
        + (f'<p class="meta">export {exports}</p>' if exports else "")
        + "</header>"
    )


def _failures(report: Mapping[str, Any]) -> str:
    failed = [m for m in report.get("monitors") or [] if not m.get("ok")]
    if not failed:
        return ""
    items = "".join(
        f"<li><strong>{esc(m['name'])}</strong>: {esc(format_value(m.get('value'), m.get('limit')))} "
        f"against a limit of {esc(format_value(m.get('limit'), m.get('limit')))}"
        + (f" ({esc(m['detail'])})" if m.get("detail") else "")
        + "</li>"
        for m in failed
    )
    return f'<section class="alert"><h2>Why the run failed</h2><ul>{items}</ul></section>'


def error_total(report: Mapping[str, Any]) -> int:
    """Bad responses as the progress line counts them: 4xx, 5xx and timeouts."""
    errors = report.get("errors") or {}
    return int(errors.get("http_4xx", 0)) + int(errors.get("http_5xx", 0)) + int(errors.get("timeouts", 0))


def _tiles(report: Mapping[str, Any]) -> str:
    outcomes = report.get("outcomes") or {}
    rate = report.get("pages_per_minute")
    tiles = [
        ("pages", "pages downloaded", report.get("pages", 0)),
        ("exported", "articles exported", outcomes.get("exported", 0)),
        ("dropped", "items dropped", outcomes.get("dropped", 0)),
        ("errors", "HTTP errors and timeouts", error_total(report)),
        ("pages_per_minute", "pages per minute", rate),
        ("duration_seconds", "duration", report.get("duration_seconds")),
    ]
    cells = []
    for key, label, value in tiles:
        shown = format_duration(value) if key == "duration_seconds" else format_count(value)
        cells.append(
            f'<div class="tile" data-key="{key}" data-value="{esc(json.dumps(value))}">'
            f'<div class="n">{esc(shown)}</div><div class="k">{esc(label)}</div></div>'
        )
    return f'<section class="tiles">{"".join(cells)}</section>'


# ---- charts --------------------------------------------------------------------------------------------
def _timeline(report: Mapping[str, Any]) -> str:
    timeline = report.get("timeline") or {}
    points = timeline.get("points") or []
    if not points:
        return (
            "<section><h2>Over the run</h2>"
            '<p class="note">This report holds no timeline (it was written by an older Warta).</p></section>'
        )
    interval = float(timeline.get("interval_seconds") or 60)
    end = max(float(p["t"]) for p in points)

    def series(key: str, label: str) -> Series:
        return Series(
            key,
            label,
            PALETTE[key],
            [
                Point(
                    bucket_middle(p),
                    per_minute(p, key),
                    f"{svg.format_elapsed(float(p['t']) - float(p['seconds']))}–"
                    f"{svg.format_elapsed(float(p['t']))}: {p[key]} {label.split(' ')[0].lower()} "
                    f"({per_minute(p, key):g} per minute)",
                )
                for p in points
            ],
        )

    charts = [
        svg.line_chart(
            "timeline",
            "Pages and articles per minute over the run",
            [series("pages", "Pages per minute"), series("articles", "Articles per minute")],
            x_label=svg.elapsed_label,
            x_ticks=svg.elapsed_ticks,
            x_range=(0.0, end),
            y_unit="per minute",
        ),
        svg.line_chart(
            "timeline-problems",
            "Drops and errors per minute over the run",
            [series("dropped", "Dropped per minute"), series("errors", "Errors per minute")],
            x_label=svg.elapsed_label,
            x_ticks=svg.elapsed_ticks,
            x_range=(0.0, end),
            y_unit="per minute",
            height=200,
        ),
    ]
    note = (
        f"One point per {format_duration(interval)} of the run (time since the start), as a rate per "
        "minute; the last point covers the rest of the run."
        if len(points) > 1
        else f"The run was shorter than {format_duration(interval)}: one point, its rate per minute."
    )
    return (
        f"<section><h2>Over the run</h2>{charts[0]}<h3>Drops and errors</h3>{charts[1]}"
        f'<p class="note">{esc(note)}</p></section>'
    )


def _outcomes(report: Mapping[str, Any]) -> str:
    outcomes = report.get("outcomes") or {}
    bars = [
        Bar(
            "exported",
            int(outcomes.get("exported", 0)),
            format_count(outcomes.get("exported", 0)),
            color=PALETTE["articles"],
        )
    ]
    reasons = outcomes.get("dropped_by_reason") or {}
    if reasons:
        for reason, count in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
            bars.append(Bar(f"dropped: {reason}", int(count), format_count(count), color=PALETTE["dropped"]))
    else:
        bars.append(Bar("dropped", 0, "0", color=PALETTE["dropped"]))
    chart = svg.bar_chart("outcomes", "Outcomes and drop reasons", bars, width=HALF)
    return f"<section><h2>Outcomes and drop reasons</h2>{chart}</section>"


def error_bars(report: Mapping[str, Any]) -> list[Bar]:
    """The main error counts, always shown (zero is news too), then each reason behind them."""
    errors = report.get("errors") or {}
    bad, warn = PALETTE["bad"], PALETTE["warn"]
    bars = [
        Bar("HTTP 4xx", int(errors.get("http_4xx", 0)), format_count(errors.get("http_4xx", 0)), color=bad),
        Bar("HTTP 5xx", int(errors.get("http_5xx", 0)), format_count(errors.get("http_5xx", 0)), color=bad),
        Bar("timeouts", int(errors.get("timeouts", 0)), format_count(errors.get("timeouts", 0)), color=bad),
        Bar(
            "spider exceptions",
            int(errors.get("spider_exceptions", 0)),
            format_count(errors.get("spider_exceptions", 0)),
            color=bad,
        ),
        Bar(
            "logged errors",
            int(errors.get("log_errors", 0)),
            format_count(errors.get("log_errors", 0)),
            color=bad,
        ),
    ]
    for code, count in sorted((errors.get("http_status") or {}).items()):
        bars.append(Bar(f"HTTP {code}", int(count), format_count(count), color=warn))
    for name, count in sorted((errors.get("exceptions") or {}).items()):
        bars.append(Bar(_short_exception(name), int(count), format_count(count), tip=name, color=warn))
    for reason, count in sorted((report.get("bad_responses") or {}).items()):
        bars.append(Bar(f"bad response: {reason}", int(count), format_count(count), color=warn))
    return bars


def _short_exception(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _errors(report: Mapping[str, Any]) -> str:
    chart = svg.bar_chart("errors", "Errors by reason", error_bars(report), width=HALF)
    return f"<section><h2>Errors by reason</h2>{chart}</section>"


def _monitors(report: Mapping[str, Any]) -> str:
    monitors = report.get("monitors") or []
    if not monitors:
        return '<section><h2>Monitors</h2><p class="note">No monitor ran.</p></section>'
    rows = []
    for m in monitors:
        ok = bool(m.get("ok"))
        rows.append(
            f'<tr class="monitor{"" if ok else " failed"}" data-name="{esc(m.get("name"))}" '
            f'data-ok="{str(ok).lower()}">'
            f"<td><code>{esc(m.get('name'))}</code></td>"
            f'<td class="status {"ok" if ok else "failed"}">{"passed" if ok else "FAILED"}</td>'
            f'<td class="num value" data-value="{esc(json.dumps(m.get("value")))}">'
            f"{esc(format_value(m.get('value'), m.get('limit')))}</td>"
            f'<td class="num limit" data-value="{esc(json.dumps(m.get("limit")))}">'
            f"{esc(format_value(m.get('limit'), m.get('limit')))}</td>"
            f"<td>{esc(m.get('detail') or '')}</td></tr>"
        )
    passed = sum(1 for m in monitors if m.get("ok"))
    return (
        f"<section><h2>Monitors: {passed} of {len(monitors)} passed</h2><table>"
        "<thead><tr><th>monitor</th><th>status</th><th>value</th><th>limit</th><th>detail</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def coverage_limits(report: Mapping[str, Any]) -> dict[str, float]:
    """The coverage each monitored field is held to, from its ``coverage_<field>`` monitor."""
    limits = {}
    for m in report.get("monitors") or []:
        name = str(m.get("name", ""))
        if name.startswith("coverage_") and isinstance(m.get("limit"), (int, float)):
            limits[name.removeprefix("coverage_")] = float(m["limit"])
    return limits


def _coverage(report: Mapping[str, Any]) -> str:
    coverage = report.get("field_coverage") or report.get("coverage") or {}
    measured = {name: share for name, share in coverage.items() if share is not None}
    if not measured:
        return '<section><h2>Field coverage</h2><p class="note">No item was exported.</p></section>'
    limits = coverage_limits(report)
    bars = []
    for name, share in measured.items():
        limit = limits.get(name)
        color = PALETTE["bar"] if limit is None or share >= limit else PALETTE["bad"]
        if share == 0:
            color = PALETTE["muted"]
        label = f"{name} (monitored)" if limit is not None else name
        bars.append(Bar(label, float(share), format_share(share), color=color, limit=limit))
    chart = svg.bar_chart("coverage", "Share of exported items with each field filled", bars, top=1.0)
    note = (
        "Share of exported articles with the field filled; a dashed line is the limit a monitor holds it to."
    )
    return f'<section><h2>Field coverage</h2>{chart}<p class="note">{esc(note)}</p></section>'


def _drift(report: Mapping[str, Any]) -> str:
    drift = report.get("drift") or {}
    portals = drift.get("portals") or {}
    if not portals:
        return (
            "<section><h2>Layout drift</h2>"
            '<p class="note">No profiled portal exported items in this run.</p></section>'
        )
    threshold = drift.get("threshold")
    parts = ["<section><h2>Layout drift</h2>"]
    for portal, judged in portals.items():
        items = int(judged.get("items", 0))
        state = (
            '<span class="status failed">drifting</span>'
            if judged.get("drifting")
            else '<span class="status ok">profile fits</span>'
        )
        fields = ", ".join(judged.get("fields") or []) or "none"
        parts.append(
            f'<h3 data-portal="{esc(portal)}">{esc(portal)}: {state}</h3>'
            f'<p class="meta">{esc(judged.get("generic", 0))} of {esc(items)} items '
            f"({esc(format_share(judged.get('rate', 0.0)))}) fell back to the generic extractor; threshold "
            f"{esc(format_share(threshold) if threshold is not None else 'not set')}. "
            f"Profile fields that missed on at least the threshold's share of items: "
            f"<strong>{esc(fields)}</strong>.</p>"
        )
        misses = judged.get("misses") or {}
        if misses and items:
            stopped = set(judged.get("fields") or [])
            bars = [
                Bar(
                    name,
                    count / items,
                    f"{format_share(count / items)} ({count})",
                    tip=f"{name}: missed on {count} of {items} items",
                    color=PALETTE["drift"] if name in stopped else PALETTE["muted"],
                    limit=threshold,
                )
                for name, count in misses.items()
            ]
            parts.append(svg.bar_chart(f"drift-{portal}", f"Profile field misses on {portal}", bars, top=1.0))
        else:
            parts.append('<p class="note">Every profile field matched on every item.</p>')
    parts.append("</section>")
    return "".join(parts)


def _other_counts(report: Mapping[str, Any]) -> str:
    rows: list[tuple[str, Any]] = [("requests", report.get("requests"))]
    if memory := report.get("peak_memory_mb"):
        rows.append(("peak memory of the crawl process (MB)", memory))
    for portal, counts in (report.get("extraction") or {}).items():
        for key, value in counts.items():
            rows.append((f"extraction {portal}: {key}", value))
    for key, value in (report.get("discovery_cut") or {}).items():
        rows.append((f"discovery cut: {key}", value))
    for key, value in (report.get("sitemaps_gone") or {}).items():
        rows.append((f"sitemaps gone: {key}", value))
    for key, value in (report.get("sources_unread") or {}).items():
        rows.append((f"sources not read: {key}", value))
    if bad_lines := report.get("robots_sitemaps_unreadable"):
        rows.append(("robots.txt Sitemap lines that are no URL", bad_lines))
    for key, value in (report.get("extraction_workers") or {}).items():
        rows.append((f"extraction workers: {key}", value))
    leaks = report.get("leaks") or {}
    rows.append(("body leaks", leaks.get("count", 0)))
    body = "".join(
        f'<tr><td>{esc(name)}</td><td class="num" data-value="{esc(json.dumps(value))}">'
        f"{esc(format_share(value) if name.endswith('rate') else format_count(value))}</td></tr>"
        for name, value in rows
    )
    examples = "".join(
        f"<li><code>{esc(e.get('marker'))}</code> in <code>{esc(e.get('url'))}</code></li>"
        for e in leaks.get("examples") or []
    )
    return (
        f"<section><h2>Other counts</h2><table><tbody>{body}</tbody></table>"
        + (f"<h3>Leak examples</h3><ul>{examples}</ul>" if examples else "")
        + "</section>"
    )


# ---- formatting ----------------------------------------------------------------------------------------
def format_count(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    if isinstance(value, (int, float)):
        return f"{int(value):,}"
    return str(value)


def format_share(value: Any) -> str:
    if not isinstance(value, (int, float)):
        return "–"
    return f"{value * 100:.1f}%".replace(".0%", "%")


def format_duration(seconds: Any) -> str:
    if not isinstance(seconds, (int, float)):
        return "–"
    if seconds < 60:
        return f"{seconds:.1f} s".replace(".0 s", " s")
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min" + (f" {secs} s" if secs else "")
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def format_value(value: Any, limit: Any) -> str:
    """A monitor's value or limit: a share when the limit is a fraction, else as it is."""
    if isinstance(value, bool) or value is None:
        return "–" if value is None else str(value).lower()
    if isinstance(value, (int, float)) and isinstance(limit, float) and 0 < limit <= 1:
        return format_share(value)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(str(v) for v in value)
    return format_count(value) if isinstance(value, (int, float)) else str(value)
