"""`parse_date`: the fast path first, dateparser only for what the fast path does not recognise."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .fallback import parse_with_dateparser
from .fastpath import normalize, parse_fast
from .relative import UNIT_RE as RELATIVE_UNIT_RE
from .results import DateParse
from .vocab import MONTH_RE

# What the fallback needs to find a day and a month (it is asked with `REQUIRE_PARTS` day and month): a
# digit, and a month word, two numbers joined by one date separator (`14 3 2022`, `14-3`), or a relative unit
# (`dalam 2 hari`). Text with none of them (`Dibaca 1.234 kali`, `Halaman 2 dari 5`, `10:30 WIB`) holds
# no date dateparser would give, and asking it costs a thousand times what the fast path does.
_HAS_DIGIT = re.compile(r"\d")
_MAY_HOLD_DATE = re.compile(
    rf"\d{{1,4}}[/.\-\s]\d{{1,2}}(?!\d)|(?<![a-z])(?:{MONTH_RE}|{RELATIVE_UNIT_RE})(?![a-z])", re.IGNORECASE
)


# The longest text read as a date. The bench pages' longest is 63 characters (`November 19, 2019 | 4:20am
# | Updated November 19, 2019 | 9:32pm`); a longer one is a paragraph, not a date line, and the patterns'
# work grows with the length of what they read (a JSON-LD value of megabytes, a "Diperbarui" paragraph).
MAX_DATE_CHARS = 256

_ZONES: dict[str, ZoneInfo] = {}


def _zone(name: str) -> ZoneInfo:
    """The zone of a name, kept once read (a dict lookup per call: this is on every parse)."""
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValueError(f"unknown time zone {name!r}") from err
    if len(_ZONES) < 64:
        _ZONES[name] = zone
    return zone


def parse_date_detailed(
    text: str, *, reference: datetime | None = None, tz: str = "Asia/Jakarta"
) -> DateParse:
    """Parse one date string and say how (`via`) or why not (`reason`).

    `reference` is the fetch time: relative forms count from it and a date without a year is placed on
    or shortly before it. A string without a zone is read in `tz`; WIB/WITA/WIT and explicit offsets
    are kept as given (UTC stays UTC; converting to the portal zone is the caller's business).
    """
    if not isinstance(text, str):
        return DateParse(None, reason=f"not a string: {type(text).__name__}")
    zone = _ZONES.get(tz) or _zone(tz)
    if len(text) > MAX_DATE_CHARS:
        text = text.strip()
        if len(text) > MAX_DATE_CHARS:
            return DateParse(None, reason=f"too long for a date: {len(text)} characters")
    if not text.strip():
        return DateParse(None, reason="empty text")
    try:
        fast = parse_fast(text, reference, zone)
    except (OverflowError, ValueError) as err:  # arithmetic at the calendar's edges (year 1, year 9999)
        return DateParse(None, reason=f"date out of range: {err}", via="fast")
    if fast is not None:
        return fast
    clean = normalize(text)
    if not _HAS_DIGIT.search(clean) or not _MAY_HOLD_DATE.search(clean):
        return DateParse(None, reason="no date found", via="fast")
    return parse_with_dateparser(clean, reference, tz, zone)


def parse_date(text: str, *, reference: datetime | None = None, tz: str = "Asia/Jakarta") -> datetime | None:
    """An aware datetime for a header, meta or relative date string, or None (see `parse_date_detailed`)."""
    return parse_date_detailed(text, reference=reference, tz=tz).value
