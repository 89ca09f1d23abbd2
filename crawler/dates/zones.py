"""Zone words a date string may name after its time, and the offset each means on a given day.

Indonesian pages write WIB, WITA and WIT (any case). English pages about Indonesia, wire copy and US
sites write a foreign abbreviation (`11:26 pm EST`, `8:12 p.m. ET`, `20:12 SGT`); read as WIB those
would be hours wrong. The foreign words are matched in capitals only (`pt` and `est` are words), and the
generic US names (ET, CT, MT, PT: standard or daylight time by date) only after a 12-hour clock, the one
way US sites write them. An abbreviation that names two zones (CST: US Central or China; IST: India,
Israel or Ireland) is `AMBIGUOUS`: the engine gives that line's day only and says why, never a guessed
instant (dateparser, asked, takes CST as US Central time).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from .calendar_rules import ImpossibleDate
from .vocab import ZONE_RE, ZONES


def _fixed(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


# Abbreviations that name one fixed offset wherever they are written.
FOREIGN_FIXED: dict[str, timezone] = {
    "EST": _fixed(-5), "EDT": _fixed(-4), "CDT": _fixed(-5), "MST": _fixed(-7), "MDT": _fixed(-6),
    "PST": _fixed(-8), "PDT": _fixed(-7), "AKST": _fixed(-9), "AKDT": _fixed(-8), "HST": _fixed(-10),
    "SGT": _fixed(8), "MYT": _fixed(8), "HKT": _fixed(8), "PHT": _fixed(8), "AWST": _fixed(8),
    "ICT": _fixed(7), "JST": _fixed(9), "KST": _fixed(9), "ACST": _fixed(9.5), "ACDT": _fixed(10.5),
    "AEST": _fixed(10), "AEDT": _fixed(11), "NZST": _fixed(12), "NZDT": _fixed(13),
    "WET": _fixed(0), "WEST": _fixed(1), "CET": _fixed(1), "CEST": _fixed(2), "EET": _fixed(2),
    "EEST": _fixed(3), "MSK": _fixed(3),
}  # fmt: skip
# US generic names: standard or daylight time depending on the date.
FOREIGN_REGIONAL: dict[str, str] = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
AMBIGUOUS: frozenset[str] = frozenset({"CST", "IST", "BST", "AST", "GST", "SST"})

# The zone words the engine reads after any clock (the US generic names count only after a 12-hour one),
# for callers that tell a zone the engine read from one it did not.
READ_ZONE_NAMES: frozenset[str] = frozenset({name.upper() for name in ZONES} | set(FOREIGN_FIXED))


def _alternation(words: set[str] | frozenset[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# After a time: `WIB`, `(WIB)`, `EST`, `GMT+7`, `UTC+07:00`, `+0700`, `Z`. A glued `-08:00` after a header
# time is the end of a range (`07:30-08:00 WIB`), not an offset: there a minus offset needs GMT/UTC before
# it or a space before it (`01:12:40 -0500`, as in RSS).
TEXT_ZONE = re.compile(
    rf"\s*\(?(?:(?P<name>{ZONE_RE})(?![a-z])"
    rf"|(?-i:(?P<foreign>{_alternation(set(FOREIGN_FIXED) | set(FOREIGN_REGIONAL))}))(?![A-Za-z])"
    rf"|(?-i:(?P<ambiguous>{_alternation(AMBIGUOUS)}))(?![A-Za-z])"
    r"|(?:GMT|UTC)\s*(?P<off>[+-]\d{1,2}(?::?\d{2})?)(?!\d)"
    r"|(?P<plus>\+\d{2}:?\d{2})(?!\d)"
    r"|(?<=\s)(?P<minus>-\d{2}:?\d{2})(?!\d)"
    r"|(?P<utc>Z|UTC|GMT)(?![a-z]))",
    re.IGNORECASE,
)
# After an ISO time: `Z`, `+07:00`, `+0700`, `-05`, `UTC`, `GMT+7`.
ISO_ZONE = re.compile(
    rf"\s*(?:(?P<name>{ZONE_RE})(?![a-z])"
    r"|(?:(?:GMT|UTC)\s*)?(?P<off>[+-]\d{1,2}(?::?\d{2})?)(?!\d)"
    r"|(?P<utc>Z|UTC|GMT)(?![a-z]))",
    re.IGNORECASE,
)


class UnreadZone(Exception):
    """The text names a zone whose instant is not ours to guess (`CST`); `str(err)` is the reason."""


@cache
def _region(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def regional_offset(word: str, local: datetime) -> timezone:
    """The fixed offset `ET`/`PT`/... had at the naive wall-clock time `local` (EST or EDT by date)."""
    offset = _region(FOREIGN_REGIONAL[word]).utcoffset(local)
    return timezone(offset if offset is not None else timedelta(0))


def offset_zone(raw: str) -> timezone:
    """`+0700`, `+07:00`, `-5`, `+7` as a fixed offset; `ImpossibleDate` beyond ±14 hours."""
    sign = -1 if raw[0] == "-" else 1
    digits = raw[1:].replace(":", "")
    hours = int(digits[:2]) if len(digits) >= 3 else int(digits)
    minutes = int(digits[-2:]) if len(digits) >= 3 else 0
    if hours > 14 or minutes > 59:
        raise ImpossibleDate(f"impossible UTC offset {raw}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def zone_of_match(z: re.Match[str], wall: tuple[int, int, int, int, int, int], twelve_hour: bool) -> tzinfo:
    """The zone a `TEXT_ZONE`/`ISO_ZONE` match names at the wall-clock time `wall` (year to second).

    Raises `UnreadZone` for a word two zones share, or a generic US name after a 24-hour clock (`19:04
    PT`: a US page writes `7:04 pm PT`; `PT` after a 24-hour time may well be a company).
    """
    kind = z.lastgroup  # each alternative holds exactly one named group
    word = z[kind]
    if kind == "name":
        return ZONES[word.lower()]
    if kind == "foreign":
        if word in FOREIGN_FIXED:
            return FOREIGN_FIXED[word]
        if twelve_hour:
            return regional_offset(word, datetime(*wall))
        raise UnreadZone(f"the time is in {word} after a 24-hour clock, not a US page's way: the day only")
    if kind == "ambiguous":
        raise UnreadZone(f"the time is in {word}, which names two zones: the day only")
    if kind == "utc":
        return ZONES["utc"]
    return offset_zone(word)
