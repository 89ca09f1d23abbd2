"""Benchmark of the near-duplicate index (crawler/state/neardup.py) on synthetic Indonesian-like articles.

Builds an index of ``--n`` distinct articles (default 1,000,000; ``bench/support/dedup_corpus.py`` makes them
and their copies), each looked up against all those before it as it goes in (false positives among the
distinct articles: any match). Then:

- copies of stored articles are looked up at 5, 15, 25 and 35% of their words edited, in two styles
  (recall: the original is among the matches): ``realistic`` (new dateline, reporter code and headline, a
  paragraph removed or added, words and phrases reworded) and ``swaps`` (single words replaced at random
  places, the worst case for shingles);
- articles never stored are looked up (false positives at every threshold of the sweep);
- lookup time per query (mean, p99) on the full index, insert time, peak RSS, disk size, reopen time;
- a baseline measured in the same run on ``--baseline-n`` articles: datasketch MinHash + in-memory
  MinHashLSH with the same number of permutations and threshold; speeds are given as ratios against it.

Run: ``.venv/bin/python bench/dedup.py`` (20-30 minutes on two cores) or ``--n 100000`` for a quick run.
Ends with one JSON line of the figures.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.support.dedup_corpus import SEED, STYLES, ArticleMaker
from crawler.settings import WARTA_NEARDUP_THRESHOLD
from crawler.state.neardup import NearDupIndex, tokenize

LEVELS = (0.05, 0.15, 0.25, 0.35)  # shares of a copy's words edited
SWEEP = (0.25, 0.3, 0.35, 0.4, 0.5)  # thresholds recall and false positives are also given for
GOALS = "recall >= 0.95 at 15% and >= 0.8 at 25% (realistic copies), 0 false positives, lookup <= 0.5 ms"


def key_of(i: int) -> str:
    return f"https://portal{i % 50}.example.id/{2020 + i % 5}/{1 + i % 12:02d}/{1 + i % 28:02d}/berita-{i}/"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def disk_mb(path: Path) -> float:
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    return sum(f.stat().st_size for f in files if f.exists()) / 2**20


def p99(values: list[float]) -> float:
    return float(np.percentile(values, 99))


def build(index: NearDupIndex, maker: ArticleMaker, n: int, progress: bool) -> dict[str, float]:
    """Insert articles 0..n-1, each first looked up among those before it (a match is a false positive:
    the articles are distinct); returns the seconds spent adding, looking up and generating text."""
    spent = {"add": 0.0, "lookup": 0.0, "generate": 0.0, "false_positives": 0, "best_false": 0.0}
    step = max(1, n // 10)
    for i in range(n):
        t0 = time.perf_counter()
        text = maker.original(i)
        t1 = time.perf_counter()
        hashed = index.hash_text(text)
        t2 = time.perf_counter()
        matches = index.query_hashed(hashed) if hashed is not None else []
        t3 = time.perf_counter()
        if hashed is not None:
            index.add_hashed(key_of(i), hashed, {"portal": f"portal{i % 50}"})
        t4 = time.perf_counter()
        spent["generate"] += t1 - t0
        spent["add"] += (t2 - t1) + (t4 - t3)  # hashing belongs to adding (the lookup reuses it)
        spent["lookup"] += t3 - t2
        if matches:
            spent["false_positives"] += 1
            spent["best_false"] = max(spent["best_false"], matches[0].similarity)
        if progress and (i + 1) % step == 0:
            print(
                f"  inserted {i + 1:>9,}  add {spent['add']:7.1f}s  lookups {spent['lookup']:6.1f}s"
                f"  false positives {spent['false_positives']}  rss {current_rss_mb():6.0f} MB",
                file=sys.stderr,
            )
    index.flush()
    return spent


def lookups(index: NearDupIndex, maker: ArticleMaker, n: int, queries: int) -> dict[str, object]:
    """Recall on edited copies by style and share, false positives on unseen articles, lookup times.

    Queries run with the index threshold lowered to the smallest of :data:`SWEEP`, so recall and false
    positives can also be given for the other thresholds (the LSH bands do not depend on it).
    """
    threshold, index.threshold = index.threshold, min(SWEEP)
    rng = np.random.default_rng(SEED + 1)
    originals = rng.choice(n, size=min(queries, n), replace=False).tolist()
    times: list[float] = []
    best: dict[tuple[str, float], list[float]] = {}
    other_keys = 0
    for style in STYLES:
        for share in LEVELS:
            found = best[(style, share)] = []
            for i in originals:
                text = maker.copy(i, share, style)
                t0 = time.perf_counter()
                matches = index.query(text)
                times.append(time.perf_counter() - t0)
                found.append(max((m.similarity for m in matches if m.key == key_of(i)), default=0.0))
                other_keys += sum(m.key != key_of(i) and m.similarity >= threshold for m in matches)
    unseen_best: list[float] = []
    for i in range(n + 10_000_000, n + 10_000_000 + len(originals)):  # never inserted
        text = maker.original(i)
        t0 = time.perf_counter()
        matches = index.query(text)
        times.append(time.perf_counter() - t0)
        unseen_best.append(max((m.similarity for m in matches), default=0.0))
    index.threshold = threshold

    def at(limit: float) -> dict[str, object]:
        recall = {
            style: {
                f"{round(share * 100)}": float(np.mean(np.asarray(best[(style, share)]) >= limit))
                for share in LEVELS
            }
            for style in STYLES
        }
        return {"recall": recall, "false_positives": int(np.count_nonzero(np.asarray(unseen_best) >= limit))}

    return {
        **at(threshold),
        "other_keys_on_copies": other_keys,
        "queries": len(times),
        "lookup_ms_mean": statistics.fmean(times) * 1000,
        "lookup_ms_p99": p99(times) * 1000,
        "sweep": {str(limit): at(limit) for limit in SWEEP},
        "similarity_median": {
            style: {f"{round(share * 100)}": float(np.median(best[(style, share)])) for share in LEVELS}
            for style in STYLES
        },
        "unseen_max": float(max(unseen_best)),
    }


def compare_with_datasketch(
    maker: ArticleMaker, n: int, queries: int, threshold: float, workdir: Path
) -> dict:
    """datasketch MinHash + in-memory MinHashLSH against our index on the same ``n`` articles.

    Both are fed article by article and queried query by query in one loop, alternating, so a busy
    machine slows both alike and the speed ratios stay meaningful. datasketch's LSH answers its candidates
    (it verifies nothing), so its false positives count unseen articles with any candidate.
    """
    from datasketch import MinHash, MinHashLSH

    def minhash(text: str) -> MinHash:
        words = tokenize(text)
        sig = MinHash(num_perm=128, seed=1)
        sig.update_batch([" ".join(words[j : j + 3]).encode() for j in range(len(words) - 2)])
        return sig

    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    ours = NearDupIndex(workdir / "compare.sqlite", threshold=threshold)
    spent = {"datasketch": 0.0, "ours": 0.0}
    for i in range(n):
        text = maker.original(i)
        t0 = time.perf_counter()
        lsh.insert(key_of(i), minhash(text))
        t1 = time.perf_counter()
        ours.add(key_of(i), text, {"portal": "p"})
        t2 = time.perf_counter()
        spent["datasketch"] += t1 - t0
        spent["ours"] += t2 - t1
    ours.flush()
    rng = np.random.default_rng(SEED + 1)
    originals = rng.choice(n, size=min(queries, n), replace=False).tolist()
    lookup = {"datasketch": 0.0, "ours": 0.0}
    found = {name: {(style, share): 0 for style in STYLES for share in LEVELS} for name in lookup}
    false_positives = {name: 0 for name in lookup}
    cases: list[tuple[int, str | None, float]] = [
        (i, style, share) for style in STYLES for share in LEVELS for i in originals
    ]
    cases += [(i, None, 0.0) for i in range(n + 10_000_000, n + 10_000_000 + len(originals))]
    for i, style, share in cases:
        text = maker.original(i) if style is None else maker.copy(i, share, style)
        t0 = time.perf_counter()
        theirs = set(lsh.query(minhash(text)))
        t1 = time.perf_counter()
        mine = {m.key for m in ours.query(text)}
        t2 = time.perf_counter()
        lookup["datasketch"] += t1 - t0
        lookup["ours"] += t2 - t1
        for name, keys in (("datasketch", theirs), ("ours", mine)):
            if style is None:
                false_positives[name] += bool(keys)
            else:
                found[name][(style, share)] += key_of(i) in keys
    ours.close()
    return {
        name: {
            "insert_us_per_doc": spent[name] / n * 1e6,
            "lookup_ms_mean": lookup[name] / len(cases) * 1000,
            "recall": {
                style: {
                    f"{round(share * 100)}": found[name][(style, share)] / len(originals) for share in LEVELS
                }
                for style in STYLES
            },
            "false_positives": false_positives[name],
        }
        for name in lookup
    }


def recall_text(recall: dict[str, dict[str, float]], style: str) -> str:
    return " / ".join(f"{recall[style][f'{round(share * 100)}']:.3f}" for share in LEVELS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="articles in the index")
    parser.add_argument("--queries", type=int, default=2000, help="lookups per style and share, and unseen")
    parser.add_argument("--baseline-n", type=int, default=20_000, help="articles for the datasketch baseline")
    parser.add_argument("--vocabulary", type=int, default=50_000)
    parser.add_argument("--topics", type=int, default=2000)
    parser.add_argument("--threshold", type=float, default=WARTA_NEARDUP_THRESHOLD)
    parser.add_argument("--dir", type=Path, default=None, help="where to put the SQLite file (default: temp)")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    parser.add_argument(
        "--reuse",
        type=Path,
        default=None,
        help="an index kept by an earlier run with the same --n: skip the build, measure lookups again",
    )
    args = parser.parse_args()
    if args.n < 1 or args.queries < 1:
        parser.error("--n and --queries must be positive")

    workdir = Path(tempfile.mkdtemp(prefix="warta-dedup-", dir=args.dir))
    path = args.reuse or workdir / "neardup.sqlite"
    maker = ArticleMaker(vocabulary=args.vocabulary, topics=args.topics)
    sample = maker.original(0)
    print(
        f"articles: {args.n:,}, {len(tokenize(sample))} words in article 0: {sample[:100]!r}…",
        file=sys.stderr,
    )

    rss_before = current_rss_mb()
    wall = time.perf_counter()
    built: dict[str, float] | None = None
    if args.reuse:
        if not args.reuse.exists():
            parser.error(f"--reuse: no such file {args.reuse}")
        print(f"reusing the index in {path}", file=sys.stderr)
        index = NearDupIndex(path, threshold=args.threshold)
        if len(index) != args.n:
            parser.error(f"--reuse: the index holds {len(index):,} articles, not --n {args.n:,}")
    else:
        print(f"building the index of {args.n:,} articles in {path}", file=sys.stderr)
        index = NearDupIndex(path, threshold=args.threshold)
        built = build(index, maker, args.n, progress=True)
    build_wall = time.perf_counter() - wall
    rss_built = current_rss_mb()
    band_table_mb = index.store.table.nbytes() / 2**20
    sketches = index.store.sketches
    sketches_mb = (sketches.nbytes() if sketches is not None else 0) / 2**20
    result = lookups(index, maker, args.n, args.queries)
    index.close()
    del index
    gc.collect()
    size = disk_mb(path)
    t0 = time.perf_counter()
    reopened = NearDupIndex(path, threshold=args.threshold)
    reopen_s = time.perf_counter() - t0
    assert len(reopened) == args.n, "reopened index lost documents"
    reopened.close()
    del reopened
    gc.collect()
    peak_rss = peak_rss_mb()  # before the baseline, which runs in this process too

    baseline: dict = {}
    ours_small: dict = {}
    if args.baseline_n > 0:
        print(f"baseline: datasketch vs ours on {args.baseline_n:,} articles", file=sys.stderr)
        compared = compare_with_datasketch(
            maker, args.baseline_n, min(args.queries, 1000), args.threshold, workdir
        )
        baseline, ours_small = compared["datasketch"], compared["ours"]
        gc.collect()

    figures: dict[str, object] = {
        "n": args.n,
        "threshold": args.threshold,
        "insert_s": None if built is None else round(built["add"], 1),
        "insert_us_per_doc": None if built is None else round(built["add"] / args.n * 1e6, 1),
        "build_false_positives": None if built is None else int(built["false_positives"]),
        "build_best_false_similarity": None if built is None else round(built["best_false"], 3),
        "build_lookup_ms_mean": None if built is None else round(built["lookup"] / args.n * 1000, 3),
        "lookup_ms_mean": round(result["lookup_ms_mean"], 3),
        "lookup_ms_p99": round(result["lookup_ms_p99"], 3),
        "recall": result["recall"],
        "false_positives": result["false_positives"],
        "other_keys_on_copies": result["other_keys_on_copies"],
        "queries": result["queries"],
        "peak_rss_mb": round(peak_rss, 1),
        "rss_built_mb": round(rss_built, 1),
        "rss_before_build_mb": round(rss_before, 1),
        "band_table_mb": round(band_table_mb, 1),
        "sketches_mb": round(sketches_mb, 1),
        "disk_mb": round(size, 1),
        "reopen_s": round(reopen_s, 2),
        "text_generation_s": None if built is None else round(built["generate"], 1),
        "build_wall_s": round(build_wall, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "similarity_median": result["similarity_median"],
        "unseen_max_similarity": round(result["unseen_max"], 3),
        "by_threshold": result["sweep"],
    }
    if baseline:
        figures["baseline_n"] = args.baseline_n
        for name, measured in (("datasketch", baseline), ("ours_at_baseline_n", ours_small)):
            figures[name] = {k: round(v, 3) if isinstance(v, float) else v for k, v in measured.items()}
        figures["insert_speedup_vs_datasketch"] = round(
            baseline["insert_us_per_doc"] / ours_small["insert_us_per_doc"], 2
        )
        figures["lookup_speedup_vs_datasketch"] = round(
            baseline["lookup_ms_mean"] / ours_small["lookup_ms_mean"], 2
        )

    levels = " / ".join(f"{round(share * 100)}%" for share in LEVELS)
    rows = [
        ("articles", f"{args.n:,}"),
        (
            "insert (hash + add)",
            "not measured (--reuse)"
            if built is None
            else f"{built['add']:.1f} s ({figures['insert_us_per_doc']} µs/article)",
        ),
        (
            "false positives while building",
            "not measured (--reuse)"
            if built is None
            else f"{figures['build_false_positives']} of {args.n:,} distinct articles, each against all"
            f" before it (best similarity {figures['build_best_false_similarity']})",
        ),
        ("text generation (not counted)", "-" if built is None else f"{built['generate']:.1f} s"),
        ("load average (1 min) at the end", f"{figures['load_average_1min']} on {os.cpu_count()} CPUs"),
        ("lookup mean / p99, full index", f"{figures['lookup_ms_mean']} ms / {figures['lookup_ms_p99']} ms"),
        ("peak RSS (whole process)", f"{figures['peak_rss_mb']} MB"),
        (
            "RSS before build / after build",
            f"{figures['rss_before_build_mb']} MB / {figures['rss_built_mb']} MB",
        ),
        (
            "in-memory band table / signature sketches",
            f"{figures['band_table_mb']} / {figures['sketches_mb']} MB",
        ),
        ("disk (SQLite + WAL)", f"{figures['disk_mb']} MB"),
        ("reopen (rebuild band table)", f"{figures['reopen_s']} s"),
    ]
    for style in STYLES:
        rows.append((f"recall, {style} copies, {levels}", recall_text(result["recall"], style)))
    rows += [
        (
            "false positives (unseen articles)",
            f"{figures['false_positives']} of {min(args.queries, args.n)}",
        ),
        ("other keys matched by copies", f"{figures['other_keys_on_copies']}"),
    ]
    for style in STYLES:
        medians = " / ".join(f"{v:.3f}" for v in result["similarity_median"][style].values())
        rows.append((f"median similarity, {style} copies", medians))
    rows.append(("best similarity of an unseen article", f"{figures['unseen_max_similarity']}"))
    for limit, values in result["sweep"].items():
        rows.append(
            (
                f"  at threshold {limit}: realistic | swaps, FP",
                f"{recall_text(values['recall'], 'realistic')} | {recall_text(values['recall'], 'swaps')},"
                f" {values['false_positives']}",
            )
        )
    if baseline:
        ds, us = baseline, ours_small
        rows += [
            (f"-- at {args.baseline_n:,} articles --", "datasketch MinHashLSH | ours"),
            ("insert µs/article", f"{ds['insert_us_per_doc']:.0f} | {us['insert_us_per_doc']:.0f}"),
            ("lookup ms mean", f"{ds['lookup_ms_mean']:.3f} | {us['lookup_ms_mean']:.3f}"),
        ]
        for style in STYLES:
            rows.append(
                (
                    f"recall {style} {levels}",
                    f"{recall_text(ds['recall'], style)} | {recall_text(us['recall'], style)}",
                )
            )
        rows += [
            ("false positives", f"{ds['false_positives']} | {us['false_positives']}"),
            (
                "speed-up insert / lookup",
                f"x{figures['insert_speedup_vs_datasketch']} / x{figures['lookup_speedup_vs_datasketch']}",
            ),
        ]
    width = max(len(label) for label, _ in rows)
    print(f"\nnear-duplicate index, threshold {args.threshold} (goals: {GOALS})")
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
    if args.keep or args.reuse:
        print(f"  kept {path}")
    if not args.keep:  # with --reuse, only the baseline's file is in it
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
