"""What a crawl has seen, in 11-21 bytes a key instead of the 90-250 a Python set of URLs or fingerprints
costs: the memory a long crawl grows by per article (issue 15, item 7).

:class:`SeenKeys` is a set of 64-bit keys in one open-addressing table (``array('Q')``, linear probing,
doubled at three quarters full); 0 marks an empty slot, so key 0 is stored as 1. :func:`text_key` and
:func:`bytes_key` make the key of a URL or of a request fingerprint. Two different URLs share a key with
probability about n²/2⁶⁵ (one in 30 million for a crawl of a million URLs), the price of the 8 bytes.
Pure: standard library only.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

_MASK = (1 << 64) - 1


def text_key(text: str) -> int:
    """A 64-bit key of a string, for this process (Python's keyed string hash: cached on the string)."""
    return hash(text) & _MASK


def bytes_key(fingerprint: bytes) -> int:
    """A 64-bit key of a digest (its first eight bytes: a digest is uniform already)."""
    return int.from_bytes(fingerprint[:8], "little")


class SeenKeys:
    """A set of 64-bit keys: ``add`` says whether a key is new."""

    def __init__(self, keys: Iterable[int] = ()) -> None:
        self._table = array("Q", [0]) * 64
        self._mask = 63
        self._count = 0
        for key in keys:
            self.add(key)

    def __len__(self) -> int:
        return self._count

    def __contains__(self, key: int) -> bool:
        key = key or 1
        table, mask = self._table, self._mask
        slot = key & mask
        while (held := table[slot]) != 0:
            if held == key:
                return True
            slot = (slot + 1) & mask
        return False

    def add(self, key: int) -> bool:
        """Add ``key``; True when it was not there yet."""
        key = key or 1
        table, mask = self._table, self._mask
        slot = key & mask
        while (held := table[slot]) != 0:
            if held == key:
                return False
            slot = (slot + 1) & mask
        table[slot] = key
        self._count += 1
        if self._count * 4 > mask * 3:  # three quarters full: ~2.5 probes to find a key, ~8 to miss
            self._grow()
        return True

    def _grow(self) -> None:
        old = self._table
        self._table = table = array("Q", [0]) * (2 * len(old))
        self._mask = mask = len(table) - 1
        for key in old:
            if key:
                slot = key & mask
                while table[slot]:
                    slot = (slot + 1) & mask
                table[slot] = key

    def nbytes(self) -> int:
        return len(self._table) * 8
