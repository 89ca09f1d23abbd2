"""The one mojibake repair: the extractor's, on the whole page before it is parsed."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from crawler.extract import extract
from crawler.extract.mojibake import _CONTINUATION, fix_mojibake, sloppy_cp1252


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


# the definition of a run, written out: a lead and exactly the continuations it calls for
_EXACT_RUN = re.compile(
    f"[\u00c2-\u00df]{_CONTINUATION}|[\u00e0-\u00ef]{_CONTINUATION}{{2}}|[\u00f0-\u00f4]{_CONTINUATION}{{3}}"
)


def by_definition(text: str) -> tuple[str, int]:
    fixed = 0

    def repair(match: re.Match[str]) -> str:
        nonlocal fixed
        try:
            good = sloppy_cp1252(match.group(0)).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return match.group(0)
        fixed += 1
        return good

    return _EXACT_RUN.sub(repair, text), fixed


# leads, continuations (as windows-1252 shows them) and plain letters, mixed at random
_MIXED = st.text(
    st.sampled_from("aé \u00c2\u00c3\u00c5\u00df\u00e0\u00e2\u00ef\u00f0\u00f4\u00f5\x81\x9d€‚™œ¡©±¿"),
    max_size=30,
)


@given(_MIXED)
def test_the_repair_keeps_to_the_definition_of_a_run(text):
    assert fix_mojibake(text) == by_definition(text)


def test_the_page_is_repaired_once_before_it_is_parsed_and_the_runs_are_reported() -> None:
    body = "".join(
        f"<p>{garble(t)}</p>"
        for t in (
            "Pelatih Sárneczky memuji timnya setelah kemenangan “besar” di kandang lawan pada Sabtu malam.",
            "Menurut dia, para pemain bermain disiplin sejak menit pertama hingga peluit panjang berbunyi.",
        )
    )
    title = garble("Sárneczky puji timnya")
    html = f"<html><head><title>{title}</title></head><body><h1>x</h1>{body}</body></html>"
    extraction = extract(html.encode("utf-8"), "https://www.example.co.id/2025/06/18/sarneczky/")
    assert extraction.item.headline == "Sárneczky puji timnya"
    assert extraction.item.articleBody.startswith(
        "Pelatih Sárneczky memuji timnya setelah kemenangan “besar”"
    )
    assert extraction.mojibake_runs == 4  # á in the title and in the body, “ and ”
    assert extract("<html><body><p>Di café Díli.</p></body></html>", "https://x.id/a").mojibake_runs == 0
