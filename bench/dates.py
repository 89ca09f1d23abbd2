"""Benchmark: the Warta date engine against dateparser, form family by form family, on the whole corpus.

Builds a deterministic corpus (12,000 strings by default) in four parts:

- common: the header, meta and relative forms of the Indonesian portals in the field notes
  (`tests/data/dates_formats.py` FORMATS, RELATIVE);
- rare: forms real pages print that the common list does not hold: English ordinals with a 12-hour clock,
  US numeric dates with AM/PM, JavaScript's `toLocaleString`, the time before the date (`11:26 pm EST,
  Tuesday, March 14, 2017`), US and Singapore zones, ISO variants (basic, milliseconds, space and offset),
  `Pkl.`/`pukul` with WITA/WIT, dotted and dashed dates, Indonesian day parts (`pukul 8.12 malam`), English
  and Indonesian relative forms with a time (`Yesterday at 8:12 PM`, `Kemarin, 20.12 WIB`), day/month
  without year (`Senin (14/3)`), a time in a zone two places share (`7:04 pm CST`: the day only);
- tail: dates without year, typos and impossible dates, impossible times, a month and year alone, text
  without a date, with or without digits (`Dibaca 1.234 kali`);
- hand-written: the hand-checked rows of tests/unit/test_dates_table.py.

Every string is rendered from a datetime the generator drew; its truth is that datetime (to the precision
the string states), never the parser's reading. Both parsers get the same reference (the fetch time).
Timing is CPU time, the two parsers taking turns family by family within each block of the corpus, so
that load from other processes falls on both alike. Prints a table per family and ends with one JSON line.

Run: .venv/bin/python bench/dates.py [--size N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.dates import parse_date, parse_date_detailed
from crawler.dates.fallback import dateparser_settings
from tests.data.dates_formats import (
    DAYS,
    EN_FULL,
    FORMATS,
    FULL,
    JAKARTA,
    RARE_FORMATS,
    RELATIVE,
    WIB,
    Format,
    clock12,
    relative_expected,
)

REFERENCE = datetime(2025, 6, 20, 12, 0, tzinfo=WIB)
OLDEST = datetime(2010, 1, 1, tzinfo=UTC)
PARTS = ("common", "rare", "tail", "hand-written")


@dataclass(frozen=True)
class Case:
    text: str
    truth: datetime | None
    precision: str  # "second", "minute", "day" or "none"
    group: str
    part: str


def _instant(rng: random.Random) -> datetime:
    span = (REFERENCE - OLDEST).total_seconds()
    return OLDEST + timedelta(seconds=rng.randrange(int(span)), microseconds=rng.randrange(1_000_000))


def _rendered(fmt: Format, rng: random.Random, part: str) -> Case:
    local = _instant(rng).astimezone(fmt.zone)
    while fmt.fits is not None and not fmt.fits(local):
        local = _instant(rng).astimezone(fmt.zone)
    return Case(fmt.render(local, rng.randrange(6)), fmt.expected(local), fmt.precision, fmt.name, part)


def _relative(rng: random.Random) -> Case:
    template, unit, keeps_time = rng.choice(RELATIVE)
    n = rng.randrange(1, 60)
    precision = "second" if keeps_time else "day"
    return Case(template.format(n=n), relative_expected(REFERENCE, unit, n), precision, "relative", "common")


# English relative forms: (template, unit, keeps the time of day)
_RELATIVE_EN = [
    ("{n} hours ago", "hours", True),
    ("{n} minutes ago", "minutes", True),
    ("{n} days ago", "days", False),
]


def _rare_extra(rng: random.Random, kind: int) -> Case:
    """The rare forms that need the reference: relative ones with a time, and dates without a year."""
    local_ref = REFERENCE.astimezone(JAKARTA)
    if kind == 0:
        template, unit, keeps_time = rng.choice(_RELATIVE_EN)
        n = rng.randrange(1, 24)
        truth = relative_expected(REFERENCE, unit, n)
        return Case(template.format(n=n), truth, "second" if keeps_time else "day", "relative-en", "rare")
    if kind in (1, 2):  # yesterday at a time
        day = local_ref.date() - timedelta(days=1)
        at = datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), tzinfo=JAKARTA)
        if kind == 1:
            text = f"Kemarin, {at:%H.%M} WIB"
            return Case(text, at, "minute", "kemarin-time", "rare")
        return Case(f"Yesterday at {clock12(at, 1)}", at, "minute", "yesterday-at-12h", "rare")
    if kind == 3:  # day/month without year: on or within a year before the fetch day
        day = local_ref.date() - timedelta(days=rng.randrange(365))
        text = f"{DAYS[day.weekday()]} ({day.day}/{day.month})"
        return Case(
            text, datetime(day.year, day.month, day.day, tzinfo=JAKARTA), "day", "no-year-numeric", "rare"
        )
    # a time in a zone two places share: the day as written is all a reader knows
    d = _instant(rng).astimezone(JAKARTA)
    text = f"{EN_FULL[d.month - 1][:3]}. {d.day}, {d.year} {clock12(d, 1)} {rng.choice(['CST', 'IST'])}"
    return Case(text, datetime(d.year, d.month, d.day, tzinfo=JAKARTA), "day", "ambiguous-zone", "rare")


_NO_DATE = ["Rabu", "di Jakarta Timur, Rabu.", "Baca Juga", "Senin pagi", "Editor: Rina"]
_NO_DATE_DIGITS = [
    "Dibaca 1.234 kali",
    "Halaman 2 dari 5",
    "Foto 3 dari 12",
    "2 komentar",
    "Edisi 1234",
    "Rp 2.500.000",
    "10:30 WIB",
    "Vol. 12 No. 3",
    "November 2021",
    "Edisi Maret 2022",
]


def _long_tail(rng: random.Random) -> Case:
    kind = rng.randrange(7)
    if kind == 0:  # no year: the day on or within a year before the fetch time
        day = REFERENCE.date() - timedelta(days=rng.randrange(365))
        text = f"{DAYS[day.weekday()]}, {day.day} {FULL[day.month - 1]}"
        return Case(text, datetime(day.year, day.month, day.day, tzinfo=JAKARTA), "day", "no-year", "tail")
    if kind == 1:  # three-digit year typos
        d = _instant(rng)
        text = f"{DAYS[d.weekday()]} ({d.day}/{d.month}/{rng.choice(['225', '205', '202'])})"
        return Case(text, None, "none", "typo-year", "tail")
    if kind == 2:  # impossible day of month
        month, day = rng.choice([(6, 31), (2, 30), (4, 31), (9, 31), (11, 31), (2, 29)])
        year = rng.choice([2019, 2021, 2022, 2023, 2025])
        return Case(f"{day} {FULL[month - 1]} {year}", None, "none", "impossible", "tail")
    if kind == 3:  # English ordinal with "of"
        d = _instant(rng).astimezone(JAKARTA)
        text = f"{d.day}th of {EN_FULL[d.month - 1]} {d.year}"
        return Case(text, datetime(d.year, d.month, d.day, tzinfo=JAKARTA), "day", "ordinal-en", "tail")
    if kind == 4:  # weekday alone or label alone: no date
        return Case(rng.choice(_NO_DATE), None, "none", "no-date", "tail")
    if kind == 5:  # numbers, a time or a month alone: what a date selector also catches, no date
        return Case(rng.choice(_NO_DATE_DIGITS), None, "none", "no-date-digits", "tail")
    d = _instant(rng).astimezone(WIB)  # hour out of range
    hour = rng.randrange(24, 30)
    text = f"{DAYS[d.weekday()]}, {d.day} {FULL[d.month - 1]} {d.year} {hour}:{d.minute:02d} WIB"
    return Case(text, None, "none", "impossible-time", "tail")


def _hand_written() -> list[Case]:
    """The hand-checked rows of tests/unit/test_dates_table.py (same reference), a check on the generator."""
    from tests.unit.test_dates_table import HEADER_ROWS, IMPOSSIBLE_ROWS, META_ROWS, REF, RELATIVE_ROWS

    assert REF == REFERENCE
    cases = []
    for text, expected in HEADER_ROWS + META_ROWS + RELATIVE_ROWS:
        truth = datetime.fromisoformat(expected)
        precision = "day" if truth.time() == datetime.min.time() else "second"
        cases.append(Case(text, truth, precision, "hand-written", "hand-written"))
    cases.extend(Case(text, None, "none", "hand-written", "hand-written") for text in IMPOSSIBLE_ROWS)
    return cases


def build_corpus(size: int, seed: int = 20251206) -> list[Case]:
    """60% common forms (one in eight relative), 30% rare forms, 10% long tail, plus the hand-written rows."""
    rng = random.Random(seed)
    n_rare, n_tail = size * 3 // 10, size // 10
    cases: list[Case] = []
    for i in range(size - n_rare - n_tail):
        cases.append(_relative(rng) if i % 8 == 7 else _rendered(rng.choice(FORMATS), rng, "common"))
    for i in range(n_rare):
        if i % 8 == 7:
            cases.append(_rare_extra(rng, rng.randrange(5)))
        else:
            cases.append(_rendered(rng.choice(RARE_FORMATS), rng, "rare"))
    cases.extend(_long_tail(rng) for _ in range(n_tail))
    cases.extend(_hand_written())
    rng.shuffle(cases)
    return cases


def correct(value: datetime | None, case: Case) -> bool:
    """Right answer: None for no date; the day for day precision; the exact instant otherwise."""
    if case.truth is None:
        return value is None
    if value is None:
        return False
    if case.precision == "day":
        return value.astimezone(case.truth.tzinfo).date() == case.truth.date()
    return value == case.truth


def make_dateparser() -> Callable[[str], datetime | None]:
    """dateparser configured like our fallback (Indonesian, DMY, past, same reference), parser reused."""
    from dateparser.date import DateDataParser

    parser = DateDataParser(languages=["id", "en"], settings=dateparser_settings(REFERENCE, "Asia/Jakarta"))

    def parse(text: str) -> datetime | None:
        try:
            return parser.get_date_data(text).date_obj
        except Exception:
            return None

    return parse


Parser = Callable[[str], datetime | None]


def run_interleaved(
    ours: Parser, theirs: Parser, cases: list[Case], blocks: int = 8
) -> tuple[list, list, dict[str, float], dict[str, float]]:
    """Both parsers' results and the CPU seconds each spent on each family, one pass each.

    The corpus is cut into blocks; within a block the two parsers take turns family by family (who goes
    first alternates), so load from other processes falls on both alike. CPU time, not wall time.
    """
    mine: list = [None] * len(cases)
    other: list = [None] * len(cases)
    mine_t: dict[str, float] = defaultdict(float)
    other_t: dict[str, float] = defaultdict(float)
    size = max(1, len(cases) // blocks)
    turn = 0
    for lo in range(0, len(cases), size):
        by_family: dict[str, list[int]] = defaultdict(list)
        for i in range(lo, min(lo + size, len(cases))):
            by_family[cases[i].group].append(i)
        for family, indices in by_family.items():
            texts = [cases[i].text for i in indices]
            runs = [(ours, mine, mine_t), (theirs, other, other_t)]
            for parse, results, spent in runs if turn % 2 == 0 else runs[::-1]:
                start = time.process_time()
                answers = [parse(t) for t in texts]
                spent[family] += time.process_time() - start
                for i, answer in zip(indices, answers, strict=True):
                    results[i] = answer
            turn += 1
    return mine, other, mine_t, other_t


def _ratio(theirs: float, ours: float) -> float:
    return round(theirs / ours, 1) if ours > 0 else float("inf")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=12000)
    args = ap.parse_args()
    load_before = os.getloadavg()
    cases = build_corpus(args.size)

    def ours(text: str) -> datetime | None:
        return parse_date(text, reference=REFERENCE)

    theirs = make_dateparser()
    theirs("Rabu, 18 Jun 2025 07:30 WIB")  # load dateparser's language data before timing
    ours("2025 June 18")  # and our lazy fallback import

    mine, other, mine_t, other_t = run_interleaved(ours, theirs, cases)
    fallback = sum(parse_date_detailed(c.text, reference=REFERENCE).via == "dateparser" for c in cases)

    fam: dict[str, dict] = {}
    for case, m, o in zip(cases, mine, other, strict=True):
        f = fam.setdefault(case.group, {"part": case.part, "n": 0, "ours": 0, "dateparser": 0})
        f["n"] += 1
        f["ours"] += correct(m, case)
        f["dateparser"] += correct(o, case)

    def totals(names: list[str]) -> dict:
        n = sum(fam[x]["n"] for x in names)
        ours_s, theirs_s = sum(mine_t[x] for x in names), sum(other_t[x] for x in names)
        return {
            "n": n,
            "accuracy": round(sum(fam[x]["ours"] for x in names) / n, 4),
            "accuracy_dateparser": round(sum(fam[x]["dateparser"] for x in names) / n, 4),
            "strings_per_s": round(n / ours_s),
            "dateparser_strings_per_s": round(n / theirs_s),
            "speedup": _ratio(theirs_s, ours_s),
        }

    print(
        f"{'form family':<24}{'part':<13}{'n':>6}{'acc':>7}{'dp acc':>8}"
        f"{'µs/str':>8}{'dp µs/str':>10}{'speedup':>9}"
    )
    for part in PARTS:
        for name in sorted(x for x in fam if fam[x]["part"] == part):
            f = fam[name]
            print(
                f"{name:<24}{part:<13}{f['n']:>6}{f['ours'] / f['n']:>7.3f}{f['dateparser'] / f['n']:>8.3f}"
                f"{mine_t[name] / f['n'] * 1e6:>8.1f}{other_t[name] / f['n'] * 1e6:>10.0f}"
                f"{_ratio(other_t[name], mine_t[name]):>8.0f}x"
            )
    summary = {part: totals([x for x in fam if fam[x]["part"] == part]) for part in PARTS}
    summary["all"] = totals(list(fam))
    slowest = min(fam, key=lambda x: other_t[x] / mine_t[x] if mine_t[x] else float("inf"))
    print()
    print(
        f"{'':<14}{'n':>7}{'accuracy':>10}{'dp accuracy':>13}"
        f"{'strings/s':>11}{'dp strings/s':>14}{'speedup':>9}"
    )
    for name, s in summary.items():
        print(
            f"{name:<14}{s['n']:>7}{s['accuracy']:>10.4f}{s['accuracy_dateparser']:>13.4f}"
            f"{s['strings_per_s']:>11}{s['dateparser_strings_per_s']:>14}{s['speedup']:>8}x"
        )
    load_after = os.getloadavg()
    print(
        f"strings/s per CPU second, the parsers taking turns family by family; {fallback} of {len(cases)} "
        f"strings reached dateparser through the engine's fallback; slowest family against dateparser: "
        f"{slowest} {_ratio(other_t[slowest], mine_t[slowest])}x; "
        f"load {load_before[0]:.1f} -> {load_after[0]:.1f}"
    )
    figures = {
        "corpus_size": len(cases),
        "speedup_vs_dateparser_all": summary["all"]["speedup"],
        "speedup_vs_dateparser_common": summary["common"]["speedup"],
        "speedup_vs_dateparser_rare": summary["rare"]["speedup"],
        "speedup_vs_dateparser_tail": summary["tail"]["speedup"],
        "speedup_vs_dateparser_min_family": _ratio(other_t[slowest], mine_t[slowest]),
        "slowest_family": slowest,
        "accuracy": summary["all"]["accuracy"],
        "accuracy_dateparser": summary["all"]["accuracy_dateparser"],
        "accuracy_common": summary["common"]["accuracy"],
        "accuracy_rare": summary["rare"]["accuracy"],
        "engine_strings_per_s_all": summary["all"]["strings_per_s"],
        "dateparser_strings_per_s_all": summary["all"]["dateparser_strings_per_s"],
        "fallback_strings": fallback,
        "load_avg_1m": [round(load_before[0], 2), round(load_after[0], 2)],
        "per_family": {
            name: {
                "n": f["n"],
                "accuracy": round(f["ours"] / f["n"], 4),
                "accuracy_dateparser": round(f["dateparser"] / f["n"], 4),
                "speedup": _ratio(other_t[name], mine_t[name]),
            }
            for name, f in sorted(fam.items())
        },
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
