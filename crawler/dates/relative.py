"""Relative dates of listing pages (`5 jam lalu`, `17 menit yang lalu`, `kemarin`), counted from the
fetch time that the caller passes as reference, never from the clock.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta, tzinfo

from .calendar_rules import ImpossibleDate
from .clock import CLOCK, clock_of
from .results import DateParse
from .vocab import ZONE_RE, alternation, zone_of

_NUMBER_WORDS = {
    "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "a": 1, "an": 1, "one": 1,
}  # fmt: skip

_UNITS = {
    "detik": "seconds", "second": "seconds", "seconds": "seconds", "sec": "seconds", "secs": "seconds",
    "menit": "minutes", "minute": "minutes", "minutes": "minutes", "min": "minutes", "mins": "minutes",
    "jam": "hours", "hour": "hours", "hours": "hours",
    "hari": "days", "day": "days", "days": "days",
    "minggu": "weeks", "pekan": "weeks", "week": "weeks", "weeks": "weeks",
    "bulan": "months", "month": "months", "months": "months",
    "tahun": "years", "year": "years", "years": "years",
}  # fmt: skip

UNIT_RE = alternation(list(_UNITS))
_NUMBER_RE = r"\d{1,4}|" + alternation([w for w in _NUMBER_WORDS if w != "se"])
_PAIR = rf"(?:(?:{_NUMBER_RE})\s*|se)(?:{UNIT_RE})"
_PAIR_PARTS = re.compile(rf"(?:(?P<n>{_NUMBER_RE})\s*|se)(?P<unit>{UNIT_RE})", re.IGNORECASE)
# One or more amounts (`1 minggu 2 hari`, `1 jam 30 menit`) then `lalu`, `yang lalu`, `silam` or `ago`.
# The whitespace before a separator is taken whole (``\s*+``): with two plain ``\s*`` around an optional
# one, every space between two amounts could go to either, and a run of amounts not followed by `lalu`
# (`tahun 2022 tahun 2022 …`) was tried every way, twice as long for each amount more (24 of them: 15 s).
_AMOUNT = re.compile(
    rf"(?<![\w])(?P<amounts>{_PAIR}(?:\s*+(?:,|dan|and)?\s*{_PAIR})*)\s+(?:yang\s+)?(?:lalu|silam|ago)(?![\w])",
    re.IGNORECASE,
)
# A day word, then maybe its time: `Kemarin, 13:00 WITA`, `kemarin pukul 20.12`, `Yesterday at 8:12 PM`.
_DAY_WORD = re.compile(
    r"(?<![\w])(?P<word>kemarin\s+lusa|kemarin|hari\s+ini|baru\s+saja|barusan|sekarang|yesterday|today|just\s+now)"
    r"(?![\w])(?:\s*,?\s*(?:(?:pukul|pkl|jam|at|@)\.?\s*)?"
    + CLOCK
    + rf"(?:\s*(?P<zone>{ZONE_RE})(?![a-z]))?)?",
    re.IGNORECASE,
)
_DAYS_BACK = {"kemarin lusa": 2, "kemarin": 1, "yesterday": 1, "hari ini": 0, "today": 0}


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# Unit name -> (kind, size): seconds count on the clock, days on the calendar, months on the month index.
_UNIT_SIZE = {"seconds": ("s", 1), "minutes": ("s", 60), "hours": ("s", 3600), "days": ("d", 1),
              "weeks": ("d", 7), "months": ("m", 1), "years": ("m", 12)}  # fmt: skip


def _count_back(amounts: str, reference: datetime, zone: tzinfo) -> DateParse:
    """Subtract every amount; any unit under a day keeps the clock, else the result is a whole day."""
    seconds = days = months = 0
    for part in _PAIR_PARTS.finditer(amounts):
        raw, unit = part.group("n", "unit")
        amount = int(raw) if raw and raw.isdigit() else _NUMBER_WORDS[(raw or "se").lower()]
        kind, size = _UNIT_SIZE[_UNITS[unit.lower()]]
        if kind == "s":
            seconds += amount * size
        elif kind == "d":
            days += amount * size
        else:
            months += amount * size
    if seconds:
        value = reference - timedelta(days=days, seconds=seconds, microseconds=reference.microsecond)
        if months:
            value = datetime.combine(_months_back(value.date(), months), value.timetz())
        return DateParse(value, None, None, False, True, "fast")
    day = reference.date() - timedelta(days=days)
    if months:
        day = _months_back(day, months)
    return DateParse(datetime(day.year, day.month, day.day, tzinfo=zone), None, None, False, False, "fast")


def _no_reference(text: str) -> DateParse:
    return DateParse(None, reason=f"relative date {text!r} needs a reference time", via="fast")


def local_reference(reference: datetime | None, zone: tzinfo) -> datetime | None:
    """The fetch time in the portal's zone (a naive one is taken as already in it)."""
    if reference is None:
        return None
    if reference.tzinfo is None:
        return reference.replace(tzinfo=zone)
    return reference.astimezone(zone)


def parse_relative(text: str, fetched: datetime | None, zone: tzinfo) -> DateParse | None:
    """Minutes and hours keep the reference's time; days and longer give midnight of that day (in `zone`,
    where the fetch time `fetched` is read)."""
    m = _AMOUNT.search(text)
    if m is not None:
        reference = local_reference(fetched, zone)
        if reference is None:
            return _no_reference(m.group(0))
        try:
            return _count_back(m["amounts"], reference, zone)
        except (ValueError, OverflowError):  # `9999 tahun lalu` leaves the calendar
            return DateParse(None, reason=f"relative date {m.group(0)!r} out of range", via="fast")
    m = _DAY_WORD.search(text)
    if m is None:
        return None
    reference = local_reference(fetched, zone)
    if reference is None:
        return _no_reference(m.group(0))
    word = " ".join(m["word"].lower().split())
    if word not in _DAYS_BACK:  # "baru saja", "sekarang": the fetch time itself
        return DateParse(reference.replace(microsecond=0), has_time=True, via="fast")
    day = reference.date() - timedelta(days=_DAYS_BACK[word])
    if m["h"] or m["bh"]:
        try:
            hour, minute, second, seconds_given = clock_of(m)
        except ImpossibleDate as err:
            return DateParse(None, reason=str(err), via="fast")
        given = zone_of(m["zone"]) if m["zone"] else zone
        value = datetime.combine(day, time(hour, minute, second), tzinfo=given)
        return DateParse(
            value, zone_given=bool(m["zone"]), has_time=True, via="fast", seconds_given=seconds_given
        )
    return DateParse(datetime.combine(day, time(), tzinfo=zone), via="fast")
