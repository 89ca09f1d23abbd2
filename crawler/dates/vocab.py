"""Indonesian (and English) calendar words, time zones and the regex fragments built from them.

Kept in one place so that the header parser and the body-mention finder agree on every spelling.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone

# Month spellings seen on Indonesian portals: full, short, old (Pebruari, Nopember) and English.
MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agus": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}  # fmt: skip

# Monday is 0, as in datetime.weekday(). "Minggu" is Sunday here; as "week" it only occurs after a number.
INDONESIAN_WEEKDAYS: dict[str, int] = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3,
    "jumat": 4, "jum'at": 4, "jum’at": 4, "sabtu": 5, "minggu": 6, "ahad": 6,
}  # fmt: skip
ENGLISH_WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
# Short forms some header lines use (`Sel, 15 Mar 2022`); too ambiguous to look for in body text.
SHORT_INDONESIAN_WEEKDAYS: dict[str, int] = {
    "sen": 0,
    "sel": 1,
    "rab": 2,
    "kam": 3,
    "jum": 4,
    "sab": 5,
    "min": 6,
}
WEEKDAYS: dict[str, int] = {**INDONESIAN_WEEKDAYS, **ENGLISH_WEEKDAYS, **SHORT_INDONESIAN_WEEKDAYS}

WIB = timezone(timedelta(hours=7), "WIB")
WITA = timezone(timedelta(hours=8), "WITA")
WIT = timezone(timedelta(hours=9), "WIT")
ZONES: dict[str, timezone] = {
    "wib": WIB,
    "wita": WITA,
    "wit": WIT,
    "utc": UTC,
    "gmt": UTC,
    "z": UTC,
}


def alternation(words: list[str]) -> str:
    """The words as one alternation with shared prefixes factored out, `j(?:u(?:n[ei]?|l[iy]?)|an…)`.

    Longest first, as a plain `juni|jun` would be (an optional tail is greedy), but a position tries one
    class of first letters, then one branch, instead of every word: the date patterns try it at every
    digit and letter of a string. An apostrophe matches either spelling (`Jum'at`, `Jum’at`).
    """
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    # one character-class test first: a position whose letter starts no word fails at once
    firsts = "".join(sorted(re.escape(ch) for ch in tree))
    return f"(?=[{firsts}])" + _branches(tree)


def _branches(node: dict) -> str:
    parts = [("['’]" if ch == "'" else re.escape(ch)) + _branches(child) for ch, child in node.items() if ch]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(parts) == 1 else body + "?"


MONTH_RE = alternation(list(MONTHS))
WEEKDAY_RE = alternation([w for w in WEEKDAYS if "’" not in w])
# Body text is Indonesian: English weekday words (`sat`, `sun`) there are not dates.
INDONESIAN_WEEKDAY_RE = alternation([w for w in INDONESIAN_WEEKDAYS if "’" not in w])
# Indonesia's three zone names, `WITA` before `WIT`: `(?:WITA|WIB|WIT)` in every date pattern.
ZONE_RE = "|".join(sorted((str(zone.tzname(None)) for zone in (WIB, WITA, WIT)), key=len, reverse=True))


def month_number(word: str) -> int:
    """Month number of a month word; the caller's regex guarantees it is one."""
    return MONTHS[word.lower().rstrip(".")]


def weekday_number(word: str) -> int:
    """Weekday number (Monday 0) of a weekday word, accepting both apostrophes of `Jum'at`."""
    return WEEKDAYS[word.lower().replace("’", "'")]


def zone_of(word: str) -> timezone:
    """Fixed offset of a zone word (`WIB`, `Wita`, `wit`)."""
    return ZONES[word.lower()]
