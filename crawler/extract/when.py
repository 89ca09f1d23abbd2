"""Publication and modification dates of a page, on top of ``crawler.dates``.

``datePublished`` is chosen by ``crawler.dates.choose_published`` among every source the page offers
(JSON-LD, meta, the visible date line, the permalink day), cross-checked: the date line shown to readers
wins over a disagreeing machine value, a machine value that agrees with it adds its seconds, a day known
only from the permalink stays a day. ``dateModified`` is the first source that parses, in
``crawler.dates.PRECEDENCE`` order. A UTC value is expressed in the portal's zone; any other explicit
offset (``+08:00``, ``WITA``) is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache, partial
from itertools import islice
from zoneinfo import ZoneInfo

from crawler.dates import PRECEDENCE, choose_published, parse_date_detailed, to_iso
from crawler.dates.calendar_rules import MAX_YEAR
from crawler.dates.precedence import DateCandidate
from crawler.dates.results import Precision, to_item_date
from crawler.dates.vocab import ZONE_RE
from crawler.dates.zones import READ_ZONE_NAMES

# zone names a visible date line may state, and the zone they mean
ZONE_NAMES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
_ZONE_WORD = re.compile(rf"\b({ZONE_RE})\b", re.IGNORECASE)
_URL_DAY = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(?:/|$)")
_ZERO = timedelta(0)
# A page's date is never one of these: the Unix epoch's first day (a CMS's zero timestamp, 1970-01-01), a
# year before 1900 (0001-01-01, .NET's least date), or a time later than the fetch by more than
# FUTURE_MARGIN (a mistyped year, 2099; a server clock a day ahead and a zone's offset stay within it)
_EPOCH_DAY = date(1970, 1, 1)
EARLIEST_YEAR = 1900
FUTURE_MARGIN = timedelta(days=2)
_FULL_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_SHIFT = timedelta(days=400)  # a reference this much earlier moves every value the reference gives


@dataclass(frozen=True)
class FoundDate:
    value: datetime
    raw: str
    source: str
    precision: Precision = "second"

    @property
    def iso(self) -> str:
        """The full ISO form (``dateModified``'s)."""
        return to_iso(self.value)

    @property
    def shown(self) -> str:
        """``datePublished``'s form: ``YYYY-MM-DD`` when only the day is known (``to_item_date``)."""
        return to_item_date(self.value, self.precision)


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


# a CMS-written timestamp (JSON-LD, article:published_time): read by the standard library, which is
# far quicker than the general parser; anything else goes to crawler.dates.parse_date
_MACHINE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?P<s>:\d{2}(?:\.\d+)?)?(?P<zone>Z|[+-]\d{2}:?\d{2})?$"
)
MIN_YEAR = 1990
_UTC_LABEL = re.compile(r"(?:\dZ|[+-]00:?00|\b(?:UTC|GMT))\s*$", re.IGNORECASE)
# a time followed by a zone abbreviation (``8:03 am CST``): a line naming a zone the engine does not read
# (``crawler.dates.zones``: one two zones share, or none it knows) states its day, not which instant its
# time is
_NAMED_ZONE = re.compile(r"\d[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?\s*)?\(?([A-Z]{2,5})\b")


@dataclass(frozen=True)
class _Read:
    """One raw date string read: its value in the page's zone and what the text itself stated."""

    value: datetime
    precision: Precision
    zone_given: bool
    utc_label: bool


def _machine_date(raw: str, tz: str) -> _Read | None:
    m = _MACHINE.match(raw)
    if not m:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if not MIN_YEAR <= value.year <= MAX_YEAR:  # 9999-12-31T23:59:59 (.NET's "none") has no UTC form
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=_zone(tz))
    precision: Precision = "second" if m["s"] else "minute"
    return _Read(value, precision, bool(m["zone"]), value.utcoffset() == _ZERO and bool(m["zone"]))


def zone_named_in(text: str) -> str | None:
    """The zone a visible date line names (``18:34 WITA`` -> ``Asia/Makassar``), else None."""
    m = _ZONE_WORD.search(text)
    return ZONE_NAMES[m.group(1).upper()] if m else None


def read_date(
    raw: str, *, tz: str, reference: datetime | None, page_zone: str | None = None
) -> datetime | None:
    """Parse one raw date string and express it in the page's own zone.

    ``page_zone`` is the zone the page states in its visible date line (WITA, WIT): every value is
    shown in it. Without one, UTC moves to the portal's zone and any other offset stays as written.
    """
    read = _read(raw, tz=tz, reference=reference, page_zone=page_zone)
    return read.value if read else None


def read_candidate(
    source: str, raw: str, *, tz: str, reference: datetime | None, page_zone: str | None = None
) -> DateCandidate:
    """One raw date string as a ``choose_published`` candidate (its value None when it does not parse, or
    names a date no page can have: ``_plausible``)."""
    read = _read(raw, tz=tz, reference=reference, page_zone=page_zone)
    if read is None or not _plausible(read.value, reference):
        return DateCandidate(source, raw, None)
    return _as_candidate(source, raw, read)


def _plausible(value: datetime, reference: datetime | None) -> bool:
    """Whether a page may have been dated so (``_EPOCH_DAY``, ``EARLIEST_YEAR``, ``FUTURE_MARGIN`` after
    ``reference``, the fetch time, or now)."""
    if value.year < EARLIEST_YEAR or _EPOCH_DAY in (value.date(), value.astimezone(UTC).date()):
        return False
    latest = (reference or datetime.now(UTC)) + FUTURE_MARGIN
    if latest.tzinfo is None:  # a naive reference: the machine's zone, as datetime.astimezone takes it
        latest = latest.astimezone()
    return value.tzinfo is None or value <= latest


def _read(raw: str, *, tz: str, reference: datetime | None, page_zone: str | None) -> _Read | None:
    """``read_date`` with what the text stated: its precision, whether it named a zone, a UTC label."""
    read = _machine_date(raw, page_zone or tz)
    if read is None:
        parsed = parse_date_detailed(raw, reference=reference, tz=page_zone or tz)
        if parsed.value is None or parsed.precision is None:
            return None
        utc = parsed.zone_given and parsed.value.utcoffset() == _ZERO and bool(_UTC_LABEL.search(raw))
        precision = parsed.precision
        if not parsed.zone_given and _names_unread_zone(raw):
            precision = "day"
        read = _Read(parsed.value, precision, parsed.zone_given, utc)
    value = read.value
    if page_zone is not None:
        value = value.astimezone(_zone(page_zone))
    elif value.utcoffset() == _ZERO:
        value = value.astimezone(_zone(tz))
    return _Read(value, read.precision, read.zone_given, read.utc_label)


def _names_unread_zone(raw: str) -> bool:
    """The text names a zone after its time that the engine does not read (``ET``, ``EST``, ``CET``)."""
    return any(m.group(1) not in READ_ZONE_NAMES for m in _NAMED_ZONE.finditer(raw))


def url_day(url: str, tz: str) -> tuple[datetime, str] | None:
    """Midnight of the ``/YYYY/MM/DD/`` day of a permalink, in the portal's zone."""
    m = _URL_DAY.search(url)
    if not m:
        return None
    try:
        value = datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=_zone(tz))
    except ValueError:  # 2023/02/30
        return None
    return value, m.group(0).strip("/")


RawSource = Callable[[], Iterable[object]]


class DateReads:
    """One page's raw date strings, each read once: the published and the modified date ask for the same
    strings (JSON-LD ``dateModified`` equal to ``datePublished``, a meta repeated, one visible line)."""

    def __init__(self, *, tz: str, reference: datetime | None, page_zone: str | None = None) -> None:
        self.tz = tz
        self.reference = reference
        self.page_zone = page_zone
        self.zone = page_zone or tz  # the zone a value without offset, or the permalink's day, is in
        self._reads: dict[str, _Read | None] = {}

    def __call__(self, raw: str) -> _Read | None:
        """The raw string read, None when it does not parse or names a date no page can have
        (``_plausible``: a page's dates, not every date its text names)."""
        if raw not in self._reads:
            read = _read(raw, tz=self.tz, reference=self.reference, page_zone=self.page_zone)
            self._reads[raw] = read if read is None or _plausible(read.value, self.reference) else None
        return self._reads[raw]

    def needs_reference(self, raw: str) -> bool:
        """The value is the reference's as much as the text's (``Nov 18`` without its year, ``2 jam
        lalu``): read against a reference a year and a month earlier, it moves. (Read against none, such a
        text would go to dateparser's long tail: a millisecond each, and its start-up on the first.)"""
        if self.reference is None or _FULL_YEAR.search(raw):  # the common case, without a second parse
            return False
        first = self(raw)
        earlier = _read(raw, tz=self.tz, reference=self.reference - _SHIFT, page_zone=self.page_zone)
        return first is None or earlier is None or earlier.value != first.value


def published_by(found: FoundDate, modified: FoundDate | None, reads: DateReads) -> FoundDate:
    """The published date, no later than the page's modification date. A line that states no year
    (``13 Aug``) takes its year from the crawl's clock: on a page read years later that puts it after the
    page's own ``dateModified`` (2018-08-13), which cannot be. Read again against that date it lands on the
    same month and day before it. A relative line (``2 jam lalu``) counts from the fetch, and is left."""
    if modified is None or found.value <= modified.value or not reads.needs_reference(found.raw):
        return found
    again = _read(found.raw, tz=reads.tz, reference=modified.value, page_zone=reads.page_zone)
    if again is None or again.value > modified.value:
        return found
    same_day = (again.value.month, again.value.day, again.value.timetz())
    if same_day != (found.value.month, found.value.day, found.value.timetz()):
        return found  # it moved with the reference: relative, not a year-less day
    return FoundDate(again.value, found.raw, found.source, found.precision)


# how long after the publication a modification read in the published value's zone may be, and how long
# before it (a CMS stamps the two a moment apart, either way round)
MODIFIED_WITHIN = timedelta(days=1)
MODIFIED_SLACK = timedelta(minutes=1)


def modified_in_zone_of(
    modified: FoundDate | None, published: FoundDate | None, reads: DateReads
) -> FoundDate | None:
    """The modification date, read in the zone the published value states when the page's own zone put it
    before the publication. A CMS writes its dates in one zone and states it on some of them only: a
    ``dateModified`` of ``2019-11-18T17:01:28`` beside a ``datePublished`` of ``2019-11-18T17:01:27Z`` is
    UTC, not Jakarta time seven hours earlier. Only a reading that then lands at the publication or after
    it, within ``MODIFIED_WITHIN`` (``MODIFIED_SLACK`` before it), is taken; anything else is left."""
    if modified is None or published is None or modified.value >= published.value:
        return modified
    read = reads(modified.raw)
    if read is None or read.zone_given or modified.precision == "day":
        return modified
    try:
        stated = datetime.fromisoformat(published.raw.strip())
    except ValueError:  # a visible line, not a machine value: its zone is the page's own
        return modified
    if stated.tzinfo is None:
        return modified
    again = modified.value.replace(tzinfo=stated.tzinfo)  # the same wall clock, in the stated zone
    if not published.value - MODIFIED_SLACK <= again <= published.value + MODIFIED_WITHIN:
        return modified
    value = again.astimezone(modified.value.tzinfo)
    return FoundDate(value, modified.raw, modified.source, modified.precision)


def first_date(sources: dict[str, RawSource], reads: DateReads) -> FoundDate | None:
    """The first raw string that parses, taking the sources in precedence order; lazily, so the later
    sources are never read once one parses."""
    for source in PRECEDENCE:
        getter = sources.get(source)
        if getter is None:
            continue
        for raw in _nonempty(getter()):
            found = reads(raw)
            if found is not None:
                return FoundDate(found.value, raw, source)
    return None


# Visible lines without a year passed over before the visible source gives up (each is read twice).
MAX_YEARLESS_LINES = 16
# Visible lines after a day-only first line that may give it its time.
VISIBLE_REFINERS = 4


class PublishedDate:
    """A page's publication date, chosen among all its sources by ``crawler.dates.choose_published``,
    and how many of those sources disagree with it (more than a day away; for the crawl stats).

    ``sources`` maps a ``PRECEDENCE`` name to its raw values: each source's first value that parses is
    a full candidate, its later ones may only refine an agreeing anchor (``refines_only``), as may the
    ``refiners`` (``dateCreated``: the same instant on pages whose ``datePublished`` is a sidebar
    article's). Only the first parsable visible line is read, so the caller may pass a lazy scan after
    its selectors. The permalink's day is the last candidate.
    """

    def __init__(
        self,
        sources: dict[str, RawSource],
        reads: DateReads,
        *,
        url: str,
        refiners: dict[str, RawSource] | None = None,
    ) -> None:
        read = reads  # JSON-LD and meta often repeat one string: each is read once
        firsts, later = _candidates(sources, read)
        if (day := url_day(url, reads.zone)) is not None:
            firsts.append(DateCandidate("url", day[1], day[0], "day", zone_given=False))
        choice = choose_published(firsts)
        if choice.precision != "second" and choice.source in ("visible", "url"):
            # no machine value agreed to the second: a source's later values and dateCreated may
            refining = [c for getter in later for c in getter()]
            refining += [
                _as_candidate(source, raw, found, refines_only=True)
                for source, getter in (refiners or {}).items()
                for raw in _nonempty(getter())
                if (found := read(raw)) is not None
            ]
            if refining:
                choice = choose_published(firsts + refining)
        self._choice = choice
        self.found: FoundDate | None = None
        if choice.value is not None and choice.source is not None and choice.precision is not None:
            self.found = FoundDate(choice.value, choice.raw or "", choice.source, choice.precision)

    @property
    def disagreements(self) -> int:
        """How many other sources (each one's first parsable value, and the permalink day) are more than
        a day away from the chosen date."""
        return len(self._choice.disagreements)


def _as_candidate(source: str, raw: str, read: _Read, *, refines_only: bool = False) -> DateCandidate:
    return DateCandidate(
        source, raw, read.value, read.precision, read.zone_given, read.utc_label, refines_only
    )


def _candidates(
    sources: dict[str, RawSource], read: DateReads
) -> tuple[list[DateCandidate], list[Callable[[], Iterator[DateCandidate]]]]:
    """Each source's first parsable value, in precedence order, and for each source a lazy reader of
    its later values (``refines_only``; of the visible lines only the first that parses counts, refined by
    the next ones only when it shows no time). Where the page gives a machine value, a visible line that
    states no year (``Nov 18``, ``2 jam lalu``: a sidebar card's, as often as not) is passed over: the
    crawl's clock, not the page, would give it its year, and it would outvote the page's own date."""
    firsts: list[DateCandidate] = []
    later: list[Callable[[], Iterator[DateCandidate]]] = []
    for source in PRECEDENCE:
        getter = sources.get(source)
        if getter is None:
            continue
        raws = _nonempty(getter())
        weigh_year = source == "visible" and bool(firsts)  # firsts holds only machine values here
        passed_over = 0
        for raw in raws:
            found = read(raw)
            if found is not None:
                if weigh_year and read.needs_reference(raw):
                    passed_over += 1
                    if passed_over >= MAX_YEARLESS_LINES:  # a page of nothing but sidebar cards
                        break
                    continue
                firsts.append(_as_candidate(source, raw, found))
                break
        if source != "visible":
            later.append(partial(_rest, source, raws, read))
        elif firsts and firsts[-1].source == "visible" and firsts[-1].precision == "day":
            # a line that shows only the day (a Hijri and Gregorian date pair) may be refined by the next
            # few lines of the same day that show its time
            later.append(partial(_rest, source, islice(raws, VISIBLE_REFINERS), read))
    return firsts, later


def _rest(source: str, raws: Iterator[str], read: Callable[[str], _Read | None]) -> Iterator[DateCandidate]:
    for raw in raws:
        found = read(raw)
        if found is not None:
            yield _as_candidate(source, raw, found, refines_only=True)


def _nonempty(raws: Iterable[object]) -> Iterator[str]:
    """The non-blank strings among raw values (JSON-LD may hold lists, numbers or objects)."""
    for raw in raws:
        if isinstance(raw, list):
            yield from _nonempty(raw)
        elif isinstance(raw, str) and raw.strip():
            yield raw.strip()
