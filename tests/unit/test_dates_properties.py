"""Property tests: every supported format round-trips exactly; no input makes the engine raise."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from crawler.dates import find_dates, parse_date, parse_date_detailed, to_iso
from tests.data.dates_formats import (
    DAYS,
    FORMATS,
    FULL,
    JAKARTA,
    RARE_FORMATS,
    RELATIVE,
    Format,
    relative_expected,
)

instants = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=600, deadline=None)
@given(
    instant=instants,
    fmt=st.sampled_from(FORMATS),
    variant=st.integers(0, 5),
    fetched_after=st.integers(0, 30),
)
def test_every_format_round_trips_exactly(
    instant: datetime, fmt: Format, variant: int, fetched_after: int
) -> None:
    local = instant.astimezone(fmt.zone)
    text = fmt.render(local, variant)
    result = parse_date_detailed(text, reference=instant + timedelta(days=fetched_after))
    assert result.value is not None, (text, result.reason)
    expected = fmt.expected(local)
    assert result.value == expected, text
    assert result.value.utcoffset() == expected.utcoffset(), text
    assert result.via == "fast"
    if text.startswith((*DAYS, "Jum'at")):
        assert result.weekday_matches is True, text


@settings(max_examples=600, deadline=None)
@given(
    instant=instants,
    fmt=st.sampled_from(RARE_FORMATS),
    variant=st.integers(0, 5),
    fetched_after=st.integers(0, 30),
)
def test_every_rare_form_round_trips_exactly(
    instant: datetime, fmt: Format, variant: int, fetched_after: int
) -> None:
    """English, US, wire, ISO and less common Indonesian forms: the instant the text states, on the fast
    path, with its time and am/pm (or day part) never dropped."""
    local = instant.astimezone(fmt.zone)
    assume(fmt.fits is None or fmt.fits(local))
    text = fmt.render(local, variant)
    result = parse_date_detailed(text, reference=instant + timedelta(days=fetched_after))
    assert result.value is not None, (text, result.reason)
    expected = fmt.expected(local)
    if fmt.precision == "day":
        assert result.value.date() == expected.date(), text
    else:
        assert result.value == expected, text
    assert result.precision == fmt.precision, text
    assert result.via == "fast"


@settings(max_examples=300, deadline=None)
@given(
    reference=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    ),
    form=st.sampled_from(RELATIVE),
    n=st.integers(1, 59),
)
def test_relative_forms_count_back_from_the_reference(reference: datetime, form: tuple, n: int) -> None:
    template, unit, _keeps_time = form
    value = parse_date(template.format(n=n), reference=reference)
    assert value == relative_expected(reference, unit, n)


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=date(1995, 1, 1), max_value=date(2090, 12, 31)),
    ahead=st.integers(0, 364),
)
def test_yearless_dates_land_on_or_within_a_year_before_the_reference(day: date, ahead: int) -> None:
    reference = day + timedelta(days=ahead)
    if (day.month, day.day) == (2, 29) and reference.year != day.year:
        return  # 29 Feb only exists in its own leap year
    text = f"Kamis ({day.day}/{day.month})"
    (mention,) = find_dates(text, reference=reference)
    # the one exception (DESIGN): the weekday does not fit, and the same day a year on is a Thursday
    # at most 7 days after the reference
    try:
        next_year = day.replace(year=day.year + 1)
    except ValueError:
        next_year = None
    if (
        day.weekday() != 3
        and next_year is not None
        and next_year.weekday() == 3
        and timedelta(0) < next_year - reference <= timedelta(days=7)
    ):
        assert mention.value == next_year
        assert mention.weekday_matches is True
    else:
        assert mention.value == day
        assert mention.weekday_matches is (day.weekday() == 3)


calendar_words = st.sampled_from(
    ["Senin", "Jum'at", "Minggu", "Juni", "Nop", "WIB", "Wita", "pukul", "lalu", "jam", "|", "/", "–", "-",
     ",", "(", ")", ":", ".", "T", "Z", "+0700", "&nbsp;", " ", "  ", "kemarin", "menit yang lalu",
     "Kompas.com"]
)  # fmt: skip
tokens = st.one_of(calendar_words, st.integers(0, 99999).map(str))
date_like = st.lists(tokens, max_size=14).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(max_size=80), date_like))
def test_arbitrary_text_never_raises(text: str) -> None:
    reference = datetime(2025, 6, 20, 12, tzinfo=JAKARTA)
    result = parse_date_detailed(text, reference=reference)
    assert (result.value is None) == (result.reason is not None)
    if result.value is not None:
        assert result.value.tzinfo is not None
        to_iso(result.value)
    for mention in find_dates(text, reference=reference):
        assert text[mention.start : mention.end] == mention.text
        mention.as_item()


@settings(max_examples=200, deadline=None)
@given(text=date_like)
def test_arbitrary_text_without_reference_never_raises(text: str) -> None:
    result = parse_date_detailed(text)
    assert result.value is None or result.value.tzinfo is not None


MENTION_SHAPES = [
    lambda d, wd: (f"{wd} ({d.day}/{d.month})", False),
    lambda d, wd: (f"{wd} lalu ({d.day}/{d.month})", False),
    lambda d, wd: (f"{wd} ({d.day}/{d.month}/{d.year})", False),
    lambda d, wd: (f"{wd} ({d:%d/%m/%Y})", False),
    lambda d, wd: (f"{wd} ({d.day}/{d.month}/{d:%y})", False),
    lambda d, wd: (f"{wd}, {d.day} {FULL[d.month - 1]}", False),
    lambda d, wd: (f"{wd}, {d.day} {FULL[d.month - 1]} {d.year}", False),
    lambda d, wd: (f"{wd} ({d.day}/{d.month}) pada pukul {d.hour:02d}.{d.minute:02d} WIB", True),
]


@settings(max_examples=400, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2090, 1, 1)),
    back=st.integers(0, 300),
    shape=st.sampled_from(MENTION_SHAPES),
    apostrophe=st.booleans(),
    lead=st.sampled_from(["Hal itu disampaikan di Jakarta, ", "Dilansir AFP, ", "Rapat digelar pada ", ""]),
    tail=st.sampled_from([".", " lalu.", ", kata dia.", " di Bandung."]),
)
def test_mentions_round_trip_in_a_sentence(moment, back, shape, apostrophe, lead, tail) -> None:
    assume(
        (moment.month, moment.day) != (2, 29)
    )  # a yearless 29/2 read in a later year has no leap day to land on
    moment = moment.replace(second=0, microsecond=0)
    wd = DAYS[moment.weekday()]
    if wd == "Jumat" and apostrophe:
        wd = "Jum'at"
    mention, timed = shape(moment, wd)
    text = lead + mention + tail
    reference = moment.date() + timedelta(days=back)
    (found,) = find_dates(text, reference=reference)
    assert found.text == mention
    assert text[found.start : found.end] == mention
    assert found.weekday_matches is True
    if timed:
        assert found.value == moment.replace(tzinfo=JAKARTA)
    else:
        assert found.value == moment.date()


_WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


@settings(max_examples=300, deadline=None)
@given(
    reference=st.dates(min_value=date(1995, 1, 1), max_value=date(2090, 12, 31)),
    days=st.integers(1, 7),
)
def test_a_weekday_mention_up_to_7_days_ahead_lands_ahead(reference: date, days: int) -> None:
    """A year shifts the weekday by one or two days, so the date a year before never fits it."""
    day = reference + timedelta(days=days)
    text = f"{_WEEKDAY_NAMES[day.weekday()]} ({day.day}/{day.month})"
    (mention,) = find_dates(text, reference=reference)
    assert mention.value == day
    assert mention.weekday_matches is True


mention_words = st.sampled_from(
    ["Senin", "SENIN", "senin", "Selasa", "Rabu", "Kamis", "Jumat", "Jum'at", "Jum’at", "Sabtu", "Minggu",
     "Ahad", "lalu", "Juni", "juni", "Desember", "Agustus", "Mei", "pukul", "WIB", "WITA", "(", ")", "/",
     ",", ".", " ", "  ", "x", "a", "'", "’", "Rp", "١٢", "Senin (14/3)", " Rabu, 18 Juni", "(30/12)",
     " 17 Agustus 2025", "Kamis lalu (8/5/25)", "pukul 16.05 WIB"]
)  # fmt: skip
mention_text = st.lists(st.one_of(mention_words, st.integers(0, 2099).map(str)), max_size=20).map("".join)


@settings(max_examples=600, deadline=None)
@given(text=st.one_of(mention_text, st.text(max_size=60)))
def test_the_start_scan_finds_exactly_the_mentions_a_full_scan_finds(text: str) -> None:
    """`find_dates` tries its pattern only where a mention can start: never a different result."""
    from crawler.dates import mentions

    fast = [(m.start(), m.end()) for m in mentions._mentions(text)]
    full = [(m.start(), m.end()) for m in mentions._MENTION.finditer(text)]
    assert fast == full


def test_the_zone_words_are_spelled_once():
    """Every zone word the date patterns know is a zone `zone_of` reads and a zone the page-zone rule maps."""
    from crawler.dates.vocab import ZONE_RE, zone_of
    from crawler.extract.when import ZONE_NAMES

    words = ZONE_RE.split("|")
    assert words[0] == "WITA"  # before WIT, so that an alternation reads the whole word
    assert set(words) == set(ZONE_NAMES)
    for word in words:
        assert zone_of(word).tzname(None) == word
