"""Date shapes of Indonesian portals: visible header lines and meta values."""

from __future__ import annotations

from datetime import UTC, datetime

from .model import JAKARTA

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
MONTHS_ABBR = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
MONTHS_OLD = {2: "Pebruari", 11: "Nopember"}
EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
EN_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def day_name(d: datetime) -> str:
    return DAYS[d.weekday()]


def _hm(d: datetime) -> str:
    return f"{d:%H:%M}"


def header_line(form: str, d: datetime, zone: str) -> str:
    """The visible date line (HTML, may hold ``&nbsp;``) of ``form`` for the local time ``d``."""
    day, full, abbr = day_name(d), MONTHS[d.month - 1], MONTHS_ABBR[d.month - 1]
    match form:
        case "jagat":
            return f"{day}, {d.day} {full} {d.year} - {_hm(d)} {zone}"
        case "detik":
            return f"{day}, {d.day:02d} {abbr} {d.year} {_hm(d)} {zone}"
        case "detik2015":
            return f"{day}, {d:%d/%m/%Y} {_hm(d)} {zone}"
        case "kompas":
            return f"Kompas.com - {d:%d/%m/%Y}, {_hm(d)} {zone}"
        case "kompas2015":
            return f"{day}, {d.day} {full} {d.year} | {_hm(d)} {zone}"
        case "okezone":
            return f"{day}, {d.day} {full} {d.year} |{_hm(d)} {zone}"
        case "tempo":
            return f"{d.day} {full} {d.year} | {d:%H.%M} {zone}"
        case "republika":
            return f"{day}   {d.day} {abbr} {d.year}  {_hm(d)} {zone}"
        case "republika_en":
            return f"{day} {d.day} {EN_ABBR[d.month - 1]} {d.year} {_hm(d)} {zone}"
        case "jpnn":
            return f"{day}, {d.day} {full} {d.year} – {_hm(d)} {zone}"
        case "kumparan":
            return f"{d.day} {full} {d.year} {d.hour}:{d:%M} {zone}"
        case "cnbc":
            return f"{d.day} {EN_MONTHS[d.month - 1]} {d.year} {_hm(d)}"
        case "slash":
            return f"{day}, {d.day} {full} {d.year} / {_hm(d)} {zone}"
        case "jumat":
            jumat = day.replace("Jumat", "Jum'at")
            return f"{jumat}, {d.day} {full} {d.year} - {_hm(d)} {zone.lower()}"
        case "nbsp":
            return f"{day},&nbsp;{d.day}&nbsp;{abbr}&nbsp;{d.year}&nbsp;&nbsp;{_hm(d)}&nbsp;{zone}"
        case "oldspell" | "oldspell_nov":
            return f"{day}, {d.day} {MONTHS_OLD.get(d.month, full)} {d.year} | {_hm(d)} {zone}"
        case "oldspell_abbr":
            return f"{day}, {d.day} {'Nop' if d.month == 11 else abbr} {d.year} {_hm(d)} {zone}"
        case "liputan6":
            return f"Diterbitkan {d.day:02d} {abbr} {d.year}, {_hm(d)} {zone}"
    raise ValueError(f"unknown header form {form!r}")


def updated_line(form: str, d: datetime, zone: str) -> str:
    """The 'updated' line shown with the date: liputan6 style for that form, the portal's own otherwise."""
    if form == "liputan6":
        return f"Diperbarui {d.day:02d} {MONTHS_ABBR[d.month - 1]} {d.year}, {_hm(d)} {zone}"
    return "Diperbarui: " + header_line("jagat", d, zone)


# Header forms for articles whose only date is the visible line, with what the article must satisfy.
VISIBLE_FORMS: tuple[str, ...] = (
    "detik",
    "detik2015",
    "kompas",
    "kompas2015",
    "okezone",
    "tempo",
    "republika",
    "republika_en",
    "jpnn",
    "kumparan",
    "cnbc",
    "slash",
    "jumat",
    "nbsp",
    "oldspell",
    "oldspell_nov",
    "oldspell_abbr",
    "liputan6",
)


def form_fits(form: str, d: datetime) -> bool:
    """Whether local time ``d`` shows what ``form`` is meant to exercise (Friday, one-digit hour …)."""
    if form == "jumat":
        return d.weekday() == 4
    if form == "kumparan":
        return d.hour < 10
    if form == "oldspell":
        return d.month == 2  # Pebruari
    if form in ("oldspell_nov", "oldspell_abbr"):
        return d.month == 11  # Nopember, Nop
    if form == "republika_en":
        return d.month == 12  # Dec: the only month of the site's span whose English abbreviation differs
    return True


def meta_value(d: datetime, shape: str) -> str:
    """An ``article:published_time`` value: ``utc`` (+00:00), ``colon`` (+07:00) or ``nocolon`` (+0700)."""
    if shape == "utc":
        return d.astimezone(UTC).isoformat(timespec="seconds")
    local = d.astimezone(JAKARTA)
    if shape == "nocolon":
        return local.strftime("%Y-%m-%dT%H:%M:%S%z")
    return local.isoformat(timespec="seconds")
