"""The AEB shingle metric used by bench/extraction.py, on tiny cases computed by hand."""

from __future__ import annotations

import pytest

from bench.support import aeb_metric


def test_shingles_are_four_overlapping_tokens_punctuation_ignored() -> None:
    assert aeb_metric.shingles("One, two: three (four) five!") == {
        "One two three four": 1,
        "two three four five": 1,
    }


def test_short_text_gives_one_short_shingle_and_empty_gives_none() -> None:
    assert aeb_metric.shingles("hello world") == {"hello world": 1}
    assert aeb_metric.shingles(" -- ") == {}


def test_repeated_shingles_are_a_multiset() -> None:
    assert aeb_metric.shingles("a b c d a b c d")["a b c d"] == 2


def test_missing_tail_costs_recall_only() -> None:
    # truth: 3 shingles, prediction: the first 2 -> tp 2, fp 0, fn 1, normalised by 3
    counts = aeb_metric.page_counts("one two three four five six", "one two three four five")
    assert counts.tp == pytest.approx(2 / 3)
    assert counts.fp == 0
    assert counts.fn == pytest.approx(1 / 3)
    assert counts.precision == 1.0
    assert counts.recall == pytest.approx(2 / 3)


def test_extra_text_costs_precision_only() -> None:
    counts = aeb_metric.page_counts("a b c d", "a b c d e")  # pred shingles: abcd, bcde
    assert (counts.precision, counts.recall) == (pytest.approx(0.5), 1.0)


def test_repeated_truth_shingle_needs_repeating() -> None:
    # truth shingles: abcd x2, bcda, cdab, dabc; prediction: abcd once -> tp 1, fn 4
    counts = aeb_metric.page_counts("a b c d a b c d", "a b c d")
    assert counts.precision == 1.0
    assert counts.recall == pytest.approx(0.2)


def test_empty_output_counts_for_recall_not_precision() -> None:
    result = aeb_metric.score([("one two three four", "one two three four"), ("five six seven eight", "")])
    assert result.precision == 1.0
    assert result.recall == pytest.approx(0.5)
    assert result.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert result.empty == 1


def test_wrong_output_scores_zero() -> None:
    result = aeb_metric.score([("alpha beta gamma delta", "one two three four")])
    assert (result.precision, result.recall, result.f1, result.empty) == (0.0, 0.0, 0.0, 0)


def test_no_pages_is_an_error() -> None:
    with pytest.raises(ValueError):
        aeb_metric.score([])
