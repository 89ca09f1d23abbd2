"""Working in pieces changes nothing: the near-duplicate signature of a long body equals the one-shot
computation, and a page cut at its tag limit keeps its head and first paragraphs."""

from __future__ import annotations

import random

import numpy as np

from crawler.extract import extract
from crawler.extract.document import cut_markup
from crawler.state.neardup import MinHasher, _mix64, tokenize

_SHINGLE_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


def _one_shot_signature(hasher: MinHasher, words: list[str]) -> np.ndarray:
    """The signature as computed before the pieces: every shingle against every permutation at once."""
    shingles = hasher.shingle_hashes(words)
    permuted = np.multiply.outer(hasher._mul, shingles) + hasher._add[:, None]
    return (permuted.min(axis=1) >> np.uint64(32)).astype(np.uint32)


def _text(words: int, seed: int = 3) -> str:
    rnd = random.Random(seed)
    vocab = [f"kata{n}" for n in range(3000)] + ["pemerintah", "bantuan", "banjir", "warga"]
    return " ".join(rnd.choice(vocab) for _ in range(words))


def test_the_signature_of_a_long_body_is_the_one_shot_signature() -> None:
    hasher = MinHasher()
    for words in (5, 700, 8192, 8193, 30_000):
        tokens = tokenize(_text(words))
        assert np.array_equal(hasher.signature(tokens), _one_shot_signature(hasher, tokens)), words


def test_word_hashes_in_pieces_equal_hashes_of_the_whole() -> None:
    hasher = MinHasher()
    tokens = tokenize(_text(70_000))
    whole = hasher._piece_hashes(tokens)
    assert np.array_equal(hasher.word_hashes(tokens), whole)
    assert whole.dtype == np.uint64 and _mix64(whole[:1]).shape == (1,)


def test_a_page_is_cut_at_its_tag_limit() -> None:
    page = "<html><head><title>Judul</title></head><body>" + "<p>isi" * 10 + "</body></html>"
    assert cut_markup(page, 0) == (page, False)
    assert cut_markup(page, 100) == (page, False)
    cut, was_cut = cut_markup(page, 7)
    assert was_cut and cut.count("<") == 7 and cut.endswith("<p>isi")


def test_extraction_reads_the_first_tags_of_a_giant_page() -> None:
    head = '<html><head><title>Raksasa</title></head><body><h1 class="entry-title">Raksasa</h1>'
    para = "<p>Pemerintah menyalurkan bantuan kepada warga yang terdampak banjir pekan ini.</p>"
    page = head + '<div class="entry-content">' + para * 2000 + "</div></body></html>"
    url = "https://jagatbisnis.com/2023/01/10/raksasa/"
    whole, cut = extract(page, url), extract(page, url, max_tags=500)
    assert not whole.cut and cut.cut
    assert cut.item.headline == whole.item.headline == "Raksasa"
    assert 0 < len(cut.item.articleBody) < len(whole.item.articleBody)
