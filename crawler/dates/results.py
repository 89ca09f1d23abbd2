"""Result types of the date engine and the one ISO rendering the item uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, NamedTuple

# How much of a date its source states: the day only (`/2016/02/23/`, `23 Februari 2016`), the minute
# (`23/02/2016 15:32 WIB`) or the second (`2016-02-23T15:32:01+07:00`).
Precision = Literal["day", "minute", "second"]
PRECISIONS: tuple[Precision, ...] = ("day", "minute", "second")


def to_iso(value: datetime) -> str:
    """`2022-03-15T08:12:40+07:00`: seconds always, offset with a colon (the item's date format)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"to_iso needs an aware datetime, got naive {value!r}")
    return value.replace(microsecond=0).isoformat(timespec="seconds")


def to_item_date(value: datetime, precision: Precision) -> str:
    """`datePublished` as the item exports it: `2016-02-23` when only the day is known (never an invented
    midnight), else `to_iso` (a minute-precise value with `:00` seconds)."""
    if precision == "day":
        return value.date().isoformat()
    return to_iso(value.replace(second=0) if precision == "minute" else value)


class DateParse(NamedTuple):
    """Everything known about one parse, so callers can log why a date is missing or doubtful.

    `reason` is set when `value` is None, or when it holds less than the text wrote (the day of a time in
    an ambiguous zone, `7:04 pm CST`); `weekday_matches` is None when the text names no weekday;
    `via` says which parser answered ("fast" for our own, "dateparser" for the fallback). A named tuple,
    not a frozen dataclass: one is built per string parsed, and a frozen dataclass costs several times
    more to build than the fast path spends reading a date.
    """

    value: datetime | None
    reason: str | None = None
    weekday_matches: bool | None = None
    zone_given: bool = False
    has_time: bool = False
    via: Literal["fast", "dateparser"] | None = None
    seconds_given: bool = False

    @property
    def precision(self) -> Precision | None:
        """What the text states: `day` without a time, `second` when it writes seconds, else `minute`."""
        if self.value is None:
            return None
        if not self.has_time:
            return "day"
        return "second" if self.seconds_given else "minute"


@dataclass(frozen=True)
class DateMention:
    """A date mentioned inside body text, with its exact span in that text."""

    text: str
    start: int
    end: int
    value: date | datetime
    weekday_matches: bool | None

    def as_item(self) -> dict:
        """The `mentionedDates` entry of the item (docs/DESIGN.md, "mentionedDates rules")."""
        if isinstance(self.value, datetime):
            shown = to_iso(self.value.replace(second=0))
        else:
            shown = self.value.isoformat()
        return {"text": self.text, "date": shown, "weekdayMatches": self.weekday_matches}
