"""The shared near-duplicate index's documents as fixed-width records, and each worker's copy of them.

Every document of the Redis index has one record (``RecordLayout``): its id, its band hashes and a sketch
of its signature (``neardup_bands.Sketches``, ``SKETCH_BITS`` bits a value), at offset ``(id - 1) % SEGMENT``
records in the Redis string ``<prefix>:neardup:recs:<(id - 1) // SEGMENT>``. A record is written once, in
the script that gives the document its id, and never changes: so a worker keeps a copy of every record up
to some id (``Mirror``: a ``BandTable`` and the sketches), reads only the records added since (by every
worker, a few an article), and finds the candidates of a new document without Redis parsing any id list.

Why a record, not the band hash -> id lists of before: appending to a list stored as one string cost O(k)
a band and the script parsed every id of twenty lists a query, then read every candidate's signature:
candidates grow with the index (a templated demo story meets ~50 earlier ones at 2,000 articles, ~500 at
20,000), so Redis' single thread spent ~0.2 ms an article at 2,000 and ~2 ms at 20,000 on it. Now Redis
writes one record and copies a few out (a SETRANGE, a GETRANGE), whatever the index holds.

Why 4 sketch bits, not the SQLite store's 3: a templated demo story agrees with its candidates' signatures
on ~25% of the values; with 3 bits their sketches agree on ~34% by chance, and 1.6 candidates a query
(max 48, at 20,000 articles) passed a threshold of 0.35 and were read from Redis; with 4 bits 0.02 (max
4). 16 bytes more a document in each worker.

Why segments of 65,536 records: a Redis string holds at most 512 MB, and a longer string is moved more
often as it grows (by 1 MB at a time): ~9.7 MB a segment at 20 bands and 128 values.
"""

from __future__ import annotations

import numpy as np

from crawler.state.neardup_bands import BandTable, Sketches

SEGMENT = 1 << 16  # records a Redis string holds
SKETCH_BITS = 4


class RecordLayout:
    """How one document's record is laid out, for ``bands`` band hashes and signatures of ``values``."""

    def __init__(self, bands: int, values: int) -> None:
        self.bands = bands
        self.values = values
        self.sketches = Sketches(values, SKETCH_BITS)  # packs the sketch of a signature
        self.dtype = np.dtype(
            [("id", "<u4"), ("bands", "<u4", (bands,)), ("sketch", "<u8", (self.sketches.words,))]
        )
        self.width = self.dtype.itemsize

    def body(self, band_hashes: np.ndarray, sketch: np.ndarray) -> bytes:
        """A record without its id (the script that gives the id prepends it); ``sketch`` as
        ``Sketches.pack`` makes it."""
        return band_hashes.astype("<u4").tobytes() + sketch.astype("<u8").tobytes()

    def record(self, doc_id: int, body: bytes) -> bytes:
        return np.array([doc_id], dtype="<u4").tobytes() + body

    def unpack(self, data: bytes) -> np.ndarray:
        """The records in ``data`` (one after the other), but those never written (id 0)."""
        records = np.frombuffer(data, dtype=self.dtype, count=len(data) // self.width)
        return records[records["id"] != 0]

    def shares_band(self, data: bytes, band_hashes: np.ndarray) -> bool:
        """Whether the record in ``data`` has one of ``band_hashes`` in its band."""
        records = self.unpack(data)
        return bool(len(records)) and bool((records["bands"][0] == band_hashes).any())


class Mirror:
    """A worker's copy of the records of ids 1 .. ``top``, to find a document's candidates locally."""

    def __init__(self, layout: RecordLayout, state: str | None) -> None:
        self.layout = layout
        self.state = state  # the id of the records' state in Redis it copies
        self.top = 0
        self.table = BandTable(layout.bands)
        self.sketches = Sketches(layout.values, SKETCH_BITS)

    def absorb(self, data: bytes, through: int) -> None:
        """Take the records of ids ``top + 1 .. through`` (``data``: those of them written)."""
        records = self.layout.unpack(data) if data else ()
        if len(records):
            ids = records["id"].astype(np.uint32)
            if len(self.table) == 0 and len(records) > self.table.merge_every:  # a worker's first read
                self.table.load(ids, records["bands"])
            else:
                for doc_id, bands in zip(ids.tolist(), records["bands"], strict=True):
                    self.table.add(doc_id, bands)
            self.sketches.load(ids, records["sketch"])
        self.top = max(self.top, through)

    def add(self, doc_id: int, band_hashes: np.ndarray, sketch: np.ndarray) -> None:
        """Take the record of ``top + 1``, known without reading it (the worker's own document)."""
        self.table.add(doc_id, band_hashes)
        self.sketches.load(np.array([doc_id]), sketch[None, :])
        self.top = doc_id

    def near(self, band_hashes: np.ndarray, signature: bytes, threshold: float, below: int) -> np.ndarray:
        """Ids under ``below`` that may share a band with the query (a bucket of its band hashes) and whose
        sketch agrees enough to be ``threshold`` similar: every earlier document that can match, and a few
        more that share only a bucket (the caller checks their bands)."""
        ids = self.table.candidate_ids(band_hashes)
        ids = ids[ids < below]
        return self.sketches.agreeing(ids, signature, threshold) if len(ids) else ids
