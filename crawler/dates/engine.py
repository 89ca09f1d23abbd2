"""`parse_date`: the fast path first, dateparser only for what the fast path does not recognise."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .fallback import parse_with_dateparser
from .fastpath import normalize, parse_fast
from .results import DateParse


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


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
    try:
        zone = _zone(tz)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValueError(f"unknown time zone {tz!r}") from err
    if not text.strip():
        return DateParse(None, reason="empty text")
    try:
        fast = parse_fast(text, reference, zone)
    except (OverflowError, ValueError) as err:  # arithmetic at the calendar's edges (year 1, year 9999)
        return DateParse(None, reason=f"date out of range: {err}", via="fast")
    if fast is not None:
        return fast
    clean = normalize(text)
    if not any(ch.isdigit() for ch in clean):
        return DateParse(None, reason="no date found", via="fast")
    return parse_with_dateparser(clean, reference, tz, zone)


def parse_date(text: str, *, reference: datetime | None = None, tz: str = "Asia/Jakarta") -> datetime | None:
    """An aware datetime for a header, meta or relative date string, or None (see `parse_date_detailed`)."""
    return parse_date_detailed(text, reference=reference, tz=tz).value
