"""Small inline-SVG charts for the run report and the crawl history: no library, no script, no network.

A report is opened from a file, often on a machine without internet, and must stay readable years
later: so the charts are plain SVG elements written into the page. Every text and attribute is escaped
here, in one place (``esc``). Each chart is an ``<svg class="chart" data-chart="…">`` and each data point
an element of class ``point`` carrying ``data-value`` (and ``data-x`` or ``data-label``), with a
``<title>`` a browser shows on hover: the tests read those attributes to check the page against the
report's JSON.

Pure: strings in, strings out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape

WIDTH = 960
PALETTE = {
    "pages": "#2563eb",
    "articles": "#16a34a",
    "dropped": "#d97706",
    "errors": "#dc2626",
    "ok": "#2563eb",
    "failed": "#dc2626",
    "drift": "#ea580c",
    "bar": "#3b82f6",
    "bad": "#dc2626",
    "warn": "#d97706",
    "muted": "#94a3b8",
    "grid": "#e2e8f0",
    "axis": "#64748b",
    "limit": "#b91c1c",
}


def esc(value: object) -> str:
    """Text or attribute value, escaped for HTML and SVG alike (quotes included)."""
    return escape(str(value), quote=True)


def number(value: float) -> str:
    """A coordinate, short: SVG needs no more than a tenth of a pixel."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_step(span: float, count: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) dividing ``span`` into about ``count`` parts."""
    if span <= 0:
        return 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def nice_max(value: float) -> float:
    """The top of an axis: the first round step at or above ``value`` (1 for an all-zero chart)."""
    if value <= 0:
        return 1.0
    step = nice_step(value)
    return math.ceil(value / step - 1e-9) * step


def short_number(value: float) -> str:
    """Axis labels: 1200 -> 1.2k, 0.5 -> 0.5, 40 -> 40."""
    if abs(value) >= 10_000:
        return f"{value / 1000:.0f}k"
    if abs(value) >= 1000:
        return f"{value / 1000:.1f}k".replace(".0k", "k")
    if value == int(value):
        return str(int(value))
    return f"{value:g}"


@dataclass(frozen=True)
class Point:
    """One data point: where it is, what it says on hover, and how it is marked (``ok``, ``failed``,
    ``drift``, or ``failed drift``) in a chart of runs."""

    x: float
    y: float
    tip: str
    mark: str = ""
    href: str = ""


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    color: str
    points: Sequence[Point] = field(default_factory=tuple)


def line_chart(
    chart: str,
    title: str,
    series: Sequence[Series],
    *,
    x_label: Callable[[float], str],
    x_ticks: Callable[[float, float], list[float]],
    x_range: tuple[float, float] | None = None,
    y_unit: str = "",
    height: int = 260,
) -> str:
    """Lines over a shared x axis, each point a marker; a single point per series draws markers only.
    ``x_range`` fixes the axis (a run's timeline starts at 0), else the points span it, padded a little."""
    left, right, top, bottom = 60, 24, 30, 50
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    xs = [p.x for s in series for p in s.points]
    if x_range is not None:
        x_min, x_max = x_range
    elif xs:
        pad = (max(xs) - min(xs)) * 0.03
        x_min, x_max = min(xs) - pad, max(xs) + pad
    else:
        x_min, x_max = 0.0, 1.0
    if x_max <= x_min:
        x_min, x_max = x_min - 1, x_min + 1
    y_top = nice_max(max((p.y for s in series for p in s.points), default=0.0))

    def px(x: float) -> float:
        return left + (x - x_min) / (x_max - x_min) * plot_w

    def py(y: float) -> float:
        return top + plot_h - y / y_top * plot_h

    parts = [_open(chart, title, height)]
    step = nice_step(y_top)
    tick = 0.0
    while tick <= y_top + 1e-9:
        y = py(tick)
        parts.append(
            f'<line class="grid" x1="{left}" x2="{WIDTH - right}" y1="{number(y)}" y2="{number(y)}" '
            f'stroke="{PALETTE["grid"]}"/>'
            f'<text class="tick" x="{left - 8}" y="{number(y + 4)}" text-anchor="end">'
            f"{esc(short_number(tick))}</text>"
        )
        tick += step
    if y_unit:
        parts.append(f'<text class="unit" x="{left}" y="{top - 12}">{esc(y_unit)}</text>')
    for x in sorted(set(x_ticks(x_min, x_max))):
        at = px(x)
        anchor = "start" if at < left + 30 else "end" if at > WIDTH - right - 30 else "middle"
        parts.append(
            f'<text class="tick" x="{number(at)}" y="{height - bottom + 20}" text-anchor="{anchor}">'
            f"{esc(x_label(x))}</text>"
        )
    parts.append(
        f'<line class="axis" x1="{left}" x2="{WIDTH - right}" y1="{number(top + plot_h)}" '
        f'y2="{number(top + plot_h)}" stroke="{PALETTE["axis"]}"/>'
    )
    for s in series:
        coords = [(px(p.x), py(p.y)) for p in s.points]
        if len(coords) == 1 and x_range is not None:  # one rate over the whole axis: drawn across it
            coords_line = [(px(x_min), coords[0][1]), (px(x_max), coords[0][1])]
        else:
            coords_line = coords
        if len(coords_line) > 1:
            path = " ".join(f"{number(x)},{number(y)}" for x, y in coords_line)
            parts.append(
                f'<polyline class="line" data-series="{esc(s.key)}" points="{path}" fill="none" '
                f'stroke="{s.color}" stroke-width="2" stroke-linejoin="round"/>'
            )
        radius = 4.5 if len(coords) <= 60 else 3 if len(coords) <= 240 else 1.8
        for p, (x, y) in zip(s.points, coords, strict=True):
            parts.append(_marker(s, p, x, y, radius))
    parts.append(_legend(series, left, height - 8))
    parts.append("</svg>")
    return "".join(parts)


def _marker(s: Series, p: Point, x: float, y: float, radius: float) -> str:
    """A circle; a failed run a red square, a drifting one ringed in orange."""
    marks = p.mark.split()
    attrs = (
        f'class="point{"".join(" " + m for m in marks)}" data-series="{esc(s.key)}" '
        f'data-x="{esc(_data(p.x))}" data-value="{esc(_data(p.y))}"'
    )
    stroke = f' stroke="{PALETTE["drift"]}" stroke-width="3"' if "drift" in marks else ""
    if "failed" in marks:
        r = radius + 1.5
        shape = (
            f'<rect {attrs} x="{number(x - r)}" y="{number(y - r)}" width="{number(2 * r)}" '
            f'height="{number(2 * r)}" fill="{PALETTE["failed"]}"{stroke}><title>{esc(p.tip)}</title></rect>'
        )
    else:
        r = radius + (1.5 if marks else 0)
        shape = (
            f'<circle {attrs} cx="{number(x)}" cy="{number(y)}" r="{number(r)}" fill="{s.color}"{stroke}>'
            f"<title>{esc(p.tip)}</title></circle>"
        )
    return f'<a href="{esc(p.href)}">{shape}</a>' if p.href else shape


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart; ``limit`` draws the limit the value is held to on that row."""

    label: str
    value: float
    text: str
    tip: str = ""
    color: str = PALETTE["bar"]
    limit: float | None = None


def bar_chart(
    chart: str, title: str, bars: Sequence[Bar], *, top: float | None = None, width: int = WIDTH
) -> str:
    """Horizontal bars, one row each, the value written after the bar; ``top`` fixes the scale (1.0 for
    shares), else the largest value sets it. A narrower ``width`` keeps the text legible in a half column."""
    row, pad = 26, 8
    label_w, value_w = (230, 110) if width >= WIDTH else (170, 80)
    height = pad * 2 + row * max(len(bars), 1)
    scale = top if top is not None else nice_max(max((b.value for b in bars), default=0.0))
    plot_w = width - label_w - value_w
    parts = [_open(chart, title, height, width)]
    for i, bar in enumerate(bars):
        y = pad + i * row
        length = max(0.0, min(bar.value / scale, 1.0)) * plot_w if scale else 0.0
        tip = bar.tip or f"{bar.label}: {bar.text}"
        parts.append(
            f'<text class="label" x="{label_w - 10}" y="{y + 17}" text-anchor="end">{esc(bar.label)}</text>'
            f'<rect class="track" x="{label_w}" y="{y + 4}" width="{plot_w}" height="{row - 8}" '
            f'fill="#f1f5f9" rx="3"/>'
            f'<rect class="point bar" data-label="{esc(bar.label)}" data-value="{esc(_data(bar.value))}" '
            f'x="{label_w}" y="{y + 4}" width="{number(max(length, 1.5))}" height="{row - 8}" '
            f'fill="{bar.color}" rx="3"><title>{esc(tip)}</title></rect>'
            f'<text class="value" x="{number(label_w + plot_w + 8)}" y="{y + 17}">{esc(bar.text)}</text>'
        )
        if bar.limit is not None and scale:
            x = label_w + min(bar.limit / scale, 1.0) * plot_w
            parts.append(
                f'<line class="limit" data-limit="{esc(_data(bar.limit))}" x1="{number(x)}" '
                f'x2="{number(x)}" y1="{y + 1}" y2="{y + row - 1}" stroke="{PALETTE["limit"]}" '
                f'stroke-width="2" stroke-dasharray="3 2"><title>limit {esc(_data(bar.limit))}</title></line>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _open(chart: str, title: str, height: int, width: int = WIDTH) -> str:
    return (
        f'<svg class="chart" data-chart="{esc(chart)}" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMidYMid meet" '
        f'aria-label="{esc(title)}"><title>{esc(title)}</title>'
    )


def _legend(series: Sequence[Series], x: float, y: float) -> str:
    parts = []
    for s in series:
        parts.append(
            f'<rect x="{number(x)}" y="{number(y - 9)}" width="12" height="12" fill="{s.color}" rx="2"/>'
            f'<text class="legend" x="{number(x + 17)}" y="{number(y + 1)}">{esc(s.label)}</text>'
        )
        x += 30 + 7.5 * len(s.label)
    return "".join(parts)


def _data(value: float) -> str:
    """A value as the page's data attributes hold it: integers without a decimal point."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


ELAPSED_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400)
DAY = 86400


def elapsed_ticks(low: float, high: float, count: int = 8) -> list[float]:
    """Round times (seconds, minutes, hours, days) across ``low``..``high``, at most ``count`` of them;
    on an axis of dates (seconds since the epoch) they fall on whole UTC hours and days."""
    span = max(high - low, 1e-9)
    step = next((s for s in ELAPSED_STEPS if span / s <= count), DAY * math.ceil(span / DAY / count))
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) // step) + 1)]


def format_elapsed(seconds: float) -> str:
    """``75`` -> ``1:15``, ``3700`` -> ``1:01:40``: how long into the run (a point's tip)."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def elapsed_label(seconds: float) -> str:
    """An axis label of time into the run: ``30 s``, ``10 min``, ``1 h``, ``1 h 30 min``, else ``m:ss``."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole % 60:
        return format_elapsed(whole)
    hours, minutes = divmod(whole // 60, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h" + (f" {minutes} min" if minutes else "")
