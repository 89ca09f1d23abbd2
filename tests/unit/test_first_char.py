"""``crawler.extract.first_char.FirstCharUnion`` answers as its pattern does (``pattern.match(text) is not
None``), trying only the alternatives a text's first character can open: on the line checks' own union
(``clean._LINE_PATTERNS``) over body lines and the noise lines it is there to find, and on generated text
with the characters case folding joins to ASCII letters (``K`` KELVIN SIGN, ``ſ`` LONG S, ``İ``)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.extract.byline import BYLINE_LINE
from crawler.extract.clean import _LINE_PATTERNS
from crawler.extract.first_char import FirstCharUnion
from crawler.vocabulary import BOILERPLATE_LINE, PROMPT_OPENING

# the line checks that go through a FirstCharUnion
LINE_CHECKS = (_LINE_PATTERNS, BOILERPLATE_LINE, PROMPT_OPENING, BYLINE_LINE)

LINES = [
    "Kementerian Pertanian menargetkan pertumbuhan ekonomi 4,2% dengan inflasi terjaga.",
    "Baca Juga : Kedubes AS Minta Warganya Tinggalkan Ukraina",
    "Baca juga:",
    "BACA JUGA",
    "MIXADVERT JASAPRO",
    "• Mantan Petinggi Partai Komunis China Divonis Hukuman Mati",
    "Pilihan Editor: Bawaslu Bekasi Terima 7 Laporan Pelanggaran",
    "(Baca juga: Harga Emas Turun)",
    "Sumber: Antara",
    "Artikel ini telah tayang di Kompas.com dengan judul X",
    "Ikuti berita terkini dari kami di Google News",
    "Simak video pilihan berikut ini:",
    "2 dari 3 halaman",
    "#pemilu #jakarta",
    "- Advertisement -",
    "Scroll to continue with content",
    "© 2024 Kabar Kota. All rights reserved.",
    "Hak cipta dilindungi undang-undang",
    "Diperbarui 12 Januari 2024, 10:15 WIB",
    "Jakarta - Pemerintah menetapkan libur nasional.",
    "Penulis: Khairul Anwar",
    "Editor : Dewi",
    "Laporan wartawan Tribunnews, Budi",
    "Oleh Budi Santoso pada 26 Apr 2021, 07:00 WIB",
    "Budi Santoso, jurnalis Kabar Kota",
    "Follow us on Instagram",
    "Cek fakta: klaim itu keliru",
    "“Kami akan terus berupaya,” kata dia.",
    "\u212aontributor daerah melaporkan banjir.",  # KELVIN SIGN: 'k' to a case-blind match
    "ſimak juga videonya",  # LONG S: 's' to a case-blind match
    "İkuti kami",
    "",
    " ",
    "a",
    "A",
]


def test_the_line_checks_answer_as_their_patterns_on_body_and_noise_lines():
    for pattern in LINE_CHECKS:
        union = FirstCharUnion(pattern)
        for line in LINES:
            assert union.matches(line) == (pattern.match(line) is not None), (pattern.pattern[:40], line)


def test_the_line_union_is_split_by_first_character():
    # the parser's form understood: an ordinary sentence's capital opens few of the alternatives
    union = FirstCharUnion(_LINE_PATTERNS)
    assert set(union._by_first) == {chr(code) for code in range(128)}
    assert union._by_first["K"] is not None and union._by_first["Q"] is None


def test_an_alternation_in_a_group_is_split_with_what_follows_it():
    # ``^(?:baca|lihat)\b``: each word with the ``\b`` after it, so "Bacaan" opens none
    pattern = re.compile(r"^(?:baca|lihat)\b", re.IGNORECASE)
    union = FirstCharUnion(pattern)
    assert union._by_first["b"] is not union._by_first["l"]
    assert union._by_first["x"] is None
    for text in ("Baca juga", "Bacaan", "lihat", "Lihatlah", "baca", "x baca"):
        assert union.matches(text) == (pattern.match(text) is not None), text


_MIXED = re.compile(
    r"(?:^kata\b)|(?:^\d{1,3}\s+dari)|(?:\s*lihat)|(?:(?-i:Abc))|(?:^(?:x|yy)?z)|(?:(?<!q)m+n)"
    r"|(?x: ^ p \s q )",
    re.IGNORECASE,
)
_ALPHABET = st.sampled_from(
    [
        "k",
        "K",
        "\u212a",
        "ata",
        "a",
        "A",
        "bc",
        "Bc",
        "1",
        "23",
        " ",
        "\t",
        "dari",
        "lihat",
        "x",
        "yy",
        "z",
        "m",
        "n",
        "p",
        "q",
        "ſ",
        "s",
        "İ",
        "i",
        ".",
        "-",
        "\u00a0",
    ]
)


_UNIONS = [(pattern, FirstCharUnion(pattern)) for pattern in (_MIXED, *LINE_CHECKS)]


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=6).map("".join))
def test_generated_text_against_a_mixed_union(text):
    for pattern, union in _UNIONS:
        assert union.matches(text) == (pattern.match(text) is not None), text
