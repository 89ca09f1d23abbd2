"""How extraction's work grows with a hostile page's size: linear, or worse.

Run: .venv/bin/python bench/hostile_scaling.py [--size 2000] [--repeat 3]
Each shape is an article page of the demo portal's theme with one part repeated ``--size`` times, then four
times as often: paragraphs, credit lines, photos with captions, a table of years with no date line,
links, date mentions, headings, tags, comments and more (what a broken or hostile page repeats). Both
pages go through ``crawler.extract.extract`` with the jagatbisnis profile and on the generic path; the
figure is the growth, the CPU time of the larger page over the smaller one's (the least of ``--repeat``
runs each): about 4 where the work is in proportion to the page, 16 where it grows with its square. The
hostile date strings go through ``crawler.dates.parse_date`` the same way, at 60 and 240 characters: a
longer text is no date and is not read (``MAX_DATE_CHARS``, 256), so what counts there is the time of the
longest, not its growth.

Ends with one JSON line: worst_page_growth (and its shape), the growth of every shape, the slowest page,
and the slowest date string at the cap (worst_date_ms).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.dates import parse_date  # noqa: E402
from crawler.extract import extract  # noqa: E402
from crawler.profiles import load_profile  # noqa: E402
from crawler.settings import WARTA_EXTRACT_MAX_TAGS  # noqa: E402

URL = "https://jagatbisnis.com/2022/03/15/harga-beras-naik-lagi/"
WORDS = [
    "harga",
    "beras",
    "naik",
    "pasar",
    "pedagang",
    "pasokan",
    "petani",
    "panen",
    "gudang",
    "bulog",
    "kota",
    "warga",
    "menteri",
    "rupiah",
]
DATE_LINE = '<span class="jb-post__date">Selasa, 15 Maret 2022 - 10:00 WIB</span>'


def sentence(i: int) -> str:
    """A body sentence of 20 words, each different from the last (no two paragraphs alike)."""
    return " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(20)) + f" nomor {i}."


SHAPES: dict[str, Callable[[int], str]] = {
    "paragraphs": lambda n: "".join(f"<p>{sentence(i)}</p>" for i in range(n)),
    "credit_lines": lambda n: "".join(
        f"<p>Penulis: Rina {i} | Editor: Agus</p><p>{sentence(i)}</p>" for i in range(n)
    ),
    "photos": lambda n: "".join(
        f'<figure><img src="/foto/pasar-induk-{i}.jpg"><figcaption>Foto {i} (ANTARA)</figcaption></figure>'
        f"<p>{sentence(i)}</p>"
        for i in range(n)
    ),
    "years_table": lambda n: (
        "<table>"
        + "".join(f"<tr><td>Tahun {2000 + i % 20}</td><td>{i} ton</td></tr>" for i in range(n))
        + "</table>"
    ),
    "links": lambda n: (
        "<p>" + " ".join(f'<a href="/2022/03/1{i % 9}/judul-{i}/">tautan {i}</a>' for i in range(n)) + "</p>"
    ),
    "date_mentions": lambda n: "".join(
        f"<p>Rapat pada Senin ({1 + i % 28}/3) pukul 10.00 WIB.</p>" for i in range(n)
    ),
    "headings": lambda n: "".join(f"<h2>Sub judul {i}</h2><p>{sentence(i)}</p>" for i in range(n)),
    "tag_links": lambda n: "".join(
        f'<p>{sentence(i)}</p><a rel="tag" href="/tag/t{i}/">Tag {i}</a>' for i in range(n)
    ),
    "author_links": lambda n: "".join(
        f'<p>{sentence(i)} <a rel="author" href="/a/{i}/">Tim {i}</a></p>' for i in range(n)
    ),
    "read_also": lambda n: "".join(
        f'<p>Baca Juga: <a href="/2022/01/01/b{i}/">B {i}</a></p><p>{sentence(i)}</p>' for i in range(n)
    ),
    "comments": lambda n: "".join(f"<!-- iklan {i} --><p>{sentence(i)}</p>" for i in range(n)),
    "line_breaks": lambda n: "<p>" + "".join(f"{sentence(i)}<br>" for i in range(n)) + "</p>",
    "lists": lambda n: "<ul>" + "".join(f"<li>{sentence(i)}</li>" for i in range(n)) + "</ul>",
    # a run of punctuation with no word in it (the word count's pattern once tried every start in it)
    "punctuation_run": lambda n: f"<p>{sentence(0)}</p><p>{'&amp;' * (5 * n)}</p>",
    # a stuffed keywords list, 25 a repeat: taking each from the list's front grew with its square
    "jsonld_keywords": lambda n: (
        '<script type="application/ld+json">{"@type": "NewsArticle", "keywords": ['
        + ", ".join(f'"kata {i}"' for i in range(25 * n))
        + f"]}}</script><p>{sentence(0)}</p>"
    ),
    # the same list single-quoted: not JSON, so read by the JavaScript-literal fallback (chompjs)
    "jsonld_javascript": lambda n: (
        "<script type=\"application/ld+json\">{'@type': 'NewsArticle', 'keywords': ["
        + ", ".join(f"'kata {i}'" for i in range(25 * n))
        + f"]}}</script><p>{sentence(0)}</p>"
    ),
}
DATE_STRINGS: dict[str, str] = {
    "relative_amounts": "satu jam ",
    "amount_pairs": "2 jam 5 menit ",
    "years": "tahun 2022 ",
    "clock_words": "pukul 10.00 ",
    "day_month": "Senin (14/3) ",
}


def page(body: str, dated: bool = True) -> str:
    return (
        '<html lang="id"><head><title>Harga Beras Naik Lagi - JagatBisnis</title></head><body><article>'
        f'<h1 class="jb-post__title">Harga Beras Naik Lagi</h1>{DATE_LINE if dated else ""}'
        f'<div class="jb-post__content">{body}</div></article></body></html>'
    )


def least_cpu(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="repeats of the smaller page (the larger: 4x)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each page; the least CPU counts")
    args = parser.parse_args()
    profile = load_profile("jagatbisnis")
    rows: list[tuple[str, str, float, float, int]] = []
    for name, shape in SHAPES.items():
        dated = name != "years_table"  # the date line scan reads every year when the page shows none
        for path, prof in (("profile", profile), ("generic", None)):
            small, large = page(shape(args.size), dated), page(shape(4 * args.size), dated)
            times = [
                least_cpu(
                    lambda html=html, prof=prof: extract(html, URL, prof, max_tags=WARTA_EXTRACT_MAX_TAGS),
                    args.repeat,
                )
                for html in (small, large)
            ]
            rows.append((name, path, *times, len(large) // 1024))
    reference = datetime(2022, 3, 15, 12, 0)
    for name, unit in DATE_STRINGS.items():
        texts = [(unit * 240)[:n] for n in (60, 240)]
        times = [
            least_cpu(lambda t=t: [parse_date(t, reference=reference) for _ in range(20)], args.repeat) / 20
            for t in texts
        ]
        rows.append((name, "parse_date", *times, 0))

    print(f"{'shape':<18}{'path':<12}{'small ms':>10}{'large ms':>10}{'growth':>8}{'large KB':>10}")
    growth: dict[str, float] = {}
    for name, path, small_s, large_s, size in rows:
        ratio = large_s / small_s if small_s > 0 else float("nan")
        growth[f"{name}/{path}"] = round(ratio, 2)
        print(f"{name:<18}{path:<12}{small_s * 1000:>10.2f}{large_s * 1000:>10.2f}{ratio:>8.2f}{size:>10}")
    pages = [r for r in rows if r[1] != "parse_date"]
    dates = [r for r in rows if r[1] == "parse_date"]
    worst = max((f"{r[0]}/{r[1]}" for r in pages), key=lambda k: growth[k])
    slowest = max(pages, key=lambda r: r[3])
    slowest_date = max(dates, key=lambda r: r[3])
    print(
        f"\nworst growth of a page's time for 4x its size: {growth[worst]:.2f} ({worst});"
        " 4 is linear, 16 quadratic"
    )
    print(f"slowest page: {slowest[0]}/{slowest[1]}, {slowest[3] * 1000:.0f} ms for {slowest[4]} KB")
    print(f"slowest date string at 240 characters: {slowest_date[0]}, {slowest_date[3] * 1000:.2f} ms")
    figures = {
        "size": args.size,
        "worst_page_growth": growth[worst],
        "worst_page_growth_shape": worst,
        "slowest_page_ms": round(slowest[3] * 1000, 1),
        "slowest_page_shape": f"{slowest[0]}/{slowest[1]}",
        "worst_date_ms": round(slowest_date[3] * 1000, 2),
        "worst_date_shape": slowest_date[0],
        "growth": growth,
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
