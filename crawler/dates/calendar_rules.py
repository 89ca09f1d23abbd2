"""Calendar checks shared by the header parser and the mention finder.

Impossible input (31 Juni, year 225, hour 25) raises `ImpossibleDate` carrying a readable reason, so the
callers can return None *with* that reason instead of guessing.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

MIN_YEAR = 1900
MAX_YEAR = 2100
# how far after the reference a yearless mention may point when only its weekday says so
WEEKDAY_AHEAD = timedelta(days=7)


class ImpossibleDate(ValueError):
    """The text names a date or time that cannot exist; `str(err)` is the reason."""


def expand_year(raw: str, reference_year: int | None = None) -> int:
    """Year from its digits; three digits (`225`) are a typo, not year 225.

    Two digits take the century that puts the year at most one year after the reference (`24` read in
    2025 is 2024, `98` is 1998); without a reference, 00-69 are 20xx and 70-99 are 19xx.
    """
    if len(raw) == 2:
        short = int(raw)
        if reference_year is None:
            return 2000 + short if short < 70 else 1900 + short
        year = reference_year // 100 * 100 + short
        return year - 100 if year > reference_year + 1 else year
    if len(raw) != 4:
        raise ImpossibleDate(f"impossible year {raw!r}")
    year = int(raw)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ImpossibleDate(f"implausible year {year}")
    return year


def make_date(year: int, month: int, day: int) -> date:
    """A checked date: a clear reason for month 13 or 31 Juni instead of a bare ValueError."""
    try:
        return date(year, month, day)
    except ValueError:
        pass
    if not 1 <= month <= 12:
        raise ImpossibleDate(f"impossible month {month}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ImpossibleDate(f"impossible day {day} in month {month} of {year}")
    return date(year, month, day)


def infer_year(month: int, day: int, reference: date | None) -> date:
    """The date on or before `reference` and within a year of it, for a day and month given without year.

    `Jumat (30/12)` in an article of 2023-01-02 is 2022-12-30. The weekday is deliberately not used here:
    it only confirms the result (see `weekday_check`).
    """
    if not 1 <= month <= 12:
        raise ImpossibleDate(f"impossible month {month}")
    if not 1 <= day <= 31 or day > calendar.monthrange(2000, month)[1]:
        raise ImpossibleDate(f"impossible day {day} in month {month}")
    if reference is None:
        raise ImpossibleDate("date without year and no reference date to place it")
    for year in (reference.year, reference.year - 1):
        if year < 1 or day > calendar.monthrange(year, month)[1]:
            continue  # 29 February outside a leap year
        candidate = date(year, month, day)
        if candidate <= reference:
            return candidate
    raise ImpossibleDate(f"no {day}/{month} on or within a year before {reference.isoformat()}")


def infer_year_for_weekday(month: int, day: int, reference: date | None, weekday: int | None) -> date:
    """``infer_year``, unless the mention's weekday disagrees with that date and fits the same day and
    month within the next 7 days after ``reference``: then that one.

    A Kontan article of 2025-06-17 announcing a decision for ``Rabu (18/6)``: 18 June 2025 is a
    Wednesday, 18 June 2024 a Tuesday, so the writer meant tomorrow, not last year. A weekday that fits
    neither leaves the on-or-before date (and ``weekday_check`` reports the mismatch).
    """
    try:
        found: date | None = infer_year(month, day, reference)
    except ImpossibleDate:
        found = None  # 29/2 with no leap day in the year before: the days ahead may still hold it
        if reference is None or not 1 <= month <= 12:
            raise
    if weekday is not None and (found is None or found.weekday() != weekday):
        ahead = _ahead(month, day, reference, weekday)
        if ahead is not None:
            return ahead
    if found is None:
        return infer_year(month, day, reference)  # raises with its reason
    return found


def _ahead(month: int, day: int, reference: date, weekday: int) -> date | None:
    """The ``day``/``month`` within ``WEEKDAY_AHEAD`` after ``reference`` that falls on ``weekday``."""
    for year in (reference.year, reference.year + 1):
        if year > MAX_YEAR or day > calendar.monthrange(year, month)[1]:
            continue
        candidate = date(year, month, day)
        if reference < candidate <= reference + WEEKDAY_AHEAD and candidate.weekday() == weekday:
            return candidate
    return None


def check_time(hour: int, minute: int, second: int = 0) -> None:
    """Reject `25:10` or `10:75` with a reason."""
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
        raise ImpossibleDate(f"impossible time {hour:02d}:{minute:02d}:{second:02d}")


def weekday_check(value: date, weekday: int | None) -> bool | None:
    """True/False when the text named a weekday, None when it did not. Never changes the date."""
    if weekday is None:
        return None
    return value.weekday() == weekday
