"""`find_dates`: date mentions inside body text, spans exact, following docs/DESIGN.md "mentionedDates rules".

Reported: a weekday with a date (`Senin (14/3)`, `Jumat lalu (14/3)`, `Jumat, 18 Juni`, optionally with
`pada pukul 16.05 WIB`), and a day, month name and year without weekday (`14 Februari 2024`). Not
reported: a weekday alone, impossible dates (`(18/6/225)`, `31 Juni`), bare numeric pairs such as
`(3/4)`, and a day and month with neither weekday nor year (`hingga 31 Desember`), which as often points
ahead to an event as back to one, so the on-or-before year rule would misdate it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from .calendar_rules import (
    ImpossibleDate,
    check_time,
    expand_year,
    infer_year_for_weekday,
    make_date,
    weekday_check,
)
from .results import DateMention
from .vocab import INDONESIAN_WEEKDAY_RE, MONTH_RE, ZONE_RE, month_number, weekday_number, zone_of

_JAKARTA = ZoneInfo("Asia/Jakarta")

_QUALIFIER = r"lalu|kemarin|ini|depan|mendatang|pagi|siang|sore|malam|dini\s+hari"
_TIME = (
    r"(?:\s*,?\s*(?:(?:pada|sekitar|mulai)\s+)?(?:pukul|pkl\.?)\s*"
    rf"(?P<h>\d{{1,2}})[.:](?P<mi>\d{{2}})(?!\d)(?:\s*(?P<zone>{ZONE_RE})(?![A-Za-z]))?)?"
)
_MENTION = re.compile(
    # Every mention starts with a capital or a digit; testing that first skips most of a body cheaply.
    r"(?-i:(?=[A-Z0-9]))(?:"
    # A capitalised weekday (lower-case `minggu` is "week"), an optional qualifier, then `(d/m)`,
    # `(d/m/yy)`, `(d/m/yyyy)` or `, d Month [yyyy]`.
    rf"(?<![\w'’])(?P<wd>{INDONESIAN_WEEKDAY_RE})(?:\s+(?:{_QUALIFIER}))?\s*"
    r"(?:\(\s*(?P<pd>\d{1,2})\s*/\s*(?P<pm>\d{1,2})(?:\s*/\s*(?P<py>\d{1,4}))?\s*\)"
    rf"|,?\s*(?P<td>\d{{1,2}})\s+(?P<tm>{MONTH_RE})(?![A-Za-z])(?:,?\s+(?P<ty>\d{{3,4}})(?![\d.:]\d|\d))?)"
    + _TIME
    # Or a day, month name and year without weekday: `17 Agustus 2025`.
    + rf"|(?<![\w/.])(?P<xd>\d{{1,2}})\s+(?P<xm>{MONTH_RE})(?![A-Za-z])"
    r",?\s+(?P<xy>\d{3,4})(?![\d.:]\d|\d))",
    re.IGNORECASE,
)


# Where a mention can start, found fast: the pattern opens with one character class, which the regex
# engine scans for without trying a full match at every position (the mention pattern, opening with a
# lookahead, is tried at every one). A superset of `_MENTION`'s starts: a capital weekday initial not
# after a word character, then the rest of a weekday name; or one or two digits not after a word
# character, `/` or `.`, then a space and a letter (a month name).
_START = re.compile(
    r"[SJMKRA0-9](?:(?<=[SJMKRA])(?<![\w'’].)(?i:elasa|um|inggu|enin|amis|abtu|abu|had)"
    r"|(?<=\d)(?<![\w/.]\d)\d?\s+[A-Za-z])"
)


def _mentions(text: str) -> Iterator[re.Match[str]]:
    """The same matches as `_MENTION.finditer(text)`, trying the pattern only where one can start."""
    pos = 0
    while start := _START.search(text, pos):
        m = _MENTION.match(text, start.start())
        if m is None:
            pos = start.start() + 1
            continue
        yield m
        pos = m.end()


def _reference_day(reference: date | datetime) -> date:
    return reference.date() if isinstance(reference, datetime) else reference


def _value(m: re.Match[str], reference: date) -> tuple[date | datetime, bool | None]:
    if m["wd"]:
        weekday = weekday_number(m["wd"])
        if m["pd"]:
            day, month, year = int(m["pd"]), int(m["pm"]), m["py"]
        else:
            day, month, year = int(m["td"]), month_number(m["tm"]), m["ty"]
    else:
        weekday = None
        day, month, year = int(m["xd"]), month_number(m["xm"]), m["xy"]
    found = (
        make_date(expand_year(year, reference.year), month, day)
        if year
        else infer_year_for_weekday(month, day, reference, weekday)
    )
    matches = weekday_check(found, weekday)
    if m["wd"] and m["h"]:
        hour, minute = int(m["h"]), int(m["mi"])
        check_time(hour, minute)
        zone: timezone | ZoneInfo = zone_of(m["zone"]) if m["zone"] else _JAKARTA
        return datetime.combine(found, time(hour, minute), tzinfo=zone), matches
    return found, matches


# With a limit, how many candidates per mention kept are read at most: an article's impossible ones
# (``Senin (32/3)``) are a slip or two, a page of nothing else is stuffing (3.6 s a MB read whole)
CANDIDATES_PER_MENTION = 5


def find_dates(text: str, *, reference: date | datetime, limit: int | None = None) -> list[DateMention]:
    """Date mentions of `text` in order, with spans into `text`; impossible ones are left out. With
    `limit`, the first that many, from at most ``CANDIDATES_PER_MENTION`` times as many candidates: the
    rest of the text is not read (a page of 300,000 mentions took 9 s)."""
    ref_day = _reference_day(reference)
    mentions: list[DateMention] = []
    most = None if limit is None else limit * CANDIDATES_PER_MENTION
    for read, m in enumerate(_mentions(text), 1):
        if most is not None and read > most:
            break
        try:
            value, matches = _value(m, ref_day)
        except ImpossibleDate:
            continue
        mentions.append(DateMention(m.group(0), m.start(), m.end(), value, matches))
        if len(mentions) == limit:
            break
    return mentions
