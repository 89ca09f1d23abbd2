"""In-memory part of the near-duplicate index: which documents share a band with a query, and a sketch of
each document's signature that rules most of them out before their signatures are read from SQLite.

:class:`BandTable`: per band, the document ids ordered by the top 16 bits of their band hash (a bucket),
with the offset of each bucket (3 bytes a document and band, 60 bytes a document at 20 bands, plus a fixed
5 MB of offsets), plus a small dict of recent additions that is merged in every ``merge_every``
documents. Sorted arrays instead of a dict of lists because a million documents times twenty bands as
Python objects would need gigabytes. A bucket holds every document whose band hash shares its top 16
bits: a superset of the documents with the same band hash (about n/65536 more a band, 15 at a million
documents), which the sketches rule out. An id takes 3 bytes while every id is below 2**24 (16.7 million
documents), else 4: the band table is most of what a crawl's memory grows by per article (issue 15,
item 7), and 4-byte ids spent 20 bytes a document on a byte that was always zero.

:class:`Sketches`: the low 3 bits of each value of a document's stored 16-bit signature (48 bytes a
document at 128 values). Two stored signatures equal on k values have sketches equal on at least those k,
so a candidate whose sketch agrees on fewer values than the threshold asks cannot match: ruled out
without reading it. Distinct stories (trigram Jaccard ~0.1) agree on about 128 x (0.1 + 0.9/8) = 27
values by chance (sd ~4.5), far from the 45 a threshold of 0.35 asks. Reading candidates' signatures
from SQLite cost ~1.4 µs each, and a templated portal's query meets hundreds (issue 15, item 2).

Neither is persisted: the store rebuilds both from the band hashes and signatures it keeps in SQLite.

Why merge every 1024 documents: the dict holds ~2.4 KB a document until the merge (a crawl's RSS carried
up to 10 MB of it at 4096), while a merge copies the sorted arrays: at a million documents an addition
costs ~47 µs with its share of the merges at 1024, ~24 µs at 4096 (an article's insert ~780 µs in all).
"""

from __future__ import annotations

import numpy as np

BUCKET_BITS = 16
_BUCKETS = 1 << BUCKET_BITS
_SHIFT = np.array(32 - BUCKET_BITS, dtype=np.uint32)  # 0-d: no scalar made an array a call
BITS = 3  # bits of each signature value a sketch keeps
GROW_ROWS = 16384  # documents the sketch table grows by at a time
RECENT_SKETCHES = 64  # packed sketches kept for the add that follows a lookup (more than items in flight)


ID3_LIMIT = 1 << 24  # ids below it take 3 bytes in the band table


def _buckets(values: np.ndarray) -> np.ndarray:
    return (np.asarray(values, dtype=np.uint32) >> _SHIFT).astype(np.intp)


def _sorted_unique(ids: np.ndarray) -> np.ndarray:
    """``np.unique(ids)``, sorting ``ids`` in place: numpy's hashes the values before it sorts them, which
    cost twice the sort and the mask for a query's few hundred candidates."""
    ids.sort()
    return ids[np.concatenate(([True], ids[1:] != ids[:-1]))]


def pack_ids(ids: np.ndarray, wide: bool) -> np.ndarray:
    """``ids`` (uint32) as uint32 when ``wide``, else as 3 little-endian bytes each in one flat uint8
    array (flat, so a slice of it concatenates as fast as a slice of uint32 does)."""
    ids = ids.astype("<u4", copy=False)
    if wide:
        return ids
    return ids.view(np.uint8).reshape(-1, 4)[:, :3].ravel()


def unpack_ids(packed: np.ndarray) -> np.ndarray:
    """The uint32 ids of :func:`pack_ids`'s array (or of slices of it, concatenated)."""
    if packed.dtype != np.uint8:
        return packed.astype(np.uint32, copy=False)
    full = np.zeros((len(packed) // 3, 4), dtype=np.uint8)
    full[:, :3] = packed.reshape(-1, 3)
    return full.view("<u4").ravel()


class BandTable:
    """Band hash -> document ids, for ``bands`` bands."""

    def __init__(self, bands: int, *, merge_every: int = 1024) -> None:
        if bands < 1:
            raise ValueError("bands must be at least 1")
        self.bands = bands
        self.merge_every = merge_every
        self._band_rows = np.arange(bands)
        # _offsets[band, b]: where bucket b starts in _ids[band]; the last column is the length
        self._offsets = np.zeros((bands, _BUCKETS + 1), dtype=np.uint32)
        # _bucket_bounds[band, b]: bucket b's start and end in _ids[band], a view of _offsets (which is
        # therefore only ever updated in place, never replaced)
        self._bucket_bounds = np.lib.stride_tricks.sliding_window_view(self._offsets, 2, axis=1)
        self._wide = False  # 4-byte ids, once one reaches ID3_LIMIT
        self._ids = [pack_ids(np.empty(0, dtype=np.uint32), False) for _ in range(bands)]
        self._pending: dict[int, list[int]] = {}
        self._pending_ids: list[int] = []
        self._pending_rows: list[np.ndarray] = []

    def __len__(self) -> int:
        return int(self._offsets[0, -1]) + len(self._pending_ids)

    def load(self, ids: np.ndarray, band_hashes: np.ndarray) -> None:
        """Bulk-load ``ids`` (n,) with their ``band_hashes`` (n, bands); replaces the table's content."""
        if band_hashes.ndim != 2 or band_hashes.shape != (len(ids), self.bands):
            raise ValueError(f"band_hashes must have shape ({len(ids)}, {self.bands})")
        self._pending.clear()
        self._pending_ids.clear()
        self._pending_rows.clear()
        ids = ids.astype(np.uint32, copy=False)
        self._wide = bool(len(ids)) and int(ids.max()) >= ID3_LIMIT
        for band in range(self.bands):
            buckets = _buckets(band_hashes[:, band])
            order = np.argsort(buckets, kind="stable")
            self._ids[band] = pack_ids(ids[order], self._wide)
            self._offsets[band, 1:] = np.cumsum(np.bincount(buckets, minlength=_BUCKETS), dtype=np.uint32)

    def add(self, doc_id: int, band_hashes: np.ndarray) -> None:
        """Add one document; ``band_hashes`` holds one uint32 per band."""
        for band, value in enumerate(band_hashes.tolist()):
            self._pending.setdefault((band << 32) | value, []).append(doc_id)
        self._pending_ids.append(doc_id)
        self._pending_rows.append(band_hashes)
        if len(self._pending_ids) >= self.merge_every:
            self.merge()

    def candidates(self, band_hashes: np.ndarray) -> set[int]:
        """Ids of the documents that share at least one band hash with ``band_hashes``, and of some that
        only share its bucket."""
        return set(self.candidate_ids(band_hashes).tolist())

    def candidate_ids(self, band_hashes: np.ndarray) -> np.ndarray:
        """:meth:`candidates` as a sorted array."""
        values = np.asarray(band_hashes, dtype=np.uint32)
        width = 1 if self._wide else 3  # array items an id
        bounds = (self._bucket_bounds[self._band_rows, _buckets(values)] * width).tolist()
        stored = [ids[start:end] for ids, (start, end) in zip(self._ids, bounds, strict=True) if end > start]
        parts = [unpack_ids(np.concatenate(stored))] if stored else []
        if self._pending:
            keys = [(band << 32) | value for band, value in enumerate(values.tolist())]
            if pending := [doc_id for key in keys for doc_id in self._pending.get(key, ())]:
                parts.append(np.array(pending, dtype=np.uint32))
        if not parts:
            return np.empty(0, dtype=np.uint32)
        return _sorted_unique(np.concatenate(parts))

    def merge(self) -> None:
        """Move the recent additions into the bucketed arrays, each at the end of its bucket."""
        if not self._pending_ids:
            return
        new_ids = np.asarray(self._pending_ids, dtype=np.uint32)
        if not self._wide and int(new_ids.max()) >= ID3_LIMIT:  # past 16.7 million: 4-byte ids
            self._wide = True
            self._ids = [unpack_ids(ids) for ids in self._ids]
        width = 1 if self._wide else 3
        new_ids = pack_ids(new_ids, self._wide).reshape(-1, width)
        rows = np.vstack(self._pending_rows).astype(np.uint32, copy=False)
        for band in range(self.bands):
            buckets = _buckets(rows[:, band])
            order = np.argsort(buckets, kind="stable")
            offsets = self._offsets[band]
            at = offsets[buckets[order] + 1].astype(np.intp)
            # each id's bytes at its place, in order (np.insert keeps the order of values at one index)
            self._ids[band] = np.insert(self._ids[band], np.repeat(at * width, width), new_ids[order].ravel())
            offsets[1:] += np.cumsum(np.bincount(buckets, minlength=_BUCKETS), dtype=np.uint32)
        self._pending.clear()
        self._pending_ids.clear()
        self._pending_rows.clear()

    def nbytes(self) -> int:
        """Bytes held by the bucketed arrays and their offsets (the pending dict not included)."""
        return sum(a.nbytes for a in self._ids) + self._offsets.nbytes


class Sketches:
    """The low ``bits`` bits (``BITS`` unless told) of each value of every document's stored signature, by
    document id, as bit planes: plane k holds bit k of every value, 64 values to a 64-bit word. Two sketches
    differ at a value where any plane differs, so one XOR and OR over the planes and a popcount compare
    them. More bits rule out more of the stories written to one template (chance agreement 1/2**bits)."""

    def __init__(self, values: int, bits: int = BITS) -> None:
        if values < 1:
            raise ValueError("a sketch needs at least one value")
        if not 1 <= bits <= 16:
            raise ValueError("a sketch keeps 1 to 16 bits of each value")
        self.values = values
        self.bits = bits
        self.plane_words = -(-values // 64)
        self.words = bits * self.plane_words
        self._rows = np.zeros((0, self.words), dtype=np.uint64)
        self._recent: dict[bytes, np.ndarray] = {}

    def pack(self, compact: bytes | np.ndarray) -> np.ndarray:
        """The sketch of a stored signature (``compact_signature``'s bytes, or several as rows).

        A new document's sketch is asked for twice, when it is looked up and when it is added: the last
        few signatures' sketches are kept, so each is packed once."""
        if isinstance(compact, bytes | bytearray):
            if (known := self._recent.get(compact)) is not None:
                return known
            packed = self._pack(np.frombuffer(compact, dtype="<u2"))
            packed.flags.writeable = False
            if len(self._recent) >= RECENT_SKETCHES:
                del self._recent[next(iter(self._recent))]
            self._recent[bytes(compact)] = packed
            return packed
        return self._pack(np.asarray(compact))

    def _pack(self, compact: np.ndarray) -> np.ndarray:
        shifts = np.arange(self.bits, dtype=compact.dtype)[:, None]
        bits = ((compact[..., None, :] >> shifts) & 1).astype(np.uint8)  # (..., bits, values)
        if padding := self.plane_words * 64 - compact.shape[-1]:
            bits = np.concatenate((bits, np.zeros((*bits.shape[:-1], padding), dtype=np.uint8)), axis=-1)
        planes = np.packbits(bits, axis=-1, bitorder="little")
        return np.ascontiguousarray(planes).view("<u8").reshape(*compact.shape[:-1], self.words)

    def set(self, doc_id: int, compact: bytes) -> None:
        self.load(np.array([doc_id]), self.pack(compact)[None, :])

    def load(self, ids: np.ndarray, sketches: np.ndarray) -> None:
        """Set the sketches of ``ids`` (rows of :meth:`pack`). The table grows ``GROW_ROWS`` rows at a
        time, not by a factor: what it holds beyond the last id stays under 1 MB however large it gets
        (a copy of the table per step: ~0.5 s in all for a million documents)."""
        if not len(ids):
            return
        top = int(ids.max()) + 1
        if top > len(self._rows):
            grown = np.zeros((-(-top // GROW_ROWS) * GROW_ROWS, self.words), dtype=np.uint64)
            grown[: len(self._rows)] = self._rows
            self._rows = grown
        self._rows[ids] = sketches

    def agreeing(self, ids: np.ndarray, compact: bytes, threshold: float) -> np.ndarray:
        """Those of ``ids`` whose sketch agrees with ``compact``'s on at least ``threshold`` of the values:
        every document whose stored signature does (and an id never set agrees by chance only)."""
        ids = ids[ids < len(self._rows)]
        if not len(ids):
            return ids
        planes = (self._rows[ids] ^ self.pack(compact)).reshape(len(ids), self.bits, self.plane_words)
        differ = planes[:, 0].copy()  # one bit a value that differs (an OR a plane: numpy's reduce over
        for bit in range(1, self.bits):  # this short middle axis took three times as long)
            differ |= planes[:, bit]
        equal = self.values - np.bitwise_count(differ).sum(axis=1, dtype=np.int64)
        return ids[equal / self.values >= threshold]

    def nbytes(self) -> int:
        return self._rows.nbytes
