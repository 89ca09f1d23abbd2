"""The fast path: our own compiled-regex parser for the header, meta and relative forms portals use.

It answers in microseconds where dateparser needs milliseconds. It returns None only when it recognises
nothing, so that the caller can hand the long tail to dateparser; a recognised but impossible date
(`31 Juni 2023`, `18/6/225`) comes back as a `DateParse` with a reason, never as a guess.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from .calendar_rules import ImpossibleDate, check_time, expand_year, infer_year, make_date, weekday_check
from .relative import parse_relative
from .results import DateParse
from .vocab import MONTH_RE, WEEKDAY_RE, ZONE_RE, month_number, weekday_number, zone_of

_WEEKDAY = rf"(?:(?<![\w'’])(?P<wd>{WEEKDAY_RE})(?![\w'’])\.?\s*,?\s*)?"

# Date part: ISO-like year first, numeric day first, or day then month name (all Indonesian forms).
_DATE = re.compile(
    _WEEKDAY
    + r"(?:"
    + r"(?P<iy>\d{4})(?P<isep>[-/.])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})(?!\d)"
    + r"|(?P<nd>\d{1,2})(?P<nsep>[/.\-])(?P<nm>\d{1,2})(?P=nsep)(?P<ny>\d{1,4})(?![\d:])"
    + rf"|(?P<td>\d{{1,2}})(?:st|nd|rd|th)?[\s\-]*(?P<tm>{MONTH_RE})(?![a-z])\.?"
    + r"(?:[\s,\-]*(?P<ty>\d{3,4})(?![\d:.]\d|\d))?"
    + r")",
    re.IGNORECASE,
)
# Month name first (`June 18, 2025`, mostly English), tried only when `_DATE` finds nothing, because a
# month-name alternation tried at every letter doubles the cost of the common forms.
_DATE_MONTH_FIRST = re.compile(
    _WEEKDAY
    + rf"(?<![a-z])(?P<em>{MONTH_RE})\.?\s+(?P<ed>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<ey>\d{{4}})(?!\d)",
    re.IGNORECASE,
)

# Time after a textual or numeric date: `| 21:04`, `– 16:30`, `/ 09:06`, `, 13:30`, `pukul 20.04`, `9:45 AM`.
_TIME = re.compile(
    r"\s*(?:[,|/–—\-·•]\s*)*(?:(?:pukul|pkl\.?|jam|at|@)\s*)?"
    r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2}))?(?!\d)"
    r"(?:\s*(?P<ampm>[ap])\.?m\.?(?![a-z]))?",
    re.IGNORECASE,
)

# Time after an ISO date: `T13:16:34`, ` T10:08:58`, ` 13:16:34`, and dashes `T13-16-34`.
_ISO_TIME = re.compile(
    r"(?:\s*T\s*|\s+)(?P<h>\d{1,2})(?P<tsep>[:.\-])(?P<mi>\d{2})(?:(?P=tsep)(?P<s>\d{2})(?:[.,]\d+)?)?(?!\d)",
    re.IGNORECASE,
)

_ZONE = re.compile(
    rf"\s*(?:(?P<name>{ZONE_RE})(?![a-z])"
    r"|(?:(?:GMT|UTC)\s*)?(?P<off>[+-]\d{1,2}(?::?\d{2})?)(?!\d)"
    r"|(?P<utc>Z|UTC|GMT)(?![a-z]))",
    re.IGNORECASE,
)
# After a header time a glued `-08:00` is the end of a range (`07:30-08:00 WIB`), not an offset: there a
# minus offset needs GMT/UTC before it or a space before it (`01:12:40 -0500`, as in RSS).
_TEXT_ZONE = re.compile(
    rf"\s*(?:(?P<name>{ZONE_RE})(?![a-z])"
    r"|(?:GMT|UTC)\s*(?P<off>[+-]\d{1,2}(?::?\d{2})?)(?!\d)"
    r"|(?P<plus>\+\d{2}:?\d{2})(?!\d)"
    r"|(?<=\s)(?P<minus>-\d{2}:?\d{2})(?!\d)"
    r"|(?P<utc>Z|UTC|GMT)(?![a-z]))",
    re.IGNORECASE,
)

# A time written before the date; a dot time only counts when a zone follows (`07.30 WIB`).
_LEADING_TIME = re.compile(
    r"(?<![\d:.])(?P<h>\d{1,2})(?:(?P<colon>:)|\.)(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?![\d:.]\d)"
)
_ZONE_NAME = re.compile(rf"\s*(?:{ZONE_RE})(?![a-z])", re.IGNORECASE)

_HAS_DIGIT = re.compile(r"\d")


def normalize(text: str) -> str:
    """Fold `&nbsp;` (also double-escaped), non-breaking spaces and HTML entities into plain text."""
    if "&" in text:
        text = html.unescape(html.unescape(text))
    return text.replace("\xa0", " ").replace("\u202f", " ").strip()


def _offset(raw: str) -> timezone:
    sign = -1 if raw[0] == "-" else 1
    digits = raw[1:].replace(":", "")
    hours = int(digits[:2]) if len(digits) >= 3 else int(digits)
    minutes = int(digits[-2:]) if len(digits) >= 3 else 0
    if hours > 14 or minutes > 59:
        raise ImpossibleDate(f"impossible UTC offset {raw}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _reference_day(reference: datetime | None, zone: tzinfo) -> date | None:
    """The fetch day in the portal's zone; only dates without a (four-digit) year need it."""
    local = _local_reference(reference, zone)
    return local.date() if local else None


def _date_of(m: re.Match[str], reference: datetime | None, zone: tzinfo) -> date:
    if m.re is _DATE_MONTH_FIRST:
        return make_date(expand_year(m["ey"]), month_number(m["em"]), int(m["ed"]))
    if m["iy"]:
        return make_date(expand_year(m["iy"]), int(m["im"]), int(m["id"]))
    if m["nd"]:
        year = m["ny"]
        if len(year) == 2:
            ref_day = _reference_day(reference, zone)
            return make_date(expand_year(year, ref_day.year if ref_day else None), int(m["nm"]), int(m["nd"]))
        return make_date(expand_year(year), int(m["nm"]), int(m["nd"]))
    month, day = month_number(m["tm"]), int(m["td"])
    if m["ty"]:
        return make_date(expand_year(m["ty"]), month, day)
    return infer_year(month, day, _reference_day(reference, zone))


def _local_reference(reference: datetime | None, zone: tzinfo) -> datetime | None:
    if reference is None:
        return None
    if reference.tzinfo is None:
        return reference.replace(tzinfo=zone)
    return reference.astimezone(zone)


def _find_time(text: str, m: re.Match[str]) -> re.Match[str] | None:
    """The time right after the date, else a time written before it (`07:30 WIB, Rabu 18 Jun 2025`)."""
    pos = m.end()
    iso = m.re is _DATE and m["iy"]
    t = (_ISO_TIME if iso else _TIME).match(text, pos)
    if t is None and iso:
        t = _TIME.match(text, pos)
    if t is None and m.start() > 3:
        for lead in _LEADING_TIME.finditer(text, 0, m.start()):
            if lead["colon"] or _ZONE_NAME.match(text, lead.end()):
                return lead
    return t


def _zone_after(text: str, pos: int, iso: bool, default_zone: tzinfo) -> tuple[tzinfo, bool]:
    z = (_ZONE if iso else _TEXT_ZONE).match(text, pos)
    if z is None:
        return default_zone, False
    if z["name"]:
        return zone_of(z["name"]), True
    offset = z["off"] or z.groupdict().get("plus") or z.groupdict().get("minus")
    if offset:
        return _offset(offset), True
    return UTC, True


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
        for pattern in (_DATE, _DATE_MONTH_FIRST):
            for m in pattern.finditer(text):
                result = _parse_match(text, m, reference, default_zone)
                if result.value is not None:
                    return result
                first_failure = first_failure or result
    if first_failure is not None:
        return first_failure
    return parse_relative(text, _local_reference(reference, default_zone), default_zone)


def _parse_match(text: str, m: re.Match[str], reference: datetime | None, default_zone: tzinfo) -> DateParse:
    weekday = weekday_number(m["wd"]) if m["wd"] else None
    try:
        day = _date_of(m, reference, default_zone)
        clock = time()
        zone, zone_given = default_zone, False
        t = _find_time(text, m)
        if t is not None:
            hour, minute, second = int(t["h"]), int(t["mi"]), int(t["s"] or 0)
            ampm = t.groupdict().get("ampm")
            if ampm:
                hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
            check_time(hour, minute, second)
            clock = time(hour, minute, second)
            iso = m.re is _DATE and bool(m["iy"])
            zone, zone_given = _zone_after(text, t.end(), iso, default_zone)
    except ImpossibleDate as err:
        return DateParse(None, reason=str(err), via="fast")
    return DateParse(
        datetime.combine(day, clock, tzinfo=zone),
        weekday_matches=weekday_check(day, weekday),
        zone_given=zone_given,
        has_time=t is not None,
        via="fast",
        seconds_given=t is not None and bool(t["s"]),
    )
