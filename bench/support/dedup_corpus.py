"""Synthetic Indonesian-like news articles and their syndicated copies, for ``bench/dedup.py``.

Article ``i`` is always the same text: 250-350 words drawn from a Zipf-weighted vocabulary of real
Indonesian function and news words plus generated affixed words, leaning on one of ``topics`` topic
vocabularies (so distinct articles of one topic share many words), in sentences of 8-21 words and
paragraphs of two or three sentences, after a dateline (``JAKARTA, Warta -``) and closed by a reporter code
(``(abc)``), as a crawler may hand it over when its cleaning misses them.

A copy of it at an edit share (words replaced, inserted or removed, over the article's words) comes in two
styles:

- ``realistic``: how aggregators re-publish a story: another dateline (``Jakarta (ANTARA) -``) and reporter
  code, a new headline on top, one paragraph removed or one added (every other article), and the rest of
  the share reworded: single words swapped (synonyms; three edits in four) or a phrase of 2-4 words
  rewritten. Each edit is made only while the share allows it, so a 5% copy gets the dateline, code and
  headline and a few words, a 15% copy a paragraph as well;
- ``swaps``: the share of words replaced one by one at random places, nothing else: the worst case for
  word shingles (each swap breaks three trigrams), kept to compare with earlier figures.
"""

from __future__ import annotations

import numpy as np

SEED = 20221115

COMMON = [
    "yang",
    "dan",
    "di",
    "ini",
    "itu",
    "dengan",
    "untuk",
    "dari",
    "dalam",
    "tidak",
    "akan",
    "pada",
    "juga",
    "ke",
    "karena",
    "tersebut",
    "bisa",
    "ada",
    "mereka",
    "lebih",
    "kata",
    "sudah",
    "saat",
    "oleh",
    "menjadi",
    "harus",
    "telah",
    "hingga",
    "masih",
    "namun",
    "seperti",
    "sebagai",
    "kami",
    "kita",
    "dia",
    "ia",
    "atau",
    "para",
    "antara",
    "bahwa",
    "setelah",
    "sejak",
    "secara",
    "hal",
    "jika",
    "belum",
    "banyak",
    "baru",
    "tahun",
    "hari",
    "bulan",
    "pekan",
    "lalu",
    "ujar",
    "menurut",
    "katanya",
    "sementara",
    "selain",
    "terkait",
    "kepada",
    "tetapi",
    "pun",
    "agar",
    "maka",
    "bagi",
    "serta",
    "kemudian",
    "lagi",
    "hanya",
    "sangat",
    "pihak",
    "pemerintah",
    "presiden",
    "menteri",
    "warga",
    "masyarakat",
    "daerah",
    "kota",
    "provinsi",
    "kabupaten",
    "polisi",
    "negara",
    "indonesia",
    "jakarta",
    "rupiah",
    "persen",
    "ribu",
    "juta",
    "miliar",
    "triliun",
    "dolar",
    "ekonomi",
    "harga",
    "pasar",
    "bank",
    "kebijakan",
    "program",
    "anggaran",
    "rapat",
    "sidang",
    "kasus",
    "hukum",
    "pengadilan",
    "jaksa",
    "korban",
    "banjir",
    "gempa",
    "kebakaran",
    "jalan",
    "tol",
    "kereta",
    "bandara",
    "pelabuhan",
    "sekolah",
    "siswa",
    "guru",
    "rumah",
    "sakit",
    "dokter",
    "pasien",
    "vaksin",
    "kesehatan",
    "partai",
    "pemilu",
    "calon",
    "dukungan",
    "suara",
    "kampanye",
    "ketua",
    "anggota",
    "dewan",
    "perwakilan",
    "rakyat",
    "kepala",
    "dinas",
    "badan",
    "lembaga",
    "perusahaan",
    "karyawan",
    "produksi",
    "ekspor",
    "impor",
    "tim",
    "pemain",
    "pelatih",
    "laga",
    "gol",
    "pertandingan",
    "musim",
    "liga",
    "timnas",
    "kemenangan",
    "kekalahan",
]

ONSETS = [
    "b",
    "c",
    "d",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "w",
    "ng",
    "ny",
    "kr",
    "tr",
    "pr",
]
VOWELS = ["a", "i", "u", "e", "o", "a", "a", "i"]
CODAS = ["", "", "", "n", "ng", "r", "k", "t", "s", "h", "l", "m"]
PREFIXES = ["", "", "", "me", "mem", "men", "meng", "ber", "di", "ter", "pe", "pen", "ke", "se"]
SUFFIXES = ["", "", "", "", "kan", "an", "i", "nya", "lah"]


def build_vocabulary(size: int, rng: np.random.Generator) -> list[str]:
    """Common words first (the Zipf head), then generated affixed roots of two or three syllables."""
    words = list(dict.fromkeys(COMMON))
    seen = set(words)
    while len(words) < size:
        syllables = rng.integers(2, 4)
        root = "".join(
            ONSETS[rng.integers(len(ONSETS))]
            + VOWELS[rng.integers(len(VOWELS))]
            + CODAS[rng.integers(len(CODAS))]
            for _ in range(syllables)
        )
        word = PREFIXES[rng.integers(len(PREFIXES))] + root + SUFFIXES[rng.integers(len(SUFFIXES))]
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


CITIES = ["JAKARTA", "BANDUNG", "SURABAYA", "MEDAN", "MAKASSAR", "SEMARANG", "DENPASAR", "PALEMBANG"]
AGENCIES = ["ANTARA", "Kompas", "Tribun", "Detik", "Okezone"]
STYLES = ("realistic", "swaps")


class ArticleMaker:
    """Deterministic article ``i`` and its copies: the same words every time they are asked for."""

    def __init__(self, *, vocabulary: int, topics: int, topic_words: int = 80, topic_share: float = 0.3):
        rng = np.random.default_rng(SEED)
        self.vocab = np.array(build_vocabulary(vocabulary, rng), dtype=object)
        weights = 1.0 / np.arange(1, vocabulary + 1) ** 1.05
        self.cdf = np.cumsum(weights) / weights.sum()
        # topic words come from the middle of the frequency range: names, places, subjects
        self.topics = rng.integers(300, vocabulary, size=(topics, topic_words))
        self.topic_share = topic_share

    def draw(self, rng: np.random.Generator, count: int) -> np.ndarray:
        return np.minimum(np.searchsorted(self.cdf, rng.random(count)), len(self.cdf) - 1)

    def word_ids(self, i: int) -> np.ndarray:
        rng = np.random.default_rng((SEED, i))
        count = int(rng.integers(250, 351))
        ids = self.draw(rng, count)
        topic = self.topics[rng.integers(len(self.topics))]
        from_topic = rng.random(count) < self.topic_share
        ids[from_topic] = topic[rng.integers(len(topic), size=int(from_topic.sum()))]
        return ids

    def paragraphs(self, i: int, ids: np.ndarray) -> list[list[np.ndarray]]:
        """Article ``i``'s words cut into sentences of 8-21 words, two or three sentences a paragraph."""
        rng = np.random.default_rng((SEED, i, 1))
        sentences, start = [], 0
        while start < len(ids):
            length = 8 + (i + start * 7) % 14
            sentences.append(ids[start : start + length].copy())
            start += length
        paragraphs, at = [], 0
        while at < len(sentences):
            size = int(rng.integers(2, 4))
            paragraphs.append(sentences[at : at + size])
            at += size
        return paragraphs

    def render(
        self, paragraphs: list[list[np.ndarray]], dateline: str, code: str, headline: np.ndarray | None = None
    ) -> str:
        """Capitalised sentences, paragraphs apart, dateline first, reporter code last, headline on top."""
        body = "\n\n".join(
            " ".join(" ".join(self.vocab[sentence].tolist()).capitalize() + "." for sentence in paragraph)
            for paragraph in paragraphs
        )
        text = f"{dateline} {body} {code}"
        if headline is None:
            return text
        return " ".join(self.vocab[headline].tolist()).capitalize() + "\n\n" + text

    def original(self, i: int) -> str:
        return self.render(self.paragraphs(i, self.word_ids(i)), _dateline(i), _code(i))

    def copy(self, i: int, share: float, style: str = "realistic") -> str:
        """Article ``i`` with ``share`` of its words edited, in one of :data:`STYLES`."""
        ids = self.word_ids(i)
        rng = np.random.default_rng((SEED, i, round(share * 1000), STYLES.index(style)))
        budget = round(share * len(ids))
        if style == "swaps":
            ids = ids.copy()
            positions = rng.choice(len(ids), size=budget, replace=False)
            ids[positions] = self._other_words(rng, ids[positions])
            return self.render(self.paragraphs(i, ids), _dateline(i), _code(i))
        paragraphs = self.paragraphs(i, ids)
        agency = AGENCIES[i % len(AGENCIES)]
        dateline, code = f"{CITIES[i % len(CITIES)].title()} ({agency}) -", f"(xyz/{_code(i)[1:]}"
        budget -= 2  # words: the agency for the portal's name in the dateline, a code added
        headline = None
        if budget >= 6:
            headline = self.draw(rng, min(budget, int(rng.integers(6, 13))))
            budget -= len(headline)
        budget, added = self._paragraph_edit(i, paragraphs, budget, rng)
        sentences = [sentence for paragraph in paragraphs for sentence in paragraph if paragraph is not added]
        untouched = [np.ones(len(sentence), dtype=bool) for sentence in sentences]
        while budget > 0 and any(u.any() for u in untouched):  # each word once: the share is of words edited
            k = int(rng.integers(len(sentences)))
            run = min(budget, len(sentences[k]), 1 if rng.random() < 0.75 else int(rng.integers(2, 5)))
            start = int(rng.integers(len(sentences[k]) - run + 1))
            if untouched[k][start : start + run].all():
                span = slice(start, start + run)
                sentences[k][span] = self._other_words(rng, sentences[k][span])
                untouched[k][span] = False
                budget -= run
        return self.render(paragraphs, dateline, code, headline)

    def _paragraph_edit(
        self, i: int, paragraphs: list[list[np.ndarray]], budget: int, rng: np.random.Generator
    ) -> tuple[int, list[np.ndarray] | None]:
        """Remove the largest paragraph (not the lead) that fits ``budget`` (odd ``i``), or add one of
        two sentences (even ``i``); returns the budget left and the paragraph added."""
        if i % 2:
            sizes = {k: sum(len(s) for s in paragraphs[k]) for k in range(1, len(paragraphs))}
            fitting = [k for k, size in sizes.items() if size <= budget]
            if fitting:
                k = max(fitting, key=sizes.__getitem__)
                del paragraphs[k]
                budget -= sizes[k]
            return budget, None
        size = min(budget, int(rng.integers(20, 45)))
        if size < 8:
            return budget, None
        new = self.draw(rng, size)
        added = [new[: size // 2], new[size // 2 :]]
        paragraphs.insert(int(rng.integers(1, len(paragraphs) + 1)), added)
        return budget - size, added

    def _other_words(self, rng: np.random.Generator, ids: np.ndarray) -> np.ndarray:
        """As many words as ``ids``, each another word than the one it replaces."""
        replacement = self.draw(rng, len(ids))
        same = replacement == ids
        replacement[same] = (replacement[same] + 1) % len(self.vocab)
        return replacement


def _dateline(i: int) -> str:
    return f"{CITIES[i % len(CITIES)]}, Warta –"


def _code(i: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "(" + "".join(letters[(i // 26**k) % 26] for k in range(3)) + ")"
