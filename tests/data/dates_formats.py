"""The field-note date formats as renderers, shared by the property tests and `bench/dates.py`.

Each `Format` turns a datetime (already in the format's zone) into the exact text a portal shows, and
says what a correct parse must give back: the instant to the minute or second, or just the day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")
WIB = timezone(timedelta(hours=7))
WITA = timezone(timedelta(hours=8))
WIT = timezone(timedelta(hours=9))

FULL = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
        "November", "Desember"]  # fmt: skip
SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
SHORT_ALT = {8: ["Agt", "Ags"], 9: ["Sept"], 11: ["Nop"]}
OLD = {2: "Pebruari", 11: "Nopember"}
EN_FULL = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]  # fmt: skip
EN_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
EN_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
EN_DAYS_FULL = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NEW_YORK = ZoneInfo("America/New_York")
SGT = timezone(timedelta(hours=8))


def day_name(dt: datetime, variant: int) -> str:
    name = DAYS[dt.weekday()]
    return "Jum'at" if name == "Jumat" and variant % 2 else name


def full_month(dt: datetime, variant: int) -> str:
    return OLD[dt.month] if dt.month in OLD and variant % 3 == 1 else FULL[dt.month - 1]


def short_month(dt: datetime, variant: int) -> str:
    choices = [SHORT[dt.month - 1], *SHORT_ALT.get(dt.month, [])]
    return choices[variant % len(choices)]


def hm(dt: datetime, sep: str = ":") -> str:
    return f"{dt.hour:02d}{sep}{dt.minute:02d}"


@dataclass(frozen=True)
class Format:
    """One portal date shape. `precision` is "second", "minute" or "day"; `fits` says which datetimes the
    shape can state unambiguously (a US `03/14/2022` only with a day past 12), None for all."""

    name: str
    zone: tzinfo
    precision: str
    render: Callable[[datetime, int], str]
    fits: Callable[[datetime], bool] | None = None

    def expected(self, dt: datetime) -> datetime:
        """What a correct parse of `render(dt)` returns (dt is in `self.zone`)."""
        if self.precision == "second":
            return dt.replace(microsecond=0)
        if self.precision == "minute":
            return dt.replace(second=0, microsecond=0)
        return datetime(dt.year, dt.month, dt.day, tzinfo=self.zone)


def _zone_word(zone: tzinfo) -> str:
    return {WIB: "WIB", WITA: "WITA", WIT: "WIT"}[zone]  # type: ignore[index]


def _detik(zone: tzinfo) -> Callable[[datetime, int], str]:
    return lambda d, v: (
        f"{day_name(d, v)}, {d.day:02d} {short_month(d, v)} {d.year} {hm(d)} {_zone_word(zone)}"
    )


def _tempo(zone: tzinfo) -> Callable[[datetime, int], str]:
    return lambda d, v: f"{d.day} {full_month(d, v)} {d.year} | {hm(d, '.')} {_zone_word(zone)}"


FORMATS: list[Format] = [
    Format("detik", WIB, "minute", _detik(WIB)),
    Format("detik-wita", WITA, "minute", _detik(WITA)),
    Format("detik-wit", WIT, "minute", _detik(WIT)),
    Format("detik-2015", WIB, "minute", lambda d, v: f"{day_name(d, v)}, {d:%d/%m/%Y} {hm(d)} WIB"),
    Format("kompas", WIB, "minute", lambda d, v: f"Kompas.com - {d:%d/%m/%Y}, {hm(d)} WIB"),
    Format(
        "kompas-2015",
        WIB,
        "minute",
        lambda d, v: f"{day_name(d, v)}, {d.day} {full_month(d, v)} {d.year} | {hm(d)} WIB",
    ),
    Format(
        "liputan6-updated",
        WIB,
        "minute",
        lambda d, v: f"Diperbarui {d.day:02d} {short_month(d, v)} {d.year}, {hm(d)} WIB",
    ),
    Format(
        "liputan6-published",
        WIB,
        "minute",
        lambda d, v: f"Diterbitkan {d.day:02d} {short_month(d, v)} {d.year}, {hm(d)} WIB",
    ),
    Format(
        "okezone",
        WIB,
        "minute",
        lambda d, v: f"{day_name(d, v)}, {d.day:02d} {full_month(d, v)} {d.year} |{hm(d)} WIB",
    ),
    Format("tempo", WIB, "minute", _tempo(WIB)),
    Format("tempo-wita", WITA, "minute", _tempo(WITA)),
    Format(
        "republika-spaces",
        WIB,
        "minute",
        lambda d, v: f"{day_name(d, v)}   {d.day:02d} {EN_SHORT[d.month - 1]} {d.year}  {hm(d)} WIB",
    ),
    Format(
        "republika",
        WIB,
        "minute",
        lambda d, v: f"{day_name(d, v)} {d.day:02d} {EN_SHORT[d.month - 1]} {d.year} {hm(d)} WIB",
    ),
    Format(
        "jpnn",
        WIB,
        "minute",
        lambda d, v: f"{day_name(d, v)}, {d.day} {full_month(d, v)} {d.year} – {hm(d)} WIB",
    ),
    Format(
        "kumparan",
        WIB,
        "minute",
        lambda d, v: f"{d.day} {full_month(d, v)} {d.year} {d.hour}:{d.minute:02d} WIB",
    ),
    Format("cnbc", JAKARTA, "minute", lambda d, v: f"{d.day} {EN_FULL[d.month - 1]} {d.year} {hm(d)}"),
    Format(
        "slash",
        WIB,
        "minute",
        lambda d, v: f"{day_name(d, v)}, {d.day} {full_month(d, v)} {d.year} / {hm(d)} WIB",
    ),
    Format(
        "comma-year", JAKARTA, "day", lambda d, v: f"{day_name(d, v)}, {d.day} {full_month(d, v)}, {d.year}"
    ),
    Format("ddmmyy", JAKARTA, "minute", lambda d, v: f"{d:%d/%m/%y} {hm(d)}"),
    Format(
        "jumat-wib-lower",
        WIB,
        "minute",
        lambda d, v: f"{day_name(d, 1)}, {d.day} {full_month(d, v)} {d.year} - {hm(d)} wib",
    ),
    Format(
        "nbsp",
        WIB,
        "minute",
        lambda d, v: (
            f"{day_name(d, v)},&nbsp;{d.day:02d}&nbsp;{short_month(d, v)}&nbsp;{d.year}&nbsp;{hm(d)}&nbsp;WIB"
        ),
    ),
    Format(
        "tayang",
        WIB,
        "minute",
        lambda d, v: f"Tayang: {day_name(d, v)}, {d.day} {full_month(d, v)} {d.year} {hm(d)} WIB",
    ),
    Format(
        "pukul",
        WIB,
        "minute",
        lambda d, v: f"{day_name(d, v)}, {d.day} {full_month(d, v)} {d.year} pukul {hm(d, '.')} WIB",
    ),
    Format("iso-z", UTC, "second", lambda d, v: f"{d:%Y-%m-%dT%H:%M:%S}Z"),
    Format("iso-0700", WIB, "second", lambda d, v: f"{d:%Y-%m-%dT%H:%M:%S}+0700"),
    Format("iso-07:00", WIB, "second", lambda d, v: f"{d:%Y-%m-%dT%H:%M:%S}+07:00"),
    Format("iso-utc-offset", UTC, "second", lambda d, v: f"{d:%Y-%m-%dT%H:%M:%S}+00:00"),
    Format("dtk-publishdate", JAKARTA, "second", lambda d, v: f"{d:%Y/%m/%d %H:%M:%S}"),
    Format("datecreated-dashes", UTC, "second", lambda d, v: f"{d:%Y-%m-%dT%H-%M-%S}Z"),
    Format("pubdate-spaced-t", UTC, "second", lambda d, v: f"{d:%Y-%m-%d} T{d:%H:%M:%S}Z"),
    Format(
        "rss",
        UTC,
        "second",
        lambda d, v: f"{EN_DAYS[d.weekday()]}, {d:%d} {EN_SHORT[d.month - 1]} {d:%Y %H:%M:%S} +0000",
    ),
]

# Relative forms of listing pages: (template, unit, keeps the time of day).
RELATIVE: list[tuple[str, str, bool]] = [
    ("{n} jam lalu", "hours", True),
    ("{n} menit yang lalu", "minutes", True),
    ("{n} menit lalu", "minutes", True),
    ("{n} jam yang lalu", "hours", True),
    ("{n} hari lalu", "days", False),
    ("{n} hari yang lalu", "days", False),
]


def relative_expected(reference: datetime, unit: str, n: int) -> datetime:
    """Minutes and hours: the reference minus the amount; days: midnight of that day (in Jakarta)."""
    local = reference.astimezone(JAKARTA).replace(microsecond=0)
    if unit != "days":
        return local - timedelta(**{unit: n})
    day = local.date() - timedelta(days=n)
    return datetime(day.year, day.month, day.day, tzinfo=JAKARTA)


# ---- Forms the common list above does not hold: what English pages, wire copy, US sites, JavaScript
# clocks and less common Indonesian themes print. Each renders from the datetime it is given, so a parse
# is checked against the instant, never against the parser's own reading.


def ordinal(day: int) -> str:
    """`1st`, `2nd`, `3rd`, `4th`, `11th`, `22nd`."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def clock12(dt: datetime, variant: int) -> str:
    """`8pm` on the hour or `8:12pm`, `8:12 PM`, `8:12 p.m.`, `08:12 PM` by variant."""
    hour = dt.hour % 12 or 12
    am = dt.hour < 12
    suffix = [("am", "pm"), (" AM", " PM"), (" a.m.", " p.m."), (" AM", " PM")][variant % 4][0 if am else 1]
    if variant % 4 == 0 and dt.minute == 0:
        return f"{hour}{suffix}"
    shown = f"{hour:02d}" if variant % 4 == 3 else str(hour)
    return f"{shown}:{dt.minute:02d}{suffix}"


def day_part(dt: datetime) -> str:
    """`pukul 8.12 malam`: the Indonesian 12-hour clock (pagi 04-10, siang 11-14, sore 15-17, malam 18-23)."""
    hour = dt.hour
    part = "pagi" if hour < 11 else "siang" if hour < 15 else "sore" if hour < 18 else "malam"
    return f"{hour % 12 or 12}.{dt.minute:02d} {part}"


def _no_repeated_hour(dt: datetime) -> bool:
    """Outside the hour a daylight-saving change repeats (`1:30 AM ET` is two instants that night)."""
    return dt.replace(fold=0).utcoffset() == dt.replace(fold=1).utcoffset()


RARE_FORMATS: list[Format] = [
    # English ordinals, with a 12-hour clock
    Format(
        "ordinal-en-12h",
        JAKARTA,
        "minute",
        lambda d, v: f"{ordinal(d.day)} {EN_FULL[d.month - 1]} {d.year} {clock12(d, 0)}",
    ),
    Format(
        "month-first-ordinal-at",
        JAKARTA,
        "minute",
        lambda d, v: f"{EN_FULL[d.month - 1]} {ordinal(d.day)}, {d.year} at {clock12(d, v)}",
    ),
    Format(
        "ordinal-of", JAKARTA, "day", lambda d, v: f"the {ordinal(d.day)} of {EN_FULL[d.month - 1]}, {d.year}"
    ),
    # US numeric with AM/PM (and JavaScript's toLocaleString("en-US")); a US order only where it is plain
    Format(
        "us-numeric-ampm",
        JAKARTA,
        "minute",
        lambda d, v: f"{d:%m/%d/%Y} {d.hour % 12 or 12:02d}:{d.minute:02d} {'AM' if d.hour < 12 else 'PM'}",
        fits=lambda d: d.day > 12,
    ),
    Format(
        "js-locale-en-us",
        JAKARTA,
        "second",
        lambda d, v: (
            f"{d.month}/{d.day}/{d.year}, {d.hour % 12 or 12}:{d:%M:%S} {'AM' if d.hour < 12 else 'PM'}"
        ),
        fits=lambda d: d.day > 12,
    ),
    # the time before the date
    Format(
        "time-first-est",
        NEW_YORK,
        "minute",
        lambda d, v: (
            f"{clock12(d, 1 + v % 3)} {d.tzname()}, {EN_DAYS_FULL[d.weekday()]}, "
            f"{EN_FULL[d.month - 1]} {d.day}, {d.year}"
        ),
    ),
    Format(
        "time-first-et-updated",
        NEW_YORK,
        "minute",
        lambda d, v: (
            f"Updated {clock12(d, 1)} ET, {EN_DAYS[d.weekday()]} {EN_FULL[d.month - 1]} {d.day}, {d.year}"
        ),
        fits=_no_repeated_hour,
    ),
    Format(
        "time-first-wib",
        WIB,
        "minute",
        lambda d, v: f"{hm(d, '.')} WIB, {day_name(d, v)} {d.day} {full_month(d, v)} {d.year}",
    ),
    Format(
        "time-first-wita",
        WITA,
        "minute",
        lambda d, v: f"{hm(d)} WITA | {day_name(d, v)}, {d.day:02d} {short_month(d, v)} {d.year}",
    ),
    Format(
        "time-first-12h",
        JAKARTA,
        "minute",
        lambda d, v: f"{clock12(d, 1)} · {EN_SHORT[d.month - 1]} {d.day}, {d.year}",
    ),
    # English month first with a zone
    Format(
        "ap-et",
        NEW_YORK,
        "minute",
        lambda d, v: f"{EN_SHORT[d.month - 1]}. {d.day}, {d.year} {clock12(d, 2)} ET",
        fits=_no_repeated_hour,
    ),
    Format(
        "reuters-gmt7",
        WIB,
        "minute",
        lambda d, v: f"{EN_FULL[d.month - 1]} {d.day}, {d.year} {clock12(d, 1)} GMT+7",
    ),
    Format(
        "straits-sgt",
        SGT,
        "minute",
        lambda d, v: f"{EN_SHORT[d.month - 1]} {d.day}, {d.year}, {clock12(d, 3)} SGT",
    ),
    Format(
        "globe-pipe",
        JAKARTA,
        "minute",
        lambda d, v: f"{EN_FULL[d.month - 1]} {d.day}, {d.year} | {clock12(d, 0)}",
    ),
    Format(
        "dmy-dash-month", JAKARTA, "minute", lambda d, v: f"{d:%d}-{EN_SHORT[d.month - 1]}-{d.year} {hm(d)}"
    ),
    # ISO variants
    Format("iso-space-offset", WIB, "second", lambda d, v: f"{d:%Y-%m-%d %H:%M:%S}+0700"),
    Format("iso-basic", UTC, "second", lambda d, v: f"{d:%Y%m%dT%H%M%S}Z"),
    Format("iso-millis-z", UTC, "second", lambda d, v: f"{d:%Y-%m-%dT%H:%M:%S}.{d.microsecond // 1000:03d}Z"),
    Format("iso-micro-offset", WIB, "second", lambda d, v: f"{d:%Y-%m-%dT%H:%M:%S.%f}+07:00"),
    Format("iso-minute-offset", WITA, "minute", lambda d, v: f"{d:%Y-%m-%dT%H:%M}+08:00"),
    Format("iso-space-minute", JAKARTA, "minute", lambda d, v: f"{d:%Y-%m-%d %H:%M}"),
    Format(
        "rss-gmt",
        UTC,
        "second",
        lambda d, v: f"{EN_DAYS[d.weekday()]}, {d:%d} {EN_SHORT[d.month - 1]} {d:%Y %H:%M:%S} GMT",
    ),
    # Indonesian themes
    Format(
        "pkl-wita",
        WITA,
        "minute",
        lambda d, v: f"{day_name(d, v)}, {d.day} {short_month(d, v)} {d.year} Pkl. {hm(d, '.')} WITA",
    ),
    Format(
        "pukul-wit",
        WIT,
        "minute",
        lambda d, v: f"{d.day} {full_month(d, v)} {d.year}, pukul {hm(d, '.')} WIT",
    ),
    Format(
        "short-month-dot",
        WIB,
        "minute",
        lambda d, v: f"{d.day} {short_month(d, v)}. {d.year}, {hm(d)} WIB",
        fits=lambda d: d.month != 5,  # `Mei` is not short for anything
    ),
    Format(
        "slash-dash",
        JAKARTA,
        "minute",
        lambda d, v: f"{day_name(d, v)}, {d.day}/{d.month}/{d.year} - {hm(d)}",
    ),
    Format(
        "paren-pukul",
        WIB,
        "minute",
        lambda d, v: f"{day_name(d, v)} ({d.day}/{d.month}/{d.year}) pukul {hm(d, '.')} WIB",
    ),
    Format("dash-numeric", WIB, "minute", lambda d, v: f"{d:%d-%m-%Y} | {hm(d)} WIB"),
    Format("dotted-date", WIB, "minute", lambda d, v: f"{d:%d.%m.%Y} - {hm(d, '.')} WIB"),
    Format(
        "seconds-no-zone",
        JAKARTA,
        "second",
        lambda d, v: f"{day_name(d, v)}, {d.day} {full_month(d, v)} {d.year} {d:%H:%M:%S}",
    ),
    Format(
        "day-part",
        JAKARTA,
        "minute",
        lambda d, v: f"{day_name(d, v)}, {d.day} {full_month(d, v)} {d.year} pukul {day_part(d)}",
        fits=lambda d: d.hour >= 4,
    ),
]
