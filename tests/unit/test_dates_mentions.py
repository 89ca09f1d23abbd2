"""`find_dates` on body text, following docs/DESIGN.md "mentionedDates rules"."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from crawler.dates import DateMention, find_dates

SEED_PARAGRAPH = (
    "JagatBisnis.com – Pemerintah China memastikan mendukung upaya damai antara Rusia dan Ukraina. Hal ini "
    "dipastikan dari pernyataan pejabat China kepada Amerika Serikat (AS) saat pertemuan antara Penasihat "
    "Keamanan Nasional AS Jake Sullivan dan Pejabat Kebijakan Luar Negeri China, Yang Jiechi, di Roma, "
    "Senin (14/3).\n\nPertemuan ini telah lama direncanakan sebagai tindak lanjut pembicaraan bilateral "
    "antara Xi Jinping dan Joe Biden pada November 2021 lalu dan akhirnya dilaksanakan."
)


def items(text: str, reference: date | datetime) -> list[dict]:
    return [m.as_item() for m in find_dates(text, reference=reference)]


def test_seed_article_monday_is_14_march_2022() -> None:
    found = find_dates(SEED_PARAGRAPH, reference=date(2022, 3, 15))
    assert [m.as_item() for m in found] == [
        {"text": "Senin (14/3)", "date": "2022-03-14", "weekdayMatches": True}
    ]
    assert SEED_PARAGRAPH[found[0].start : found[0].end] == "Senin (14/3)"


def test_cross_year_mention_goes_back_to_december() -> None:
    text = "Harga emas sempat turun pada Jumat (30/12) sebelum naik lagi."
    assert items(text, date(2023, 1, 2)) == [
        {"text": "Jumat (30/12)", "date": "2022-12-30", "weekdayMatches": True}
    ]


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        (
            "Ia tiba Jumat lalu (14/3) di Bandung.",
            date(2025, 3, 20),
            [("Jumat lalu (14/3)", "2025-03-14", True)],
        ),
        ("Sidang digelar Rabu (18/6/2025).", date(2025, 6, 20), [("Rabu (18/6/2025)", "2025-06-18", True)]),
        ("Sidang digelar Rabu (12/02/2020).", date(2025, 6, 20), [("Rabu (12/02/2020)", "2020-02-12", True)]),
        ("Data dirilis Kamis (29/5/25).", date(2025, 6, 1), [("Kamis (29/5/25)", "2025-05-29", True)]),
        (
            "Gempa terjadi Minggu (15/10) pada pukul 16.05 WIB di Maluku.",
            date(2023, 10, 16),
            [("Minggu (15/10) pada pukul 16.05 WIB", "2023-10-15T16:05:00+07:00", True)],
        ),
        (
            "Gempa terjadi Minggu (15/10) pukul 16.05 WITA di Bali.",
            date(2023, 10, 16),
            [("Minggu (15/10) pukul 16.05 WITA", "2023-10-15T16:05:00+08:00", True)],
        ),
        (
            "Rapat dimulai Selasa (4/6/2024) pukul 09.30 WIT.",
            date(2024, 6, 5),
            [("Selasa (4/6/2024) pukul 09.30 WIT", "2024-06-04T09:30:00+09:00", True)],
        ),
        (
            "Keputusan itu diambil pada Jumat, 18 Juni lalu.",
            date(2021, 6, 25),
            [("Jumat, 18 Juni", "2021-06-18", True)],
        ),
        (
            "Dilansir AFP, Kamis (8/5/2025), pemerintah menolak.",
            date(2025, 5, 9),
            [("Kamis (8/5/2025)", "2025-05-08", True)],
        ),
        (
            "Hal itu disampaikan Kamis Kamis (8/5) di Jakarta.",
            date(2025, 5, 9),
            [("Kamis (8/5)", "2025-05-08", True)],
        ),
        (
            "Upacara digelar Sabtu, 17 Agustus 2024 di Istana.",
            date(2024, 8, 20),
            [("Sabtu, 17 Agustus 2024", "2024-08-17", True)],
        ),
        (
            "Polisi menyebut pelaku ditangkap Jum'at (7/3).",
            date(2025, 3, 10),
            [("Jum'at (7/3)", "2025-03-07", True)],
        ),
    ],
)
def test_mention_shapes(text: str, reference: date, expected: list[tuple[str, str, bool]]) -> None:
    assert items(text, reference) == [{"text": t, "date": d, "weekdayMatches": w} for t, d, w in expected]


def test_wrong_weekday_is_flagged_not_fixed() -> None:
    # 14 March 2022 was a Monday; the text says Tuesday.
    assert items("Hal itu terjadi Selasa (14/3).", date(2022, 3, 15)) == [
        {"text": "Selasa (14/3)", "date": "2022-03-14", "weekdayMatches": False}
    ]


def test_date_without_weekday_has_no_weekday_verdict() -> None:
    assert items("Pemilu digelar pada 14 Februari 2024 serentak.", date(2024, 3, 1)) == [
        {"text": "14 Februari 2024", "date": "2024-02-14", "weekdayMatches": None}
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Kebakaran terjadi di Jakarta Timur, Rabu.",
        "Sidang digelar Rabu (18/6/225).",
        "Sidang digelar Selasa (20/6/205) dan Senin (4/11/205).",
        "Acara itu dijadwalkan 31 Juni 2023.",
        "Jadwal Senin (31/6) batal.",
        "Skor akhir (3/4) dan rasio 1/2 tidak relevan.",
        "Sudah 2 minggu berlalu sejak kejadian.",
        "Pertemuan pada November 2021 lalu.",
        "Senin (14/13) bukan tanggal.",
        "Pendaftaran dibuka hingga 31 Desember mendatang.",
        "Upacara digelar pada 17 Agustus lalu.",
        "Program berjalan satu minggu, 3 Maret hingga 10 Maret.",
    ],
)
def test_not_reported(text: str) -> None:
    assert find_dates(text, reference=date(2025, 6, 20)) == []


def test_yearless_mention_on_or_before_reference_within_a_year() -> None:
    # 20 June is after the reference of 2025-06-19, so it is 2024-06-20 (a Thursday).
    assert items("Kamis (20/6) lalu", date(2025, 6, 19)) == [
        {"text": "Kamis (20/6)", "date": "2024-06-20", "weekdayMatches": True}
    ]


def test_datetime_reference_uses_its_own_day() -> None:
    wib = timezone(timedelta(hours=7))
    ref = datetime(2023, 1, 2, 8, 0, tzinfo=wib)
    assert items("Jumat (30/12)", ref)[0]["date"] == "2022-12-30"


def test_mentions_in_body_order_with_spans() -> None:
    text = "Senin (14/3) rapat, Rabu (16/3) sidang, dan Jumat, 18 Maret 2022 putusan."
    found = find_dates(text, reference=date(2022, 3, 20))
    assert [m.text for m in found] == ["Senin (14/3)", "Rabu (16/3)", "Jumat, 18 Maret 2022"]
    assert all(text[m.start : m.end] == m.text for m in found)
    assert [m.start for m in found] == sorted(m.start for m in found)


def test_mention_is_a_frozen_dataclass_with_date_values() -> None:
    (mention,) = find_dates("Senin (14/3)", reference=date(2022, 3, 15))
    assert isinstance(mention, DateMention)
    assert mention.value == date(2022, 3, 14)
    with pytest.raises(AttributeError):
        mention.text = "x"  # type: ignore[misc]


# ---- a yearless mention slightly ahead, placed by its weekday --------------------------------------------
@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        # Kontan, 2025-06-17: 18 June 2025 is a Wednesday, 18 June 2024 a Tuesday
        ("Rabu (18/6)", date(2025, 6, 17), ("2025-06-18", True)),
        ("Jumat, 20 Juni", date(2025, 6, 17), ("2025-06-20", True)),
        # across the new year: 2 January 2023 is a Monday, 2 January 2022 a Sunday
        ("Senin (2/1)", date(2022, 12, 28), ("2023-01-02", True)),
        # a leap day only ahead: 29 February 2024 is a Thursday
        ("Kamis (29/2)", date(2024, 2, 25), ("2024-02-29", True)),
        # the weekday fits the date on or before the reference: it stays there
        ("Selasa (18/6)", date(2025, 6, 17), ("2024-06-18", True)),
        # ahead, but more than 7 days: the on-or-before rule, weekday reported as not matching
        ("Rabu (25/6)", date(2025, 6, 17), ("2024-06-25", False)),
        # a weekday fitting neither year: the on-or-before date, never moved to fit
        ("Senin (18/6)", date(2025, 6, 17), ("2024-06-18", False)),
        # no weekday: nothing to say it points ahead
        ("18 Juni 2025", date(2025, 6, 17), ("2025-06-18", None)),
    ],
)
def test_yearless_mention_ahead_of_the_reference_when_its_weekday_says_so(
    text: str, reference: date, expected: tuple[str, bool | None]
) -> None:
    (found,) = items(text, reference)
    assert (found["date"], found["weekdayMatches"]) == expected


def test_a_leap_day_that_fits_no_year_is_not_reported() -> None:
    assert items("Jumat (29/2)", date(2024, 2, 25)) == []


def test_a_limit_gives_the_first_mentions_and_reads_no_further() -> None:
    """The item keeps the first 200 mentions: the scan stops there instead of reading a page of 300,000."""
    text = " ".join(f"Rapat digelar Senin ({1 + i % 28}/3) di Jakarta." for i in range(60))
    every = find_dates(text, reference=date(2022, 3, 31))
    assert len(every) == 60
    assert find_dates(text, reference=date(2022, 3, 31), limit=5) == every[:5]
    assert find_dates(text, reference=date(2022, 3, 31), limit=100) == every


def test_a_limit_also_bounds_the_impossible_candidates_read() -> None:
    """A page stuffed with impossible dates (``Senin (32/3)``, none kept) is read no further than five
    candidates per mention the item keeps: a real mention after 1,000 of them is not reached."""
    stuffed = "Senin (32/3) " * 1_000 + "Rapat digelar Senin (14/3) di Jakarta."
    assert [m.text for m in find_dates(stuffed, reference=date(2022, 3, 31))] == ["Senin (14/3)"]
    assert find_dates(stuffed, reference=date(2022, 3, 31), limit=200) == []
    slips = "Senin (32/3) " * 3 + "Rapat digelar Senin (14/3) di Jakarta."  # an article's slip or two
    assert [m.text for m in find_dates(slips, reference=date(2022, 3, 31), limit=1)] == ["Senin (14/3)"]
