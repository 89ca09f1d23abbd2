"""The vocabulary agrees with itself: what the cleaner removes, the leak monitor finds, and back.

Each sample is one paragraph a portal puts in an article body. The cleaner must remove it, the leak
monitor must flag its text, and every leak pattern must be met by some sample (so a marker added to one
side without the other fails here). Plus: the quick substring tests in front of the inline patterns
never say "no" to a line the pattern would change.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from crawler.extract import inserts, noise
from crawler.vocabulary import (
    CONTROLLED_LEAK_WORDS,
    INLINE_NOISE,
    LEAK_MARKERS,
    LEAK_PATTERNS,
    LEAK_START_WORDS,
    PARENTHESISED,
    RUN_ON_LABEL,
    leak_in,
    one_line,
)
from tests.unit.test_clean_body import P1, P2, body, paras

REMOVED = [
    # related-article inserts
    "Baca Juga: Harga Emas Naik Lagi",
    "Baca Juga :   IHSG Menguat di Awal Pekan",
    "(Baca juga: Menlu Bertemu Dubes Jepang)",
    "Lihat Juga: Harga Emas Hari Ini",
    "Simak Pula: Jadwal Mudik Lebaran",
    "Baca Selengkapnya: Rupiah Melemah",
    "Artikel Terkait",
    "BERITA TERKAIT",
    "Berita Lainnya",
    "Rekomendasi",
    "Pilihan Editor: Jokowi Resmikan Tol",
    "Selanjutnya: Harga Cabai Turun",
    "Rekomendasi: Tips Hemat Listrik",
    '• <a href="/2025/06/17/gempa/">Gempa Guncang Cianjur</a>',
    # ads, embeds, nags and widget debris
    "ADVERTISEMENT",
    "- Advertisement -",
    "SCROLL TO CONTINUE WITH CONTENT",
    "MIXADVERT JASAPRO",
    "Simak juga Video: Banjir di Kemang",
    "Lihat juga video: Detik-detik Gempa",
    "Lihat Video: Detik-detik Gempa",
    "Saksikan Live: Sidang Kabinet",
    "Tonton juga video: Banjir Rob",
    "[Gambas:Video 20detik]",
    "Cek Berita dan Artikel yang lain di Google News",
    "Ikuti Whatsapp Channel Republika",
    "Ikuti saluran Telegram kami",
    "Baca berita tanpa iklan. Gabung Kompas.com+",
    "Baca berita dengan sedikit iklan, klik di sini",
    "Gabung Kompas.com+ sekarang",
    "Scroll untuk melanjutkan membaca",
    "Scroll down untuk melanjutkan membaca",
    "2 dari 3 halaman",
    "Lanjutkan Membaca ↓",
    "View in Single Page",
    "Infografis COVID-19:",
    "#ChangeMaker with FIMELA",
    "#Jokowi #Pilpres #Politik",
    "Recommended by",
    "1 / 5",
    "Rating ( voters)",
    "Vote Photo",
    "More Photos",
    "Foto Lainnya",
    "Klik gambar untuk perbesar",
    "Diperbarui 26 Apr 2021, 07:00 WIB",
    "SCROLL TO RESUME CONTENT",
    "-----",
    "Perbesar",
    "View this post on Instagram",
    "Lihat postingan ini di Instagram",
    "A post shared by Raffi Ahmad (@raffinagita1717)",
    "Sebuah kiriman dibagikan oleh Raffi Ahmad (@raffinagita1717)",
    "Posted by Kementerian Pertanian on Friday, March 3, 2023",
    "Artikel ini merupakan bagian dari Lestari KG Media, sebuah inisiatif untuk akselerasi Tujuan "
    "Pembangunan Berkelanjutan. Selengkapnya",
    "A",
    "A<br>A<br>A",
    "Loading...",
    "zoom-in-whitePerbesar",
    "Halaman Selanjutnya »",
    "1 2 Halaman selanjutnya Tampilkan Semua",
    "Halaman: 1 2",
    "Copyright © 2025 JagatBisnis",
    "Dilarang mengambil konten ini tanpa izin",
    "Hak cipta dilindungi undang-undang",
    "#MCE_TEMP_URL#",
    "![]()",
    # syndication notices and follow prompts
    'Artikel ini telah tayang di Kompas.com dengan judul "Banjir Rob"',
    "sumber : Antara",
    "Dapatkan update berita terbaru di WhatsApp Channel Kompas.com",
    'Baca artikel detikfinance, "Harga Beras Naik Lagi" selengkapnya https://finance.detik.com/d-123',
]


def text_of(fragment: str) -> str:
    """The paragraph's visible text, lines kept (``<br>`` is a line break)."""
    root = lxml_html.fragment_fromstring(fragment.replace("<br>", "\n"), create_parent="p")
    return root.text_content()


@pytest.mark.parametrize("sample", REMOVED)
def test_the_cleaner_removes_it(sample):
    assert body(paras(P1, sample, P2)) == f"{P1}\n\n{P2}"


@pytest.mark.parametrize("sample", REMOVED)
def test_the_leak_monitor_flags_it(sample):
    assert leak_in(f"{P1}\n\n{text_of(sample)}\n\n{P2}") is not None


@pytest.mark.parametrize("pattern", LEAK_PATTERNS)
def test_every_leak_pattern_is_met_by_a_sample_the_cleaner_removes(pattern):
    compiled = re.compile(pattern, re.MULTILINE)
    assert any(compiled.search(text_of(sample).lower()) for sample in REMOVED), pattern


def test_the_leak_pattern_is_the_list_of_patterns():
    assert LEAK_MARKERS.pattern == "|".join(f"(?:{p})" for p in LEAK_PATTERNS)


def _literal_starts(items: list) -> list[str]:
    """The literal texts a parsed pattern can begin with, after its zero-width tests (``\\b``)."""
    from re import _constants as sre

    items = [item for item in items if item[0] is not sre.AT]
    op, arg = items[0]
    if op is sre.BRANCH:
        return [text for branch in arg[1] for text in _literal_starts(list(branch.data) + items[1:])]
    text = ""
    for op, arg in items:
        if op is not sre.LITERAL:
            break
        text += chr(arg)
    return [text]


def test_each_leak_pattern_begins_at_a_line_start_or_with_a_start_word():
    """``leak_in`` tries the anchored alternatives only at line starts and the others only where one of
    ``LEAK_START_WORDS`` begins: a pattern that could begin elsewhere would go unseen."""
    from re import _constants as sre
    from re import _parser

    for pattern in LEAK_PATTERNS:
        items = list(_parser.parse(pattern, re.MULTILINE).data)
        if pattern.startswith("^"):
            assert items[0] == (sre.AT, sre.AT_BEGINNING), pattern  # ``^`` on every path, not one branch
            continue
        for text in _literal_starts(items):
            assert text.startswith(LEAK_START_WORDS), (pattern, text)


@pytest.mark.parametrize(
    "text",
    [
        P1,
        "Pembahasan selanjutnya akan dilakukan pekan depan, kata Menteri.",
        "WhatsApp meluncurkan fitur baru untuk pengguna di Indonesia, Selasa (14/3).",
        "Sumber dana proyek berasal dari APBN, ujarnya.",
        "Harga naik 2 persen\n\n2024 menjadi tahun yang berat",
        "Ia berkata: simak\nvideo itu baik-baik",
    ],
)
def test_article_text_is_no_leak(text):
    assert leak_in(text) is None


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"^a\s+b$", r"^a[^\S\n]+b$"),
        (r"[^.]*\.", r"[^\n.]*\."),
        (r"\[\s*x[^\]]*\]", r"\[[^\S\n]*x[^\n\]]*\]"),
        (r"[\w .,-]{0,60}", r"[\w .,-]{0,60}"),
    ],
)
def test_one_line_keeps_a_pattern_on_one_line(pattern, expected):
    assert one_line(pattern) == expected


def test_one_line_refuses_a_class_it_cannot_confine():
    with pytest.raises(ValueError):
        one_line(r"[\s/]+")


def test_the_demo_crawl_words_are_leaks_the_cleaner_removes():
    for sample in REMOVED:
        text = text_of(sample)
        if CONTROLLED_LEAK_WORDS.search(text):
            assert leak_in(text) is not None, sample


# ---- the quick substring tests in front of the inline patterns -----------------------------------------
def _any_case(words: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(words).flatmap(
        lambda word: st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
            lambda flips: "".join(c.upper() if up else c for c, up in zip(word, flips, strict=True))
        )
    )


INLINE_SAMPLES = [
    "[Gambas:Video 20detik]",
    "[ gambas : x ]",
    "scroll to continue with content",
    "#mce_temp_url#",
    "![]()",
    "baca berita tanpa iklan.",
    "baca berita dengan sedikit iklan. gabung kompas.com+",
]
INSERT_SAMPLES = ["(baca juga: x)", "( lihat pula : x )", "baca juga: ", "lihatpula:"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20), _any_case(INLINE_SAMPLES), st.text(max_size=20))
def test_the_inline_noise_pre_check_never_misses_a_match(before, marker, after):
    line = before + marker + after
    if INLINE_NOISE.search(line):
        assert noise.may_hold_inline_noise(line, line.lower())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_the_inline_noise_pre_check_on_any_text(line):
    if INLINE_NOISE.search(line):
        assert noise.may_hold_inline_noise(line, line.lower())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20), _any_case(INSERT_SAMPLES), st.text(max_size=20))
def test_the_insert_pre_check_never_misses_a_match(before, marker, after):
    line = before + marker + after
    if PARENTHESISED.search(line) or RUN_ON_LABEL.search(line):
        assert inserts.may_hold_insert(line.lower())
