"""Date forms real pages print beyond the Indonesian portal headers of the field notes: English ordinals
and 12-hour clocks, US numeric dates, the time before the date, foreign zones, ISO variants, `Pkl.`,
dotted and dashed dates, Indonesian day parts, relative forms with a time.

Every expected value was worked out by hand from the string (not produced by the engine). Each form is
read by the fast path: none drops its time or its am/pm, none is refused.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from crawler.dates import parse_date_detailed, to_iso

WIB = timezone(timedelta(hours=7))
REF = datetime(2025, 6, 20, 12, 0, tzinfo=WIB)

# (text, expected ISO, precision); reference REF, portal zone Asia/Jakarta. Forms the engine of commit
# ed86ff9 misread or refused: a dropped time or am/pm, a US order refused, a zone ignored, basic ISO.
NEW_ROWS: list[tuple[str, str, str]] = [
    # English ordinals with a 12-hour clock: the time is never dropped
    ("14th March 2022 8pm", "2022-03-14T20:00:00+07:00", "minute"),
    ("1st January 2023 12am", "2023-01-01T00:00:00+07:00", "minute"),
    ("22nd May 2024 12pm", "2024-05-22T12:00:00+07:00", "minute"),
    ("the 14th of March, 2022", "2022-03-14T00:00:00+07:00", "day"),
    ("14th of March 2022", "2022-03-14T00:00:00+07:00", "day"),
    # US numeric with AM/PM: month first only where day first is impossible (day 14 > 12)
    ("03/14/2022 08:12 PM", "2022-03-14T20:12:00+07:00", "minute"),
    ("3/14/2022, 8:12:33 PM", "2022-03-14T20:12:33+07:00", "second"),
    ("12/25/2024 11:59 PM", "2024-12-25T23:59:00+07:00", "minute"),
    # the time before the date, its am/pm and its zone kept
    ("11:26 pm EST, Tuesday, March 14, 2017", "2017-03-14T23:26:00-05:00", "minute"),
    ("11:26 PM WIB, Selasa, 14 Maret 2017", "2017-03-14T23:26:00+07:00", "minute"),
    ("8:12 PM · Mar 14, 2022", "2022-03-14T20:12:00+07:00", "minute"),
    ("Updated 8:12 PM ET, Mon March 14, 2022", "2022-03-14T20:12:00-04:00", "minute"),
    # foreign zones after the time
    ("Mar. 14, 2022 8:12 p.m. ET", "2022-03-14T20:12:00-04:00", "minute"),
    ("Nov. 18, 2019 7:04 pm ET", "2019-11-18T19:04:00-05:00", "minute"),
    ("Mar 14, 2022, 08:12 PM SGT", "2022-03-14T20:12:00+08:00", "minute"),
    ("Monday, 14 March 2022 13:12 CET", "2022-03-14T13:12:00+01:00", "minute"),
    # ISO variants
    ("20220314T201200Z", "2022-03-14T20:12:00+00:00", "second"),
    ("20220314T2012+0700", "2022-03-14T20:12:00+07:00", "minute"),
    ("20220314", "2022-03-14T00:00:00+07:00", "day"),
    ("2022-03-14 08:12 PM", "2022-03-14T20:12:00+07:00", "minute"),
    # Indonesian themes: the time after a closing parenthesis or `Jam:`
    ("Senin (14/3/2022) pukul 20.12 WIB", "2022-03-14T20:12:00+07:00", "minute"),
    ("Senin, 14 Maret 2022 Jam: 20:12 WIB", "2022-03-14T20:12:00+07:00", "minute"),
    # Indonesian day parts: the 12-hour clock of spoken Indonesian
    ("Senin, 14 Maret 2022 pukul 8.12 malam", "2022-03-14T20:12:00+07:00", "minute"),
    ("Senin, 14 Maret 2022 pukul 3.30 sore", "2022-03-14T15:30:00+07:00", "minute"),
    ("Senin, 14 Maret 2022 pukul 1.05 siang", "2022-03-14T13:05:00+07:00", "minute"),
    # relative forms with a time, and a day and month without year
    ("Yesterday at 8:12 PM", "2025-06-19T20:12:00+07:00", "minute"),
    ("Kemarin, 8.12 malam", "2025-06-19T20:12:00+07:00", "minute"),
    ("Senin (14/3)", "2025-03-14T00:00:00+07:00", "day"),
    ("Jumat (30/5) pukul 14.00 WIB", "2025-05-30T14:00:00+07:00", "minute"),
]

# Forms of the same families it already read, kept beside them so that a change cannot lose them.
KNOWN_ROWS: list[tuple[str, str, str]] = [
    ("3rd June 2025 8:12pm", "2025-06-03T20:12:00+07:00", "minute"),
    ("March 14th, 2022 at 8:12 p.m.", "2022-03-14T20:12:00+07:00", "minute"),
    # a numeric date is day first wherever that is possible, as Indonesian pages write it
    ("03/04/2022 08:12 PM", "2022-04-03T20:12:00+07:00", "minute"),
    ("08.12 WIB, Senin 14 Maret 2022", "2022-03-14T08:12:00+07:00", "minute"),
    ("20:12 WITA | Senin, 14 Mar 2022", "2022-03-14T20:12:00+08:00", "minute"),
    ("March 14, 2022 8:12 PM GMT+7", "2022-03-14T20:12:00+07:00", "minute"),
    ("14 March 2022 20:12 (WIB)", "2022-03-14T20:12:00+07:00", "minute"),
    ("2022-03-14 20:12:00+0700", "2022-03-14T20:12:00+07:00", "second"),
    # ISO variants, Pkl./pukul with WITA/WIT, abbreviated months, dotted and dashed dates, day parts
    ("2022-03-14T13:12:00.000Z", "2022-03-14T13:12:00+00:00", "second"),
    ("2022-03-14T20:12+08:00", "2022-03-14T20:12:00+08:00", "minute"),
    ("Mon, 14 Mar 2022 13:12:00 GMT", "2022-03-14T13:12:00+00:00", "second"),
    ("Senin, 14 Mar 2022 Pkl. 08.12 WITA", "2022-03-14T08:12:00+08:00", "minute"),
    ("14 Maret 2022, pukul 08.12 WIT", "2022-03-14T08:12:00+09:00", "minute"),
    ("Kamis, 18 Agt 2022 Pkl 07.00 WIB", "2022-08-18T07:00:00+07:00", "minute"),
    ("14 Agu 2022, 08:12 WIB", "2022-08-14T08:12:00+07:00", "minute"),
    ("12 Okt. 2022, 10:10 WIB", "2022-10-12T10:10:00+07:00", "minute"),
    ("Selasa, 15/3/2022 - 08:12", "2022-03-15T08:12:00+07:00", "minute"),
    ("14-03-2022 | 20:12 WIB", "2022-03-14T20:12:00+07:00", "minute"),
    ("14.03.2022 - 20.12 WIB", "2022-03-14T20:12:00+07:00", "minute"),
    ("Senin, 14 Maret 2022 20:12:33", "2022-03-14T20:12:33+07:00", "second"),
    ("Senin, 14 Maret 2022 pukul 11.05 siang", "2022-03-14T11:05:00+07:00", "minute"),
    ("Senin, 14 Maret 2022 pukul 7.30 pagi", "2022-03-14T07:30:00+07:00", "minute"),
    ("Senin, 14 Maret 2022 pukul 19.30 malam", "2022-03-14T19:30:00+07:00", "minute"),
    ("kemarin pukul 20.12 WIB", "2025-06-19T20:12:00+07:00", "minute"),
    ("2 hours ago", "2025-06-20T10:00:00+07:00", "minute"),
]


@pytest.mark.parametrize(("text", "expected", "precision"), NEW_ROWS + KNOWN_ROWS)
def test_real_world_forms_parse_exactly_on_the_fast_path(text: str, expected: str, precision: str) -> None:
    result = parse_date_detailed(text, reference=REF)
    assert result.value is not None, result.reason
    assert to_iso(result.value) == expected
    assert result.precision == precision
    assert result.via == "fast"


def test_pm_before_the_date_is_kept() -> None:
    """Issue 13: `11:26 pm EST, Tuesday, March 14, 2017` read as 11:26 in Jakarta was twelve hours and a
    zone wrong; it is 23:26 in New York, stated zone kept."""
    result = parse_date_detailed("11:26 pm EST, Tuesday, March 14, 2017", reference=REF)
    assert result.value == datetime(2017, 3, 14, 23, 26, tzinfo=timezone(timedelta(hours=-5)))
    assert (result.zone_given, result.has_time, result.weekday_matches) == (True, True, True)


@pytest.mark.parametrize(
    "text",
    [
        "Nov. 18, 2019 7:04 pm CST",  # US Central or China?
        "18 November 2019 19:04 IST",  # India, Israel or Ireland?
        "Nov. 18, 2019 19:04 PT",  # a generic US zone after a 24-hour clock (or a company, `PT`)
    ],
)
def test_a_time_in_a_zone_that_names_two_gives_the_day_and_says_why(text: str) -> None:
    result = parse_date_detailed(text, reference=REF)
    assert result.value is not None and result.value.date().isoformat() == "2019-11-18"
    assert result.precision == "day"
    assert result.reason and "day only" in result.reason
    assert result.via == "fast"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Senin, 14 Maret 2022 13:30 AM", "impossible time 13 AM"),
        ("March 14, 2022 25:10 PM", "impossible time"),
        ("14 Mar 2022 10:00 GMT+15", "impossible UTC offset"),
    ],
)
def test_impossible_clocks_and_offsets_give_a_reason(text: str, reason: str) -> None:
    result = parse_date_detailed(text, reference=REF)
    assert result.value is None
    assert reason in (result.reason or "")


def test_a_pm_hour_past_twelve_keeps_its_value() -> None:
    """`13:30 PM` is a common slip for 13:30, not an impossible time."""
    result = parse_date_detailed("Senin, 14 Maret 2022 13:30 PM", reference=REF)
    assert result.value is not None and to_iso(result.value) == "2022-03-14T13:30:00+07:00"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Dibaca 1.234 kali", "no date found"),
        ("Halaman 2 dari 5", "no date found"),
        ("10:30 WIB", "no date found"),
        ("November 2021", "a month and a year without a day"),
        ("Edisi Maret 2022", "a month and a year without a day"),
    ],
)
def test_text_without_a_day_is_answered_without_the_fallback(text: str, reason: str) -> None:
    """No day and month to find: dateparser would say None too, a thousand times slower."""
    result = parse_date_detailed(text, reference=REF)
    assert (result.value, result.reason, result.via) == (None, reason, "fast")


def test_numbers_the_fast_path_does_not_know_still_reach_the_fallback() -> None:
    result = parse_date_detailed("14 03 2022", reference=REF)
    assert result.via == "dateparser"
    assert result.value is not None and result.value.date().isoformat() == "2022-03-14"


def test_a_year_is_never_read_as_a_day() -> None:
    """`2025 June 18`: the `25` of the year is not the day of a yearless `25 June`."""
    result = parse_date_detailed("2025 June 18", reference=REF)
    assert result.value is not None and result.value.date().isoformat() == "2025-06-18"
