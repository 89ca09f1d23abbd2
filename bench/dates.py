"""Benchmark: the Warta date engine against dateparser on a corpus of field-note date strings.

Builds a deterministic corpus (>= 10,000 strings) of the header, meta and relative forms seen on
Indonesian portals ("common") plus a long tail (dates without year, typos and impossible dates, English
ordinals, text without a date) and the hand-checked rows of tests/unit/test_dates_table.py. Both parsers
get the same reference (the fetch time). Prints a table and ends with one JSON line.

Run: .venv/bin/python bench/dates.py [--size N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.dates import parse_date
from crawler.dates.fallback import dateparser_settings
from tests.data.dates_formats import (
    DAYS,
    EN_FULL,
    FORMATS,
    FULL,
    JAKARTA,
    RELATIVE,
    WIB,
    relative_expected,
)

REFERENCE = datetime(2025, 6, 20, 12, 0, tzinfo=WIB)
OLDEST = datetime(2010, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Case:
    text: str
    truth: datetime | None
    precision: str  # "second", "minute", "day" or "none"
    group: str
    common: bool


def _instant(rng: random.Random) -> datetime:
    span = (REFERENCE - OLDEST).total_seconds()
    return OLDEST + timedelta(seconds=rng.randrange(int(span)))


def _long_tail(rng: random.Random) -> Case:
    kind = rng.randrange(6)
    if kind == 0:  # no year: the day on or within a year before the fetch time
        day = REFERENCE.date() - timedelta(days=rng.randrange(365))
        text = f"{DAYS[day.weekday()]}, {day.day} {FULL[day.month - 1]}"
        return Case(text, datetime(day.year, day.month, day.day, tzinfo=JAKARTA), "day", "no-year", False)
    if kind == 1:  # three-digit year typos
        d = _instant(rng)
        text = f"{DAYS[d.weekday()]} ({d.day}/{d.month}/{rng.choice(['225', '205', '202'])})"
        return Case(text, None, "none", "typo-year", False)
    if kind == 2:  # impossible day of month
        month, day = rng.choice([(6, 31), (2, 30), (4, 31), (9, 31), (11, 31), (2, 29)])
        year = rng.choice([2019, 2021, 2022, 2023, 2025])
        text = f"{day} {FULL[month - 1]} {year}"
        return Case(text, None, "none", "impossible", False)
    if kind == 3:  # English ordinal, a shape only dateparser knows
        d = _instant(rng).astimezone(JAKARTA)
        text = f"{d.day}th of {EN_FULL[d.month - 1]} {d.year}"
        truth = datetime(d.year, d.month, d.day, tzinfo=JAKARTA)
        return Case(text, truth, "day", "ordinal-en", False)
    if kind == 4:  # weekday alone or label alone: no date
        text = rng.choice(["Rabu", "di Jakarta Timur, Rabu.", "Baca Juga", "Senin pagi", "Editor: Rina"])
        return Case(text, None, "none", "no-date", False)
    d = _instant(rng).astimezone(WIB)  # hour out of range
    hour = rng.randrange(24, 30)
    text = f"{DAYS[d.weekday()]}, {d.day} {FULL[d.month - 1]} {d.year} {hour}:{d.minute:02d} WIB"
    return Case(text, None, "none", "impossible-time", False)


def _hand_written() -> list[Case]:
    """The hand-checked rows of tests/unit/test_dates_table.py (same reference), a check on the generator."""
    from tests.unit.test_dates_table import HEADER_ROWS, IMPOSSIBLE_ROWS, META_ROWS, REF, RELATIVE_ROWS

    assert REF == REFERENCE
    cases = []
    for text, expected in HEADER_ROWS + META_ROWS + RELATIVE_ROWS:
        truth = datetime.fromisoformat(expected)
        precision = "day" if truth.time() == datetime.min.time() else "second"
        cases.append(Case(text, truth, precision, "hand-written", False))
    cases.extend(Case(text, None, "none", "hand-written", False) for text in IMPOSSIBLE_ROWS)
    return cases


def build_corpus(size: int, seed: int = 20251128) -> list[Case]:
    rng = random.Random(seed)
    cases: list[Case] = []
    n_tail = size // 10
    for i in range(size - n_tail):
        if i % 8 == 7:
            template, unit, keeps_time = rng.choice(RELATIVE)
            n = rng.randrange(1, 60)
            truth = relative_expected(REFERENCE, unit, n)
            precision = "second" if keeps_time else "day"
            cases.append(Case(template.format(n=n), truth, precision, "relative", True))
            continue
        fmt = rng.choice(FORMATS)
        local = _instant(rng).astimezone(fmt.zone)
        cases.append(
            Case(fmt.render(local, rng.randrange(6)), fmt.expected(local), fmt.precision, fmt.name, True)
        )
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
    ours: Parser, theirs: Parser, cases: list[Case], blocks: int = 40
) -> tuple[list, list, float, float]:
    """Results of both parsers and the CPU seconds each spent, one pass each.

    The corpus is cut into blocks and the two parsers alternate block by block, so that load from other
    processes on a shared machine falls on both alike; CPU time (not wall time) is summed.
    """
    mine: list = []
    other: list = []
    mine_t = other_t = 0.0
    size = max(1, len(cases) // blocks)
    for i in range(0, len(cases), size):
        texts = [c.text for c in cases[i : i + size]]
        start = time.process_time()
        mine.extend(ours(t) for t in texts)
        mine_t += time.process_time() - start
        start = time.process_time()
        other.extend(theirs(t) for t in texts)
        other_t += time.process_time() - start
    return mine, other, mine_t, other_t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=12000)
    args = ap.parse_args()
    cases = build_corpus(args.size)
    common = [c for c in cases if c.common]

    def ours(text: str) -> datetime | None:
        return parse_date(text, reference=REFERENCE)

    theirs = make_dateparser()
    theirs("Rabu, 18 Jun 2025 07:30 WIB")  # load dateparser's language data before timing
    ours("18th of June 2025")  # and our lazy fallback import

    ours_common, theirs_common, ours_common_t, theirs_common_t = run_interleaved(ours, theirs, common)
    ours_all, theirs_all, ours_all_t, theirs_all_t = run_interleaved(ours, theirs, cases)

    groups: dict[str, Counter] = {}
    for case, mine, other in zip(cases, ours_all, theirs_all, strict=True):
        g = groups.setdefault(case.group, Counter())
        g["n"] += 1
        g["ours"] += correct(mine, case)
        g["dateparser"] += correct(other, case)
        g["only_dateparser_right"] += correct(other, case) and not correct(mine, case)

    print(f"{'form':<22}{'n':>7}{'engine acc':>12}{'dateparser acc':>16}{'dp-only right':>15}")
    for name in sorted(groups):
        g = groups[name]
        print(
            f"{name:<22}{g['n']:>7}{g['ours'] / g['n']:>12.3f}{g['dateparser'] / g['n']:>16.3f}"
            f"{g['only_dateparser_right']:>15}"
        )

    def accuracy(results: list, subset: list[Case]) -> float:
        return sum(correct(v, c) for v, c in zip(results, subset, strict=True)) / len(subset)

    figures = {
        "corpus_size": len(cases),
        "common_size": len(common),
        "engine_strings_per_s_common": round(len(common) / ours_common_t),
        "dateparser_strings_per_s_common": round(len(common) / theirs_common_t),
        "speed_ratio_common": round(theirs_common_t / ours_common_t, 1),
        "engine_strings_per_s_all": round(len(cases) / ours_all_t),
        "dateparser_strings_per_s_all": round(len(cases) / theirs_all_t),
        "speed_ratio_all": round(theirs_all_t / ours_all_t, 1),
        "engine_accuracy_common": round(accuracy(ours_common, common), 4),
        "dateparser_accuracy_common": round(accuracy(theirs_common, common), 4),
        "engine_accuracy_all": round(accuracy(ours_all, cases), 4),
        "dateparser_accuracy_all": round(accuracy(theirs_all, cases), 4),
    }
    print()
    print("strings/s are per CPU second; the two parsers ran interleaved, block by block")
    print(f"{'':<10}{'strings/s common':>18}{'strings/s all':>16}{'accuracy common':>17}{'accuracy all':>14}")
    print(
        f"{'engine':<10}{figures['engine_strings_per_s_common']:>18}{figures['engine_strings_per_s_all']:>16}"
        f"{figures['engine_accuracy_common']:>17.4f}{figures['engine_accuracy_all']:>14.4f}"
    )
    print(
        f"{'dateparser':<10}{figures['dateparser_strings_per_s_common']:>18}"
        f"{figures['dateparser_strings_per_s_all']:>16}"
        f"{figures['dateparser_accuracy_common']:>17.4f}{figures['dateparser_accuracy_all']:>14.4f}"
    )
    print(f"speed ratio (dateparser time / engine time): common {figures['speed_ratio_common']}x, "
          f"all {figures['speed_ratio_all']}x")  # fmt: skip
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
