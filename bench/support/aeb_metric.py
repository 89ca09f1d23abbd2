"""The article-extraction-benchmark metric: 4-token shingles, per-page normalised TP/FP/FN.

Written from the description in ../shared/bench/aeb/README.md so every extractor is scored the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[str]:
    """Multiset of overlapping `size`-token shingles; 1..size-1 tokens give one short shingle."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([" ".join(tokens)])
    return Counter(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class PageCounts:
    """Normalised true positives, false positives and false negatives of one page (they sum to 1)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp > 0 else 0.0

    @property
    def recall(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp > 0 else 0.0


def page_counts(truth: str, predicted: str) -> PageCounts:
    expected = shingles(truth)
    got = shingles(predicted)
    tp = sum((expected & got).values())
    fp = sum((got - expected).values())
    fn = sum((expected - got).values())
    total = tp + fp + fn
    if total == 0:
        return PageCounts(0.0, 0.0, 0.0)
    return PageCounts(tp / total, fp / total, fn / total)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    empty: int


def score(pairs: Iterable[tuple[str, str]]) -> Score:
    """Score (truth, predicted) pairs: precision over non-empty outputs, recall over all pages."""
    counts = [page_counts(truth, predicted) for truth, predicted in pairs]
    if not counts:
        raise ValueError("no pages to score")
    scored = [c for c in counts if c.tp + c.fp > 0]
    precision = sum(c.precision for c in scored) / len(scored) if scored else 0.0
    recall = sum(c.recall for c in counts) / len(counts)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    empty = sum(1 for c in counts if c.tp + c.fp == 0)
    return Score(precision, recall, f1, empty)
