"""A near-duplicate index of before the band change opens and finds its stories.

``tests/fixtures/neardup-v1.sqlite`` was written by the index code of before (20 bands of three whole
32-bit values, no ``band_hash`` parameter) with five stories: an SQLite index of that kind is re-banded
once from its stored signatures; a store that cannot re-band itself keeps its old bands.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from crawler.state.neardup import MinHasher, NearDupIndex, compact_signature, tokenize
from tests.unit.test_neardup import (
    FIXTURES,
    ORIGINAL_URL,
    SAME_TOPIC,
    DictStore,
    lightly_edited,
    republished,
    seed_body,
)

OLD_INDEX = FIXTURES / "neardup-v1.sqlite"
OLD_PARAMS = {"hash_version": 2, "num_perm": 128, "shingle": 3, "bands": 20, "rows": 3, "seed": 1}


def _params(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        return dict(db.execute("SELECT name, value FROM neardup_params").fetchall())
    finally:
        db.close()


@pytest.fixture
def old_index(tmp_path: Path) -> Path:
    path = tmp_path / "state" / "neardup.sqlite"
    path.parent.mkdir()
    shutil.copy(OLD_INDEX, path)
    assert _params(path) == OLD_PARAMS
    return path


def test_an_index_of_before_is_rebanded_once_and_finds_its_stories(old_index: Path, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="crawler.state.neardup"), NearDupIndex(old_index) as index:
        assert len(index) == 5
        assert [m.key for m in index.query(republished(seed_body()))] == [ORIGINAL_URL]
        assert [m.key for m in index.query(lightly_edited(seed_body()))] == [ORIGINAL_URL]
        assert index.query(SAME_TOPIC)[0].similarity == 1.0
    assert "re-banded: 5 documents" in caplog.text
    assert _params(old_index) == MinHasher().params()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="crawler.state.neardup"):
        NearDupIndex(old_index).close()
    assert "re-banded" not in caplog.text


def test_rebanded_hashes_equal_those_of_a_fresh_index(old_index: Path, tmp_path: Path) -> None:
    NearDupIndex(old_index).close()
    with NearDupIndex(tmp_path / "fresh.sqlite") as fresh:
        fresh.add(ORIGINAL_URL, seed_body())
    rows = []
    for path in (old_index, tmp_path / "fresh.sqlite"):
        db = sqlite3.connect(path)
        query = "SELECT b.bands FROM neardup_bands b JOIN neardup_docs d ON d.id = b.id WHERE d.key = ?"
        rows.append(db.execute(query, (ORIGINAL_URL,)).fetchone()[0])
        db.close()
    assert rows[0] == rows[1]


def test_band_hashes_come_alike_from_a_full_and_a_stored_signature() -> None:
    hasher = MinHasher()
    signature = hasher.signature(tokenize(seed_body()))
    stored = np.frombuffer(compact_signature(signature), dtype="<u2")
    assert np.array_equal(hasher.band_hashes(signature), hasher.band_hashes(stored))
    both = hasher.band_hashes(np.vstack([stored, stored]))
    assert both.shape == (2, hasher.bands) and np.array_equal(both[1], hasher.band_hashes(signature))


class BandedDictStore(DictStore):
    """A store with a fixed number of bands that cannot re-band itself, as the Redis store."""

    bands = 20


def test_a_store_that_cannot_reband_keeps_the_bands_it_was_built_with(caplog) -> None:
    store = BandedDictStore()
    store.save_params(OLD_PARAMS)
    old = MinHasher(rows=3, band_hash=1)
    signature = old.signature(tokenize(seed_body()))
    store.add(ORIGINAL_URL, "{}", compact_signature(signature), old.band_hashes(signature))
    with caplog.at_level(logging.WARNING, logger="crawler.state.neardup"):
        index = NearDupIndex(store=store)
    assert "kept with the LSH bands it was built with" in caplog.text
    assert (index.hasher.rows, index.hasher.band_hash) == (3, 1)
    assert [m.key for m in index.query(republished(seed_body()))] == [ORIGINAL_URL]
    assert store.params == OLD_PARAMS


def test_other_hash_parameters_are_still_refused(old_index: Path) -> None:
    with pytest.raises(ValueError, match="built with"):
        NearDupIndex(old_index, shingle=2)
    assert _params(old_index) == OLD_PARAMS
