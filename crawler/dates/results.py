"""Result types of the date engine and the one ISO rendering the item uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal


def to_iso(value: datetime) -> str:
    """`2022-03-15T08:12:40+07:00`: seconds always, offset with a colon (the item's date format)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"to_iso needs an aware datetime, got naive {value!r}")
    return value.replace(microsecond=0).isoformat(timespec="seconds")


@dataclass(frozen=True)
class DateParse:
    """Everything known about one parse, so callers can log why a date is missing or doubtful.

    `reason` is set when `value` is None; `weekday_matches` is None when the text names no weekday;
    `via` says which parser answered ("fast" for our own, "dateparser" for the fallback).
    """

    value: datetime | None
    reason: str | None = None
    weekday_matches: bool | None = None
    zone_given: bool = False
    has_time: bool = False
    via: Literal["fast", "dateparser"] | None = None


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
