"""In-text date mentions (weekday and day/month, with or without year and time) and the negative
controls that must stay in bodies.

Each builder returns the sentence and the ``Mention`` the truth reports (``date`` None: not reported).
Dates without a year always lie 1-6 days before the article, so the year rule of DESIGN.md applies.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from .datefmt import DAYS, MONTHS
from .model import Mention
from .textgen import CITIES, NAMES

MENTION_KINDS: tuple[str, ...] = (
    "dm",
    "lalu",
    "dmY",
    "dmY_pad",
    "dmy2",
    "time",
    "pada",
    "dilansir",
    "doubled",
    "wrongday",
    "jumat_apos",
    "impossible",
    "invalid",
    "weekday_only",
)


def _before(pub: date, rng: random.Random, lo: int = 1, hi: int = 6) -> date:
    return pub - timedelta(days=rng.randint(lo, hi))


def _day(d: date) -> str:
    return DAYS[d.weekday()]


def make_mention(kind: str, pub: datetime, rng: random.Random) -> tuple[str, Mention]:
    """A sentence holding one date mention of ``kind`` for an article published at local time ``pub``."""
    p = pub.date()
    name, city = rng.choice(NAMES), rng.choice(CITIES)
    t = _before(p, rng)
    dm = f"{t.day}/{t.month}"
    match kind:
        case "dm":
            text = f"{_day(t)} ({dm})"
            return f"{name} menyampaikan hal itu di {city}, {text}.", Mention(text, t.isoformat(), True)
        case "lalu":
            text = f"{_day(t)} lalu ({dm})"
            return f"Pertemuan serupa sudah digelar {text} di {city}.", Mention(text, t.isoformat(), True)
        case "dmY":
            t = _before(p, rng, 7, 40)
            text = f"{_day(t)} ({t.day}/{t.month}/{t.year})"
            return f"Kesepakatan itu ditandatangani di {city}, {text}.", Mention(text, t.isoformat(), True)
        case "dmY_pad":
            t = _before(p, rng, 7, 40)
            text = f"{_day(t)} ({t:%d/%m/%Y})"
            return f"Laporan itu pertama kali dirilis {text} oleh {name}.", Mention(text, t.isoformat(), True)
        case "dmy2":
            t = _before(p, rng, 7, 40)
            text = f"{_day(t)} ({t.day}/{t.month}/{t:%y})"
            return f"{name} dilantik pada {text} lalu.", Mention(text, t.isoformat(), True)
        case "time":
            hh, mm = rng.randint(6, 21), rng.randint(0, 59)
            text = f"{_day(t)} ({dm}) pada pukul {hh:02d}.{mm:02d} WIB"
            when = f"{t.isoformat()}T{hh:02d}:{mm:02d}:00+07:00"
            return f"Kebakaran itu terjadi {text} di kawasan {city}.", Mention(text, when, True)
        case "pada":
            text = f"{_day(t)}, {t.day} {MONTHS[t.month - 1]}"
            return f"Rapat itu digelar pada {text} lalu di {city}.", Mention(text, t.isoformat(), True)
        case "dilansir":
            text = f"{_day(t)} ({t.day}/{t.month}/{t.year})"
            return (
                f"Dilansir AFP, {text}, pemerintah setempat menyiapkan langkah darurat.",
                Mention(text, t.isoformat(), True),
            )
        case "doubled":
            text = f"{_day(t)} ({dm})"
            return f"Peninjauan lokasi dilakukan {_day(t)} {text} oleh tim gabungan.", Mention(
                text, t.isoformat(), True
            )
        case "wrongday":
            wrong = [d for d in DAYS if d not in (_day(t), "Minggu")]
            text = f"{rng.choice(wrong)} ({dm})"
            return f"{name} mengonfirmasi kabar itu kepada wartawan, {text}.", Mention(
                text, t.isoformat(), False
            )
        case "jumat_apos":
            t = p - timedelta(days=(p.weekday() - 4) % 7 or 7)
            text = f"Jum'at ({t.day}/{t.month})"
            return f"Salat berjamaah digelar di {city}, {text}.", Mention(text, t.isoformat(), True)
        case "impossible":
            text = f"{_day(t)} ({dm}/2{t:%y})"
            return f"Dokumen itu diteken {text} menurut salinan yang beredar.", Mention(text, None)
        case "invalid":
            return f"Batas pendaftaran disebut jatuh pada 31 Juni {t.year}.", Mention(
                f"31 Juni {t.year}", None
            )
        case "weekday_only":
            wd = rng.choice([d for d in DAYS if d != "Minggu"])
            return f"{name} menyampaikan hal itu di Jakarta Timur, {wd}.", Mention(wd, None)
    raise ValueError(f"unknown mention kind {kind!r}")


def cross_year_mention(pub: datetime) -> tuple[str, Mention]:
    """``Jumat (30/12)`` in an article of early January: the last Friday of the previous year."""
    t = date(pub.year - 1, 12, 30)
    text = f"{_day(t)} ({t.day}/{t.month})"
    return f"Tutup buku perdagangan akhir tahun berlangsung {text}.", Mention(text, t.isoformat(), True)


def control_2025() -> tuple[str, Mention]:
    """The explicit-year parenthetical ``(18/6/2025)`` (a Wednesday), closing a paragraph."""
    return "Sidang lanjutan dijadwalkan digelar Rabu (18/6/2025).", Mention(
        "Rabu (18/6/2025)", "2025-06-18", True
    )


# Kept text that a careless cleaner would drop (words that also open inserts or boilerplate lines).
CONTROL_SENTENCES: tuple[str, ...] = (
    "Informasi selanjutnya akan diumumkan setelah rapat pimpinan di {city}.",
    "Simak informasi lengkapnya berikut ini.",
    "Modus penipuan lewat pesan WhatsApp yang mengatasnamakan petugas bank kembali marak di {city}.",
    "Warga juga dapat melapor melalui nomor WhatsApp pengaduan yang disediakan pemerintah daerah.",
)
# Parentheticals that must survive at the end of the LAST paragraph (no reporter code follows).
CONTROL_ENDINGS: tuple[str, ...] = (
    "Temuan itu kini ditelusuri Pusat Pelaporan dan Analisis Transaksi Keuangan (PPATK).",
    "Proyek itu dikerjakan oleh PT Hutama Karya (Persero).",
    "Korban diketahui bernama {name} ({age}).",
    "2025",
)


def fill_control(template: str, rng: random.Random) -> str:
    return template.format(city=rng.choice(CITIES), name=rng.choice(NAMES), age=rng.randint(21, 64))
