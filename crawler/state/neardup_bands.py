"""In-memory LSH band table: which documents share a band hash with a query.

Held as one sorted ``uint32`` array of band hashes per band, with the document ids alongside (8 bytes per
document and band: 160 MB for a million documents at 20 bands), plus a small dict of recent additions that
is merged into the sorted arrays every ``merge_every`` documents. Sorted arrays instead of a dict of lists
because a million documents times twenty bands as Python objects would need gigabytes. The table is not
persisted itself: the store rebuilds it from the band hashes it keeps in SQLite.

Why merge every 1024 documents: the dict holds ~2.4 KB a document until the merge (a crawl's RSS carried
up to 10 MB of it at 4096), while a merge copies the sorted arrays: at a million documents an addition
costs ~47 µs with its share of the merges at 1024, ~24 µs at 4096 (an article's insert ~780 µs in all).
"""

from __future__ import annotations

import numpy as np


class BandTable:
    """Band hash -> document ids, for ``bands`` bands."""

    def __init__(self, bands: int, *, merge_every: int = 1024) -> None:
        if bands < 1:
            raise ValueError("bands must be at least 1")
        self.bands = bands
        self.merge_every = merge_every
        self._hashes = [np.empty(0, dtype=np.uint32) for _ in range(bands)]
        self._ids = [np.empty(0, dtype=np.uint32) for _ in range(bands)]
        self._pending: dict[int, list[int]] = {}
        self._pending_ids: list[int] = []
        self._pending_rows: list[np.ndarray] = []

    def __len__(self) -> int:
        return len(self._hashes[0]) + len(self._pending_ids)

    def load(self, ids: np.ndarray, band_hashes: np.ndarray) -> None:
        """Bulk-load ``ids`` (n,) with their ``band_hashes`` (n, bands); replaces the table's content."""
        if band_hashes.ndim != 2 or band_hashes.shape != (len(ids), self.bands):
            raise ValueError(f"band_hashes must have shape ({len(ids)}, {self.bands})")
        self._pending.clear()
        self._pending_ids.clear()
        self._pending_rows.clear()
        ids = ids.astype(np.uint32, copy=False)
        for band in range(self.bands):
            column = np.ascontiguousarray(band_hashes[:, band], dtype=np.uint32)
            order = np.argsort(column, kind="stable")
            self._hashes[band] = column[order]
            self._ids[band] = ids[order]

    def add(self, doc_id: int, band_hashes: np.ndarray) -> None:
        """Add one document; ``band_hashes`` holds one uint32 per band."""
        for band, value in enumerate(band_hashes.tolist()):
            self._pending.setdefault((band << 32) | value, []).append(doc_id)
        self._pending_ids.append(doc_id)
        self._pending_rows.append(band_hashes)
        if len(self._pending_ids) >= self.merge_every:
            self.merge()

    def candidates(self, band_hashes: np.ndarray) -> set[int]:
        """Ids of the documents that share at least one band hash with ``band_hashes``."""
        found: set[int] = set()
        # numpy uint32 scalars, not Python ints: searchsorted would copy the whole array to int64 first
        for band, value in enumerate(np.asarray(band_hashes, dtype=np.uint32)):
            hashes = self._hashes[band]
            start = int(hashes.searchsorted(value))
            if start < len(hashes) and hashes[start] == value:
                end = int(hashes.searchsorted(value, side="right"))
                found.update(self._ids[band][start:end].tolist())
            pending = self._pending.get((band << 32) | int(value))
            if pending:
                found.update(pending)
        return found

    def merge(self) -> None:
        """Move the recent additions into the sorted arrays."""
        if not self._pending_ids:
            return
        new_ids = np.asarray(self._pending_ids, dtype=np.uint32)
        rows = np.vstack(self._pending_rows).astype(np.uint32, copy=False)
        for band in range(self.bands):
            column = rows[:, band]
            order = np.argsort(column, kind="stable")
            values = column[order]
            at = np.searchsorted(self._hashes[band], values, side="right")
            self._hashes[band] = np.insert(self._hashes[band], at, values)
            self._ids[band] = np.insert(self._ids[band], at, new_ids[order])
        self._pending.clear()
        self._pending_ids.clear()
        self._pending_rows.clear()

    def nbytes(self) -> int:
        """Bytes held by the sorted arrays (the pending dict not included)."""
        return sum(a.nbytes for a in self._hashes) + sum(a.nbytes for a in self._ids)
