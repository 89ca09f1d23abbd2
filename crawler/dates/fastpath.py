"""The fast path: our own compiled-regex parser for the header, meta and relative forms pages use.

It answers in microseconds where dateparser needs milliseconds. It returns None only when it recognises
nothing, so that the caller can hand the long tail to dateparser; a recognised but impossible date
(`31 Juni 2023`, `18/6/225`) comes back as a `DateParse` with a reason, never as a guess, and so does the
day of a time given in a zone word two zones share (`7:04 pm CST`: the day, and the reason). What it
reads (docs/DESIGN.md, "Date strings"):

- the date: ISO (`2022-03-14`, `2022/12/10`, compact `20220314T201200Z`), numeric day first
  (`14/03/2022`, `14.03.22`, `Senin (14/3/2022)`; month first only where day first is impossible:
  `03/14/2022`), a day and a month name (`14 Mar 2022`, `14th of March 2022`, `14-Mar-2022`) or a month
  name and a day (`March 14th, 2022`), a weekday before any of them checked, never used to move the date;
  without a year (`Senin, 14 Maret`, `14/3`) the day on or within a year before the reference;
- the time after the date (`| 21:04`, `pukul 20.04`, `Pkl. 08.12`, `at 8:12 p.m.`, `8pm`, `T13:16:34`) or,
  failing that, before it (`11:26 pm EST, Tuesday, March 14, 2017`), 12-hour suffixes and Indonesian day
  parts applied (`crawler/dates/clock.py`);
- the zone after the time (`crawler/dates/zones.py`), else the caller's zone.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime, tzinfo

from .calendar_rules import ImpossibleDate, expand_year, infer_year, make_date
from .clock import AMPM, CLOCK, CLOCK_TAIL, checked_clock, clock_of
from .relative import local_reference, parse_relative
from .results import DateParse
from .vocab import MONTH_RE, MONTHS, WEEKDAYS, alternation
from .zones import ISO_ZONE, TEXT_ZONE, UnreadZone, zone_of_match

# Every alternative opens with a digit, and the pattern says so first (`(?=\d)`), so that a position
# without one fails in one test. The weekday before a date is looked up afterwards (`_WEEKDAY_REVERSED`):
# an optional weekday alternation at the head would be tried at every position.
_DATE = re.compile(
    r"(?=\d)(?:(?P<iy>\d{4})(?P<isep>[-/.])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})(?!\d)"
    # basic ISO 8601, with its `T` time or alone
    r"|(?<!\S)(?P<cy>\d{4})(?P<cm>\d{2})(?P<cd>\d{2})(?=T\d{4}|\s*$)"
    r"|(?<!\d)(?P<nd>\d{1,2})(?P<nsep>[/.\-])(?P<nm>\d{1,2})(?P=nsep)(?P<ny>\d{1,4})(?![\d:])"
    # a day and month without year, slash only (`20.12` is a time): `Senin (14/3)`
    r"|(?<![\d/.])(?P<sd>\d{1,2})/(?P<sm>\d{1,2})(?![\d/])"
    rf"|(?<!\d)(?P<td>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]*(?P<tm>{MONTH_RE})(?![a-z])\.?"
    r"(?:[\s,\-]*(?P<ty>\d{3,4})(?![\d:.]\d|\d))?"
    r")",
    re.IGNORECASE,
)
# Month name first (`June 18, 2025`, `Mar. 14 2022`, and without a year `Nov 18`, `November 18th`, placed
# as a day-first date without one is), tried only when `_DATE` finds nothing, because a month-name
# alternation tried at every letter costs the common forms. Without a day (`November 2021`) it is not a
# date, and no fallback would find one: a reason.
_DATE_MONTH_FIRST = re.compile(
    rf"(?<![a-z])(?P<em>{MONTH_RE})\.?"
    r"(?:\s+(?P<ed>\d{1,2})(?:st|nd|rd|th)?(?!\d)(?:(?:,\s*|\s+)(?P<ey>\d{4})(?!\d))?"
    r"|,?\s+(?P<my>\d{4})(?!\d))",
    re.IGNORECASE,
)
_YEAR_BEFORE = re.compile(r"\d{4}[\s,./-]*$")
# The weekday right before a date (`Senin, `, `Rabu   `, `Senin (`, `Tue. `), on the reversed text: the
# separators, then the weekday spelt backwards, then no further letter.
_WEEKDAY_REVERSED = re.compile(
    rf"\s*[,(]?\s*\.?(?P<wd>{alternation([w[::-1] for w in WEEKDAYS if '’' not in w])})(?![\w'’])",
    re.IGNORECASE,
)
_WEEKDAY_REACH = 20
_NOT_WORD = re.compile(r"[^\w'’]")

# Time after a textual or numeric date: `| 21:04`, `– 16:30`, `) pukul 20.04`, `Pkl. 08.12`, `at 8 pm`.
_TIME = re.compile(
    r"\s*(?:[,|/–—\-·•()]\s*)*(?:(?:pukul|pkl|pk|jam|at|@)\.?\s*:?\s*)?" + CLOCK,
    re.IGNORECASE,
)
# Time after an ISO date: `T13:16:34`, ` T10:08:58`, ` 13:16:34`, dashes `T13-16-34`, `08:12 PM`.
_ISO_TIME = re.compile(
    r"(?:\s*T\s*|\s+)(?P<h>\d{1,2})(?P<tsep>[:.\-])(?P<mi>\d{2})(?:(?P=tsep)(?P<s>\d{2})(?:[.,]\d+)?)?(?!\d)"
    rf"(?:\s*{AMPM})?",
    re.IGNORECASE,
)
# Time of a basic ISO date: `T201200`, `T2012`, `T201200.5`.
_COMPACT_TIME = re.compile(r"T(?P<h>\d{2})(?P<mi>\d{2})(?P<s>\d{2})?(?:[.,]\d+)?(?!\d)", re.IGNORECASE)
# A time written before the date; a dot time counts only with a suffix or a zone after it (`07.30 WIB`).
_LEADING_TIME = re.compile(
    r"(?<![\d:.])(?:(?P<h>\d{1,2})(?:(?P<colon>:)|\.)(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?![\d:.]\d)"
    r"|(?P<bh>\d{1,2})(?=\s?[ap]\.?\s?m\b))" + CLOCK_TAIL,
    re.IGNORECASE,
)

_HAS_DIGIT = re.compile(r"\d")


def normalize(text: str) -> str:
    """Fold `&nbsp;` (also double-escaped), non-breaking spaces and HTML entities into plain text."""
    if "&" in text:
        text = html.unescape(html.unescape(text))
    return text.replace("\xa0", " ").replace("\u202f", " ").strip()


def _reference_day(reference: datetime | None, zone: tzinfo) -> date | None:
    """The fetch day in the portal's zone; only dates without a (four-digit) year need it."""
    local = local_reference(reference, zone)
    return local.date() if local else None


def _ymd(m: re.Match[str], reference: datetime | None, zone: tzinfo) -> tuple[int, int, int]:
    """Year, month and day as written (a day past the month's end is caught when the value is built)."""
    if m.re is _DATE_MONTH_FIRST:
        month, day = MONTHS[m["em"].lower()], int(m["ed"])
        if m["ey"]:
            return expand_year(m["ey"]), month, day
        found = infer_year(month, day, _reference_day(reference, zone))
        return found.year, found.month, found.day
    td, iy, nd, cy = m.group("td", "iy", "nd", "cy")
    if td:
        month, day = MONTHS[m["tm"].lower()], int(td)
        year = m["ty"]
        if year:
            return expand_year(year), month, day
        found = infer_year(month, day, _reference_day(reference, zone))
        return found.year, found.month, found.day
    if nd:
        day, month, year = int(nd), int(m["nm"]), m["ny"]
        if month > 12 and day <= 12:  # `03/14/2022`: day first is impossible, month first is the reading
            day, month = month, day
        if len(year) == 2:
            ref_day = _reference_day(reference, zone)
            return expand_year(year, ref_day.year if ref_day else None), month, day
        return expand_year(year), month, day
    if iy:
        return expand_year(iy), int(m["im"]), int(m["id"])
    if cy:
        return expand_year(cy), int(m["cm"]), int(m["cd"])
    found = infer_year(int(m["sm"]), int(m["sd"]), _reference_day(reference, zone))
    return found.year, found.month, found.day


def _find_time(text: str, m: re.Match[str]) -> tuple[re.Match[str] | None, bool]:
    """The time right after the date, else a time written before it (`07:30 WIB, Rabu 18 Jun 2025`);
    and whether the date is ISO (its zone may be glued: `T10:00:00-05:00`)."""
    pos = m.end()
    if m.re is _DATE and (m["iy"] or m["cy"]):
        t = (_ISO_TIME if m["iy"] else _COMPACT_TIME).match(text, pos)
        if t is not None:
            return t, True
    t = _TIME.match(text, pos)
    if t is None and m.start() > 3:
        for lead in _LEADING_TIME.finditer(text, 0, m.start()):
            if lead["colon"] or lead["ampm"] or lead["part"] or TEXT_ZONE.match(text, lead.end()):
                return lead, False
    return t, False


def _weekday_matches(text: str, start: int, value: datetime) -> bool | None:
    """Whether the weekday written right before the date (if any) is the date's.

    Read backwards: the text before the date, reversed, is matched once at its start (`,ubaR`), instead
    of searching a window for a weekday that ends where the date begins."""
    if start == 0:
        return None
    low = max(0, start - _WEEKDAY_REACH)
    w = _WEEKDAY_REVERSED.match(text[start - 1 : low - 1 if low else None : -1])
    if w is None or (low and w.end() == start - low and not _NOT_WORD.match(text, low - 1)):
        return None  # the window cut a longer word
    return value.weekday() == WEEKDAYS[w["wd"][::-1].lower().replace("’", "'")]


def parse_fast(text: str, reference: datetime | None, default_zone: tzinfo) -> DateParse | None:
    """Parse a header/meta/relative date string, or None when no known form is present.

    The first well-formed date in the text wins; when every date-shaped part is impossible (`31 Juni
    2023`, a version number `3.5.2`), the first one's reason is returned.
    """
    text = normalize(text)
    if not text:
        return None
    first_failure: DateParse | None = None
    if _HAS_DIGIT.search(text):
        for m in _DATE.finditer(text):
            result = _parse_match(text, m, reference, default_zone)
            if result[0] is not None:
                return result
            first_failure = first_failure or result
        for m in _DATE_MONTH_FIRST.finditer(text):
            if m["ed"] and not m["ey"] and _YEAR_BEFORE.search(text, 0, m.start()):
                continue  # `2025 June 18`: the year first, a form for the long tail
            result = _parse_match(text, m, reference, default_zone)
            if result[0] is not None:
                return result
            first_failure = first_failure or result
    if first_failure is not None:
        return first_failure
    return parse_relative(text, reference, default_zone)


def _parse_match(text: str, m: re.Match[str], reference: datetime | None, default_zone: tzinfo) -> DateParse:
    if m.re is _DATE_MONTH_FIRST and m["ed"] is None:
        return DateParse(None, "a month and a year without a day", via="fast")
    zone: tzinfo = default_zone
    zone_given = False
    try:
        year, month, day = _ymd(m, reference, default_zone)
        if not (1 <= month <= 12 and 1 <= day <= 28):
            make_date(year, month, day)  # raises with the reason: 31 Juni, month 13
        t, iso = _find_time(text, m)
        if t is None:
            hour = minute = second = 0
            seconds_given = False
        else:
            if iso:
                ampm = t["ampm"] if t.re is _ISO_TIME else None
                hour, minute, second, seconds_given = checked_clock(t["h"], t["mi"], t["s"], ampm, None)
            else:
                ampm = t["ampm"]
                hour, minute, second, seconds_given = clock_of(t)
            twelve_hour = ampm is not None
            z = (ISO_ZONE if iso else TEXT_ZONE).match(text, t.end())
            if z is not None:
                zone = zone_of_match(z, (year, month, day, hour, minute, second), twelve_hour)
                zone_given = True
    except ImpossibleDate as err:
        return DateParse(None, str(err), via="fast")
    except UnreadZone as err:  # `7:04 pm CST`: the day is known, the instant is not
        value = datetime(year, month, day, tzinfo=default_zone)
        return DateParse(value, str(err), _weekday_matches(text, m.start(), value), via="fast")
    value = datetime(year, month, day, hour, minute, second, tzinfo=zone)
    return DateParse(
        value,
        None,
        _weekday_matches(text, m.start(), value),
        zone_given,
        t is not None,
        "fast",
        seconds_given,
    )
