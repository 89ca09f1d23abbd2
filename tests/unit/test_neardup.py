"""The near-duplicate index on real Indonesian news text: copies are found, other stories are not."""

from __future__ import annotations

import random
import re
import sqlite3
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.state.neardup import MinHasher, NearDupIndex, SqliteNearDupStore, default_path, tokenize
from crawler.state.neardup_bands import BandTable, Sketches

FIXTURES = Path(__file__).parents[1] / "fixtures"
ORIGINAL_URL = "https://jagatbisnis.com/2022/03/15/china-sebut-rusia-bersedia-adakan-pembicaraan-perdamaian/"


def seed_body() -> str:
    """The seed article's body paragraphs, without headline, inserts and ad label."""
    lines = FIXTURES.joinpath("seed-article.txt").read_text(encoding="utf-8").splitlines()
    paragraphs = [
        line
        for line in lines[1:]
        if line.strip() and not line.startswith("Baca Juga") and line.strip() != "MIXADVERT JASAPRO"
    ]
    return "\n\n".join(paragraphs)


def republished(body: str) -> str:
    """The same story on an aggregator: new dateline, new slug, headline on top, reporter code gone."""
    body = body.replace("JagatBisnis.com – ", "Jakarta (ANTARA) – ").replace(" (pia)", ".")
    return "China Sebut Rusia Bersedia Adakan Pembicaraan Perdamaian\n\n" + body + "\n\nsumber : Antara"


def lightly_edited(body: str) -> str:
    """An editor's pass: some words swapped, a sentence reworded, the last paragraph dropped."""
    edits = {
        "Pemerintah China memastikan mendukung": "Pemerintah Tiongkok menegaskan dukungannya pada",
        "telah lama direncanakan": "sudah lama dijadwalkan",
        "disambut kemarahan dari Beijing": "membuat Beijing marah",
        "Diberitakan The Guardian": "Seperti dilaporkan The Guardian",
        "China juga telah mengirim bantuan kemanusiaan ke Ukraina.": "Beijing juga sudah mengirim bantuan.",
    }
    for old, new in edits.items():
        assert old in body
        body = body.replace(old, new)
    return "\n\n".join(body.split("\n\n")[:-1])


# A different article on the same story, written for this test: same names and places, other sentences.
SAME_TOPIC = """\
Menteri Luar Negeri Ukraina Dmytro Kuleba mengatakan negaranya siap melanjutkan perundingan dengan
Rusia, namun menolak menyerahkan wilayah apa pun sebagai syarat gencatan senjata. Pernyataan itu
disampaikan di Kyiv, Selasa (15/3), sehari setelah putaran pembicaraan daring antara kedua delegasi
berakhir tanpa kesepakatan.

Kuleba menyebut Beijing memiliki pengaruh besar terhadap Moskwa dan berharap China menggunakan
pengaruh itu untuk menghentikan serangan. Ia juga meminta negara-negara Barat mempercepat pengiriman
bantuan pertahanan udara.

Sementara itu, juru bicara Kremlin Dmitry Peskov mengatakan Rusia belum melihat kemajuan berarti
dalam perundingan damai. Menurut dia, delegasi Rusia akan tetap bekerja, tetapi tuntutan Moskwa
tidak berubah.

Di Washington, Gedung Putih menyatakan Amerika Serikat (AS) terus memantau apakah China akan
memberikan dukungan militer atau ekonomi kepada Rusia. Pejabat AS memperingatkan akan ada
konsekuensi jika Beijing membantu Moskwa menghindari sanksi, dan menegaskan semua pihak harus
menghormati kedaulatan Ukraina.

Perserikatan Bangsa-Bangsa mencatat lebih dari tiga juta orang telah mengungsi dari Ukraina sejak
invasi dimulai pada 24 Februari. Badan pengungsi PBB menyebut sebagian besar pengungsi menyeberang
ke Polandia, Rumania, dan Moldova, sementara krisis kemanusiaan di kota-kota yang dikepung terus
memburuk.

Presiden Volodymyr Zelensky dalam pidato malamnya mengatakan posisi Ukraina dalam pembicaraan damai
kini lebih realistis, namun ia menegaskan bahwa keputusan akhir harus diterima rakyat Ukraina
melalui referendum."""


@pytest.fixture
def index(tmp_path: Path):
    idx = NearDupIndex(tmp_path / "state" / "neardup.sqlite")
    yield idx
    idx.close()


def test_republished_copy_with_new_slug_is_found(index: NearDupIndex) -> None:
    index.add(ORIGINAL_URL, seed_body(), {"portal": "jagatbisnis"})
    copy_url = "https://www.antaranews.com/berita/2771234/china-rusia-bersedia-berunding"
    matches = index.check_and_add(copy_url, republished(seed_body()), {"portal": "antaranews"})
    assert [m.key for m in matches] == [ORIGINAL_URL]
    assert matches[0].portal == "jagatbisnis"
    assert matches[0].similarity > 0.8


def test_lightly_edited_copy_is_found(index: NearDupIndex) -> None:
    index.add(ORIGINAL_URL, seed_body(), {"portal": "jagatbisnis"})
    matches = index.query(lightly_edited(seed_body()))
    assert [m.key for m in matches] == [ORIGINAL_URL]
    assert index.threshold <= matches[0].similarity < 1.0


def test_other_article_on_the_same_topic_is_not_a_duplicate(index: NearDupIndex) -> None:
    index.add(ORIGINAL_URL, seed_body(), {"portal": "jagatbisnis"})
    # the two share the topic words (China, Rusia, Ukraina, AS, pembicaraan damai) ...
    shared = set(tokenize(SAME_TOPIC)) & set(tokenize(seed_body()))
    assert {"china", "rusia", "ukraina", "beijing", "damai"} <= shared
    # ... but not the story
    assert index.query(SAME_TOPIC) == []
    assert index.check_and_add("https://www.kompas.com/global/read/2022/03/15/kuleba", SAME_TOPIC) == []


def test_estimate_follows_the_exact_trigram_jaccard() -> None:
    hasher = MinHasher(num_perm=256)
    words = tokenize(seed_body())
    rng = random.Random(7)

    def trigrams(ws: list[str]) -> set[tuple[str, ...]]:
        return {tuple(ws[i : i + 3]) for i in range(len(ws) - 2)}

    for share in (0.02, 0.1, 0.25):
        edited = list(words)
        for position in rng.sample(range(len(words)), int(share * len(words))):
            edited[position] = f"kata{rng.randrange(10**6)}"
        exact = len(trigrams(words) & trigrams(edited)) / len(trigrams(words) | trigrams(edited))
        estimate = float(np.mean(hasher.signature(words) == hasher.signature(edited)))
        assert abs(estimate - exact) < 0.1, (share, exact, estimate)


def test_the_first_copy_is_reported_as_the_original(index: NearDupIndex) -> None:
    index.add(ORIGINAL_URL, seed_body(), {"portal": "jagatbisnis"})
    index.add(
        "https://jagatbisnis.com/2022/03/16/china-rusia-berunding/",
        republished(seed_body()),
        {"portal": "jagatbisnis"},
    )
    matches = index.query(lightly_edited(seed_body()))
    assert len(matches) == 2
    assert min(matches, key=lambda m: m.doc_id).key == ORIGINAL_URL
    assert matches[0].similarity >= matches[1].similarity


def test_state_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "neardup.sqlite"
    with NearDupIndex(path) as first:
        first.add(ORIGINAL_URL, seed_body(), {"portal": "jagatbisnis", "headline": "China Sebut Rusia …"})
        first.add("https://www.kompas.com/global/read/2022/03/15/kuleba", SAME_TOPIC, {"portal": "kompas"})
    with NearDupIndex(path) as second:
        assert len(second) == 2
        matches = second.query(republished(seed_body()))
        assert [m.key for m in matches] == [ORIGINAL_URL]
        assert matches[0].meta == {"portal": "jagatbisnis", "headline": "China Sebut Rusia …"}
        # the first text stays under its key
        assert second.add(ORIGINAL_URL, SAME_TOPIC, {"portal": "jagatbisnis"}) is False
        assert second.stats.already_known == 1


def test_uncommitted_additions_are_visible_before_the_commit(tmp_path: Path) -> None:
    with NearDupIndex(tmp_path / "n.sqlite", commit_every=1000, commit_seconds=3600) as idx:
        idx.add(ORIGINAL_URL, seed_body())
        assert [m.key for m in idx.query(republished(seed_body()))] == [ORIGINAL_URL]
        rows = sqlite3.connect(tmp_path / "n.sqlite").execute("SELECT count(*) FROM neardup_docs").fetchone()
        assert rows == (0,)  # not yet durable for other readers
        idx.flush()
        rows = sqlite3.connect(tmp_path / "n.sqlite").execute("SELECT count(*) FROM neardup_docs").fetchone()
        assert rows == (1,)


def test_commit_seconds_zero_makes_every_addition_durable(tmp_path: Path) -> None:
    with NearDupIndex(tmp_path / "n.sqlite", commit_every=1000, commit_seconds=0) as idx:
        idx.add(ORIGINAL_URL, seed_body())
        other = sqlite3.connect(tmp_path / "n.sqlite")
        assert other.execute("SELECT key FROM neardup_docs").fetchall() == [(ORIGINAL_URL,)]
        other.close()


def test_reopening_with_other_hash_parameters_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite"
    NearDupIndex(path).close()
    with pytest.raises(ValueError, match="built with"):
        NearDupIndex(path, shingle=2)
    # the threshold is not part of the stored state: it can change between runs
    NearDupIndex(path, threshold=0.8).close()


@pytest.mark.parametrize("text", ["", "   \n\n  ", "Baca Juga: Rusia Serang Ukraina", "(pia)"])
def test_empty_or_tiny_text_is_skipped_and_counted(index: NearDupIndex, text: str) -> None:
    index.add(ORIGINAL_URL, seed_body())
    assert index.query(text) == []
    assert index.add("https://jagatbisnis.com/2022/03/15/kosong/", text) is False
    assert index.check_and_add("https://jagatbisnis.com/2022/03/15/kosong/", text) == []
    assert index.stats.skipped_short == 3
    assert len(index) == 1


def test_bad_arguments_get_clear_errors(index: NearDupIndex) -> None:
    with pytest.raises(TypeError, match="text must be a str"):
        index.add(ORIGINAL_URL, None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="key"):
        index.add("", seed_body())
    with pytest.raises(TypeError, match="JSON"):
        index.add(ORIGINAL_URL, seed_body(), {"portal": object()})
    with pytest.raises(ValueError, match="threshold"):
        NearDupIndex(store=None, threshold=0)
    assert len(index) == 0


def test_default_path_is_under_the_data_folder(tmp_path: Path) -> None:
    assert default_path(tmp_path) == tmp_path / "state" / "neardup.sqlite"


def test_an_index_without_a_path_or_a_store_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match="path"):
        NearDupIndex()


def test_band_table_finds_entries_before_and_after_merges() -> None:
    rng = np.random.default_rng(3)
    rows = rng.integers(0, 2**32, size=(50, 4), dtype=np.uint32)
    rows[17, 2] = rows[3, 2]  # two documents sharing one band
    table = BandTable(4, merge_every=8)
    for doc_id, row in enumerate(rows):
        table.add(doc_id, row)
    assert len(table) == 50
    for doc_id in (0, 3, 17, 41, 49):  # merged and still pending ones
        assert doc_id in table.candidates(rows[doc_id])
    assert {3, 17} <= table.candidates(rows[3])
    table.merge()
    assert {3, 17} <= table.candidates(rows[17])


@pytest.mark.parametrize("merge_every", [1, 7, 1024])
def test_band_table_candidates_are_every_shared_band_and_only_shared_buckets(merge_every) -> None:
    """A bucket (top 16 bits of a band hash) may bring documents whose band hash only shares it, never
    lose one that shares the hash: whether pending, merged, or loaded in bulk."""
    rng = np.random.default_rng(11)
    rows = rng.integers(0, 2**32, size=(3000, 5), dtype=np.uint32)
    rows[::7, 1] = rows[0, 1]  # a crowded band hash
    rows[5::11, 3] = (rows[5, 3] & 0xFFFF0000) | rng.integers(0, 2**16, size=len(rows[5::11]))  # one bucket
    table = BandTable(5, merge_every=merge_every)
    for doc_id, row in enumerate(rows, start=1):
        table.add(doc_id, row)
    loaded = BandTable(5)
    loaded.load(np.arange(1, len(rows) + 1), rows)
    for query in [*rng.choice(len(rows), 60, replace=False).tolist(), 0, 5]:
        shares_hash = {i + 1 for i in np.flatnonzero((rows == rows[query]).any(axis=1)).tolist()}
        shares_bucket = {i + 1 for i in np.flatnonzero(((rows >> 16) == (rows[query] >> 16)).any(axis=1))}
        for found in (table.candidates(rows[query]), loaded.candidates(rows[query])):
            assert shares_hash <= found <= shares_bucket


def test_band_table_keeps_ids_in_three_bytes_until_one_reaches_two_to_the_24() -> None:
    """3 bytes a document and band while the ids fit (the memory a crawl grows by), 4 once one does not:
    the ids found are the same either side of the switch, added one by one or loaded in bulk."""
    rng = np.random.default_rng(7)
    rows = rng.integers(0, 2**32, size=(40, 3), dtype=np.uint32)
    rows[1::2, 1] = rows[0, 1]  # every odd document shares band 1 with document 0
    ids = np.arange(2**24 - 20, 2**24 + 20, dtype=np.uint32)
    small = BandTable(3, merge_every=4)
    for doc_id, row in zip(range(1, 21), rows[:20], strict=True):
        small.add(doc_id, row)
    small.merge()
    offsets = small._offsets.nbytes
    assert small.nbytes() - offsets == 20 * 3 * 3
    added, loaded = BandTable(3, merge_every=4), BandTable(3)
    for doc_id, row in zip(ids.tolist(), rows, strict=True):
        added.add(doc_id, row)
    loaded.load(ids, rows)
    added.merge()
    assert added.nbytes() - offsets == loaded.nbytes() - offsets == 40 * 3 * 4
    expected = {int(ids[0])} | {int(i) for i in ids[1::2]}
    for table in (added, loaded):
        assert table.candidates(rows[0]) >= expected
        assert table.candidates(rows[0]) <= expected | {int(i) for i in ids}
        for doc_id, row in zip(ids.tolist(), rows, strict=True):
            assert doc_id in table.candidates(row)


@pytest.mark.parametrize(("values", "bits"), [(128, 3), (100, 3), (128, 4), (100, 4)])
def test_sketches_keep_every_document_whose_signature_agrees_enough(values, bits) -> None:
    """The 3-bit (the SQLite store's) or 4-bit (the Redis store's) sketch agrees wherever the stored 16-bit
    values do: no document that can match is ruled out, while documents agreeing by chance mostly are."""
    rng = np.random.default_rng(5)
    query = rng.integers(0, 2**16, size=values, dtype=np.uint16)
    stored = rng.integers(0, 2**16, size=(400, values), dtype=np.uint16)
    for i, shared in enumerate(rng.integers(values // 4, values // 2, size=200)):  # half agree on some
        where = rng.choice(values, int(shared), replace=False)
        stored[i, where] = query[where]
    sketches = Sketches(values, bits)
    ids = np.arange(1, 401)
    sketches.load(ids, sketches.pack(stored))
    for threshold in (0.3, 0.35, 0.4):
        kept = set(sketches.agreeing(ids, query.astype("<u2").tobytes(), threshold).tolist())
        can_match = {i + 1 for i in range(400) if (stored[i] == query).mean() >= threshold}
        assert can_match <= kept
        assert len(kept & set(range(201, 401))) <= 2  # unrelated: ~1 value in 8 agrees by chance


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_tokenize_finds_the_words_the_word_pattern_finds(text: str) -> None:
    """Splitting on everything but word characters finds what ``\\w+`` finds, in any script."""
    normalized = unicodedata.normalize("NFKC", text).lower()
    assert tokenize(text) == re.findall(r"\w+", normalized)


def test_four_sketch_bits_rule_out_the_stories_of_one_template_that_three_keep() -> None:
    """Stories written to one template agree on ~25% of their values: by chance their 3-bit sketches agree
    on ~34%, and many pass a threshold of 0.35; 4-bit sketches agree on ~30%, and few do."""
    rng = np.random.default_rng(11)
    query = rng.integers(0, 2**16, size=128, dtype=np.uint16)
    stored = rng.integers(0, 2**16, size=(400, 128), dtype=np.uint16)
    for row in stored:
        where = rng.choice(128, 32, replace=False)
        row[where] = query[where]
    ids = np.arange(1, 401)
    kept = {}
    for bits in (3, 4):
        sketches = Sketches(128, bits)
        sketches.load(ids, sketches.pack(stored))
        kept[bits] = len(sketches.agreeing(ids, query.astype("<u2").tobytes(), 0.35))
    assert kept[3] > 40 and kept[4] < 10, kept


def test_a_sketch_is_the_same_packed_once_or_again() -> None:
    """The sketch kept for the addition after a lookup is the one packed from the signature."""
    rng = np.random.default_rng(9)
    sketches = Sketches(128)
    rows = rng.integers(0, 2**16, size=(80, 128), dtype=np.uint16)
    packed = sketches.pack(rows)
    for row, expected in zip(rows, packed, strict=True):
        compact = row.astype("<u2").tobytes()
        assert np.array_equal(sketches.pack(compact), expected)
        assert np.array_equal(sketches.pack(compact), expected)  # the kept one


class DictStore:
    """A store kept in plain dicts: shows the index needs nothing beyond the NearDupStore methods."""

    def __init__(self) -> None:
        self.params: dict[str, int] | None = None
        self.docs: dict[int, tuple[str, str, bytes]] = {}
        self.by_key: dict[str, int] = {}
        self.buckets: dict[tuple[int, int], set[int]] = {}
        self.commits = 0

    def load_params(self):
        return self.params

    def save_params(self, params):
        self.params = dict(params)

    def contains(self, key):
        return key in self.by_key

    def doc_id(self, key):
        return self.by_key.get(key)

    def add(self, key, meta_json, signature, band_hashes):
        if key in self.by_key:
            return None
        doc_id = len(self.docs) + 1
        self.docs[doc_id] = (key, meta_json, signature)
        self.by_key[key] = doc_id
        for band, value in enumerate(band_hashes.tolist()):
            self.buckets.setdefault((band, value), set()).add(doc_id)
        return doc_id

    def candidates(self, band_hashes):
        found: set[int] = set()
        for band, value in enumerate(band_hashes.tolist()):
            found |= self.buckets.get((band, value), set())
        return found

    def fetch(self, doc_ids):
        return [(i, *self.docs[i]) for i in doc_ids]

    def count(self):
        return len(self.docs)

    def commit(self):
        self.commits += 1

    def close(self):
        pass


def test_another_store_behind_the_same_interface() -> None:
    store = DictStore()
    index = NearDupIndex(store=store, commit_every=2)
    index.add(ORIGINAL_URL, seed_body(), {"portal": "jagatbisnis"})
    index.add("https://www.kompas.com/global/read/2022/03/15/kuleba", SAME_TOPIC, {"portal": "kompas"})
    assert store.commits == 1
    assert [m.key for m in index.query(republished(seed_body()))] == [ORIGINAL_URL]
    assert [m.key for m in index.query(lightly_edited(seed_body()))] == [ORIGINAL_URL]
    assert store.params is not None and store.params["shingle"] == 3


def test_the_sqlite_store_finds_what_a_store_without_sketches_finds(tmp_path: Path) -> None:
    """Bucketed bands and signature sketches only spare reads: on templated stories (many shared band
    hashes) and their edited copies, the SQLite index, fresh and reopened, matches exactly what a store
    that reads every candidate sharing a band hash matches."""
    rng = random.Random(7)
    stock = [f"kalimat baku nomor {n} tentang harga pangan di pasar induk kota" for n in range(40)]
    words = [f"kata{n}" for n in range(3000)]

    def story() -> str:
        template = rng.sample(stock, 6)
        own = [" ".join(rng.choices(words, k=12)) for _ in range(rng.randint(1, 5))]
        return "\n\n".join(template + own)

    texts = [story() for _ in range(300)]
    queries = [t.replace("kata", "kata-", rng.randint(0, 4)) for t in texts[:80]] + [
        story() for _ in range(40)
    ]
    sqlite_index = NearDupIndex(tmp_path / "n.sqlite", commit_every=50)
    plain_index = NearDupIndex(store=DictStore())
    for n, text in enumerate(texts):
        for index in (sqlite_index, plain_index):
            index.add(f"https://x.test/{n}/", text, {"portal": "x"})
    expected = [[(m.key, m.similarity) for m in plain_index.query(q)] for q in queries]
    assert sum(map(len, expected)) > 80
    assert [[(m.key, m.similarity) for m in sqlite_index.query(q)] for q in queries] == expected
    sqlite_index.close()
    reopened = NearDupIndex(tmp_path / "n.sqlite")
    assert [[(m.key, m.similarity) for m in reopened.query(q)] for q in queries] == expected
    reopened.close()


def test_the_sqlite_store_fetches_any_number_of_ids_each_row_once(tmp_path: Path) -> None:
    """Candidates are read with the ids padded to a power of two (a few query shapes, so a few prepared
    statements, whatever the candidate counts): every stored id asked for comes back once, in chunks
    past the largest shape too; ids not stored are left out."""
    store = SqliteNearDupStore(tmp_path / "n.sqlite", bands=2)
    signature = bytes(range(8))
    ids = [
        store.add(f"https://x.test/{n}/", "{}", signature, np.array([n, n], dtype=np.uint32))
        for n in range(700)
    ]
    store.commit()
    for count in (1, 2, 3, 5, 17, 500, 513, 700):
        asked = ids[-count:]
        rows = store.fetch(asked)
        assert sorted(row[0] for row in rows) == sorted(asked)
        assert {row[1] for row in rows} == {f"https://x.test/{doc_id - 1}/" for doc_id in asked}
    assert store.fetch([]) == []
    assert [row[0] for row in store.fetch([ids[3], 10_000])] == [ids[3]]
    store.close()
