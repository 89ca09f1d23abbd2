"""Benchmark of the near-duplicate index (crawler/state/neardup.py) on synthetic Indonesian-like articles.

Builds an index of ``--n`` articles (default 1,000,000) of 250-350 words drawn from a Zipf-weighted
vocabulary of real Indonesian function and news words plus generated affixed words, each article leaning
on one of ``--topics`` topic vocabularies (so distinct articles of one topic share many words). Then:

- copies of stored articles with 5% and 15% of their words replaced are looked up (recall: the original
  is among the matches);
- articles never stored (same generator, same topics) are looked up (false positives: any match);
- lookup time per query (mean, p99), insert time, peak RSS, disk size, reopen (rebuild) time;
- a baseline measured in the same run on ``--baseline-n`` articles: datasketch MinHash + in-memory
  MinHashLSH with the same number of permutations and threshold; speeds are given as ratios against it.

Run: ``.venv/bin/python bench/dedup.py`` (several minutes on two cores) or ``--n 100000`` for a quick run.
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

from crawler.state.neardup import NearDupIndex, tokenize

SEED = 20221115

COMMON = [
    "yang",
    "dan",
    "di",
    "ini",
    "itu",
    "dengan",
    "untuk",
    "dari",
    "dalam",
    "tidak",
    "akan",
    "pada",
    "juga",
    "ke",
    "karena",
    "tersebut",
    "bisa",
    "ada",
    "mereka",
    "lebih",
    "kata",
    "sudah",
    "saat",
    "oleh",
    "menjadi",
    "harus",
    "telah",
    "hingga",
    "masih",
    "namun",
    "seperti",
    "sebagai",
    "kami",
    "kita",
    "dia",
    "ia",
    "atau",
    "para",
    "antara",
    "bahwa",
    "setelah",
    "sejak",
    "secara",
    "hal",
    "jika",
    "belum",
    "banyak",
    "baru",
    "tahun",
    "hari",
    "bulan",
    "pekan",
    "lalu",
    "ujar",
    "menurut",
    "katanya",
    "sementara",
    "selain",
    "terkait",
    "kepada",
    "tetapi",
    "pun",
    "agar",
    "maka",
    "bagi",
    "serta",
    "kemudian",
    "lagi",
    "hanya",
    "sangat",
    "pihak",
    "pemerintah",
    "presiden",
    "menteri",
    "warga",
    "masyarakat",
    "daerah",
    "kota",
    "provinsi",
    "kabupaten",
    "polisi",
    "negara",
    "indonesia",
    "jakarta",
    "rupiah",
    "persen",
    "ribu",
    "juta",
    "miliar",
    "triliun",
    "dolar",
    "ekonomi",
    "harga",
    "pasar",
    "bank",
    "kebijakan",
    "program",
    "anggaran",
    "rapat",
    "sidang",
    "kasus",
    "hukum",
    "pengadilan",
    "jaksa",
    "korban",
    "banjir",
    "gempa",
    "kebakaran",
    "jalan",
    "tol",
    "kereta",
    "bandara",
    "pelabuhan",
    "sekolah",
    "siswa",
    "guru",
    "rumah",
    "sakit",
    "dokter",
    "pasien",
    "vaksin",
    "kesehatan",
    "partai",
    "pemilu",
    "calon",
    "dukungan",
    "suara",
    "kampanye",
    "ketua",
    "anggota",
    "dewan",
    "perwakilan",
    "rakyat",
    "kepala",
    "dinas",
    "badan",
    "lembaga",
    "perusahaan",
    "karyawan",
    "produksi",
    "ekspor",
    "impor",
    "tim",
    "pemain",
    "pelatih",
    "laga",
    "gol",
    "pertandingan",
    "musim",
    "liga",
    "timnas",
    "kemenangan",
    "kekalahan",
]

ONSETS = [
    "b",
    "c",
    "d",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "w",
    "ng",
    "ny",
    "kr",
    "tr",
    "pr",
]
VOWELS = ["a", "i", "u", "e", "o", "a", "a", "i"]
CODAS = ["", "", "", "n", "ng", "r", "k", "t", "s", "h", "l", "m"]
PREFIXES = ["", "", "", "me", "mem", "men", "meng", "ber", "di", "ter", "pe", "pen", "ke", "se"]
SUFFIXES = ["", "", "", "", "kan", "an", "i", "nya", "lah"]


def build_vocabulary(size: int, rng: np.random.Generator) -> list[str]:
    """Common words first (the Zipf head), then generated affixed roots of two or three syllables."""
    words = list(dict.fromkeys(COMMON))
    seen = set(words)
    while len(words) < size:
        syllables = rng.integers(2, 4)
        root = "".join(
            ONSETS[rng.integers(len(ONSETS))]
            + VOWELS[rng.integers(len(VOWELS))]
            + CODAS[rng.integers(len(CODAS))]
            for _ in range(syllables)
        )
        word = PREFIXES[rng.integers(len(PREFIXES))] + root + SUFFIXES[rng.integers(len(SUFFIXES))]
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class ArticleMaker:
    """Deterministic article ``i``: same words every time it is asked for."""

    def __init__(self, *, vocabulary: int, topics: int, topic_words: int = 80, topic_share: float = 0.3):
        rng = np.random.default_rng(SEED)
        self.vocab = np.array(build_vocabulary(vocabulary, rng), dtype=object)
        weights = 1.0 / np.arange(1, vocabulary + 1) ** 1.05
        self.cdf = np.cumsum(weights) / weights.sum()
        # topic words come from the middle of the frequency range: names, places, subjects
        self.topics = rng.integers(300, vocabulary, size=(topics, topic_words))
        self.topic_share = topic_share

    def draw(self, rng: np.random.Generator, count: int) -> np.ndarray:
        return np.minimum(np.searchsorted(self.cdf, rng.random(count)), len(self.cdf) - 1)

    def word_ids(self, i: int) -> np.ndarray:
        rng = np.random.default_rng((SEED, i))
        count = int(rng.integers(250, 351))
        ids = self.draw(rng, count)
        topic = self.topics[rng.integers(len(self.topics))]
        from_topic = rng.random(count) < self.topic_share
        ids[from_topic] = topic[rng.integers(len(topic), size=int(from_topic.sum()))]
        return ids

    def edited(self, i: int, share: float) -> np.ndarray:
        """Article ``i`` with ``share`` of its words replaced by other words."""
        ids = self.word_ids(i).copy()
        rng = np.random.default_rng((SEED, i, int(share * 1000)))
        positions = rng.choice(len(ids), size=round(share * len(ids)), replace=False)
        replacement = self.draw(rng, len(positions))
        same = replacement == ids[positions]
        replacement[same] = (replacement[same] + 1) % len(self.vocab)
        ids[positions] = replacement
        return ids

    def text(self, ids: np.ndarray, i: int) -> str:
        """Sentences of 8-21 words, capitalised, in paragraphs of four, after a dateline."""
        words = self.vocab[ids].tolist()
        out, start, sentence = [], 0, 0
        while start < len(words):
            length = 8 + (i + start * 7) % 14
            chunk = words[start : start + length]
            chunk[0] = chunk[0].capitalize()
            out.append(" ".join(chunk) + ".")
            sentence += 1
            if sentence % 4 == 0:
                out.append("\n\n")
            start += length
        return "JAKARTA, Warta – " + " ".join(out).replace(" \n\n ", "\n\n")


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


def build(index: NearDupIndex, maker: ArticleMaker, n: int, progress: bool) -> tuple[float, float]:
    """Insert articles 0..n-1; returns (seconds inside add(), seconds generating text)."""
    add_s = gen_s = 0.0
    step = max(1, n // 10)
    for i in range(n):
        t0 = time.perf_counter()
        text = maker.text(maker.word_ids(i), i)
        t1 = time.perf_counter()
        index.add(key_of(i), text, {"portal": f"portal{i % 50}"})
        t2 = time.perf_counter()
        gen_s += t1 - t0
        add_s += t2 - t1
        if progress and (i + 1) % step == 0:
            print(
                f"  inserted {i + 1:>9,}  add {add_s:7.1f}s  rss {current_rss_mb():6.0f} MB", file=sys.stderr
            )
    index.flush()
    return add_s, gen_s


SWEEP = (0.3, 0.4, 0.5, 0.6, 0.7)


def lookups(index: NearDupIndex, maker: ArticleMaker, n: int, queries: int) -> dict[str, object]:
    """Recall on edited copies, false positives on unseen articles, per-lookup times.

    Queries run with the index threshold lowered to the smallest of :data:`SWEEP`, so recall and false
    positives can also be given for the other thresholds (the LSH bands do not depend on it).
    """
    threshold, index.threshold = index.threshold, min(SWEEP)
    rng = np.random.default_rng(SEED + 1)
    originals = rng.choice(n, size=min(queries, n), replace=False)
    times: list[float] = []
    original_similarity: dict[float, list[float]] = {0.05: [], 0.15: []}
    other_keys = 0
    for share, found in original_similarity.items():
        for i in originals.tolist():
            text = maker.text(maker.edited(i, share), i)
            t0 = time.perf_counter()
            matches = index.query(text)
            times.append(time.perf_counter() - t0)
            found.append(max((m.similarity for m in matches if m.key == key_of(i)), default=0.0))
            other_keys += sum(m.key != key_of(i) and m.similarity >= threshold for m in matches)
    unseen_best: list[float] = []
    for i in range(n + 10_000_000, n + 10_000_000 + len(originals)):  # never inserted
        text = maker.text(maker.word_ids(i), i)
        t0 = time.perf_counter()
        matches = index.query(text)
        times.append(time.perf_counter() - t0)
        unseen_best.append(max((m.similarity for m in matches), default=0.0))
    index.threshold = threshold

    def recall(share: float, at: float) -> float:
        return float(np.mean(np.asarray(original_similarity[share]) >= at))

    return {
        "recall_5pct": recall(0.05, threshold),
        "recall_15pct": recall(0.15, threshold),
        "false_positives": int(np.count_nonzero(np.asarray(unseen_best) >= threshold)),
        "other_keys_on_copies": other_keys,
        "queries": 3 * len(originals),
        "lookup_ms_mean": statistics.fmean(times) * 1000,
        "lookup_ms_p99": p99(times) * 1000,
        "sweep": {
            str(at): {
                "recall_5pct": recall(0.05, at),
                "recall_15pct": recall(0.15, at),
                "false_positives": int(np.count_nonzero(np.asarray(unseen_best) >= at)),
            }
            for at in SWEEP
        },
        "similarity_median": {
            "copies_5pct": float(np.median(original_similarity[0.05])),
            "copies_15pct": float(np.median(original_similarity[0.15])),
            "unseen_max": float(max(unseen_best)),
        },
    }


def compare_with_datasketch(
    maker: ArticleMaker, n: int, queries: int, threshold: float, workdir: Path
) -> dict:
    """datasketch MinHash + in-memory MinHashLSH against our index on the same ``n`` articles.

    Both are fed article by article and queried query by query in one loop, alternating, so a busy
    machine slows both alike and the speed ratios stay meaningful.
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
        text = maker.text(maker.word_ids(i), i)
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
    found = {name: {0.05: 0, 0.15: 0} for name in lookup}
    false_positives = {name: 0 for name in lookup}
    cases = [(i, share) for share in (0.05, 0.15) for i in originals]
    cases += [(i, None) for i in range(n + 10_000_000, n + 10_000_000 + len(originals))]
    for i, share in cases:
        text = maker.text(maker.word_ids(i) if share is None else maker.edited(i, share), i)
        t0 = time.perf_counter()
        theirs = set(lsh.query(minhash(text)))
        t1 = time.perf_counter()
        mine = {m.key for m in ours.query(text)}
        t2 = time.perf_counter()
        lookup["datasketch"] += t1 - t0
        lookup["ours"] += t2 - t1
        for name, keys in (("datasketch", theirs), ("ours", mine)):
            if share is None:
                false_positives[name] += bool(keys)
            else:
                found[name][share] += key_of(i) in keys
    ours.close()
    return {
        name: {
            "insert_us_per_doc": spent[name] / n * 1e6,
            "lookup_ms_mean": lookup[name] / len(cases) * 1000,
            "recall_5pct": found[name][0.05] / len(originals),
            "recall_15pct": found[name][0.15] / len(originals),
            "false_positives": false_positives[name],
        }
        for name in lookup
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="articles in the index")
    parser.add_argument("--queries", type=int, default=2000, help="lookups per kind (5%%, 15%%, unseen)")
    parser.add_argument("--baseline-n", type=int, default=20_000, help="articles for the datasketch baseline")
    parser.add_argument("--vocabulary", type=int, default=50_000)
    parser.add_argument("--topics", type=int, default=2000)
    parser.add_argument("--threshold", type=float, default=0.5)
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
    sample = maker.text(maker.word_ids(0), 0)
    print(
        f"articles: {args.n:,}, {len(tokenize(sample))} words in article 0: {sample[:100]!r}…",
        file=sys.stderr,
    )

    rss_before = current_rss_mb()
    wall = time.perf_counter()
    if args.reuse:
        if not args.reuse.exists():
            parser.error(f"--reuse: no such file {args.reuse}")
        print(f"reusing the index in {path}", file=sys.stderr)
        index = NearDupIndex(path, threshold=args.threshold)
        if len(index) != args.n:
            parser.error(f"--reuse: the index holds {len(index):,} articles, not --n {args.n:,}")
        add_s = gen_s = None
    else:
        print(f"building the index of {args.n:,} articles in {path}", file=sys.stderr)
        index = NearDupIndex(path, threshold=args.threshold)
        add_s, gen_s = build(index, maker, args.n, progress=True)
    build_wall = time.perf_counter() - wall
    rss_built = current_rss_mb()
    band_table_mb = index.store.table.nbytes() / 2**20
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

    figures = {
        "n": args.n,
        "insert_s": None if add_s is None else round(add_s, 1),
        "insert_us_per_doc": None if add_s is None else round(add_s / args.n * 1e6, 1),
        "lookup_ms_mean": round(result["lookup_ms_mean"], 3),
        "lookup_ms_p99": round(result["lookup_ms_p99"], 3),
        "peak_rss_mb": round(peak_rss, 1),
        "rss_built_mb": round(rss_built, 1),
        "rss_before_build_mb": round(rss_before, 1),
        "band_table_mb": round(band_table_mb, 1),
        "disk_mb": round(size, 1),
        "recall_5pct": round(result["recall_5pct"], 4),
        "recall_15pct": round(result["recall_15pct"], 4),
        "false_positives": result["false_positives"],
        "other_keys_on_copies": result["other_keys_on_copies"],
        "queries": result["queries"],
        "reopen_s": round(reopen_s, 2),
        "text_generation_s": None if gen_s is None else round(gen_s, 1),
        "build_wall_s": round(build_wall, 1),
        "threshold": args.threshold,
        "load_average_1min": round(os.getloadavg()[0], 2),
        "similarity": {k: round(v, 3) for k, v in result["similarity_median"].items()},
        "by_threshold": result["sweep"],
    }
    if baseline:
        figures["baseline_n"] = args.baseline_n
        figures["datasketch"] = {k: round(v, 4) for k, v in baseline.items()}
        figures["ours_at_baseline_n"] = {
            k: round(ours_small[k], 4)
            for k in ("insert_us_per_doc", "lookup_ms_mean", "recall_5pct", "recall_15pct", "false_positives")
        }
        figures["insert_speedup_vs_datasketch"] = round(
            baseline["insert_us_per_doc"] / ours_small["insert_us_per_doc"], 2
        )
        figures["lookup_speedup_vs_datasketch"] = round(
            baseline["lookup_ms_mean"] / ours_small["lookup_ms_mean"], 2
        )

    rows = [
        ("articles", f"{args.n:,}"),
        (
            "insert (time inside add)",
            "not measured (--reuse)"
            if add_s is None
            else f"{add_s:.1f} s ({figures['insert_us_per_doc']} µs/article)",
        ),
        ("text generation (not counted)", "-" if gen_s is None else f"{gen_s:.1f} s"),
        ("load average (1 min) at the end", f"{figures['load_average_1min']} on {os.cpu_count()} CPUs"),
        ("lookup mean / p99", f"{figures['lookup_ms_mean']} ms / {figures['lookup_ms_p99']} ms"),
        ("peak RSS (whole process)", f"{figures['peak_rss_mb']} MB"),
        (
            "RSS before build / after build",
            f"{figures['rss_before_build_mb']} MB / {figures['rss_built_mb']} MB",
        ),
        ("in-memory band table", f"{figures['band_table_mb']} MB"),
        ("disk (SQLite + WAL)", f"{figures['disk_mb']} MB"),
        ("reopen (rebuild band table)", f"{figures['reopen_s']} s"),
        ("recall, 5% words changed", f"{figures['recall_5pct']:.4f}"),
        ("recall, 15% words changed", f"{figures['recall_15pct']:.4f}"),
        ("false positives (unseen articles)", f"{figures['false_positives']} of {args.queries}"),
        ("other keys matched by copies", f"{figures['other_keys_on_copies']}"),
        (
            "median similarity 5% / 15% copies",
            f"{figures['similarity']['copies_5pct']} / {figures['similarity']['copies_15pct']}"
            f" (best unseen: {figures['similarity']['unseen_max']})",
        ),
    ]
    for at, values in result["sweep"].items():
        rows.append(
            (
                f"  at threshold {at}: recall 5% / 15%, FP",
                f"{values['recall_5pct']:.4f} / {values['recall_15pct']:.4f}, {values['false_positives']}",
            )
        )
    if baseline:
        ds, us = figures["datasketch"], figures["ours_at_baseline_n"]
        rows += [
            (f"-- at {args.baseline_n:,} articles --", "datasketch MinHashLSH | ours"),
            ("insert µs/article", f"{ds['insert_us_per_doc']:.0f} | {us['insert_us_per_doc']:.0f}"),
            ("lookup ms mean", f"{ds['lookup_ms_mean']:.3f} | {us['lookup_ms_mean']:.3f}"),
            (
                "recall 5% / 15%",
                f"{ds['recall_5pct']:.3f} / {ds['recall_15pct']:.3f} | "
                f"{us['recall_5pct']:.3f} / {us['recall_15pct']:.3f}",
            ),
            ("false positives", f"{ds['false_positives']} | {us['false_positives']}"),
            (
                "speed-up insert / lookup",
                f"x{figures['insert_speedup_vs_datasketch']} / x{figures['lookup_speedup_vs_datasketch']}",
            ),
        ]
    width = max(len(label) for label, _ in rows)
    print(f"\nnear-duplicate index, threshold {args.threshold}")
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
    if not args.keep and not args.reuse:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"  kept {path}")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
