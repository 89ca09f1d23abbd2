"""`choose_published`: jsonld > meta > visible > sitemap > url, with disagreements over a day reported."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from crawler.dates import PRECEDENCE, choose_published, parse_date

WIB = timezone(timedelta(hours=7))


def test_documented_order() -> None:
    assert PRECEDENCE == ("jsonld", "meta", "visible", "sitemap", "url")


def test_jsonld_wins_over_everything_and_agreeing_sources_are_quiet() -> None:
    candidates = [
        ("url", "/2022/03/15/", datetime(2022, 3, 15, tzinfo=WIB)),
        ("visible", "Selasa, 15 Mar 2022 08:12 WIB", parse_date("Selasa, 15 Mar 2022 08:12 WIB")),
        ("meta", "2022-03-15T01:12:40Z", parse_date("2022-03-15T01:12:40Z")),
        ("jsonld", "2022-03-15T08:12:40+07:00", parse_date("2022-03-15T08:12:40+07:00")),
    ]
    choice = choose_published(candidates)
    assert choice.source == "jsonld"
    assert choice.raw == "2022-03-15T08:12:40+07:00"
    assert choice.value == datetime(2022, 3, 15, 8, 12, 40, tzinfo=WIB)
    assert choice.disagreements == []


def test_missing_values_fall_through_to_the_next_source() -> None:
    choice = choose_published(
        [
            ("jsonld", None, None),
            ("meta", "garbage", None),
            ("sitemap", "2022-03-15T08:00:00+07:00", datetime(2022, 3, 15, 8, tzinfo=WIB)),
            ("visible", "15 Maret 2022 | 08.12 WIB", datetime(2022, 3, 15, 8, 12, tzinfo=WIB)),
        ]
    )
    assert (choice.source, choice.raw) == ("visible", "15 Maret 2022 | 08.12 WIB")


def test_disagreement_of_more_than_a_day_is_reported() -> None:
    choice = choose_published(
        [
            ("meta", "2022-03-15T08:12:40+07:00", datetime(2022, 3, 15, 8, 12, 40, tzinfo=WIB)),
            ("url", "/2022/03/12/", datetime(2022, 3, 12, tzinfo=WIB)),
            ("visible", "15 Maret 2022", datetime(2022, 3, 15, tzinfo=WIB)),
        ]
    )
    assert choice.source == "meta"
    assert [(d.source, d.raw) for d in choice.disagreements] == [("url", "/2022/03/12/")]
    assert choice.disagreements[0].difference == timedelta(days=3, hours=8, minutes=12, seconds=40)


def test_same_instant_in_other_zone_is_not_a_disagreement() -> None:
    choice = choose_published(
        [
            ("jsonld", "a", datetime(2022, 3, 15, 1, 12, 40, tzinfo=UTC)),
            ("visible", "b", datetime(2022, 3, 15, 8, 12, tzinfo=WIB)),
        ]
    )
    assert choice.disagreements == []


def test_nothing_usable() -> None:
    choice = choose_published([("jsonld", None, None)])
    assert (choice.value, choice.source, choice.raw, choice.disagreements) == (None, None, None, [])


def test_unknown_source_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown date source"):
        choose_published([("rss", "x", datetime(2022, 3, 15, tzinfo=WIB))])


def test_first_candidate_of_a_source_wins() -> None:
    choice = choose_published(
        [
            ("meta", "first", datetime(2022, 3, 15, 8, tzinfo=WIB)),
            ("meta", "second", datetime(2022, 3, 15, 9, tzinfo=WIB)),
        ]
    )
    assert choice.raw == "first"


def test_a_later_line_of_the_same_day_gives_a_day_only_line_its_time():
    """A first line showing only the day (``Jumat, 20 Jumadil Awwal 1438 / 17 February 2017``) takes the
    time of a later line of that day; a later line of another day changes nothing."""
    from crawler.dates.precedence import DateCandidate

    wib = ZoneInfo("Asia/Jakarta")
    day_line = DateCandidate("visible", "17 February 2017", datetime(2017, 2, 17, tzinfo=wib), "day")
    same_day = DateCandidate(
        "visible",
        "17 February 2017, 13:16 WIB",
        datetime(2017, 2, 17, 13, 16, tzinfo=wib),
        "minute",
        refines_only=True,
    )
    other_day = DateCandidate(
        "visible",
        "16 February 2017, 09:00 WIB",
        datetime(2017, 2, 16, 9, 0, tzinfo=wib),
        "minute",
        refines_only=True,
    )
    refined = choose_published([day_line, same_day])
    assert (refined.value, refined.precision) == (datetime(2017, 2, 17, 13, 16, tzinfo=wib), "minute")
    kept = choose_published([day_line, other_day])
    assert (kept.value, kept.precision) == (datetime(2017, 2, 17, tzinfo=wib), "day")
