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
    """One portal date shape. `precision` is "second", "minute" or "day"."""

    name: str
    zone: tzinfo
    precision: str
    render: Callable[[datetime, int], str]

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
