"""The one mojibake repair, shared by the charset middleware and the body cleaner."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crawler.extract.mojibake import fix_mojibake, sloppy_cp1252


def garble(text: str) -> str:
    """``text`` as a browser shows its UTF-8 bytes read as windows-1252."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


def test_a_garbled_name_in_otherwise_real_latin_text_is_put_back():
    # the whole line does not round-trip (``café`` is real): only the garbled run is repaired
    fixed, count = fix_mojibake("Di café Díli, pelatih SÃ¡rneczky memuji timnya.")
    assert (fixed, count) == ("Di café Díli, pelatih Sárneczky memuji timnya.", 1)


def test_a_run_followed_by_a_real_quote_keeps_the_quote():
    # ``’`` is also what windows-1252 makes of a continuation byte: it must not be read into the run
    assert fix_mojibake("SÃ¡rneczky’s") == ("Sárneczky’s", 1)


def test_ascii_and_real_text_are_left_alone():
    for text in ("Harga emas naik 2%.", "Ibu kota Timor Leste, Díli; café “Señor” — 100°C"):
        assert fix_mojibake(text) == (text, 0)


def test_three_and_four_byte_characters_come_back():
    text = "Rapat “tertutup” — ditunda 😀"
    assert fix_mojibake(garble(text))[0] == text


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_any_garbled_text_is_put_back(text):
    assert fix_mojibake(garble(text))[0] == text


@given(st.text(st.characters(min_codepoint=0x80, max_codepoint=0x9F), max_size=5))
def test_c1_controls_stand_for_their_own_byte(text):
    assert sloppy_cp1252(text) == bytes(ord(ch) for ch in text)
