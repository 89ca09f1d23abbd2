"""Persistent near-duplicate index: the same story re-published under a new slug, or lightly edited.

Pure: no Scrapy import. Documents are compared by the Jaccard similarity of their word shingles (three
consecutive words by default), estimated with MinHash and looked up through LSH bands:

- a text is lower-cased, NFKC-normalised and split into ``\\w+`` words; texts shorter than ``min_words``
  words are skipped and counted (a two-line brief says nothing about duplication);
- its MinHash signature has ``num_perm`` values; the first ``bands * rows`` of them are cut into bands, and
  every stored document that shares one band hash with the query is a candidate;
- candidates are verified on the full signature (stored as 16-bit values) and kept when the estimated
  similarity is at least ``threshold``.

Why trigrams: a copy with 5% of its words changed keeps about 0.95**3 of its trigrams (Jaccard ~0.75),
while different articles share almost none. On the seed article against another article of the same story
(tests/unit/test_neardup.py), word Jaccard is 0.17, bigram 0.023, trigram 0.007; against its lightly edited
copy 0.87, 0.78, 0.74. Single words blur the two; trigrams keep unrelated texts furthest from every band, so
lookups meet the fewest stray candidates.

Why threshold 0.35 and bands of two rows (``bench/dedup.py``, 2026-12): a syndicated copy (new headline,
dateline and reporter code, a paragraph added or removed, words and phrases reworded) with 25% of its words
edited keeps a trigram Jaccard of ~0.55 (0.34 at 35%); 15% of the words swapped one by one, the worst
case, ~0.44. Distinct demo-portal stories written to one template reach 0.21 (estimated 0.25), unrelated
news 0.005; a quarter of the words swapped one by one leaves ~0.26, which no threshold tells from those
templated stories. Twenty bands of two values find a pair at 0.35 with probability 0.93, at 0.44 0.99; of
three values (before) 0.58 and 0.83, so the band step, not the threshold, lost most copies. Rows of two
16-bit values are exact 32-bit keys, and come from the stored signature: see :meth:`MinHasher.band_hashes`.

The MinHash is this module's own (numpy; multiply-shift hashing of mixed 64-bit shingle hashes, the word
hashes computed for the whole text at once): its estimates track the exact Jaccard like datasketch's, and
``bench/dedup.py`` measures it against datasketch MinHash + MinHashLSH in the same run.

Storage is behind :class:`NearDupStore`; :class:`SqliteNearDupStore` keeps documents, signatures and band
hashes in SQLite (one file under the data folder; WAL) and the band table with a 3-bit sketch of each
signature in memory, rebuilt on open (``crawler/state/neardup_bands.py``): a candidate is read from SQLite
only when its sketch agrees enough to match.
"""

from __future__ import annotations

import json
import logging
import re
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from crawler.state.neardup_bands import BandTable, Sketches
from crawler.state.sqlite import open_database

DEFAULT_BANDS = 20  # LSH bands of ``DEFAULT_ROWS`` signature values each
DEFAULT_ROWS = 2
DEFAULT_THRESHOLD = 0.35  # the library's default; crawls read WARTA_NEARDUP_THRESHOLD
HASH_VERSION = 2  # bump when tokenising or hashing changes: stored signatures become incomparable
# How band hashes are made from a signature: 1 (until 2026-12), from the full 32-bit values; 2, from the
# stored 16-bit values, so an index can be re-banded from what it keeps (SqliteNearDupStore.reband).
BAND_HASH_VERSION = 2
_BANDING = frozenset({"bands", "rows", "band_hash"})  # params a re-banding can change
logger = logging.getLogger(__name__)
_WORD = re.compile(r"\w+")


def _u64(value: int) -> np.ndarray:
    """A uint64 constant as a 0-d array: a ufunc takes an array operand as it is, while a numpy scalar is
    made into an array on every call (a third of the cost of the small calls hashing a text makes)."""
    return np.array(value, dtype=np.uint64)


_SHINGLE_MULTIPLIER = _u64(0x9E3779B97F4A7C15)
_HIGH_HALF = _u64(32)  # shift that keeps the high 32 bits of a 64-bit value
_LOW_16 = _u64(0xFFFF)
_MIX_SHIFTS = (_u64(30), _u64(27), _u64(31))
_MIX_MULTIPLIERS = (_u64(0xBF58476D1CE4E5B9), _u64(0x94D049BB133111EB))


def default_path(data_dir: str | Path) -> Path:
    """``<data_dir>/state/neardup.sqlite``: one index per data folder, shared by every spider of it."""
    return Path(data_dir) / "state" / "neardup.sqlite"


class _Separators(dict[int, int]):
    """``str.translate`` table: every character that is not a word character (``\\w``) to a space. Filled
    as characters are met, up to ``_SEPARATORS_KEPT`` of them (a hostile page cannot grow it further)."""

    def __missing__(self, code: int) -> int:
        value = code if _WORD.match(chr(code)) else 32
        if len(self) < _SEPARATORS_KEPT:
            self[code] = value
        return value


_SEPARATORS_KEPT = 8192
_SEPARATORS = _Separators()


def tokenize(text: str) -> list[str]:
    """Lower-case words of ``text`` (``\\w+`` after NFKC, so ``masing-masing`` is two words).

    What ``re.findall(r"\\w+")`` finds, found by turning every other character into a space and splitting:
    twice as fast (no character is both a word character and whitespace)."""
    if not unicodedata.is_normalized("NFKC", text):  # most bodies are: the check is ~200x cheaper
        text = unicodedata.normalize("NFKC", text)
    return text.lower().translate(_SEPARATORS).split()


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads every input bit over the whole word. Mixes ``x`` in place and returns
    it (each caller passes an array of its own: no new array a step)."""
    (first, second, third), (one, other) = _MIX_SHIFTS, _MIX_MULTIPLIERS
    x ^= x >> first
    x *= one
    x ^= x >> second
    x *= other
    x ^= x >> third
    return x


_BASE = 0x100000001B3  # odd, so it has an inverse modulo 2**64
# Memory per text is bounded by working in pieces: word hashes a piece of words at a time (a word's hash
# does not depend on where it stands), MinHash values a piece of shingles at a time (the minimum of the
# pieces' minimums is the minimum), so a body of any length gives the same signature in bounded memory.
_WORDS_PER_PIECE = 65536
# num_perm x this many uint64, one buffer kept by each hasher (1 MB at 128 permutations) and filled in
# place: a new 8 MB array a text, as numpy's ``outer`` made, cost more than the arithmetic in it.
_SHINGLES_PER_PIECE = 1024
_POWERS_CACHED = 1 << 20  # longest power tables kept between calls
_POWER_CACHE = [
    np.array([1, _BASE], dtype=np.uint64),
    np.array([1, pow(_BASE, -1, 2**64)], dtype=np.uint64),
]


def _powers(count: int) -> tuple[np.ndarray, np.ndarray]:
    """``_BASE**j`` and ``_BASE**-j`` modulo 2**64 for j < count (at least), grown by doubling."""
    powers, inverse = _POWER_CACHE
    while len(powers) < count:
        size = len(powers)
        powers = np.concatenate((powers, powers * np.uint64(pow(_BASE, size, 2**64))))
        inverse = np.concatenate((inverse, inverse * np.uint64(pow(_BASE, -size, 2**64))))
        if len(powers) <= _POWERS_CACHED:  # a piece with one enormous word is served, not remembered
            _POWER_CACHE[:] = [powers, inverse]
    return powers, inverse


class MinHasher:
    """MinHash signatures of word shingles, and their LSH band hashes."""

    def __init__(
        self,
        *,
        num_perm: int = 128,
        shingle: int = 3,
        bands: int = DEFAULT_BANDS,
        rows: int = DEFAULT_ROWS,
        seed: int = 1,
        band_hash: int = BAND_HASH_VERSION,
    ):
        if num_perm < 1 or shingle < 1 or bands < 1 or rows < 1:
            raise ValueError("num_perm, shingle, bands and rows must be positive")
        if band_hash not in (1, 2):
            raise ValueError(f"unknown band_hash {band_hash}")
        if bands * rows > num_perm:
            raise ValueError(f"bands * rows ({bands * rows}) exceeds num_perm ({num_perm})")
        self.num_perm, self.shingle, self.bands, self.rows, self.seed = num_perm, shingle, bands, rows, seed
        self.band_hash = band_hash
        rng = np.random.default_rng(seed)
        self._mul = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self._add = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
        self._band_mul = rng.integers(1, 2**63, size=rows, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self._permuted = np.empty((0, num_perm), dtype=np.uint64)  # grown up to one piece, then reused

    def word_hashes(self, words: list[str]) -> np.ndarray:
        """One 64-bit hash per word, a piece of words at a time (so memory stays bounded)."""
        if len(words) <= _WORDS_PER_PIECE:
            return self._piece_hashes(words)
        pieces = range(0, len(words), _WORDS_PER_PIECE)
        return np.concatenate([self._piece_hashes(words[i : i + _WORDS_PER_PIECE]) for i in pieces])

    @staticmethod
    def _piece_hashes(words: list[str]) -> np.ndarray:
        """One 64-bit hash per word, all at once: a polynomial hash over the UTF-8 bytes of the joined
        words, cut at the separators (prefix sums times inverse powers), then mixed: vectorised, instead
        of hashing the words one by one in Python.

        The separator is NUL, before the first word and after every word: no word holds one (it is no
        word character) and it adds nothing to the sums, so a word's sum is the difference of the running
        sums at the NULs around it, and neither end of the text needs a case of its own."""
        data = np.frombuffer(("\0" + "\0".join(words) + "\0").encode("utf-8"), dtype=np.uint8)
        powers, inverse = _powers(len(data))
        nuls = np.flatnonzero(data == 0)
        sums = np.cumsum(data * powers[: len(data)])[nuls]
        starts, ends = nuls[:-1] + 1, nuls[1:]  # word i: its bytes starts[i] .. ends[i] - 1
        return _mix64((sums[1:] - sums[:-1]) * inverse[starts] + (ends - starts).view(np.uint64))

    def shingle_hashes(self, words: list[str]) -> np.ndarray:
        """One 64-bit hash per run of ``shingle`` consecutive words (the whole text if it is shorter)."""
        word_hashes = self.word_hashes(words)
        width = min(self.shingle, len(words))
        count = len(words) - width + 1
        combined = word_hashes[:count]  # a view of an array of this call's own: mixed in place below
        for offset in range(1, width):
            combined = combined * _SHINGLE_MULTIPLIER + word_hashes[offset : offset + count]
        return _mix64(combined)

    def signature(self, words: list[str]) -> np.ndarray:
        """``num_perm`` uint32 MinHash values of the words' shingles."""
        if not words:
            raise ValueError("cannot hash an empty text")
        shingles = self.shingle_hashes(words)
        # multiply-shift hashing: the high 32 bits of a*x+b; the minimum is taken before the shift. One
        # row a shingle, one column a permutation: the minimum runs down contiguous rows, in place.
        lowest: np.ndarray | None = None
        for start in range(0, len(shingles), _SHINGLES_PER_PIECE):
            piece = shingles[start : start + _SHINGLES_PER_PIECE]
            if len(piece) > len(self._permuted):
                self._permuted = np.empty((len(piece), self.num_perm), dtype=np.uint64)
            permuted = self._permuted[: len(piece)]
            np.multiply(piece[:, None], self._mul, out=permuted)
            permuted += self._add
            smallest = permuted.min(axis=0)
            lowest = smallest if lowest is None else np.minimum(lowest, smallest, out=lowest)
        assert lowest is not None
        return (lowest >> _HIGH_HALF).astype(np.uint32)

    def band_hashes(self, signature: np.ndarray) -> np.ndarray:
        """One uint32 per band, from ``rows`` consecutive signature values; a 2-D array of signatures
        (one per row) gives one row of band hashes each.

        Only the low 16 bits of each value count, the part :func:`compact_signature` stores, so the same
        band hashes come from a full signature and from a stored one: an index re-bands from its own
        documents when ``bands`` or ``rows`` change. Two rows of 16 bits make a 32-bit band key, the
        width of a band hash anyway. (``band_hash=1``, an index of before, used the whole values.)"""
        values = np.asarray(signature)[..., : self.bands * self.rows]  # unsigned: uint32, or uint16 stored
        # uint64 for the arithmetic: the and with a uint64 constant keeps the low 16 bits in the same step
        values = values & _LOW_16 if self.band_hash >= 2 else values.astype(np.uint64)
        grid = values.reshape(*values.shape[:-1], self.bands, self.rows)
        combined = _mix64(grid @ self._band_mul)  # each band's values times their multipliers, summed
        return (combined >> _HIGH_HALF).astype(np.uint32)

    def params(self) -> dict[str, int]:
        return {
            "hash_version": HASH_VERSION,
            "band_hash": self.band_hash,
            "num_perm": self.num_perm,
            "shingle": self.shingle,
            "bands": self.bands,
            "rows": self.rows,
            "seed": self.seed,
        }


def compact_signature(signature: np.ndarray) -> bytes:
    """The low 16 bits of each value: enough to estimate similarity (chance agreement 1/65536). The cast
    to 16 bits keeps them (unsigned values: a uint32 signature)."""
    return signature.astype("<u2").tobytes()


def estimated_similarity(a: bytes, b: bytes) -> float:
    """Share of equal values in two compact signatures: an estimate of the shingles' Jaccard."""
    left, right = np.frombuffer(a, dtype="<u2"), np.frombuffer(b, dtype="<u2")
    if len(left) != len(right) or not len(left):
        raise ValueError("signatures of different lengths")
    return float(np.count_nonzero(left == right)) / len(left)


def similarities(compact: bytes, rows: list[tuple[int, str, str, bytes]]) -> list[float]:
    """:func:`estimated_similarity` of ``compact`` to the signature of each fetched row, all at once (a
    query may meet hundreds of candidates: templated stories share many band hashes)."""
    if not rows:
        return []
    if any(len(row[3]) != len(compact) for row in rows) or not compact:
        raise ValueError("signatures of different lengths")
    return packed_similarities(compact, b"".join(row[3] for row in rows))


def packed_similarities(compact: bytes, packed: bytes) -> list[float]:
    """:func:`similarities` to signatures of ``compact``'s length stored one after the other in ``packed``."""
    if not compact or len(packed) % len(compact):
        raise ValueError("signatures of different lengths")
    if not packed:
        return []
    stored = np.frombuffer(packed, dtype="<u2").reshape(len(packed) // len(compact), -1)
    equal = np.count_nonzero(stored == np.frombuffer(compact, dtype="<u2"), axis=1)
    return (equal / stored.shape[1]).tolist()


@dataclass(frozen=True)
class Match:
    """A stored document similar to the query; ``doc_id`` grows with insertion (lowest = first seen)."""

    key: str
    similarity: float
    meta: dict[str, Any]
    doc_id: int

    @property
    def portal(self) -> str | None:
        return self.meta.get("portal")


class NearDupStore(Protocol):
    """Where the index keeps its documents. A Redis variant implements the same methods.

    A store that also has ``reband(hasher) -> int`` (as :class:`SqliteNearDupStore`) is re-banded when
    it is opened with other LSH bands or rows; any other store refuses to open then.
    """

    def load_params(self) -> dict[str, int] | None: ...
    def save_params(self, params: Mapping[str, int]) -> None: ...
    def contains(self, key: str) -> bool: ...
    def doc_id(self, key: str) -> int | None: ...
    def add(self, key: str, meta_json: str, signature: bytes, band_hashes: np.ndarray) -> int | None: ...
    def candidates(self, band_hashes: np.ndarray) -> set[int]: ...
    def fetch(self, doc_ids: Iterable[int]) -> list[tuple[int, str, str, bytes]]: ...
    def count(self) -> int: ...
    def commit(self) -> None: ...
    def close(self) -> None: ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS neardup_params (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS neardup_docs (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, meta TEXT NOT NULL, signature BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS neardup_bands (id INTEGER PRIMARY KEY, bands BLOB NOT NULL);
"""


_FETCH_MAX = 512  # ids a query asks for at most (a power of two)
_FETCH_SQL = {
    1 << k: f"SELECT id, key, meta, signature FROM neardup_docs WHERE id IN ({','.join('?' * (1 << k))})"
    for k in range(_FETCH_MAX.bit_length())
}


class SqliteNearDupStore:
    """Documents in SQLite; band table and signature sketches in memory (rebuilt when opened).

    The SQLite page cache is small (``cache_mb``): it fills as the crawl goes on, so a large one is memory
    that grows with the crawl, while lookups read a few rows the OS keeps cached anyway (at 100k
    documents, 4 MB instead of 32 MB: 33 MB less RSS, lookups 6% slower, bench/dedup.py).
    """

    def __init__(self, path: str | Path, *, bands: int, cache_mb: int = 4) -> None:
        self.path = Path(path)
        self.bands = bands
        self._db = open_database(self.path, _SCHEMA, timeout=10.0)
        self._db.execute(f"PRAGMA cache_size=-{int(cache_mb) * 1024}")
        self._in_transaction = False
        self.table = BandTable(bands)
        self.sketches: Sketches | None = None  # made with the first signature (its length)

    def load_params(self) -> dict[str, int] | None:
        rows = self._db.execute("SELECT name, value FROM neardup_params").fetchall()
        return dict(rows) if rows else None

    def save_params(self, params: Mapping[str, int]) -> None:
        self._begin()
        self._db.executemany("INSERT OR REPLACE INTO neardup_params VALUES (?, ?)", params.items())
        self.commit()

    def rebuild(self, chunk: int = 65536) -> None:
        """Fill the band table from the stored band hashes, and the sketches from the signatures."""
        total = self.count()
        ids = np.empty(total, dtype=np.uint32)
        hashes = np.empty((total, self.bands), dtype=np.uint32)
        filled = 0
        cursor = self._db.execute("SELECT id, bands FROM neardup_bands ORDER BY id")
        while rows := cursor.fetchmany(chunk):
            ids[filled : filled + len(rows)] = [row[0] for row in rows]
            blob = b"".join(row[1] for row in rows)
            hashes[filled : filled + len(rows)] = np.frombuffer(blob, dtype="<u4").reshape(len(rows), -1)
            filled += len(rows)
        self.table.load(ids[:filled], hashes[:filled])
        cursor = self._db.execute("SELECT id, signature FROM neardup_docs ORDER BY id")
        while rows := cursor.fetchmany(8192):  # a signature read costs ~1 KB until packed into 48 bytes
            sketches = self._sketches(len(rows[0][1]))
            signatures = np.frombuffer(b"".join(row[1] for row in rows), dtype="<u2").reshape(len(rows), -1)
            sketches.load(np.array([row[0] for row in rows]), sketches.pack(signatures))

    def _sketches(self, signature_bytes: int) -> Sketches:
        if self.sketches is None:
            self.sketches = Sketches(signature_bytes // 2)
        return self.sketches

    def reband(self, hasher: MinHasher, chunk: int = 16384) -> int:
        """Recompute every document's band hashes from its stored signature for ``hasher``'s bands and
        rows, and store its params, in one transaction: an index built with other bands (or the band
        hashes of before BAND_HASH_VERSION 2) opens without losing a document. Another process opening
        the index meanwhile waits (busy timeout), then finds it done. Returns the documents re-banded."""
        wanted = hasher.params()
        self._db.execute("BEGIN IMMEDIATE")
        try:
            if self.load_params() == wanted:
                self._db.execute("COMMIT")
                return 0
            self._db.execute("DELETE FROM neardup_bands")
            done = 0
            cursor = self._db.execute("SELECT id, signature FROM neardup_docs ORDER BY id")
            while rows := cursor.fetchmany(chunk):
                blob = b"".join(row[1] for row in rows)
                signatures = np.frombuffer(blob, dtype="<u2").reshape(len(rows), hasher.num_perm)
                bands = hasher.band_hashes(signatures).astype("<u4")
                self._db.executemany(
                    "INSERT INTO neardup_bands VALUES (?, ?)",
                    zip([row[0] for row in rows], [band.tobytes() for band in bands], strict=True),
                )
                done += len(rows)
            self._db.execute("DELETE FROM neardup_params")
            self._db.executemany("INSERT INTO neardup_params VALUES (?, ?)", wanted.items())
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return done

    def contains(self, key: str) -> bool:
        return self.doc_id(key) is not None

    def doc_id(self, key: str) -> int | None:
        row = self._db.execute("SELECT id FROM neardup_docs WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def add(self, key: str, meta_json: str, signature: bytes, band_hashes: np.ndarray) -> int | None:
        """Store one document; ``None`` when the key is already there (the first text stays)."""
        self._begin()
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO neardup_docs (key, meta, signature) VALUES (?, ?, ?)",
            (key, meta_json, signature),
        )
        if cursor.rowcount == 0:
            return None
        doc_id = cursor.lastrowid
        self._db.execute(
            "INSERT INTO neardup_bands VALUES (?, ?)", (doc_id, band_hashes.astype("<u4").tobytes())
        )
        self.table.add(doc_id, band_hashes)
        self._sketches(len(signature)).set(doc_id, signature)
        return doc_id

    def candidates(self, band_hashes: np.ndarray) -> set[int]:
        return self.table.candidates(band_hashes)

    def candidates_near(self, band_hashes: np.ndarray, signature: bytes, threshold: float) -> list[int]:
        """The candidates (sorted ids) whose sketch agrees with ``signature`` (compact) enough to match at
        ``threshold``: every candidate that can, read from memory instead of SQLite."""
        ids = self.table.candidate_ids(band_hashes)
        if self.sketches is not None:
            ids = self.sketches.agreeing(ids, signature, threshold)
        return ids.tolist()

    def fetch(self, doc_ids: Iterable[int]) -> list[tuple[int, str, str, bytes]]:
        """The stored rows of ``doc_ids`` (those still stored), each once.

        The ids go in as a list padded to a power of two (the last id repeated), so the connection
        prepares at most ten shapes of the query: one per count, as before, kept a prepared statement
        for each of up to 128 counts (``sqlite3``'s statement cache), SQLite memory that grew with the
        crawl until it held them all (~0.7 MB over a 50k-article crawl)."""
        ids = list(doc_ids)
        if not ids:
            return []
        found: list[tuple[int, str, str, bytes]] = []
        for start in range(0, len(ids), _FETCH_MAX):  # stay under SQLite's bound-parameter limit
            part = ids[start : start + _FETCH_MAX]
            part += part[-1:] * ((1 << (len(part) - 1).bit_length()) - len(part))
            found.extend(self._db.execute(_FETCH_SQL[len(part)], part).fetchall())
        return found

    def remove(self, keys: Iterable[str]) -> int:
        """Forget documents (a run's articles that were never delivered). Their ids may stay in the band
        table until it is next rebuilt: a candidate whose row is gone is never fetched, so never matched."""
        removed = 0
        self._begin()
        for key in keys:
            row = self._db.execute("DELETE FROM neardup_docs WHERE key = ? RETURNING id", (key,)).fetchone()
            if row is not None:
                self._db.execute("DELETE FROM neardup_bands WHERE id = ?", (row[0],))
                removed += 1
        self.commit()
        return removed

    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM neardup_bands").fetchone()[0]

    def commit(self) -> None:
        if self._in_transaction:
            self._db.execute("COMMIT")
            self._in_transaction = False

    def close(self) -> None:
        self.commit()
        self._db.close()

    def _begin(self) -> None:
        if not self._in_transaction:
            self._db.execute("BEGIN")
            self._in_transaction = True


# A text's MinHash signature and its LSH band hashes.
Hashed = tuple[np.ndarray, np.ndarray]


@dataclass
class NearDupStats:
    """What the index did, for the crawl stats."""

    added: int = 0
    already_known: int = 0
    skipped_short: int = 0
    queries: int = 0
    matched: int = 0


class NearDupIndex:
    """Finds stored documents whose text is a near-copy of a new one; persistent across restarts.

    ``path`` is the SQLite file (:func:`default_path` of the data folder); ``store`` replaces it with another
    :class:`NearDupStore`. Keys are canonical URLs; ``meta`` (JSON-serialisable, with ``portal``) comes
    back with each :class:`Match` so the caller can drop a copy within a portal and mark ``duplicateOf``
    across portals. Writes are committed every ``commit_every`` additions, or at the first addition
    ``commit_seconds`` after the last commit, and on :meth:`flush`/:meth:`close`: a hard kill loses at most
    that much. Between commits the SQLite write lock is held, so give the index its own file rather than
    one another store writes to. One thread at a time.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        num_perm: int = 128,
        shingle: int = 3,
        bands: int = DEFAULT_BANDS,
        rows: int = DEFAULT_ROWS,
        min_words: int = 20,
        seed: int = 1,
        commit_every: int = 100,
        commit_seconds: float = 5.0,
        store: NearDupStore | None = None,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        if min_words < 1:
            raise ValueError("min_words must be at least 1")
        self.threshold = threshold
        self.min_words = min_words
        self.commit_every = max(1, commit_every)
        self.commit_seconds = commit_seconds
        self._last_commit = time.monotonic()
        self.hasher = MinHasher(num_perm=num_perm, shingle=shingle, bands=bands, rows=rows, seed=seed)
        self.stats = NearDupStats()
        self._uncommitted = 0
        if store is None:
            if path is None:
                raise TypeError("NearDupIndex needs the path of its SQLite file or another store")
            sqlite_store = SqliteNearDupStore(path, bands=bands)
            self._check_params(sqlite_store)
            sqlite_store.rebuild()
            store = sqlite_store
        else:
            self._check_params(store)
        self.store = store

    def _check_params(self, store: NearDupStore) -> None:
        wanted = self.hasher.params()
        stored = store.load_params()
        if stored is None:
            store.save_params(wanted)
        elif stored != wanted:
            changed = {name for name in stored.keys() | wanted.keys() if stored.get(name) != wanted.get(name)}
            if changed <= _BANDING and self._adapt_banding(store, stored):
                return
            store.close()
            raise ValueError(f"index was built with {stored}, cannot open it with {wanted}")

    def _adapt_banding(self, store: NearDupStore, stored: Mapping[str, int]) -> bool:
        """Open an index whose signatures compare but whose LSH bands differ: a store that can re-band
        itself is re-banded; another one (Redis) keeps the bands it was built with, so it is found as
        before. False when neither can be done."""
        reband = getattr(store, "reband", None)
        if reband is not None:
            count = reband(self.hasher)
            logger.info(
                "near-duplicate index re-banded: %d documents, %s -> %s", count, stored, self.hasher.params()
            )
            return True
        if stored.get("bands") != getattr(store, "bands", None):
            return False
        wanted = self.hasher.params()
        self.hasher = MinHasher(
            num_perm=self.hasher.num_perm,
            shingle=self.hasher.shingle,
            bands=stored["bands"],
            rows=stored["rows"],
            seed=self.hasher.seed,
            band_hash=stored.get("band_hash", 1),
        )
        logger.warning(
            "near-duplicate index kept with the LSH bands it was built with (%s), as this store cannot "
            "re-band itself: fewer near-copies are found than with %s; empty it to build it anew",
            stored,
            wanted,
        )
        return True

    def __len__(self) -> int:
        return self.store.count()

    def __enter__(self) -> NearDupIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _hash(self, text: str) -> tuple[np.ndarray, np.ndarray] | None:
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        words = tokenize(text)
        if len(words) < self.min_words:
            self.stats.skipped_short += 1
            return None
        signature = self.hasher.signature(words)
        return signature, self.hasher.band_hashes(signature)

    def _matches(self, signature: np.ndarray, band_hashes: np.ndarray, exclude: str | None) -> list[Match]:
        self.stats.queries += 1
        compact = compact_signature(signature)
        near = getattr(self.store, "candidates_near", None)  # a store that can rule candidates out
        if near is not None:
            ids = near(band_hashes, compact, self.threshold)
        else:
            ids = sorted(self.store.candidates(band_hashes))
        return self._verified(compact, self.store.fetch(ids), exclude)

    def _verified(
        self, compact: bytes, rows: list[tuple[int, str, str, bytes]], exclude: str | None
    ) -> list[Match]:
        """The fetched candidates at least ``threshold`` similar, most similar first."""
        found = []
        for (doc_id, key, meta_json, _), similarity in zip(rows, similarities(compact, rows), strict=True):
            if similarity >= self.threshold and key != exclude:
                found.append(Match(key, similarity, json.loads(meta_json), doc_id))
        found.sort(key=lambda m: (-m.similarity, m.doc_id))
        if found:
            self.stats.matched += 1
        return found

    def query(self, text: str, *, exclude: str | None = None) -> list[Match]:
        """Stored documents at least ``threshold`` similar to ``text``, most similar first.

        A text shorter than ``min_words`` words matches nothing (counted in ``stats.skipped_short``).
        """
        hashed = self._hash(text)
        return [] if hashed is None else self._matches(*hashed, exclude)

    def doc_id(self, key: str) -> int | None:
        """The id ``key`` was stored under (ids grow with insertion), or None."""
        return self.store.doc_id(key)

    def hash_text(self, text: str) -> Hashed | None:
        """The MinHash of ``text`` (None when it is too short), for :meth:`query_hashed` and
        :meth:`add_hashed`: a caller that queries first and adds later hashes once."""
        return self._hash(text)

    def query_hashed(self, hashed: Hashed, *, exclude: str | None = None) -> list[Match]:
        """:meth:`query` for a text hashed with :meth:`hash_text`."""
        return self._matches(*hashed, exclude)

    def add_hashed(self, key: str, hashed: Hashed, meta: Mapping[str, Any] | None = None) -> bool:
        """:meth:`add` for a text hashed with :meth:`hash_text`."""
        return self._store(key, self._meta_json(key, meta), *hashed)

    def add_then_match_earlier(
        self, key: str, hashed: Hashed, meta: Mapping[str, Any] | None = None
    ) -> list[Match]:
        """Store ``key`` (unless it is stored already), then its matches among the documents stored before
        it (lower ids), most similar first. Of two near-copies added by two processes at once, each sees
        the other, and only the later one finds a match. A store with ``add_and_fetch_earlier`` does it in
        one step (the shared Redis index: one round trip instead of four, a second one only when a
        candidate is similar enough to match)."""
        signature, band_hashes = hashed
        meta_json = self._meta_json(key, meta)
        compact = compact_signature(signature)
        combined = getattr(self.store, "add_and_fetch_earlier", None)
        if combined is None:
            self._store(key, meta_json, signature, band_hashes)
            mine = self.store.doc_id(key)
            ids = sorted(i for i in self.store.candidates(band_hashes) if mine is None or i < mine)
            rows = self.store.fetch(ids)
        else:  # only the candidates similar enough come back: the others can never match
            added, rows = combined(key, meta_json, compact, band_hashes, self.threshold)
            self._added(added)
        self.stats.queries += 1
        return self._verified(compact, rows, key)

    def add(self, key: str, text: str, meta: Mapping[str, Any] | None = None) -> bool:
        """Store a document; False when it was skipped (too short) or the key is already stored."""
        meta_json = self._meta_json(key, meta)
        hashed = self._hash(text)
        return hashed is not None and self._store(key, meta_json, *hashed)

    def check_and_add(self, key: str, text: str, meta: Mapping[str, Any] | None = None) -> list[Match]:
        """The matches of ``text`` among the other stored keys, then store it (copies are stored too,
        so a later copy finds every earlier one; pick the lowest ``doc_id`` as the original)."""
        meta_json = self._meta_json(key, meta)
        hashed = self._hash(text)
        if hashed is None:
            return []
        found = self._matches(*hashed, key)
        self._store(key, meta_json, *hashed)
        return found

    def _store(self, key: str, meta_json: str, signature: np.ndarray, band_hashes: np.ndarray) -> bool:
        doc_id = self.store.add(key, meta_json, compact_signature(signature), band_hashes)
        return self._added(doc_id is not None)

    def _added(self, added: bool) -> bool:
        """Count an addition (or a key stored already); commit when a group is full or old enough."""
        if not added:
            self.stats.already_known += 1
            return False
        self.stats.added += 1
        self._uncommitted += 1
        if (
            self._uncommitted >= self.commit_every
            or time.monotonic() - self._last_commit >= self.commit_seconds
        ):
            self.flush()
        return True

    @staticmethod
    def _meta_json(key: str, meta: Mapping[str, Any] | None) -> str:
        if not isinstance(key, str) or not key.strip():
            raise ValueError(f"key must be a non-empty str, got {key!r}")
        try:
            return json.dumps(dict(meta or {}), ensure_ascii=False, sort_keys=True)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"meta must be JSON-serialisable: {exc}") from exc

    def remove(self, keys: Iterable[str]) -> int:
        """Forget the documents stored under ``keys``; how many were there. A store that cannot forget
        keeps them."""
        remover = getattr(self.store, "remove", None)
        if remover is None:
            return 0
        self.flush()
        return remover(keys)

    def flush(self) -> None:
        """Commit what was added so far."""
        self.store.commit()
        self._uncommitted = 0
        self._last_commit = time.monotonic()

    def close(self) -> None:
        self.flush()
        self.store.close()
