"""Choosing `datePublished` among the dates a page offers: the one place of the precedence rules.

Sources, in `PRECEDENCE` order (most trusted machine value first):

1. `jsonld`  - JSON-LD `datePublished`: machine-written by the CMS, often to the second.
2. `meta`    - `article:published_time`, `pubdate` and friends: also CMS-written, sometimes UTC or `+0700`.
3. `visible` - the date line readers see (`Rabu, 18 Jun 2025 07:30 WIB`): minute precision, local zone.
4. `sitemap` - a news sitemap's `news:publication_date`: CMS-written but fetched apart from the page.
5. `url`     - `/YYYY/MM/DD/` in the permalink: the day only.

Machine values are cross-checked against what readers see, because real pages carry wrong ones: a
`pubdate` labelled `Z` that is Jakarta wall-clock time (seven hours off), the time of a sidebar article,
a 2014 `datePublished` on a 2020 page. The rules:

- **Anchor.** The visible date line is the anchor; without one, the permalink day. When the visible line
  is more than a day away from the permalink day while a machine value agrees with that day, two sources
  outvote one: the permalink day is the anchor (the line was not the article's own).
  A line that states no year (`18 Nov`, `2 jam lalu`) is no anchor where a machine value exists: the
  crawl's clock would give it its year (`crawler.extract.when` passes such lines over).
- **Agreement.** A candidate agrees with a day anchor when it falls on that day (a permalink allows a day
  either side: a story written before midnight goes out after it); with a minute anchor when it is the
  same minute. A value labelled UTC whose *wall clock* is the anchor's minute is a false `Z` and is read
  in the anchor's zone; a value with an offset whose wall clock is the minute of an anchor that names no
  zone keeps its offset (the page's line left the zone to the reader).
- **Choice.** Among the agreeing candidates the most precise wins, ties in `PRECEDENCE` order, a machine
  value before the anchor (it adds seconds); when none agrees the anchor itself wins, at its own precision.
  So the date line shown to readers wins over a disagreeing meta value, and a day known only from the
  permalink stays a day (`precision` `day`), never an invented midnight.
- **No anchor.** The first candidate in `PRECEDENCE` order wins (among several of one source the first
  given).

`refines_only` candidates (a page's `dateCreated`, a source's second value) may confirm and refine the
anchor but are never chosen on their own nor counted. Every other candidate more than a day away from the
chosen value is reported as a disagreement so the caller can count it in the crawl stats.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from .results import PRECISIONS, Precision

PRECEDENCE: tuple[str, ...] = ("jsonld", "meta", "visible", "sitemap", "url")
DISAGREEMENT = timedelta(days=1)
_JAKARTA = ZoneInfo("Asia/Jakarta")
_ANCHORS = ("visible", "url")
_SOURCE_RANK = {source: rank for rank, source in enumerate(PRECEDENCE)}


@dataclass(frozen=True)
class DateCandidate:
    """One date a page offers for `datePublished`.

    `zone_given` is False when the text named no zone and the portal's was assumed; `utc_label` is True
    when it is labelled UTC (`Z`, `+00:00`, `GMT`), which may be false; `refines_only` marks a value that
    may refine an agreeing anchor but is never chosen alone (see the module's rules).
    """

    source: str
    raw: str | None
    value: datetime | None
    precision: Precision = "second"
    zone_given: bool = True
    utc_label: bool = False
    refines_only: bool = False


@dataclass(frozen=True)
class Disagreement:
    """A candidate that is more than a day away from the chosen value."""

    source: str
    raw: str | None
    value: datetime
    difference: timedelta


@dataclass(frozen=True)
class PublishedChoice:
    """The chosen value with its source, raw text and precision (all None when no candidate had a value).

    `value` is the instant as read, corrected where the rules say so (a false `Z` read in the page's zone).
    """

    value: datetime | None
    source: str | None
    raw: str | None
    disagreements: list[Disagreement] = field(default_factory=list)
    precision: Precision | None = None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=_JAKARTA)


def _candidate(given: tuple) -> DateCandidate:
    """A `(source, raw, value)` tuple as a candidate, its precision read off the value: the permalink
    gives a day, a midnight value a day, a value with seconds the second, any other the minute."""
    source, raw, value = given
    if value is None:
        return DateCandidate(source, raw, None)
    value = _aware(value)
    if source == "url" or (value.hour, value.minute, value.second) == (0, 0, 0):
        precision: Precision = "day"
    else:
        precision = "second" if value.second else "minute"
    return DateCandidate(source, raw, value, precision, utc_label=value.utcoffset() == timedelta(0))


def _minute(value: datetime) -> datetime:
    return value.replace(second=0, microsecond=0)


def _agreeing_value(candidate: DateCandidate, anchor: DateCandidate) -> datetime | None:
    """The candidate's value if it agrees with the anchor (corrected for a false `Z`), else None."""
    value, target = _value(candidate), _value(anchor)
    if anchor.precision == "day":
        day = value.astimezone(target.tzinfo).date()
        slack = 1 if anchor.source == "url" else 0
        return value if abs((day - target.date()).days) <= slack else None
    if _minute(value) == _minute(target):  # the same instant, whatever the zones
        return value
    wall = _minute(target).replace(tzinfo=None)
    if candidate.utc_label and _minute(value.astimezone(UTC)).replace(tzinfo=None) == wall:
        # a false `Z`: Jakarta wall-clock time labelled UTC, as its minute equal to the visible line shows
        return value.astimezone(UTC).replace(tzinfo=target.tzinfo)
    if not anchor.zone_given and candidate.zone_given and _minute(value).replace(tzinfo=None) == wall:
        return value  # the line assumed the portal's zone; the machine value states the page's own
    return None


def choose_published(candidates: Iterable[DateCandidate | tuple]) -> PublishedChoice:
    """Pick among candidates (`DateCandidate`s or `(source, raw_text, value)` tuples) by the module's
    rules; candidates without value are ignored. An unknown source name is a programming error and
    raises ValueError.
    """
    usable: list[tuple[int, int, DateCandidate]] = []
    for order, given in enumerate(candidates):
        candidate = given if isinstance(given, DateCandidate) else _candidate(given)
        rank = _SOURCE_RANK.get(candidate.source)
        if rank is None:
            raise ValueError(f"unknown date source {candidate.source!r}; expected one of {PRECEDENCE}")
        if candidate.value is not None:
            if candidate.value.tzinfo is None:
                candidate = replace(candidate, value=_aware(candidate.value))
            usable.append((rank, order, candidate))
    usable.sort(key=_rank_and_order)
    ranked = [c for _, _, c in usable]
    if all(c.refines_only for c in ranked):  # nothing that stands on its own (or nothing at all)
        return PublishedChoice(None, None, None)
    winner, value = _winner(ranked)
    disagreements = []
    for other in ranked:
        if other is not winner and not other.refines_only:
            difference = abs(_value(other) - value)
            if difference > DISAGREEMENT:
                disagreements.append(Disagreement(other.source, other.raw, _value(other), difference))
    return PublishedChoice(value, winner.source, winner.raw, disagreements, winner.precision)


def _rank_and_order(entry: tuple[int, int, DateCandidate]) -> tuple[int, int]:
    return entry[0], entry[1]


def _value(candidate: DateCandidate) -> datetime:
    assert candidate.value is not None  # only candidates with a value are ranked
    return candidate.value


def _winner(ranked: list[DateCandidate]) -> tuple[DateCandidate, datetime]:
    """The chosen candidate and its value, corrected where a rule says so."""
    first: dict[str, DateCandidate] = {}
    for candidate in ranked:
        if not candidate.refines_only:
            first.setdefault(candidate.source, candidate)
    machines = [c for c in ranked if c.source not in _ANCHORS]
    anchor = _anchor(first.get("visible"), first.get("url"), machines)
    if anchor is None:
        chosen = next(c for c in ranked if not c.refines_only)
        return chosen, _value(chosen)
    best: DateCandidate | None = None
    best_value = _value(anchor)
    # a later visible line may refine a first line that shows only the day (``refines_only``)
    day_only = anchor.precision == "day"
    later_lines = [c for c in ranked if day_only and c.source == "visible" and c.refines_only]
    for candidate in (*machines, *later_lines):
        agreed = _agreeing_value(candidate, anchor)
        if agreed is not None and (best is None or _rank(candidate) > _rank(best)):
            best, best_value = candidate, agreed
    if best is not None and _rank(best) >= _rank(anchor):
        return best, best_value
    return anchor, _value(anchor)


def _rank(candidate: DateCandidate) -> int:
    return PRECISIONS.index(candidate.precision)


def _anchor(
    visible: DateCandidate | None, url: DateCandidate | None, machines: list[DateCandidate]
) -> DateCandidate | None:
    """The visible line, unless it is days away from the permalink day while a machine value agrees with
    that day (then the permalink day); the permalink day when no line is shown."""
    if visible is None:
        return url
    outvoted = (
        url is not None
        and _agreeing_value(visible, url) is None
        and any(not m.refines_only and _agreeing_value(m, url) is not None for m in machines)
    )
    return url if outvoted else visible
