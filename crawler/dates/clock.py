"""The time of day as pages write it: 24-hour (`20:12`, `20.12`), 12-hour (`8:12 PM`, `8pm`, `8:12 p.m.`)
and the Indonesian day parts (`pukul 8.12 malam`). One spelling for the header parser and relative dates.

A 12-hour suffix or a day part is never dropped: `8:12 PM` is 20:12, and a bare hour counts as a time only
with a suffix (`8pm`), because `2022 8` is not one.
"""

from __future__ import annotations

import re

from .calendar_rules import ImpossibleDate, check_time

# `am`, `PM`, `a.m.`, `p. m.`; `\b` keeps `8 amal` out.
AMPM = r"(?P<ampm>[ap])\.?\s?m\b\.?"
# Indonesian day parts after a time: `pukul 7.30 pagi`, `pukul 8.12 malam`, `pukul 1 siang` (not a time
# without minutes: `8 malam` alone stays a day).
DAY_PART = r"(?P<part>pagi|siang|sore|malam|dini\s+hari)(?![a-z])"
# A clock after its hour and minutes: an am/pm suffix or a day part.
CLOCK_TAIL = rf"(?:\s*{AMPM}|\s+{DAY_PART})?"
# `20:12`, `20.12`, `20:12:33`, or a bare hour with a 12-hour suffix (`8pm`, `8 p.m.`).
CLOCK = (
    r"(?:(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2}))?(?!\d)"
    r"|(?P<bh>\d{1,2})(?=\s?[ap]\.?\s?m\b))" + CLOCK_TAIL
)
CLOCK_RE = re.compile(CLOCK, re.IGNORECASE)

# Day part -> hours added to a written hour 1-11 (12 follows the am/pm rule: `12 siang` is noon).
_PART_SHIFT = {"pagi": 0, "dini hari": 0, "siang": 12, "sore": 12, "malam": 12}


def hour_24(hour: int, ampm: str | None, part: str | None) -> int:
    """The 24-hour hour of a written hour and its suffix.

    `12 AM` is 0 and `12 PM` is 12; an hour already past 12 keeps its value with `PM` (`13:30 PM` is a
    common slip) and is impossible with `AM`. Day parts: `pagi`/`dini hari` keep 1-11 and make 12 midnight;
    `siang` adds 12 to 1-5 (`pukul 1 siang` is 13:00; `pukul 11 siang` is 11:00); `sore` and `malam` add
    12 to 1-11 (`pukul 8.12 malam` is 20:12); `12 siang` is noon, `12 malam` midnight.
    """
    if ampm:
        pm = ampm in "pP"
        if hour > 12:
            if pm:
                return hour
            raise ImpossibleDate(f"impossible time {hour} AM")
        return hour % 12 + (12 if pm else 0)
    if part and hour <= 12:
        word = " ".join(part.lower().split())
        if hour == 12:
            return 12 if word in ("siang", "sore") else 0
        if word == "siang" and hour > 5:
            return hour
        return hour + _PART_SHIFT[word]
    return hour


def clock_of(m: re.Match[str]) -> tuple[int, int, int, bool]:
    """(hour, minute, second, seconds written) of a `CLOCK` match, checked."""
    hour, minute, second, bare_hour, ampm, part = m.group("h", "mi", "s", "bh", "ampm", "part")
    return checked_clock(hour or bare_hour, minute, second, ampm, part)


def checked_clock(
    hour: str, minute: str | None, second: str | None, ampm: str | None, part: str | None
) -> tuple[int, int, int, bool]:
    """(hour, minute, second, seconds written) of a clock's written parts, 12-hour suffix applied, checked."""
    h = int(hour)
    if ampm or part:
        h = hour_24(h, ampm, part)
    mi = int(minute) if minute else 0
    s = int(second) if second else 0
    if h > 23 or mi > 59 or s > 59:
        check_time(h, mi, s)  # raises with the reason
    return h, mi, s, second is not None
