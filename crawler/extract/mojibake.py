"""Mojibake repair: UTF-8 text that was once read as windows-1252 (``SÃ¡rneczky``, ``â€œ``) put back.

Applied once, to the whole page, when ``crawler.extract.extract`` has its text (a crawl's page, a
benchmark's or a test's alike), so the headline, the metadata and the body all read the repaired text;
``Extraction.mojibake_runs`` says how many runs were put back (the crawl counts the page).

Each run is repaired on its own, so a paragraph that mixes real Latin text (``café``, ``Díli``) with a
garbled name still gets the name back. A run is a UTF-8 lead byte read as windows-1252 (``Â``-``ô``) and
exactly the continuation bytes that lead calls for (one after ``Â``-``ß``, two after ``à``-``ï``, three
after ``ð``-``ô``), each read the same way; a run that does not decode as UTF-8 is left as it is.
"""

from __future__ import annotations

import re

# a run in the text's UTF-8 bytes: its lead character (U+00C2-U+00F4) is 0xC3 0x82-0xB4, and the first
# continuation character opens with 0xC2 (U+0080-U+00BF), 0xC5, 0xC6, 0xCB (Œ ƒ ˆ …) or 0xE2 (€ ‘ ™ …);
# a search of the bytes for that (a literal 0xC3 first: a fast scan) rules out most pages at once, where
# the character-class search of the text reads every character in Python's regex engine
_RUN_BYTES = re.compile(b"\xc3[\x82-\xb4][\xc2\xc5\xc6\xcb\xe2]")
# windows-1252 reads the continuation bytes 0x80-0xBF as these characters (its five undefined bytes,
# 0x81 0x8D 0x8F 0x90 0x9D, come through as the C1 controls of the same number)
_CONTINUATION = "[\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]"
# a lead and up to three continuations; how many the lead calls for is checked on the match (one
# character class to start a search is several times quicker than an alternation of three)
_RUN = re.compile(f"[\u00c2-\u00f4]{_CONTINUATION}{{1,3}}")


def sloppy_cp1252(text: str) -> bytes:
    """``text`` as windows-1252 bytes; the C1 controls (what its undefined bytes decode to) as themselves."""
    return b"".join(bytes([ord(ch)]) if 0x80 <= ord(ch) <= 0x9F else ch.encode("cp1252") for ch in text)


def _continuations(lead: str) -> int:
    """How many continuation bytes the UTF-8 lead byte read as ``lead`` calls for."""
    code = ord(lead)
    return 1 if code <= 0xDF else 2 if code <= 0xEF else 3


def fix_mojibake(text: str) -> tuple[str, int]:
    """``text`` with each run of UTF-8-read-as-windows-1252 put back; the number of runs fixed."""
    fixed, runs, _ = fix_mojibake_utf8(text)
    return fixed, runs


def fix_mojibake_utf8(text: str) -> tuple[str, int, bytes | None]:
    """``fix_mojibake``, and the UTF-8 bytes of the text it returns when the check made them (a text
    with nothing to repair and no lone surrogate), for the parser to read instead of encoding again."""
    if text.isascii():
        return text, 0, None
    try:
        data: bytes | None = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: checked in their own encoding, nothing to hand on
        data = None
    raw = data if data is not None else text.encode("utf-8", "surrogatepass")
    # every run opens with the byte 0xC3: ``in`` finds it (or not) at memchr speed, where the pattern's
    # search steps through the bytes one at a time; most non-ASCII pages (Indonesian text with a ©, », –)
    # have no 0xC3 at all, no Latin-1 letter
    if b"\xc3" not in raw or _RUN_BYTES.search(raw) is None:
        return text, 0, data
    repaired, runs = _repair(text)
    return repaired, runs, None


def _repair(text: str) -> tuple[str, int]:
    """Every run put back, and how many."""
    fixed = 0

    def repair(match: re.Match[str]) -> str:
        nonlocal fixed
        found = match.group(0)
        size = 1 + _continuations(found[0])
        if len(found) < size:
            return found
        try:
            good = sloppy_cp1252(found[:size]).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return found
        fixed += 1
        return good + found[size:]

    return _RUN.sub(repair, text), fixed
