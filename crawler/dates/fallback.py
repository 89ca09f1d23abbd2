"""dateparser as the fallback for the long tail, imported only when first needed (its import is slow)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from .calendar_rules import MAX_YEAR, MIN_YEAR
from .results import DateParse

_LANGUAGES = ["id", "en"]
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_parse: Any = None


def _dateparser_parse() -> Any:
    global _parse
    if _parse is None:
        import dateparser

        _parse = dateparser.parse
    return _parse


def dateparser_settings(reference: datetime | None, tz: str) -> dict[str, Any]:
    """The configuration shared by the fallback and the benchmark: Indonesian, day first, past-leaning."""
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "TIMEZONE": tz,
        "RETURN_AS_TIMEZONE_AWARE": True,
        # A month alone (`November 2021`) or a time alone would get a day made up from the reference.
        "REQUIRE_PARTS": ["day", "month"],
    }
    if reference is not None:
        settings["RELATIVE_BASE"] = reference.replace(tzinfo=None)
    else:
        # Without a reference a missing year would be taken from the clock.
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    return settings


def parse_with_dateparser(text: str, reference: datetime | None, tz: str, zone: tzinfo) -> DateParse:
    """Ask dateparser; any exception it raises on odd input becomes a reason, not a crash."""
    local_ref = None
    if reference is not None:
        local_ref = reference.astimezone(zone) if reference.tzinfo else reference
    try:
        value = _dateparser_parse()(text, languages=_LANGUAGES, settings=dateparser_settings(local_ref, tz))
    except Exception as err:  # dateparser raises assorted errors on junk input
        return DateParse(None, reason=f"dateparser failed: {type(err).__name__}", via="dateparser")
    if value is None:
        return DateParse(None, reason="no date found", via="dateparser")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return DateParse(None, reason=f"implausible year {value.year}", via="dateparser")
    written = {int(y) for y in _YEAR.findall(text)}
    if written and value.year not in written:
        # dateparser sometimes assembles a date from unrelated numbers; trust the year the text states.
        return DateParse(
            None, reason=f"dateparser gave year {value.year}, text says {sorted(written)}", via="dateparser"
        )
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    else:  # dateparser answers with pytz zones; a plain offset keeps the instant without pytz quirks
        value = value.replace(tzinfo=timezone(value.utcoffset() or timedelta(0)))
    has_time = (value.hour, value.minute, value.second) != (0, 0, 0)
    return DateParse(
        value.replace(microsecond=0), has_time=has_time, via="dateparser", seconds_given=value.second != 0
    )
